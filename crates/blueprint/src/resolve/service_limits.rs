//! Service rules that mirror the alb, ecs-service and eks-workload modules' variable validations,
//! and the values `plinth generate --workflows` refuses, so `plinth validate` refuses them first.

use crate::diagnostic::{Diagnostic, plural};
use crate::model::Compute;
use crate::names::{MAX_LOAD_BALANCER_NAME, MAX_ROLE_NAME};
use crate::raw::{ServiceKind, ServiceRaw};
use crate::span::Sp;

use super::Context;

/// An ALB listener rule takes at most five condition values in total (path patterns plus host
/// headers); the alb module gives each service one rule.
const MAX_RULE_CONDITION_VALUES: usize = 5;

/// Checks one service's routes, workflow values and (on EKS) environment values.
pub(super) fn check(
    raw: &Sp<ServiceRaw>,
    kind: ServiceKind,
    compute: &Compute,
    cx: &mut Context<'_>,
) {
    // A worker's routes are reported as keys that do not apply to it.
    let public = kind == ServiceKind::Web && raw.public.as_ref().is_none_or(|p| *p.get());
    let paths = raw.paths.as_ref().map_or(0, |p| p.len());
    let hosts = raw.hosts.as_ref().map_or(0, |h| h.len());
    if public && paths + hosts > MAX_RULE_CONDITION_VALUES {
        let span = raw
            .paths
            .as_ref()
            .or(raw.hosts.as_ref())
            .map_or_else(|| raw.span(), Sp::span);
        cx.push(
            Diagnostic::error(
                span,
                format!(
                    "a service routes by at most {MAX_RULE_CONDITION_VALUES} paths and hosts together, not {}",
                    paths + hosts
                ),
                "too many route conditions",
            )
            .with_help("an ALB listener rule takes at most five condition values; use broader patterns such as \"/api/*\""),
        );
    }
    if let Some(scaling) = &raw.autoscaling {
        check_autoscaling(scaling, kind == ServiceKind::Web && public, compute, cx);
    }
    for (field, value) in [
        ("dockerfile", raw.dockerfile.as_ref()),
        ("context", raw.context.as_ref()),
        ("source_dir", raw.source_dir.as_ref()),
    ] {
        if let Some(value) = value {
            check_workflow_value(field, value, true, cx);
        }
    }
    for command in raw.test_commands.iter().flat_map(|c| c.iter()) {
        check_workflow_value("test_commands", command, false, cx);
    }
    // The deploy workflows carry the release command in a step's `env:`.
    for part in raw.release_command.iter().flat_map(|c| c.iter()) {
        check_workflow_value("release_command", part, false, cx);
    }
    if matches!(compute, Compute::Eks(_)) {
        for (key, value) in raw.environment.iter().flat_map(|e| e.iter()) {
            if value.contains(['\n', '\r']) {
                cx.push(
                    Diagnostic::error(
                        value.span(),
                        format!("the value of `{}` contains a line break", key.get()),
                        "line break",
                    )
                    .with_help("on EKS environment values are stored one per line in the service's configuration; put multi-line values in a `[secrets.<name>]` or encode them (e.g. base64)"),
                );
            }
        }
    }
}

/// Refuses `${{` (GitHub Actions would evaluate it; it cannot be escaped in a workflow) and, in
/// paths, control characters (a workflow path is one line).
fn check_workflow_value(field: &str, value: &Sp<String>, path: bool, cx: &mut Context<'_>) {
    if value.contains("${{") {
        cx.push(
            Diagnostic::error(
                value.span(),
                format!("`{field}` contains `${{{{`, which GitHub Actions would evaluate as an expression"),
                "workflow expression",
            )
            .with_help("remove `${{`; CI runs the value as written, so read what you need from the environment instead (e.g. `$GITHUB_SHA`)"),
        );
    }
    if path && value.chars().any(char::is_control) {
        cx.push(
            Diagnostic::error(
                value.span(),
                format!("`{field}` contains a control character"),
                "control character",
            )
            .with_help("a path in a workflow is one line; remove line breaks and tabs"),
        );
    }
}

/// What is wrong with an external image reference, if anything: the ecs-service module takes
/// `[registry/]repository[:tag][@sha256:<64 hex>]` and requires a tag or a digest.
pub(super) fn image_problem(image: &str) -> Option<String> {
    let last = image.rsplit('/').next().unwrap_or_default();
    if image.split('/').any(str::is_empty) {
        return Some("an empty path segment".to_owned());
    }
    let (rest, digest) = match last.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (last, None),
    };
    if let Some(digest) = digest {
        let hex = digest.strip_prefix("sha256:").unwrap_or_default();
        if hex.len() != 64
            || !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Some("a digest must be `sha256:` and 64 lowercase hex digits".to_owned());
        }
    }
    let (repository, tag) = match rest.split_once(':') {
        Some((repository, tag)) => (repository, Some(tag)),
        None => (rest, None),
    };
    if repository.is_empty() {
        return Some("no repository name".to_owned());
    }
    if let Some(tag) = tag {
        let valid = (1..=128).contains(&tag.len())
            && tag
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        if !valid {
            return Some(format!("`{tag}` is not a valid tag"));
        }
    } else if digest.is_none() {
        return Some("no tag or digest".to_owned());
    }
    None
}

/// Autoscaling needs a task to scale to, and request-count scaling needs the load balancer's
/// target group (ECS scales on `ALBRequestCountPerTarget` of the service's target group).
fn check_autoscaling(
    scaling: &Sp<crate::raw::AutoscalingRaw>,
    public: bool,
    compute: &Compute,
    cx: &mut Context<'_>,
) {
    if let Some(max) = &scaling.max
        && *max.get() == 0
    {
        cx.push(
            Diagnostic::error(max.span(), "autoscaling `max` must be at least 1", "zero")
                .with_help("remove `[autoscaling]` for a service that runs no tasks, or set `max = 1` or more"),
        );
    }
    // plinth scales on request count only through a public service's target group (the
    // Terraform crate drops it otherwise), so the setting would be silently ignored.
    if let Some(requests) = &scaling.requests_per_target
        && !public
        && matches!(compute, Compute::Ecs(_))
    {
        cx.push(
            Diagnostic::warning(
                requests.span(),
                "`requests_per_target` is ignored: the service is not public, so there is no load balancer request count to scale on",
                "ignored",
            )
            .with_help("remove `requests_per_target` (scale on `cpu_target`/`memory_target`), or make the service public"),
        );
    }
}

/// Only ECS makes target groups (for public services) and execution roles; on EKS the load
/// balancer controller names its own target groups.
pub(super) fn check_derived_names(
    name: &Sp<String>,
    compute: &Compute,
    makes_target_group: bool,
    cx: &mut Context<'_>,
) {
    if !cx.names_valid || !matches!(compute, Compute::Ecs(_)) {
        return;
    }
    let checks = [
        (
            "target group",
            cx.names.target_group(name.get()),
            MAX_LOAD_BALANCER_NAME,
        ),
        (
            "IAM execution role",
            cx.names.execution_role(name.get()),
            MAX_ROLE_NAME,
        ),
    ];
    for (what, derived, max) in checks {
        if what == "target group" && !makes_target_group {
            continue;
        }
        if derived.len() > max {
            let excess = derived.len() - max;
            cx.push(
                Diagnostic::error(
                    name.span(),
                    format!(
                        "the {what} name `{derived}` would be {} characters; AWS allows {max}",
                        derived.len()
                    ),
                    "name too long",
                )
                .with_help(format!(
                    "shorten the service name by {} (or the project or environment name)",
                    plural(excess, "character")
                )),
            );
        }
    }
}
