//! RDS and Aurora engines: the versions and instance classes a blueprint may ask for.
//!
//! Version lists hold what AWS lets a *new* database be created with while the major is
//! still in standard support, newest first. Majors past standard support are left out on
//! purpose (PostgreSQL 11-13, MySQL 5.7 and 8.0, Aurora MySQL 2, Aurora PostgreSQL 11-13):
//! AWS still creates them but silently enrols them in paid RDS Extended Support, which a
//! fresh blueprint should never opt into by accident.
//!
//! Sources, checked late 2026:
//! - RDS for PostgreSQL release notes and calendar; the May 2026 deprecation of minors
//!   14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4; aws-cdk `PostgresEngineVersion`.
//! - RDS for MySQL version docs (8.0 standard support ended 2026-07-31; 8.4 is the LTS
//!   successor); aws-cdk `MysqlEngineVersion` (8.4.3 and 8.4.4 already deprecated).
//! - `aws rds describe-db-engine-versions` snapshots for `aurora-mysql` (2026-07-09) and
//!   `aurora-postgresql` (2026-08-06), plus the Aurora MySQL 8.4 release notes (8.4.7 on
//!   2026-05-21, engine version format `8.4.mysql_aurora.8.4.N`).
//! - RDS "DB instance class" and "Supported DB engines for DB instance classes" tables.

use std::fmt;

use super::{join_or, split_class};

/// A relational database engine plinth can provision.
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
pub enum DatabaseEngine {
    /// Amazon Aurora with MySQL compatibility (a cluster with writer and reader instances).
    AuroraMysql,
    /// Amazon Aurora with PostgreSQL compatibility (a cluster with writer and reader instances).
    AuroraPostgresql,
    /// Amazon RDS for MySQL (a single instance, optionally Multi-AZ).
    Mysql,
    /// Amazon RDS for PostgreSQL (a single instance, optionally Multi-AZ).
    Postgres,
}

/// The wire protocol family of an engine, which decides client drivers and default ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// MySQL protocol (RDS for MySQL and Aurora MySQL).
    Mysql,
    /// PostgreSQL protocol (RDS for PostgreSQL and Aurora PostgreSQL).
    Postgres,
}

/// Every engine, in the order help text should list them.
pub const ENGINES: &[DatabaseEngine] = &[
    DatabaseEngine::Postgres,
    DatabaseEngine::Mysql,
    DatabaseEngine::AuroraPostgresql,
    DatabaseEngine::AuroraMysql,
];

const POSTGRES_VERSIONS: &[&str] = &[
    "18", "18.4", "18.3", "18.2", "18.1", //
    "17", "17.10", "17.9", "17.8", "17.7", "17.6", "17.5", //
    "16", "16.14", "16.13", "16.12", "16.11", "16.10", "16.9", //
    "15", "15.18", "15.17", "15.16", "15.15", "15.14", "15.13", //
    "14", "14.23", "14.22", "14.21", "14.20", "14.19", "14.18",
];

const MYSQL_VERSIONS: &[&str] = &["8.4", "8.4.10", "8.4.9", "8.4.8", "8.4.7", "8.4.6", "8.4.5"];

// Aurora minors are not contiguous: AWS skips community minors it does not ship
// (e.g. 17.8, 16.12), so the list mirrors `describe-db-engine-versions` verbatim.
const AURORA_POSTGRESQL_VERSIONS: &[&str] = &[
    "18", "18.4", "18.3", //
    "17", "17.10", "17.9", "17.7", "17.6", "17.5", "17.4", //
    "16", "16.14", "16.13", "16.11", "16.10", "16.9", "16.8", //
    "15", "15.18", "15.17", "15.15", "15.14", "15.13", "15.12", "15.10", //
    "14", "14.23", "14.22", "14.20", "14.19", "14.18", "14.17", "14.6",
];

// Aurora MySQL 3 (MySQL 8.0 compatible) minors older than 3.08, including the 3.04 LTS
// line, are left out because they reach end of standard support during 2026.
const AURORA_MYSQL_VERSIONS: &[&str] = &[
    "8.4.mysql_aurora.8.4.8",
    "8.4.mysql_aurora.8.4.7",
    "8.0.mysql_aurora.3.12.0",
    "8.0.mysql_aurora.3.11.1",
    "8.0.mysql_aurora.3.10.4",
    "8.0.mysql_aurora.3.10.3",
    "8.0.mysql_aurora.3.10.2",
    "8.0.mysql_aurora.3.10.1",
    "8.0.mysql_aurora.3.10.0",
    "8.0.mysql_aurora.3.09.0",
    "8.0.mysql_aurora.3.08.2",
    "8.0.mysql_aurora.3.08.1",
    "8.0.mysql_aurora.3.08.0",
];

/// Instance sizes of the burstable (T) families, smallest first.
const BURSTABLE_SIZES: &[&str] = &["micro", "small", "medium", "large", "xlarge", "2xlarge"];
/// Aurora's storage layer needs more memory than micro/small instances have.
const AURORA_BURSTABLE_SIZES: &[&str] = &["medium", "large"];

const GRAVITON_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
];
const GRAVITON4_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
    "48xlarge",
];
const NITRO5_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
];
const INTEL6_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
    "32xlarge",
];
const INTEL7_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
    "48xlarge",
];

/// Non-burstable instance families, with the sizes RDS offers for each and whether
/// Aurora accepts the family (Aurora has no general-purpose M classes).
const FAMILIES: &[(&str, &[&str], bool)] = &[
    ("m5", NITRO5_SIZES, false),
    ("m6g", GRAVITON_SIZES, false),
    ("m6i", INTEL6_SIZES, false),
    ("m7g", GRAVITON_SIZES, false),
    ("m7i", INTEL7_SIZES, false),
    ("m8g", GRAVITON4_SIZES, false),
    ("r5", NITRO5_SIZES, true),
    ("r6g", GRAVITON_SIZES, true),
    ("r6i", INTEL6_SIZES, true),
    ("r7g", GRAVITON_SIZES, true),
    ("r7i", INTEL7_SIZES, true),
    ("r8g", GRAVITON4_SIZES, true),
    ("x2g", GRAVITON_SIZES, true),
];

const SERVERLESS_CLASS: &str = "db.serverless";

impl DatabaseEngine {
    /// The blueprint spelling, e.g. `aurora-mysql`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuroraMysql => "aurora-mysql",
            Self::AuroraPostgresql => "aurora-postgresql",
            Self::Mysql => "mysql",
            Self::Postgres => "postgres",
        }
    }

    /// Whether the engine is provisioned as an Aurora cluster rather than an RDS instance.
    pub fn is_aurora(self) -> bool {
        matches!(self, Self::AuroraMysql | Self::AuroraPostgresql)
    }

    /// The RDS API `Engine` value Terraform's `engine` argument expects.
    pub fn terraform_engine(self) -> &'static str {
        // The blueprint names were chosen to equal the API names; keeping a separate
        // method lets the two diverge without touching every emitter.
        self.as_str()
    }

    /// The protocol family of the engine.
    pub fn family(self) -> Family {
        match self {
            Self::AuroraMysql | Self::Mysql => Family::Mysql,
            Self::AuroraPostgresql | Self::Postgres => Family::Postgres,
        }
    }

    /// Whether the engine speaks the PostgreSQL protocol.
    pub fn is_postgres(self) -> bool {
        self.family() == Family::Postgres
    }

    /// The port AWS assigns when none is configured.
    pub fn default_port(self) -> u16 {
        match self.family() {
            Family::Mysql => 3306,
            Family::Postgres => 5432,
        }
    }

    /// Engine versions a blueprint may pin, newest first, in the exact spelling the RDS
    /// API accepts. A bare major (`"16"`, `"8.4"`) lets AWS pick the newest minor; Aurora
    /// MySQL versions are only listed in full because its majors are not plain numbers.
    pub fn supported_versions(self) -> &'static [&'static str] {
        match self {
            Self::AuroraMysql => AURORA_MYSQL_VERSIONS,
            Self::AuroraPostgresql => AURORA_POSTGRESQL_VERSIONS,
            Self::Mysql => MYSQL_VERSIONS,
            Self::Postgres => POSTGRES_VERSIONS,
        }
    }

    /// The version used when a blueprint names none.
    pub fn default_version(self) -> &'static str {
        match self {
            // 8.4 rather than Aurora MySQL 3 so new clusters start on the LTS line that
            // outlives MySQL 8.0.
            Self::AuroraMysql => "8.4.mysql_aurora.8.4.7",
            // AWS's own default minor for new Aurora PostgreSQL 17 clusters; a bare major
            // is avoided because Aurora's acceptance of it is not documented.
            Self::AuroraPostgresql => "17.7",
            Self::Mysql => "8.4",
            // 17 rather than 18 because extensions and tooling lag a new major by months.
            Self::Postgres => "17",
        }
    }

    /// Whether `version` is one of [`Self::supported_versions`].
    pub fn is_supported_version(self, version: &str) -> bool {
        self.supported_versions().contains(&version)
    }

    /// The DB parameter group family for `version`, e.g. `postgres16` or
    /// `aurora-mysql8.0`, or `None` when `version` is not shaped like a version of this
    /// engine. Support is not checked, so retired versions still map to their family.
    pub fn parameter_group_family(self, version: &str) -> Option<String> {
        // Suffixes such as `-rds.20241121` (Extended Support builds) or `-limitless`
        // name builds of a version and do not change its family.
        let base = version.split_once('-').map_or(version, |(base, _)| base);
        let parts: Vec<&str> = base.split('.').collect();
        let numeric = |parts: &[&str]| parts.iter().all(|part| is_number(part));
        let major = match (self, parts.as_slice()) {
            // PostgreSQL 10 dropped the two-part major ("9.6"), and plinth never targets
            // anything that old.
            (Self::Postgres | Self::AuroraPostgresql, [major] | [major, _])
                if numeric(&parts) && major.parse::<u32>().is_ok_and(|n| n >= 10) =>
            {
                (*major).to_owned()
            }
            (Self::Mysql, [major, minor] | [major, minor, _]) if numeric(&parts) => {
                format!("{major}.{minor}")
            }
            (Self::AuroraMysql, [major, minor]) if numeric(&parts) => format!("{major}.{minor}"),
            // Aurora MySQL spells versions `8.0.mysql_aurora.3.10.4`; a bare `3.10.4` is an
            // Aurora release number, not a MySQL major, so it maps to nothing.
            (Self::AuroraMysql, [major, minor, "mysql_aurora", _, ..])
                if numeric(&[major, minor]) =>
            {
                format!("{major}.{minor}")
            }
            _ => return None,
        };
        // Every family is the API engine name followed by its major version.
        Some(format!("{}{major}", self.terraform_engine()))
    }

    /// Checks that `class` is an instance class this engine can run on, explaining why
    /// not and suggesting alternatives otherwise.
    pub fn check_instance_class(self, class: &str) -> Result<(), String> {
        let examples = if self.is_aurora() {
            "db.t4g.medium, db.r7g.large or db.serverless"
        } else {
            "db.t4g.micro, db.m7g.large or db.r7g.large"
        };
        if class == SERVERLESS_CLASS {
            return if self.is_aurora() {
                Ok(())
            } else {
                Err(format!(
                    "`{SERVERLESS_CLASS}` (Aurora Serverless v2) only works with aurora-mysql \
                     and aurora-postgresql, not {self}; pick a provisioned class such as \
                     {examples}"
                ))
            };
        }
        let Some((family, size)) = split_class(class, "db.") else {
            return Err(format!(
                "`{class}` is not an RDS instance class; they look like db.<family>.<size>, \
                 e.g. {examples}"
            ));
        };

        let burstable = matches!(family, "t3" | "t4g");
        let sizes = if burstable {
            if self.is_aurora() {
                AURORA_BURSTABLE_SIZES
            } else {
                BURSTABLE_SIZES
            }
        } else if let Some(&(_, sizes, on_aurora)) =
            FAMILIES.iter().find(|(name, _, _)| *name == family)
        {
            if self.is_aurora() && !on_aurora {
                return Err(format!(
                    "Aurora does not offer general-purpose `db.{family}` classes; use a \
                     memory-optimized or burstable class such as {examples}"
                ));
            }
            sizes
        } else {
            let families: Vec<&str> = ["t3", "t4g"]
                .into_iter()
                .chain(
                    FAMILIES
                        .iter()
                        .filter(|(_, _, on_aurora)| *on_aurora || !self.is_aurora())
                        .map(|(name, _, _)| *name),
                )
                .collect();
            return Err(format!(
                "`{class}` uses instance family `{family}`, which plinth does not support for \
                 {self}; use one of {}",
                join_or(&families)
            ));
        };

        if sizes.contains(&size) {
            return Ok(());
        }
        if burstable && self.is_aurora() && matches!(size, "micro" | "small") {
            return Err(format!(
                "Aurora does not support `{class}`: the smallest burstable Aurora classes are \
                 db.t3.medium and db.t4g.medium (or use db.serverless to scale to near zero)"
            ));
        }
        Err(format!(
            "`{class}` is not a valid size for db.{family}; choose {}",
            join_or(
                &sizes
                    .iter()
                    .map(|s| format!("db.{family}.{s}"))
                    .collect::<Vec<_>>()
            )
        ))
    }
}

impl fmt::Display for DatabaseEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn is_number(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DatabaseEngine::{AuroraMysql, AuroraPostgresql, Mysql, Postgres};

    #[test]
    fn serde_names_match_api_names() {
        use serde::Deserialize;
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        for &engine in ENGINES {
            let name: StrDeserializer<'_, Error> = engine.as_str().into_deserializer();
            assert_eq!(DatabaseEngine::deserialize(name), Ok(engine));
            assert_eq!(engine.terraform_engine(), engine.as_str());
        }
        assert_eq!(AuroraPostgresql.as_str(), "aurora-postgresql");
        assert_eq!(AuroraMysql.to_string(), "aurora-mysql");
    }

    #[test]
    fn families_and_ports() {
        assert!(AuroraMysql.is_aurora() && AuroraPostgresql.is_aurora());
        assert!(!Mysql.is_aurora() && !Postgres.is_aurora());
        assert_eq!(AuroraMysql.family(), Family::Mysql);
        assert!(AuroraPostgresql.is_postgres() && Postgres.is_postgres());
        assert!(!Mysql.is_postgres());
        assert_eq!(Mysql.default_port(), 3306);
        assert_eq!(AuroraMysql.default_port(), 3306);
        assert_eq!(Postgres.default_port(), 5432);
        assert_eq!(AuroraPostgresql.default_port(), 5432);
    }

    #[test]
    fn defaults_are_supported_and_lists_are_unique() {
        for &engine in ENGINES {
            assert!(
                engine.is_supported_version(engine.default_version()),
                "{engine}"
            );
            let mut versions = engine.supported_versions().to_vec();
            let total = versions.len();
            versions.sort_unstable();
            versions.dedup();
            assert_eq!(versions.len(), total, "{engine} lists a version twice");
            for version in engine.supported_versions() {
                assert!(
                    engine.parameter_group_family(version).is_some(),
                    "{engine} {version} has no parameter group family"
                );
            }
        }
    }

    #[test]
    fn retired_versions_are_rejected() {
        for version in ["11", "12", "12.22", "13", "13.20", "16.5", "17.1"] {
            assert!(!Postgres.is_supported_version(version), "{version}");
        }
        for version in ["5.7", "5.7.44", "8.0", "8.0.42", "8.4.3"] {
            assert!(!Mysql.is_supported_version(version), "{version}");
        }
        assert!(!AuroraMysql.is_supported_version("5.7.mysql_aurora.2.12.5"));
        assert!(!AuroraMysql.is_supported_version("8.0"));
        assert!(!AuroraPostgresql.is_supported_version("13.23"));
        assert!(!AuroraPostgresql.is_supported_version("16.11-limitless"));
    }

    #[test]
    fn current_versions_are_accepted() {
        assert!(Postgres.is_supported_version("16"));
        assert!(Postgres.is_supported_version("16.9"));
        assert!(Mysql.is_supported_version("8.4"));
        assert!(Mysql.is_supported_version("8.4.7"));
        assert!(AuroraPostgresql.is_supported_version("17.7"));
        assert!(AuroraMysql.is_supported_version("8.0.mysql_aurora.3.08.2"));
        assert!(AuroraMysql.is_supported_version("8.4.mysql_aurora.8.4.7"));
    }

    #[test]
    fn parameter_group_families() {
        let cases = [
            (Postgres, "16.6", Some("postgres16")),
            (Postgres, "18", Some("postgres18")),
            (Postgres, "11.22-rds.20241121", Some("postgres11")),
            (Postgres, "16.6.1", None),
            (Postgres, "9.6.24", None),
            (Postgres, "sixteen", None),
            (Postgres, "16.x", None),
            (Mysql, "8.0.40", Some("mysql8.0")),
            (Mysql, "8.4", Some("mysql8.4")),
            (Mysql, "8", None),
            (Mysql, "5.7.44-rds.20240408", Some("mysql5.7")),
            (Mysql, "8.4.mysql_aurora.8.4.7", None),
            (AuroraPostgresql, "16.6", Some("aurora-postgresql16")),
            (AuroraPostgresql, "17", Some("aurora-postgresql17")),
            (
                AuroraPostgresql,
                "16.11-limitless",
                Some("aurora-postgresql16"),
            ),
            (
                AuroraMysql,
                "8.0.mysql_aurora.3.08.2",
                Some("aurora-mysql8.0"),
            ),
            (
                AuroraMysql,
                "8.4.mysql_aurora.8.4.7",
                Some("aurora-mysql8.4"),
            ),
            (AuroraMysql, "3.08.2", None),
            (AuroraMysql, "8.0.mysql_aurora", None),
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
    fn rds_instance_classes() {
        for class in [
            "db.t3.micro",
            "db.t4g.micro",
            "db.t4g.2xlarge",
            "db.m5.24xlarge",
            "db.m7i.48xlarge",
            "db.m8g.large",
            "db.r6i.32xlarge",
            "db.r7g.large",
            "db.x2g.16xlarge",
        ] {
            assert_eq!(Postgres.check_instance_class(class), Ok(()), "{class}");
            assert_eq!(Mysql.check_instance_class(class), Ok(()), "{class}");
        }
        for class in [
            "db.serverless",
            "db.t4g.nano",
            "db.t4g.4xlarge",
            "db.m6g.24xlarge",
            "db.m7i.32xlarge",
            "db.z9.large",
            "t4g.micro",
            "db.t4g",
            "cache.t4g.micro",
        ] {
            assert!(Postgres.check_instance_class(class).is_err(), "{class}");
        }
    }

    #[test]
    fn aurora_instance_classes() {
        for class in [
            "db.serverless",
            "db.t3.medium",
            "db.t4g.large",
            "db.r8g.48xlarge",
            "db.x2g.large",
        ] {
            assert_eq!(AuroraMysql.check_instance_class(class), Ok(()), "{class}");
            assert_eq!(
                AuroraPostgresql.check_instance_class(class),
                Ok(()),
                "{class}"
            );
        }
        for class in [
            "db.t3.micro",
            "db.t3.small",
            "db.t4g.micro",
            "db.t4g.small",
            "db.t4g.xlarge",
            "db.m7g.large",
        ] {
            assert!(
                AuroraPostgresql.check_instance_class(class).is_err(),
                "{class}"
            );
        }
    }

    #[test]
    fn messages_explain_and_suggest() {
        let small = AuroraMysql.check_instance_class("db.t3.micro").unwrap_err();
        assert!(small.contains("db.t4g.medium"), "{small}");
        let big = AuroraMysql
            .check_instance_class("db.t4g.xlarge")
            .unwrap_err();
        assert!(
            big.contains("db.t4g.large") && !big.contains("smallest"),
            "{big}"
        );
        let serverless = Mysql.check_instance_class("db.serverless").unwrap_err();
        assert!(serverless.contains("aurora-postgresql"), "{serverless}");
        let shape = Postgres.check_instance_class("t3.micro").unwrap_err();
        assert!(shape.contains("db.<family>.<size>"), "{shape}");
        let m_class = AuroraPostgresql
            .check_instance_class("db.m6i.large")
            .unwrap_err();
        assert!(m_class.contains("db.r7g.large"), "{m_class}");
        let family = Postgres.check_instance_class("db.q1.large").unwrap_err();
        assert!(family.contains("r7g") && family.contains("t4g"), "{family}");
        let size = Postgres
            .check_instance_class("db.r6g.24xlarge")
            .unwrap_err();
        assert!(size.contains("db.r6g.16xlarge"), "{size}");
    }
}
