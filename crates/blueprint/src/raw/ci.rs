use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::span::Sp;

/// The third-party actions the generated workflows use: the actions of plinth's pin table
/// (`crates/workflows/src/pins.rs`, whose tests keep the two lists equal), in its order.
pub const PINNED_ACTIONS: [&str; 17] = [
    "actions/checkout",
    "actions/setup-node",
    "actions/setup-python",
    "actions/setup-go",
    "shivammathur/setup-php",
    "actions/cache",
    "docker/setup-buildx-action",
    "docker/build-push-action",
    "aws-actions/configure-aws-credentials",
    "aws-actions/amazon-ecr-login",
    "aquasecurity/trivy-action",
    "hashicorp/setup-terraform",
    "actions/upload-artifact",
    "actions/download-artifact",
    "actions/github-script",
    "azure/setup-helm",
    "azure/setup-kubectl",
];

/// The `[ci]` table: settings of the generated GitHub Actions workflows. The workflows are shared
/// by every environment, so `[ci]` belongs to the base blueprint; an `[env.<name>]` table cannot
/// override it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CiRaw {
    /// Replacements for plinth's built-in action pins, keyed by action (`owner/name`, one of the
    /// actions plinth pins), e.g. `"actions/checkout" = { sha = "<40-hex commit>", version =
    /// "v7.0.1" }`. Every `uses:` of that action in the generated workflows becomes
    /// `owner/name@<sha> # <version>`. Use it to take an action release before a plinth release
    /// carries it; remove the entry once plinth's own pin is as new (see docs/workflows.md).
    pub actions: Option<Sp<IndexMap<Sp<String>, Sp<ActionPinRaw>>>>,
}

/// One entry of `[ci.actions]`: the commit an action is pinned to and the release it belongs to.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["sha", "version"]))]
pub struct ActionPinRaw {
    /// The full 40-character commit SHA the release tag points to (for an annotated tag, the
    /// commit it peels to: `git ls-remote https://github.com/<owner>/<name> 'refs/tags/<tag>^{}'`).
    pub sha: Option<Sp<String>>,
    /// The release tag of that commit, e.g. `v7.0.1`; written after the SHA as `# <version>` so
    /// reviewers, Dependabot and Renovate can read it.
    pub version: Option<Sp<String>>,
}
