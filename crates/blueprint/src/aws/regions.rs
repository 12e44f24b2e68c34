//! Commercial AWS regions plinth deploys to, and their availability zones.
//!
//! AZ *names* are mapped to physical zones per account, and a few letters are not offered
//! to accounts created after a zone was closed to new customers (`ap-northeast-1b`,
//! `ca-central-1c`). The tables list every letter a current account may see, ordered so
//! that the first two (taken as defaults) exist for new accounts. `us-west-1` is the odd
//! one out: every account sees exactly two of `a`/`b`/`c`, and which two depends on the
//! account, so its defaults are the pair most often reported (`b`, `c`) and blueprints
//! deploying there should name their zones explicitly.
//!
//! Sources (checked late 2026): AWS "Regions and Availability Zones" documentation and the
//! EC2 `DescribeAvailabilityZones` output commonly published for each region.

/// A region plinth supports, with the availability zones a blueprint may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    /// Region code, e.g. `eu-west-1`.
    pub name: &'static str,
    /// Full AZ names (e.g. `eu-west-1a`) in the order defaults should take them.
    pub availability_zones: &'static [&'static str],
}

const fn r(name: &'static str, availability_zones: &'static [&'static str]) -> Region {
    Region {
        name,
        availability_zones,
    }
}

/// Every region plinth supports, in the order AWS lists them.
pub const REGIONS: &[Region] = &[
    r(
        "us-east-1",
        &[
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
            "us-east-1f",
        ],
    ),
    r("us-east-2", &["us-east-2a", "us-east-2b", "us-east-2c"]),
    r("us-west-1", &["us-west-1b", "us-west-1c", "us-west-1a"]),
    r(
        "us-west-2",
        &["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"],
    ),
    r(
        "ca-central-1",
        &["ca-central-1a", "ca-central-1b", "ca-central-1d"],
    ),
    r("ca-west-1", &["ca-west-1a", "ca-west-1b", "ca-west-1c"]),
    r(
        "mx-central-1",
        &["mx-central-1a", "mx-central-1b", "mx-central-1c"],
    ),
    r("sa-east-1", &["sa-east-1a", "sa-east-1b", "sa-east-1c"]),
    r("eu-west-1", &["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    r("eu-west-2", &["eu-west-2a", "eu-west-2b", "eu-west-2c"]),
    r("eu-west-3", &["eu-west-3a", "eu-west-3b", "eu-west-3c"]),
    r(
        "eu-central-1",
        &["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    ),
    r(
        "eu-central-2",
        &["eu-central-2a", "eu-central-2b", "eu-central-2c"],
    ),
    r("eu-north-1", &["eu-north-1a", "eu-north-1b", "eu-north-1c"]),
    r("eu-south-1", &["eu-south-1a", "eu-south-1b", "eu-south-1c"]),
    r("eu-south-2", &["eu-south-2a", "eu-south-2b", "eu-south-2c"]),
    r("ap-south-1", &["ap-south-1a", "ap-south-1b", "ap-south-1c"]),
    r("ap-south-2", &["ap-south-2a", "ap-south-2b", "ap-south-2c"]),
    r("ap-east-1", &["ap-east-1a", "ap-east-1b", "ap-east-1c"]),
    r(
        "ap-southeast-1",
        &["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
    ),
    r(
        "ap-southeast-2",
        &["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"],
    ),
    r(
        "ap-southeast-3",
        &["ap-southeast-3a", "ap-southeast-3b", "ap-southeast-3c"],
    ),
    r(
        "ap-southeast-4",
        &["ap-southeast-4a", "ap-southeast-4b", "ap-southeast-4c"],
    ),
    r(
        "ap-northeast-1",
        &["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
    ),
    r(
        "ap-northeast-2",
        &[
            "ap-northeast-2a",
            "ap-northeast-2b",
            "ap-northeast-2c",
            "ap-northeast-2d",
        ],
    ),
    r(
        "ap-northeast-3",
        &["ap-northeast-3a", "ap-northeast-3b", "ap-northeast-3c"],
    ),
    r("me-south-1", &["me-south-1a", "me-south-1b", "me-south-1c"]),
    r(
        "me-central-1",
        &["me-central-1a", "me-central-1b", "me-central-1c"],
    ),
    r(
        "il-central-1",
        &["il-central-1a", "il-central-1b", "il-central-1c"],
    ),
    r("af-south-1", &["af-south-1a", "af-south-1b", "af-south-1c"]),
];

/// Looks up a supported region by its code.
pub fn region(name: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|region| region.name == name)
}

/// Codes of all supported regions, for "did you mean" suggestions and help text.
pub fn region_names() -> impl Iterator<Item = &'static str> {
    REGIONS.iter().map(|region| region.name)
}

impl Region {
    /// The two zones a network spans when the blueprint does not name any: two is the
    /// minimum RDS subnet groups and ALBs accept, and more only adds NAT cost.
    pub fn default_availability_zones(&self) -> Vec<String> {
        self.availability_zones
            .iter()
            .take(2)
            .map(|&zone| zone.to_owned())
            .collect()
    }

    /// Whether `az` is a full zone name (e.g. `eu-west-1a`) in this region.
    pub fn has_zone(&self, az: &str) -> bool {
        self.availability_zones.contains(&az)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: &[&str] = &[
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "ca-central-1",
        "sa-east-1",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "me-central-1",
        "af-south-1",
    ];

    #[test]
    fn required_regions_are_present() {
        for name in REQUIRED {
            assert!(region(name).is_some(), "missing {name}");
        }
    }

    #[test]
    fn region_names_are_unique() {
        let mut names: Vec<_> = region_names().collect();
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total);
    }

    #[test]
    fn zones_are_region_plus_one_letter_without_duplicates() {
        for region in REGIONS {
            assert!(region.availability_zones.len() >= 2, "{}", region.name);
            for zone in region.availability_zones {
                let suffix = zone
                    .strip_prefix(region.name)
                    .unwrap_or_else(|| panic!("{zone} does not belong to {}", region.name));
                assert!(
                    suffix.len() == 1 && suffix.bytes().all(|b| b.is_ascii_lowercase()),
                    "{zone}"
                );
            }
            let mut zones = region.availability_zones.to_vec();
            zones.sort_unstable();
            zones.dedup();
            assert_eq!(
                zones.len(),
                region.availability_zones.len(),
                "{}",
                region.name
            );
        }
    }

    #[test]
    fn closed_zones_are_not_offered() {
        let tokyo = region("ap-northeast-1").unwrap();
        assert!(!tokyo.has_zone("ap-northeast-1b"));
        assert!(tokyo.has_zone("ap-northeast-1d"));
        let canada = region("ca-central-1").unwrap();
        assert!(!canada.has_zone("ca-central-1c"));
        assert_eq!(
            canada.default_availability_zones(),
            ["ca-central-1a", "ca-central-1b"]
        );
    }

    #[test]
    fn defaults_are_the_first_two_zones() {
        let ireland = region("eu-west-1").unwrap();
        assert_eq!(
            ireland.default_availability_zones(),
            ["eu-west-1a", "eu-west-1b"]
        );
        assert_eq!(
            region("us-west-1").unwrap().default_availability_zones(),
            ["us-west-1b", "us-west-1c"]
        );
    }

    #[test]
    fn lookups_reject_unknown_names() {
        assert!(region("eu-west-9").is_none());
        assert!(region("EU-WEST-1").is_none());
        let ireland = region("eu-west-1").unwrap();
        assert!(!ireland.has_zone("eu-west-2a"));
        assert!(!ireland.has_zone("eu-west-1"));
        assert!(!ireland.has_zone("eu-west-1d"));
    }
}
