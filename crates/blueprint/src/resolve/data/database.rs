//! `[database]`: the RDS instance or Aurora cluster, its storage, backups and monitoring.

use crate::aws::databases::DatabaseEngine;
use crate::diagnostic::Diagnostic;
use crate::model::{Database, Serverless};
use crate::names::MAX_DATABASE_IDENTIFIER;
use crate::raw::DatabaseRaw;
use crate::resolve::{Context, aws_combinations, or, span_or};
use crate::span::{Sp, Span};

use super::check_length;

/// The most storage an RDS instance has, in GiB.
const MAX_RDS_STORAGE_GB: u32 = 65_536;

const MONITORING_INTERVALS: [u32; 7] = [0, 1, 5, 10, 15, 30, 60];

#[allow(
    clippy::too_many_lines,
    reason = "one setting after another, each with its default and rule"
)]
pub(crate) fn database(raw: Option<&Sp<DatabaseRaw>>, cx: &mut Context<'_>) -> Option<Database> {
    let section = raw?;
    let span = section.span();
    let raw = section.get();
    let Some(engine_at) = &raw.engine else {
        cx.push(
            Diagnostic::error(span, "`[database]` needs an `engine`", "missing `engine`")
                .with_help("set `engine` to \"aurora-mysql\", \"aurora-postgresql\", \"mysql\" or \"postgres\""),
        );
        return None;
    };
    let engine = *engine_at.get();
    check_length(
        "database identifier",
        &cx.names.database(),
        MAX_DATABASE_IDENTIFIER,
        &cx.anchor.clone(),
        cx,
    );

    let version = or(raw.version.as_ref(), engine.default_version().to_owned());
    if let Some(version_at) = &raw.version
        && !engine.is_supported_version(version_at.get())
    {
        cx.push(
            Diagnostic::error(
                version_at.span(),
                format!(
                    "AWS does not offer {} version `{}`",
                    engine.as_str(),
                    version_at.get()
                ),
                "unsupported version",
            )
            .with_help(format!(
                "use one of {}",
                engine
                    .supported_versions()
                    .iter()
                    .take(8)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    let parameter_group_family = engine.parameter_group_family(&version).unwrap_or_default();

    check_engine_specific_fields(raw, engine, cx);

    let (instance_class, serverless) = instance_class(raw, engine, &span, cx);

    let multi_az = or(raw.multi_az.as_ref(), cx.production);
    let instances = aurora_instances(raw, engine, multi_az, &span, cx);

    let (storage_gb, max_storage_gb) = rds_storage(raw, engine, &span, cx);

    let backup_retention_days = or(
        raw.backup_retention_days.as_ref(),
        if cx.production { 14 } else { 1 },
    );
    if let Some(at) = &raw.backup_retention_days
        && !(1..=35).contains(at.get())
    {
        cx.push(
            Diagnostic::error(at.span(), "backups are kept 1 to 35 days", "out of range")
                .with_help(
                    "automated backups cannot be turned off; use 1 for the shortest retention",
                ),
        );
    }
    let monitoring_interval = or(raw.monitoring_interval.as_ref(), 0);
    if let Some(at) = &raw.monitoring_interval
        && !MONITORING_INTERVALS.contains(at.get())
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!("Enhanced Monitoring does not support {} seconds", at.get()),
                "invalid interval",
            )
            .with_help("use 0 (off), 1, 5, 10, 15, 30 or 60"),
        );
    }
    let default_name = cx.project.name.replace('-', "_");
    let database_name = or(raw.database_name.as_ref(), default_name);
    if let Some(at) = &raw.database_name {
        let valid = at.len() <= 63
            && at.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && at.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid {
            cx.push(Diagnostic::error(at.span(), format!("`{}` is not a valid database name", at.get()), "invalid name").with_help("use letters, digits and underscores, starting with a letter, at most 63 characters"));
        }
    }
    let deletion_protection = or(raw.deletion_protection.as_ref(), cx.production);
    if cx.production && !deletion_protection {
        cx.push(
            Diagnostic::warning(span_or(raw.deletion_protection.as_ref(), &span), "deletion protection is off in a production-like environment", "unprotected data")
                .with_help("a mistaken `terraform destroy` would delete the database; keep `deletion_protection = true`"),
        );
    }
    let database = Database {
        engine,
        version,
        parameter_group_family,
        instance_class,
        instances,
        serverless,
        storage_gb,
        max_storage_gb,
        multi_az,
        backup_retention_days,
        deletion_protection,
        final_snapshot: cx.production,
        performance_insights: or(raw.performance_insights.as_ref(), false),
        monitoring_interval,
        iam_auth: or(raw.iam_auth.as_ref(), false),
        database_name,
        port: engine.default_port(),
    };
    aws_combinations::check_database(raw, &database, cx);
    Some(database)
}

fn serverless(raw: &Sp<crate::raw::ServerlessRaw>, cx: &mut Context<'_>) -> Serverless {
    let min_capacity = or(raw.min_capacity.as_ref(), 0.5);
    let max_capacity = match &raw.max_capacity {
        Some(max) => *max.get(),
        None => {
            cx.push(
                Diagnostic::error(
                    raw.span(),
                    "`serverless` needs `max_capacity`",
                    "missing `max_capacity`",
                )
                .with_help("e.g. `max_capacity = 4` (ACUs)"),
            );
            min_capacity.max(1.0)
        }
    };
    let valid_step = |value: f64| (value * 2.0).fract() == 0.0;
    for (field, value, at, low) in [
        ("min_capacity", min_capacity, raw.min_capacity.as_ref(), 0.0),
        ("max_capacity", max_capacity, raw.max_capacity.as_ref(), 1.0),
    ] {
        if let Some(at) = at
            && (!(low..=256.0).contains(&value) || !valid_step(value))
        {
            cx.push(
                Diagnostic::error(
                    at.span(),
                    format!("`{field}` must be {low} to 256 ACUs in steps of 0.5"),
                    "invalid capacity",
                )
                .with_help("e.g. 0.5, 1, 1.5, … 256"),
            );
        }
    }
    if min_capacity > max_capacity {
        cx.push(
            Diagnostic::error(
                span_or(raw.min_capacity.as_ref(), &raw.span()),
                format!("`min_capacity` ({min_capacity}) is above `max_capacity` ({max_capacity})"),
                "out of order",
            )
            .with_help("lower `min_capacity` or raise `max_capacity`"),
        );
    }
    Serverless {
        min_capacity,
        max_capacity,
    }
}

/// Reports Aurora-only settings on RDS engines and RDS-only settings on Aurora.
fn check_engine_specific_fields(raw: &DatabaseRaw, engine: DatabaseEngine, cx: &mut Context<'_>) {
    if engine.is_aurora() {
        for (field, at) in [
            ("storage_gb", raw.storage_gb.as_ref().map(Sp::span)),
            ("max_storage_gb", raw.max_storage_gb.as_ref().map(Sp::span)),
        ] {
            if let Some(at) = at {
                cx.push(
                    Diagnostic::error(at, format!("`database.{field}` does not apply to Aurora, whose storage grows by itself"), "RDS-only setting")
                        .with_help("remove it"),
                );
            }
        }
    } else {
        for (field, at) in [
            ("instances", raw.instances.as_ref().map(Sp::span)),
            ("serverless", raw.serverless.as_ref().map(Sp::span)),
        ] {
            if let Some(at) = at {
                cx.push(
                    Diagnostic::error(
                        at,
                        format!("`database.{field}` applies only to Aurora"),
                        "Aurora-only setting",
                    )
                    .with_help(format!(
                        "remove it, or use `engine = \"aurora-{}\"`",
                        if engine.as_str() == "mysql" {
                            "mysql"
                        } else {
                            "postgresql"
                        }
                    )),
                );
            }
        }
    }
}

/// The instance class and, for Aurora Serverless v2, the capacity range.
fn instance_class(
    raw: &DatabaseRaw,
    engine: DatabaseEngine,
    span: &Span,
    cx: &mut Context<'_>,
) -> (String, Option<Serverless>) {
    let serverless = raw
        .serverless
        .as_ref()
        .filter(|_| engine.is_aurora())
        .map(|s| serverless(s, cx));
    let default_class = if serverless.is_some() {
        "db.serverless"
    } else if engine.is_aurora() {
        "db.t4g.medium"
    } else {
        "db.t4g.micro"
    };
    let instance_class = or(raw.instance_class.as_ref(), default_class.to_owned());
    if let Some(class) = &raw.instance_class {
        if let Err(reason) = engine.check_instance_class(class.get()) {
            cx.push(
                Diagnostic::error(
                    class.span(),
                    format!(
                        "`{}` is not an instance class {} offers",
                        class.get(),
                        engine.as_str()
                    ),
                    "unsupported class",
                )
                .with_help(reason),
            );
        } else if serverless.is_some() && class.as_str() != "db.serverless" {
            cx.push(
                Diagnostic::error(
                    class.span(),
                    "Serverless v2 instances use the class `db.serverless`",
                    "conflicts with `serverless`",
                )
                .with_help(
                    "remove `instance_class`, or remove `serverless` to use provisioned instances",
                ),
            );
        }
    }
    if instance_class == "db.serverless" && serverless.is_none() && engine.is_aurora() {
        cx.push(
            Diagnostic::error(
                span_or(raw.instance_class.as_ref(), span),
                "`db.serverless` needs a `serverless` capacity range",
                "no capacity",
            )
            .with_help("add `serverless = { min_capacity = 0.5, max_capacity = 4 }`"),
        );
    }
    (instance_class, serverless)
}

/// The number of Aurora instances (1 for RDS, where Multi-AZ is a standby, not an instance).
fn aurora_instances(
    raw: &DatabaseRaw,
    engine: DatabaseEngine,
    multi_az: bool,
    span: &Span,
    cx: &mut Context<'_>,
) -> u32 {
    if engine.is_aurora() {
        let instances = or(raw.instances.as_ref(), if multi_az { 2 } else { 1 });
        if let Some(at) = &raw.instances
            && !(1..=16).contains(at.get())
        {
            cx.push(
                Diagnostic::error(
                    at.span(),
                    "an Aurora cluster has 1 to 16 instances",
                    "out of range",
                )
                .with_help("use 1 writer plus up to 15 readers"),
            );
        }
        if multi_az && instances < 2 {
            let at = raw
                .instances
                .as_ref()
                .map_or_else(|| span_or(raw.multi_az.as_ref(), span), Sp::span);
            cx.push(
                Diagnostic::error(
                    at,
                    "Multi-AZ Aurora needs at least 2 instances (a writer and a reader in another zone)",
                    "one instance",
                )
                .with_help("set `instances = 2`, or `multi_az = false`"),
            );
        }
        instances
    } else {
        1
    }
}

/// RDS allocated storage and its autoscaling ceiling (`None` for Aurora).
fn rds_storage(
    raw: &DatabaseRaw,
    engine: DatabaseEngine,
    span: &Span,
    cx: &mut Context<'_>,
) -> (Option<u32>, Option<u32>) {
    let storage_gb = (!engine.is_aurora()).then(|| or(raw.storage_gb.as_ref(), 20));
    // RDS storage autoscaling tops out at 65536 GiB, so the default ceiling does too.
    let max_storage_gb = storage_gb.map(|storage| {
        or(
            raw.max_storage_gb.as_ref(),
            storage.saturating_mul(5).min(MAX_RDS_STORAGE_GB),
        )
    });
    if let (Some(storage), Some(max)) = (storage_gb, max_storage_gb) {
        if let Some(at) = &raw.storage_gb
            && !(20..=MAX_RDS_STORAGE_GB).contains(at.get())
        {
            cx.push(
                Diagnostic::error(
                    at.span(),
                    "RDS storage must be between 20 and 65536 GiB",
                    "out of range",
                )
                .with_help("e.g. `storage_gb = 20`"),
            );
        }
        if let Some(at) = &raw.max_storage_gb
            && *at.get() > MAX_RDS_STORAGE_GB
        {
            cx.push(
                Diagnostic::error(
                    at.span(),
                    format!(
                        "`max_storage_gb` ({}) is above the RDS limit of 65536 GiB",
                        at.get()
                    ),
                    "out of range",
                )
                .with_help("use at most 65536"),
            );
        }
        if max < storage {
            cx.push(
                Diagnostic::error(
                    span_or(raw.max_storage_gb.as_ref(), span),
                    format!("`max_storage_gb` ({max}) is below `storage_gb` ({storage})"),
                    "below allocated storage",
                )
                .with_help("set `max_storage_gb` to at least `storage_gb`"),
            );
        }
    }
    (storage_gb, max_storage_gb)
}
