//! A service's sidecars as the pod's init containers: native sidecars (`restartPolicy: Always`),
//! which start before the service's container and outlive it, so a job's pod still completes;
//! and run-once init containers for the sidecars another container waits for to `success`.
//! <https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/>

use plinth_blueprint::model::{Service, Sidecar, sidecar_secret_key};
use plinth_blueprint::raw::ContainerCondition;
use serde_json::{Map, Value, json};

use crate::container_parts::{exec_command, millicores, security_context};
use crate::naming::secrets_name;

/// The pod's `initContainers`, each after the containers it waits for.
pub(crate) fn init_containers(service: &Service) -> Vec<Value> {
    ordered(service)
        .into_iter()
        .map(|sidecar| Value::Object(init_container(service, sidecar)))
        .collect()
}

/// The sidecars, each after those it depends on (the validator refused cycles), otherwise as
/// near the order the blueprint lists them as that allows: each step places the first one listed
/// whose dependencies are placed.
fn ordered(service: &Service) -> Vec<&Sidecar> {
    let mut placed: Vec<&Sidecar> = Vec::new();
    let is_placed = |placed: &[&Sidecar], name: &str| placed.iter().any(|p| p.name == name);
    while placed.len() < service.sidecars.len() {
        let next = service.sidecars.iter().find(|sidecar| {
            !is_placed(&placed, &sidecar.name)
                && sidecar.depends_on.iter().all(|d| {
                    is_placed(&placed, &d.container)
                        || !service.sidecars.iter().any(|s| s.name == d.container)
                })
        });
        // None only in a cycle the validator reports: keep the rest in order rather than loop.
        let next = next.or_else(|| {
            service
                .sidecars
                .iter()
                .find(|s| !is_placed(&placed, &s.name))
        });
        match next {
            Some(sidecar) => placed.push(sidecar),
            None => break,
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
    container.insert(
        "securityContext".into(),
        security_context(sidecar.read_only_root_filesystem, sidecar.user.as_deref()),
    );
    let mounts: Vec<Value> = if sidecar.read_only_root_filesystem {
        vec![json!({ "name": format!("tmp-{}", sidecar.name), "mountPath": "/tmp" })]
    } else {
        Vec::new()
    };
    container.insert("volumeMounts".into(), Value::Array(mounts));
    container
}

#[cfg(test)]
mod tests {
    use plinth_blueprint::{SourceFile, load};
    use serde_json::Value;

    use crate::service_manifests;

    const BLUEPRINT: &str = r#"
[project]
name = "shop"
region = "eu-west-1"

[compute]
platform = "eks"

[observability]
tracing = "xray"

[services.api]
port = 8080
dockerfile = "Dockerfile"
depends_on = { setup = "success", proxy = "healthy" }

[[services.api.sidecars]]
name = "proxy"
image = "public.ecr.aws/nginx/nginx:1.27"
health_check_command = ["CMD-SHELL", "true"]
depends_on = { setup = "success" }

[[services.api.sidecars]]
name = "setup"
image = "public.ecr.aws/docker/library/busybox:1.37"
essential = false
command = ["true"]
"#;

    fn deployment_and_policy() -> (Value, Value) {
        let loaded = load(&SourceFile::new("app.toml", BLUEPRINT)).expect("valid");
        let blueprint = &loaded.blueprint;
        let env = &blueprint.environments[0];
        let manifests = service_manifests(&blueprint.project, env, &env.services[0]);
        let find = |name: &str| {
            manifests
                .files
                .iter()
                .find(|(file, _)| file == name)
                .map(|(_, doc)| doc.clone())
                .expect(name)
        };
        (find("deployment.yaml"), find("networkpolicy.yaml"))
    }

    #[test]
    fn sidecars_are_init_containers_in_dependency_order() {
        let (deployment, _) = deployment_and_policy();
        let pod = &deployment["spec"]["template"]["spec"];
        let init = pod["initContainers"].as_array().expect("init containers");
        let names: Vec<&str> = init.iter().filter_map(|c| c["name"].as_str()).collect();
        // `proxy` waits for `setup`, so `setup` comes first though written second.
        assert_eq!(names, ["setup", "proxy", "otel-collector"]);
        // The one the service waits on to succeed runs once; the others are native sidecars.
        assert!(init[0].get("restartPolicy").is_none());
        assert_eq!(init[1]["restartPolicy"], "Always");
        assert_eq!(init[2]["restartPolicy"], "Always");
        // Awaited healthy: a startup probe gates the next container.
        assert_eq!(init[1]["startupProbe"]["exec"]["command"][2], "true");
        assert!(init[2].get("startupProbe").is_none());
        // The service's container gets what the three sidecars leave: 256 - 3 × 64 units.
        let main = &pod["containers"][0];
        assert_eq!(main["resources"]["requests"]["cpu"], "62m");
        assert_eq!(main["resources"]["requests"]["memory"], "128Mi");
        let volumes: Vec<&str> = pod["volumes"]
            .as_array()
            .expect("volumes")
            .iter()
            .filter_map(|v| v["name"].as_str())
            .collect();
        assert_eq!(
            volumes,
            ["tmp", "tmp-proxy", "tmp-setup", "tmp-otel-collector"]
        );
    }

    #[test]
    fn a_service_with_sidecars_may_reach_https() {
        let (_, policy) = deployment_and_policy();
        let egress = policy["spec"]["egress"].as_array().expect("egress");
        assert!(
            egress.iter().any(|rule| rule["ports"][0]["port"] == 443
                && rule["to"][0]["ipBlock"]["cidr"] == "0.0.0.0/0"),
            "{egress:#?}"
        );
    }
}
