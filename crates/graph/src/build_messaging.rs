//! Queues and topics: who publishes to them, which queues a topic delivers to, and who consumes
//! each queue.

use std::collections::BTreeMap;

use crate::graph::{Line, Shape};

use super::Builder;

impl Builder<'_> {
    pub(super) fn messaging(&mut self) {
        let env = self.env;
        let aws = self.aws.clone();
        let mut nodes: BTreeMap<&str, String> = BTreeMap::new();
        for queue in &env.queues {
            let mut traits = vec![if queue.fifo { "FIFO" } else { "standard" }, "SSE-SQS"];
            let dead_letter;
            if let Some(receives) = queue.max_receives {
                dead_letter = format!("dead-letter queue after {receives} receives");
                traits.push(&dead_letter);
            }
            let label = vec![
                format!("SQS queue {}", queue.name),
                queue.queue_name.clone(),
                traits.join(", "),
            ];
            let id = self.graph.add_node(
                &format!("queue_{}", queue.name),
                label,
                Shape::Cylinder,
                Some(&aws),
            );
            nodes.insert(&queue.name, id);
        }
        for topic in &env.topics {
            let label = vec![
                format!("SNS topic {}", topic.name),
                topic.topic_name.clone(),
                if topic.fifo { "FIFO" } else { "standard" }.to_owned(),
            ];
            let id = self.graph.add_node(
                &format!("topic_{}", topic.name),
                label,
                Shape::Stadium,
                Some(&aws),
            );
            for subscription in &topic.subscriptions {
                if let Some(queue) = nodes.get(subscription.queue.as_str()) {
                    let label = match subscription.filter_policy() {
                        Some(_) => subscription
                            .filter
                            .iter()
                            .map(|(key, values)| format!("{key}: {}", values.join(", ")))
                            .collect(),
                        None => vec!["every message".to_owned()],
                    };
                    self.graph.add_edge(&id, queue, label, Line::Solid);
                }
            }
            nodes.insert(&topic.name, id);
        }
        for (service, id) in env.services.iter().zip(&self.services) {
            for name in &service.publishes {
                if let Some(target) = nodes.get(name.as_str()) {
                    self.graph
                        .add_edge(id, target, vec!["publishes".to_owned()], Line::Solid);
                }
            }
            for name in &service.consumes {
                if let Some(queue) = nodes.get(name.as_str()) {
                    self.graph
                        .add_edge(queue, id, vec!["consumes".to_owned()], Line::Solid);
                }
            }
        }
    }
}
