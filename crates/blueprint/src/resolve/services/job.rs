//! A job's schedule, time zone, timeout, retries, concurrency and command.

use crate::diagnostic::Diagnostic;
use crate::model::{Compute, Job, Schedule};
use crate::raw::{Concurrency, ServiceRaw};
use crate::resolve::{Context, list, or};
use crate::span::Sp;

use super::schedule::parse;

/// Bounds of `timeout_seconds`: a minute, and a day. Step Functions would wait a year and a
/// Kubernetes Job forever, but a scheduled run still going after a day is stuck, and a bound
/// keeps the failure alarm meaningful.
const TIMEOUT_SECONDS: std::ops::RangeInclusive<u32> = 60..=86_400;
/// At most ten retries, Step Functions' own bound on `MaxAttempts` is far higher, but a run that
/// failed ten times will not pass on the eleventh.
const MAX_RETRIES: u32 = 10;

pub(super) fn job(
    name: &Sp<String>,
    raw: &Sp<ServiceRaw>,
    compute: &Compute,
    cx: &mut Context<'_>,
) -> Job {
    let schedule = match &raw.schedule {
        None => {
            cx.push(
                Diagnostic::error(name.span(), format!("job `{}` has no `schedule`", name.get()), "missing `schedule`")
                    .with_help("say when it runs, e.g. `schedule = \"cron(0 3 * * ? *)\"` (03:00 every day) or `schedule = \"rate(1 hour)\"`"),
            );
            None
        }
        Some(written) => match parse(written.get()) {
            Ok(schedule) => Some(schedule),
            Err(refusal) => {
                cx.push(
                    Diagnostic::error(written.span(), refusal.message, "not a schedule")
                        .with_help(refusal.help),
                );
                None
            }
        },
    };
    if let (Some(schedule), Some(written), Compute::Eks(_)) = (&schedule, &raw.schedule, compute)
        && schedule.kubernetes.is_none()
    {
        cx.push(
            Diagnostic::error(written.span(), format!("`{}` has no Kubernetes CronJob equivalent", written.get()), "not on EKS")
                .with_help("a CronJob's schedule has no year, no `L`, `W` or `#`, and a rate must divide its unit (minutes into an hour, hours into a day, or `rate(1 day)`): write it as a plain cron, e.g. `cron(0 3 * * ? *)`"),
        );
    }
    let timezone = or(raw.timezone.as_ref(), "UTC".to_owned());
    if let Some(written) = &raw.timezone
        && !is_time_zone_name(written.get())
    {
        cx.push(
            Diagnostic::error(
                written.span(),
                format!("`{}` is not an IANA time zone name", written.get()),
                "not a time zone",
            )
            .with_help(
                "use `UTC` or an Area/Location name such as `Europe/Paris` or `America/New_York`",
            ),
        );
    }
    if let Some(timeout) = &raw.timeout_seconds
        && !TIMEOUT_SECONDS.contains(timeout.get())
    {
        cx.push(
            Diagnostic::error(
                timeout.span(),
                format!("`timeout_seconds = {}` is outside 60–86400", timeout.get()),
                "out of range",
            )
            .with_help(
                "a run may last from a minute to a day; split longer work into several jobs",
            ),
        );
    }
    if let Some(retries) = &raw.retries
        && *retries.get() > MAX_RETRIES
    {
        cx.push(
            Diagnostic::error(retries.span(), format!("`retries = {}` is more than {MAX_RETRIES}", retries.get()), "too many")
                .with_help("a run that failed ten times will not pass on the eleventh: fix the cause, or lower `retries`"),
        );
    }
    if let Some(command) = &raw.command
        && command.is_empty()
    {
        cx.push(
            Diagnostic::error(command.span(), "`command` is empty", "no command").with_help(
                "remove it to run the image's own command, or list the program and its arguments",
            ),
        );
    }
    Job {
        schedule: schedule.unwrap_or(Schedule {
            expression: String::new(),
            kubernetes: None,
            runs_per_month: 0.0,
        }),
        timezone,
        timeout_seconds: or(raw.timeout_seconds.as_ref(), 3600),
        retries: or(raw.retries.as_ref(), 0),
        concurrency: or(raw.concurrency.as_ref(), Concurrency::Forbid),
        command: list(raw.command.as_ref()),
    }
}

/// `UTC`, or an IANA Area/Location name (`Europe/Paris`, `America/Argentina/Buenos_Aires`,
/// `Etc/GMT+5`); Scheduler and Kubernetes resolve the name against the tz database.
fn is_time_zone_name(name: &str) -> bool {
    if matches!(name, "UTC" | "GMT") {
        return true;
    }
    let mut parts = name.split('/');
    let area_ok = parts.next().is_some_and(|area| {
        area.len() >= 2
            && area.chars().all(|c| c.is_ascii_alphabetic())
            && area.starts_with(|c: char| c.is_ascii_uppercase())
    });
    let rest: Vec<&str> = parts.collect();
    area_ok
        && !rest.is_empty()
        && rest.iter().all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}
