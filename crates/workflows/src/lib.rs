//! GitHub Actions emission: the CI, deploy, Terraform and freshness workflows of a blueprint.
//!
//! [`emit`] builds one typed "info" context per workflow from the validated [`Blueprint`]
//! ([`info`]) and renders it through an embedded minijinja template ([`render`]). Templates use
//! `[[ … ]]`, `[% … %]` and `[# … #]`, so GitHub's own `${{ … }}` expressions pass through
//! untouched, and every third-party action comes from the one pin table in [`pins`], unless the
//! blueprint overrides it in `[ci.actions]`.
//!
//! The files, relative to the repository root:
//!
//! - `.github/workflows/plinth-ci-<service>.yml` for each service whose image CI builds: tests,
//!   image build and Trivy scan on pull requests; on the default branch it also calls the deploy
//!   workflow with the scanned image.
//! - `.github/workflows/plinth-deploy.yml`: a reusable workflow that promotes one service's image
//!   through the environments in blueprint order.
//! - `.github/workflows/plinth-terraform.yml`: `fmt` and plans on pull requests (commented on the
//!   PR); on the default branch plan, approve and apply the exact plan, environment by environment.
//! - `.github/workflows/plinth-freshness.yml`: fails a pull request whose generated files are stale.
//!
//! # Design
//!
//! - **One build, every registry.** CI builds and scans an image once and uploads it as an
//!   artifact of its run; each environment's deploy job pushes those bytes to its own ECR
//!   repository (`<prefix>/<service>`) with its own credentials. Every AWS call then happens in a
//!   job bound to the target GitHub environment, the only kind of job a production deploy role
//!   trusts, so production credentials exist only after approval, and no account needs
//!   cross-account registry access. CI itself never holds AWS credentials.
//! - **Deploys are called, not triggered.** CI's last job calls the deploy workflow
//!   (`workflow_call`) on the default branch; there is no `workflow_run` or `workflow_dispatch`
//!   entry point to abuse.
//! - **CI owns ECS task-definition revisions.** A deploy registers the family's latest revision
//!   with the new image; after a Terraform apply, services move onto the latest revision keeping
//!   their image. On EKS a deploy applies the service's Kustomize overlay and undoes a failed
//!   rollout.
//! - **Plans are applied exactly.** The binary plan holds state values in clear text, so it is
//!   stored next to the state in the state bucket under its SHA-256; the artifact carries the
//!   readable plan, the digest and the provider lock file, and the apply checks the digest.
//! - **Roles.** Jobs assume `arn:aws:iam::<account>:role/<prefix>-github`, the bootstrap's deploy
//!   role; an environment without a pinned account reads the account from the `AWS_ACCOUNT_ID`
//!   GitHub variable.
#![deny(missing_docs)]

pub mod info;
pub mod pins;
pub mod render;
pub mod rollout;

use std::fmt;

use plinth_blueprint::model::Blueprint;
use plinth_blueprint::output::GeneratedFile;

pub use pins::{ActionPin, HELM_CHART_PINS, HelmChartPin, PINS};

/// The directory, relative to the repository root, the workflows are written to.
pub const WORKFLOW_DIR: &str = ".github/workflows";

/// Why the workflows could not be generated.
#[derive(Debug)]
pub enum WorkflowError {
    /// A blueprint value contains `${{`, which GitHub would evaluate as an expression.
    Expression {
        /// What the value is, e.g. `services.api.test_commands`.
        field: String,
        /// The offending value.
        value: String,
    },
    /// A blueprint path contains a control character such as a newline.
    Path {
        /// What the path is, e.g. `services.api.source_dir`.
        field: String,
        /// The offending path.
        value: String,
    },
    /// A template failed to render: an unknown action, an undefined value. A bug in plinth.
    Template(minijinja::Error),
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Expression { field, value } => write!(
                f,
                "`{field}` contains `${{{{`, which GitHub Actions would evaluate as an expression: {value:?}"
            ),
            Self::Path { field, value } => write!(
                f,
                "`{field}` contains a control character, which a workflow path cannot hold: {value:?}"
            ),
            Self::Template(error) => write!(f, "rendering a workflow failed: {error:#}"),
        }
    }
}

impl std::error::Error for WorkflowError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Template(error) => Some(error),
            Self::Expression { .. } | Self::Path { .. } => None,
        }
    }
}

impl From<minijinja::Error> for WorkflowError {
    fn from(error: minijinja::Error) -> Self {
        Self::Template(error)
    }
}

/// Every workflow of `blueprint`, by path relative to the repository root, sorted by path.
///
/// `blueprint_path` is the blueprint's path relative to the repository root (shown in each
/// header and checked by the freshness workflow); `out_dir_in_repo` is where the generated
/// Terraform tree lives relative to the repository root, e.g. `infra`.
pub fn emit(
    blueprint: &Blueprint,
    blueprint_path: &str,
    out_dir_in_repo: &str,
) -> Result<Vec<GeneratedFile>, WorkflowError> {
    let layout = info::Layout::new(blueprint_path, out_dir_in_repo)?;
    // `[ci]` may only be set in the base blueprint, so every environment carries the same one.
    let overrides = blueprint
        .environments
        .first()
        .map(|env| env.ci.actions.clone())
        .unwrap_or_default();
    let templates = render::Templates::with_overrides(overrides)?;
    let mut files = Vec::new();
    for ci in info::ci(blueprint, &layout)? {
        files.push(templates.render(render::Workflow::Ci, &ci.path, &ci)?);
    }
    let deploy = info::deploy(blueprint, &layout);
    files.push(templates.render(render::Workflow::Deploy, &deploy.path, &deploy)?);
    let terraform = info::terraform(blueprint, &layout);
    files.push(templates.render(render::Workflow::Terraform, &terraform.path, &terraform)?);
    let freshness = info::freshness(blueprint, &layout);
    files.push(templates.render(render::Workflow::Freshness, &freshness.path, &freshness)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use plinth_blueprint::{SourceFile, load};

    use super::emit;

    #[test]
    fn a_blueprint_override_replaces_the_pin_in_every_workflow() {
        let text = r#"
[project]
name = "shop"
region = "eu-west-1"
repository = "acme/shop"

[services.api]
port = 8080
dockerfile = "Dockerfile"

[ci.actions]
"actions/checkout" = { sha = "0123456789ABCDEF0123456789abcdef01234567", version = "v7.0.2" }
"#;
        let blueprint = load(&SourceFile::new("app.toml", text.to_owned()))
            .unwrap()
            .blueprint;
        let files = emit(&blueprint, "app.toml", "infra").unwrap();
        let checkout = "actions/checkout@0123456789abcdef0123456789abcdef01234567 # v7.0.2";
        let mut seen = 0;
        for file in &files {
            for line in file.contents.lines() {
                if line.contains("actions/checkout@") {
                    assert!(line.ends_with(checkout), "{}: {line}", file.path);
                    seen += 1;
                }
            }
        }
        assert!(seen >= 4, "checkout used {seen} times");
        let cache = crate::pins::action_pin("actions/cache")
            .unwrap()
            .reference();
        assert!(files.iter().any(|file| file.contents.contains(&cache)));
    }
}
