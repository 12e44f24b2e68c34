use crate::aws::logs;
use crate::diagnostic::Diagnostic;
use crate::model::{Alarms, Budget, Dns, Environment, Network, Observability, State, Tracing, Waf};
use crate::raw::{
    AlarmsRaw, BudgetRaw, DnsRaw, NatMode, ObservabilityRaw, StateRaw, TracingRaw, WafRaw,
};
use crate::span::Sp;

use super::{Context, check_region, list, or};

pub(super) fn dns(raw: Option<&Sp<DnsRaw>>, cx: &mut Context<'_>) -> Option<Dns> {
    let section = raw?;
    let raw = section.get();
    let Some(domain) = &raw.domain else {
        cx.push(
            Diagnostic::error(
                section.span(),
                "`[dns]` needs a `domain`",
                "missing `domain`",
            )
            .with_help("e.g. `domain = \"shop.example.com\"`"),
        );
        return None;
    };
    let Some(zone_id) = &raw.zone_id else {
        cx.push(
            Diagnostic::error(section.span(), "`[dns]` needs the Route 53 `zone_id` of the domain", "missing `zone_id`")
                .with_help("plinth does not look zones up (no AWS calls at plan time); copy the id from the Route 53 console, e.g. \"Z0123456789ABCDEFGHIJ\""),
        );
        return None;
    };
    for name in
        std::iter::once(domain).chain(raw.alternative_names.iter().flat_map(|names| names.iter()))
    {
        if !is_domain(name.get()) {
            cx.push(
                Diagnostic::error(
                    name.span(),
                    format!("`{}` is not a domain name", name.get()),
                    "invalid domain",
                )
                .with_help("use a lowercase name such as \"shop.example.com\""),
            );
        }
    }
    let zone_valid = zone_id.starts_with('Z')
        && (2..=32).contains(&zone_id.len())
        && zone_id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !zone_valid {
        cx.push(
            Diagnostic::error(
                zone_id.span(),
                format!("`{}` is not a Route 53 hosted zone id", zone_id.get()),
                "invalid zone id",
            )
            .with_help(
                "zone ids look like \"Z0123456789ABCDEFGHIJ\" (without the /hostedzone/ prefix)",
            ),
        );
    }
    Some(Dns {
        domain: domain.get().clone(),
        zone_id: zone_id.get().clone(),
        alternative_names: list(raw.alternative_names.as_ref()),
    })
}

fn is_domain(name: &str) -> bool {
    let name = name.strip_prefix("*.").unwrap_or(name);
    name.contains('.')
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn check_emails(emails: Option<&Sp<Vec<Sp<String>>>>, cx: &mut Context<'_>) {
    for email in emails.into_iter().flat_map(|emails| emails.iter()) {
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }) && !email.contains(char::is_whitespace);
        if !valid {
            cx.push(
                Diagnostic::error(
                    email.span(),
                    format!("`{}` is not an email address", email.get()),
                    "invalid address",
                )
                .with_help("e.g. \"ops@example.com\""),
            );
        }
    }
}

pub(super) fn observability(
    raw: Option<&Sp<ObservabilityRaw>>,
    cx: &mut Context<'_>,
) -> Observability {
    let default = ObservabilityRaw::default();
    let raw = raw.map_or(&default, |r| r.get());
    let log_retention_days = or(
        raw.log_retention_days.as_ref(),
        if cx.production { 90 } else { 14 },
    );
    if let Some(at) = &raw.log_retention_days
        && !logs::is_valid_retention(*at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!("CloudWatch Logs cannot keep logs for {} days", at.get()),
                "unsupported retention",
            )
            .with_help(format!(
                "the nearest value CloudWatch accepts is {}",
                logs::nearest_retention(*at.get())
            )),
        );
    }
    check_emails(raw.emails.as_ref(), cx);
    if let Some(kms) = &raw.log_kms
        && *kms.get()
        && cx.names.account_id.is_none()
    {
        cx.push(
            Diagnostic::error(kms.span(), "KMS-encrypted logs need the environment's `account_id`", "no account")
                .with_help("set `account_id` in `[env.<name>]`: the key policy must name the account whose CloudWatch Logs may use the key"),
        );
    }
    Observability {
        log_retention_days,
        log_kms: or(raw.log_kms.as_ref(), false),
        emails: list(raw.emails.as_ref()),
        dashboard: or(raw.dashboard.as_ref(), true),
        alarms: alarms(raw.alarms.as_ref(), cx),
        tracing: match raw.tracing.as_ref().map(|t| *t.get()) {
            Some(TracingRaw::Xray) => Some(Tracing::Xray),
            Some(TracingRaw::None) | None => None,
        },
    }
}

fn alarms(raw: Option<&Sp<AlarmsRaw>>, cx: &mut Context<'_>) -> Alarms {
    let default = AlarmsRaw::default();
    let raw = raw.map_or(&default, |r| r.get());
    for (name, value) in [
        ("cpu_percent", raw.cpu_percent.as_ref()),
        ("memory_percent", raw.memory_percent.as_ref()),
        ("db_cpu_percent", raw.db_cpu_percent.as_ref()),
        ("cache_cpu_percent", raw.cache_cpu_percent.as_ref()),
        ("cache_memory_percent", raw.cache_memory_percent.as_ref()),
    ] {
        if let Some(at) = value
            && !(1..=100).contains(at.get())
        {
            cx.push(
                Diagnostic::error(
                    at.span(),
                    format!("`{name}` is a percentage from 1 to 100"),
                    "out of range",
                )
                .with_help("e.g. 80"),
            );
        }
    }
    let period_seconds = or(raw.period_seconds.as_ref(), 300);
    if let Some(at) = &raw.period_seconds
        && !(matches!(*at.get(), 10 | 30) || (*at.get() >= 60 && at.get() % 60 == 0))
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!("CloudWatch alarms cannot use a {}-second period", at.get()),
                "invalid period",
            )
            .with_help("use 10, 30, or a multiple of 60"),
        );
    }
    let evaluation_periods = or(raw.evaluation_periods.as_ref(), 2);
    if let Some(at) = &raw.evaluation_periods
        && *at.get() == 0
    {
        cx.push(
            Diagnostic::error(at.span(), "`evaluation_periods` must be at least 1", "zero")
                .with_help("e.g. 2"),
        );
    }
    Alarms {
        enabled: or(raw.enabled.as_ref(), true),
        cpu_percent: or(raw.cpu_percent.as_ref(), 80),
        memory_percent: or(raw.memory_percent.as_ref(), 80),
        http_5xx_count: or(raw.http_5xx_count.as_ref(), 10),
        target_5xx_count: or(raw.target_5xx_count.as_ref(), 10),
        latency_p95_ms: or(raw.latency_p95_ms.as_ref(), 1000),
        latency_p99_ms: or(raw.latency_p99_ms.as_ref(), 3000),
        db_cpu_percent: or(raw.db_cpu_percent.as_ref(), 80),
        db_free_storage_gb: or(raw.db_free_storage_gb.as_ref(), 5),
        db_connections: or(raw.db_connections.as_ref(), 100),
        db_replica_lag_ms: or(raw.db_replica_lag_ms.as_ref(), 1000),
        cache_cpu_percent: or(raw.cache_cpu_percent.as_ref(), 80),
        cache_memory_percent: or(raw.cache_memory_percent.as_ref(), 80),
        cache_evictions: or(raw.cache_evictions.as_ref(), 100),
        period_seconds,
        evaluation_periods,
    }
}

pub(super) fn budget(
    raw: Option<&Sp<BudgetRaw>>,
    observability: &Observability,
    cx: &mut Context<'_>,
) -> Option<Budget> {
    let section = raw?;
    let raw = section.get();
    let monthly_limit_usd = or(raw.monthly_limit_usd.as_ref(), 0.0);
    if raw.monthly_limit_usd.is_none() {
        cx.push(
            Diagnostic::error(
                section.span(),
                "`[budget]` needs `monthly_limit_usd`",
                "missing limit",
            )
            .with_help("set the monthly limit in US dollars, e.g. `monthly_limit_usd = 100`"),
        );
    }
    if let Some(at) = &raw.monthly_limit_usd
        && (*at.get() <= 0.0 || !at.get().is_finite())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                "the monthly limit must be a positive amount of US dollars",
                "not positive",
            )
            .with_help("e.g. `monthly_limit_usd = 100`"),
        );
    }
    for threshold in [
        raw.actual_thresholds.as_ref(),
        raw.forecast_thresholds.as_ref(),
    ]
    .into_iter()
    .flatten()
    .flat_map(|list| list.iter())
    {
        let value = *threshold.get();
        if !(value > 0.0 && value <= 1000.0) {
            cx.push(
                Diagnostic::error(threshold.span(), format!("budget threshold {value}% is outside (0, 1000]"), "out of range")
                    .with_help("thresholds are percentages of the limit, greater than 0 and at most 1000, e.g. [50, 80, 100]"),
            );
        }
    }
    check_emails(raw.emails.as_ref(), cx);
    check_budget_limits(raw, section.span(), cx);
    let emails = match &raw.emails {
        Some(_) => list(raw.emails.as_ref()),
        None => observability.emails.clone(),
    };
    if emails.is_empty() {
        cx.push(
            Diagnostic::warning(
                section.span(),
                "budget alerts go to the alarm topic only: no email address is set",
                "no recipients",
            )
            .with_help("set `budget.emails` or `observability.emails`"),
        );
    }
    let sorted = |values: Vec<f64>| {
        let mut values = values;
        values.sort_by(f64::total_cmp);
        values.dedup();
        values
    };
    Some(Budget {
        monthly_limit_usd,
        actual_thresholds: sorted(raw.actual_thresholds.as_ref().map_or_else(
            || vec![80.0, 100.0],
            |t| t.iter().map(|v| *v.get()).collect(),
        )),
        forecast_thresholds: sorted(
            raw.forecast_thresholds
                .as_ref()
                .map_or_else(|| vec![100.0], |t| t.iter().map(|v| *v.get()).collect()),
        ),
        emails,
    })
}

/// The environment's S3 backend. The bucket's default name is unique to the project (see
/// `Names::state_bucket`), and its default region is the project's: the region the `bootstrap/`
/// roots create buckets in, whatever region the environment itself runs in.
pub(super) fn state(raw: Option<&Sp<StateRaw>>, env: &str, cx: &mut Context<'_>) -> State {
    let default = StateRaw::default();
    let raw = raw.map_or(&default, |r| r.get());
    let project = &cx.project.name;
    let bucket = or(raw.bucket.as_ref(), cx.names.state_bucket());
    // A derived name is valid whenever the project name is, so only a written one is checked.
    if let Some(written) = &raw.bucket
        && let Some(reason) = bucket_name_problem(written.get())
    {
        cx.push(
            Diagnostic::error(written.span(), format!("`{bucket}` is not a valid S3 bucket name: {reason}"), "invalid bucket name")
                .with_help("S3 bucket names are 3–63 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit"),
        );
    }
    let key_prefix = or(raw.key_prefix.as_ref(), project.clone());
    if let Some(at) = &raw.key_prefix
        && (at.starts_with('/') || at.ends_with('/') || at.is_empty())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                "`key_prefix` must not start or end with `/`",
                "invalid prefix",
            )
            .with_help(format!("e.g. \"{project}\"")),
        );
    }
    if let Some(at) = &raw.key_prefix
        && (at.contains("//")
            || !at
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!_.'()-/".contains(&b)))
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!(
                    "`{}` is not a state key prefix the deploy role can be scoped to",
                    at.get()
                ),
                "invalid prefix",
            )
            .with_help(
                "use path segments of letters, digits and ! _ . ' ( ) -, separated by single `/`",
            ),
        );
    }
    if let Some(at) = &raw.region {
        check_region(at, &mut cx.diagnostics);
    }
    State {
        bucket,
        key: format!("{}/{env}/terraform.tfstate", key_prefix.trim_matches('/')),
        region: or(raw.region.as_ref(), cx.project.region.clone()),
        // Known once every environment is resolved: see `state_bucket_accounts`.
        account_id: None,
    }
}

/// Records in each environment's backend the account that hosts its state bucket: that of the
/// first environment keeping its state there, whose account's `bootstrap/` root creates it. A
/// bucket shared by environments in several accounts lives in one of them.
pub(crate) fn state_bucket_accounts(environments: &mut [Environment]) {
    let owners: Vec<Option<String>> = environments
        .iter()
        .map(|env| {
            environments
                .iter()
                .find(|e| e.state.bucket == env.state.bucket)
                .and_then(|owner| owner.account_id.clone())
        })
        .collect();
    for (env, owner) in environments.iter_mut().zip(owners) {
        env.state.account_id = owner;
    }
}

/// Why `name` is not a valid S3 bucket name, if it is not.
pub(crate) fn bucket_name_problem(name: &str) -> Option<&'static str> {
    let bytes = name.as_bytes();
    if !(3..=63).contains(&name.len()) {
        return Some("it must be 3 to 63 characters long");
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(b))
    {
        return Some("it may contain only lowercase letters, digits, hyphens and dots");
    }
    if !bytes[0].is_ascii_alphanumeric() || !bytes[bytes.len() - 1].is_ascii_alphanumeric() {
        return Some("it must start and end with a letter or digit");
    }
    if name.contains("..") || name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some("it must not look like an IP address or contain `..`");
    }
    if super::bucket_limits::has_reserved_affix(name) {
        return Some("it uses a prefix or suffix AWS reserves");
    }
    None
}

pub(super) fn waf(raw: Option<&Sp<WafRaw>>, cx: &mut Context<'_>) -> Option<Waf> {
    let section = raw?;
    if !or(section.enabled.as_ref(), true) {
        return None;
    }
    let rate_limit = or(section.rate_limit.as_ref(), 2000);
    if let Some(at) = &section.rate_limit
        && !(100..=2_000_000_000).contains(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                "WAF rate limits are 100 to 2,000,000,000 requests per 5 minutes",
                "out of range",
            )
            .with_help("e.g. 2000"),
        );
    }
    Some(Waf { rate_limit })
}

/// AWS Budgets allows 10 notifications per budget and 10 email subscribers per notification.
fn check_budget_limits(raw: &BudgetRaw, section_span: crate::span::Span, cx: &mut Context<'_>) {
    let notifications = [
        raw.actual_thresholds.as_ref(),
        raw.forecast_thresholds.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|list| list.len())
    .sum::<usize>();
    if notifications > 10 {
        cx.push(
            Diagnostic::error(section_span.clone(), format!("a budget has at most 10 notifications; these thresholds make {notifications}"), "too many thresholds")
                .with_help("AWS Budgets allows 10 notifications per budget: drop some actual or forecast thresholds"),
        );
    }
    if let Some(list) = &raw.emails
        && list.len() > 10
    {
        cx.push(
            Diagnostic::error(
                list.span(),
                format!(
                    "a budget notification has at most 10 email subscribers, not {}",
                    list.len()
                ),
                "too many",
            )
            .with_help(
                "use a mailing list address, or send alerts to the alarm topic and subscribe there",
            ),
        );
    }
}

/// The tracing collector's image is on public ECR and it exports to X-Ray's public endpoint:
/// without NAT, tasks and pods reach neither (plinth creates no X-Ray interface endpoint).
pub(super) fn check_tracing_reachable(
    raw: Option<&Sp<ObservabilityRaw>>,
    network: &Network,
    cx: &mut Context<'_>,
) {
    let Some(tracing) = raw.and_then(|r| r.tracing.as_ref()) else {
        return;
    };
    if *tracing.get() == TracingRaw::Xray && network.nat == NatMode::None {
        cx.push(
            Diagnostic::warning(tracing.span(), "without NAT, the tracing collector can be neither pulled nor reach X-Ray", "unreachable")
                .with_help("its image is on public ECR and X-Ray has no VPC endpoint here: set `[network] nat = \"single\"` (or more), or turn tracing off"),
        );
    }
}
