//! Rules that mirror the monitoring, budget and dns modules' variable validations.

use crate::diagnostic::Diagnostic;
use crate::model::{Alarms, Observability, State};
use crate::raw::{BudgetRaw, DnsRaw, ObservabilityRaw, Sections};
use crate::span::Sp;

use super::Context;

/// The longest window a CloudWatch alarm evaluates: `period × evaluation_periods` ≤ one day.
const MAX_ALARM_WINDOW_SECONDS: u64 = 86_400;
/// AWS Budgets: at most 10 email subscribers per notification.
const MAX_BUDGET_EMAILS: usize = 10;
/// ACM: a certificate holds at most 100 names, the domain and 99 alternatives.
const MAX_ALTERNATIVE_NAMES: usize = 99;

/// Checks the observability, DNS and budget sections of one environment.
pub(super) fn check(
    sections: &Sections,
    observability: &Observability,
    state: &State,
    cx: &mut Context<'_>,
) {
    // A written state bucket name is checked where it is read; a derived one here.
    if sections.state.as_ref().is_none_or(|s| s.bucket.is_none()) {
        super::bucket_limits::check_derived_bucket(&state.bucket, cx.project_anchor.clone(), cx);
    }
    check_observability(sections.observability.as_ref(), &observability.alarms, cx);
    if let Some(raw) = &sections.dns {
        check_dns(raw.get(), cx);
    }
    if let Some(raw) = &sections.budget {
        check_budget(raw, sections.observability.as_ref(), observability, cx);
    }
}

/// Checks the alarm window, the latency order and duplicate alarm addresses.
fn check_observability(raw: Option<&Sp<ObservabilityRaw>>, alarms: &Alarms, cx: &mut Context<'_>) {
    let Some(raw) = raw else {
        return;
    };
    check_unique_emails(raw.emails.as_ref(), cx);
    let Some(at) = &raw.alarms else {
        return;
    };
    let window = u64::from(alarms.period_seconds) * u64::from(alarms.evaluation_periods);
    if window > MAX_ALARM_WINDOW_SECONDS {
        let span = at
            .evaluation_periods
            .as_ref()
            .or(at.period_seconds.as_ref())
            .map_or_else(|| at.span(), Sp::span);
        cx.push(
            Diagnostic::error(
                span,
                format!(
                    "alarms would evaluate {} periods of {} seconds, {window} seconds; CloudWatch evaluates at most one day (86400)",
                    alarms.evaluation_periods, alarms.period_seconds
                ),
                "window over a day",
            )
            .with_help("lower `evaluation_periods` or `period_seconds` so that their product is at most 86400"),
        );
    }
    if let Some(p95) = &at.latency_p95_ms
        && *p95.get() == 0
    {
        cx.push(
            Diagnostic::error(p95.span(), "`latency_p95_ms` must be above 0", "zero")
                .with_help("e.g. 1000"),
        );
    }
    if alarms.latency_p99_ms < alarms.latency_p95_ms {
        let span = at
            .latency_p99_ms
            .as_ref()
            .or(at.latency_p95_ms.as_ref())
            .map_or_else(|| at.span(), Sp::span);
        cx.push(
            Diagnostic::error(
                span,
                format!(
                    "`latency_p99_ms` ({}) is below `latency_p95_ms` ({})",
                    alarms.latency_p99_ms, alarms.latency_p95_ms
                ),
                "p99 below p95",
            )
            .with_help("the 99th percentile is never faster than the 95th; raise `latency_p99_ms` or lower `latency_p95_ms`"),
        );
    }
}

fn check_unique_emails(emails: Option<&Sp<Vec<Sp<String>>>>, cx: &mut Context<'_>) {
    let mut seen: Vec<String> = Vec::new();
    for email in emails.into_iter().flat_map(|e| e.iter()) {
        let folded = email.to_ascii_lowercase();
        if seen.contains(&folded) {
            cx.push(
                Diagnostic::error(
                    email.span(),
                    format!("`{}` is listed twice", email.get()),
                    "duplicate address",
                )
                .with_help("remove the second entry; a topic subscribes each address once"),
            );
        } else {
            seen.push(folded);
        }
    }
}

/// Checks the budget's notifications and its inherited subscribers.
fn check_budget(
    section: &Sp<BudgetRaw>,
    observability_raw: Option<&Sp<ObservabilityRaw>>,
    observability: &Observability,
    cx: &mut Context<'_>,
) {
    let raw = section.get();
    check_unique_emails(raw.emails.as_ref(), cx);
    if let (Some(actual), Some(forecast)) = (&raw.actual_thresholds, &raw.forecast_thresholds)
        && actual.is_empty()
        && forecast.is_empty()
    {
        cx.push(
            Diagnostic::error(
                forecast.span(),
                "the budget has no threshold to notify at",
                "no notifications",
            )
            .with_help("give `actual_thresholds` or `forecast_thresholds` at least one percentage, e.g. [100]"),
        );
    }
    if raw.emails.is_none() && observability.emails.len() > MAX_BUDGET_EMAILS {
        let span = observability_raw
            .and_then(|o| o.emails.as_ref())
            .map_or_else(|| section.span(), Sp::span);
        cx.push(
            Diagnostic::error(
                span,
                format!(
                    "budget alerts go to these {} addresses, but a budget notification has at most {MAX_BUDGET_EMAILS} email subscribers",
                    observability.emails.len()
                ),
                "too many for the budget",
            )
            .with_help("set `budget.emails` to at most 10 addresses (e.g. a mailing list)"),
        );
    }
}

/// Checks the certificate's alternative names.
fn check_dns(raw: &DnsRaw, cx: &mut Context<'_>) {
    let Some(names) = &raw.alternative_names else {
        return;
    };
    if names.len() > MAX_ALTERNATIVE_NAMES {
        cx.push(
            Diagnostic::error(
                names.span(),
                format!(
                    "a certificate takes at most {MAX_ALTERNATIVE_NAMES} alternative names, not {}",
                    names.len()
                ),
                "too many names",
            )
            .with_help(
                "ACM certificates hold at most 100 names; use a wildcard such as \"*.example.com\"",
            ),
        );
    }
    let mut seen: Vec<&str> = raw.domain.iter().map(|d| d.get().as_str()).collect();
    for name in names.iter() {
        if seen.contains(&name.as_str()) {
            let is_domain = raw.domain.as_ref().is_some_and(|d| d.get() == name.get());
            cx.push(
                Diagnostic::error(
                    name.span(),
                    if is_domain {
                        format!("`{}` is the certificate's domain already", name.get())
                    } else {
                        format!("`{}` is listed twice", name.get())
                    },
                    "duplicate name",
                )
                .with_help(
                    "remove it: the certificate covers `domain` and each alternative name once",
                ),
            );
        } else {
            seen.push(name.as_str());
        }
    }
}
