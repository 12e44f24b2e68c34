//! Terraform emission: one root per environment over embedded, hand-written modules.
//!
//! [`emit`] turns a validated [`Blueprint`] into the files of `envs/<env>/` and the modules they
//! call, as [`GeneratedFile`]s; it never touches the disk. Every `.tf` file is rendered with
//! hcl-rs and the [`fmt`] post-pass, so it is byte-identical to `terraform fmt` output.
#![deny(missing_docs)]

pub mod bootstrap;
pub mod catalog;
pub mod database_access;
pub mod ecs;
mod ecs_job;
mod ecs_task;
pub mod eks;
pub mod fmt;
pub mod hcl;
pub mod messaging;
pub mod module_docs;
pub mod modules;
pub mod root;
mod service_inputs;
pub mod settings;
mod skips;
pub mod stateful;
pub mod warnings;

#[cfg(test)]
mod day2_tests;

use std::collections::BTreeSet;

use plinth_blueprint::model::{Blueprint, Compute};
use plinth_blueprint::output::GeneratedFile;

use crate::modules::ModuleCopy;

/// Everything a blueprint compiles to on the Terraform side (the environment and bootstrap roots
/// and the modules they call; the tree's README is assembled by the CLI, which sees the cost and
/// graph too), sorted by path. `source` is the path the blueprint was read from, as shown in each
/// file's header.
pub fn emit(blueprint: &Blueprint, source: &str) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut modules = BTreeSet::new();
    for env in &blueprint.environments {
        let root = match &env.compute {
            Compute::Ecs(ecs) => ecs::ecs_root(&blueprint.project, env, ecs, source),
            Compute::Eks(eks) => eks::eks_root(&blueprint.project, env, eks, source),
        };
        files.extend(root.files);
        modules.extend(
            root.modules
                .into_iter()
                .map(|module| ModuleCopy::for_environment(module, env)),
        );
    }
    let (bootstrap_files, bootstrap_modules) = bootstrap::bootstrap(blueprint, source);
    files.extend(bootstrap_files);
    modules.extend(bootstrap_modules.into_iter().map(|module| ModuleCopy {
        module,
        protected: false,
    }));
    for module in modules {
        files.extend(module.files(source));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
