//! Database features that depend on the engine version or the instance class.
//!
//! Sources, checked December 2026:
//! - Performance Insights / Database Insights are not available on the smallest burstable
//!   classes: RDS for MySQL (and MariaDB) not on `db.t2/t3/t4g.micro` and `.small` (RDS User
//!   Guide, "Amazon RDS DB engine, Region, and instance class support for Database Insights");
//!   Aurora MySQL not on `db.t2.*`, `db.t3.*`, `db.t4g.micro`, `db.t4g.small` (Aurora User Guide,
//!   same page for Aurora). RDS for PostgreSQL and Aurora PostgreSQL have no class restriction.
//! - Aurora Serverless v2: "For Aurora versions that support the Aurora Serverless v2 auto-pause
//!   feature, the smallest value that you can use is 0. For versions that don't support Aurora
//!   Serverless v2 auto-pause, the smallest value that you can use is 0.5." and "The largest
//!   value that you can use is 256 for recent Aurora versions, or 128 for older versions" (RDS
//!   API Reference, `ServerlessV2ScalingConfiguration`; the per-version values are
//!   `ServerlessV2FeaturesSupport` in `describe-db-engine-versions`). The versions are those of
//!   the Aurora User Guide, "Aurora Serverless v2 capacity": 256 ACUs from Aurora PostgreSQL
//!   13.13, 14.10, 15.5, 16.1 and Aurora MySQL 3.06; 0 ACUs (auto-pause) from Aurora PostgreSQL
//!   13.15, 14.12, 15.7, 16.3 and Aurora MySQL 3.08.

use super::databases::DatabaseEngine;

/// Whether Performance Insights can be turned on for `engine` on `instance_class`.
pub fn supports_performance_insights(engine: DatabaseEngine, instance_class: &str) -> bool {
    let Some(rest) = instance_class.strip_prefix("db.") else {
        return true;
    };
    let (family, size) = rest.split_once('.').unwrap_or((rest, ""));
    let smallest = matches!(size, "micro" | "small");
    match engine {
        DatabaseEngine::Mysql => !(matches!(family, "t2" | "t3" | "t4g") && smallest),
        DatabaseEngine::AuroraMysql => {
            !(matches!(family, "t2" | "t3") || (family == "t4g" && smallest))
        }
        DatabaseEngine::Postgres | DatabaseEngine::AuroraPostgresql => true,
    }
}

/// The Aurora release a version string names, as comparable numbers: `(16, 3)` for
/// aurora-postgresql `16.3`, `(3, 8)` for aurora-mysql `8.0.mysql_aurora.3.08.0`. `None` for a
/// major-only version (`"16"`, which means the newest minor) or an unknown shape.
fn release(engine: DatabaseEngine, version: &str) -> Option<(u32, u32)> {
    let parts: Vec<&str> = version.split('.').collect();
    let pair = |major: &str, minor: &str| Some((major.parse().ok()?, minor.parse().ok()?));
    match (engine, parts.as_slice()) {
        (DatabaseEngine::AuroraPostgresql, [major, minor, ..]) => pair(major, minor),
        (DatabaseEngine::AuroraMysql, ["8", "0", "mysql_aurora", major, minor, ..]) => {
            pair(major, minor)
        }
        _ => None,
    }
}

/// The first release of each line with a feature, per engine.
fn first_with(
    engine: DatabaseEngine,
    release: (u32, u32),
    postgres: &[(u32, u32)],
    mysql: (u32, u32),
) -> bool {
    match engine {
        DatabaseEngine::AuroraPostgresql => postgres
            .iter()
            .find(|(major, _)| *major == release.0)
            .is_none_or(|first| release >= *first),
        DatabaseEngine::AuroraMysql => release >= mysql,
        DatabaseEngine::Mysql | DatabaseEngine::Postgres => false,
    }
}

/// Whether Aurora Serverless v2 on this version can scale to 0 ACUs (auto-pause).
pub fn supports_zero_capacity(engine: DatabaseEngine, version: &str) -> bool {
    release(engine, version)
        .is_none_or(|r| first_with(engine, r, &[(13, 15), (14, 12), (15, 7), (16, 3)], (3, 8)))
}

/// The most ACUs Aurora Serverless v2 takes on this version: 256 on recent versions, else 128.
pub fn max_capacity(engine: DatabaseEngine, version: &str) -> f64 {
    let recent = release(engine, version)
        .is_none_or(|r| first_with(engine, r, &[(13, 13), (14, 10), (15, 5), (16, 1)], (3, 6)));
    if recent { 256.0 } else { 128.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn performance_insights_classes() {
        assert!(!supports_performance_insights(
            DatabaseEngine::Mysql,
            "db.t4g.micro"
        ));
        assert!(supports_performance_insights(
            DatabaseEngine::Mysql,
            "db.t4g.medium"
        ));
        assert!(!supports_performance_insights(
            DatabaseEngine::AuroraMysql,
            "db.t3.medium"
        ));
        assert!(supports_performance_insights(
            DatabaseEngine::AuroraMysql,
            "db.t4g.medium"
        ));
        assert!(supports_performance_insights(
            DatabaseEngine::Postgres,
            "db.t4g.micro"
        ));
    }

    #[test]
    fn serverless_limits_follow_the_version() {
        let apg = DatabaseEngine::AuroraPostgresql;
        assert!(!supports_zero_capacity(apg, "14.6"));
        assert!((max_capacity(apg, "14.6") - 128.0).abs() < f64::EPSILON);
        assert!(supports_zero_capacity(apg, "16.9"));
        assert!(supports_zero_capacity(apg, "17"));
        assert!((max_capacity(apg, "17.4") - 256.0).abs() < f64::EPSILON);
        let amy = DatabaseEngine::AuroraMysql;
        assert!(supports_zero_capacity(amy, "8.0.mysql_aurora.3.08.0"));
        assert!(!supports_zero_capacity(amy, "8.0.mysql_aurora.3.07.1"));
        assert!(supports_zero_capacity(amy, "8.4.mysql_aurora.8.4.7"));
    }
}
