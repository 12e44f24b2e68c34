//! What moves each ECS service, and each scheduled job, onto its latest task definition.

use plinth_blueprint::model::{Compute, Environment, ImageSource, Service};
use serde::Serialize;

/// One ECS service's move onto its latest task definition after an apply.
#[derive(Debug, Serialize)]
pub struct Rollout {
    /// The service.
    pub service: String,
    /// `<AWS name>=running` (CI owns the image: keep the running one) or `<AWS name>=latest`
    /// (the blueprint names it: take Terraform's), as `ecs-rollout.sh` reads it; the AWS name is
    /// the service's old key when it was renamed.
    pub rollout: String,
}

/// What moves each of `env`'s ECS services and jobs onto its latest task definition after an
/// apply; empty on EKS.
pub(crate) fn ecs_rollouts(env: &Environment) -> Vec<Rollout> {
    match env.compute {
        Compute::Ecs(_) => env
            .services
            .iter()
            .map(|s| {
                let image = if is_built(s) { "running" } else { "latest" };
                Rollout {
                    service: s.name.clone(),
                    // AWS knows a renamed service by its old key (its identity).
                    rollout: format!("{}={image}", s.identity()),
                }
            })
            .collect(),
        Compute::Eks(_) => Vec::new(),
    }
}

/// Each ECS service as `<service>=<AWS name>`, space-separated; empty on EKS.
pub(crate) fn aws_names(env: &Environment) -> String {
    match env.compute {
        Compute::Ecs(_) => env
            .services
            .iter()
            .map(|s| format!("{}={}", s.name, s.identity()))
            .collect::<Vec<_>>()
            .join(" "),
        Compute::Eks(_) => String::new(),
    }
}

/// The AWS names of `env`'s scheduled jobs on ECS, space-separated; empty on EKS.
pub(crate) fn ecs_jobs(env: &Environment) -> String {
    if !matches!(env.compute, Compute::Ecs(_)) {
        return String::new();
    }
    env.services
        .iter()
        .filter(|s| s.job().is_some())
        .map(|s| s.identity().to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether CI builds the service's image (from a Dockerfile).
pub(crate) fn is_built(service: &Service) -> bool {
    matches!(service.image, ImageSource::Build { .. })
}

/// The release commands of `env`'s ECS services as `ecs-rollout.sh` reads them, a JSON object
/// keyed by AWS name: `{"<AWS name>": {"command": [...], "timeout_seconds": n}}`; empty when no
/// service has one, and on EKS (where the release Job is one of the service's manifests).
pub fn ecs_releases(env: &Environment) -> String {
    if !matches!(env.compute, Compute::Ecs(_)) {
        return String::new();
    }
    let releases: serde_json::Map<String, serde_json::Value> = env
        .services
        .iter()
        .filter_map(|s| {
            let release = s.release.as_ref()?;
            Some((
                s.identity().to_owned(),
                serde_json::json!({
                    "command": release.command,
                    "timeout_seconds": release.timeout_seconds,
                }),
            ))
        })
        .collect();
    if releases.is_empty() {
        String::new()
    } else {
        serde_json::Value::Object(releases).to_string()
    }
}

/// Minutes a job that publishes and rolls out one service of `env` may take: three ten-minute
/// waits for the rollout and the publishing around them, plus the longest release command,
/// which runs first.
pub(crate) fn deploy_minutes(env: &Environment) -> u32 {
    let release = env
        .services
        .iter()
        .filter_map(|s| s.release.as_ref())
        .map(|r| r.timeout_seconds.div_ceil(60))
        .max()
        .unwrap_or(0);
    DEPLOY_MINUTES + release
}

/// Minutes a deploy job takes without a release command.
const DEPLOY_MINUTES: u32 = 45;
