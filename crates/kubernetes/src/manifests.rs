//! The manifests of one service, as JSON values rendered to YAML by [`crate::yaml`].

use plinth_blueprint::model::{
    Environment, ImageSource, Project, SECRET_OBJECTS_KEY, Service, Web,
};
use serde_json::{Map, Value, json};

use crate::TERRAFORM_ENV_FILE;
use crate::naming::{config_map_name, labels, metadata, secrets_name, selector};
use crate::pod::{container, cron_job, pod_security, pod_storage};
use crate::release::release_files;

/// The files of one service's kustomization, in the order they are listed in it, and those of
/// its release kustomization.
pub struct ServiceManifests {
    /// `(file name, document)` pairs; `kustomization.yaml` last.
    pub files: Vec<(String, Value)>,
    /// The same for `k8s/<env>/releases/<service>/`; empty without a release command.
    pub release: Vec<(String, Value)>,
}

/// The Pod Identity agent's link-local address, which every pod reaches for its credentials.
const POD_IDENTITY_AGENT: &str = "169.254.170.23/32";
/// MSK's port for IAM-authenticated TLS clients.
const KAFKA_IAM_PORT: u16 = 9098;

/// `k8s/<env>/namespace/`: the project's namespace, held to the `restricted` Pod Security
/// Standard, which every plinth pod meets.
pub fn namespace(project: &Project) -> Vec<(String, Value)> {
    let namespace = json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": project.name,
            "labels": {
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
                "app.kubernetes.io/part-of": project.name,
                "app.kubernetes.io/managed-by": "plinth",
            },
        },
    });
    vec![
        ("namespace.yaml".to_owned(), namespace),
        (
            "kustomization.yaml".to_owned(),
            json!({
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                "resources": ["namespace.yaml"],
            }),
        ),
    ]
}

/// Every manifest of `service` in `env`.
pub fn service_manifests(
    project: &Project,
    env: &Environment,
    service: &Service,
) -> ServiceManifests {
    let mut files = vec![(
        "serviceaccount.yaml".to_owned(),
        service_account(project, service),
    )];
    if let Some(job) = service.job() {
        // A job runs to completion: no Service, no disruption budget, no autoscaler.
        files.push((
            "cronjob.yaml".to_owned(),
            cron_job(project, env, service, job),
        ));
    } else {
        files.push((
            "deployment.yaml".to_owned(),
            deployment(project, env, service),
        ));
        // A worker serves nothing: no Service to reach it by, no Ingress.
        if service.web().is_some() {
            files.push((
                "service.yaml".to_owned(),
                kubernetes_service(project, service),
            ));
        }
        files.push(("pdb.yaml".to_owned(), disruption_budget(project, service)));
    }
    let policy = network_policy(project, env, service);
    let release = release_files(project, env, service, &policy);
    files.push(("networkpolicy.yaml".to_owned(), policy));
    if let Some(hpa) = autoscaler(project, service) {
        files.push(("hpa.yaml".to_owned(), hpa));
    }
    if let Some(web) = service.public_web() {
        files.push((
            "ingress.yaml".to_owned(),
            ingress(project, env, service, web),
        ));
    }
    if service.has_secrets() {
        files.push((
            "secretproviderclass.yaml".to_owned(),
            secret_provider_class(project, env, service),
        ));
    }
    let resources: Vec<Value> = std::iter::once(json!("../namespace"))
        .chain(files.iter().map(|(name, _)| json!(name)))
        .collect();
    files.push((
        "kustomization.yaml".to_owned(),
        kustomization(project, service, &resources),
    ));
    ServiceManifests { files, release }
}

fn kustomization(project: &Project, service: &Service, resources: &[Value]) -> Value {
    let mut kustomization = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": project.name,
        "resources": resources,
        "configMapGenerator": [{
            "name": config_map_name(service),
            "envs": [TERRAFORM_ENV_FILE],
        }],
    });
    let map = kustomization.as_object_mut().expect("object");
    if let ImageSource::Build { .. } = service.image {
        // The deploy step runs `kustomize edit set image <service>=<registry>/<repo>:<sha>`;
        // until then the tag says plainly that nothing was deployed.
        map.insert(
            "images".into(),
            json!([{ "name": service.name, "newTag": "not-deployed" }]),
        );
    }
    if service.has_secrets() {
        map.insert(
            "replacements".into(),
            json!([{
                "source": {
                    "kind": "ConfigMap",
                    "name": config_map_name(service),
                    "fieldPath": format!("data.{SECRET_OBJECTS_KEY}"),
                },
                "targets": [{
                    "select": { "kind": "SecretProviderClass", "name": secrets_name(service) },
                    "fieldPaths": ["spec.parameters.objects"],
                }],
            }]),
        );
    }
    kustomization
}

fn service_account(project: &Project, service: &Service) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": metadata(project, service, &service.name),
        // Pod Identity mounts its own token; the application never calls the Kubernetes API.
        "automountServiceAccountToken": false,
    })
}

fn deployment(project: &Project, env: &Environment, service: &Service) -> Value {
    let (mounts, volumes) = pod_storage(service);
    let container = container(env, service, &mounts);
    let mut spec = Map::new();
    // With an autoscaler the replica count is the autoscaler's: applying a fixed count would
    // fight it on every deploy.
    if service.autoscaling.is_none() {
        spec.insert("replicas".into(), json!(service.desired_count));
    }
    spec.insert("revisionHistoryLimit".into(), json!(5));
    spec.insert(
        "selector".into(),
        json!({ "matchLabels": selector(service) }),
    );
    spec.insert(
        "strategy".into(),
        json!({ "type": "RollingUpdate", "rollingUpdate": { "maxUnavailable": 0, "maxSurge": "25%" } }),
    );
    let mut pod = json!({
        "serviceAccountName": service.name,
        "automountServiceAccountToken": false,
        "securityContext": pod_security(service),
        "topologySpreadConstraints": [{
            "maxSkew": 1,
            "topologyKey": "topology.kubernetes.io/zone",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": { "matchLabels": selector(service) },
        }],
    });
    let init_containers = crate::sidecar::init_containers(service);
    if let Some(pod) = pod.as_object_mut() {
        if !init_containers.is_empty() {
            pod.insert("initContainers".into(), Value::Array(init_containers));
        }
        pod.insert("containers".into(), json!([container]));
        pod.insert("volumes".into(), Value::Array(volumes));
    }
    spec.insert(
        "template".into(),
        json!({ "metadata": { "labels": labels(project, service) }, "spec": pod }),
    );
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata(project, service, &service.name),
        "spec": spec,
    })
}

fn kubernetes_service(project: &Project, service: &Service) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata(project, service, &service.name),
        "spec": {
            "type": "ClusterIP",
            "selector": selector(service),
            "ports": [{ "name": "http", "port": 80, "targetPort": "http", "protocol": "TCP" }],
        },
    })
}

fn disruption_budget(project: &Project, service: &Service) -> Value {
    json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": metadata(project, service, &service.name),
        "spec": {
            // One pod at a time: drains make progress even with a single replica.
            "maxUnavailable": 1,
            "selector": { "matchLabels": selector(service) },
        },
    })
}

fn autoscaler(project: &Project, service: &Service) -> Option<Value> {
    let scaling = service.autoscaling.as_ref()?;
    let utilization = |resource: &str, target: u8| {
        json!({
            "type": "Resource",
            "resource": {
                "name": resource,
                "target": { "type": "Utilization", "averageUtilization": target },
            },
        })
    };
    let mut metrics = vec![utilization("cpu", scaling.cpu_target)];
    if let Some(memory) = scaling.memory_target {
        metrics.push(utilization("memory", memory));
    }
    Some(json!({
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": metadata(project, service, &service.name),
        "spec": {
            "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": service.name },
            "minReplicas": scaling.min,
            "maxReplicas": scaling.max,
            "metrics": metrics,
        },
    }))
}

fn ingress(project: &Project, env: &Environment, service: &Service, web: &Web) -> Value {
    let https = env.dns.is_some();
    let mut annotations = Map::new();
    let mut annotate = |key: &str, value: String| {
        annotations.insert(format!("alb.ingress.kubernetes.io/{key}"), json!(value));
    };
    annotate("scheme", "internet-facing".into());
    annotate("target-type", "ip".into());
    // One ALB per environment, shared by every public service, named like the ECS path's.
    annotate("group.name", env.names.prefix.clone());
    annotate("load-balancer-name", env.names.load_balancer());
    annotate("healthcheck-path", web.health_check_path.clone());
    annotate(
        "load-balancer-attributes",
        format!(
            "routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled={}",
            env.production
        ),
    );
    if https {
        annotate("listen-ports", r#"[{"HTTP": 80}, {"HTTPS": 443}]"#.into());
        annotate("ssl-redirect", "443".into());
        annotate("ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06".into());
    } else {
        annotate("listen-ports", r#"[{"HTTP": 80}]"#.into());
    }
    // Specific routes before the catch-all, like the ECS listener rules.
    let catch_all = web.paths.is_empty() && web.hosts.is_empty();
    annotate("group.order", if catch_all { "1000" } else { "100" }.into());

    let paths: Vec<&str> = if web.paths.is_empty() {
        vec!["/*"]
    } else {
        web.paths.iter().map(String::as_str).collect()
    };
    let http = json!({
        "paths": paths.iter().map(|path| json!({
            // The controller passes ImplementationSpecific paths to ALB as path patterns, so
            // the blueprint's patterns ("/api/*") keep their ECS meaning.
            "path": path,
            "pathType": "ImplementationSpecific",
            "backend": { "service": { "name": service.name, "port": { "name": "http" } } },
        })).collect::<Vec<_>>(),
    });
    let rules: Vec<Value> = if web.hosts.is_empty() {
        vec![json!({ "http": http })]
    } else {
        web.hosts
            .iter()
            .map(|host| json!({ "host": host, "http": http }))
            .collect()
    };
    let mut spec = Map::new();
    spec.insert("ingressClassName".into(), json!("alb"));
    if let Some(dns) = &env.dns {
        // The controller finds the ACM certificate (issued by the dns module) by these names.
        let hosts: Vec<&str> = std::iter::once(dns.domain.as_str())
            .chain(dns.alternative_names.iter().map(String::as_str))
            .collect();
        spec.insert("tls".into(), json!([{ "hosts": hosts }]));
    }
    spec.insert("rules".into(), json!(rules));
    json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": service.name,
            "labels": labels(project, service),
            "annotations": annotations,
        },
        "spec": spec,
    })
}

fn cidr_blocks(cidrs: &[ipnet::Ipv4Net]) -> Vec<Value> {
    cidrs
        .iter()
        .map(|cidr| json!({ "ipBlock": { "cidr": cidr.to_string() } }))
        .collect()
}

fn network_policy(project: &Project, env: &Environment, service: &Service) -> Value {
    let ingress = match service.web() {
        // Target type ip: the ALB's nodes in the public subnets connect to the pods directly.
        Some(web) if web.public => {
            let port = json!([{ "protocol": "TCP", "port": web.port }]);
            json!([{ "from": cidr_blocks(&env.network.subnets.public), "ports": port }])
        }
        Some(web) => {
            let port = json!([{ "protocol": "TCP", "port": web.port }]);
            json!([{ "from": [{ "podSelector": {} }], "ports": port }])
        }
        // Nothing connects to a worker or a job.
        None => json!([]),
    };
    let mut data_ports = Vec::new();
    if service.uses_database()
        && let Some(database) = &env.database
    {
        data_ports.push(database.port);
    }
    if service.uses_cache()
        && let Some(cache) = &env.cache
    {
        data_ports.push(cache.port);
    }
    if service.kafka {
        data_ports.push(KAFKA_IAM_PORT);
    }
    let mut egress = vec![
        json!({
            "to": [{
                "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "kube-system" } },
                "podSelector": { "matchLabels": { "k8s-app": "kube-dns" } },
            }],
            "ports": [{ "protocol": "UDP", "port": 53 }, { "protocol": "TCP", "port": 53 }],
        }),
        json!({
            "to": [{ "ipBlock": { "cidr": POD_IDENTITY_AGENT } }],
            "ports": [{ "protocol": "TCP", "port": 80 }],
        }),
    ];
    if !data_ports.is_empty() {
        egress.push(json!({
            "to": cidr_blocks(&env.network.subnets.data),
            "ports": data_ports.iter().map(|p| json!({ "protocol": "TCP", "port": p })).collect::<Vec<_>>(),
        }));
    }
    if !service.buckets.is_empty()
        || !service.consumes.is_empty()
        || !service.publishes.is_empty()
        || !service.sidecars.is_empty()
    {
        // S3, SQS and SNS have no fixed addresses, nor have X-Ray (the tracing collector) or the
        // intake a sidecar agent ships to; HTTPS anywhere is the narrowest rule a NetworkPolicy
        // can state for them.
        egress.push(json!({
            "to": [{ "ipBlock": { "cidr": "0.0.0.0/0" } }],
            "ports": [{ "protocol": "TCP", "port": 443 }],
        }));
    }
    json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata(project, service, &service.name),
        "spec": {
            "podSelector": { "matchLabels": selector(service) },
            "policyTypes": ["Ingress", "Egress"],
            "ingress": ingress,
            "egress": egress,
        },
    })
}

fn secret_provider_class(project: &Project, env: &Environment, service: &Service) -> Value {
    let data: Vec<Value> = service
        .secret_keys()
        .into_iter()
        .map(|(key, _)| json!({ "objectName": key, "key": key }))
        .collect();
    json!({
        "apiVersion": "secrets-store.csi.x-k8s.io/v1",
        "kind": "SecretProviderClass",
        "metadata": metadata(project, service, &secrets_name(service)),
        "spec": {
            "provider": "aws",
            "parameters": {
                "region": env.region,
                "usePodIdentity": "true",
                "objects": format!("replaced by kustomize from {SECRET_OBJECTS_KEY} in {TERRAFORM_ENV_FILE}"),
            },
            "secretObjects": [{ "secretName": secrets_name(service), "type": "Opaque", "data": data }],
        },
    })
}
