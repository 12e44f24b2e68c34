use schemars::JsonSchema;
use serde::Deserialize;

use crate::aws::caches::CacheEngine;
use crate::aws::databases::DatabaseEngine;
use crate::span::Sp;

/// The `[database]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseRaw {
    /// `aurora-mysql`, `aurora-postgresql`, `mysql` or `postgres` (required).
    pub engine: Option<Sp<DatabaseEngine>>,
    /// The engine version, one AWS offers (e.g. `"16.6"` for PostgreSQL). Default: the newest
    /// version plinth knows for the engine.
    pub version: Option<Sp<String>>,
    /// The instance class, e.g. `db.t4g.micro`; `db.serverless` for Aurora Serverless v2.
    /// Default `db.t4g.micro` for RDS and `db.t4g.medium` for Aurora.
    pub instance_class: Option<Sp<String>>,
    /// Aurora only: the number of instances (one writer, the rest readers). Default 1, or 2 when
    /// `multi_az`.
    pub instances: Option<Sp<u32>>,
    /// Aurora only: the Serverless v2 capacity range. Implies `instance_class = "db.serverless"`.
    pub serverless: Option<Sp<ServerlessRaw>>,
    /// RDS only: allocated storage in GiB. Default 20.
    pub storage_gb: Option<Sp<u32>>,
    /// RDS only: the storage autoscaling ceiling in GiB. Default: 5 × `storage_gb`.
    pub max_storage_gb: Option<Sp<u32>>,
    /// A standby in a second zone (RDS) or a reader in another zone (Aurora). Default: on in
    /// production-like environments.
    pub multi_az: Option<Sp<bool>>,
    /// Days of automated backups, 1–35. Default 14 in production-like environments, else 1.
    pub backup_retention_days: Option<Sp<u32>>,
    /// Whether the database refuses deletion. Default: on in production-like environments.
    pub deletion_protection: Option<Sp<bool>>,
    /// Whether Performance Insights is on (not available on the smallest burstable classes of
    /// MySQL and Aurora MySQL). Default `false`.
    pub performance_insights: Option<Sp<bool>>,
    /// Enhanced Monitoring interval in seconds: 0 (off), 1, 5, 10, 15, 30 or 60. Default 0.
    pub monitoring_interval: Option<Sp<u32>>,
    /// Whether IAM database authentication is enabled. Default `false`.
    pub iam_auth: Option<Sp<bool>>,
    /// The name of the database created inside the engine. Default: the project name with
    /// hyphens replaced by underscores.
    pub database_name: Option<Sp<String>>,
}

/// Aurora Serverless v2 capacity, in Aurora capacity units (ACUs) of 2 GiB each.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerlessRaw {
    /// Fewest ACUs, 0 to 256 in steps of 0.5 (0 lets the cluster pause, on engine versions with
    /// auto-pause). Default 0.5.
    pub min_capacity: Option<Sp<f64>>,
    /// Most ACUs, 1 to 256 in steps of 0.5 (above 128 only on recent engine versions; required).
    pub max_capacity: Option<Sp<f64>>,
}

/// The `[cache]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheRaw {
    /// `redis` or `valkey`. Default `valkey`.
    pub engine: Option<Sp<CacheEngine>>,
    /// The engine version. Default: the newest plinth knows for the engine.
    pub version: Option<Sp<String>>,
    /// The node type, e.g. `cache.t4g.micro`. Default `cache.t4g.micro`.
    pub node_type: Option<Sp<String>>,
    /// Read replicas per shard, 0–5. Default 1 in production-like environments, else 0.
    pub replicas: Option<Sp<u8>>,
    /// Automatic failover across zones; needs `replicas >= 1`. Default: on when there are replicas.
    pub multi_az: Option<Sp<bool>>,
    /// TLS between clients and the cache (required for the auth token). Default `true`.
    pub transit_encryption: Option<Sp<bool>>,
    /// Encryption at rest. Default `true`.
    pub at_rest_encryption: Option<Sp<bool>>,
    /// Days of automatic snapshots, 0–35. Default 7 in production-like environments, else 0.
    pub snapshot_retention_days: Option<Sp<u32>>,
}

/// A `[buckets.<name>]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketRaw {
    /// The key this bucket had before it was renamed. Its AWS resources keep the names derived from
    /// the old key, and plinth emits `moved` blocks so Terraform state follows the rename; keep it for as long as the bucket exists (see docs/regeneration.md).
    pub renamed_from: Option<Sp<String>>,
    /// Whether the S3 bucket name ends in plinth's uniqueness suffix (the environment's account id,
    /// or a hash of `project.repository` when no account is pinned). Default `true`. Set `false`
    /// only to keep a bucket an earlier plinth named `<project>-<env>-<key>` in an environment
    /// without a pinned account: renaming a bucket would replace it and lose its objects.
    pub unique_suffix: Option<Sp<bool>>,
    /// Whether object versions are kept. Default `true`.
    pub versioning: Option<Sp<bool>>,
    /// Encrypt with a customer-managed KMS key instead of S3-managed keys (AES256). Default `false`.
    pub kms: Option<Sp<bool>>,
    /// Lifecycle rules.
    pub lifecycle: Option<Sp<Vec<Sp<LifecycleRuleRaw>>>>,
}

/// One `[[buckets.<name>.lifecycle]]` rule.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LifecycleRuleRaw {
    /// The key prefix the rule applies to; empty for the whole bucket.
    pub prefix: Option<Sp<String>>,
    /// Move objects to S3 Standard-IA after this many days (at least 30).
    pub transition_to_ia_days: Option<Sp<u32>>,
    /// Move objects to S3 Glacier Flexible Retrieval after this many days.
    pub transition_to_glacier_days: Option<Sp<u32>>,
    /// Delete objects after this many days.
    pub expire_days: Option<Sp<u32>>,
    /// Delete non-current versions after this many days.
    pub noncurrent_expire_days: Option<Sp<u32>>,
}

/// A `[secrets.<name>]` table: a Secrets Manager entry whose value you set outside plinth.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretRaw {
    /// The key this secret had before it was renamed. Its AWS resources keep the names derived from
    /// the old key (so its value survives); keep it for as long as the secret exists (see docs/regeneration.md).
    pub renamed_from: Option<Sp<String>>,
    /// What the secret holds; becomes the secret's description.
    pub description: Option<Sp<String>>,
}

/// The `[kafka]` table (Amazon MSK).
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KafkaRaw {
    /// The Kafka version, one MSK creates clusters with: `"3.6.0"`, `"3.7.x"`, `"3.8.x"`,
    /// `"3.9.x"`, or a KRaft version such as `"3.9.x.kraft"` or `"4.0.x.kraft"`. Default `"3.8.x"`.
    pub version: Option<Sp<String>>,
    /// The broker instance type, a Standard broker size: `kafka.t3.small`, `kafka.m5.<size>` or
    /// `kafka.m7g.<size>`. Default `kafka.t3.small`.
    pub instance_type: Option<Sp<String>>,
    /// Brokers per availability zone. Default 1.
    pub brokers_per_az: Option<Sp<u32>>,
    /// EBS storage per broker in GiB, 1–16384. Default 100.
    pub storage_gb: Option<Sp<u32>>,
}
