//! What a random valid blueprint is made of: the choices the strategies make (`strategies.rs`)
//! and the rendering turns into blueprint text (`render.rs`).

mod render;
mod strategies;

use plinth_blueprint::aws::caches::CacheEngine;
use plinth_blueprint::aws::databases::DatabaseEngine;
use proptest::sample::Index;

pub(crate) use strategies::blueprint_text;

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
    /// A sidecar beside the service; `true`: the service waits for it to start.
    sidecar: Option<bool>,
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
    tracing: bool,
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
