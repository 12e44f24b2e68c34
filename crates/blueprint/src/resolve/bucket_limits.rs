//! Rules that mirror the s3-bucket module's lifecycle validations.

use crate::diagnostic::Diagnostic;
use crate::raw::LifecycleRuleRaw;
use crate::span::Span;

use super::Context;

/// Bucket name prefixes S3 reserves (S3 User Guide, "General purpose bucket naming rules").
const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];
/// Bucket name suffixes S3 reserves (access point aliases, Object Lambda, Multi-Region Access
/// Points, directory buckets, table buckets).
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Whether `name` starts or ends with an affix S3 reserves.
pub(super) fn has_reserved_affix(name: &str) -> bool {
    RESERVED_PREFIXES.iter().any(|p| name.starts_with(p))
        || RESERVED_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Reports a bucket name plinth derives (`<project>-<env>-<key>`, the state bucket) that S3
/// would refuse for a reserved prefix or suffix, at the blueprint name that causes it.
pub(super) fn check_derived_bucket(name: &str, span: Span, cx: &mut Context<'_>) {
    if !cx.names_valid || !has_reserved_affix(name) {
        return;
    }
    cx.push(
        Diagnostic::error(
            span,
            format!("the S3 bucket name `{name}` uses a prefix or suffix S3 reserves"),
            "reserved bucket name",
        )
        .with_help("S3 refuses names starting with xn--, sthree- or amzn-s3-demo- and ending with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3; rename the project, environment or bucket"),
    );
}

/// Every day count of a lifecycle rule is at least 1 (S3 counts days from object creation).
pub(super) fn check_lifecycle_days(raw: &LifecycleRuleRaw, cx: &mut Context<'_>) {
    for (name, at) in [
        (
            "transition_to_glacier_days",
            raw.transition_to_glacier_days.as_ref(),
        ),
        ("expire_days", raw.expire_days.as_ref()),
        (
            "noncurrent_expire_days",
            raw.noncurrent_expire_days.as_ref(),
        ),
    ] {
        if let Some(at) = at
            && *at.get() == 0
        {
            cx.push(
                Diagnostic::error(
                    at.span(),
                    format!("`{name}` must be at least 1 day"),
                    "zero",
                )
                .with_help("S3 lifecycle actions take a whole number of days of at least 1"),
            );
        }
    }
}
