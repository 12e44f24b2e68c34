//! Kubernetes manifests for the EKS environments of a blueprint.
//!
//! Each service gets a kustomization under `k8s/<env>/<service>/` (Deployment, Service,
//! ServiceAccount, PodDisruptionBudget, NetworkPolicy, and when they apply an Ingress for the AWS
//! Load Balancer Controller, a HorizontalPodAutoscaler and a SecretProviderClass for the Secrets
//! Store CSI driver), and the environment a shared `namespace/` kustomization. Plain manifests,
//! not a Helm chart: they are reviewed in pull requests as they are applied, validated offline
//! against the cluster version's OpenAPI schemas, and the three things only known later come in
//! through kustomize, each from its owner — the image from the deploy step (`kustomize edit set
//! image`), endpoints and secret ARNs from Terraform (the workload's SSM parameter, written to
//! `terraform.env` by the deploy step and turned into a ConfigMap). A service with a release
//! command also gets `k8s/<env>/releases/<service>/`, a kustomization on top of its own with the
//! Job the deploy step runs before it rolls the service out.
#![deny(missing_docs)]

mod container_parts;
mod manifests;
mod naming;
mod pod;
mod release;
mod sidecar;
pub mod yaml;

use plinth_blueprint::model::{Blueprint, Compute};
use plinth_blueprint::output::{GeneratedFile, header};

pub use manifests::{ServiceManifests, service_manifests};
pub use release::{RELEASES_DIR, release_job_name};

/// The environment file the deploy step writes next to each kustomization from the workload's
/// SSM parameter (never committed: it is created at deploy time).
pub const TERRAFORM_ENV_FILE: &str = "terraform.env";

/// Every manifest of every EKS environment, sorted by path; nothing for ECS environments.
pub fn emit(blueprint: &Blueprint, source: &str) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for env in &blueprint.environments {
        if !matches!(env.compute, Compute::Eks(_)) {
            continue;
        }
        let dir = format!("k8s/{}", env.name);
        let namespace = manifests::namespace(&blueprint.project);
        files.extend(documents(&format!("{dir}/namespace"), &namespace, source));
        for service in &env.services {
            let manifests = service_manifests(&blueprint.project, env, service);
            files.extend(documents(
                &format!("{dir}/{}", service.name),
                &manifests.files,
                source,
            ));
            files.extend(documents(
                &format!("{dir}/{RELEASES_DIR}/{}", service.name),
                &manifests.release,
                source,
            ));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn documents(
    dir: &str,
    documents: &[(String, serde_json::Value)],
    source: &str,
) -> Vec<GeneratedFile> {
    documents
        .iter()
        .map(|(name, value)| {
            let path = format!("{dir}/{name}");
            let contents = format!("{}{}", header(&path, source), yaml::render(value));
            GeneratedFile::new(path, contents)
        })
        .collect()
}
