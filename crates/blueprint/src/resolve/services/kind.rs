//! What a service is: a web service's port, health check and routes, or a worker's health-check
//! command; and the keys that do not apply to a service of its kind.

use crate::diagnostic::Diagnostic;
use crate::model::{Compute, Web, Worker, Workload};
use crate::raw::{ServiceKind, ServiceRaw};
use crate::resolve::{Context, list, or};
use crate::span::{Sp, Span};

use super::job::job;
use super::routing::{check_host, check_url_path};

/// The error for `key` written on a service of `kind` it does not apply to, as message and help;
/// shared with the schema check, which reports the same key when the table also names its kind.
pub(crate) fn misplaced_key(key: &str, kind: ServiceKind) -> (String, String) {
    if JOB_KEYS.contains(&key) {
        return (
            format!("`{key}` applies to jobs only"),
            "remove it, or make the service `kind = \"job\"`".to_owned(),
        );
    }
    match kind {
        ServiceKind::Job if key == "exec" => (
            "`exec` does not apply to a job".to_owned(),
            "a job's task lives for one run: run what you need as its `command`, or open a shell in a web service or worker of the same image".to_owned(),
        ),
        ServiceKind::Job if key.starts_with("release_") => (
            format!("`{key}` does not apply to a job"),
            "a job runs its own `command` on its schedule and has no deploy to run anything in front of: run the release command from the service that owns the schema, or make it this job's `command`"
                .to_owned(),
        ),
        ServiceKind::Job => (
            format!("`{key}` does not apply to a job"),
            "a job runs one task per run on its `schedule` and serves no traffic: remove the key, or make the service `kind = \"web\"` or `\"worker\"`"
                .to_owned(),
        ),
        ServiceKind::Worker => (
            format!("`{key}` does not apply to a worker"),
            "a worker serves no traffic: remove the key, or make the service `kind = \"web\"`"
                .to_owned(),
        ),
        ServiceKind::Web => (
            format!("`{key}` applies to workers only"),
            format!(
                "remove it, or make the service `kind = \"worker\"`{}",
                if key == "health_check_command" {
                    " (a web service is health-checked on `health_check_path`)"
                } else {
                    ""
                }
            ),
        ),
    }
}

/// The keys only a job has.
const JOB_KEYS: [&str; 6] = [
    "schedule",
    "timezone",
    "timeout_seconds",
    "retries",
    "concurrency",
    "command",
];

/// The job keys written on a service, with where.
fn job_keys(raw: &ServiceRaw) -> [(&'static str, Option<Span>); 6] {
    [
        ("schedule", raw.schedule.as_ref().map(Sp::span)),
        ("timezone", raw.timezone.as_ref().map(Sp::span)),
        (
            "timeout_seconds",
            raw.timeout_seconds.as_ref().map(Sp::span),
        ),
        ("retries", raw.retries.as_ref().map(Sp::span)),
        ("concurrency", raw.concurrency.as_ref().map(Sp::span)),
        ("command", raw.command.as_ref().map(Sp::span)),
    ]
}

/// The service's kind-specific settings, reporting the keys of the other kind.
pub(super) fn workload(
    name: &Sp<String>,
    raw: &Sp<ServiceRaw>,
    kind: ServiceKind,
    compute: &Compute,
    cx: &mut Context<'_>,
) -> Workload {
    if kind != ServiceKind::Job {
        report_misplaced(&job_keys(raw), kind, cx);
    }
    let scaling = raw.autoscaling.as_ref();
    let requests = scaling
        .and_then(|a| a.requests_per_target.as_ref())
        .map(Sp::span);
    let backlog = scaling
        .and_then(|a| a.backlog_per_task.as_ref())
        .map(Sp::span);
    match kind {
        ServiceKind::Worker => {
            let misplaced = [
                ("port", raw.port.as_ref().map(Sp::span)),
                (
                    "health_check_path",
                    raw.health_check_path.as_ref().map(Sp::span),
                ),
                ("public", raw.public.as_ref().map(Sp::span)),
                ("paths", raw.paths.as_ref().map(Sp::span)),
                ("hosts", raw.hosts.as_ref().map(Sp::span)),
                ("requests_per_target", requests),
            ];
            report_misplaced(&misplaced, kind, cx);
            if let Some(command) = &raw.health_check_command {
                check_health_check_command(command, cx);
            }
            Workload::Worker(Worker {
                health_check_command: list(raw.health_check_command.as_ref()),
            })
        }
        ServiceKind::Web => {
            let misplaced = [
                (
                    "health_check_command",
                    raw.health_check_command.as_ref().map(Sp::span),
                ),
                ("backlog_per_task", backlog),
            ];
            report_misplaced(&misplaced, kind, cx);
            Workload::Web(web(name, raw, cx))
        }
        ServiceKind::Job => {
            let misplaced = [
                ("port", raw.port.as_ref().map(Sp::span)),
                (
                    "health_check_path",
                    raw.health_check_path.as_ref().map(Sp::span),
                ),
                ("public", raw.public.as_ref().map(Sp::span)),
                ("paths", raw.paths.as_ref().map(Sp::span)),
                ("hosts", raw.hosts.as_ref().map(Sp::span)),
                (
                    "health_check_command",
                    raw.health_check_command.as_ref().map(Sp::span),
                ),
                ("desired_count", raw.desired_count.as_ref().map(Sp::span)),
                ("autoscaling", raw.autoscaling.as_ref().map(Sp::span)),
                (
                    "release_command",
                    raw.release_command.as_ref().map(Sp::span),
                ),
                (
                    "release_timeout_seconds",
                    raw.release_timeout_seconds.as_ref().map(Sp::span),
                ),
                ("exec", raw.exec.as_ref().map(Sp::span)),
            ];
            report_misplaced(&misplaced, kind, cx);
            Workload::Job(job(name, raw, compute, cx))
        }
    }
}

/// ECS runs a health check's arguments directly (`CMD`) or through the container's shell
/// (`CMD-SHELL`), and takes the form from the first element; the EKS probe runs the same.
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html>
pub(super) fn check_health_check_command(command: &Sp<Vec<Sp<String>>>, cx: &mut Context<'_>) {
    let form = command.first().map(|first| first.get().as_str());
    if !matches!(form, Some("CMD" | "CMD-SHELL")) || command.len() < 2 {
        cx.push(
            Diagnostic::error(
                command.span(),
                "`health_check_command` must start with `CMD` or `CMD-SHELL`, then the command",
                "no form",
            )
            .with_help("e.g. `[\"CMD-SHELL\", \"test -f /tmp/alive\"]` (through the shell) or `[\"CMD\", \"/app/healthcheck\"]`"),
        );
    }
}

fn report_misplaced(keys: &[(&str, Option<Span>)], kind: ServiceKind, cx: &mut Context<'_>) {
    for (key, span) in keys {
        if let Some(span) = span {
            let (message, help) = misplaced_key(key, kind);
            cx.push(Diagnostic::error(span.clone(), message, "not for this kind").with_help(help));
        }
    }
}

fn web(name: &Sp<String>, raw: &Sp<ServiceRaw>, cx: &mut Context<'_>) -> Web {
    let port = match &raw.port {
        // The schema already refused 0.
        Some(port) => *port.get(),
        None => {
            cx.push(
                Diagnostic::error(
                    name.span(),
                    format!("service `{}` has no `port`", name.get()),
                    "missing `port`",
                )
                .with_help("set the port the container listens on, e.g. `port = 8080`, or make it a background `kind = \"worker\"`"),
            );
            0
        }
    };
    if let Some(path) = &raw.health_check_path {
        check_url_path(path, "health check path", cx);
    }
    for path in raw.paths.iter().flat_map(|paths| paths.iter()) {
        check_url_path(path, "routing path", cx);
    }
    for host in raw.hosts.iter().flat_map(|hosts| hosts.iter()) {
        check_host(host, cx);
    }
    Web {
        port,
        health_check_path: or(raw.health_check_path.as_ref(), "/health".to_owned()),
        public: or(raw.public.as_ref(), true),
        paths: list(raw.paths.as_ref()),
        hosts: list(raw.hosts.as_ref()),
    }
}

/// The kind `raw` declares (default `web`).
pub(super) fn kind_of(raw: &ServiceRaw) -> ServiceKind {
    or(raw.kind.as_ref(), ServiceKind::Web)
}
