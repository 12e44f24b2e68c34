use serde::Serialize;

/// A served domain.
#[derive(Clone, Debug, Serialize)]
pub struct Dns {
    /// The domain.
    pub domain: String,
    /// The Route 53 zone id.
    pub zone_id: String,
    /// Extra certificate names.
    pub alternative_names: Vec<String>,
}

/// Logs, alarms and notifications.
#[derive(Clone, Debug, Serialize)]
pub struct Observability {
    /// Log retention, days.
    pub log_retention_days: u32,
    /// KMS-encrypted log groups.
    pub log_kms: bool,
    /// Notification addresses.
    pub emails: Vec<String>,
    /// Whether a dashboard is created.
    pub dashboard: bool,
    /// Alarm settings (thresholds are resolved even when alarms are off).
    pub alarms: Alarms,
    /// Where traces go, if anywhere.
    pub tracing: Option<super::Tracing>,
}

/// Alarm thresholds.
#[derive(Clone, Debug, Serialize)]
#[allow(missing_docs)]
pub struct Alarms {
    pub enabled: bool,
    pub cpu_percent: u8,
    pub memory_percent: u8,
    pub http_5xx_count: u32,
    pub target_5xx_count: u32,
    pub latency_p95_ms: u32,
    pub latency_p99_ms: u32,
    pub db_cpu_percent: u8,
    pub db_free_storage_gb: u32,
    pub db_connections: u32,
    pub db_replica_lag_ms: u32,
    pub cache_cpu_percent: u8,
    pub cache_memory_percent: u8,
    pub cache_evictions: u32,
    pub period_seconds: u32,
    pub evaluation_periods: u32,
}

/// A monthly budget.
#[derive(Clone, Debug, Serialize)]
pub struct Budget {
    /// Limit, USD.
    pub monthly_limit_usd: f64,
    /// Actual-spend thresholds, percent.
    pub actual_thresholds: Vec<f64>,
    /// Forecast-spend thresholds, percent.
    pub forecast_thresholds: Vec<f64>,
    /// Alert addresses.
    pub emails: Vec<String>,
}

/// Terraform's S3 backend for one environment.
#[derive(Clone, Debug, Serialize)]
pub struct State {
    /// Bucket.
    pub bucket: String,
    /// Object key of this environment's state.
    pub key: String,
    /// Bucket region.
    pub region: String,
    /// The AWS account that hosts the bucket, when known: that of the first environment keeping
    /// its state in it (whose account's `bootstrap/` root creates it), when it pins one.
    pub account_id: Option<String>,
}

impl State {
    /// The alias of the KMS key that encrypts the bucket, as the state-bucket module names it:
    /// `alias/<bucket>-state`, dots replaced (aliases may not contain them).
    pub fn kms_key_alias(&self) -> String {
        format!("alias/{}-state", self.bucket.replace('.', "-"))
    }

    /// The state key as the S3 backend's `kms_key_id` and IAM name it: the alias ARN in the
    /// bucket's account and region when the account is known, else the alias name, which KMS
    /// resolves in the caller's account (the bucket's, when no account is pinned).
    pub fn kms_key_id(&self) -> String {
        match &self.account_id {
            Some(account) => format!(
                "arn:aws:kms:{}:{account}:{}",
                self.region,
                self.kms_key_alias()
            ),
            None => self.kms_key_alias(),
        }
    }
}

/// A WAF web ACL.
#[derive(Clone, Debug, Serialize)]
pub struct Waf {
    /// Requests per 5 minutes per IP.
    pub rate_limit: u32,
}
