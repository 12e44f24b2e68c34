//! Terraform emission: one root per environment over embedded, hand-written modules.
//!
//! [`emit`] turns a validated [`Blueprint`] into the files of `envs/<env>/` and the modules they
//! call, as [`GeneratedFile`]s; it never touches the disk. Every `.tf` file is rendered with
//! hcl-rs and the [`fmt`] post-pass, so it is byte-identical to `terraform fmt` output.
#![deny(missing_docs)]

pub mod bootstrap;
pub mod catalog;
pub mod eks;
pub mod fmt;
pub mod hcl;
pub mod module_docs;
pub mod modules;
pub mod readme;
pub mod root;
pub mod stateful;

use std::collections::BTreeSet;
use std::fmt::Display;

use plinth_blueprint::model::{Blueprint, Compute, Environment};
use plinth_blueprint::output::GeneratedFile;

use crate::modules::ModuleCopy;

/// Why a valid blueprint cannot be generated yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// The environment that uses it.
    pub environment: String,
    /// What is not generated yet.
    pub feature: &'static str,
}

impl Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "environment `{}` uses {}, which plinth cannot generate Terraform for yet",
            self.environment, self.feature
        )
    }
}

impl std::error::Error for Unsupported {}

/// Everything a blueprint compiles to on the Terraform side, sorted by path. `blueprint` is the
/// path the blueprint was read from, as shown in each file's header.
pub fn emit(blueprint: &Blueprint, source: &str) -> Result<Vec<GeneratedFile>, Unsupported> {
    let mut files = Vec::new();
    let mut modules = BTreeSet::new();
    for env in &blueprint.environments {
        check_supported(env)?;
        let root = match &env.compute {
            Compute::Ecs(ecs) => root::ecs_root(&blueprint.project, env, ecs, source),
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
    files.push(readme::readme(blueprint, source));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Refuses what the Terraform compiler does not emit yet, rather than silently leaving it out.
fn check_supported(env: &Environment) -> Result<(), Unsupported> {
    // On EKS the load balancer belongs to the AWS Load Balancer Controller, which Terraform
    // cannot name at plan time; attaching the web ACL through the Ingress is not generated yet.
    if matches!(env.compute, Compute::Eks(_)) && env.waf.is_some() {
        return Err(Unsupported {
            environment: env.name.clone(),
            feature: "`[waf]` with EKS",
        });
    }
    Ok(())
}
