//! ElastiCache engines (Redis OSS and Valkey): versions and node types.
//!
//! Versions are the `major.minor` spellings Terraform's `engine_version` accepts for
//! node-based clusters, newest first. Redis OSS 4 and 5 are left out because their
//! standard support ended on 2026-01-31; AWS now steers new Redis-compatible caches to
//! Valkey, which is why Valkey is the engine with the newer versions.
//!
//! Sources (checked late 2026): ElastiCache User Guide, "Engine versions and upgrading"
//! and "Supported node types" pages; `describe-cache-parameter-groups` family names
//! (`redis6.x`, `redis7`, `valkey7`, `valkey8`, `valkey9`).

use std::fmt;

use super::{join_or, split_class};

/// A Redis-compatible engine ElastiCache can run.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CacheEngine {
    /// Redis OSS, frozen at 7.1 on ElastiCache after the Redis licence change.
    Redis,
    /// Valkey, the open-source Redis fork AWS develops new ElastiCache features on.
    Valkey,
}

const REDIS_VERSIONS: &[&str] = &["7.1", "7.0", "6.2"];
const VALKEY_VERSIONS: &[&str] = &["9.1", "9.0", "8.2", "8.1", "8.0", "7.2"];

const BURSTABLE_SIZES: &[&str] = &["micro", "small", "medium"];
const NITRO5_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge",
];
const GRAVITON_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
];
// Data-tiering nodes start at xlarge because the SSD tier needs the headroom.
const DATA_TIERING_SIZES: &[&str] = &[
    "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
];

/// Current-generation node families and their sizes.
const NODE_FAMILIES: &[(&str, &[&str])] = &[
    ("t3", BURSTABLE_SIZES),
    ("t4g", BURSTABLE_SIZES),
    ("m5", NITRO5_SIZES),
    ("m6g", GRAVITON_SIZES),
    ("m7g", GRAVITON_SIZES),
    ("r5", NITRO5_SIZES),
    ("r6g", GRAVITON_SIZES),
    ("r6gd", DATA_TIERING_SIZES),
    ("r7g", GRAVITON_SIZES),
    ("c7gn", GRAVITON_SIZES),
];

impl CacheEngine {
    /// The ElastiCache API engine name, e.g. `valkey`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Redis => "redis",
            Self::Valkey => "valkey",
        }
    }

    /// Engine versions a blueprint may pin, newest first.
    pub fn supported_versions(self) -> &'static [&'static str] {
        match self {
            Self::Redis => REDIS_VERSIONS,
            Self::Valkey => VALKEY_VERSIONS,
        }
    }

    /// The version used when a blueprint names none.
    pub fn default_version(self) -> &'static str {
        match self {
            Self::Redis => "7.1",
            // 8.2 rather than 9.x: the 9 line is new and not yet in every region.
            Self::Valkey => "8.2",
        }
    }

    /// Whether `version` is one of [`Self::supported_versions`].
    pub fn is_supported_version(self, version: &str) -> bool {
        self.supported_versions().contains(&version)
    }

    /// The cache parameter group family for `version`, e.g. `redis7`, `redis6.x` or
    /// `valkey8`, or `None` when `version` is not shaped like `major.minor[.patch]`.
    /// Support is not checked, so retired versions still map to their family.
    pub fn parameter_group_family(self, version: &str) -> Option<String> {
        // `6.x` is how ElastiCache itself spells the Redis 6 engine version.
        if self == Self::Redis && version == "6.x" {
            return Some("redis6.x".to_owned());
        }
        let numbers: Vec<u32> = version.split('.').map(number).collect::<Option<_>>()?;
        let (&[major, minor] | &[major, minor, _]) = numbers.as_slice() else {
            return None;
        };
        Some(match (self, major) {
            // Redis 6 shares one family for all minors, spelled with a literal `x`.
            (Self::Redis, 6) => "redis6.x".to_owned(),
            // From Redis 7 (and all of Valkey) families are named by major alone.
            (Self::Redis, 7..) => format!("redis{major}"),
            (Self::Redis, _) => format!("redis{major}.{minor}"),
            (Self::Valkey, 7..) => format!("valkey{major}"),
            (Self::Valkey, _) => return None,
        })
    }

    /// Checks that `node_type` is a current-generation ElastiCache node type, explaining
    /// why not and suggesting alternatives otherwise.
    pub fn check_node_type(self, node_type: &str) -> Result<(), String> {
        let Some((family, size)) = split_class(node_type, "cache.") else {
            return Err(format!(
                "`{node_type}` is not an ElastiCache node type; they look like \
                 cache.<family>.<size>, e.g. cache.t4g.micro, cache.m7g.large or \
                 cache.r7g.large"
            ));
        };
        let Some(&(_, sizes)) = NODE_FAMILIES.iter().find(|(name, _)| *name == family) else {
            let families: Vec<&str> = NODE_FAMILIES.iter().map(|(name, _)| *name).collect();
            return Err(format!(
                "`{node_type}` uses node family `{family}`, which plinth does not support for \
                 {self}; use one of {}",
                join_or(&families)
            ));
        };
        if sizes.contains(&size) {
            Ok(())
        } else {
            let choices: Vec<String> = sizes
                .iter()
                .map(|s| format!("cache.{family}.{s}"))
                .collect();
            Err(format!(
                "`{node_type}` is not a valid size for cache.{family}; choose {}",
                join_or(&choices)
            ))
        }
    }
}

fn number(part: &str) -> Option<u32> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl fmt::Display for CacheEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CacheEngine::{Redis, Valkey};

    #[test]
    fn names() {
        assert_eq!(Redis.as_str(), "redis");
        assert_eq!(Valkey.to_string(), "valkey");
    }

    #[test]
    fn versions() {
        for engine in [Redis, Valkey] {
            assert!(engine.is_supported_version(engine.default_version()));
            for version in engine.supported_versions() {
                assert!(
                    engine.parameter_group_family(version).is_some(),
                    "{version}"
                );
            }
        }
        assert!(Redis.is_supported_version("7.1"));
        assert!(Redis.is_supported_version("6.2"));
        assert!(!Redis.is_supported_version("7.2"));
        assert!(!Redis.is_supported_version("5.0.6"));
        assert!(!Redis.is_supported_version("8.0"));
        assert!(Valkey.is_supported_version("8.1"));
        assert!(!Valkey.is_supported_version("7.1"));
        assert!(!Valkey.is_supported_version("8"));
    }

    #[test]
    fn parameter_group_families() {
        let cases = [
            (Redis, "7.1", Some("redis7")),
            (Redis, "7.0", Some("redis7")),
            (Redis, "6.2", Some("redis6.x")),
            (Redis, "6.x", Some("redis6.x")),
            (Redis, "5.0.6", Some("redis5.0")),
            (Redis, "seven", None),
            (Redis, "7", None),
            (Valkey, "7.2", Some("valkey7")),
            (Valkey, "8.1", Some("valkey8")),
            (Valkey, "9.0", Some("valkey9")),
            (Valkey, "6.2", None),
            (Valkey, "8.", None),
        ];
        for (engine, version, expected) in cases {
            assert_eq!(
                engine.parameter_group_family(version).as_deref(),
                expected,
                "{engine} {version}"
            );
        }
    }

    #[test]
    fn node_types() {
        for node_type in [
            "cache.t4g.micro",
            "cache.t3.medium",
            "cache.m7g.large",
            "cache.m5.24xlarge",
            "cache.r7g.16xlarge",
            "cache.r6gd.xlarge",
            "cache.c7gn.large",
        ] {
            assert_eq!(Valkey.check_node_type(node_type), Ok(()), "{node_type}");
            assert_eq!(Redis.check_node_type(node_type), Ok(()), "{node_type}");
        }
        for node_type in [
            "cache.t4g.large",
            "cache.m5.8xlarge",
            "cache.r6gd.large",
            "cache.x9.large",
            "t4g.micro",
            "db.t4g.micro",
            "cache.t4g",
        ] {
            assert!(Valkey.check_node_type(node_type).is_err(), "{node_type}");
        }
    }

    #[test]
    fn node_type_messages_suggest_alternatives() {
        let size = Valkey.check_node_type("cache.t4g.large").unwrap_err();
        assert!(size.contains("cache.t4g.medium"), "{size}");
        let shape = Redis.check_node_type("db.r7g.large").unwrap_err();
        assert!(shape.contains("cache.<family>.<size>"), "{shape}");
        let family = Redis.check_node_type("cache.m1.large").unwrap_err();
        assert!(family.contains("r7g"), "{family}");
    }
}
