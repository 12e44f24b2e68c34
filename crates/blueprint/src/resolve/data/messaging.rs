//! `[queues.<name>]` and `[topics.<name>]`: SQS queues, SNS topics and the topics' subscriptions.

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, did_you_mean, plural};
use crate::model::{Queue, Subscription, Topic};
use crate::names::MAX_COMPONENT_NAME;
use crate::raw::{FilterRaw, FilterScope, QueueRaw, SubscriptionRaw, TopicRaw};
use crate::resolve::project::check_name;
use crate::resolve::renames::{Keyed, check_renames};
use crate::resolve::{Context, or};
use crate::span::Sp;

/// SNS: "A filter policy can have a maximum of five keys" and "the total combination of values
/// in a filter policy must not exceed 150" (the product of the lengths of its value lists).
/// <https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html>
const MAX_FILTER_KEYS: usize = 5;
const MAX_FILTER_COMBINATIONS: usize = 150;

pub(crate) fn queues(
    raw: Option<&IndexMap<Sp<String>, Sp<QueueRaw>>>,
    cx: &mut Context<'_>,
) -> Vec<Queue> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let keyed: Vec<Keyed<'_>> = raw
        .iter()
        .map(|(key, queue)| Keyed {
            key,
            renamed_from: queue.renamed_from.as_ref(),
        })
        .collect();
    let renames = check_renames(&keyed, "queue", check_queue_name, cx);
    raw.iter()
        .zip(renames)
        .map(|((name, queue), renamed_from)| {
            check_queue_name(name, &mut cx.diagnostics);
            let fifo = or(queue.fifo.as_ref(), false);
            check_fifo_only(queue.content_based_deduplication.as_ref(), fifo, "queue", cx);
            let dead_letter = or(queue.dead_letter.as_ref(), true);
            if let (false, Some(receives)) = (dead_letter, &queue.max_receives) {
                cx.push(
                    Diagnostic::error(
                        receives.span(),
                        "`max_receives` needs a dead-letter queue",
                        "no dead-letter queue",
                    )
                    .with_help("remove `max_receives`, or `dead_letter = false`"),
                );
            }
            let retention_days = or(queue.retention_days.as_ref(), 4);
            let age_alarm_seconds = or(queue.age_alarm_seconds.as_ref(), 900);
            // SQS deletes a message at the end of the retention period, so the age of the
            // oldest message never reaches it.
            if age_alarm_seconds >= retention_days * 86_400 {
                let at = queue.age_alarm_seconds.as_ref().or(queue.retention_days.as_ref());
                cx.push(
                    Diagnostic::error(
                        at.map_or_else(|| name.span(), Sp::span),
                        format!(
                            "the age alarm would never fire: `age_alarm_seconds` ({age_alarm_seconds}) is not below the {retention_days}-day retention ({} seconds)",
                            retention_days * 86_400
                        ),
                        "never fires",
                    )
                    .with_help("lower `age_alarm_seconds`, or keep messages longer with `retention_days`"),
                );
            }
            let identity = renamed_from.as_deref().unwrap_or(name.get());
            Queue {
                name: name.get().clone(),
                queue_name: cx.names.queue(identity),
                renamed_from,
                fifo,
                content_based_deduplication: or(queue.content_based_deduplication.as_ref(), false),
                visibility_timeout_seconds: or(queue.visibility_timeout_seconds.as_ref(), 30),
                retention_days,
                delay_seconds: or(queue.delay_seconds.as_ref(), 0),
                max_receives: dead_letter.then(|| or(queue.max_receives.as_ref(), 5)),
                depth_alarm_threshold: or(queue.depth_alarm_threshold.as_ref(), 1000),
                age_alarm_seconds,
            }
        })
        .collect()
}

pub(crate) fn topics(
    raw: Option<&IndexMap<Sp<String>, Sp<TopicRaw>>>,
    queues: &[Queue],
    queue_keys: &[&Sp<String>],
    cx: &mut Context<'_>,
) -> Vec<Topic> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let keyed: Vec<Keyed<'_>> = raw
        .iter()
        .map(|(key, topic)| Keyed {
            key,
            renamed_from: topic.renamed_from.as_ref(),
        })
        .collect();
    let renames = check_renames(&keyed, "topic", check_topic_name, cx);
    raw.iter()
        .zip(renames)
        .map(|((name, topic), renamed_from)| {
            check_topic_name(name, &mut cx.diagnostics);
            // Services name queues and topics alike in `publishes`.
            if queue_keys.iter().any(|queue| queue.get() == name.get()) {
                cx.push(
                    Diagnostic::error(
                        name.span(),
                        format!("`{}` is both a queue and a topic", name.get()),
                        "name taken by a queue",
                    )
                    .with_help("rename the topic or the queue: services name both in `publishes`"),
                );
            }
            let fifo = or(topic.fifo.as_ref(), false);
            check_fifo_only(
                topic.content_based_deduplication.as_ref(),
                fifo,
                "topic",
                cx,
            );
            let mut subscribed: Vec<&str> = Vec::new();
            let subscriptions = topic
                .subscriptions
                .iter()
                .flat_map(|list| list.iter())
                .filter_map(|subscription| {
                    self::subscription(subscription, fifo, queues, &mut subscribed, cx)
                })
                .collect();
            let identity = renamed_from.as_deref().unwrap_or(name.get());
            Topic {
                name: name.get().clone(),
                topic_name: cx.names.topic(identity),
                renamed_from,
                fifo,
                content_based_deduplication: or(topic.content_based_deduplication.as_ref(), false),
                subscriptions,
            }
        })
        .collect()
}

fn subscription<'q>(
    raw: &Sp<SubscriptionRaw>,
    topic_fifo: bool,
    queues: &'q [Queue],
    subscribed: &mut Vec<&'q str>,
    cx: &mut Context<'_>,
) -> Option<Subscription> {
    // The schema requires `queue`.
    let name = raw.queue.as_ref()?;
    let Some(queue) = queues.iter().find(|queue| &queue.name == name.get()) else {
        let diagnostic = Diagnostic::error(
            name.span(),
            format!("no queue `{}`", name.get()),
            "unknown queue",
        );
        cx.push(
            match did_you_mean(name.get(), queues.iter().map(|q| q.name.as_str())) {
                Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                None => diagnostic.with_help(format!(
                    "add a `[queues.{}]` table, or subscribe one of the blueprint's queues",
                    name.get()
                )),
            },
        );
        return None;
    };
    if subscribed.contains(&queue.name.as_str()) {
        cx.push(
            Diagnostic::error(
                name.span(),
                format!("queue `{}` is subscribed to this topic twice", name.get()),
                "second subscription",
            )
            .with_help("a queue receives each message of a topic once: merge the two filters into one subscription"),
        );
    }
    subscribed.push(&queue.name);
    // "Standard topics ... can't deliver to FIFO queues"; a FIFO topic delivers to both kinds.
    // <https://docs.aws.amazon.com/sns/latest/dg/fifo-topic-code-examples.html>
    if queue.fifo && !topic_fifo {
        cx.push(
            Diagnostic::error(
                name.span(),
                format!(
                    "a standard topic cannot deliver to the FIFO queue `{}`",
                    name.get()
                ),
                "FIFO queue",
            )
            .with_help("make the topic FIFO too (`fifo = true`), or subscribe a standard queue"),
        );
    }
    let filter: IndexMap<String, Vec<String>> = raw
        .filter
        .iter()
        .flat_map(|filter| filter.iter())
        .map(|(key, values)| {
            if values.is_empty() {
                cx.push(
                    Diagnostic::error(
                        values.span(),
                        format!("the filter on `{}` allows no value", key.get()),
                        "empty list",
                    )
                    .with_help("list the values to deliver, or remove the key"),
                );
            }
            let values: Vec<String> = values.iter().map(|v| v.get().clone()).collect();
            (key.get().clone(), values)
        })
        .collect();
    if let Some(written) = &raw.filter {
        check_filter_limits(written, &filter, cx);
    }
    if let (Some(scope), None) = (&raw.filter_scope, &raw.filter) {
        cx.push(
            Diagnostic::warning(
                scope.span(),
                "`filter_scope` without a `filter` does nothing",
                "no filter",
            )
            .with_help("add a `filter`, or remove `filter_scope`"),
        );
    }
    Some(Subscription {
        queue: queue.name.clone(),
        filter,
        filter_scope: or(raw.filter_scope.as_ref(), FilterScope::Attributes),
        raw: or(raw.raw.as_ref(), true),
    })
}

fn check_filter_limits(
    written: &FilterRaw,
    filter: &IndexMap<String, Vec<String>>,
    cx: &mut Context<'_>,
) {
    if filter.len() > MAX_FILTER_KEYS {
        cx.push(
            Diagnostic::error(
                written.span(),
                format!(
                    "the filter has {}; SNS allows {MAX_FILTER_KEYS}",
                    plural(filter.len(), "key")
                ),
                "too many keys",
            )
            .with_help("filter on fewer attributes, or filter further in the consumer"),
        );
    }
    let combinations = filter
        .values()
        .map(Vec::len)
        .fold(1usize, usize::saturating_mul);
    if combinations > MAX_FILTER_COMBINATIONS {
        cx.push(
            Diagnostic::error(
                written.span(),
                format!(
                    "the filter allows {combinations} combinations of values; SNS allows {MAX_FILTER_COMBINATIONS}"
                ),
                "too complex",
            )
            .with_help("SNS multiplies the lengths of the value lists: list fewer values"),
        );
    }
}

fn check_fifo_only(dedup: Option<&Sp<bool>>, fifo: bool, what: &str, cx: &mut Context<'_>) {
    if let (Some(dedup), false) = (dedup, fifo)
        && *dedup.get()
    {
        cx.push(
            Diagnostic::error(
                dedup.span(),
                format!("content-based deduplication needs a FIFO {what}"),
                "standard",
            )
            .with_help(format!(
                "add `fifo = true`, or remove `content_based_deduplication` (a standard {what} does not deduplicate)"
            )),
        );
    }
}

fn check_queue_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    check_name(name, "queue", MAX_COMPONENT_NAME, diagnostics);
}

fn check_topic_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    check_name(name, "topic", MAX_COMPONENT_NAME, diagnostics);
}
