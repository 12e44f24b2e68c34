//! `[kafka]`: the MSK cluster.

use crate::aws::kafka;
use crate::diagnostic::Diagnostic;
use crate::model::{Kafka, Network};
use crate::raw::KafkaRaw;
use crate::resolve::{Context, aws_combinations, or};
use crate::span::Sp;

pub(crate) fn kafka(
    raw: Option<&Sp<KafkaRaw>>,
    network: &Network,
    cx: &mut Context<'_>,
) -> Option<Kafka> {
    let section = raw?;
    let raw = section.get();
    let zones = u32::try_from(network.availability_zones.len()).unwrap_or(u32::MAX);
    let version = or(
        raw.version.as_ref(),
        kafka::DEFAULT_KAFKA_VERSION.to_owned(),
    );
    let instance_type = or(raw.instance_type.as_ref(), "kafka.t3.small".to_owned());
    aws_combinations::check_kafka(raw, cx);
    let brokers_per_az = or(raw.brokers_per_az.as_ref(), 1);
    if let Some(at) = &raw.brokers_per_az
        && *at.get() == 0
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                "a Kafka cluster needs at least one broker per zone",
                "zero",
            )
            .with_help("use 1 or more"),
        );
    }
    let storage_gb = or(raw.storage_gb.as_ref(), 100);
    if let Some(at) = &raw.storage_gb
        && !(1..=16_384).contains(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                "broker storage is 1 to 16384 GiB",
                "out of range",
            )
            .with_help("e.g. 100"),
        );
    }
    Some(Kafka {
        version,
        instance_type,
        brokers_per_az,
        broker_count: brokers_per_az.saturating_mul(zones),
        storage_gb,
    })
}
