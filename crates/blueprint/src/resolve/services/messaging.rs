//! The queues a service consumes and the queues and topics it publishes to, and scaling on the
//! backlog of the queues it consumes.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{Compute, Network, Queue, Topic};
use crate::raw::{Endpoint, NatMode, ServiceRaw};
use crate::resolve::{Context, list};
use crate::span::Sp;

/// Target tracking on metric math takes at most ten metrics; the backlog per task uses one per
/// consumed queue and the running task count.
/// <https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html>
const MAX_BACKLOG_QUEUES: usize = 9;

/// The checked `consumes` and `publishes` of a service.
pub(super) fn messaging(
    raw: &Sp<ServiceRaw>,
    queues: &[Queue],
    topics: &[Topic],
    compute: &Compute,
    network: &Network,
    cx: &mut Context<'_>,
) -> (Vec<String>, Vec<String>) {
    let consumes = raw.consumes.as_ref();
    let publishes = raw.publishes.as_ref();
    for name in consumes.iter().flat_map(|list| list.iter()) {
        if queues.iter().any(|queue| &queue.name == name.get()) {
            continue;
        }
        cx.push(if topics.iter().any(|topic| &topic.name == name.get()) {
            Diagnostic::error(
                name.span(),
                format!("`{}` is a topic, not a queue", name.get()),
                "a topic",
            )
            .with_help(format!(
                "a service receives a topic's messages through a queue subscribed to it: add a `[queues.<name>]`, subscribe it in `[[topics.{}.subscriptions]]` and consume the queue",
                name.get()
            ))
        } else {
            let diagnostic = Diagnostic::error(
                name.span(),
                format!("there is no queue `{}`", name.get()),
                "unknown queue",
            );
            unknown(diagnostic, name, queues.iter().map(|q| q.name.as_str()), "queues")
        });
    }
    for name in publishes.iter().flat_map(|list| list.iter()) {
        let known = queues.iter().map(|q| q.name.as_str());
        let mut names = known.chain(topics.iter().map(|t| t.name.as_str()));
        if !names.any(|known| known == name.get()) {
            let diagnostic = Diagnostic::error(
                name.span(),
                format!("there is no queue or topic `{}`", name.get()),
                "unknown queue or topic",
            );
            let names = queues
                .iter()
                .map(|q| q.name.as_str())
                .chain(topics.iter().map(|t| t.name.as_str()));
            cx.push(unknown(diagnostic, name, names, "queues or topics"));
        }
    }
    for list in [consumes, publishes].into_iter().flatten() {
        for (at, name) in list.iter().enumerate() {
            if list[..at].iter().any(|earlier| earlier.get() == name.get()) {
                cx.push(
                    Diagnostic::error(
                        name.span(),
                        format!("`{}` is listed twice", name.get()),
                        "duplicate",
                    )
                    .with_help("list each queue or topic once"),
                );
            }
        }
    }
    check_backlog_scaling(raw, compute, cx);
    check_reachable(raw, topics, network, cx);
    (list(consumes), list(publishes))
}

/// Without NAT, the application subnets reach SQS and SNS only through their VPC endpoints.
fn check_reachable(
    raw: &Sp<ServiceRaw>,
    topics: &[Topic],
    network: &Network,
    cx: &mut Context<'_>,
) {
    if network.nat != NatMode::None {
        return;
    }
    let names = raw
        .consumes
        .iter()
        .chain(raw.publishes.iter())
        .flat_map(|list| list.iter());
    let mut missing: Vec<(Endpoint, &Sp<String>)> = Vec::new();
    for name in names {
        let endpoint = if topics.iter().any(|t| &t.name == name.get()) {
            Endpoint::Sns
        } else {
            Endpoint::Sqs
        };
        if !network.endpoints.contains(&endpoint) && !missing.iter().any(|(e, _)| *e == endpoint) {
            missing.push((endpoint, name));
        }
    }
    for (endpoint, name) in missing {
        cx.push(
            Diagnostic::error(
                name.span(),
                format!(
                    "without NAT the service cannot reach {} for `{}`",
                    endpoint.as_str().to_ascii_uppercase(),
                    name.get()
                ),
                "no route",
            )
            .with_help(format!(
                "add `\"{}\"` to `network.endpoints` (an interface endpoint in the application subnets), or use `nat = \"single\"`",
                endpoint.as_str()
            )),
        );
    }
}

fn unknown<'a>(
    diagnostic: Diagnostic,
    name: &Sp<String>,
    names: impl Iterator<Item = &'a str>,
    what: &str,
) -> Diagnostic {
    match did_you_mean(name.get(), names) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => diagnostic.with_help(format!(
            "declare it as `[queues.{0}]` or `[topics.{0}]`, or name one of the blueprint's {what}",
            name.get()
        )),
    }
}

fn check_backlog_scaling(raw: &Sp<ServiceRaw>, compute: &Compute, cx: &mut Context<'_>) {
    let Some(backlog) = raw
        .autoscaling
        .as_ref()
        .and_then(|scaling| scaling.backlog_per_task.as_ref())
    else {
        return;
    };
    let consumed = raw.consumes.as_ref().map_or(0, |list| list.len());
    if consumed == 0 {
        cx.push(
            Diagnostic::error(
                backlog.span(),
                "`backlog_per_task` scales on the queues the service consumes, and it consumes none",
                "no queue",
            )
            .with_help("list the queues it works on in `consumes`, or scale on `cpu_target`"),
        );
    } else if consumed > MAX_BACKLOG_QUEUES {
        cx.push(
            Diagnostic::error(
                backlog.span(),
                format!("`backlog_per_task` sums at most {MAX_BACKLOG_QUEUES} queues, and the service consumes {consumed}"),
                "too many queues",
            )
            .with_help("target tracking on metric math takes ten metrics: split the worker, or scale on `cpu_target`"),
        );
    }
    if let Compute::Ecs(ecs) = compute
        && !ecs.container_insights
    {
        cx.push(
            Diagnostic::error(
                backlog.span(),
                "`backlog_per_task` needs Container Insights, which is off",
                "no task count",
            )
            .with_help("the backlog per task divides by Container Insights' `RunningTaskCount`: remove `compute.container_insights = false`, or scale on `cpu_target`"),
        );
    }
    if matches!(compute, Compute::Eks(_)) {
        // Kubernetes scales on queue backlog only through an external-metrics adapter (KEDA or
        // the CloudWatch metrics adapter), which plinth does not install: see docs/eks.md.
        cx.push(
            Diagnostic::error(
                backlog.span(),
                "`backlog_per_task` is not available on EKS",
                "ECS only",
            )
            .with_help("scale the worker on `cpu_target` or `memory_target`; queue-backlog scaling on EKS needs an external-metrics adapter (KEDA) that plinth does not install yet (docs/eks.md)"),
        );
    }
}
