//! What `plinth generate` writes under `--out`, assembled where every stage is visible: the
//! Terraform roots and modules, the Kubernetes manifests of the EKS environments, and the README
//! that ties them together with each environment's diagram and cost estimate. The command line
//! (`main.rs`) adds the workflows, the writer and the messages.
#![deny(missing_docs)]

pub mod readme;

use plinth_blueprint::model::Blueprint;
use plinth_blueprint::output::GeneratedFile;
use plinth_cost::EnvironmentEstimate;

/// The files of the tree `plinth generate` writes for `blueprint` (read from `source`, as each
/// file's header names it), sorted by path. `estimates` are `plinth_cost::estimate(blueprint)`,
/// which the command also checks against the budgets, so they are computed once.
pub fn tree_files(
    blueprint: &Blueprint,
    source: &str,
    estimates: &[EnvironmentEstimate],
) -> Vec<GeneratedFile> {
    let mut files = plinth_terraform::emit(blueprint, source);
    files.extend(plinth_kubernetes::emit(blueprint, source));
    files.push(readme::readme(blueprint, source, estimates));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
