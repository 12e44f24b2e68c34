//! Facts for container platforms: EKS Kubernetes versions and EC2 instance type names
//! used by EKS managed node groups and ECS on EC2 capacity.
//!
//! EKS gives each Kubernetes minor 14 months of standard support followed by 12 months
//! of paid extended support, and stops creating clusters on a version when extended
//! support ends. Sources (checked late 2026): EKS User Guide, "Understand the Kubernetes
//! version lifecycle on EKS" release calendar (1.36 released on EKS 2026-06-02; 1.31
//! extended support ends 2026-11-26, so it is left out).

/// Kubernetes versions EKS creates clusters on (standard or extended support), newest
/// first.
pub const EKS_VERSIONS: &[&str] = &["1.36", "1.35", "1.34", "1.33", "1.32"];

/// The version new clusters get when a blueprint names none: one behind the newest, so
/// that add-ons and Helm charts have caught up, yet in standard support until 2027-03.
pub const DEFAULT_EKS_VERSION: &str = "1.35";

/// The EKS add-ons plinth installs on every cluster, in installation order: the networking and
/// identity DaemonSets first, then what needs nodes.
pub const EKS_ADDONS: [&str; 5] = [
    "vpc-cni",
    "kube-proxy",
    "eks-pod-identity-agent",
    "coredns",
    "aws-ebs-csi-driver",
];

/// The add-on versions plinth pins for a Kubernetes version, in [`EKS_ADDONS`] order.
///
/// From the EKS add-on version tables (`aws eks describe-addon-versions --kubernetes-version
/// <v> --addon-name <name>`), as recorded for this catalogue in late 2026. kube-proxy and
/// CoreDNS follow the Kubernetes minor; the VPC CNI, the Pod Identity agent and the EBS CSI
/// driver support every version listed. EKS publishes new builds often: a blueprint can pin its
/// own with `compute.addon_versions`, which plinth checks only for shape.
pub fn addon_versions(kubernetes_version: &str) -> Option<[&'static str; 5]> {
    let (kube_proxy, coredns) = match kubernetes_version {
        "1.36" => ("v1.36.0-eksbuild.2", "v1.13.1-eksbuild.1"),
        "1.35" => ("v1.35.0-eksbuild.2", "v1.12.4-eksbuild.1"),
        "1.34" => ("v1.34.1-eksbuild.2", "v1.12.4-eksbuild.1"),
        "1.33" => ("v1.33.5-eksbuild.2", "v1.12.2-eksbuild.4"),
        "1.32" => ("v1.32.9-eksbuild.2", "v1.11.4-eksbuild.24"),
        _ => return None,
    };
    Some([
        "v1.20.4-eksbuild.1",
        kube_proxy,
        "v1.3.9-eksbuild.3",
        coredns,
        "v1.50.1-eksbuild.1",
    ])
}

/// Whether `version` is shaped like an EKS add-on version, `v<major>.<minor>.<patch>-eksbuild.<n>`.
pub fn is_addon_version(version: &str) -> bool {
    let Some((semver, build)) = version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once("-eksbuild."))
    else {
        return false;
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = semver.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| number(p)) && number(build)
}

/// Size words every EC2 family uses, besides the numbered `<N>xlarge` sizes.
const SIZE_WORDS: &[&str] = &[
    "nano", "micro", "small", "medium", "large", "xlarge", "metal",
];

/// Checks that `instance_type` is shaped like an EC2 instance type, `<family>.<size>`
/// (e.g. `m7g.large`, `c7i-flex.2xlarge`, `r8g.metal-24xl`). Whether the type exists in a
/// given region is left to AWS: the catalogue is too large and changes too often.
pub fn check_ec2_instance_type(instance_type: &str) -> Result<(), String> {
    const EXAMPLES: &str = "e.g. t4g.medium, m7i.large or c7g.2xlarge";
    for prefix in ["db.", "cache."] {
        if let Some(rest) = instance_type.strip_prefix(prefix) {
            return Err(format!(
                "`{instance_type}` is an {} class, not an EC2 instance type; drop the \
                 `{prefix}` prefix (`{rest}`) if that EC2 type is what you meant",
                if prefix == "db." {
                    "RDS"
                } else {
                    "ElastiCache"
                }
            ));
        }
    }
    let Some((family, size)) = instance_type.split_once('.') else {
        return Err(format!(
            "`{instance_type}` is not an EC2 instance type; they look like <family>.<size>, \
             {EXAMPLES}"
        ));
    };
    if !is_family(family) {
        return Err(format!(
            "`{family}` in `{instance_type}` is not an EC2 instance family: families are a \
             lowercase series letter followed by a generation number and optional \
             attributes, {EXAMPLES}"
        ));
    }
    if !is_size(size) {
        return Err(format!(
            "`{size}` in `{instance_type}` is not an EC2 instance size; sizes are nano, \
             micro, small, medium, large, xlarge, <N>xlarge or metal, {EXAMPLES}"
        ));
    }
    Ok(())
}

fn is_family(family: &str) -> bool {
    family
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase())
        && family.bytes().any(|b| b.is_ascii_digit())
        && family
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !family.ends_with('-')
        && !family.contains("--")
}

fn is_size(size: &str) -> bool {
    let digits =
        |s: &str| !s.is_empty() && !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit());
    SIZE_WORDS.contains(&size)
        || size.strip_suffix("xlarge").is_some_and(digits)
        || size
            .strip_prefix("metal-")
            .and_then(|rest| rest.strip_suffix("xl"))
            .is_some_and(digits)
}

/// Whether `instance_type` (e.g. `m7g.large`) is an AWS Graviton (arm64) type.
///
/// A family name is a series letter, a generation number and attribute letters; the attribute
/// `g` right after the generation means AWS Graviton (`m7g`, `c7gn`, `r8g`, `t4g`, `im4gn`,
/// `x2gd`, `hpc7g`), and the first-generation `a1` is Graviton too (EC2 User Guide, "Amazon EC2
/// instance type naming conventions").
pub fn is_graviton(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or_default();
    if family == "a1" {
        return true;
    }
    let after_series = family.trim_start_matches(|c: char| c.is_ascii_lowercase());
    let attributes = after_series.trim_start_matches(|c: char| c.is_ascii_digit());
    after_series.len() != attributes.len() && attributes.starts_with('g')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eks_versions_are_newest_first_and_include_the_default() {
        assert!(EKS_VERSIONS.contains(&DEFAULT_EKS_VERSION));
        let minors: Vec<u32> = EKS_VERSIONS
            .iter()
            .map(|v| v.strip_prefix("1.").unwrap().parse().unwrap())
            .collect();
        assert!(minors.windows(2).all(|pair| pair[0] == pair[1] + 1));
        assert!(!EKS_VERSIONS.contains(&"1.29"));
        assert!(!EKS_VERSIONS.contains(&"1.30"));
    }

    #[test]
    fn every_eks_version_has_addon_versions() {
        for version in EKS_VERSIONS {
            let versions = addon_versions(version).expect("pinned");
            assert!(versions.iter().all(|v| is_addon_version(v)), "{version}");
            assert!(
                versions[1].starts_with(&format!("v{version}.")),
                "{version}"
            );
        }
        assert!(addon_versions("1.29").is_none());
        assert!(!is_addon_version("1.20.4-eksbuild.1"));
        assert!(!is_addon_version("v1.20-eksbuild.1"));
        assert!(!is_addon_version("v1.20.4"));
    }

    #[test]
    fn accepts_real_instance_types() {
        for t in [
            "t3.micro",
            "t4g.nano",
            "m7g.large",
            "m7i-flex.2xlarge",
            "c7gn.16xlarge",
            "r8g.metal-24xl",
            "i4i.metal",
            "g5.48xlarge",
            "u-6tb1.112xlarge",
            "mac2-m2pro.metal",
            "inf2.xlarge",
        ] {
            assert_eq!(check_ec2_instance_type(t), Ok(()), "{t}");
        }
    }

    #[test]
    fn rejects_malformed_instance_types() {
        for t in [
            "",
            "m7g",
            "m7g.",
            ".large",
            "m7g.huge",
            "m7g.0xlarge",
            "m7g.xxlarge",
            "M7G.large",
            "large.m7g",
            "m.large",
            "m7g.large.extra",
            "m7g-.large",
            "7m.large",
        ] {
            assert!(check_ec2_instance_type(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn messages_point_at_the_mistake() {
        let rds = check_ec2_instance_type("db.t3.micro").unwrap_err();
        assert!(rds.contains("RDS") && rds.contains("`t3.micro`"), "{rds}");
        let cache = check_ec2_instance_type("cache.r7g.large").unwrap_err();
        assert!(cache.contains("ElastiCache"), "{cache}");
        let size = check_ec2_instance_type("m7g.huge").unwrap_err();
        assert!(size.contains("`huge`"), "{size}");
    }
}
