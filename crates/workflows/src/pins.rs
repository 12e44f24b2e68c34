//! Every third-party action, Helm chart and tool version the workflows use, pinned in one place.
//!
//! Templates name an action (`[[ uses("actions/checkout") ]]`) and get back
//! `actions/checkout@<sha> # <version>`: a tag can be moved to other code, a commit cannot, and the
//! trailing version keeps the pin reviewable and lets Dependabot and Renovate update it.

use serde::Serialize;

/// A GitHub Action pinned to the commit its release tag pointed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ActionPin {
    /// `owner/name` of the action.
    pub action: &'static str,
    /// The full commit SHA of the release.
    pub sha: &'static str,
    /// The release tag the SHA belongs to.
    pub version: &'static str,
}

impl ActionPin {
    /// The value of a step's `uses:`: `owner/name@<sha> # <version>`.
    pub fn reference(&self) -> String {
        format!("{}@{} # {}", self.action, self.sha, self.version)
    }
}

/// The pinned actions.
///
/// Every SHA was read from public workflows that pin the same release, found by exact-string
/// search of `owner/name@<sha>` in a corpus of public GitHub files (no network access here to run
/// `git ls-remote`). Each pin below was seen in at least two unrelated files carrying the same
/// `# <version>` comment, and none contradicted it; where a named source exists it is given. To
/// re-verify: `git ls-remote https://github.com/<action> refs/tags/<version>` (peeled).
pub const PINS: &[ActionPin] = &[
    // 10 public workflows and pin lists (`# v6.0.2`), alongside setup-node v6.2.0 and cache v5.0.2.
    pin(
        "actions/checkout",
        "de0fac2e4500dabe0009e67214ff5f5447ce83dd",
        "v6.0.2",
    ),
    // 10 public workflows (`# v6.2.0`), e.g. next to checkout v6.0.2 above.
    pin(
        "actions/setup-node",
        "6044e13b5dc448c55e2357c09f80417699197238",
        "v6.2.0",
    ),
    // 10 public workflows and pin tests (`# v6.2.0`).
    pin(
        "actions/setup-python",
        "a309ff8b426b58ec0e2a45f0f869d46889d02405",
        "v6.2.0",
    ),
    // 10 public workflows (`# v6.2.0`), several next to checkout v6.0.2.
    pin(
        "actions/setup-go",
        "7a3fe6cf4cb3a834922a1244abfce67bcef6a0c5",
        "v6.2.0",
    ),
    // 6 public workflows and pin checks (`# 2.35.5`; setup-php tags have no `v`).
    pin(
        "shivammathur/setup-php",
        "bf6b4fbd49ca58e4608c9c89fba0b8d90bd2a39f",
        "2.35.5",
    ),
    // 10 public workflows and Nix/Renovate pin lists (`# v5.0.2`).
    pin(
        "actions/cache",
        "8b402f58fbc84540c8b491a91e594a4576fec3d7",
        "v5.0.2",
    ),
    // 10 public workflows and a release-guard script mapping SHA → tag (`v3.11.1`).
    pin(
        "docker/setup-buildx-action",
        "e468171a9de216ec08956ac3ada2f0791b6bd435",
        "v3.11.1",
    ),
    // The same release-guard script and a workflow next to setup-buildx v3.11.1 (`v6.18.0`).
    pin(
        "docker/build-push-action",
        "263435318d21b8e681c14492fe198d362a7d2c83",
        "v6.18.0",
    ),
    // 10 public workflows and pin tests (`# v5.1.1`).
    pin(
        "aws-actions/configure-aws-credentials",
        "61815dcd50bd041e203e49132bacad1fd04d2708",
        "v5.1.1",
    ),
    // michael-k/quarantined-actions (SHA list of tags unchanged for 14 days) and 4 workflows.
    pin(
        "aws-actions/amazon-ecr-login",
        "03f1aad4c6c7ffd436567f42f9384779290529bd",
        "v2.1.7",
    ),
    // 0.35.0 is the one tag the March 2026 compromise did not force-push (GHSA-69fq-xp46-6x23);
    // this SHA is the one quoted in greenriver/boston-cas#1063, CDCgov/dibbs-query-connector#911
    // and NASA-AMMOS/plandev-ui#1897.
    pin(
        "aquasecurity/trivy-action",
        "57a97c7e7821a5776cebc9bb87c984fa69cba8f1",
        "0.35.0",
    ),
    // 10 public workflows and docs (`# v3.1.2`).
    pin(
        "hashicorp/setup-terraform",
        "b9cd54a3c349d3f38e8881555d616ced269862dd",
        "v3.1.2",
    ),
    // 10 public workflows (`# v6.0.0`).
    pin(
        "actions/upload-artifact",
        "b7c566a772e6b6bfb58ed0dc250532a479d7789f",
        "v6.0.0",
    ),
    // 10 public workflows and pin tests (`# v7.0.0`).
    pin(
        "actions/download-artifact",
        "37930b1c2abaa49bbe596cd826c3c89aef350131",
        "v7.0.0",
    ),
    // 10 public workflows (`# v8.0.0`).
    pin(
        "actions/github-script",
        "ed597411d8f924073f98dfc5c65a23a2325f34cd",
        "v8.0.0",
    ),
    // 10 public workflows and pin tables (`# v4.3.1`).
    pin(
        "azure/setup-helm",
        "1a275c3b69536ee54be43f2070a358922e12c8d4",
        "v4.3.1",
    ),
    // 10 public workflows and pin tables (`v4.0.1`).
    pin(
        "azure/setup-kubectl",
        "776406bce94f63e41d621b960d78ee25c8b76ede",
        "v4.0.1",
    ),
];

const fn pin(action: &'static str, sha: &'static str, version: &'static str) -> ActionPin {
    ActionPin {
        action,
        sha,
        version,
    }
}

/// The pin of `action`, if the table has one.
pub fn action_pin(action: &str) -> Option<&'static ActionPin> {
    PINS.iter().find(|pin| pin.action == action)
}

/// A Helm chart the EKS deploy installs, at a pinned version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HelmChartPin {
    /// The Helm release name in `kube-system`.
    pub release: &'static str,
    /// The chart's name in its repository.
    pub chart: &'static str,
    /// The chart repository URL.
    pub repository: &'static str,
    /// The chart version.
    pub version: &'static str,
}

/// The AWS Load Balancer Controller: Ingresses become application load balancers.
pub const LOAD_BALANCER_CONTROLLER_CHART: HelmChartPin = HelmChartPin {
    release: "aws-load-balancer-controller",
    chart: "aws-load-balancer-controller",
    repository: "https://aws.github.io/eks-charts",
    version: "1.14.1",
};

/// The Secrets Store CSI driver: mounts secrets into pods and, with `syncSecret.enabled`, mirrors
/// them into Kubernetes secrets for environment variables.
pub const SECRETS_STORE_CSI_DRIVER_CHART: HelmChartPin = HelmChartPin {
    release: "csi-secrets-store",
    chart: "secrets-store-csi-driver",
    repository: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts",
    version: "1.5.5",
};

/// The driver's AWS provider: reads Secrets Manager and Parameter Store.
pub const SECRETS_STORE_AWS_PROVIDER_CHART: HelmChartPin = HelmChartPin {
    release: "secrets-provider-aws",
    chart: "secrets-store-csi-driver-provider-aws",
    repository: "https://aws.github.io/secrets-store-csi-driver-provider-aws",
    version: "2.1.1",
};

/// The EKS platform components, in install order. Versions were seen in public
/// `helm upgrade --install`/`helm pull` scripts and deployed-release listings (no network access
/// here to query the chart repositories); re-verify with
/// `helm search repo <repo>/<chart> --versions`.
pub const HELM_CHART_PINS: &[HelmChartPin] = &[
    LOAD_BALANCER_CONTROLLER_CHART,
    SECRETS_STORE_CSI_DRIVER_CHART,
    SECRETS_STORE_AWS_PROVIDER_CHART,
];

/// The Terraform CLI the workflows install (satisfies the roots' `>= 1.10`).
pub const TERRAFORM_VERSION: &str = "1.11.4";

/// The Helm CLI the EKS deploy installs.
pub const HELM_VERSION: &str = "v3.18.6";

/// The Trivy CLI the scan installs: released before, and unaffected by, the March 2026 compromise
/// of Trivy's release automation (v0.69.4 was the malicious build).
pub const TRIVY_VERSION: &str = "v0.69.3";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pin_is_a_full_sha_and_named_once() {
        for (index, pin) in PINS.iter().enumerate() {
            assert_eq!(pin.sha.len(), 40, "{}", pin.action);
            assert!(
                pin.sha
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{}",
                pin.action
            );
            assert!(
                PINS[..index].iter().all(|other| other.action != pin.action),
                "{} is pinned twice",
                pin.action
            );
        }
    }

    #[test]
    fn the_chart_table_lists_every_platform_component() {
        let releases: Vec<&str> = HELM_CHART_PINS.iter().map(|pin| pin.release).collect();
        assert_eq!(
            releases,
            [
                "aws-load-balancer-controller",
                "csi-secrets-store",
                "secrets-provider-aws"
            ]
        );
    }

    #[test]
    fn a_reference_carries_the_sha_and_the_version() {
        assert_eq!(
            action_pin("actions/checkout").unwrap().reference(),
            "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2"
        );
        assert!(action_pin("actions/checkout@v4").is_none());
    }
}
