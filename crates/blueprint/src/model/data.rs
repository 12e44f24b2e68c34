use serde::Serialize;

use crate::aws::caches::CacheEngine;
use crate::aws::databases::DatabaseEngine;

/// The database of one environment.
#[derive(Clone, Debug, Serialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent database setting"
)]
pub struct Database {
    /// Engine.
    pub engine: DatabaseEngine,
    /// Engine version.
    pub version: String,
    /// Parameter group family for `version`, e.g. `postgres16`.
    pub parameter_group_family: String,
    /// Instance class (`db.serverless` for Serverless v2).
    pub instance_class: String,
    /// Aurora instance count (1 for RDS).
    pub instances: u32,
    /// Aurora Serverless v2 capacity.
    pub serverless: Option<Serverless>,
    /// RDS allocated storage, GiB (`None` for Aurora).
    pub storage_gb: Option<u32>,
    /// RDS storage autoscaling ceiling, GiB (`None` for Aurora).
    pub max_storage_gb: Option<u32>,
    /// Multi-AZ.
    pub multi_az: bool,
    /// Backup retention, days.
    pub backup_retention_days: u32,
    /// Deletion protection.
    pub deletion_protection: bool,
    /// Whether a final snapshot is taken on deletion.
    pub final_snapshot: bool,
    /// Performance Insights.
    pub performance_insights: bool,
    /// Enhanced Monitoring interval, seconds (0 = off).
    pub monitoring_interval: u32,
    /// IAM authentication.
    pub iam_auth: bool,
    /// The database created inside the engine.
    pub database_name: String,
    /// The port the engine listens on.
    pub port: u16,
}

/// Aurora Serverless v2 capacity range.
#[derive(Clone, Debug, Serialize)]
pub struct Serverless {
    /// Fewest ACUs.
    pub min_capacity: f64,
    /// Most ACUs.
    pub max_capacity: f64,
}

/// The cache of one environment.
#[derive(Clone, Debug, Serialize)]
pub struct Cache {
    /// Engine.
    pub engine: CacheEngine,
    /// Engine version.
    pub version: String,
    /// Parameter group family for `version`.
    pub parameter_group_family: String,
    /// Node type.
    pub node_type: String,
    /// Replicas per shard.
    pub replicas: u8,
    /// Multi-AZ with automatic failover.
    pub multi_az: bool,
    /// TLS in transit.
    pub transit_encryption: bool,
    /// Encryption at rest.
    pub at_rest_encryption: bool,
    /// Snapshot retention, days.
    pub snapshot_retention_days: u32,
    /// The port the engine listens on.
    pub port: u16,
}

/// An application bucket.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket {
    /// The blueprint name.
    pub name: String,
    /// The key it had before a rename (`renamed_from`); AWS names derive from it when set.
    pub renamed_from: Option<String>,
    /// The S3 bucket name.
    pub bucket_name: String,
    /// Versioning.
    pub versioning: bool,
    /// Customer-managed KMS key instead of AES256.
    pub kms: bool,
    /// Lifecycle rules.
    pub lifecycle: Vec<LifecycleRule>,
}

impl Bucket {
    /// The name its AWS resources are named after and its Terraform instance keys use: the key
    /// it had before a rename, or its name.
    pub fn identity(&self) -> &str {
        self.renamed_from.as_deref().unwrap_or(&self.name)
    }
}

/// An S3 lifecycle rule.
#[derive(Clone, Debug, Serialize)]
pub struct LifecycleRule {
    /// Key prefix (empty: whole bucket).
    pub prefix: String,
    /// Days to Standard-IA.
    pub transition_to_ia_days: Option<u32>,
    /// Days to Glacier Flexible Retrieval.
    pub transition_to_glacier_days: Option<u32>,
    /// Days to expiry.
    pub expire_days: Option<u32>,
    /// Days to expiry of non-current versions.
    pub noncurrent_expire_days: Option<u32>,
}

/// A Secrets Manager entry plinth creates empty.
#[derive(Clone, Debug, Serialize)]
pub struct Secret {
    /// The blueprint name.
    pub name: String,
    /// The key it had before a rename (`renamed_from`); AWS names derive from it when set.
    pub renamed_from: Option<String>,
    /// The Secrets Manager name.
    pub secret_name: String,
    /// Description.
    pub description: Option<String>,
}

impl Secret {
    /// The name its AWS resources are named after and its Terraform instance keys use: the key
    /// it had before a rename, or its name.
    pub fn identity(&self) -> &str {
        self.renamed_from.as_deref().unwrap_or(&self.name)
    }
}

/// An MSK cluster.
#[derive(Clone, Debug, Serialize)]
pub struct Kafka {
    /// Kafka version.
    pub version: String,
    /// Broker instance type.
    pub instance_type: String,
    /// Brokers per zone.
    pub brokers_per_az: u32,
    /// Total brokers (per zone × zones).
    pub broker_count: u32,
    /// EBS GiB per broker.
    pub storage_gb: u32,
}
