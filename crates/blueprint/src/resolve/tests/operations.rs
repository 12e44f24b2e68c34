//! `[dns]`, `[observability]`, `[budget]`, `[state]` and `[waf]`, and bucket lifecycle limits.

use super::{assert_reports, diagnostics, with};

#[test]
fn operations_rules() {
    assert_reports(&with("[dns]\nzone_id = \"Z123\""), "needs a `domain`");
    assert_reports(
        &with("[dns]\ndomain = \"shop.example.com\""),
        "needs the Route 53 `zone_id`",
    );
    assert_reports(
        &with("[dns]\ndomain = \"Shop\"\nzone_id = \"Z123\""),
        "is not a domain name",
    );
    assert_reports(
        &with("[dns]\ndomain = \"shop.example.com\"\nzone_id = \"/hostedzone/Z1\""),
        "is not a Route 53 hosted zone id",
    );
    assert_reports(
        &with("[observability]\nlog_retention_days = 45"),
        "cannot keep logs for 45 days",
    );
    assert_reports(
        &with("[observability]\nemails = [\"ops\"]"),
        "is not an email address",
    );
    assert_reports(
        &with("[observability.alarms]\ncpu_percent = 0"),
        "is a percentage from 1 to 100",
    );
    assert_reports(
        &with("[observability.alarms]\nperiod_seconds = 45"),
        "cannot use a 45-second period",
    );
    assert_reports(
        &with("[observability.alarms]\nevaluation_periods = 0"),
        "must be at least 1",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 0"),
        "must be a positive amount",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 10\nactual_thresholds = [0]"),
        "is outside (0, 1000]",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 10\nforecast_thresholds = [1000.5]"),
        "is outside (0, 1000]",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 10"),
        "no email address is set",
    );
    assert_reports(
        &with("[state]\nbucket = \"My_Bucket\""),
        "is not a valid S3 bucket name",
    );
    assert_reports(
        &with("[state]\nkey_prefix = \"/x\""),
        "must not start or end with `/`",
    );
    assert_reports(&with("[waf]\nrate_limit = 10"), "WAF rate limits are 100");
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\n[waf]"),
        "`[waf]` is not supported with EKS yet",
    );
    assert!(
        !diagnostics(&with(
            "[compute]\nplatform = \"eks\"\n[waf]\nenabled = false"
        ))
        .iter()
        .any(|d| d.message.contains("WAF") || d.message.contains("waf")),
        "a disabled web ACL is allowed on EKS"
    );
}

#[test]
fn thresholds_at_the_boundaries_are_accepted() {
    let text = with(
        "[observability]\nemails = [\"ops@example.com\"]\n[budget]\nmonthly_limit_usd = 10\nactual_thresholds = [0.01, 1000]",
    );
    assert!(diagnostics(&text).is_empty(), "{:#?}", diagnostics(&text));
}

#[test]
fn lifecycle_and_budget_limits_match_aws() {
    assert_reports(
        &with(
            "[buckets.uploads]\nlifecycle = [{ transition_to_ia_days = 30, transition_to_glacier_days = 45 }]",
        ),
        "`transition_to_glacier_days` (45) must be at least 30 days after `transition_to_ia_days` (30)",
    );
    assert_reports(
        &with(
            "[observability]\nemails = [\"ops@example.com\"]\n[budget]\nmonthly_limit_usd = 10\nactual_thresholds = [10, 20, 30, 40, 50, 60, 70, 80]\nforecast_thresholds = [90, 100, 110]",
        ),
        "a budget has at most 10 notifications; these thresholds make 11",
    );
}
