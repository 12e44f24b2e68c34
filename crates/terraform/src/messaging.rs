//! SQS queues and SNS topics: their modules, and what a service that uses them is given (IAM
//! policy documents and, through `Service::variables`, their URLs and ARNs). The same on ECS and
//! EKS.

use hcl::Expression;
use plinth_blueprint::model::{Environment, Queue, Service, Topic};
use plinth_blueprint::raw::FilterScope;

use crate::hcl::{Block, expr, module_label, object, string};
use crate::modules::Module;

/// `queue_<name>`: the module label of a queue.
pub fn queue_module(queue: &str) -> String {
    module_label("queue", queue)
}

/// `topic_<name>`: the module label of a topic.
pub fn topic_module(topic: &str) -> String {
    module_label("topic", topic)
}

/// The SQS name of `queue` as AWS knows it, with the suffix a FIFO queue's name carries.
pub fn queue_aws_name(queue: &Queue) -> String {
    if queue.fifo {
        format!("{}.fifo", queue.queue_name)
    } else {
        queue.queue_name.clone()
    }
}

/// The queue and topic modules of `env`, adding the modules they use to `modules`.
pub(crate) fn modules(env: &Environment, modules: &mut Vec<Module>) -> Vec<Block> {
    if !env.queues.is_empty() {
        modules.push(Module::SqsQueue);
    }
    if !env.topics.is_empty() {
        modules.push(Module::SnsTopic);
    }
    let queues = env.queues.iter().map(|q| queue(env, q));
    queues
        .chain(env.topics.iter().map(|t| topic(env, t)))
        .collect()
}

/// `module "queue_<name>"`.
pub fn queue(env: &Environment, queue: &Queue) -> Block {
    // The topics that deliver to this queue, in blueprint order: the queue policy lets each send.
    let publishers: Vec<&Topic> = env
        .topics
        .iter()
        .filter(|topic| topic.subscriptions.iter().any(|s| s.queue == queue.name))
        .collect();
    let mut block = Block::new("module", [queue_module(&queue.name).as_str()])
        .attr("source", string(&Module::SqsQueue.source_for(env)))
        .blank()
        .attr("name", string(&queue.queue_name))
        .attr("fifo", queue.fifo);
    if queue.fifo {
        block = block.attr(
            "content_based_deduplication",
            queue.content_based_deduplication,
        );
    }
    block = block
        .attr(
            "visibility_timeout_seconds",
            queue.visibility_timeout_seconds,
        )
        .attr(
            "message_retention_seconds",
            queue.retention_days * 24 * 60 * 60,
        )
        .attr("delay_seconds", queue.delay_seconds)
        .blank()
        .attr("dead_letter_enabled", queue.max_receives.is_some())
        .attr_opt("max_receive_count", queue.max_receives);
    if !publishers.is_empty() {
        block = block.blank().attr(
            "publisher_topic_arns",
            Expression::Array(
                publishers
                    .iter()
                    .map(|topic| expr(&format!("module.{}.topic_arn", topic_module(&topic.name))))
                    .collect(),
            ),
        );
    }
    if !env.observability.alarms.enabled {
        return block.blank().attr("alarms_enabled", false);
    }
    block
        .blank()
        .attr("alarm_topic_arn", expr("module.monitoring.sns_topic_arn"))
        .attr("depth_alarm_threshold", queue.depth_alarm_threshold)
        .attr("age_alarm_seconds", queue.age_alarm_seconds)
}

/// `module "topic_<name>"`.
pub fn topic(env: &Environment, topic: &Topic) -> Block {
    let subscriptions = topic.subscriptions.iter().map(|subscription| {
        let mut entry = vec![
            (
                "queue_arn",
                expr(&format!(
                    "module.{}.queue_arn",
                    queue_module(&subscription.queue)
                )),
            ),
            ("raw_message_delivery", Expression::from(subscription.raw)),
        ];
        if let Some(policy) = subscription.filter_policy() {
            entry.push(("filter_policy", string(&policy)));
            if subscription.filter_scope == FilterScope::Body {
                entry.push(("filter_policy_scope", string("MessageBody")));
            }
        }
        // Keyed by the queue's identity, so renaming the queue keeps its subscription.
        let key = env
            .queue(&subscription.queue)
            .map_or(subscription.queue.as_str(), Queue::identity);
        (key.to_owned(), object(entry))
    });
    let mut block = Block::new("module", [topic_module(&topic.name).as_str()])
        .attr("source", string(&Module::SnsTopic.source_for(env)))
        .blank()
        .attr("name", string(&topic.topic_name))
        .attr("fifo", topic.fifo);
    if topic.fifo {
        block = block.attr(
            "content_based_deduplication",
            topic.content_based_deduplication,
        );
    }
    if !topic.subscriptions.is_empty() {
        block = block.blank().attr("subscriptions", object(subscriptions));
    }
    block
}

/// The IAM policy documents of what `service` consumes and publishes to.
pub(crate) fn policy_documents(env: &Environment, service: &Service) -> Vec<Expression> {
    let consumed = service.consumes.iter().map(|queue| {
        expr(&format!(
            "module.{}.consumer_policy_json",
            queue_module(queue)
        ))
    });
    let published = service.publishes.iter().map(|name| {
        if env.topic(name).is_some() {
            expr(&format!(
                "module.{}.publisher_policy_json",
                topic_module(name)
            ))
        } else {
            expr(&format!(
                "module.{}.producer_policy_json",
                queue_module(name)
            ))
        }
    });
    consumed.chain(published).collect()
}

/// The SQS names of the queues `service` consumes, known when generating (so the autoscaling
/// policy's metrics are too).
pub(crate) fn consumed_queue_names(env: &Environment, service: &Service) -> Vec<String> {
    service
        .consumes
        .iter()
        .filter_map(|name| env.queue(name))
        .map(queue_aws_name)
        .collect()
}

/// The Terraform value of a queue's URL.
pub(crate) fn queue_url(queue: &str) -> Expression {
    expr(&format!("module.{}.queue_url", queue_module(queue)))
}

/// The Terraform value of a topic's ARN.
pub(crate) fn topic_arn(topic: &str) -> Expression {
    expr(&format!("module.{}.topic_arn", topic_module(topic)))
}

/// `moved` pairs (old label, new label) for renamed queues and topics.
pub(crate) fn renamed_modules(env: &Environment) -> Vec<(String, String)> {
    let queues = env.queues.iter().filter_map(|q| {
        let old = q.renamed_from.as_deref()?;
        Some((queue_module(old), queue_module(&q.name)))
    });
    let topics = env.topics.iter().filter_map(|t| {
        let old = t.renamed_from.as_deref()?;
        Some((topic_module(old), topic_module(&t.name)))
    });
    queues.chain(topics).collect()
}
