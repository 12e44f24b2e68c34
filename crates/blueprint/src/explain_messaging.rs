//! `plinth explain` for `[queues.<name>]` and `[topics.<name>]`.

use toml::{Table, Value};

use super::{Out, table, value};
use crate::model::Environment;

pub(super) fn messaging(out: &mut Out, environment: &Environment, sections: Option<&Table>) {
    let queues = table(sections, "queues");
    for queue in &environment.queues {
        let mut s = out.section(&["queues", &queue.name], table(queues, &queue.name), false);
        s.opt("renamed_from", queue.renamed_from.as_ref());
        s.put("fifo", &Value::Boolean(queue.fifo));
        if queue.fifo {
            s.put(
                "content_based_deduplication",
                &Value::Boolean(queue.content_based_deduplication),
            );
        }
        s.put(
            "visibility_timeout_seconds",
            &value(&queue.visibility_timeout_seconds),
        );
        s.put("retention_days", &value(&queue.retention_days));
        s.put("delay_seconds", &value(&queue.delay_seconds));
        s.put("dead_letter", &Value::Boolean(queue.max_receives.is_some()));
        s.opt("max_receives", queue.max_receives.as_ref());
        s.put(
            "depth_alarm_threshold",
            &value(&queue.depth_alarm_threshold),
        );
        s.put("age_alarm_seconds", &value(&queue.age_alarm_seconds));
    }
    let topics = table(sections, "topics");
    for topic in &environment.topics {
        let user = table(topics, &topic.name);
        let mut s = out.section(&["topics", &topic.name], user, false);
        s.opt("renamed_from", topic.renamed_from.as_ref());
        s.put("fifo", &Value::Boolean(topic.fifo));
        if topic.fifo {
            s.put(
                "content_based_deduplication",
                &Value::Boolean(topic.content_based_deduplication),
            );
        }
        let written = user
            .and_then(|t| t.get("subscriptions"))
            .and_then(Value::as_array);
        for (index, subscription) in topic.subscriptions.iter().enumerate() {
            let user = written.and_then(|w| w.get(index)).and_then(Value::as_table);
            let mut s = out.section(&["topics", &topic.name, "subscriptions"], user, true);
            s.put("queue", &value(&subscription.queue));
            s.list("filter", &value(&subscription.filter));
            s.put("filter_scope", &value(&subscription.filter_scope));
            s.put("raw", &Value::Boolean(subscription.raw));
        }
    }
}
