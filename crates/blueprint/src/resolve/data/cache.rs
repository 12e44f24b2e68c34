//! `[cache]`: the ElastiCache replication group.

use crate::aws::caches::CacheEngine;
use crate::diagnostic::Diagnostic;
use crate::model::Cache;
use crate::names::MAX_CACHE_ID;
use crate::raw::CacheRaw;
use crate::resolve::{Context, or, span_or};
use crate::span::Sp;

use super::check_length;

pub(crate) fn cache(raw: Option<&Sp<CacheRaw>>, cx: &mut Context<'_>) -> Option<Cache> {
    let section = raw?;
    let span = section.span();
    let raw = section.get();
    check_length(
        "cache id",
        &cx.names.cache(),
        MAX_CACHE_ID,
        &cx.anchor.clone(),
        cx,
    );
    let engine = or(raw.engine.as_ref(), CacheEngine::Valkey);
    let version = or(raw.version.as_ref(), engine.default_version().to_owned());
    if let Some(at) = &raw.version
        && !engine.is_supported_version(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!(
                    "ElastiCache does not offer {} `{}`",
                    engine.as_str(),
                    at.get()
                ),
                "unsupported version",
            )
            .with_help(format!(
                "use one of {}",
                engine.supported_versions().join(", ")
            )),
        );
    }
    let node_type = or(raw.node_type.as_ref(), "cache.t4g.micro".to_owned());
    if let Some(at) = &raw.node_type
        && let Err(reason) = engine.check_node_type(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!("`{}` is not an ElastiCache node type", at.get()),
                "unknown node type",
            )
            .with_help(reason),
        );
    }
    let replicas = or(raw.replicas.as_ref(), u8::from(cx.production));
    if let Some(at) = &raw.replicas
        && *at.get() > 5
    {
        cx.push(
            Diagnostic::error(at.span(), "a shard has at most 5 replicas", "too many")
                .with_help("use 0 to 5"),
        );
    }
    let multi_az = or(raw.multi_az.as_ref(), replicas > 0);
    if multi_az && replicas == 0 {
        cx.push(
            Diagnostic::error(
                span_or(raw.multi_az.as_ref(), &span),
                "Multi-AZ needs at least one replica to fail over to",
                "no replica",
            )
            .with_help("set `replicas = 1`, or `multi_az = false`"),
        );
    }
    let transit_encryption = or(raw.transit_encryption.as_ref(), true);
    let at_rest_encryption = or(raw.at_rest_encryption.as_ref(), true);
    let snapshot_retention_days = or(
        raw.snapshot_retention_days.as_ref(),
        if cx.production { 7 } else { 0 },
    );
    if let Some(at) = &raw.snapshot_retention_days
        && *at.get() > 35
    {
        cx.push(
            Diagnostic::error(at.span(), "snapshots are kept at most 35 days", "too long")
                .with_help("use 0 (off) to 35"),
        );
    }
    Some(Cache {
        engine,
        parameter_group_family: engine.parameter_group_family(&version).unwrap_or_default(),
        version,
        node_type,
        replicas,
        multi_az,
        transit_encryption,
        at_rest_encryption,
        snapshot_retention_days,
        port: 6379,
    })
}
