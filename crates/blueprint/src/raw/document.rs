use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::operations::BudgetRaw;
use super::{
    BucketRaw, CacheRaw, CiRaw, ComputeRaw, DatabaseRaw, DnsRaw, KafkaRaw, NetworkRaw,
    ObservabilityRaw, ProjectRaw, QueueRaw, SecretRaw, ServiceRaw, StateRaw, TopicRaw, WafRaw,
};
use crate::span::Sp;

/// A plinth blueprint: one application, all of its environments.
///
/// Only the schema is derived from this type; the loader reads the project,
/// the environment settings and the merged sections separately so that every
/// value keeps its position in the file.
#[derive(JsonSchema)]
#[schemars(title = "plinth blueprint", deny_unknown_fields)]
pub struct Document {
    /// The application: its name, home region, owners, repository and environments.
    pub project: ProjectRaw,
    /// Per-environment settings and overlays, keyed by environment name. An overlay deep-merges
    /// into the base blueprint: tables merge key by key, lists and values replace.
    #[serde(default)]
    pub env: IndexMap<String, EnvironmentOverlay>,
    /// The settings an environment can override.
    #[serde(flatten)]
    pub sections: Sections,
    /// Settings of the generated GitHub Actions workflows, which every environment shares: they
    /// cannot be overridden in `[env.<name>]`.
    pub ci: Option<CiRaw>,
}

/// An `[env.<name>]` table: the environment's own settings plus overlays of any section.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EnvironmentOverlay {
    /// Settings that belong to the environment itself.
    #[serde(flatten)]
    pub settings: EnvironmentRaw,
    /// Overrides of the base blueprint for this environment.
    #[serde(flatten)]
    pub sections: Sections,
}

/// The environment's own settings (the keys of `[env.<name>]` that are not sections).
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentRaw {
    /// Whether this environment is production-like: deletion protection, final snapshots, longer
    /// backups and log retention, Multi-AZ and per-AZ NAT by default, and deploys that wait for
    /// approval. Defaults to `true` for environments named `prod` or `production`.
    pub production: Option<Sp<bool>>,
    /// The 12-digit AWS account this environment lives in (multi-account setups).
    pub account_id: Option<Sp<String>>,
    /// An IAM role the Terraform provider assumes for this environment, e.g.
    /// `arn:aws:iam::123456789012:role/terraform`.
    pub assume_role_arn: Option<Sp<String>>,
    /// The AWS region of this environment; defaults to `project.region`.
    pub region: Option<Sp<String>>,
    /// Whether deploys to this environment wait for a reviewer's approval (a GitHub environment
    /// with required reviewers). Defaults to `production`.
    pub approval: Option<Sp<bool>>,
    /// The name this environment had before it was renamed. Its AWS resource names and its
    /// Terraform state key stay those of the old name, so the rename changes no infrastructure;
    /// keep it for as long as the environment exists (see docs/regeneration.md).
    pub renamed_from: Option<Sp<String>>,
}

/// Every section of a blueprint that an environment overlay may change.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// The VPC: address range, availability zones, NAT, flow logs and VPC endpoints.
    pub network: Option<Sp<NetworkRaw>>,
    /// Where containers run: ECS on Fargate (default) or EKS with managed node groups.
    pub compute: Option<Sp<ComputeRaw>>,
    /// The application's services, keyed by name (DNS-safe; it becomes part of AWS names).
    pub services: Option<IndexMap<Sp<String>, Sp<ServiceRaw>>>,
    /// A relational database: Aurora (MySQL or PostgreSQL) or RDS (MySQL or PostgreSQL).
    pub database: Option<Sp<DatabaseRaw>>,
    /// A Redis or Valkey cache (ElastiCache replication group).
    pub cache: Option<Sp<CacheRaw>>,
    /// S3 buckets for the application, keyed by name.
    pub buckets: Option<IndexMap<Sp<String>, Sp<BucketRaw>>>,
    /// SQS queues for work between services, keyed by name: encrypted, with a dead-letter queue
    /// and alarms on backlog and age.
    pub queues: Option<IndexMap<Sp<String>, Sp<QueueRaw>>>,
    /// SNS topics that fan messages out to queues, keyed by name (unique across queues and
    /// topics, since services name both in `publishes`).
    pub topics: Option<IndexMap<Sp<String>, Sp<TopicRaw>>>,
    /// Secrets Manager entries the application reads, keyed by name. plinth creates each secret
    /// empty; you set its value outside Terraform, so no secret value is ever in the output.
    pub secrets: Option<IndexMap<Sp<String>, Sp<SecretRaw>>>,
    /// A domain served over HTTPS: Route 53 zone, ACM certificate and alias records.
    pub dns: Option<Sp<DnsRaw>>,
    /// Logs, alarms, the dashboard and who gets notified.
    pub observability: Option<Sp<ObservabilityRaw>>,
    /// A monthly AWS Budget with alerts.
    pub budget: Option<Sp<BudgetRaw>>,
    /// Where Terraform keeps its state.
    pub state: Option<Sp<StateRaw>>,
    /// An AWS WAF web ACL in front of the load balancer.
    pub waf: Option<Sp<WafRaw>>,
    /// An Amazon MSK (Kafka) cluster for event-driven services.
    pub kafka: Option<Sp<KafkaRaw>>,
    /// `[ci]`, read with the sections but left out of their schema: [`Document`] declares it for
    /// the base blueprint only, so the schema check rejects it in an `[env.<name>]` table.
    #[schemars(skip)]
    pub ci: Option<Sp<CiRaw>>,
}
