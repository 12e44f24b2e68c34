//! Scheduled jobs: on ECS a Fargate task per run, Step Functions transitions, Scheduler
//! invocations, an alarm and logs; on EKS nothing of their own. Figures by hand from the
//! us-east-1 prices, as in the parent module.

use super::*;
use crate::estimate::{fargate_run_split, run_minutes, transitions_per_run};

/// `SMALL_ECS` with a nightly job built from a Dockerfile (default size: 0.25 vCPU, 0.5 GB;
/// default concurrency "forbid" and timeout of an hour). `cron(0 3 * * ? *)` runs 30 times in
/// a 30-day month.
fn with_job(toml: &str) -> String {
    format!(
        "{toml}\n[services.report]\nkind = \"job\"\ndockerfile = \"Dockerfile\"\nschedule = \"cron(0 3 * * ? *)\"\n"
    )
}

fn line<'a>(estimate: &'a EnvironmentEstimate, resource: &str) -> &'a CostLine {
    estimate
        .lines
        .iter()
        .find(|line| line.resource == resource)
        .unwrap_or_else(|| panic!("no line `{resource}` in {:#?}", estimate.lines))
}

fn assert_units(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected} units, got {actual}"
    );
}

#[test]
fn ecs_jobs_are_priced_per_run() {
    let estimate = estimate_of(&with_job(SMALL_ECS), "dev");

    // 30 runs × 10 min × 0.25 vCPU = 1.25 vCPU-h × $0.04048 = $0.0506 → $0.05
    let vcpu = line(&estimate, "Fargate vCPU (report)");
    assert_eq!(vcpu.quantity, "30 runs × 10 min × 0.25 vCPU");
    assert_units(vcpu.billed_units, 1.25);
    assert_usd(vcpu.monthly_usd, 0.05);
    // 30 runs × 10 min × 0.5 GB = 2.5 GB-h × $0.004445 = $0.0111125 → $0.01
    let memory = line(&estimate, "Fargate memory (report)");
    assert_eq!(memory.quantity, "30 runs × 10 min × 0.5 GB");
    assert_units(memory.billed_units, 2.5);
    assert_usd(memory.monthly_usd, 0.01);

    // Concurrency "forbid" (the default): 30 runs × 5 transitions = 150 = 0.15 thousand
    // × $0.025 = $0.00375 → $0.00
    let transitions = line(&estimate, "Step Functions state transitions");
    assert_eq!(transitions.quantity, "30 runs × 5 (report)");
    assert_units(transitions.billed_units, 0.15);
    assert_eq!(transitions.unit, Unit::ThousandTransitions);
    assert_usd(transitions.unit_price_usd, 0.025);
    assert_usd(transitions.monthly_usd, 0.0);

    // 30 invocations = 0.00003 million × $1.00 → $0.00 (the free tier not deducted).
    let invocations = line(&estimate, "EventBridge Scheduler invocations");
    assert_eq!(invocations.quantity, "30 runs");
    assert_units(invocations.billed_units, 0.000_03);
    assert_usd(invocations.unit_price_usd, 1.0);
    assert_usd(invocations.monthly_usd, 0.0);

    // The job's image gets a repository: 1 × 2 GB × $0.10 = $0.20
    assert_usd(monthly(&estimate, "ECR storage"), 0.20);
    // 1 service × 5 GB + 1 job × 1 GB = 6 GB × $0.50 = $3.00
    let logs = line(&estimate, "CloudWatch Logs ingestion");
    assert_eq!(logs.quantity, "1 service × 5 GB + 1 job × 1 GB");
    assert_usd(logs.monthly_usd, 3.00);
    // 6 GB × 14 days / 30 × $0.03 = $0.084 → $0.08
    assert_usd(monthly(&estimate, "CloudWatch Logs storage"), 0.08);

    // The web service is priced as before.
    assert_usd(monthly(&estimate, "Fargate vCPU (web)"), 29.55);
    for expected in [
        "Each run of a job lasts 10 minutes",
        "A job's run makes 3 Step Functions state transitions",
        "EventBridge Scheduler invokes each job once a run; the first 14 million",
        "Logs a month: 5 GB per ECS service, 1 GB per ECS job.",
    ] {
        assert!(
            estimate.assumptions.iter().any(|a| a.starts_with(expected)),
            "missing `{expected}` in {:#?}",
            estimate.assumptions
        );
    }
}

#[test]
fn a_job_adds_no_always_on_fargate_line() {
    let without = estimate_of(SMALL_ECS, "dev");
    let with = estimate_of(&with_job(SMALL_ECS), "dev");
    // Every Fargate line of the job is per run, none for 730 hours.
    let job_fargate: Vec<&CostLine> = with
        .lines
        .iter()
        .filter(|line| line.resource.starts_with("Fargate") && line.resource.contains("report"))
        .collect();
    assert_eq!(job_fargate.len(), 2, "{job_fargate:#?}");
    assert!(
        job_fargate
            .iter()
            .all(|line| !line.quantity.contains("730 h"))
    );
    // Lines the job does not touch are unchanged.
    for line in &without.lines {
        if !line.resource.starts_with("CloudWatch Logs") {
            assert!(with.lines.contains(line), "{line:#?} changed");
        }
    }
    // A job costs cents a month, against the service's always-on task.
    assert!(with.total_usd - without.total_usd < 4.0);
}

#[test]
fn container_insights_and_alarms_count_a_job_as_a_job() {
    let toml = with_job(
        &SMALL_ECS
            .replace("container_insights = false", "container_insights = true")
            .replace("[observability.alarms]\nenabled = false", ""),
    );
    let estimate = estimate_of(&toml, "dev");
    // Per-service metrics for the web service only: 1 × 10 metrics × $0.30 = $3.00
    let insights = line(&estimate, "Container Insights metrics");
    assert_eq!(insights.quantity, "1 service × 10 metrics");
    assert_usd(insights.monthly_usd, 3.00);
    // 3 service alarms + 4 target group alarms + the job's failed-run alarm + 1 load balancer
    // = 9 × $0.10 = $0.90
    let alarms = line(&estimate, "CloudWatch alarms");
    assert_eq!(
        alarms.quantity,
        "3 × 1 service + 4 × 1 target group + 1 job + 1 load balancer"
    );
    assert_usd(alarms.monthly_usd, 0.90);
    // Logs: 1 service × 5 GB + Container Insights 1 × 1 GB + 1 job × 1 GB = 7 GB × $0.50
    let logs = line(&estimate, "CloudWatch Logs ingestion");
    assert_eq!(
        logs.quantity,
        "1 service × 5 GB + Container Insights 1 × 1 GB + 1 job × 1 GB"
    );
    assert_usd(logs.monthly_usd, 3.50);
    assert!(
        estimate
            .assumptions
            .iter()
            .any(|a| a.starts_with("Container Insights metrics and events of jobs' runs"))
    );
}

#[test]
fn job_runs_split_by_the_spot_weight_and_stop_at_their_timeout() {
    let toml = with_job(&SMALL_ECS.replace(
        "container_insights = false",
        "container_insights = false\nfargate_spot_percent = 50",
    )) + "timeout_seconds = 300\nconcurrency = \"allow\"\n";
    let estimate = estimate_of(&toml, "dev");
    // No on-demand base for a run: 15 runs each way, 5 minutes each (the timeout).
    // 15 × 5/60 h × 0.25 vCPU = 0.3125 vCPU-h × $0.04048 = $0.01265 → $0.01
    let on_demand = line(&estimate, "Fargate vCPU (report)");
    assert_eq!(on_demand.quantity, "15 runs × 5 min × 0.25 vCPU");
    assert_units(on_demand.billed_units, 0.3125);
    assert_usd(on_demand.monthly_usd, 0.01);
    // The same at 30%: $0.003795 → $0.00
    let spot = line(&estimate, "Fargate Spot vCPU (report)");
    assert_units(spot.billed_units, 0.3125);
    assert_usd(spot.unit_price_usd, 0.012_144);
    // Concurrency "allow": 30 runs × 3 transitions = 0.09 thousand.
    let transitions = line(&estimate, "Step Functions state transitions");
    assert_eq!(transitions.quantity, "30 runs × 3 (report)");
    assert_units(transitions.billed_units, 0.09);
}

#[test]
fn run_helpers_follow_the_ecs_job_module() {
    assert_eq!(fargate_run_split(30.0, 0), (30.0, 0.0));
    assert_eq!(fargate_run_split(30.0, 50), (15.0, 15.0));
    assert_eq!(fargate_run_split(30.0, 100), (0.0, 30.0));
    assert_eq!(fargate_run_split(0.0, 50), (0.0, 0.0));
    // Unlike a service's single task, which stays on the on-demand base.
    assert_eq!(crate::estimate::fargate_split(1.0, 50), (1.0, 0.0));

    let loaded = load(&SourceFile::new(
        "test.toml",
        with_job(SMALL_ECS) + "timeout_seconds = 120\n",
    ))
    .expect("valid blueprint");
    let env = loaded.blueprint.environment("dev").expect("dev");
    let job = env.services.iter().find_map(|s| s.job()).expect("the job");
    assert_units(run_minutes(job), 2.0);
    assert_units(transitions_per_run(job), 5.0);
}

#[test]
fn eks_jobs_add_no_aws_line() {
    let job = "\n[services.report]\nkind = \"job\"\nimage = \"public.ecr.aws/nginx/nginx:1.27\"\nschedule = \"cron(0 3 * * ? *)\"\n";
    let without = estimate_of(SMALL_EKS, "dev");
    let with = estimate_of(&format!("{SMALL_EKS}{job}"), "dev");
    assert_eq!(with.lines, without.lines);
    assert_usd(with.total_usd, without.total_usd);
    assert!(
        with.assumptions
            .iter()
            .any(|a| a.starts_with("Jobs run as Kubernetes CronJobs on the node groups")),
        "{:#?}",
        with.assumptions
    );
}
