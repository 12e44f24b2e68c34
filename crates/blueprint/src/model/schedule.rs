use serde::Serialize;

use crate::raw::Concurrency;

/// A job's settings.
#[derive(Clone, Debug, Serialize)]
pub struct Job {
    /// When it runs.
    pub schedule: Schedule,
    /// The IANA time zone the schedule is read in.
    pub timezone: String,
    /// Seconds after which a run is stopped and counts as failed.
    pub timeout_seconds: u32,
    /// How many times a failed run is tried again.
    pub retries: u32,
    /// What happens when a run is due while the previous one still runs.
    pub concurrency: Concurrency,
    /// The command the container runs; empty: the image's own.
    pub command: Vec<String>,
}

/// A job's schedule: the EventBridge Scheduler expression as written, and the same schedule in
/// the other forms the emitters need.
#[derive(Clone, Debug, Serialize)]
pub struct Schedule {
    /// `cron(...)` or `rate(...)`, EventBridge Scheduler syntax.
    pub expression: String,
    /// The same schedule as a five-field Kubernetes CronJob schedule, when one expresses it
    /// (Kubernetes has no `L`, `W`, `#` or year, and no rate that does not divide its unit).
    pub kubernetes: Option<String>,
    /// About how many times it runs in a 30-day month, for cost estimates.
    pub runs_per_month: f64,
}

/// What the deploy runs once with each new image of a web service or worker, before the service
/// moves onto it.
#[derive(Clone, Debug, Serialize)]
pub struct Release {
    /// The command, in the service's container with its configuration and secrets.
    pub command: Vec<String>,
    /// Seconds after which it is stopped and the deploy fails.
    pub timeout_seconds: u32,
}
