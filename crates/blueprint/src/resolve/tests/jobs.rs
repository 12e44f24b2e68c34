//! Scheduled jobs: their schedule, time zone, bounds, and the keys of the other kinds.

use super::{BASE, assert_reports, diagnostics, with};
use crate::model::Workload;
use crate::raw::Concurrency;

const JOB: &str = "[services.report]\nkind = \"job\"\ndockerfile = \"Dockerfile\"\nschedule = \"cron(0 3 * * ? *)\"\n";

fn eks(text: &str) -> String {
    text.replace(
        "[services.api]",
        "[compute]\nplatform = \"eks\"\n\n[services.api]",
    )
}

#[test]
fn a_job_is_valid_and_takes_its_defaults() {
    let text = with(JOB);
    assert!(diagnostics(&text).is_empty(), "{:#?}", diagnostics(&text));
    let loaded = crate::load(&crate::SourceFile::new("case.toml", &text)).expect("valid");
    let report = &loaded.blueprint.environments[0].services[1];
    let Workload::Job(job) = &report.workload else {
        panic!("a job: {:?}", report.workload)
    };
    assert_eq!(job.schedule.expression, "cron(0 3 * * ? *)");
    assert_eq!(job.schedule.kubernetes.as_deref(), Some("0 3 * * *"));
    assert_eq!(job.timezone, "UTC");
    assert_eq!(job.timeout_seconds, 3600);
    assert_eq!(job.retries, 0);
    assert_eq!(job.concurrency, Concurrency::Forbid);
    assert!(job.command.is_empty());
    assert_eq!(report.desired_count, 0);
    assert!(report.autoscaling.is_none() && !report.is_long_running());
    // The production environment has no higher count for a job either.
    assert_eq!(
        loaded.blueprint.environments[1].services[1].desired_count,
        0
    );
}

#[test]
fn a_job_with_every_setting_is_valid_on_ecs_and_eks() {
    let text = with(&format!(
        "{JOB}timezone = \"Europe/Paris\"\ntimeout_seconds = 600\nretries = 2\nconcurrency = \"allow\"\ncommand = [\"python\", \"-m\", \"report\"]\n"
    ));
    assert!(diagnostics(&text).is_empty(), "{:#?}", diagnostics(&text));
    assert!(
        diagnostics(&eks(&text)).is_empty(),
        "{:#?}",
        diagnostics(&eks(&text))
    );
}

#[test]
fn a_job_needs_a_valid_schedule() {
    assert_reports(
        &with("[services.report]\nkind = \"job\"\ndockerfile = \"Dockerfile\"\n"),
        "schedule",
    );
    assert_reports(
        &with(&JOB.replace("cron(0 3 * * ? *)", "cron(0 3 * * *)")),
        "six fields",
    );
    assert_reports(
        &with(&JOB.replace("cron(0 3 * * ? *)", "rate(1 hours)")),
        "rate(1 hour)",
    );
    assert_reports(
        &with(&JOB.replace("cron(0 3 * * ? *)", "cron(0 25 * * ? *)")),
        "hours field",
    );
}

#[test]
fn schedules_kubernetes_cannot_express_are_refused_on_eks_only() {
    for schedule in [
        "cron(0 0 L * ? *)",
        "rate(7 minutes)",
        "cron(0 0 1 1 ? 2030)",
    ] {
        let text = with(&JOB.replace("cron(0 3 * * ? *)", schedule));
        assert!(
            diagnostics(&text).is_empty(),
            "{schedule}: {:#?}",
            diagnostics(&text)
        );
        assert_reports(&eks(&text), "has no Kubernetes CronJob equivalent");
    }
}

#[test]
fn job_bounds_and_time_zones_are_checked() {
    assert_reports(
        &with(&format!("{JOB}timeout_seconds = 30")),
        "outside 60–86400",
    );
    assert_reports(
        &with(&format!("{JOB}timeout_seconds = 90000")),
        "outside 60–86400",
    );
    assert_reports(&with(&format!("{JOB}retries = 11")), "more than 10");
    assert_reports(
        &with(&format!("{JOB}timezone = \"Paris\"")),
        "not an IANA time zone",
    );
    assert_reports(&with(&format!("{JOB}command = []")), "`command` is empty");
    assert_reports(
        &with(&format!("{JOB}concurrency = \"replace\"")),
        "concurrency",
    );
}

#[test]
fn keys_of_the_other_kinds_are_refused() {
    // In the table that names the kind (the schema check) and through an overlay (the validator).
    assert_reports(
        &with(&format!("{JOB}port = 8080")),
        "`port` does not apply to a job",
    );
    assert_reports(
        &with(&format!("{JOB}desired_count = 2")),
        "`desired_count` does not apply to a job",
    );
    assert_reports(
        &with(&format!("{JOB}[services.report.autoscaling]\nmax = 2")),
        "`autoscaling` does not apply to a job",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nschedule = \"rate(1 hour)\""),
        "`schedule` applies to jobs only",
    );
    assert_reports(
        &with(
            "[services.mailer]\nkind = \"worker\"\ndockerfile = \"Dockerfile\"\ncommand = [\"run\"]\n",
        ),
        "`command` applies to jobs only",
    );
    assert_reports(
        &with(&format!("{JOB}\n[env.prod.services.report]\nport = 9000\n")),
        "`port` does not apply to a job",
    );
}
