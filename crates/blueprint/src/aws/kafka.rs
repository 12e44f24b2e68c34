//! Amazon MSK (provisioned, Standard brokers): the Kafka versions and broker sizes a new cluster
//! can be created with.
//!
//! Sources, checked December 2026:
//! - MSK Developer Guide, "Supported Apache Kafka versions" (3.6.0 … 4.0.x; versions past their
//!   end-of-support date cannot be used for new clusters, "Amazon MSK version support policy").
//! - MSK Developer Guide, "KRaft mode": from 3.7.x a cluster is created in KRaft mode by the
//!   version string `<version>.kraft` (e.g. `3.7.x.kraft`); `3.7.x` alone is ZooKeeper mode.
//!   Kafka 4.x has no ZooKeeper mode, so only `4.0.x.kraft` / `4.1.x.kraft` exist (AWS CDK
//!   `KafkaVersion.V4_0_X_KRAFT`, `V4_1_X_KRAFT`).
//! - MSK Developer Guide, "Amazon MSK broker sizes": Standard brokers are `kafka.t3.small`,
//!   `kafka.m5.large` … `kafka.m5.24xlarge` and `kafka.m7g.large` … `kafka.m7g.16xlarge`
//!   (Express brokers, `express.m7g.*`, are another cluster type plinth does not create).
//! - MSK Developer Guide, "Create an MSK Provisioned cluster": Standard brokers take two or three
//!   client subnets in distinct Availability Zones.

/// Kafka versions a new MSK provisioned cluster accepts, newest first.
pub const KAFKA_VERSIONS: &[&str] = &[
    "4.1.x.kraft",
    "4.0.x.kraft",
    "3.9.x.kraft",
    "3.9.x",
    "3.8.x.kraft",
    "3.8.x",
    "3.7.x.kraft",
    "3.7.x",
    "3.6.0",
];

/// The default Kafka version.
pub const DEFAULT_KAFKA_VERSION: &str = "3.8.x";

/// Standard broker sizes.
pub const BROKER_TYPES: &[&str] = &[
    "kafka.t3.small",
    "kafka.m5.large",
    "kafka.m5.xlarge",
    "kafka.m5.2xlarge",
    "kafka.m5.4xlarge",
    "kafka.m5.8xlarge",
    "kafka.m5.12xlarge",
    "kafka.m5.16xlarge",
    "kafka.m5.24xlarge",
    "kafka.m7g.large",
    "kafka.m7g.xlarge",
    "kafka.m7g.2xlarge",
    "kafka.m7g.4xlarge",
    "kafka.m7g.8xlarge",
    "kafka.m7g.12xlarge",
    "kafka.m7g.16xlarge",
];

/// The most client subnets (and so availability zones) an MSK cluster spans.
pub const MAX_ZONES: usize = 3;

/// Whether `version` is one MSK creates clusters with.
pub fn is_supported_version(version: &str) -> bool {
    KAFKA_VERSIONS.contains(&version)
}

/// Whether `instance_type` is a Standard broker size.
pub fn is_broker_type(instance_type: &str) -> bool {
    BROKER_TYPES.contains(&instance_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_versions_and_sizes() {
        for version in ["3.9.x.kraft", "3.8.x", "4.0.x.kraft", DEFAULT_KAFKA_VERSION] {
            assert!(is_supported_version(version), "{version}");
        }
        for version in ["3.1.9", "4.0.x", "3.6.0.kraft", "2.8.2.tiered"] {
            assert!(!is_supported_version(version), "{version}");
        }
        assert!(is_broker_type("kafka.m7g.large"));
        assert!(!is_broker_type("kafka.t3.xlarge"));
        assert!(!is_broker_type("express.m7g.large"));
    }
}
