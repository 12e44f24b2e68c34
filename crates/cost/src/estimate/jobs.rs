//! Scheduled jobs. On ECS (the ecs-job module) each run is one Fargate task, started by an
//! EventBridge Scheduler schedule through a Step Functions standard state machine; the jobs'
//! failure alarms are counted with the others in `observability`, their logs in `logs`. On EKS a
//! job is a CronJob whose pods run on the node groups, which costs nothing of its own.

use plinth_blueprint::model::{Ecs, Environment, Job, Service};
use plinth_blueprint::raw::Concurrency;

use crate::Unit;
use crate::assumptions::{FARGATE_SPOT_DISCOUNT, JOB_RUN_MINUTES, number, percent};
use crate::prices::round_to;

use super::{Builder, plural};

/// State transitions of one run with `concurrency = "allow"`: the execution's start, the
/// RunTask state (`ecs:runTask.sync`) and the execution's end.
const TRANSITIONS_ALLOW: f64 = 3.0;

/// State transitions of one run with `concurrency = "forbid"`: as with "allow", plus the
/// CheckRunning (`listExecutions`) and SkipIfRunning (Choice) states before RunTask.
const TRANSITIONS_FORBID: f64 = 5.0;

/// The jobs of `env`, with their settings.
fn jobs(env: &Environment) -> impl Iterator<Item = (&Service, &Job)> {
    env.services
        .iter()
        .filter_map(|service| service.job().map(|job| (service, job)))
}

/// How long a run lasts, minutes: the assumed average, or the job's timeout when shorter (Step
/// Functions stops the task then).
pub(crate) fn run_minutes(job: &Job) -> f64 {
    JOB_RUN_MINUTES.min(f64::from(job.timeout_seconds) / 60.0)
}

/// Step Functions state transitions of one run that succeeds at its first attempt and is not
/// skipped for overlapping another. Each retry of a state adds one transition; they are not
/// counted.
pub(crate) fn transitions_per_run(job: &Job) -> f64 {
    match job.concurrency {
        Concurrency::Allow => TRANSITIONS_ALLOW,
        Concurrency::Forbid => TRANSITIONS_FORBID,
    }
}

/// Runs on on-demand Fargate and on Fargate Spot, averaged over a month.
///
/// Unlike a service (see `compute::fargate_split`), a run is a single task and the ecs-job module
/// gives RunTask the capacity provider weights with no base: no run is pinned to on-demand, so
/// runs land on FARGATE_SPOT in proportion to its weight (FARGATE left out at 100% Spot,
/// FARGATE_SPOT at 0%).
pub(crate) fn fargate_run_split(runs: f64, spot_percent: u8) -> (f64, f64) {
    if runs <= 0.0 {
        return (0.0, 0.0);
    }
    let spot = f64::from(spot_percent.min(100)) / 100.0;
    (runs * (1.0 - spot), runs * spot)
}

/// `"30 runs"`, with fractional counts (`rate(7 days)`: 4.29 runs) shown to two decimals.
fn runs_text(runs: f64) -> String {
    plural(round_to(runs, 2), "run", "runs")
}

/// Each ECS job's Fargate task while it runs, the state machines' transitions and the
/// schedules' invocations.
pub(super) fn ecs_jobs(b: &mut Builder, env: &Environment, ecs: &Ecs) {
    let p = b.prices;
    let spot_factor = 1.0 - FARGATE_SPOT_DISCOUNT;
    let mut transitions: Vec<(f64, String)> = Vec::new();
    let mut total_runs = 0.0;
    for (service, job) in jobs(env) {
        let runs = job.schedule.runs_per_month;
        let minutes = run_minutes(job);
        let hours = minutes / 60.0;
        let vcpu = f64::from(service.cpu) / 1024.0;
        let memory = f64::from(service.memory) / 1024.0;
        let (on_demand, spot) = fargate_run_split(runs, ecs.fargate_spot_percent);
        for (share, label, factor) in [(on_demand, "", 1.0), (spot, " Spot", spot_factor)] {
            let share_text = runs_text(share);
            b.add(
                &format!("Fargate{label} vCPU ({})", service.name),
                format!(
                    "{share_text} × {} min × {} vCPU",
                    number(minutes),
                    number(vcpu)
                ),
                share * hours * vcpu,
                Unit::VcpuHour,
                p.fargate_vcpu_hour * factor,
            );
            b.add(
                &format!("Fargate{label} memory ({})", service.name),
                format!(
                    "{share_text} × {} min × {} GB",
                    number(minutes),
                    number(memory)
                ),
                share * hours * memory,
                Unit::GbHour,
                p.fargate_gb_hour * factor,
            );
        }
        if spot > 0.0 {
            b.assume(format!(
                "Fargate Spot costs {} less than on-demand Fargate; a job's runs (one task each, with no on-demand base) split by the capacity provider weights.",
                percent(FARGATE_SPOT_DISCOUNT)
            ));
        }
        let per_run = transitions_per_run(job);
        transitions.push((
            runs * per_run,
            format!(
                "{} × {} ({})",
                runs_text(runs),
                number(per_run),
                service.name
            ),
        ));
        total_runs += runs;
    }
    if transitions.is_empty() {
        return;
    }
    b.assume(format!(
        "Each run of a job lasts {} minutes (its timeout when shorter), succeeds at its first attempt and overlaps no other run; its Fargate task is billed only while it runs.",
        number(JOB_RUN_MINUTES)
    ));
    b.add(
        "Step Functions state transitions",
        transitions
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        transitions.iter().map(|(n, _)| n).sum::<f64>() / 1_000.0,
        Unit::ThousandTransitions,
        p.step_functions_thousand_transitions,
    );
    b.assume(format!(
        "A job's run makes {} Step Functions state transitions (the execution's start, RunTask, its end), {} with concurrency = \"forbid\" (CheckRunning and SkipIfRunning first); a retry would add one each. The first 4,000 transitions of an account each month are free and not deducted.",
        number(TRANSITIONS_ALLOW),
        number(TRANSITIONS_FORBID)
    ));
    b.add(
        "EventBridge Scheduler invocations",
        runs_text(total_runs),
        total_runs / 1_000_000.0,
        Unit::MillionRequests,
        p.scheduler_million_invocations,
    );
    b.assume(
        "EventBridge Scheduler invokes each job once a run; the first 14 million invocations of an account each month are free and not deducted."
            .to_owned(),
    );
    if ecs.container_insights {
        b.assume(
            "Container Insights metrics and events of jobs' runs (a few task-hours a month) are not counted."
                .to_owned(),
        );
    }
}

/// On EKS a job adds no line: says so when there are any.
pub(super) fn eks_jobs(b: &mut Builder, env: &Environment) {
    if jobs(env).next().is_some() {
        b.assume(
            "Jobs run as Kubernetes CronJobs on the node groups and cost nothing of their own; the node groups are assumed to have room for their pods."
                .to_owned(),
        );
    }
}
