//! The blueprint exactly as written: every field optional and spanned.
//!
//! The same section types describe the base blueprint and each `[env.<name>]`
//! overlay, so an overlay can change any setting. Defaults and validation are
//! applied later, per environment, by [`crate::resolve`].

mod ci;
mod compute;
mod data;
mod document;
mod messaging;
mod network;
mod operations;
mod project;
mod service;
mod sidecar;

pub use ci::{ActionPinRaw, CiRaw, PINNED_ACTIONS};
pub use compute::{ComputePlatform, ComputeRaw, NodeCapacity, NodeGroupRaw, TaintEffect, TaintRaw};
pub use data::{
    BucketRaw, CacheRaw, DatabaseRaw, KafkaRaw, LifecycleRuleRaw, SecretRaw, ServerlessRaw,
};
pub use document::{Document, EnvironmentOverlay, EnvironmentRaw, Sections};
pub use messaging::{FilterRaw, FilterScope, QueueRaw, SubscriptionRaw, TopicRaw};
pub use network::{Endpoint, NatMode, NetworkRaw};
pub use operations::{
    AlarmsRaw, BudgetRaw, DnsRaw, ObservabilityRaw, StateRaw, TracingRaw, WafRaw,
};
pub use project::ProjectRaw;
pub use service::{AutoscalingRaw, Concurrency, Language, ServiceKind, ServiceRaw};
pub use sidecar::{ContainerCondition, SidecarRaw};
