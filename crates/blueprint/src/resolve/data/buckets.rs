//! `[buckets.<name>]`: the application's S3 buckets and their lifecycle rules.

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, plural};
use crate::model::{Bucket, LifecycleRule};
use crate::names::{MAX_BUCKET_NAME, MAX_COMPONENT_NAME};
use crate::raw::{BucketRaw, LifecycleRuleRaw};
use crate::resolve::project::check_name;
use crate::resolve::renames::{Keyed, check_renames};
use crate::resolve::{Context, bucket_limits, or};
use crate::span::Sp;

use super::check_length;

pub(crate) fn buckets(
    raw: Option<&IndexMap<Sp<String>, Sp<BucketRaw>>>,
    cx: &mut Context<'_>,
) -> Vec<Bucket> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let keyed: Vec<Keyed<'_>> = raw
        .iter()
        .map(|(key, bucket)| Keyed {
            key,
            renamed_from: bucket.renamed_from.as_ref(),
        })
        .collect();
    let renames = check_renames(&keyed, "bucket", check_bucket_name, cx);
    raw.iter()
        .zip(renames)
        .map(|((name, bucket), renamed_from)| {
            check_bucket_name(name, &mut cx.diagnostics);
            let identity = renamed_from.as_deref().unwrap_or(name.get());
            let bucket_name = cx
                .names
                .bucket_with_suffix(identity, or(bucket.unique_suffix.as_ref(), true));
            check_length(
                "S3 bucket name",
                &bucket_name,
                MAX_BUCKET_NAME,
                &name.span(),
                cx,
            );
            bucket_limits::check_derived_bucket(&bucket_name, name.span(), cx);
            Bucket {
                name: name.get().clone(),
                renamed_from,
                bucket_name,
                versioning: or(bucket.versioning.as_ref(), true),
                kms: or(bucket.kms.as_ref(), false),
                lifecycle: bucket
                    .lifecycle
                    .iter()
                    .flat_map(|rules| rules.iter())
                    .map(|rule| lifecycle_rule(rule, cx))
                    .collect(),
            }
        })
        .collect()
}

fn lifecycle_rule(raw: &Sp<LifecycleRuleRaw>, cx: &mut Context<'_>) -> LifecycleRule {
    let rule = LifecycleRule {
        prefix: or(raw.prefix.as_ref(), String::new()),
        transition_to_ia_days: raw.transition_to_ia_days.as_ref().map(|d| *d.get()),
        transition_to_glacier_days: raw.transition_to_glacier_days.as_ref().map(|d| *d.get()),
        expire_days: raw.expire_days.as_ref().map(|d| *d.get()),
        noncurrent_expire_days: raw.noncurrent_expire_days.as_ref().map(|d| *d.get()),
    };
    bucket_limits::check_lifecycle_days(raw, cx);
    if rule.transition_to_ia_days.is_none()
        && rule.transition_to_glacier_days.is_none()
        && rule.expire_days.is_none()
        && rule.noncurrent_expire_days.is_none()
    {
        cx.push(
            Diagnostic::error(
                raw.span(),
                "a lifecycle rule without any action does nothing",
                "empty rule",
            )
            .with_help("set `expire_days`, a `transition_to_*_days` or `noncurrent_expire_days`"),
        );
    }
    if let Some(at) = &raw.transition_to_ia_days
        && *at.get() < 30
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                "S3 moves objects to Standard-IA after 30 days at the earliest",
                "too early",
            )
            .with_help("use 30 or more"),
        );
    }
    // S3 keeps objects at least 30 days in Standard-IA before another transition, and expires
    // them only after their last transition.
    let steps = [
        (
            "transition_to_ia_days",
            raw.transition_to_ia_days.as_ref(),
            30,
        ),
        (
            "transition_to_glacier_days",
            raw.transition_to_glacier_days.as_ref(),
            1,
        ),
        ("expire_days", raw.expire_days.as_ref(), 1),
    ];
    let written: Vec<(&str, &Sp<u32>, u32)> = steps
        .iter()
        .filter_map(|(name, at, gap)| at.map(|at| (*name, at, *gap)))
        .collect();
    for pair in written.windows(2) {
        let [(earlier, a, gap), (later, b, _)] = pair else {
            continue;
        };
        if *b.get() < a.get() + gap {
            cx.push(
                Diagnostic::error(
                    b.span(),
                    format!("`{later}` ({}) must be at least {} after `{earlier}` ({})", b.get(), plural(*gap as usize, "day"), a.get()),
                    "too early",
                )
                .with_help("lifecycle steps happen in order: Standard-IA (for at least 30 days), then Glacier, then expiry"),
            );
        }
    }
    rule
}

fn check_bucket_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    check_name(name, "bucket", MAX_COMPONENT_NAME, diagnostics);
}
