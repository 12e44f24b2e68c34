use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Sp;

/// A `[queues.<name>]` table: an encrypted SQS queue with a dead-letter queue and alarms.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueRaw {
    /// The key this queue had before it was renamed. Its AWS resources keep the names derived
    /// from the old key (a queue holds messages, so replacing it would lose them); keep it for as
    /// long as the queue exists (see docs/regeneration.md).
    pub renamed_from: Option<Sp<String>>,
    /// A FIFO queue: exactly-once processing, in order per message group. Default `false`.
    /// Changing it replaces the queue, which plinth refuses for a queue that exists.
    pub fifo: Option<Sp<bool>>,
    /// FIFO only: deduplicate by a hash of the message body instead of an explicit
    /// deduplication id. Default `false`.
    pub content_based_deduplication: Option<Sp<bool>>,
    /// How long a received message stays hidden from other consumers, 0–43200 seconds (12
    /// hours). Set it above the longest time a consumer takes on one message. Default 30.
    #[schemars(range(max = 43200))]
    pub visibility_timeout_seconds: Option<Sp<u32>>,
    /// How long an unprocessed message is kept, 1–14 days. Default 4.
    #[schemars(range(min = 1, max = 14))]
    pub retention_days: Option<Sp<u32>>,
    /// How long a new message stays invisible before its first delivery, 0–900 seconds.
    /// Default 0.
    #[schemars(range(max = 900))]
    pub delay_seconds: Option<Sp<u32>>,
    /// Whether messages that keep failing move to a dead-letter queue (`<queue>-dlq`, kept 14
    /// days, alarmed when it holds any message). Default `true`.
    pub dead_letter: Option<Sp<bool>>,
    /// How many times a message is received before it moves to the dead-letter queue, 1–1000.
    /// Default 5.
    #[schemars(range(min = 1, max = 1000))]
    pub max_receives: Option<Sp<u32>>,
    /// The alarm on backlog: more visible messages than this for 15 minutes. Default 1000.
    #[schemars(range(min = 1))]
    pub depth_alarm_threshold: Option<Sp<u32>>,
    /// The alarm on age: the oldest message older than this many seconds, 60–1209600.
    /// Default 900 (15 minutes).
    #[schemars(range(min = 60, max = 1_209_600))]
    pub age_alarm_seconds: Option<Sp<u32>>,
}

/// A `[topics.<name>]` table: an encrypted SNS topic fanning messages out to queues.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicRaw {
    /// The key this topic had before it was renamed. Its AWS resources keep the names derived
    /// from the old key; keep it for as long as the topic exists (see docs/regeneration.md).
    pub renamed_from: Option<Sp<String>>,
    /// A FIFO topic: ordered, deduplicated delivery to its queues. Default `false`. A standard
    /// topic cannot deliver to a FIFO queue.
    pub fifo: Option<Sp<bool>>,
    /// FIFO only: deduplicate by a hash of the message body. Default `false`.
    pub content_based_deduplication: Option<Sp<bool>>,
    /// The queues that receive this topic's messages, each at most once.
    pub subscriptions: Option<Sp<Vec<Sp<SubscriptionRaw>>>>,
}

/// One `[[topics.<name>.subscriptions]]` entry: a queue that receives the topic's messages.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["queue"]))]
pub struct SubscriptionRaw {
    /// The `[queues.<name>]` that receives the messages (required).
    pub queue: Option<Sp<String>>,
    /// Deliver only messages whose attribute (or, with `filter_scope = "body"`, top-level body
    /// key) equals one of the listed values, e.g. `{ event = ["order.placed", "order.paid"] }`.
    /// At most five keys, and at most 150 combinations of values (SNS limits). Default: every
    /// message.
    pub filter: Option<FilterRaw>,
    /// What `filter` matches: message `attributes` (default) or the JSON message `body`.
    pub filter_scope: Option<Sp<FilterScope>>,
    /// Deliver the message as published, without SNS's JSON envelope. Default `true`.
    pub raw: Option<Sp<bool>>,
}

/// A subscription filter as written: each attribute (or body key) with the values it accepts.
pub type FilterRaw = Sp<IndexMap<Sp<String>, Sp<Vec<Sp<String>>>>>;

/// What a subscription's filter matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FilterScope {
    /// The message's attributes.
    Attributes,
    /// The keys of the message's JSON body.
    Body,
}
