//! The pod a service's Deployment runs: its container (image, environment, resources, probes,
//! hardening), its volumes and its security context.

use plinth_blueprint::model::{Environment, ImageSource, Job, Project, Service, Workload};
use plinth_blueprint::raw::Concurrency;
use serde_json::{Map, Value, json};

use crate::container_parts::{exec_command, millicores, numeric_user, security_context};
use crate::naming::{config_map_name, labels, metadata, secrets_name};

fn environment(env: &Environment, service: &Service) -> Vec<Value> {
    let plain = service.variables(env).into_iter().map(|variable| {
        let name = variable.name;
        json!({
            "name": name,
            "valueFrom": { "configMapKeyRef": { "name": config_map_name(service), "key": name } },
        })
    });
    let secret = service.secrets.iter().map(|secret| {
        json!({
            "name": secret.name,
            "valueFrom": { "secretKeyRef": { "name": secrets_name(service), "key": secret.name } },
        })
    });
    plain.chain(secret).collect()
}

/// The pod's scratch volume and, when the service reads secrets, the CSI volume that fetches them:
/// the container's mounts and the pod's volumes.
pub(crate) fn pod_storage(service: &Service) -> (Vec<Value>, Vec<Value>) {
    let mut mounts = vec![json!({ "name": "tmp", "mountPath": "/tmp" })];
    let mut volumes = vec![json!({ "name": "tmp", "emptyDir": {} })];
    // Each read-only sidecar gets its own scratch space, as on ECS.
    volumes.extend(
        service
            .sidecars
            .iter()
            .filter(|sidecar| sidecar.read_only_root_filesystem)
            .map(|sidecar| json!({ "name": format!("tmp-{}", sidecar.name), "emptyDir": {} })),
    );
    if service.has_secrets() {
        // The CSI volume must be mounted for the driver to fetch the secrets and sync them into
        // the Secret the environment variables read.
        mounts.push(json!({ "name": "secrets", "mountPath": "/mnt/secrets", "readOnly": true }));
        volumes.push(json!({
            "name": "secrets",
            "csi": {
                "driver": "secrets-store.csi.k8s.io",
                "readOnly": true,
                "volumeAttributes": { "secretProviderClass": secrets_name(service) },
            },
        }));
    }
    (mounts, volumes)
}

pub(crate) fn pod_security(service: &Service) -> Map<String, Value> {
    let mut pod_security = Map::new();
    pod_security.insert("runAsNonRoot".into(), json!(true));
    if let Some((uid, gid)) = numeric_user(service.user.as_deref()) {
        pod_security.insert("runAsUser".into(), json!(uid));
        if let Some(gid) = gid {
            pod_security.insert("runAsGroup".into(), json!(gid));
            pod_security.insert("fsGroup".into(), json!(gid));
        }
    }
    pod_security.insert("seccompProfile".into(), json!({ "type": "RuntimeDefault" }));
    pod_security
}

/// The probes of a workload, in the order they are written: a web service is ready and alive
/// when its health path answers; a worker takes no traffic, so it has no readiness, and its
/// health command, if any, is its liveness.
fn probes(service: &Service) -> Vec<(&'static str, Value)> {
    let probe = |check: &Value, delay: u32, period: u32| {
        let mut probe = check.as_object().cloned().unwrap_or_default();
        probe.insert("initialDelaySeconds".into(), json!(delay));
        probe.insert("periodSeconds".into(), json!(period));
        probe.insert("timeoutSeconds".into(), json!(5));
        probe.insert("failureThreshold".into(), json!(3));
        Value::Object(probe)
    };
    match &service.workload {
        Workload::Web(web) => {
            let check = json!({ "httpGet": { "path": web.health_check_path, "port": "http" } });
            vec![
                ("readinessProbe", probe(&check, 5, 10)),
                ("livenessProbe", probe(&check, 30, 20)),
            ]
        }
        Workload::Worker(worker) => {
            let command = exec_command(&worker.health_check_command);
            if command.is_empty() {
                Vec::new()
            } else {
                let check = json!({ "exec": { "command": command } });
                vec![("livenessProbe", probe(&check, 30, 20))]
            }
        }
        // A run ends on its own; its deadline is the pod's.
        Workload::Job(_) => Vec::new(),
    }
}

pub(crate) fn container(
    env: &Environment,
    service: &Service,
    mounts: &[Value],
) -> Map<String, Value> {
    let image = match &service.image {
        ImageSource::Build { .. } => service.name.clone(),
        ImageSource::External { image } => image.clone(),
    };
    // Keys in the order earlier releases wrote them, so regenerating shows no reordering.
    let mut container = Map::new();
    container.insert("name".into(), json!(service.name));
    container.insert("image".into(), json!(image));
    // `args` replaces the image's CMD and keeps its ENTRYPOINT, as `command` does on ECS.
    if let Some(job) = service.job().filter(|job| !job.command.is_empty()) {
        container.insert("args".into(), json!(job.command));
    }
    if let Some(web) = service.web() {
        container.insert(
            "ports".into(),
            json!([{ "name": "http", "containerPort": web.port, "protocol": "TCP" }]),
        );
    }
    container.insert("env".into(), json!(environment(env, service)));
    container.insert(
        "resources".into(),
        json!({
            "requests": { "cpu": millicores(service.main_cpu()), "memory": format!("{}Mi", service.main_memory()) },
            "limits": { "memory": format!("{}Mi", service.main_memory()) },
        }),
    );
    for (key, probe) in probes(service) {
        container.insert(key.into(), probe);
    }
    // The service's user is the pod's (`pod_security`).
    container.insert(
        "securityContext".into(),
        security_context(service.read_only_root_filesystem, None),
    );
    container.insert("volumeMounts".into(), json!(mounts));
    container
}

/// A job's CronJob: its pods are the service's pod, run to completion on the schedule.
///
/// Each attempt gets `timeout_seconds` (the pod's `activeDeadlineSeconds`), as each Step
/// Functions attempt does on ECS, and a failed attempt is retried `retries` times
/// (`backoffLimit`). <https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/>
pub(crate) fn cron_job(
    project: &Project,
    env: &Environment,
    service: &Service,
    job: &Job,
) -> Value {
    let (mounts, volumes) = pod_storage(service);
    let labels = labels(project, service);
    let policy = match job.concurrency {
        Concurrency::Forbid => "Forbid",
        Concurrency::Allow => "Allow",
    };
    json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": metadata(project, service, &service.name),
        "spec": {
            "schedule": job.schedule.kubernetes.clone().unwrap_or_default(),
            "timeZone": job.timezone,
            "concurrencyPolicy": policy,
            // A run missed by more than this (controller down, cluster upgrade) is skipped
            // rather than started late.
            "startingDeadlineSeconds": 300,
            "successfulJobsHistoryLimit": 3,
            "failedJobsHistoryLimit": 3,
            "jobTemplate": {
                "metadata": { "labels": labels },
                "spec": {
                    "backoffLimit": job.retries,
                    "template": {
                        "metadata": { "labels": labels },
                        "spec": run_once_pod_spec(
                            service,
                            Some(job.timeout_seconds),
                            container(env, service, &mounts),
                            volumes,
                        ),
                    },
                },
            },
        },
    })
}

/// The spec of a pod that runs the service's container once (a job's run, a release): its
/// service account, security context and volumes, never restarted in place, and stopped after
/// `deadline` seconds when one is given.
pub(crate) fn run_once_pod_spec(
    service: &Service,
    deadline: Option<u32>,
    container: Map<String, Value>,
    volumes: Vec<Value>,
) -> Value {
    let mut spec = Map::new();
    spec.insert("serviceAccountName".into(), json!(service.name));
    spec.insert("automountServiceAccountToken".into(), json!(false));
    spec.insert("restartPolicy".into(), json!("Never"));
    if let Some(deadline) = deadline {
        spec.insert("activeDeadlineSeconds".into(), json!(deadline));
    }
    spec.insert(
        "securityContext".into(),
        Value::Object(pod_security(service)),
    );
    let init_containers = crate::sidecar::init_containers(service);
    if !init_containers.is_empty() {
        spec.insert("initContainers".into(), Value::Array(init_containers));
    }
    spec.insert(
        "containers".into(),
        Value::Array(vec![Value::Object(container)]),
    );
    spec.insert("volumes".into(), Value::Array(volumes));
    Value::Object(spec)
}
