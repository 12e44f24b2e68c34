use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Sp;

/// The `[dns]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsRaw {
    /// The domain the application is served at, e.g. `shop.example.com` (usually different per
    /// environment).
    pub domain: Option<Sp<String>>,
    /// The id of the Route 53 hosted zone that holds `domain`, e.g. `Z0123456789ABCDEFGHIJ`. The
    /// zone must be in the environment's account: environments in different accounts need zones
    /// of their own.
    pub zone_id: Option<Sp<String>>,
    /// Extra names on the certificate, e.g. `["www.shop.example.com"]`.
    pub alternative_names: Option<Sp<Vec<Sp<String>>>>,
}

/// The `[observability]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservabilityRaw {
    /// Days CloudWatch keeps logs; one of the values CloudWatch accepts (1, 3, 5, 7, 14, 30, 60,
    /// 90, …). Default 90 in production-like environments, else 14.
    pub log_retention_days: Option<Sp<u32>>,
    /// Encrypt log groups with a customer-managed KMS key. Default `false`.
    pub log_kms: Option<Sp<bool>>,
    /// Addresses subscribed to the alarm topic.
    pub emails: Option<Sp<Vec<Sp<String>>>>,
    /// Whether to create a CloudWatch dashboard. Default `true`.
    pub dashboard: Option<Sp<bool>>,
    /// Alarm thresholds.
    pub alarms: Option<Sp<AlarmsRaw>>,
    /// Distributed tracing: `xray` runs an AWS Distro for OpenTelemetry collector beside every
    /// service and job, which forwards the traces the application sends to `localhost` (OTLP on
    /// 4317/4318, the X-Ray daemon protocol on UDP 2000) to AWS X-Ray, and gives the tasks or pods
    /// the permission to. Default `none`.
    pub tracing: Option<Sp<TracingRaw>>,
}

/// Where traces go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TracingRaw {
    /// No tracing.
    None,
    /// AWS X-Ray, through an OpenTelemetry collector sidecar.
    Xray,
}

/// `[observability.alarms]`: thresholds for the CloudWatch alarms.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmsRaw {
    /// Whether alarms are created at all. Default `true`.
    pub enabled: Option<Sp<bool>>,
    /// Service CPU utilisation, percent. Default 80.
    pub cpu_percent: Option<Sp<u8>>,
    /// Service memory utilisation, percent. Default 80.
    pub memory_percent: Option<Sp<u8>>,
    /// Load balancer 5xx responses per period. Default 10.
    pub http_5xx_count: Option<Sp<u32>>,
    /// Target (service) 5xx responses per period. Default 10.
    pub target_5xx_count: Option<Sp<u32>>,
    /// p95 target response time, milliseconds. Default 1000.
    pub latency_p95_ms: Option<Sp<u32>>,
    /// p99 target response time, milliseconds. Default 3000.
    pub latency_p99_ms: Option<Sp<u32>>,
    /// Database CPU utilisation, percent. Default 80.
    pub db_cpu_percent: Option<Sp<u8>>,
    /// Database free storage, GiB (RDS only). Default 5.
    pub db_free_storage_gb: Option<Sp<u32>>,
    /// Database connections. Default 100.
    pub db_connections: Option<Sp<u32>>,
    /// Aurora replica lag, milliseconds. Default 1000.
    pub db_replica_lag_ms: Option<Sp<u32>>,
    /// Cache engine CPU utilisation, percent. Default 80.
    pub cache_cpu_percent: Option<Sp<u8>>,
    /// Cache memory usage, percent. Default 80.
    pub cache_memory_percent: Option<Sp<u8>>,
    /// Cache evictions per period. Default 100.
    pub cache_evictions: Option<Sp<u32>>,
    /// Alarm period in seconds: 10, 30 or a multiple of 60. Default 300.
    pub period_seconds: Option<Sp<u32>>,
    /// Periods a threshold must be breached before alarming; `period_seconds ×
    /// evaluation_periods` is at most 86400 (one day). Default 2.
    pub evaluation_periods: Option<Sp<u32>>,
}

/// The `[budget]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetRaw {
    /// The monthly cost limit in US dollars (required; an environment may set its own).
    pub monthly_limit_usd: Option<Sp<f64>>,
    /// Alert when actual spend passes these percentages of the limit, each in (0, 1000].
    /// Default `[80, 100]`.
    pub actual_thresholds: Option<Sp<Vec<Sp<f64>>>>,
    /// Alert when forecast spend passes these percentages of the limit. Default `[100]`.
    pub forecast_thresholds: Option<Sp<Vec<Sp<f64>>>>,
    /// Addresses that get budget alerts. Default: `observability.emails`.
    pub emails: Option<Sp<Vec<Sp<String>>>>,
}

/// The `[state]` table: Terraform's S3 backend.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateRaw {
    /// The state bucket. Default `<project>-tfstate-<account_id>` when the environment names its
    /// account, else `<project>-tfstate-<hash>` with 8 hex digits derived from
    /// `project.repository` (S3 names are global), else `<project>-tfstate`.
    pub bucket: Option<Sp<String>>,
    /// The key prefix; each environment's state is at `<prefix>/<env>/terraform.tfstate`.
    /// Default: the project name.
    pub key_prefix: Option<Sp<String>>,
    /// The bucket's region. Default: the project's region, where the `bootstrap/` roots create
    /// the bucket, whatever region the environment runs in.
    pub region: Option<Sp<String>>,
}

/// The `[waf]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WafRaw {
    /// Whether the web ACL is created. Default `true` when the table is present.
    pub enabled: Option<Sp<bool>>,
    /// Requests per 5 minutes from one IP before it is blocked, 100–2,000,000,000. Default 2000.
    pub rate_limit: Option<Sp<u32>>,
}
