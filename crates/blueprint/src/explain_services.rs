//! `plinth explain` for `[services.<name>]`: each setting of a web service, worker or job.

use std::fmt::Write as _;

use toml::{Table, Value};

use super::{Out, Section, secret_references, sidecars, strings, table, value};
use crate::model::{ImageSource, Service, Workload};
use crate::raw::Language;

/// A web service's or worker's release command, when it has one.
fn release(s: &mut Section<'_, '_>, service: &Service) {
    if let Some(release) = &service.release {
        s.list("release_command", &strings(&release.command));
        s.put("release_timeout_seconds", &value(&release.timeout_seconds));
    }
}

pub(super) fn service(out: &mut Out, service: &Service, user: Option<&Table>) {
    let mut s = out.section(&["services", &service.name], user, false);
    s.opt("renamed_from", service.renamed_from.as_ref());
    s.put("kind", &value(&service.kind()));
    if let Some(web) = service.web() {
        s.put("port", &value(&web.port));
    }
    match &service.image {
        ImageSource::Build {
            dockerfile,
            context,
        } => {
            s.put("dockerfile", &value(dockerfile));
            s.put("context", &value(context));
        }
        ImageSource::External { image } => s.put("image", &value(image)),
    }
    s.put("cpu", &value(&service.cpu));
    s.put("memory", &value(&service.memory));
    if service.is_long_running() {
        s.put("desired_count", &value(&service.desired_count));
    }
    match &service.workload {
        Workload::Web(web) => {
            s.put("health_check_path", &value(&web.health_check_path));
            s.put("public", &Value::Boolean(web.public));
            s.list("paths", &strings(&web.paths));
            s.list("hosts", &strings(&web.hosts));
        }
        Workload::Worker(worker) => {
            s.list(
                "health_check_command",
                &strings(&worker.health_check_command),
            );
        }
        Workload::Job(job) => {
            s.put("schedule", &value(&job.schedule.expression));
            s.put("timezone", &value(&job.timezone));
            s.put("timeout_seconds", &value(&job.timeout_seconds));
            s.put("retries", &value(&job.retries));
            s.put("concurrency", &value(&job.concurrency));
            s.list("command", &strings(&job.command));
        }
    }
    release(&mut s, service);
    s.list("environment", &value(&service.environment));
    s.list("secrets", &secret_references(&service.secrets));
    s.put("kafka", &Value::Boolean(service.kafka));
    s.list("buckets", &strings(&service.buckets));
    s.list("consumes", &strings(&service.consumes));
    s.list("publishes", &strings(&service.publishes));
    s.opt("user", service.user.as_ref());
    s.put(
        "read_only_root_filesystem",
        &Value::Boolean(service.read_only_root_filesystem),
    );
    if service.is_long_running() {
        s.put("exec", &Value::Boolean(service.exec));
    }
    if service.language == Language::Custom && !s.is_set("language") {
        // Written out, the default draws a warning about the missing `test_commands`.
        let _ = writeln!(s.out.text, "# language = \"custom\"  # default");
    } else {
        s.put("language", &value(&service.language));
    }
    s.opt("language_version", service.language_version.as_ref());
    s.put("source_dir", &value(&service.source_dir));
    s.list("test_commands", &strings(&service.test_commands));
    s.list(
        "depends_on",
        &sidecars::written_dependencies(service, &service.depends_on),
    );
    if let Some(autoscaling) = &service.autoscaling {
        let mut s = out.section(
            &["services", &service.name, "autoscaling"],
            table(user, "autoscaling"),
            false,
        );
        s.put("min", &value(&autoscaling.min));
        s.put("max", &value(&autoscaling.max));
        s.put("cpu_target", &value(&autoscaling.cpu_target));
        s.opt("memory_target", autoscaling.memory_target.as_ref());
        s.opt(
            "requests_per_target",
            autoscaling.requests_per_target.as_ref(),
        );
        s.opt("backlog_per_task", autoscaling.backlog_per_task.as_ref());
    }
    sidecars::sidecars(out, service, user);
}
