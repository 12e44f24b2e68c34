use indexmap::IndexMap;
use serde::Serialize;

use crate::raw::FilterScope;

/// An SQS queue of one environment.
#[derive(Clone, Debug, Serialize)]
pub struct Queue {
    /// The queue's blueprint name.
    pub name: String,
    /// The key it had before a rename (`renamed_from`); AWS names derive from it when set.
    pub renamed_from: Option<String>,
    /// The SQS queue name, without the `.fifo` suffix a FIFO queue's name also carries.
    pub queue_name: String,
    /// A FIFO queue.
    pub fifo: bool,
    /// FIFO content-based deduplication.
    pub content_based_deduplication: bool,
    /// Visibility timeout, seconds.
    pub visibility_timeout_seconds: u32,
    /// Message retention, days.
    pub retention_days: u32,
    /// Delivery delay, seconds.
    pub delay_seconds: u32,
    /// Receives before a message moves to the dead-letter queue; `None`: no dead-letter queue.
    pub max_receives: Option<u32>,
    /// Visible messages above which the backlog alarm fires.
    pub depth_alarm_threshold: u32,
    /// Age of the oldest message, seconds, above which the age alarm fires.
    pub age_alarm_seconds: u32,
}

impl Queue {
    /// The name its AWS resources are named after and its Terraform addresses use.
    pub fn identity(&self) -> &str {
        self.renamed_from.as_deref().unwrap_or(&self.name)
    }

    /// The environment variable holding the queue's URL in the services that use it.
    pub fn url_variable(&self) -> String {
        format!("QUEUE_{}_URL", screaming(&self.name))
    }
}

/// An SNS topic of one environment.
#[derive(Clone, Debug, Serialize)]
pub struct Topic {
    /// The topic's blueprint name.
    pub name: String,
    /// The key it had before a rename (`renamed_from`); AWS names derive from it when set.
    pub renamed_from: Option<String>,
    /// The SNS topic name, without the `.fifo` suffix a FIFO topic's name also carries.
    pub topic_name: String,
    /// A FIFO topic.
    pub fifo: bool,
    /// FIFO content-based deduplication.
    pub content_based_deduplication: bool,
    /// The queues it delivers to.
    pub subscriptions: Vec<Subscription>,
}

impl Topic {
    /// The name its AWS resources are named after and its Terraform addresses use.
    pub fn identity(&self) -> &str {
        self.renamed_from.as_deref().unwrap_or(&self.name)
    }

    /// The environment variable holding the topic's ARN in the services that publish to it.
    pub fn arn_variable(&self) -> String {
        format!("TOPIC_{}_ARN", screaming(&self.name))
    }
}

/// A queue subscribed to a topic.
#[derive(Clone, Debug, Serialize)]
pub struct Subscription {
    /// The subscribed queue's blueprint name.
    pub queue: String,
    /// Allowed values per attribute (or body key); empty: every message.
    pub filter: IndexMap<String, Vec<String>>,
    /// What the filter matches.
    pub filter_scope: FilterScope,
    /// Raw message delivery (no SNS envelope).
    pub raw: bool,
}

impl Subscription {
    /// The SNS filter policy, as compact JSON with keys in blueprint order; `None` without a
    /// filter.
    pub fn filter_policy(&self) -> Option<String> {
        (!self.filter.is_empty())
            .then(|| serde_json::to_string(&self.filter).expect("a map of strings serialises"))
    }
}

/// `order-events` → `ORDER_EVENTS`.
fn screaming(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}
