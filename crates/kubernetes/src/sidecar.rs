//! A service's sidecars as the pod's init containers: native sidecars (`restartPolicy: Always`),
//! which start before the service's container and outlive it, so a job's pod still completes;
//! and run-once init containers for the sidecars another container waits for to `success`.
//! <https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/>

use plinth_blueprint::model::{Service, Sidecar, sidecar_secret_key};
use plinth_blueprint::raw::ContainerCondition;
use serde_json::{Map, Value, json};

use crate::container_parts::{exec_command, millicores, numeric_user};
use crate::naming::secrets_name;

/// The pod's `initContainers`, each after the containers it waits for.
pub(crate) fn init_containers(service: &Service) -> Vec<Value> {
    ordered(service)
        .into_iter()
        .map(|sidecar| Value::Object(init_container(service, sidecar)))
        .collect()
}

/// The sidecars, each after those it depends on (the validator refused cycles), otherwise in
/// the order the blueprint lists them.
fn ordered(service: &Service) -> Vec<&Sidecar> {
    let mut placed: Vec<&Sidecar> = Vec::new();
    while placed.len() < service.sidecars.len() {
        let before = placed.len();
        for sidecar in &service.sidecars {
            let ready = sidecar.depends_on.iter().all(|d| {
                placed.iter().any(|p| p.name == d.container)
                    || !service.sidecars.iter().any(|s| s.name == d.container)
            });
            if ready && !placed.iter().any(|p| p.name == sidecar.name) {
                placed.push(sidecar);
            }
        }
        if placed.len() == before {
            // A cycle the validator reports; keep the rest in order rather than loop.
            let rest: Vec<&Sidecar> = service
                .sidecars
                .iter()
                .filter(|s| !placed.iter().any(|p| p.name == s.name))
                .collect();
            placed.extend(rest);
        }
    }
    placed
}

/// Whether some container waits for this one to run to completion.
fn runs_once(service: &Service, sidecar: &Sidecar) -> bool {
    service
        .depends_on
        .iter()
        .chain(service.sidecars.iter().flat_map(|s| &s.depends_on))
        .any(|d| {
            d.container == sidecar.name
                && matches!(
                    d.condition,
                    ContainerCondition::Success | ContainerCondition::Complete
                )
        })
}

/// Whether some container waits for this one to be healthy: Kubernetes then starts the next
/// container only once its startup probe passes.
fn awaited_healthy(service: &Service, sidecar: &Sidecar) -> bool {
    service
        .depends_on
        .iter()
        .chain(service.sidecars.iter().flat_map(|s| &s.depends_on))
        .any(|d| d.container == sidecar.name && d.condition == ContainerCondition::Healthy)
}

fn init_container(service: &Service, sidecar: &Sidecar) -> Map<String, Value> {
    let mut container = Map::new();
    container.insert("name".into(), json!(sidecar.name));
    container.insert("image".into(), json!(sidecar.image));
    if !runs_once(service, sidecar) {
        container.insert("restartPolicy".into(), json!("Always"));
    }
    if !sidecar.command.is_empty() {
        container.insert("args".into(), json!(sidecar.command));
    }
    if let Some(port) = sidecar.port {
        container.insert(
            "ports".into(),
            json!([{ "containerPort": port, "protocol": "TCP" }]),
        );
    }
    let plain = sidecar
        .environment
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }));
    let secret = sidecar.secrets.iter().map(|secret| {
        json!({
            "name": secret.name,
            "valueFrom": { "secretKeyRef": {
                "name": secrets_name(service),
                "key": sidecar_secret_key(&sidecar.name, &secret.name),
            } },
        })
    });
    container.insert("env".into(), Value::Array(plain.chain(secret).collect()));
    container.insert(
        "resources".into(),
        json!({
            "requests": { "cpu": millicores(sidecar.cpu), "memory": format!("{}Mi", sidecar.memory) },
            "limits": { "memory": format!("{}Mi", sidecar.memory) },
        }),
    );
    let command = exec_command(&sidecar.health_check_command);
    if !command.is_empty() {
        let check = |period: u32, failures: u32| {
            json!({
                "exec": { "command": command },
                "periodSeconds": period,
                "timeoutSeconds": 5,
                "failureThreshold": failures,
            })
        };
        if awaited_healthy(service, sidecar) {
            // Up to five minutes to become healthy, as the pod waits for it.
            container.insert("startupProbe".into(), check(5, 60));
        }
        if !runs_once(service, sidecar) {
            container.insert("livenessProbe".into(), check(30, 3));
        }
    }
    let mut security = Map::new();
    security.insert("allowPrivilegeEscalation".into(), json!(false));
    security.insert(
        "readOnlyRootFilesystem".into(),
        json!(sidecar.read_only_root_filesystem),
    );
    security.insert("runAsNonRoot".into(), json!(true));
    if let Some((uid, gid)) = numeric_user(sidecar.user.as_deref()) {
        security.insert("runAsUser".into(), json!(uid));
        if let Some(gid) = gid {
            security.insert("runAsGroup".into(), json!(gid));
        }
    }
    security.insert("capabilities".into(), json!({ "drop": ["ALL"] }));
    container.insert("securityContext".into(), Value::Object(security));
    let mounts: Vec<Value> = if sidecar.read_only_root_filesystem {
        vec![json!({ "name": format!("tmp-{}", sidecar.name), "mountPath": "/tmp" })]
    } else {
        Vec::new()
    };
    container.insert("volumeMounts".into(), Value::Array(mounts));
    container
}
