//! A service's release kustomization, `k8s/<env>/releases/<service>/`: the Job that runs the
//! release command once with a new image, and the NetworkPolicy its pod gets.
//!
//! It builds on the service's own kustomization (`resources: [../../<service>]`; Kustomize
//! refuses a base that contains the kustomization using it, hence a directory of its own beside
//! the services rather than inside the service's), so one `kubectl kustomize`
//! renders the Job with the same generated ConfigMap (hash suffix and all), secrets and image as
//! the Deployment it goes in front of; the deploy step applies everything but the Deployment, runs
//! the Job, and applies the service only when the Job completes. Applying the service's own
//! kustomization by hand never starts a release.

use plinth_blueprint::model::{Environment, ImageSource, Project, Release, Service};
use serde_json::{Map, Value, json};

use crate::naming::labels;
use crate::pod::{container, pod_storage, run_once_pod_spec};

/// The directory beside the services' that holds each release kustomization, by service name
/// (a service cannot be named so on EKS).
pub const RELEASES_DIR: &str = "releases";

/// Seconds a finished release Job (and its pod's logs) stays for inspection.
const KEEP_FINISHED_SECONDS: u32 = 86_400;

/// The Job's name, `<service>-release`; the deploy step deletes the previous one first.
pub fn release_job_name(service: &Service) -> String {
    format!("{}-release", service.name)
}

/// The labels of the release objects: not the service's selector, so its Service never routes to
/// the release pod and its disruption budget and autoscaler never count it.
fn release_labels(project: &Project, service: &Service) -> Value {
    let mut labels = labels(project, service);
    let map = labels.as_object_mut().expect("labels are an object");
    map.insert(
        "app.kubernetes.io/name".into(),
        json!(release_job_name(service)),
    );
    map.insert("app.kubernetes.io/component".into(), json!("release"));
    labels
}

/// The release kustomization's files, named inside its directory; empty without a release
/// command.
pub(crate) fn release_files(
    project: &Project,
    env: &Environment,
    service: &Service,
    service_policy: &Value,
) -> Vec<(String, Value)> {
    let Some(release) = &service.release else {
        return Vec::new();
    };
    let mut kustomization = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": project.name,
        "resources": [format!("../../{}", service.name), "job.yaml", "networkpolicy.yaml"],
    });
    if let ImageSource::Build { .. } = service.image {
        // The deploy step sets the image here as in the service's kustomization; this one's
        // image transformer covers the Job.
        kustomization.as_object_mut().expect("object").insert(
            "images".into(),
            json!([{ "name": service.name, "newTag": "not-deployed" }]),
        );
    }
    vec![
        ("job.yaml".to_owned(), job(project, env, service, release)),
        (
            "networkpolicy.yaml".to_owned(),
            network_policy(project, service, service_policy),
        ),
        ("kustomization.yaml".to_owned(), kustomization),
    ]
}

/// The Job: the service's pod, without ports or probes, running the release command once.
fn job(project: &Project, env: &Environment, service: &Service, release: &Release) -> Value {
    let (mounts, volumes) = pod_storage(service);
    let mut pod_container = container(env, service, &mounts);
    for key in ["ports", "readinessProbe", "livenessProbe"] {
        pod_container.remove(key);
    }
    // `args` replaces the image's CMD and keeps its ENTRYPOINT, as the ECS command override does.
    let mut ordered = Map::new();
    for key in ["name", "image"] {
        if let Some(value) = pod_container.remove(key) {
            ordered.insert(key.into(), value);
        }
    }
    ordered.insert("args".into(), json!(release.command));
    ordered.extend(pod_container);
    let labels = release_labels(project, service);
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": { "name": release_job_name(service), "labels": labels },
        "spec": {
            // A failed release is not tried again: a migration that failed half-way needs a
            // person, and the deploy stops either way.
            "backoffLimit": 0,
            "activeDeadlineSeconds": release.timeout_seconds,
            "ttlSecondsAfterFinished": KEEP_FINISHED_SECONDS,
            "template": {
                "metadata": { "labels": labels },
                // The Job's own deadline bounds the whole run.
                "spec": run_once_pod_spec(service, None, ordered, volumes),
            },
        },
    })
}

/// The service's NetworkPolicy for the release pod: the same ways out, no way in.
fn network_policy(project: &Project, service: &Service, service_policy: &Value) -> Value {
    let mut policy = service_policy.clone();
    policy["metadata"] = json!({
        "name": release_job_name(service),
        "labels": release_labels(project, service),
    });
    policy["spec"]["podSelector"] = json!({
        "matchLabels": { "app.kubernetes.io/name": release_job_name(service) },
    });
    policy["spec"]["ingress"] = json!([]);
    policy
}
