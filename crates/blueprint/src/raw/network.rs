use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Sp;

/// The `[network]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkRaw {
    /// The VPC's IPv4 range, /16 to /24. Default `10.0.0.0/16`. It is split into public,
    /// private-app and private-data subnets, one of each per availability zone.
    pub cidr: Option<Sp<String>>,
    /// Availability zones of the environment's region, e.g. `["eu-west-1a", "eu-west-1b"]`.
    /// Default: the first two zones of the region.
    pub availability_zones: Option<Sp<Vec<Sp<String>>>>,
    /// NAT for outbound traffic from private subnets: `none`, `single` or `per-az`. Default
    /// `per-az` in production-like environments and `single` elsewhere.
    pub nat: Option<Sp<NatMode>>,
    /// Whether to send VPC flow logs to CloudWatch Logs. Default: on in production-like environments.
    pub flow_logs: Option<Sp<bool>>,
    /// VPC endpoints to create, so private subnets reach AWS services without NAT. Default: none,
    /// or all of them when `nat = "none"`.
    pub endpoints: Option<Sp<Vec<Sp<Endpoint>>>>,
}

/// How private subnets reach the internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NatMode {
    /// No NAT gateway: private subnets reach AWS only through VPC endpoints.
    None,
    /// One NAT gateway shared by all zones (cheaper; one zone's outage cuts egress).
    Single,
    /// One NAT gateway per availability zone (highly available).
    PerAz,
}

/// A VPC endpoint plinth can create.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    /// S3 (gateway endpoint, free); also needed to pull image layers from ECR.
    S3,
    /// ECR API and Docker registry (interface endpoints).
    Ecr,
    /// CloudWatch Logs (interface endpoint).
    Logs,
    /// Secrets Manager (interface endpoint).
    Secretsmanager,
    /// SQS (interface endpoint), for services that use queues without NAT.
    Sqs,
    /// SNS (interface endpoint), for services that publish to topics without NAT.
    Sns,
}

impl NatMode {
    /// The name used in blueprints and by the network module (`none`, `single`, `per-az`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Single => "single",
            Self::PerAz => "per-az",
        }
    }
}

impl Endpoint {
    /// The name used in blueprints and by the network module (`s3`, `ecr`, `logs`, `secretsmanager`,
    /// `sqs`, `sns`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::S3 => "s3",
            Self::Ecr => "ecr",
            Self::Logs => "logs",
            Self::Secretsmanager => "secretsmanager",
            Self::Sqs => "sqs",
            Self::Sns => "sns",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_serde_spelling() {
        for mode in [NatMode::None, NatMode::Single, NatMode::PerAz] {
            assert_eq!(serde_json::to_value(mode).unwrap(), mode.as_str());
        }
        for endpoint in [
            Endpoint::S3,
            Endpoint::Ecr,
            Endpoint::Logs,
            Endpoint::Secretsmanager,
        ] {
            assert_eq!(serde_json::to_value(endpoint).unwrap(), endpoint.as_str());
        }
    }
}
