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
/// Each SHA is the commit its release tag points at (peeled, for annotated tags). "git" means it
/// was read from a snapshot of the action's repository (`git rev-parse <tag>^{commit}`); where the
/// newest release is newer than that snapshot, the SHA was taken from public workflows and pin
/// lists that name the same release, and several unrelated ones agreed. Every pin was also seen in
/// public workflows with the same tag. `scripts/pins.sh` (`just pins`) re-checks every pin against
/// `git ls-remote` and lists those behind the newest release; a blueprint can override a pin with
/// `[ci.actions]` (docs/workflows.md, "Action pins and updates").
///
/// Majors were read for what the templates rely on: every input they pass still exists with the
/// same meaning, and every action now runs on node24 (runner 2.327.1 or later).
pub const PINS: &[ActionPin] = &[
    // git (lightweight tag v7.0.1); 10 public workflows and pin tables. v7 refuses fork pull
    // requests under pull_request_target/workflow_run only, triggers plinth never uses.
    pin(
        "actions/checkout",
        "3d3c42e5aac5ba805825da76410c181273ba90b1",
        "v7.0.1",
    ),
    // git (v7.0.0); 10 public workflows and pin tables. v7: ESM internals, inputs unchanged.
    pin(
        "actions/setup-node",
        "820762786026740c76f36085b0efc47a31fe5020",
        "v7.0.0",
    ),
    // git (v7.0.0); 10 public workflows and pin tests. v7 removes only `pip-install` (unused).
    pin(
        "actions/setup-python",
        "5fda3b95a4ea91299a34e894583c3862153e4b97",
        "v7.0.0",
    ),
    // git (v7.0.0); 10 public workflows and pin tables. v7: ESM internals, inputs unchanged.
    pin(
        "actions/setup-go",
        "b7ad1dad31e06c5925ef5d2fc7ad053ef454303e",
        "v7.0.0",
    ),
    // git (2.37.2; setup-php tags have no `v`); public workflows and pin tests. Now node24.
    pin(
        "shivammathur/setup-php",
        "f3e473d116dcccaddc5834248c87452386958240",
        "2.37.2",
    ),
    // Newer than the repository snapshot (which ends at v5.0.5): 10 public pin tables and
    // workflows agree on this SHA for v6.1.0 (lightweight tags v6 and v6.1.0). v6: ESM
    // internals; `path`, `key` and `restore-keys` unchanged.
    pin(
        "actions/cache",
        "55cc8345863c7cc4c66a329aec7e433d2d1c52a9",
        "v6.1.0",
    ),
    // git (v4.3.0); 10 public workflows and pin tables. v4 removes the deprecated `install`,
    // `config` and `config-inline` inputs (unused); node24.
    pin(
        "docker/setup-buildx-action",
        "37fe631027851001ddb9b187196cc803df7f5f0e",
        "v4.3.0",
    ),
    // git (v7.3.0); 10 public workflows and pin tables. v7 removes deprecated `DOCKER_BUILD_*`
    // environment variables (unused); every input the CI build passes is unchanged; node24.
    pin(
        "docker/build-push-action",
        "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a",
        "v7.3.0",
    ),
    // git (v6.2.3); 10 public workflows and pin tests. v6: node24; v6.2 adds session tags, but
    // not to the OIDC `AssumeRoleWithWebIdentity` call plinth's jobs make (src/assumeRole.ts),
    // and checks `role-session-name` against `[\w+=,.@-]*`, which plinth's names satisfy.
    pin(
        "aws-actions/configure-aws-credentials",
        "e6de054238d6b7531b4efff3b6587d9aade6a06c",
        "v6.2.3",
    ),
    // git (annotated tag v2.1.7, peeled), still the newest; michael-k/quarantined-actions and 4
    // workflows.
    pin(
        "aws-actions/amazon-ecr-login",
        "03f1aad4c6c7ffd436567f42f9384779290529bd",
        "v2.1.7",
    ),
    // git (SSH-signed annotated tag v0.36.0, peeled), released 2026-04-22 after the March 2026
    // compromise (GHSA-69fq-xp46-6x23) was cleaned up; 10 public workflows and pin tables. Tags
    // carry a `v` again since v0.35.0. Inputs unchanged; it pins setup-trivy v0.2.6 and
    // actions/cache v5.0.5 by SHA.
    pin(
        "aquasecurity/trivy-action",
        "ed142fd0673e97e23eac54620cfb913e5ce36c25",
        "v0.36.0",
    ),
    // git (v4.0.1); 10 public workflows and pin tables. v4: node24 only.
    pin(
        "hashicorp/setup-terraform",
        "dfe3c3f87815947d99a8997f908cb6525fc44e9e",
        "v4.0.1",
    ),
    // Newer than the repository snapshot (which ends at v7.0.0): 10 public pin tables and
    // workflows agree on this SHA for v7.0.1. v7 adds `archive` (default `true`, as before).
    pin(
        "actions/upload-artifact",
        "043fb46d1a93c77aae656e7c1c64a875d1fc6a0a",
        "v7.0.1",
    ),
    // Newer than the repository snapshot (which ends at v8.0.1): 10 public pin tables and
    // workflows agree on this SHA for v8.0.2. v8 fails on a digest mismatch by default
    // (`digest-mismatch: error`), which the plan and image hand-offs want.
    pin(
        "actions/download-artifact",
        "9000827ccba6bdab643e8b6fd33ac0654aef8333",
        "v8.0.2",
    ),
    // Newer than the repository snapshot (which ends at v8.0.0): 10 public workflows and pin
    // tables agree on this SHA for v9.0.0. v9 breaks `require('@actions/github')` and a script's
    // own `getOctokit`; plan-comment.js uses neither (only `require('fs')`, `github`, `context`).
    pin(
        "actions/github-script",
        "3a2844b7e9c422d3c10d287c895573f7108da1b3",
        "v9.0.0",
    ),
    // git (v5.0.1); 10 public workflows and pin tables. v5: node24, `version` unchanged.
    pin(
        "azure/setup-helm",
        "9bc31f4ebc9c6b171d7bfbaa5d006ae7abdb4310",
        "v5.0.1",
    ),
    // git (v5.1.0); 10 public workflows and pin tables. v5: node24, `version` unchanged (takes
    // `v1.35.0`-style versions, as plinth passes).
    pin(
        "azure/setup-kubectl",
        "829323503d1be3d00ca8346e5391ca0b07a9ab0d",
        "v5.1.0",
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

/// A blueprint's replacement for the pin of one action (`[ci.actions]`), already validated.
pub use plinth_blueprint::model::ActionOverride;

/// The `uses:` value of `action`: the blueprint's override when it has one, else the built-in
/// pin; `None` for an action the table does not pin.
pub fn reference(action: &str, overrides: &[ActionOverride]) -> Option<String> {
    let pin = action_pin(action)?;
    Some(match overrides.iter().find(|o| o.action == pin.action) {
        Some(o) => format!("{}@{} # {}", pin.action, o.sha, o.version),
        None => pin.reference(),
    })
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

/// The Trivy CLI the scan installs: the default of the pinned trivy-action v0.36.0 (its
/// `action.yaml`), released after the March 2026 compromise of Trivy's release automation
/// (v0.69.4 was the malicious build).
pub const TRIVY_VERSION: &str = "v0.70.0";

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

    /// `vX.Y.Z` or `X.Y.Z` (setup-php's tags have no `v`): a release, not a branch or a major tag.
    fn is_release_version(version: &str) -> bool {
        let digits = version.strip_prefix('v').unwrap_or(version);
        let parts: Vec<&str> = digits.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    }

    #[test]
    fn every_pin_names_a_full_release_version() {
        for pin in PINS {
            assert!(
                is_release_version(pin.version),
                "{}: `{}` is not a vX.Y.Z release",
                pin.action,
                pin.version
            );
            assert!(pin.action.split('/').count() == 2, "{}", pin.action);
        }
        for version in [TERRAFORM_VERSION, HELM_VERSION, TRIVY_VERSION] {
            assert!(is_release_version(version), "{version}");
        }
        for chart in HELM_CHART_PINS {
            assert!(is_release_version(chart.version), "{}", chart.chart);
        }
        assert!(!is_release_version("v7"));
        assert!(!is_release_version("main"));
    }

    #[test]
    fn the_blueprint_knows_every_pinned_action() {
        let pinned: Vec<&str> = PINS.iter().map(|pin| pin.action).collect();
        assert_eq!(pinned, plinth_blueprint::raw::PINNED_ACTIONS);
    }

    #[test]
    fn an_override_replaces_the_pin_of_its_action_only() {
        let overrides = [ActionOverride {
            action: "actions/checkout".to_owned(),
            sha: "0123456789abcdef0123456789abcdef01234567".to_owned(),
            version: "v7.0.2".to_owned(),
        }];
        assert_eq!(
            reference("actions/checkout", &overrides).unwrap(),
            "actions/checkout@0123456789abcdef0123456789abcdef01234567 # v7.0.2"
        );
        assert_eq!(
            reference("actions/cache", &overrides).unwrap(),
            action_pin("actions/cache").unwrap().reference()
        );
        assert!(reference("someone/unpinned", &overrides).is_none());
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
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
        );
        assert!(action_pin("actions/checkout@v4").is_none());
    }
}
