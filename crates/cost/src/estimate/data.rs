//! The database and its backups, the cache and the Kafka cluster.

use plinth_blueprint::aws::caches::CacheEngine;
use plinth_blueprint::model::Environment;

use crate::Unit;
use crate::assumptions::{
    AURORA_IO_MILLIONS, AURORA_STORAGE_GB, BACKUP_DAILY_CHANGE, HOURS_PER_MONTH, number, percent,
};

use super::{Builder, plural};

/// The RDS instance or Aurora cluster, its storage and its backups beyond the free allowance.
pub(super) fn database(b: &mut Builder, env: &Environment) {
    let Some(database) = &env.database else {
        return;
    };
    let p = b.prices;
    let engine = database.engine.as_str();
    let hours = number(HOURS_PER_MONTH);
    let retention = f64::from(database.backup_retention_days);
    if !database.engine.is_aurora() {
        let multi_az = b.rules.rds_multi_az_factor;
        let (copies, copies_text) = if database.multi_az {
            (
                multi_az,
                format!("{} (Multi-AZ)", plural(multi_az, "instance", "instances")),
            )
        } else {
            (1.0, "1 instance".to_owned())
        };
        let class = &database.instance_class;
        match p.rds_instance_hour.get(class) {
            Some(&price) => b.add(
                &format!("RDS {class} ({engine})"),
                format!("{copies_text} × {hours} h"),
                copies * HOURS_PER_MONTH,
                Unit::Hour,
                price,
            ),
            None => b.unpriced.push(format!("RDS instance class {class}")),
        }
        let storage = f64::from(database.storage_gb.unwrap_or_default());
        b.add(
            "RDS gp3 storage",
            format!(
                "{} GB × {}",
                number(storage),
                plural(copies, "copy", "copies")
            ),
            storage * copies,
            Unit::GbMonth,
            p.rds_gp3_gb_month,
        );
        backups(b, "RDS", storage, retention, p.rds_backup_gb_month);
        return;
    }
    let instances = f64::from(database.instances);
    let instances_text = plural(instances, "instance", "instances");
    if let Some(serverless) = &database.serverless {
        let acu = serverless.min_capacity;
        b.add(
            &format!("Aurora Serverless v2 ({engine})"),
            format!("{instances_text} × {} ACU × {hours} h", number(acu)),
            instances * acu * HOURS_PER_MONTH,
            Unit::AcuHour,
            p.aurora_serverless_v2_acu_hour,
        );
        b.assume(if acu > 0.0 {
            "Aurora Serverless v2 instances run at their minimum capacity.".to_owned()
        } else {
            "Aurora Serverless v2 at 0 ACU pauses when idle: no compute is counted.".to_owned()
        });
    } else {
        let class = &database.instance_class;
        match p.aurora_instance_hour.get(class) {
            Some(&price) => b.add(
                &format!("Aurora {class} ({engine})"),
                format!("{instances_text} × {hours} h"),
                instances * HOURS_PER_MONTH,
                Unit::Hour,
                price,
            ),
            None => b.unpriced.push(format!("Aurora instance class {class}")),
        }
    }
    b.add(
        "Aurora storage",
        format!("{} GB", number(AURORA_STORAGE_GB)),
        AURORA_STORAGE_GB,
        Unit::GbMonth,
        p.aurora_storage_gb_month,
    );
    b.add(
        "Aurora I/O requests",
        format!("{} million", number(AURORA_IO_MILLIONS)),
        AURORA_IO_MILLIONS,
        Unit::MillionRequests,
        p.aurora_io_million_requests,
    );
    b.assume(format!(
        "The Aurora cluster stores {} GB and makes {} million I/O requests a month.",
        number(AURORA_STORAGE_GB),
        number(AURORA_IO_MILLIONS)
    ));
    backups(
        b,
        "Aurora",
        AURORA_STORAGE_GB,
        retention,
        p.aurora_backup_gb_month,
    );
}

/// Backup storage beyond the free allowance (as much as the database's storage): one full copy,
/// which the allowance covers, plus each retained day's changes.
fn backups(b: &mut Builder, engine: &str, storage_gb: f64, retention_days: f64, price: f64) {
    b.add(
        &format!("{engine} backup storage beyond the free allowance"),
        format!(
            "{} × {} of {} GB",
            plural(retention_days, "day", "days"),
            percent(BACKUP_DAILY_CHANGE),
            number(storage_gb)
        ),
        retention_days * BACKUP_DAILY_CHANGE * storage_gb,
        Unit::GbMonth,
        price,
    );
    if retention_days > 0.0 {
        b.assume(format!(
            "Backups keep one full copy (free up to the database's size) plus {} of the data per retained day.",
            percent(BACKUP_DAILY_CHANGE)
        ));
    }
}

/// The replication group's nodes: a primary and its replicas.
pub(super) fn cache(b: &mut Builder, env: &Environment) {
    let Some(cache) = &env.cache else {
        return;
    };
    let nodes = f64::from(cache.replicas) + 1.0;
    let node_type = &cache.node_type;
    let Some(&price) = b.prices.elasticache_node_hour.get(node_type) else {
        b.unpriced
            .push(format!("ElastiCache node type {node_type}"));
        return;
    };
    let (price, note) = match cache.engine {
        CacheEngine::Valkey => (
            price * (1.0 - b.rules.valkey_node_discount),
            format!(
                ", Valkey {} below Redis OSS",
                percent(b.rules.valkey_node_discount)
            ),
        ),
        CacheEngine::Redis => (price, String::new()),
    };
    b.add(
        &format!("ElastiCache {node_type} ({})", cache.engine),
        format!(
            "{} × {} h{note}",
            plural(nodes, "node", "nodes"),
            number(HOURS_PER_MONTH)
        ),
        nodes * HOURS_PER_MONTH,
        Unit::Hour,
        price,
    );
}

/// The MSK brokers and their storage.
pub(super) fn kafka(b: &mut Builder, env: &Environment) {
    let Some(kafka) = &env.kafka else {
        return;
    };
    let brokers = f64::from(kafka.broker_count);
    let brokers_text = plural(brokers, "broker", "brokers");
    let p = b.prices;
    match p.msk_broker_hour.get(&kafka.instance_type) {
        Some(&price) => b.add(
            &format!("MSK {} brokers", kafka.instance_type),
            format!("{brokers_text} × {} h", number(HOURS_PER_MONTH)),
            brokers * HOURS_PER_MONTH,
            Unit::Hour,
            price,
        ),
        None => b
            .unpriced
            .push(format!("MSK broker type {}", kafka.instance_type)),
    }
    b.add(
        "MSK broker storage",
        format!("{brokers_text} × {} GB", kafka.storage_gb),
        brokers * f64::from(kafka.storage_gb),
        Unit::GbMonth,
        p.msk_storage_gb_month,
    );
}
