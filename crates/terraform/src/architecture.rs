//! The CPU architecture of EC2 instance types, for the AMI type of EKS node groups.
//!
//! EKS managed node groups take one `ami_type` per group, and an x86_64 AMI does not boot on a
//! Graviton (arm64) instance: the node group fails to create. The architecture follows from the
//! instance family's name: Graviton families carry a `g` right after the generation digit
//! (`m7g`, `c7gn`, `r8g`, `t4g`, `im4gn`, `x2gd`, `hpc7g`), plus the first-generation `a1`.
//! (EC2 User Guide, "Instance type naming conventions": the attribute `g` means AWS Graviton.)

/// Whether `instance_type` (e.g. `m7g.large`) is an AWS Graviton (arm64) type.
pub fn is_graviton(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or_default();
    if family == "a1" {
        return true;
    }
    let after_series = family.trim_start_matches(|c: char| c.is_ascii_lowercase());
    let attributes = after_series.trim_start_matches(|c: char| c.is_ascii_digit());
    // A family name is letters, a generation number, then attribute letters; anything else
    // (no generation digit, e.g. a malformed type the validator reports) is not Graviton.
    after_series.len() != attributes.len() && attributes.starts_with('g')
}

/// The Amazon Linux 2023 AMI type of a node group of `instance_types`: arm64 when they are
/// Graviton types, x86_64 otherwise. A group mixing both cannot boot one AMI on all of them; the
/// blueprint validator refuses it, and the first type decides here.
pub fn node_ami_type(instance_types: &[String]) -> &'static str {
    match instance_types.first() {
        Some(first) if is_graviton(first) => "AL2023_ARM_64_STANDARD",
        _ => "AL2023_x86_64_STANDARD",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graviton_families_are_arm() {
        for arm in [
            "m7g.large",
            "m7gd.xlarge",
            "c7gn.2xlarge",
            "r8g.large",
            "t4g.medium",
            "im4gn.large",
            "is4gen.large",
            "x2gd.large",
            "hpc7g.4xlarge",
            "g5g.xlarge",
            "a1.large",
            "m6g.metal",
        ] {
            assert!(is_graviton(arm), "{arm}");
        }
    }

    #[test]
    fn other_families_are_x86() {
        for x86 in [
            "m7i.large",
            "m7a.large",
            "m6in.large",
            "c5.large",
            "g5.xlarge",
            "g4ad.xlarge",
            "z1d.large",
            "trn1.2xlarge",
            "inf2.xlarge",
            "t3.medium",
            "r7iz.large",
            "m5zn.large",
            "",
        ] {
            assert!(!is_graviton(x86), "{x86}");
        }
    }

    #[test]
    fn the_ami_type_follows_the_architecture() {
        let types = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            node_ami_type(&types(&["m7g.large", "c7g.large"])),
            "AL2023_ARM_64_STANDARD"
        );
        assert_eq!(
            node_ami_type(&types(&["m6i.large"])),
            "AL2023_x86_64_STANDARD"
        );
    }
}
