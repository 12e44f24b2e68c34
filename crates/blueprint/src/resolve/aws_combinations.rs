//! Combinations each setting allows on its own but AWS refuses together (issue 19 item 9):
//! Performance Insights on classes without it, Aurora Serverless v2 capacities the engine
//! version does not take, MSK versions, broker sizes and zone counts MSK does not create. The
//! facts and their sources are in `crate::aws::db_features` and `crate::aws::kafka`.

use crate::aws::{db_features, kafka};
use crate::diagnostic::Diagnostic;
use crate::model::{Database, Network};
use crate::raw::{DatabaseRaw, KafkaRaw};

use super::{Context, span_or};

/// Checks Performance Insights and the Serverless v2 range against the class and version.
pub(super) fn check_database(raw: &DatabaseRaw, database: &Database, cx: &mut Context<'_>) {
    if let Some(at) = &raw.performance_insights
        && *at.get()
        && !db_features::supports_performance_insights(database.engine, &database.instance_class)
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!(
                    "Performance Insights is not available for {} on `{}`",
                    database.engine.as_str(),
                    database.instance_class
                ),
                "unsupported on this class",
            )
            .with_help("use a larger class (e.g. db.t4g.medium or db.r7g.large), or set `performance_insights = false`"),
        );
    }
    let (Some(serverless), Some(range)) = (&database.serverless, &raw.serverless) else {
        return;
    };
    let version = &database.version;
    if serverless.min_capacity == 0.0
        && !db_features::supports_zero_capacity(database.engine, version)
    {
        cx.push(
            Diagnostic::error(
                span_or(range.min_capacity.as_ref(), &range.span()),
                format!(
                    "{} {version} cannot pause Aurora Serverless v2 at 0 ACUs",
                    database.engine.as_str()
                ),
                "no auto-pause on this version",
            )
            .with_help("use `min_capacity = 0.5`, or a version with auto-pause (Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3 or later; Aurora MySQL 3.08 or later)"),
        );
    }
    let max = db_features::max_capacity(database.engine, version);
    // Above 256 the range check has already spoken.
    if serverless.max_capacity > max && serverless.max_capacity <= 256.0 {
        cx.push(
            Diagnostic::error(
                span_or(range.max_capacity.as_ref(), &range.span()),
                format!(
                    "{} {version} takes at most {max} ACUs, not {}",
                    database.engine.as_str(),
                    serverless.max_capacity
                ),
                "above this version's maximum",
            )
            .with_help("lower `max_capacity`, or use a version that allows 256 ACUs (Aurora PostgreSQL 13.13, 14.10, 15.5, 16.1 or later; Aurora MySQL 3.06 or later)"),
        );
    }
}

/// Checks the Kafka version, broker size and the number of zones the cluster would span.
pub(super) fn check_kafka(raw: &KafkaRaw, cx: &mut Context<'_>) {
    if let Some(at) = &raw.version
        && !kafka::is_supported_version(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!(
                    "Amazon MSK does not create clusters with Kafka `{}`",
                    at.get()
                ),
                "unsupported version",
            )
            .with_help(format!(
                "use one of {} (`.kraft` for KRaft mode)",
                kafka::KAFKA_VERSIONS.join(", ")
            )),
        );
    }
    if let Some(at) = &raw.instance_type
        && !kafka::is_broker_type(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!("`{}` is not an MSK broker type", at.get()),
                "unknown broker size",
            )
            .with_help(
                "use kafka.t3.small, kafka.m5.<large … 24xlarge> or kafka.m7g.<large … 16xlarge>",
            ),
        );
    }
}

/// MSK takes two or three client subnets; plinth gives it one data subnet per zone.
pub(super) fn check_kafka_zones(
    sections: &crate::raw::Sections,
    network: &Network,
    cx: &mut Context<'_>,
) {
    let zones = network.availability_zones.len();
    let Some(section) = &sections.kafka else {
        return;
    };
    if zones <= kafka::MAX_ZONES {
        return;
    }
    let span = sections
        .network
        .as_ref()
        .and_then(|n| n.availability_zones.as_ref())
        .map_or_else(|| section.span(), crate::span::Sp::span);
    cx.push(
        Diagnostic::error(
            span,
            format!("an MSK cluster spans two or three availability zones, but this environment has {zones}"),
            "too many zones for Kafka",
        )
        .with_note("plinth puts one broker group in each zone's data subnet, and MSK takes two or three client subnets")
        .with_help("use two or three `network.availability_zones` in environments with `[kafka]`"),
    );
}
