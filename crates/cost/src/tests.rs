//! Estimates of small blueprints against figures computed by hand from the us-east-1 prices in
//! `prices/aws-prices.json` (published, so no multiplier) and the constants in `assumptions`.
//! Cents are rounded half away from zero per line; the total is the sum of the rounded lines.

use plinth_blueprint::{SourceFile, load};

use super::*;

/// The estimate of environment `name` of the blueprint `toml`.
fn estimate_of(toml: &str, name: &str) -> EnvironmentEstimate {
    let loaded = load(&SourceFile::new("test.toml", toml.to_owned()))
        .unwrap_or_else(|diagnostics| panic!("test blueprint is invalid: {diagnostics:#?}"));
    estimate_environment(
        loaded
            .blueprint
            .environment(name)
            .expect("environment exists"),
    )
}

/// The monthly cost of the line called `resource`.
fn monthly(estimate: &EnvironmentEstimate, resource: &str) -> f64 {
    estimate
        .lines
        .iter()
        .find(|line| line.resource == resource)
        .unwrap_or_else(|| panic!("no line `{resource}` in {:#?}", estimate.lines))
        .monthly_usd
}

fn has_line(estimate: &EnvironmentEstimate, resource: &str) -> bool {
    estimate.lines.iter().any(|line| line.resource == resource)
}

fn assert_usd(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 0.001,
        "expected ${expected:.2}, got ${actual:.2}"
    );
}

const SMALL_ECS: &str = r#"
[project]
name = "calc"
region = "us-east-1"
environments = ["dev"]

[network]
availability_zones = ["us-east-1a", "us-east-1b"]
nat = "per-az"

[compute]
container_insights = false

[services.web]
port = 8080
image = "public.ecr.aws/nginx/nginx:1.27"
cpu = 512
memory = 1024
desired_count = 2

[observability]
dashboard = false

[observability.alarms]
enabled = false
"#;

#[test]
fn small_ecs_environment_matches_hand_computed_figures() {
    let estimate = estimate_of(SMALL_ECS, "dev");
    let expected = [
        // 2 NAT gateways (per-az, 2 zones) × 730 h × $0.045 = $65.70
        ("NAT gateway", 65.70),
        // 2 gateways × 50 GB × $0.045 = $4.50
        ("NAT gateway data processed", 4.50),
        // 1 ALB × 730 h × $0.0225 = $16.425 → $16.43
        ("Application Load Balancer", 16.43),
        // 1 LCU × 730 h × $0.008 = $5.84
        ("Load balancer capacity units", 5.84),
        // (2 NAT gateway IPs + 2 zones × 1 load balancer IP) × 730 h × $0.005 = $14.60
        ("Public IPv4 addresses", 14.60),
        // 2 tasks × 0.5 vCPU × 730 h × $0.04048 = $29.5504 → $29.55
        ("Fargate vCPU (web)", 29.55),
        // 2 tasks × 1 GB × 730 h × $0.004445 = $6.4897 → $6.49
        ("Fargate memory (web)", 6.49),
        // The alarm topic's key: 1 × $1.00
        ("KMS keys", 1.00),
        // 1 service × 5 GB × $0.50 = $2.50
        ("CloudWatch Logs ingestion", 2.50),
        // 5 GB × 14 days / 30 × $0.03 = $0.07
        ("CloudWatch Logs storage", 0.07),
    ];
    for (resource, usd) in expected {
        assert_usd(monthly(&estimate, resource), usd);
    }
    // No repository (external image), no alarms, no dashboard, no Container Insights, no secrets.
    assert_eq!(
        estimate.lines.len(),
        expected.len(),
        "{:#?}",
        estimate.lines
    );
    // 65.70 + 4.50 + 16.43 + 5.84 + 14.60 + 29.55 + 6.49 + 1.00 + 2.50 + 0.07 = 146.68
    assert_usd(estimate.total_usd, 146.68);
    assert_eq!(estimate.price_basis, Basis::Published);
    assert!(estimate.unpriced.is_empty());
}

#[test]
fn every_line_is_units_times_price() {
    let estimate = estimate_of(SMALL_ECS, "dev");
    for line in &estimate.lines {
        assert_usd(
            line.monthly_usd,
            prices::round_to(line.billed_units * line.unit_price_usd, 2),
        );
    }
    let sum: f64 = estimate.lines.iter().map(|line| line.monthly_usd).sum();
    assert_usd(estimate.total_usd, sum);
}

#[test]
fn fargate_spot_splits_tasks_by_the_capacity_provider_weights() {
    let toml = SMALL_ECS
        .replace(
            "container_insights = false",
            "container_insights = false\nfargate_spot_percent = 50",
        )
        .replace(
            "cpu = 512\nmemory = 1024\ndesired_count = 2",
            "cpu = 1024\nmemory = 2048\ndesired_count = 5",
        );
    let estimate = estimate_of(&toml, "dev");
    // FARGATE keeps a base of 1; the other 4 split 50/50: 3 on-demand, 2 Spot.
    // 3 × 1 vCPU × 730 h × $0.04048 = $88.6512 → $88.65
    assert_usd(monthly(&estimate, "Fargate vCPU (web)"), 88.65);
    // 3 × 2 GB × 730 h × $0.004445 = $19.4691 → $19.47
    assert_usd(monthly(&estimate, "Fargate memory (web)"), 19.47);
    // 2 × 1 vCPU × 730 h × $0.04048 × (1 − 0.70) = $17.73024 → $17.73
    assert_usd(monthly(&estimate, "Fargate Spot vCPU (web)"), 17.73);
    // 2 × 2 GB × 730 h × $0.004445 × (1 − 0.70) = $3.89382 → $3.89
    assert_usd(monthly(&estimate, "Fargate Spot memory (web)"), 3.89);
    assert!(
        estimate
            .assumptions
            .iter()
            .any(|a| a.starts_with("Fargate Spot costs 70% less"))
    );
}

#[test]
fn fargate_split_follows_the_module_strategy() {
    use crate::estimate::fargate_split;
    assert_eq!(fargate_split(5.0, 50), (3.0, 2.0));
    // A single task always lands on the on-demand base.
    assert_eq!(fargate_split(1.0, 50), (1.0, 0.0));
    // At 100% Spot the module leaves FARGATE out, base and all.
    assert_eq!(fargate_split(4.0, 100), (0.0, 4.0));
    assert_eq!(fargate_split(3.0, 0), (3.0, 0.0));
    assert_eq!(fargate_split(0.0, 50), (0.0, 0.0));
}

#[test]
fn autoscaled_services_run_their_starting_count() {
    // Without a desired count the service starts at its autoscaling minimum (above the
    // non-production baseline of 1): 3 tasks × 0.5 vCPU × 730 h × $0.04048 = $44.3256 → $44.33
    let toml = SMALL_ECS.replace(
        "desired_count = 2",
        "\n[services.web.autoscaling]\nmin = 3\nmax = 6",
    );
    let estimate = estimate_of(&toml, "dev");
    assert_usd(monthly(&estimate, "Fargate vCPU (web)"), 44.33);
    assert!(
        estimate
            .assumptions
            .iter()
            .any(|a| a.starts_with("Autoscaled services run"))
    );
    // A desired count inside the range is the starting count:
    // 4 tasks × 0.5 vCPU × 730 h × $0.04048 = $59.1008 → $59.10
    let toml = SMALL_ECS.replace(
        "desired_count = 2",
        "desired_count = 4\n\n[services.web.autoscaling]\nmin = 3\nmax = 6",
    );
    assert_usd(
        monthly(&estimate_of(&toml, "dev"), "Fargate vCPU (web)"),
        59.10,
    );
}

const SMALL_EKS: &str = r#"
[project]
name = "kube"
region = "us-east-1"
environments = ["dev"]

[network]
availability_zones = ["us-east-1a", "us-east-1b"]
nat = "none"
endpoints = ["s3", "ecr"]

[compute]
platform = "eks"

[compute.node_groups.general]
instance_types = ["t3.large"]
capacity = "spot"
min_size = 2

[services.worker]
port = 9000
image = "public.ecr.aws/nginx/nginx:1.27"
public = false

[observability]
dashboard = false
"#;

#[test]
fn small_eks_environment_matches_hand_computed_figures() {
    let estimate = estimate_of(SMALL_EKS, "dev");
    let expected = [
        // ecr is two interface endpoints (ecr.api, ecr.dkr); s3 is a free gateway endpoint.
        // 2 endpoints × 2 zones × 730 h × $0.01 = $29.20
        ("VPC interface endpoints", 29.20),
        // 2 endpoints × 10 GB × $0.01 = $0.20
        ("VPC interface endpoint data processed", 0.20),
        // 1 cluster × 730 h × $0.10 = $73.00
        ("EKS cluster", 73.00),
        // 2 nodes × 730 h × $0.0832 × (1 − 0.65) = $42.5152 → $42.52
        ("EC2 t3.large (node group general, spot)", 42.52),
        // 2 nodes × 50 GB × $0.08 = $8.00
        ("EBS gp3 root volumes (node group general)", 8.00),
        // The alarm topic's key and the cluster's secrets key: 2 × $1.00
        ("KMS keys", 2.00),
        // Control-plane logs: 10 GB × $0.50 = $5.00
        ("CloudWatch Logs ingestion", 5.00),
        // 10 GB × 14 days / 30 × $0.03 = $0.14
        ("CloudWatch Logs storage", 0.14),
    ];
    for (resource, usd) in expected {
        assert_usd(monthly(&estimate, resource), usd);
    }
    // No NAT, no public service (so no ALB and no public IPv4), no alarms on EKS without data
    // stores, no ECR repository for an external image.
    assert_eq!(
        estimate.lines.len(),
        expected.len(),
        "{:#?}",
        estimate.lines
    );
    // 29.20 + 0.20 + 73.00 + 42.52 + 8.00 + 2.00 + 5.00 + 0.14 = 160.06
    assert_usd(estimate.total_usd, 160.06);
}

#[test]
fn public_eks_services_share_one_ingress_load_balancer() {
    let toml = SMALL_EKS.replace("public = false", "public = true")
        + "\n[services.api]\nport = 8000\nimage = \"public.ecr.aws/nginx/nginx:1.27\"\npaths = [\"/api/*\"]\n";
    let estimate = estimate_of(&toml, "dev");
    // 1 × 730 h × $0.0225
    assert_usd(
        monthly(&estimate, "Application Load Balancer (Ingress)"),
        16.43,
    );
    // 2 zones × 1 IP × 730 h × $0.005 = $7.30
    assert_usd(monthly(&estimate, "Public IPv4 addresses"), 7.30);
    // Service and target group alarms watch ECS only.
    assert!(!has_line(&estimate, "CloudWatch alarms"));
}

const DATA_STORES: &str = r#"
[project]
name = "data"
region = "us-east-1"
environments = ["dev"]

[network]
availability_zones = ["us-east-1a", "us-east-1b"]
nat = "none"

[compute]
container_insights = false

[services.api]
port = 8000
image = "public.ecr.aws/nginx/nginx:1.27"
secrets = { DB_PASSWORD = "database:password", REDIS = "cache:auth_token" }

[services.jobs]
port = 9000
image = "public.ecr.aws/nginx/nginx:1.27"
public = false

[database]
engine = "postgres"
instance_class = "db.t4g.micro"
multi_az = true
storage_gb = 100
backup_retention_days = 7

[cache]
engine = "valkey"
node_type = "cache.t4g.small"
replicas = 2

[kafka]
instance_type = "kafka.m7g.large"
storage_gb = 100

[observability]
dashboard = true
"#;

#[test]
fn data_stores_match_hand_computed_figures() {
    let estimate = estimate_of(DATA_STORES, "dev");
    let expected = [
        // Multi-AZ doubles the instance: 2 × 730 h × $0.016 = $23.36
        ("RDS db.t4g.micro (postgres)", 23.36),
        // … and the storage: 100 GB × 2 copies × $0.115 = $23.00
        ("RDS gp3 storage", 23.00),
        // 7 days × 2% × 100 GB = 14 GB × $0.095 = $1.33
        ("RDS backup storage beyond the free allowance", 1.33),
        // Primary + 2 replicas: 3 nodes × 730 h × $0.032 × (1 − 0.20 Valkey) = $56.064 → $56.06
        ("ElastiCache cache.t4g.small (valkey)", 56.06),
        // 1 broker per zone × 2 zones × 730 h × $0.204 = $297.84
        ("MSK kafka.m7g.large brokers", 297.84),
        // 2 brokers × 100 GB × $0.10 = $20.00
        ("MSK broker storage", 20.00),
        // Database credentials + cache auth token: 2 × $0.40 = $0.80
        ("Secrets Manager secrets", 0.80),
        // 3 × 2 services + 4 × 1 target group + 1 load balancer + 3 database + 3 × 3 cache nodes
        // = 23 alarms × $0.10 = $2.30
        ("CloudWatch alarms", 2.30),
        // 1 × $3.00
        ("CloudWatch dashboard", 3.00),
        // 2 services × 5 GB + 2 brokers × 1 GB = 12 GB × $0.50 = $6.00
        ("CloudWatch Logs ingestion", 6.00),
    ];
    for (resource, usd) in expected {
        assert_usd(monthly(&estimate, resource), usd);
    }
}

#[test]
fn aurora_serverless_is_priced_at_its_minimum_capacity() {
    let toml = DATA_STORES.replace(
        "engine = \"postgres\"\ninstance_class = \"db.t4g.micro\"\nmulti_az = true\nstorage_gb = 100\nbackup_retention_days = 7",
        "engine = \"aurora-postgresql\"\ninstances = 2\nserverless = { min_capacity = 1, max_capacity = 4 }",
    );
    let estimate = estimate_of(&toml, "dev");
    // 2 instances × 1 ACU × 730 h × $0.12 = $175.20
    assert_usd(
        monthly(&estimate, "Aurora Serverless v2 (aurora-postgresql)"),
        175.20,
    );
    // 20 GB × $0.10 = $2.00
    assert_usd(monthly(&estimate, "Aurora storage"), 2.00);
    // 20 million × $0.20 = $4.00
    assert_usd(monthly(&estimate, "Aurora I/O requests"), 4.00);
    // 1 day (the non-production default) × 2% × 20 GB = 0.4 GB × $0.021 = $0.0084 → $0.01
    assert_usd(
        monthly(&estimate, "Aurora backup storage beyond the free allowance"),
        0.01,
    );
    assert!(!has_line(&estimate, "RDS gp3 storage"));
}

#[test]
fn waf_and_keys_follow_the_blueprint() {
    let toml = SMALL_ECS.to_owned()
        + r#"
[waf]
rate_limit = 2000

[buckets.media]
kms = true

[buckets.logs]

[env.dev]
account_id = "123456789012"

[env.dev.observability]
log_kms = true
"#;
    let estimate = estimate_of(&toml, "dev");
    // 1 web ACL × $5.00
    assert_usd(monthly(&estimate, "WAF web ACL"), 5.00);
    // 3 managed rule groups + 1 rate limit = 4 × $1.00
    assert_usd(monthly(&estimate, "WAF rules"), 4.00);
    // 10 million × $0.60 = $6.00
    assert_usd(monthly(&estimate, "WAF requests"), 6.00);
    // Alarm topic + log key + 1 KMS-encrypted bucket = 3 × $1.00
    assert_usd(monthly(&estimate, "KMS keys"), 3.00);
    // 2 buckets × 50 GB × $0.023 = $2.30
    assert_usd(monthly(&estimate, "S3 Standard storage"), 2.30);
    // 2 buckets × 100 thousand × $0.005 = $1.00
    assert_usd(monthly(&estimate, "S3 PUT/COPY/POST/LIST requests"), 1.00);
    // 2 buckets × 1,000 thousand × $0.0004 = $0.80
    assert_usd(monthly(&estimate, "S3 GET requests"), 0.80);
    // 1 service × 5 GB + 10 million requests × 1.5 GB = 20 GB × $0.50 = $10.00
    assert_usd(monthly(&estimate, "CloudWatch Logs ingestion"), 10.00);
}

#[test]
fn derived_regions_scale_prices() {
    let toml = SMALL_EKS
        .replace("us-east-1a", "eu-central-1a")
        .replace("us-east-1b", "eu-central-1b")
        .replace("region = \"us-east-1\"", "region = \"eu-central-1\"");
    let estimate = estimate_of(&toml, "dev");
    assert_eq!(estimate.price_basis, Basis::Derived);
    assert!(estimate.price_note.starts_with("derived: us-east-1 × 1.16"));
    // $0.0832 × 1.16 = $0.096512; 2 nodes × 730 h × $0.096512 × 0.35 = $49.3176 → $49.32
    assert_usd(
        monthly(&estimate, "EC2 t3.large (node group general, spot)"),
        49.32,
    );
    // The EKS cluster hour is the same in every region.
    assert_usd(monthly(&estimate, "EKS cluster"), 73.00);
}

#[test]
fn instance_types_missing_from_the_table_are_reported_not_guessed() {
    let toml = SMALL_EKS.replace("[\"t3.large\"]", "[\"i4i.large\"]");
    let estimate = estimate_of(&toml, "dev");
    assert_eq!(
        estimate.unpriced,
        ["EC2 instance type i4i.large (node group general)"]
    );
    assert!(
        !estimate
            .lines
            .iter()
            .any(|line| line.resource.starts_with("EC2 "))
    );
    // The root volumes are still priced: 2 × 50 GB × $0.08.
    assert_usd(
        monthly(&estimate, "EBS gp3 root volumes (node group general)"),
        8.00,
    );
}

#[test]
fn budgets_are_compared_with_the_total() {
    // SMALL_ECS totals $146.68 (see above).
    let over = estimate_of(
        &(SMALL_ECS.to_owned() + "\n[budget]\nmonthly_limit_usd = 100\n"),
        "dev",
    );
    assert_eq!(over.within_budget, Some(false));
    // 146.68 − 100 = 46.68
    assert_usd(over.over_budget_by().unwrap(), 46.68);
    let within = estimate_of(
        &(SMALL_ECS.to_owned() + "\n[budget]\nmonthly_limit_usd = 200\n"),
        "dev",
    );
    assert_eq!(within.within_budget, Some(true));
    assert_eq!(within.over_budget_by(), None);
    let none = estimate_of(SMALL_ECS, "dev");
    assert_eq!(none.within_budget, None);

    let estimates = [over.clone(), within, none];
    let found = over_budget(&estimates);
    assert_eq!(
        found,
        [OverBudget {
            environment: "dev",
            total_usd: over.total_usd,
            budget_usd: 100.0,
        }]
    );
    let table = to_table("calc", &estimates);
    assert!(table.contains("exceeds budget by $46.68"), "{table}");
    assert!(table.contains("within budget ($53.32 to spare)"), "{table}");
}

#[test]
fn every_assumption_used_is_listed() {
    let estimate = estimate_of(DATA_STORES, "dev");
    for expected in [
        "A month is 730 hours",
        "Each interface VPC endpoint processes 10 GB",
        "The load balancer averages 1 LCU",
        "Backups keep one full copy",
        "Logs a month: 5 GB per ECS service, 1 GB per MSK broker.",
    ] {
        assert!(
            estimate.assumptions.iter().any(|a| a.starts_with(expected)),
            "missing `{expected}` in {:#?}",
            estimate.assumptions
        );
    }
    // Nothing about NAT when there is none.
    assert!(!estimate.assumptions.iter().any(|a| a.contains("NAT")));
}

mod jobs;
