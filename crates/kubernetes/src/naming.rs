//! The names and labels every manifest of a service shares.

use plinth_blueprint::model::{Project, Service};
use serde_json::{Value, json};

/// The labels of every object of `service`, and of its pods.
pub(crate) fn labels(project: &Project, service: &Service) -> Value {
    json!({
        "app.kubernetes.io/name": service.name,
        "app.kubernetes.io/part-of": project.name,
        "app.kubernetes.io/managed-by": "plinth",
    })
}

/// The label that selects the service's pods.
pub(crate) fn selector(service: &Service) -> Value {
    json!({ "app.kubernetes.io/name": service.name })
}

/// `metadata` with `name` and the service's labels.
pub(crate) fn metadata(project: &Project, service: &Service, name: &str) -> Value {
    json!({ "name": name, "labels": labels(project, service) })
}

/// The ConfigMap Kustomize generates from Terraform's outputs.
pub(crate) fn config_map_name(service: &Service) -> String {
    format!("{}-config", service.name)
}

/// The SecretProviderClass, and the Secret it syncs.
pub(crate) fn secrets_name(service: &Service) -> String {
    format!("{}-secrets", service.name)
}
