use serde::Serialize;

/// Settings of the generated GitHub Actions workflows (`[ci]`), the same in every environment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ci {
    /// The blueprint's replacements for built-in action pins, in blueprint order.
    pub actions: Vec<ActionOverride>,
}

impl Ci {
    /// Whether the blueprint changes nothing (`[ci]` absent or empty).
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

/// A validated `[ci.actions]` entry: `action` (one plinth pins) at commit `sha` of release
/// `version`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionOverride {
    /// `owner/name` of the action.
    pub action: String,
    /// The full, lowercase 40-hex commit SHA.
    pub sha: String,
    /// The release tag, for the `# <version>` comment.
    pub version: String,
}
