//! One environment's estimate, item by item, following what the Terraform emitter generates for
//! it (`crates/terraform/src/root.rs`, `eks.rs`, `catalog.rs` and the modules they call).

use plinth_blueprint::aws::caches::CacheEngine;
use plinth_blueprint::model::{Compute, Ecs, Eks, Environment, ImageSource, Service};
use plinth_blueprint::raw::{Endpoint, NatMode, NodeCapacity};

use crate::assumptions::{
    ALB_AVERAGE_LCU, ALB_PUBLIC_IPS_PER_ZONE, AURORA_IO_MILLIONS, AURORA_STORAGE_GB,
    BACKUP_DAILY_CHANGE, CONTAINER_INSIGHTS_GB_PER_SERVICE, CONTAINER_INSIGHTS_METRICS_PER_SERVICE,
    EC2_SPOT_DISCOUNT, ECR_GB_PER_REPOSITORY, EKS_CONTROL_PLANE_LOG_GB, ENDPOINT_GB_PER_ENDPOINT,
    FARGATE_SPOT_DISCOUNT, FLOW_LOG_GB, HOURS_PER_MONTH, LOG_GB_PER_SERVICE,
    LOG_STORAGE_HORIZON_DAYS, MSK_LOG_GB_PER_BROKER, NAT_GB_PER_GATEWAY, S3_GB_PER_BUCKET,
    S3_GET_THOUSANDS_PER_BUCKET, S3_PUT_THOUSANDS_PER_BUCKET, WAF_LOG_GB_PER_MILLION_REQUESTS,
    WAF_MILLION_REQUESTS, number, percent,
};
use crate::prices::{Prices, RegionalPrices, Rules, round_to};
use crate::{CostLine, EnvironmentEstimate, Unit};

/// The waf module's rules: three AWS managed rule groups (its default) and the rate limit.
const WAF_RULES: f64 = 4.0;

/// `n` as a float; counts in a blueprint are far below where `f64` loses precision.
fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `"1 gateway"`, `"2 gateways"`, `"1.5 tasks"`.
fn plural(n: f64, one: &str, many: &str) -> String {
    let noun = if (n - 1.0).abs() < f64::EPSILON {
        one
    } else {
        many
    };
    format!("{} {noun}", number(n))
}

/// Collects the lines, assumptions and unpriced items of one environment.
struct Builder<'a> {
    prices: &'a Prices,
    rules: Rules,
    lines: Vec<CostLine>,
    assumptions: Vec<String>,
    unpriced: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(regional: &'a RegionalPrices) -> Self {
        Self {
            prices: &regional.prices,
            rules: regional.rules,
            lines: Vec::new(),
            assumptions: vec![format!(
                "A month is {} hours; every resource runs all month.",
                number(HOURS_PER_MONTH)
            )],
            unpriced: Vec::new(),
        }
    }

    /// Adds a line unless nothing is billed.
    fn add(&mut self, resource: &str, quantity: String, billed: f64, unit: Unit, price: f64) {
        if billed <= 0.0 {
            return;
        }
        self.lines.push(CostLine {
            resource: resource.to_owned(),
            quantity,
            billed_units: round_to(billed, 6),
            unit,
            unit_price_usd: round_to(price, 6),
            monthly_usd: round_to(billed * price, 2),
        });
    }

    fn assume(&mut self, text: String) {
        if !self.assumptions.contains(&text) {
            self.assumptions.push(text);
        }
    }
}

/// The estimate of `env` at `regional` prices.
pub(crate) fn environment(env: &Environment, regional: &RegionalPrices) -> EnvironmentEstimate {
    let mut b = Builder::new(regional);
    let nat_gateways = network(&mut b, env);
    let load_balancer = load_balancer(&mut b, env);
    public_ipv4(&mut b, env, nat_gateways, load_balancer);
    let waf = waf(&mut b, env);
    match &env.compute {
        Compute::Ecs(ecs) => self::ecs(&mut b, env, ecs),
        Compute::Eks(eks) => self::eks(&mut b, eks),
    }
    database(&mut b, env);
    cache(&mut b, env);
    kafka(&mut b, env);
    storage(&mut b, env);
    secrets_and_keys(&mut b, env);
    alarms_and_dashboard(&mut b, env, load_balancer);
    logs(&mut b, env, waf);

    let total = round_to(b.lines.iter().map(|line| line.monthly_usd).sum(), 2);
    let budget = env.budget.as_ref().map(|budget| budget.monthly_limit_usd);
    EnvironmentEstimate {
        environment: env.name.clone(),
        region: env.region.clone(),
        price_basis: regional.basis,
        price_note: regional.note.clone(),
        lines: b.lines,
        total_usd: total,
        budget_usd: budget,
        within_budget: budget.map(|limit| total <= limit),
        assumptions: b.assumptions,
        unpriced: b.unpriced,
    }
}

/// NAT gateways and interface endpoints; returns the number of NAT gateways.
fn network(b: &mut Builder, env: &Environment) -> f64 {
    let network = &env.network;
    let zones = count(network.availability_zones.len());
    let gateways = match network.nat {
        NatMode::None => 0.0,
        NatMode::Single => 1.0,
        NatMode::PerAz => zones,
    };
    let p = b.prices;
    b.add(
        "NAT gateway",
        format!(
            "{} × {} h (nat = {})",
            plural(gateways, "gateway", "gateways"),
            number(HOURS_PER_MONTH),
            network.nat.as_str()
        ),
        gateways * HOURS_PER_MONTH,
        Unit::Hour,
        p.nat_gateway_hour,
    );
    b.add(
        "NAT gateway data processed",
        format!(
            "{} × {} GB",
            plural(gateways, "gateway", "gateways"),
            number(NAT_GB_PER_GATEWAY)
        ),
        gateways * NAT_GB_PER_GATEWAY,
        Unit::Gb,
        p.nat_gateway_gb,
    );
    if gateways > 0.0 {
        b.assume(format!(
            "Each NAT gateway processes {} GB a month.",
            number(NAT_GB_PER_GATEWAY)
        ));
    }
    // The network module makes `ecr` two endpoints (ecr.api, ecr.dkr); `s3` is a free gateway.
    let interface: Vec<&str> = network
        .endpoints
        .iter()
        .flat_map(|endpoint| match endpoint {
            Endpoint::S3 => &[][..],
            Endpoint::Ecr => &["ecr.api", "ecr.dkr"][..],
            Endpoint::Logs => &["logs"][..],
            Endpoint::Secretsmanager => &["secretsmanager"][..],
        })
        .copied()
        .collect();
    let endpoints = count(interface.len());
    b.add(
        "VPC interface endpoints",
        format!(
            "{} ({}) × {} × {} h",
            plural(endpoints, "endpoint", "endpoints"),
            interface.join(", "),
            plural(zones, "zone", "zones"),
            number(HOURS_PER_MONTH)
        ),
        endpoints * zones * HOURS_PER_MONTH,
        Unit::Hour,
        p.vpc_interface_endpoint_hour,
    );
    b.add(
        "VPC interface endpoint data processed",
        format!(
            "{} × {} GB",
            plural(endpoints, "endpoint", "endpoints"),
            number(ENDPOINT_GB_PER_ENDPOINT)
        ),
        endpoints * ENDPOINT_GB_PER_ENDPOINT,
        Unit::Gb,
        p.vpc_interface_endpoint_gb,
    );
    if endpoints > 0.0 {
        b.assume(format!(
            "Each interface VPC endpoint processes {} GB a month.",
            number(ENDPOINT_GB_PER_ENDPOINT)
        ));
    }
    gateways
}

/// The Application Load Balancer, when a service is public: Terraform's on ECS, the Ingress
/// group's on EKS (one ALB for every public service, made by the AWS Load Balancer Controller).
fn load_balancer(b: &mut Builder, env: &Environment) -> bool {
    if !env.services.iter().any(|s| s.public) {
        return false;
    }
    let resource = match env.compute {
        Compute::Ecs(_) => "Application Load Balancer",
        Compute::Eks(_) => "Application Load Balancer (Ingress)",
    };
    let p = b.prices;
    b.add(
        resource,
        format!("1 × {} h", number(HOURS_PER_MONTH)),
        HOURS_PER_MONTH,
        Unit::Hour,
        p.alb_hour,
    );
    b.add(
        "Load balancer capacity units",
        format!(
            "{} LCU × {} h",
            number(ALB_AVERAGE_LCU),
            number(HOURS_PER_MONTH)
        ),
        ALB_AVERAGE_LCU * HOURS_PER_MONTH,
        Unit::LcuHour,
        p.alb_lcu_hour,
    );
    b.assume(format!(
        "The load balancer averages {} LCU (new connections, active connections, processed bytes and rule evaluations, whichever is highest).",
        number(ALB_AVERAGE_LCU)
    ));
    if matches!(env.compute, Compute::Eks(_)) {
        b.assume(
            "On EKS the public services share one ALB, created by the AWS Load Balancer Controller for their Ingress group."
                .to_owned(),
        );
    }
    true
}

/// The NAT gateways' Elastic IPs and the load balancer's addresses.
fn public_ipv4(b: &mut Builder, env: &Environment, nat_gateways: f64, load_balancer: bool) {
    let zones = count(env.network.availability_zones.len());
    let balancer = if load_balancer {
        zones * ALB_PUBLIC_IPS_PER_ZONE
    } else {
        0.0
    };
    let mut parts = Vec::new();
    if nat_gateways > 0.0 {
        parts.push(plural(nat_gateways, "NAT gateway IP", "NAT gateway IPs"));
    }
    if balancer > 0.0 {
        parts.push(plural(balancer, "load balancer IP", "load balancer IPs"));
        b.assume(format!(
            "The load balancer holds {} public IPv4 address per zone.",
            number(ALB_PUBLIC_IPS_PER_ZONE)
        ));
    }
    let price = b.prices.public_ipv4_hour;
    b.add(
        "Public IPv4 addresses",
        match parts.as_slice() {
            [only] => format!("{only} × {} h", number(HOURS_PER_MONTH)),
            _ => format!("({}) × {} h", parts.join(" + "), number(HOURS_PER_MONTH)),
        },
        (nat_gateways + balancer) * HOURS_PER_MONTH,
        Unit::Hour,
        price,
    );
}

/// The web ACL (ECS only: the EKS path refuses `[waf]`); returns whether there is one.
fn waf(b: &mut Builder, env: &Environment) -> bool {
    if env.waf.is_none() || !matches!(env.compute, Compute::Ecs(_)) {
        return false;
    }
    let p = b.prices;
    b.add(
        "WAF web ACL",
        "1 web ACL".to_owned(),
        1.0,
        Unit::Month,
        p.waf_web_acl_month,
    );
    b.add(
        "WAF rules",
        "3 managed rule groups + 1 rate limit".to_owned(),
        WAF_RULES,
        Unit::Month,
        p.waf_rule_month,
    );
    b.add(
        "WAF requests",
        format!("{} million", number(WAF_MILLION_REQUESTS)),
        WAF_MILLION_REQUESTS,
        Unit::MillionRequests,
        p.waf_million_requests,
    );
    b.assume(format!(
        "The web ACL inspects {} million requests a month.",
        number(WAF_MILLION_REQUESTS)
    ));
    true
}

/// The tasks a service runs: the count the ecs-service module starts it with (the desired count,
/// clamped to the autoscaling range when autoscaled).
fn task_count(service: &Service) -> u32 {
    match &service.autoscaling {
        Some(scaling) => service
            .desired_count
            .clamp(scaling.min, scaling.max.max(scaling.min)),
        None => service.desired_count,
    }
}

/// On-demand and Spot tasks under the capacity provider strategy: FARGATE with a base of one and
/// weight `100 - spot`, FARGATE_SPOT with weight `spot` (FARGATE left out at 100% Spot).
pub(crate) fn fargate_split(tasks: f64, spot_percent: u8) -> (f64, f64) {
    let spot = f64::from(spot_percent) / 100.0;
    match spot_percent {
        _ if tasks <= 0.0 => (0.0, 0.0),
        0 => (tasks, 0.0),
        100.. => (0.0, tasks),
        _ => (1.0 + (tasks - 1.0) * (1.0 - spot), (tasks - 1.0) * spot),
    }
}

/// Fargate tasks per service, and Container Insights metrics.
fn ecs(b: &mut Builder, env: &Environment, ecs: &Ecs) {
    let p = b.prices;
    let spot_factor = 1.0 - FARGATE_SPOT_DISCOUNT;
    for service in &env.services {
        let tasks = f64::from(task_count(service));
        let vcpu = f64::from(service.cpu) / 1024.0;
        let memory = f64::from(service.memory) / 1024.0;
        let (on_demand, spot) = fargate_split(tasks, ecs.fargate_spot_percent);
        for (tasks, label, factor) in [(on_demand, "", 1.0), (spot, " Spot", spot_factor)] {
            let tasks_text = plural(tasks, "task", "tasks");
            b.add(
                &format!("Fargate{label} vCPU ({})", service.name),
                format!(
                    "{tasks_text} × {} vCPU × {} h",
                    number(vcpu),
                    number(HOURS_PER_MONTH)
                ),
                tasks * vcpu * HOURS_PER_MONTH,
                Unit::VcpuHour,
                p.fargate_vcpu_hour * factor,
            );
            b.add(
                &format!("Fargate{label} memory ({})", service.name),
                format!(
                    "{tasks_text} × {} GB × {} h",
                    number(memory),
                    number(HOURS_PER_MONTH)
                ),
                tasks * memory * HOURS_PER_MONTH,
                Unit::GbHour,
                p.fargate_gb_hour * factor,
            );
        }
        if service.autoscaling.is_some() {
            b.assume(
                "Autoscaled services run at their starting task count (the desired count within the autoscaling range) all month."
                    .to_owned(),
            );
        }
        if spot > 0.0 {
            b.assume(format!(
                "Fargate Spot costs {} less than on-demand Fargate; tasks split by the capacity provider weights, with the first on on-demand.",
                percent(FARGATE_SPOT_DISCOUNT)
            ));
        }
    }
    let services = count(env.services.len());
    if ecs.container_insights && services > 0.0 {
        b.add(
            "Container Insights metrics",
            format!(
                "{} × {} metrics",
                plural(services, "service", "services"),
                number(CONTAINER_INSIGHTS_METRICS_PER_SERVICE)
            ),
            services * CONTAINER_INSIGHTS_METRICS_PER_SERVICE,
            Unit::Month,
            p.cloudwatch_metric_month,
        );
        b.assume(format!(
            "Container Insights publishes {} custom metrics and {} GB of performance events per service a month.",
            number(CONTAINER_INSIGHTS_METRICS_PER_SERVICE),
            number(CONTAINER_INSIGHTS_GB_PER_SERVICE)
        ));
    }
}

/// The cluster and its node groups.
fn eks(b: &mut Builder, eks: &Eks) {
    let p = b.prices;
    b.add(
        "EKS cluster",
        format!("1 × {} h", number(HOURS_PER_MONTH)),
        HOURS_PER_MONTH,
        Unit::Hour,
        p.eks_cluster_hour,
    );
    b.assume(format!(
        "Kubernetes {} is in EKS standard support (extended support bills six times the cluster hour).",
        eks.kubernetes_version
    ));
    for group in &eks.node_groups {
        let nodes = f64::from(group.desired_size);
        let Some(instance_type) = group.instance_types.first() else {
            continue;
        };
        if group.instance_types.len() > 1 {
            b.assume(
                "Node groups with several instance types are priced at their first.".to_owned(),
            );
        }
        let nodes_text = plural(nodes, "node", "nodes");
        match p.ec2_instance_hour.get(instance_type) {
            Some(&price) => {
                let (label, factor) = match group.capacity {
                    NodeCapacity::OnDemand => ("", 1.0),
                    NodeCapacity::Spot => {
                        b.assume(format!(
                            "Spot instances cost {} less than on-demand.",
                            percent(EC2_SPOT_DISCOUNT)
                        ));
                        (", spot", 1.0 - EC2_SPOT_DISCOUNT)
                    }
                };
                b.add(
                    &format!("EC2 {instance_type} (node group {}{label})", group.name),
                    format!("{nodes_text} × {} h", number(HOURS_PER_MONTH)),
                    nodes * HOURS_PER_MONTH,
                    Unit::Hour,
                    price * factor,
                );
            }
            None => b.unpriced.push(format!(
                "EC2 instance type {instance_type} (node group {})",
                group.name
            )),
        }
        b.add(
            &format!("EBS gp3 root volumes (node group {})", group.name),
            format!("{nodes_text} × {} GB", group.disk_size_gb),
            nodes * f64::from(group.disk_size_gb),
            Unit::GbMonth,
            p.ebs_gp3_gb_month,
        );
    }
}

/// The RDS instance or Aurora cluster, its storage and its backups beyond the free allowance.
fn database(b: &mut Builder, env: &Environment) {
    let Some(database) = &env.database else {
        return;
    };
    let p = b.prices;
    let engine = database.engine.as_str();
    let hours = number(HOURS_PER_MONTH);
    let retention = f64::from(database.backup_retention_days);
    if !database.engine.is_aurora() {
        let multi_az = b.rules.rds_multi_az_factor;
        let (copies, copies_text) = if database.multi_az {
            (
                multi_az,
                format!("{} (Multi-AZ)", plural(multi_az, "instance", "instances")),
            )
        } else {
            (1.0, "1 instance".to_owned())
        };
        let class = &database.instance_class;
        match p.rds_instance_hour.get(class) {
            Some(&price) => b.add(
                &format!("RDS {class} ({engine})"),
                format!("{copies_text} × {hours} h"),
                copies * HOURS_PER_MONTH,
                Unit::Hour,
                price,
            ),
            None => b.unpriced.push(format!("RDS instance class {class}")),
        }
        let storage = f64::from(database.storage_gb.unwrap_or_default());
        b.add(
            "RDS gp3 storage",
            format!(
                "{} GB × {}",
                number(storage),
                plural(copies, "copy", "copies")
            ),
            storage * copies,
            Unit::GbMonth,
            p.rds_gp3_gb_month,
        );
        backups(b, "RDS", storage, retention, p.rds_backup_gb_month);
        return;
    }
    let instances = f64::from(database.instances);
    let instances_text = plural(instances, "instance", "instances");
    if let Some(serverless) = &database.serverless {
        let acu = serverless.min_capacity;
        b.add(
            &format!("Aurora Serverless v2 ({engine})"),
            format!("{instances_text} × {} ACU × {hours} h", number(acu)),
            instances * acu * HOURS_PER_MONTH,
            Unit::AcuHour,
            p.aurora_serverless_v2_acu_hour,
        );
        b.assume(if acu > 0.0 {
            "Aurora Serverless v2 instances run at their minimum capacity.".to_owned()
        } else {
            "Aurora Serverless v2 at 0 ACU pauses when idle: no compute is counted.".to_owned()
        });
    } else {
        let class = &database.instance_class;
        match p.aurora_instance_hour.get(class) {
            Some(&price) => b.add(
                &format!("Aurora {class} ({engine})"),
                format!("{instances_text} × {hours} h"),
                instances * HOURS_PER_MONTH,
                Unit::Hour,
                price,
            ),
            None => b.unpriced.push(format!("Aurora instance class {class}")),
        }
    }
    b.add(
        "Aurora storage",
        format!("{} GB", number(AURORA_STORAGE_GB)),
        AURORA_STORAGE_GB,
        Unit::GbMonth,
        p.aurora_storage_gb_month,
    );
    b.add(
        "Aurora I/O requests",
        format!("{} million", number(AURORA_IO_MILLIONS)),
        AURORA_IO_MILLIONS,
        Unit::MillionRequests,
        p.aurora_io_million_requests,
    );
    b.assume(format!(
        "The Aurora cluster stores {} GB and makes {} million I/O requests a month.",
        number(AURORA_STORAGE_GB),
        number(AURORA_IO_MILLIONS)
    ));
    backups(
        b,
        "Aurora",
        AURORA_STORAGE_GB,
        retention,
        p.aurora_backup_gb_month,
    );
}

/// Backup storage beyond the free allowance (as much as the database's storage): one full copy,
/// which the allowance covers, plus each retained day's changes.
fn backups(b: &mut Builder, engine: &str, storage_gb: f64, retention_days: f64, price: f64) {
    b.add(
        &format!("{engine} backup storage beyond the free allowance"),
        format!(
            "{} × {} of {} GB",
            plural(retention_days, "day", "days"),
            percent(BACKUP_DAILY_CHANGE),
            number(storage_gb)
        ),
        retention_days * BACKUP_DAILY_CHANGE * storage_gb,
        Unit::GbMonth,
        price,
    );
    if retention_days > 0.0 {
        b.assume(format!(
            "Backups keep one full copy (free up to the database's size) plus {} of the data per retained day.",
            percent(BACKUP_DAILY_CHANGE)
        ));
    }
}

/// The replication group's nodes: a primary and its replicas.
fn cache(b: &mut Builder, env: &Environment) {
    let Some(cache) = &env.cache else {
        return;
    };
    let nodes = f64::from(cache.replicas) + 1.0;
    let node_type = &cache.node_type;
    let Some(&price) = b.prices.elasticache_node_hour.get(node_type) else {
        b.unpriced
            .push(format!("ElastiCache node type {node_type}"));
        return;
    };
    let (price, note) = match cache.engine {
        CacheEngine::Valkey => (
            price * (1.0 - b.rules.valkey_node_discount),
            format!(
                ", Valkey {} below Redis OSS",
                percent(b.rules.valkey_node_discount)
            ),
        ),
        CacheEngine::Redis => (price, String::new()),
    };
    b.add(
        &format!("ElastiCache {node_type} ({})", cache.engine),
        format!(
            "{} × {} h{note}",
            plural(nodes, "node", "nodes"),
            number(HOURS_PER_MONTH)
        ),
        nodes * HOURS_PER_MONTH,
        Unit::Hour,
        price,
    );
}

/// The MSK brokers and their storage.
fn kafka(b: &mut Builder, env: &Environment) {
    let Some(kafka) = &env.kafka else {
        return;
    };
    let brokers = f64::from(kafka.broker_count);
    let brokers_text = plural(brokers, "broker", "brokers");
    let p = b.prices;
    match p.msk_broker_hour.get(&kafka.instance_type) {
        Some(&price) => b.add(
            &format!("MSK {} brokers", kafka.instance_type),
            format!("{brokers_text} × {} h", number(HOURS_PER_MONTH)),
            brokers * HOURS_PER_MONTH,
            Unit::Hour,
            price,
        ),
        None => b
            .unpriced
            .push(format!("MSK broker type {}", kafka.instance_type)),
    }
    b.add(
        "MSK broker storage",
        format!("{brokers_text} × {} GB", kafka.storage_gb),
        brokers * f64::from(kafka.storage_gb),
        Unit::GbMonth,
        p.msk_storage_gb_month,
    );
}

/// ECR repositories of CI-built services, and the application buckets.
fn storage(b: &mut Builder, env: &Environment) {
    let p = b.prices;
    let repositories = count(
        env.services
            .iter()
            .filter(|s| matches!(s.image, ImageSource::Build { .. }))
            .count(),
    );
    b.add(
        "ECR storage",
        format!(
            "{} × {} GB",
            plural(repositories, "repository", "repositories"),
            number(ECR_GB_PER_REPOSITORY)
        ),
        repositories * ECR_GB_PER_REPOSITORY,
        Unit::GbMonth,
        p.ecr_storage_gb_month,
    );
    if repositories > 0.0 {
        b.assume(format!(
            "Each ECR repository keeps {} GB of images.",
            number(ECR_GB_PER_REPOSITORY)
        ));
    }
    let buckets = count(env.buckets.len());
    let buckets_text = plural(buckets, "bucket", "buckets");
    b.add(
        "S3 Standard storage",
        format!("{buckets_text} × {} GB", number(S3_GB_PER_BUCKET)),
        buckets * S3_GB_PER_BUCKET,
        Unit::GbMonth,
        p.s3_standard_gb_month,
    );
    b.add(
        "S3 PUT/COPY/POST/LIST requests",
        format!(
            "{buckets_text} × {} thousand",
            number(S3_PUT_THOUSANDS_PER_BUCKET)
        ),
        buckets * S3_PUT_THOUSANDS_PER_BUCKET,
        Unit::ThousandRequests,
        p.s3_put_thousand_requests,
    );
    b.add(
        "S3 GET requests",
        format!(
            "{buckets_text} × {} thousand",
            number(S3_GET_THOUSANDS_PER_BUCKET)
        ),
        buckets * S3_GET_THOUSANDS_PER_BUCKET,
        Unit::ThousandRequests,
        p.s3_get_thousand_requests,
    );
    if buckets > 0.0 {
        b.assume(format!(
            "Each bucket holds {} GB in S3 Standard and serves {} thousand writes and {} thousand reads a month.",
            number(S3_GB_PER_BUCKET),
            number(S3_PUT_THOUSANDS_PER_BUCKET),
            number(S3_GET_THOUSANDS_PER_BUCKET)
        ));
    }
}

/// Secrets Manager secrets and customer-managed KMS keys.
fn secrets_and_keys(b: &mut Builder, env: &Environment) {
    let mut secrets = Vec::new();
    if !env.secrets.is_empty() {
        let n = count(env.secrets.len());
        secrets.push((n, plural(n, "app secret", "app secrets")));
    }
    if env.database.is_some() {
        secrets.push((1.0, "database credentials".to_owned()));
    }
    // The cache module keeps an auth token only with TLS, which AUTH requires.
    if env.cache.as_ref().is_some_and(|c| c.transit_encryption) {
        secrets.push((1.0, "cache auth token".to_owned()));
    }
    let p = b.prices;
    b.add(
        "Secrets Manager secrets",
        secrets
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        secrets.iter().map(|(n, _)| n).sum(),
        Unit::Month,
        p.secrets_manager_secret_month,
    );
    // The monitoring module always encrypts the alarm topic with its own key.
    let mut keys = vec![(1.0, "alarm topic".to_owned())];
    if env.observability.log_kms && env.names.account_id.is_some() {
        keys.push((1.0, "logs".to_owned()));
    }
    if matches!(env.compute, Compute::Eks(_)) {
        keys.push((1.0, "EKS secrets".to_owned()));
    }
    let encrypted = count(env.buckets.iter().filter(|bucket| bucket.kms).count());
    if encrypted > 0.0 {
        keys.push((encrypted, plural(encrypted, "bucket", "buckets")));
    }
    b.add(
        "KMS keys",
        keys.iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        keys.iter().map(|(n, _)| n).sum(),
        Unit::Month,
        p.kms_key_month,
    );
}

/// The monitoring module's alarms (as `monitoring_resources` in tests/terraform.rs counts them)
/// and dashboard.
fn alarms_and_dashboard(b: &mut Builder, env: &Environment, load_balancer: bool) {
    let p = b.prices;
    if env.observability.alarms.enabled {
        // Service and load balancer alarms watch ECS metrics and the Terraform-made ALB: none on EKS.
        let ecs = matches!(env.compute, Compute::Ecs(_));
        let services = if ecs { count(env.services.len()) } else { 0.0 };
        let public_services = if ecs {
            count(env.services.iter().filter(|s| s.public).count())
        } else {
            0.0
        };
        let mut parts: Vec<(f64, String)> = Vec::new();
        if services > 0.0 {
            parts.push((
                3.0 * services,
                format!("3 × {}", plural(services, "service", "services")),
            ));
        }
        if public_services > 0.0 {
            parts.push((
                4.0 * public_services,
                format!(
                    "4 × {}",
                    plural(public_services, "target group", "target groups")
                ),
            ));
        }
        if ecs && load_balancer {
            parts.push((1.0, "1 load balancer".to_owned()));
        }
        if env.database.is_some() {
            parts.push((3.0, "3 database".to_owned()));
        }
        if let Some(cache) = &env.cache {
            let nodes = f64::from(cache.replicas) + 1.0;
            parts.push((
                3.0 * nodes,
                format!("3 × {}", plural(nodes, "cache node", "cache nodes")),
            ));
        }
        b.add(
            "CloudWatch alarms",
            parts
                .iter()
                .map(|(_, text)| text.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
            parts.iter().map(|(n, _)| n).sum(),
            Unit::Month,
            p.cloudwatch_alarm_month,
        );
    }
    if env.observability.dashboard {
        b.add(
            "CloudWatch dashboard",
            "1 dashboard".to_owned(),
            1.0,
            Unit::Month,
            p.cloudwatch_dashboard_month,
        );
    }
}

/// CloudWatch Logs ingestion and storage, from every log group the environment writes to.
fn logs(b: &mut Builder, env: &Environment, waf: bool) {
    let mut sources: Vec<(f64, String)> = Vec::new();
    let mut assumed = Vec::new();
    if let Compute::Ecs(ecs) = &env.compute {
        let services = count(env.services.len());
        if services > 0.0 {
            sources.push((
                services * LOG_GB_PER_SERVICE,
                format!(
                    "{} × {} GB",
                    plural(services, "service", "services"),
                    number(LOG_GB_PER_SERVICE)
                ),
            ));
            assumed.push(format!("{} GB per ECS service", number(LOG_GB_PER_SERVICE)));
            if ecs.container_insights {
                sources.push((
                    services * CONTAINER_INSIGHTS_GB_PER_SERVICE,
                    format!(
                        "Container Insights {} × {} GB",
                        number(services),
                        number(CONTAINER_INSIGHTS_GB_PER_SERVICE)
                    ),
                ));
            }
        }
    } else {
        sources.push((
            EKS_CONTROL_PLANE_LOG_GB,
            format!("control plane {} GB", number(EKS_CONTROL_PLANE_LOG_GB)),
        ));
        assumed.push(format!(
            "{} GB of EKS control-plane logs",
            number(EKS_CONTROL_PLANE_LOG_GB)
        ));
    }
    if env.network.flow_logs {
        sources.push((FLOW_LOG_GB, format!("flow logs {} GB", number(FLOW_LOG_GB))));
        assumed.push(format!("{} GB of VPC flow logs", number(FLOW_LOG_GB)));
    }
    if let Some(kafka) = &env.kafka {
        let brokers = f64::from(kafka.broker_count);
        sources.push((
            brokers * MSK_LOG_GB_PER_BROKER,
            format!(
                "MSK {} × {} GB",
                plural(brokers, "broker", "brokers"),
                number(MSK_LOG_GB_PER_BROKER)
            ),
        ));
        assumed.push(format!(
            "{} GB per MSK broker",
            number(MSK_LOG_GB_PER_BROKER)
        ));
    }
    if waf {
        let gb = WAF_MILLION_REQUESTS * WAF_LOG_GB_PER_MILLION_REQUESTS;
        sources.push((gb, format!("WAF {} GB", number(gb))));
        assumed.push(format!(
            "{} GB of WAF logs per million requests",
            number(WAF_LOG_GB_PER_MILLION_REQUESTS)
        ));
    }
    let ingested: f64 = sources.iter().map(|(gb, _)| gb).sum();
    if ingested <= 0.0 {
        return;
    }
    let p = b.prices;
    b.add(
        "CloudWatch Logs ingestion",
        sources
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        ingested,
        Unit::Gb,
        p.cloudwatch_logs_ingest_gb,
    );
    let retention = f64::from(env.observability.log_retention_days).min(LOG_STORAGE_HORIZON_DAYS);
    let months = retention / 30.0;
    b.add(
        "CloudWatch Logs storage",
        format!(
            "{} GB a month × {} days kept / 30",
            number(ingested),
            number(retention)
        ),
        ingested * months,
        Unit::GbMonth,
        p.cloudwatch_logs_storage_gb_month,
    );
    b.assume(format!("Logs a month: {}.", assumed.join(", ")));
    b.assume(format!(
        "Stored logs are uncompressed and kept for their retention, counted up to {} days.",
        number(LOG_STORAGE_HORIZON_DAYS)
    ));
}
