//! A random blueprint's text: each section as the blueprint language writes it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use plinth_blueprint::aws::db_features;
use plinth_blueprint::aws::logs::RETENTION_DAYS;
use plinth_blueprint::aws::regions::REGIONS;

use super::{ComputeSpec, DataSpec, DatabaseSpec, EnvSpec, Route, ServiceSpec, Spec};

pub(super) fn render(spec: &Spec) -> String {
    let mut text = String::new();
    render_project(&mut text, spec);
    render_compute(&mut text, &spec.compute);
    let mut default_route_taken = false;
    for service in &spec.services {
        render_service(&mut text, spec, service, &mut default_route_taken);
    }
    render_data(&mut text, &spec.data);
    render_operations(&mut text, spec);
    for env in &spec.environments {
        render_environment(&mut text, spec, env);
    }
    text
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("\"{item}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn render_project(text: &mut String, spec: &Spec) {
    let region = spec.region.get(REGIONS);
    let names: Vec<&str> = spec.environments.iter().map(|e| e.name.as_str()).collect();
    let _ = writeln!(text, "[project]\nname = \"{}\"", spec.project);
    let _ = writeln!(text, "region = \"{}\"", region.name);
    let _ = writeln!(text, "repository = \"acme/{}\"", spec.project);
    let _ = writeln!(text, "environments = [{}]\n", quoted(&names));

    let network = &spec.network;
    let zones = network.zones.min(region.availability_zones.len());
    let _ = writeln!(text, "[network]");
    let _ = writeln!(
        text,
        "cidr = \"10.{}.0.0/{}\"",
        network.second_octet, network.prefix
    );
    let _ = writeln!(
        text,
        "availability_zones = [{}]",
        quoted(&region.availability_zones[..zones])
    );
    if let Some(nat) = network.nat {
        let _ = writeln!(text, "nat = \"{nat}\"");
    }
    if let Some(flow_logs) = network.flow_logs {
        let _ = writeln!(text, "flow_logs = {flow_logs}");
    }
    if network.nat == Some("none") {
        // Without NAT, tasks need every endpoint to pull images and ship logs.
        let _ = writeln!(
            text,
            "endpoints = [\"s3\", \"ecr\", \"logs\", \"secretsmanager\"]"
        );
    } else if !network.endpoints.is_empty() {
        let _ = writeln!(text, "endpoints = [{}]", quoted(&network.endpoints));
    }
    text.push('\n');
}

fn render_compute(text: &mut String, compute: &ComputeSpec) {
    match compute {
        ComputeSpec::Ecs {
            spot_percent,
            container_insights,
        } => {
            let _ = writeln!(text, "[compute]\nplatform = \"ecs\"");
            if let Some(percent) = spot_percent {
                let _ = writeln!(text, "fargate_spot_percent = {percent}");
            }
            if let Some(insights) = container_insights {
                let _ = writeln!(text, "container_insights = {insights}");
            }
        }
        ComputeSpec::Eks {
            version,
            node_group,
            admin,
        } => {
            let _ = writeln!(text, "[compute]\nplatform = \"eks\"");
            let _ = writeln!(text, "kubernetes_version = \"{version}\"");
            if *admin {
                let _ = writeln!(
                    text,
                    "admins = [\"arn:aws:iam::123456789012:role/platform-admin\"]"
                );
            }
            if let Some(group) = node_group {
                let _ = writeln!(text, "\n[compute.node_groups.general]");
                let _ = writeln!(text, "instance_types = [{}]", quoted(&group.instance_types));
                if let Some(capacity) = group.capacity {
                    let _ = writeln!(text, "capacity = \"{capacity}\"");
                }
                let _ = writeln!(
                    text,
                    "min_size = {}\nmax_size = {}",
                    group.min_size,
                    group.min_size + group.extra_size
                );
            }
        }
    }
    text.push('\n');
}

fn render_service(
    text: &mut String,
    spec: &Spec,
    service: &ServiceSpec,
    default_route_taken: &mut bool,
) {
    let name = &service.name;
    // With tracing on, the collector beside the service listens on these.
    let port = if spec.operations.tracing && [4317, 4318, 2000, 13133].contains(&service.port) {
        8080
    } else {
        service.port
    };
    let _ = writeln!(text, "[services.{name}]\nport = {port}");
    // Without NAT only ECR is reachable, so every image is built.
    if service.external_image && spec.network.nat != Some("none") {
        let _ = writeln!(text, "image = \"public.ecr.aws/nginx/nginx:1.27\"");
    } else {
        let _ = writeln!(text, "dockerfile = \"services/{name}/Dockerfile\"");
    }
    let _ = writeln!(
        text,
        "cpu = {}\nmemory = {}",
        service.size.0, service.size.1
    );
    if !service.public {
        let _ = writeln!(text, "public = false");
    }
    if let Some(path) = &service.health_check {
        let _ = writeln!(text, "health_check_path = \"{path}\"");
    }
    if service.public {
        let route = match service.route {
            Route::Default if *default_route_taken => Route::Paths,
            route => route,
        };
        if matches!(route, Route::Default) {
            *default_route_taken = true;
        }
        if matches!(route, Route::Paths | Route::PathsAndHosts) {
            let _ = writeln!(text, "paths = [\"/{name}/*\", \"/{name}\"]");
        }
        if matches!(route, Route::Hosts | Route::PathsAndHosts) {
            let _ = writeln!(text, "hosts = [\"{name}.{}.example.com\"]", spec.project);
        }
    }
    if let Some((language, version)) = service.language {
        let _ = writeln!(
            text,
            "language = \"{language}\"\nlanguage_version = \"{version}\""
        );
    }
    let _ = writeln!(text, "environment = {{ LOG_LEVEL = \"info\" }}");
    let secrets = service_secrets(spec, service);
    if !secrets.is_empty() {
        let _ = writeln!(text, "secrets = {{ {} }}", secrets.join(", "));
    }
    let buckets: BTreeSet<&str> = if spec.data.buckets.is_empty() {
        BTreeSet::new()
    } else {
        service
            .buckets
            .iter()
            .map(|index| index.get(&spec.data.buckets).name.as_str())
            .collect()
    };
    if !buckets.is_empty() {
        let buckets: Vec<&str> = buckets.into_iter().collect();
        let _ = writeln!(text, "buckets = [{}]", quoted(&buckets));
    }
    if service.uses.kafka && spec.data.kafka.is_some() {
        let _ = writeln!(text, "kafka = true");
    }
    // A sidecar's image is on public ECR: only with NAT.
    let sidecar = service.sidecar.filter(|_| spec.network.nat != Some("none"));
    if sidecar == Some(true) {
        let _ = writeln!(text, "depends_on = {{ agent = \"start\" }}");
    }
    render_scaling(text, service);
    if sidecar.is_some() {
        let sidecar_port = if port == 9901 { 9902 } else { 9901 };
        let _ = writeln!(
            text,
            "\n[[services.{name}.sidecars]]\nname = \"agent\"\nimage = \"public.ecr.aws/nginx/nginx:1.27\"\n\
             port = {sidecar_port}\ncpu = 32\nmemory = 64\nenvironment = {{ MODE = \"sidecar\" }}"
        );
    }
    text.push('\n');
}

/// The secret references of a service, to the stores that exist only.
fn service_secrets(spec: &Spec, service: &ServiceSpec) -> Vec<String> {
    let mut secrets = Vec::new();
    if service.uses.database && spec.data.database.is_some() {
        secrets.push("DB_USERNAME = \"database:username\"".to_owned());
        secrets.push("DB_PASSWORD = \"database:password\"".to_owned());
    }
    let auth_token = spec
        .data
        .cache
        .as_ref()
        .is_some_and(|c| c.transit_encryption);
    if service.uses.cache && auth_token {
        secrets.push("CACHE_AUTH = \"cache:auth_token\"".to_owned());
    }
    if !spec.data.secrets.is_empty() {
        for (position, index) in service.app_secrets.iter().enumerate() {
            let secret = index.get(&spec.data.secrets);
            let reference = if position == 0 {
                format!("secret:{secret}")
            } else {
                format!("secret:{secret}:key{position}")
            };
            secrets.push(format!("APP_SECRET_{position} = \"{reference}\""));
        }
    }
    secrets
}

fn render_scaling(text: &mut String, service: &ServiceSpec) {
    if let Some(desired) = service.desired_count {
        let _ = writeln!(text, "desired_count = {desired}");
    }
    let Some(scaling) = &service.autoscaling else {
        return;
    };
    // min ≤ desired_count ≤ max; an unwritten desired count is 1, or 2 in production.
    let desired = service.desired_count.unwrap_or(2);
    let min = scaling
        .min
        .map(|min| min.min(service.desired_count.unwrap_or(min)));
    let max = desired.max(min.unwrap_or(1)) + scaling.extra_max;
    let _ = writeln!(text, "\n[services.{}.autoscaling]", service.name);
    if let Some(min) = min {
        let _ = writeln!(text, "min = {min}");
    }
    let _ = writeln!(text, "max = {max}");
    if let Some(target) = scaling.cpu_target {
        let _ = writeln!(text, "cpu_target = {target}");
    }
    if let Some(target) = scaling.memory_target {
        let _ = writeln!(text, "memory_target = {target}");
    }
    if let Some(requests) = scaling.requests_per_target {
        let _ = writeln!(text, "requests_per_target = {requests}");
    }
}

fn render_data(text: &mut String, data: &DataSpec) {
    if let Some(database) = &data.database {
        render_database(text, database);
    }
    if let Some(cache) = &data.cache {
        let _ = writeln!(text, "[cache]\nengine = \"{}\"", cache.engine.as_str());
        if let Some(version) = cache.version {
            let _ = writeln!(
                text,
                "version = \"{}\"",
                version.get(cache.engine.supported_versions())
            );
        }
        if !cache.transit_encryption {
            let _ = writeln!(text, "transit_encryption = false");
        }
        if let Some(replicas) = cache.replicas {
            let _ = writeln!(text, "replicas = {replicas}");
        }
        text.push('\n');
    }
    if let Some((brokers, storage)) = data.kafka {
        let _ = writeln!(
            text,
            "[kafka]\nbrokers_per_az = {brokers}\nstorage_gb = {storage}\n"
        );
    }
    for bucket in &data.buckets {
        let _ = writeln!(text, "[buckets.{}]", bucket.name);
        if let Some(versioning) = bucket.versioning {
            let _ = writeln!(text, "versioning = {versioning}");
        }
        if bucket.kms {
            let _ = writeln!(text, "kms = true");
        }
        if let Some((expire, ia)) = bucket.lifecycle {
            let _ = writeln!(text, "\n[[buckets.{}.lifecycle]]", bucket.name);
            if let Some(ia) = ia {
                let _ = writeln!(text, "transition_to_ia_days = {ia}");
            }
            if let Some(expire) = expire {
                let _ = writeln!(text, "expire_days = {expire}");
            }
        }
        text.push('\n');
    }
    for secret in &data.secrets {
        let _ = writeln!(text, "[secrets.{secret}]\n");
    }
}

fn render_database(text: &mut String, database: &DatabaseSpec) {
    const AURORA_CLASSES: &[&str] = &["db.t4g.medium", "db.r6g.large", "db.r7g.large"];
    const RDS_CLASSES: &[&str] = &["db.t4g.micro", "db.t4g.small", "db.m7g.large"];
    let engine = database.engine;
    let _ = writeln!(
        text,
        "[database]\nengine = \"{}\"",
        serde_json::to_value(engine)
            .expect("engine serialises")
            .as_str()
            .expect("a string")
    );
    let version: &str = database.version.map_or(engine.default_version(), |v| {
        *v.get(engine.supported_versions())
    });
    if database.version.is_some() {
        let _ = writeln!(text, "version = \"{version}\"");
    }
    let mut class = None;
    match database.serverless {
        Some((min, extra)) => {
            // Half-ACU steps: min in 0..=2, max at least 1 and above min; 0 (auto-pause) only on
            // versions that have it.
            let min = if db_features::supports_zero_capacity(engine, version) {
                min
            } else {
                min.max(1)
            };
            let min_capacity = f64::from(min) / 2.0;
            let max_capacity = min_capacity.max(1.0) + f64::from(extra) / 2.0;
            let _ = writeln!(
                text,
                "serverless = {{ min_capacity = {min_capacity:.1}, max_capacity = {max_capacity:.1} }}"
            );
        }
        None => {
            let classes = if engine.is_aurora() {
                AURORA_CLASSES
            } else {
                RDS_CLASSES
            };
            let chosen = database.class.get(classes);
            class = Some(chosen);
            let _ = writeln!(text, "instance_class = \"{chosen}\"");
        }
    }
    // Performance Insights only on classes that have it.
    if database.performance_insights
        && class.is_none_or(|class| db_features::supports_performance_insights(engine, class))
    {
        let _ = writeln!(text, "performance_insights = true");
    }
    if let Some(interval) = database.monitoring_interval {
        let _ = writeln!(text, "monitoring_interval = {interval}");
    }
    text.push('\n');
}

fn render_operations(text: &mut String, spec: &Spec) {
    let operations = &spec.operations;
    if operations.dns {
        let _ = writeln!(
            text,
            "[dns]\ndomain = \"{}.example.com\"\nzone_id = \"Z0123456789ABCDEFGHIJ\"\n",
            spec.project
        );
    }
    let _ = writeln!(text, "[observability]");
    if operations.emails {
        let _ = writeln!(text, "emails = [\"oncall@example.com\"]");
    }
    if let Some(index) = operations.log_retention {
        let _ = writeln!(text, "log_retention_days = {}", index.get(RETENTION_DAYS));
    }
    if let Some(enabled) = operations.alarms_enabled {
        let _ = writeln!(text, "alarms = {{ enabled = {enabled} }}");
    }
    // The collector is pulled from public ECR and exports to X-Ray: only with NAT.
    if operations.tracing && spec.network.nat != Some("none") {
        let _ = writeln!(text, "tracing = \"xray\"");
    }
    text.push('\n');
    if let Some(limit) = operations.budget {
        let _ = writeln!(text, "[budget]\nmonthly_limit_usd = {limit}\n");
    }
    // The web ACL protects the ECS load balancer: it needs a public service, and on EKS it is
    // not generated yet.
    let load_balanced = spec.services.iter().any(|s| s.public);
    if let (Some(rate_limit), ComputeSpec::Ecs { .. }, true) =
        (operations.waf, &spec.compute, load_balanced)
    {
        let _ = writeln!(text, "[waf]\nrate_limit = {rate_limit}\n");
    }
}

fn render_environment(text: &mut String, spec: &Spec, env: &EnvSpec) {
    let name = &env.name;
    let _ = writeln!(text, "[env.{name}]");
    if let Some(account) = env.account {
        let _ = writeln!(text, "account_id = \"{account:012}\"");
    }
    text.push('\n');
    if let Some(nat) = env.nat
        && spec.network.nat != Some("none")
    {
        let _ = writeln!(text, "[env.{name}.network]\nnat = \"{nat}\"\n");
    }
    if spec.operations.dns {
        let _ = writeln!(
            text,
            "[env.{name}.dns]\ndomain = \"{name}.{}.example.com\"",
            spec.project
        );
        // A hosted zone lives in one account: each pinned account gets its own.
        if let Some(account) = env.account {
            let _ = writeln!(text, "zone_id = \"Z{account:012}RANDOM\"");
        }
        text.push('\n');
    }
    if let (Some(percent), ComputeSpec::Ecs { .. }) = (env.spot_percent, &spec.compute) {
        let _ = writeln!(
            text,
            "[env.{name}.compute]\nfargate_spot_percent = {percent}\n"
        );
    }
    if let (Some(replicas), Some(_)) = (env.cache_replicas, &spec.data.cache) {
        let _ = writeln!(text, "[env.{name}.cache]\nreplicas = {replicas}\n");
    }
    if let Some((index, (cpu, memory))) = env.service_size {
        let service = &index.get(&spec.services).name;
        let _ = writeln!(
            text,
            "[env.{name}.services.{service}]\ncpu = {cpu}\nmemory = {memory}\n"
        );
    }
    if let Some(index) = env.more_scaling {
        let service = index.get(&spec.services);
        if service.autoscaling.is_some() {
            let _ = writeln!(
                text,
                "[env.{name}.services.{}.autoscaling]\nmax = 40\n",
                service.name
            );
        }
    }
}
