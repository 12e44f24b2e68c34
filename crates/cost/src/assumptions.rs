//! The usage plinth cannot know from a blueprint, as named constants. Every estimate line that
//! rests on one of them records it in words, so the output says what it assumed.

/// Hours in a billing month (AWS's own convention: 365 × 24 / 12).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Data each NAT gateway processes per month, GB.
pub const NAT_GB_PER_GATEWAY: f64 = 50.0;

/// The load balancer's average load, in load balancer capacity units.
pub const ALB_AVERAGE_LCU: f64 = 1.0;

/// Public IPv4 addresses an internet-facing load balancer holds per availability zone.
pub const ALB_PUBLIC_IPS_PER_ZONE: f64 = 1.0;

/// Data each interface VPC endpoint processes per month, GB.
pub const ENDPOINT_GB_PER_ENDPOINT: f64 = 10.0;

/// What Fargate Spot costs less than on-demand Fargate (AWS advertises "up to 70%").
pub const FARGATE_SPOT_DISCOUNT: f64 = 0.70;

/// What EC2 Spot instances cost less than on-demand ones, averaged over a month.
pub const EC2_SPOT_DISCOUNT: f64 = 0.65;

/// Application logs each ECS service sends to CloudWatch per month, GB.
pub const LOG_GB_PER_SERVICE: f64 = 5.0;

/// How long one run of a scheduled job lasts on average, minutes; a job whose `timeout_seconds`
/// is shorter is counted at its timeout, since Step Functions stops the task then. Fargate bills
/// a job's task only while a run lasts.
pub const JOB_RUN_MINUTES: f64 = 10.0;

/// Logs each ECS job sends to CloudWatch per month, GB: its runs' container output and the
/// error-level run logs of its Step Functions state machine.
pub const LOG_GB_PER_JOB: f64 = 1.0;

/// Container Insights performance events per ECS service per month, GB.
pub const CONTAINER_INSIGHTS_GB_PER_SERVICE: f64 = 1.0;

/// Container Insights custom metrics per ECS service (CPU, memory, network, storage, task and
/// deployment counts at service and task-family level).
pub const CONTAINER_INSIGHTS_METRICS_PER_SERVICE: f64 = 10.0;

/// VPC flow logs per month, GB.
pub const FLOW_LOG_GB: f64 = 5.0;

/// EKS control-plane logs (api, audit, authenticator, controllerManager, scheduler) per month, GB.
pub const EKS_CONTROL_PLANE_LOG_GB: f64 = 10.0;

/// MSK broker logs per broker per month, GB.
pub const MSK_LOG_GB_PER_BROKER: f64 = 1.0;

/// Traces X-Ray records per traced service or job per month, millions (the SDKs' default sampling
/// keeps one request a second and 5% of the rest, so a busy service records about this many).
pub const XRAY_MILLION_TRACES_PER_SERVICE: f64 = 1.0;

/// Requests the web ACL inspects per month, millions.
pub const WAF_MILLION_REQUESTS: f64 = 10.0;

/// WAF request logs per million requests, GB (about 1.5 KB a record).
pub const WAF_LOG_GB_PER_MILLION_REQUESTS: f64 = 1.5;

/// Logs are stored for their retention, but at most this many days: the estimate is of a
/// month within the first year, not of a log archive years later.
pub const LOG_STORAGE_HORIZON_DAYS: f64 = 365.0;

/// Images kept in each ECR repository, GB.
pub const ECR_GB_PER_REPOSITORY: f64 = 2.0;

/// Objects in each application bucket, GB of S3 Standard.
pub const S3_GB_PER_BUCKET: f64 = 50.0;

/// PUT, COPY, POST and LIST requests per bucket per month, thousands.
pub const S3_PUT_THOUSANDS_PER_BUCKET: f64 = 100.0;

/// GET and other requests per bucket per month, thousands.
pub const S3_GET_THOUSANDS_PER_BUCKET: f64 = 1_000.0;

/// SQS requests per queue per month, millions: a million messages, each sent, received and
/// deleted.
pub const QUEUE_MILLION_REQUESTS: f64 = 3.0;

/// SNS publishes per topic per month, millions.
pub const TOPIC_MILLION_PUBLISHES: f64 = 1.0;

/// Share of a database that changes each day, which incremental backups keep per retained day.
pub const BACKUP_DAILY_CHANGE: f64 = 0.02;

/// Data in an Aurora cluster volume, GB.
pub const AURORA_STORAGE_GB: f64 = 20.0;

/// Aurora Standard I/O requests per month, millions.
pub const AURORA_IO_MILLIONS: f64 = 20.0;

/// `value` with trailing zeros trimmed: `50`, `1.5`, `0.02`.
pub(crate) fn number(value: f64) -> String {
    // Whole numbers (most of them) print through integer formatting: the exact six-decimal float
    // formatting below was a twentieth of `plinth generate`'s time at 50 services.
    let text = if value.fract() == 0.0 && value.abs() < 1e15 && !value.is_sign_negative() {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a non-negative whole number below 10^15"
        )]
        let whole = value as u64;
        whole.to_string()
    } else {
        format!("{value:.6}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text.contains('.') || text.len() <= 3 {
        return text.to_owned();
    }
    // Thousands separators for whole numbers only, which is all the constants need.
    let mut grouped = String::new();
    for (index, digit) in text.chars().enumerate() {
        if index > 0 && (text.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// `value` as a percentage: `0.7` → `70%`.
pub(crate) fn percent(value: f64) -> String {
    format!("{}%", number(value * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(50.0), "50");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(0.02), "0.02");
        assert_eq!(number(1_000.0), "1,000");
        assert_eq!(number(1_460.0), "1,460");
        assert_eq!(number(730.0), "730");
        assert_eq!(percent(0.65), "65%");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "-0");
        assert_eq!(number(1_000_000.0), "1,000,000");
        assert_eq!(number(2.5e-7), "0");
    }
}
