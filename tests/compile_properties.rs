//! Property tests over random *valid* blueprints: every one loads, and its Terraform emits, parses
//! back as HCL and is already in our `terraform fmt` form (a fixed point of
//! `plinth_terraform::fmt::align_assignments`; the hand-written module copies are only parsed, as
//! they never pass through it); Kubernetes and workflows emit too.
//!
//! The strategy builds blueprint text from random choices that stay inside the rules: service
//! names, ports, routes, Fargate sizes, autoscaling bounds, secret references to the database,
//! cache and application secrets, buckets, Kafka, ECS or EKS, and per-environment overlays.
//!
//! 64 cases by default; `PLINTH_PROPTEST_CASES=100000 cargo test --release -p plinth-tests --test
//! compile_properties` runs a long campaign. A fixed-seed sample of three blueprints also goes
//! through real `terraform fmt -check` and `terraform validate` (skipped without terraform, like
//! tests/terraform.rs).

#[path = "scale.rs"]
mod scale;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plinth_blueprint::aws::caches::CacheEngine;
use plinth_blueprint::aws::databases::{DatabaseEngine, ENGINES};
use plinth_blueprint::aws::db_features;
use plinth_blueprint::aws::kubernetes::EKS_VERSIONS;
use plinth_blueprint::aws::logs::RETENTION_DAYS;
use plinth_blueprint::aws::regions::REGIONS;
use plinth_blueprint::model::{Blueprint, Compute};
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{Terraform, in_parallel};
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per property unless `PLINTH_PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 64;

/// Fargate CPU/memory pairs (also valid pod requests on EKS).
const TASK_SIZES: &[(u32, u32)] = &[
    (256, 512),
    (256, 1024),
    (256, 2048),
    (512, 1024),
    (512, 4096),
    (1024, 2048),
    (1024, 8192),
    (2048, 4096),
    (4096, 8192),
];

const LANGUAGES: &[(&str, &str)] = &[
    ("node", "22"),
    ("python", "3.12"),
    ("go", "1.24"),
    ("php", "8.3"),
];

/// A lowercase DNS label of at most 11 characters without double hyphens: short enough that
/// `<project>-<env>-<name>` stays within the 32 characters of a target group name.
const COMPONENT_NAME: &str = "[a-z]([a-z0-9]|-[a-z0-9]){0,5}";

#[derive(Debug, Clone)]
struct Spec {
    project: String,
    region: Index,
    environments: Vec<EnvSpec>,
    network: NetworkSpec,
    compute: ComputeSpec,
    services: Vec<ServiceSpec>,
    data: DataSpec,
    operations: OperationsSpec,
}

#[derive(Debug, Clone)]
struct NetworkSpec {
    second_octet: u8,
    prefix: u8,
    zones: usize,
    nat: Option<&'static str>,
    flow_logs: Option<bool>,
    endpoints: Vec<&'static str>,
}

#[derive(Debug, Clone)]
enum ComputeSpec {
    Ecs {
        spot_percent: Option<u8>,
        container_insights: Option<bool>,
    },
    Eks {
        version: &'static str,
        node_group: Option<NodeGroupSpec>,
        admin: bool,
    },
}

#[derive(Debug, Clone)]
struct NodeGroupSpec {
    instance_types: Vec<&'static str>,
    capacity: Option<&'static str>,
    min_size: u32,
    extra_size: u32,
}

#[derive(Debug, Clone, Copy)]
enum Route {
    Default,
    Paths,
    Hosts,
    PathsAndHosts,
}

#[derive(Debug, Clone)]
struct ServiceSpec {
    name: String,
    port: u16,
    external_image: bool,
    size: (u32, u32),
    public: bool,
    route: Route,
    health_check: Option<String>,
    desired_count: Option<u32>,
    autoscaling: Option<AutoscalingSpec>,
    uses: Uses,
    app_secrets: Vec<Index>,
    buckets: Vec<Index>,
    language: Option<(&'static str, &'static str)>,
}

/// What a service asks of the shared data stores (granted only when they exist).
#[derive(Debug, Clone, Copy)]
struct Uses {
    database: bool,
    cache: bool,
    kafka: bool,
}

#[derive(Debug, Clone)]
struct AutoscalingSpec {
    min: Option<u32>,
    extra_max: u32,
    cpu_target: Option<u8>,
    memory_target: Option<u8>,
    requests_per_target: Option<u32>,
}

#[derive(Debug, Clone)]
struct DataSpec {
    database: Option<DatabaseSpec>,
    cache: Option<CacheSpec>,
    kafka: Option<(u32, u32)>,
    buckets: Vec<BucketSpec>,
    secrets: Vec<String>,
}

#[derive(Debug, Clone)]
struct DatabaseSpec {
    engine: DatabaseEngine,
    version: Option<Index>,
    class: Index,
    serverless: Option<(u32, u32)>,
    performance_insights: bool,
    monitoring_interval: Option<u32>,
}

#[derive(Debug, Clone)]
struct CacheSpec {
    engine: CacheEngine,
    version: Option<Index>,
    transit_encryption: bool,
    replicas: Option<u8>,
}

#[derive(Debug, Clone)]
struct BucketSpec {
    name: String,
    versioning: Option<bool>,
    kms: bool,
    lifecycle: Option<(Option<u32>, Option<u32>)>,
}

#[derive(Debug, Clone)]
struct OperationsSpec {
    dns: bool,
    waf: Option<u32>,
    budget: Option<u32>,
    emails: bool,
    alarms_enabled: Option<bool>,
    log_retention: Option<Index>,
}

#[derive(Debug, Clone)]
struct EnvSpec {
    name: String,
    account: Option<u64>,
    nat: Option<&'static str>,
    service_size: Option<(Index, (u32, u32))>,
    more_scaling: Option<Index>,
    cache_replicas: Option<u8>,
    spot_percent: Option<u8>,
}

// ---------------------------------------------------------------- strategies

fn environments() -> impl Strategy<Value = Vec<EnvSpec>> {
    let overlay = (
        proptest::option::of(100_000_000_000_u64..999_999_999_999),
        proptest::option::of(select(vec!["single", "per-az"])),
        proptest::option::of((any::<Index>(), select(TASK_SIZES.to_vec()))),
        proptest::option::of(any::<Index>()),
        proptest::option::of(0_u8..=2),
        proptest::option::of(0_u8..=100),
    );
    (
        prop::collection::btree_set("[a-z][a-z0-9]{0,6}", 1..=3),
        any::<bool>(),
        prop::collection::vec(overlay, 4),
    )
        .prop_map(|(names, with_prod, overlays)| {
            let mut names: Vec<String> = names.into_iter().collect();
            if with_prod && !names.iter().any(|n| n == "prod") {
                names.push("prod".to_owned());
            }
            names
                .into_iter()
                .zip(overlays)
                .map(
                    |(name, (account, nat, service_size, more_scaling, replicas, spot))| EnvSpec {
                        name,
                        account,
                        nat,
                        service_size,
                        more_scaling,
                        cache_replicas: replicas,
                        spot_percent: spot,
                    },
                )
                .collect()
        })
}

fn network() -> impl Strategy<Value = NetworkSpec> {
    (
        any::<u8>(),
        select(vec![16_u8, 18, 20, 22]),
        2_usize..=3,
        proptest::option::of(select(vec!["none", "single", "per-az"])),
        proptest::option::of(any::<bool>()),
        subsequence(vec!["s3", "ecr", "logs", "secretsmanager"], 0..=4),
    )
        .prop_map(
            |(second_octet, prefix, zones, nat, flow_logs, endpoints)| NetworkSpec {
                second_octet,
                prefix,
                zones,
                nat,
                flow_logs,
                endpoints,
            },
        )
}

fn compute() -> impl Strategy<Value = ComputeSpec> {
    let node_group = (
        // One architecture per node group (a group boots one AMI type).
        prop_oneof![
            subsequence(vec!["t3.large", "t3a.large", "m6i.large"], 1..=2),
            subsequence(vec!["m7g.large", "c7g.large"], 1..=2),
        ],
        proptest::option::of(select(vec!["on-demand", "spot"])),
        1_u32..=3,
        0_u32..=3,
    )
        .prop_map(
            |(instance_types, capacity, min_size, extra_size)| NodeGroupSpec {
                instance_types,
                capacity,
                min_size,
                extra_size,
            },
        );
    prop_oneof![
        (
            proptest::option::of(0_u8..=100),
            proptest::option::of(any::<bool>())
        )
            .prop_map(|(spot_percent, container_insights)| ComputeSpec::Ecs {
                spot_percent,
                container_insights
            }),
        (
            select(EKS_VERSIONS.to_vec()),
            proptest::option::of(node_group),
            any::<bool>()
        )
            .prop_map(|(version, node_group, admin)| ComputeSpec::Eks {
                version,
                node_group,
                admin
            }),
    ]
}

fn autoscaling() -> impl Strategy<Value = AutoscalingSpec> {
    (
        proptest::option::of(1_u32..=3),
        0_u32..=8,
        proptest::option::of(1_u8..=100),
        proptest::option::of(1_u8..=100),
        proptest::option::of(1_u32..=5000),
    )
        .prop_map(
            |(min, extra_max, cpu_target, memory_target, requests_per_target)| AutoscalingSpec {
                min,
                extra_max,
                cpu_target,
                memory_target,
                requests_per_target,
            },
        )
}

fn service(name: String) -> impl Strategy<Value = ServiceSpec> {
    let shape = (
        1024_u16..=65535,
        any::<bool>(),
        select(TASK_SIZES.to_vec()),
        prop::bool::weighted(0.8),
        select(vec![
            Route::Default,
            Route::Paths,
            Route::Hosts,
            Route::PathsAndHosts,
        ]),
        proptest::option::of("/[a-z]{1,8}(/[a-z]{1,8})?"),
    );
    let needs = (
        proptest::option::of(1_u32..=4),
        proptest::option::of(autoscaling()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::collection::vec(any::<Index>(), 0..=2),
        prop::collection::vec(any::<Index>(), 0..=2),
        proptest::option::of(select(LANGUAGES.to_vec())),
    );
    (shape, needs).prop_map(move |(shape, needs)| {
        let (port, external_image, size, public, route, health_check) = shape;
        let (desired_count, autoscaling, (database, cache, kafka), app_secrets, buckets, language) =
            needs;
        ServiceSpec {
            name: name.clone(),
            port,
            external_image,
            size,
            public,
            route,
            health_check,
            desired_count,
            autoscaling,
            uses: Uses {
                database,
                cache,
                kafka,
            },
            app_secrets,
            buckets,
            language,
        }
    })
}

fn services() -> impl Strategy<Value = Vec<ServiceSpec>> {
    prop::collection::btree_set(COMPONENT_NAME, 1..=5)
        .prop_flat_map(|names| names.into_iter().map(service).collect::<Vec<_>>())
}

fn database() -> impl Strategy<Value = DatabaseSpec> {
    (
        select(ENGINES.to_vec()),
        proptest::option::of(any::<Index>()),
        any::<Index>(),
        proptest::option::of((0_u32..=4, 1_u32..=16)),
        any::<bool>(),
        proptest::option::of(select(vec![0_u32, 1, 5, 10, 15, 30, 60])),
    )
        .prop_map(
            |(engine, version, class, serverless, performance_insights, monitoring_interval)| {
                DatabaseSpec {
                    engine,
                    version,
                    class,
                    serverless: serverless.filter(|_| engine.is_aurora()),
                    performance_insights,
                    monitoring_interval,
                }
            },
        )
}

fn cache() -> impl Strategy<Value = CacheSpec> {
    (
        select(vec![CacheEngine::Redis, CacheEngine::Valkey]),
        proptest::option::of(any::<Index>()),
        prop::bool::weighted(0.8),
        proptest::option::of(0_u8..=2),
    )
        .prop_map(
            |(engine, version, transit_encryption, replicas)| CacheSpec {
                engine,
                version,
                transit_encryption,
                replicas,
            },
        )
}

fn bucket(name: String) -> impl Strategy<Value = BucketSpec> {
    (
        proptest::option::of(any::<bool>()),
        any::<bool>(),
        proptest::option::of((
            proptest::option::of(1_u32..=400),
            proptest::option::of(30_u32..=200),
        )),
    )
        .prop_map(move |(versioning, kms, lifecycle)| BucketSpec {
            name: name.clone(),
            versioning,
            kms,
            // A rule needs an action, and expiry must come after the transition.
            lifecycle: lifecycle.and_then(|(expire, ia)| match (expire, ia) {
                (None, None) => None,
                (Some(expire), Some(ia)) => Some((Some(expire + ia + 30), Some(ia))),
                other => Some(other),
            }),
        })
}

fn data() -> impl Strategy<Value = DataSpec> {
    (
        proptest::option::of(database()),
        proptest::option::of(cache()),
        proptest::option::of((1_u32..=2, 1_u32..=500)),
        prop::collection::btree_set(COMPONENT_NAME, 0..=3)
            .prop_flat_map(|names| names.into_iter().map(bucket).collect::<Vec<_>>()),
        prop::collection::btree_set("[a-z][a-z0-9_-]{0,15}", 0..=3),
    )
        .prop_map(|(database, cache, kafka, buckets, secrets)| DataSpec {
            database,
            cache,
            kafka,
            buckets,
            secrets: secrets.into_iter().collect(),
        })
}

fn operations() -> impl Strategy<Value = OperationsSpec> {
    (
        any::<bool>(),
        proptest::option::of(100_u32..=100_000),
        proptest::option::of(10_u32..=10_000),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<Index>()),
    )
        .prop_map(
            |(dns, waf, budget, emails, alarms_enabled, log_retention)| OperationsSpec {
                dns,
                waf,
                budget,
                emails,
                alarms_enabled,
                log_retention,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        "[a-z][a-z0-9]{1,7}",
        any::<Index>(),
        environments(),
        network(),
        compute(),
        services(),
        data(),
        operations(),
    )
        .prop_map(
            |(project, region, environments, network, compute, services, data, operations)| Spec {
                project,
                region,
                environments,
                network,
                compute,
                services,
                data,
                operations,
            },
        )
}

/// The text of a random valid blueprint.
fn blueprint_text() -> impl Strategy<Value = String> {
    spec().prop_map(|spec| render(&spec))
}

// ---------------------------------------------------------------- rendering

fn render(spec: &Spec) -> String {
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
    let _ = writeln!(text, "[services.{name}]\nport = {}", service.port);
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
    render_scaling(text, service);
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

// ---------------------------------------------------------------- checks

/// Loads `text`, which the strategy promises is valid.
fn load_valid(text: String) -> Blueprint {
    let file = SourceFile::new("random.toml", text);
    match load(&file) {
        Ok(loaded) => loaded.blueprint,
        Err(diagnostics) => panic!(
            "a generated blueprint does not load:\n{}\n--- blueprint ---\n{}",
            diagnostics
                .iter()
                .map(|d| d.render(&file, false))
                .collect::<String>(),
            file.text()
        ),
    }
}

thread_local! {
    /// Module files already parsed: the same few dozen texts come back in every case (only they
    /// are remembered, so a long campaign does not keep every root it generated).
    static PARSED_MODULES: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Every emitter succeeds, and every `.tf` file parses as HCL and is a fixed point of the
/// `terraform fmt` post-pass.
fn check_compiles(blueprint: &Blueprint) {
    let files = plinth_terraform::emit(blueprint, "random.toml");
    for file in files.iter().filter(|f| {
        Path::new(&f.path)
            .extension()
            .is_some_and(|ext| ext == "tf")
    }) {
        let module = is_module_file(&file.path);
        if module && PARSED_MODULES.with(|parsed| parsed.borrow().contains(&file.contents)) {
            continue;
        }
        if let Err(error) = hcl::parse(&file.contents) {
            panic!(
                "{} does not parse as HCL: {error}\n{}",
                file.path, file.contents
            );
        }
        if module {
            // Hand-written copies never pass through the post-pass (tests/terraform.rs runs
            // `terraform fmt -check` on them).
            PARSED_MODULES.with(|parsed| parsed.borrow_mut().insert(file.contents.clone()));
        } else {
            let again = plinth_terraform::fmt::align_assignments(&file.contents);
            assert!(
                again == file.contents,
                "{} changes when formatted again:\n{}",
                file.path,
                similar_lines(&file.contents, &again)
            );
        }
    }
    let _ = plinth_kubernetes::emit(blueprint, "random.toml");
    plinth_workflows::emit(blueprint, "random.toml", "infra")
        .unwrap_or_else(|error| panic!("workflow emission failed: {error}"));
}

/// Whether `path` is a copy of a hand-written module (`modules/<name>/…`).
fn is_module_file(path: &str) -> bool {
    path.starts_with("modules/")
}

/// The lines that differ, for a readable failure.
fn similar_lines(before: &str, after: &str) -> String {
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .fold(String::new(), |mut out, (a, b)| {
            let _ = writeln!(out, "- {a}\n+ {b}");
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: plinth_tests::proptest_cases(DEFAULT_CASES), ..ProptestConfig::default() })]

    #[test]
    fn random_valid_blueprints_compile_to_parseable_formatted_terraform(text in blueprint_text()) {
        check_compiles(&load_valid(text));
    }
}

#[test]
fn the_scale_blueprints_load_without_warnings_and_compile() {
    for scale in [scale::REFERENCE_SCALE, scale::MIXED_SCALE] {
        let file = SourceFile::new("scale.toml", scale::scale_blueprint(scale));
        let loaded = load(&file).unwrap_or_else(|diagnostics| {
            panic!(
                "{}: {}",
                scale.label(),
                diagnostics
                    .iter()
                    .map(|d| d.render(&file, false))
                    .collect::<String>()
            )
        });
        let warnings: String = loaded
            .warnings
            .iter()
            .map(|w| w.render(&file, false))
            .collect();
        assert!(warnings.is_empty(), "{}: {warnings}", scale.label());
        check_compiles(&loaded.blueprint);
    }
}

/// Text `terraform fmt` wrote is a fixed point of the post-pass: every hand-written module file
/// (each passes `terraform fmt -check` in `tests/terraform.rs`), heredocs included.
#[test]
fn fmt_post_pass_leaves_terraform_formatted_modules_alone() {
    let modules = plinth_tests::repo_root().join("modules-hcl");
    let mut checked = 0;
    for module in std::fs::read_dir(&modules).expect("modules-hcl/") {
        let module = module.expect("a module directory").path();
        if !module.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&module).expect("a module's files") {
            let path = file.expect("a module file").path();
            if path.extension().is_none_or(|ext| ext != "tf") {
                continue;
            }
            let formatted = std::fs::read_to_string(&path).expect("a module file");
            let again = plinth_terraform::fmt::align_assignments(&formatted);
            assert!(
                again == formatted,
                "{}:\n{}",
                path.display(),
                similar_lines(&formatted, &again)
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} module files found");
}

/// Three random blueprints from a fixed seed, so the Terraform run is the same every time.
fn sampled_blueprints() -> Vec<(String, Blueprint)> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = blueprint_text();
    (0..3)
        .map(|_| {
            let text = strategy.new_tree(&mut runner).expect("a sample").current();
            (text.clone(), load_valid(text))
        })
        .collect()
}

/// `ecs: 2 environments, 3 services, database, cache`, for the test's output.
fn summary(blueprint: &Blueprint) -> String {
    let platforms: BTreeSet<&str> = blueprint
        .environments
        .iter()
        .map(|env| match env.compute {
            Compute::Ecs(_) => "ecs",
            Compute::Eks(_) => "eks",
        })
        .collect();
    let first = &blueprint.environments[0];
    let mut parts = vec![
        platforms.into_iter().collect::<Vec<_>>().join("+"),
        format!("{} environments", blueprint.environments.len()),
        format!("{} services", first.services.len()),
    ];
    parts.extend(first.database.as_ref().map(|_| "database".to_owned()));
    parts.extend(first.cache.as_ref().map(|_| "cache".to_owned()));
    parts.extend(first.kafka.as_ref().map(|_| "kafka".to_owned()));
    parts.push(format!("{} buckets", first.buckets.len()));
    parts.join(", ")
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn sampled_random_blueprints_pass_terraform_fmt_and_validate() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    let work = tempfile::tempdir().unwrap();
    let mut roots = Vec::new();
    for (number, (text, blueprint)) in sampled_blueprints().into_iter().enumerate() {
        let out = work.path().join(format!("sample-{number}"));
        let files = plinth_terraform::emit(&blueprint, "random.toml");
        for file in &files {
            let target = out.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &file.contents).unwrap();
        }
        std::fs::write(out.join("blueprint.toml"), &text).unwrap();
        println!("sample {number}: {}", summary(&blueprint));
        terraform.run(
            &out,
            &["fmt", "-check", "-recursive", "-diff", "-no-color"],
            &format!("sample {number}"),
        );
        for parent in ["envs", "bootstrap"] {
            let Ok(entries) = std::fs::read_dir(out.join(parent)) else {
                continue;
            };
            roots.extend(entries.map(|entry| entry.unwrap().path()));
        }
    }
    roots.sort();
    assert!(!roots.is_empty(), "the samples produced no Terraform root");
    println!("validating {} roots of 3 sampled blueprints", roots.len());
    in_parallel(&roots, |root| {
        let what = root.display().to_string();
        terraform.run(
            root,
            &["init", "-backend=false", "-input=false", "-no-color"],
            &what,
        );
        terraform.run(root, &["validate", "-no-color"], &what);
    });
}
