//! A service's autoscaling range and targets.

use crate::diagnostic::Diagnostic;
use crate::model::Autoscaling;
use crate::raw::AutoscalingRaw;
use crate::resolve::compute::check_ordered;
use crate::resolve::{Context, or};
use crate::span::Sp;

/// A service's autoscaling: `max` is required, `min ≤ desired_count ≤ max`, targets are
/// percentages from 1 to 100 and the request target is at least 1; `min` defaults to the desired
/// count and the CPU target to 60 %.
pub(super) fn autoscaling(
    raw: &Sp<AutoscalingRaw>,
    desired: u32,
    desired_at: Option<&Sp<u32>>,
    cx: &mut Context<'_>,
) -> Autoscaling {
    let min = or(raw.min.as_ref(), desired);
    let max = match &raw.max {
        Some(max) => *max.get(),
        None => {
            cx.push(
                Diagnostic::error(raw.span(), "autoscaling needs `max`", "missing `max`")
                    .with_help("set the most tasks autoscaling may run, e.g. `max = 4`"),
            );
            desired.max(min)
        }
    };
    check_ordered(
        &[
            ("autoscaling.min", min, raw.min.as_ref()),
            ("desired_count", desired, desired_at),
            ("autoscaling.max", max, raw.max.as_ref()),
        ],
        raw.span(),
        "task counts",
        cx,
    );
    for (name, target) in [
        ("cpu_target", raw.cpu_target.as_ref()),
        ("memory_target", raw.memory_target.as_ref()),
    ] {
        if let Some(target) = target
            && !(1..=100).contains(target.get())
        {
            cx.push(
                Diagnostic::error(
                    target.span(),
                    format!("`{name}` is a percentage from 1 to 100"),
                    "out of range",
                )
                .with_help("e.g. 60"),
            );
        }
    }
    if let Some(requests) = &raw.requests_per_target
        && *requests.get() == 0
    {
        cx.push(
            Diagnostic::error(
                requests.span(),
                "`requests_per_target` must be at least 1",
                "zero",
            )
            .with_help("e.g. 1000 requests per task per minute"),
        );
    }
    Autoscaling {
        min,
        max,
        cpu_target: or(raw.cpu_target.as_ref(), 60),
        memory_target: raw.memory_target.as_ref().map(|t| *t.get()),
        requests_per_target: raw.requests_per_target.as_ref().map(|r| *r.get()),
        backlog_per_task: raw.backlog_per_task.as_ref().map(|b| *b.get()),
    }
}
