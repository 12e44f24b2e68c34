//! The text inside the boxes: what each resource is and the settings that shape it.

use plinth_blueprint::aws::caches::CacheEngine;
use plinth_blueprint::aws::databases::DatabaseEngine;
use plinth_blueprint::model::{
    Budget, Cache, Database, Environment, ImageSource, Job, Kafka, NodeGroup, Service,
};
use plinth_blueprint::names::Names;
use plinth_blueprint::raw::{Concurrency, NodeCapacity};

/// `1 task`, `3 tasks`.
pub fn count(n: usize, singular: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {singular}s")
    }
}

/// A service: what runs it, its port, size and replica count, and what sets it apart. A job
/// gets its schedule and how each run goes instead of a port and a replica count.
pub fn service(service: &Service, ecs: Option<&Names>) -> Vec<String> {
    if let Some(job) = service.job() {
        return self::job(service, job, ecs.is_some());
    }
    let (kind, size, unit) = if ecs.is_some() {
        (
            "ECS service",
            format!("{} CPU units, {} MiB", service.cpu, service.memory),
            "task",
        )
    } else {
        (
            "Deployment",
            format!(
                "{} CPU, {}Mi memory",
                millicores(service.cpu),
                service.memory
            ),
            "pod",
        )
    };
    let replicas = match &service.autoscaling {
        Some(scaling) => format!("{}-{} {unit}s, autoscaled", scaling.min, scaling.max),
        None => count(service.desired_count as usize, unit),
    };
    let mut label = vec![
        service.name.clone(),
        match service.web() {
            Some(web) => format!("{kind}, port {}", web.port),
            None => format!("{kind}, worker"),
        },
        size,
        replicas,
    ];
    if let ImageSource::External { image } = &service.image {
        label.push(format!("image {image}"));
    }
    if service.internal_web().is_some() {
        label.push(match ecs {
            Some(names) => format!(
                "internal: {}.{}",
                service.identity(),
                names.service_discovery_namespace()
            ),
            None => "internal: cluster Service only".to_owned(),
        });
    }
    // What a deploy runs first, and who can open a shell: both change how a reviewer reads it.
    if let Some(release) = &service.release {
        label.push(format!("release: {}", release.command.join(" ")));
    }
    if service.exec {
        label.push("ECS Exec on".to_owned());
    }
    label.extend(sidecars(service));
    label
}

/// `+ sidecars: a, b`: the other containers each task or pod runs (the tracing collector among
/// them), so a reviewer sees what shares the service's CPU and memory.
fn sidecars(service: &Service) -> Option<String> {
    (!service.sidecars.is_empty()).then(|| {
        let names: Vec<&str> = service.sidecars.iter().map(|s| s.name.as_str()).collect();
        format!("+ sidecars: {}", names.join(", "))
    })
}

/// A scheduled job: `job · <expression>` on ECS (an EventBridge Scheduler schedule), `CronJob ·
/// <schedule>` on EKS (the CronJob's five-field form), the time zone unless UTC, its size, and
/// how each run goes.
fn job(service: &Service, job: &Job, ecs: bool) -> Vec<String> {
    let (schedule, size, unit) = if ecs {
        (
            format!("job · {}", job.schedule.expression),
            format!("{} CPU units, {} MiB", service.cpu, service.memory),
            "task",
        )
    } else {
        let cron = job
            .schedule
            .kubernetes
            .as_deref()
            .unwrap_or(&job.schedule.expression);
        (
            format!("CronJob · {cron}"),
            format!(
                "{} CPU, {}Mi memory",
                millicores(service.cpu),
                service.memory
            ),
            "pod",
        )
    };
    let schedule = match job.timezone.as_str() {
        "UTC" => schedule,
        timezone => format!("{schedule} {timezone}"),
    };
    let mut run = vec![
        format!("1 {unit} per run"),
        format!("timeout {}", duration(job.timeout_seconds)),
    ];
    match job.retries {
        0 => {}
        1 => run.push("1 retry".to_owned()),
        retries => run.push(format!("{retries} retries")),
    }
    if job.concurrency == Concurrency::Forbid {
        run.push("no overlap".to_owned());
    }
    let mut label = vec![service.name.clone(), schedule, size, run.join(", ")];
    if let ImageSource::External { image } = &service.image {
        label.push(format!("image {image}"));
    }
    label.extend(sidecars(service));
    label
}

/// `30 min`, `2 h`, `90 s`.
fn duration(seconds: u32) -> String {
    match seconds {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// ECS CPU units (1024 per vCPU) as the Kubernetes millicores the manifests request.
fn millicores(cpu: u32) -> String {
    format!("{}m", u64::from(cpu) * 1000 / 1024)
}

/// The listener rule (ECS) or Ingress rule (EKS) that sends requests to `service`.
pub fn route(service: &Service) -> Vec<String> {
    let mut label = Vec::new();
    let Some(web) = service.web() else {
        return label;
    };
    if !web.hosts.is_empty() {
        label.push(format!("host {}", web.hosts.join(", ")));
    }
    if !web.paths.is_empty() {
        label.push(format!("path {}", web.paths.join(", ")));
    }
    if label.is_empty() {
        label.push("default route".to_owned());
    }
    label
}

/// An EKS managed node group.
pub fn node_group(group: &NodeGroup) -> Vec<String> {
    let capacity = match group.capacity {
        NodeCapacity::OnDemand => "on-demand",
        NodeCapacity::Spot => "spot",
    };
    let mut label = vec![
        format!("node group {}", group.name),
        group.instance_types.join(", "),
        format!(
            "{capacity}, {}-{} nodes, desired {}",
            group.min_size, group.max_size, group.desired_size
        ),
    ];
    if !group.taints.is_empty() {
        let taints: Vec<String> = group
            .taints
            .iter()
            .map(|t| format!("{}={}:{:?}", t.key, t.value, t.effect))
            .collect();
        label.push(format!("taints {}", taints.join(", ")));
    }
    label
}

/// The RDS instance or Aurora cluster.
pub fn database(env: &Environment, database: &Database) -> Vec<String> {
    let engine = match database.engine {
        DatabaseEngine::AuroraPostgresql => "Aurora PostgreSQL",
        DatabaseEngine::AuroraMysql => "Aurora MySQL",
        DatabaseEngine::Postgres => "RDS PostgreSQL",
        DatabaseEngine::Mysql => "RDS MySQL",
    };
    let size = if database.engine.is_aurora() {
        let instances = count(database.instances as usize, "instance");
        match &database.serverless {
            Some(range) => format!(
                "{instances}, Serverless v2 {}-{} ACU",
                range.min_capacity, range.max_capacity
            ),
            None => format!("{instances}, {}", database.instance_class),
        }
    } else {
        let storage = match (database.storage_gb, database.max_storage_gb) {
            (Some(gb), Some(max)) if max > gb => format!(", {gb}-{max} GiB"),
            (Some(gb), _) => format!(", {gb} GiB"),
            (None, _) => String::new(),
        };
        format!("{}{storage}", database.instance_class)
    };
    vec![
        format!("{engine} {}", database.version),
        env.names.database(),
        size,
        if database.multi_az {
            "Multi-AZ"
        } else {
            "single AZ"
        }
        .to_owned(),
    ]
}

/// The ElastiCache replication group.
pub fn cache(env: &Environment, cache: &Cache) -> Vec<String> {
    let engine = match cache.engine {
        CacheEngine::Redis => "Redis OSS",
        CacheEngine::Valkey => "Valkey",
    };
    let nodes = match cache.replicas {
        0 => "1 node".to_owned(),
        replicas => format!("1 primary + {}", count(usize::from(replicas), "replica")),
    };
    let mut traits = Vec::new();
    if cache.multi_az {
        traits.push("Multi-AZ failover");
    }
    if cache.transit_encryption {
        traits.push("TLS");
    }
    let mut label = vec![
        format!("ElastiCache {engine} {}", cache.version),
        env.names.cache(),
        format!("{nodes}, {}", cache.node_type),
    ];
    if !traits.is_empty() {
        label.push(traits.join(", "));
    }
    label
}

/// The MSK cluster.
pub fn kafka(env: &Environment, kafka: &Kafka) -> Vec<String> {
    vec![
        format!("MSK Kafka {}", kafka.version),
        env.names.prefix.clone(),
        format!(
            "{}, {}",
            count(kafka.broker_count as usize, "broker"),
            kafka.instance_type
        ),
        format!(
            "{} per zone, {} GiB each",
            kafka.brokers_per_az, kafka.storage_gb
        ),
    ]
}

/// The monthly budget and when it alerts.
pub fn budget(budget: &Budget) -> Vec<String> {
    let percents = |thresholds: &[f64]| -> String {
        thresholds
            .iter()
            .map(|t| format!("{}%", number(*t)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut label = vec![
        "AWS Budgets".to_owned(),
        format!("${} per month", number(budget.monthly_limit_usd)),
    ];
    if !budget.actual_thresholds.is_empty() {
        label.push(format!("actual {}", percents(&budget.actual_thresholds)));
    }
    if !budget.forecast_thresholds.is_empty() {
        label.push(format!(
            "forecast {}",
            percents(&budget.forecast_thresholds)
        ));
    }
    label
}

/// `150` for 150.0, `12.5` for 12.5.
fn number(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_a_zero_fraction() {
        assert_eq!(number(150.0), "150");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(count(1, "task"), "1 task");
        assert_eq!(count(0, "task"), "0 tasks");
        assert_eq!(millicores(512), "500m");
        assert_eq!(duration(3600), "1 h");
        assert_eq!(duration(1800), "30 min");
        assert_eq!(duration(90), "90 s");
    }
}
