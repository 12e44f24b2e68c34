//! `[database]`, `[cache]`, `[buckets.<name>]`, `[secrets.<name>]` and `[kafka]`.

use super::{assert_reports, with};

#[test]
fn database_rules() {
    assert_reports(&with("[database]\nversion = \"16.9\""), "needs an `engine`");
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nversion = \"9.6\""),
        "AWS does not offer postgres version `9.6`",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\ninstance_class = \"db.t3.micro\""),
        "is not an instance class aurora-postgresql offers",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\ninstances = 2"),
        "applies only to Aurora",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-mysql\"\nstorage_gb = 50"),
        "does not apply to Aurora",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\nserverless = { min_capacity = 0.5 }"),
        "needs `max_capacity`",
    );
    assert_reports(
        &with(
            "[database]\nengine = \"aurora-postgresql\"\nserverless = { min_capacity = 8, max_capacity = 4 }",
        ),
        "is above `max_capacity`",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\nserverless = { max_capacity = 4.25 }"),
        "in steps of 0.5",
    );
    assert_reports(
        &with(
            "[database]\nengine = \"aurora-postgresql\"\nserverless = { max_capacity = 4 }\ninstance_class = \"db.r7g.large\"",
        ),
        "use the class `db.serverless`",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\ninstance_class = \"db.serverless\""),
        "needs a `serverless` capacity range",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\nmulti_az = true\ninstances = 1"),
        "Multi-AZ Aurora needs at least 2 instances",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nstorage_gb = 10"),
        "between 20 and 65536 GiB",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nstorage_gb = 100\nmax_storage_gb = 50"),
        "is below `storage_gb`",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nbackup_retention_days = 0"),
        "backups are kept 1 to 35 days",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nmonitoring_interval = 7"),
        "does not support 7 seconds",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\ndatabase_name = \"my-db\""),
        "is not a valid database name",
    );
    assert_reports(
        &with("[env.prod.database]\nengine = \"postgres\"\ndeletion_protection = false"),
        "deletion protection is off",
    );
}

#[test]
fn cache_rules() {
    assert_reports(
        &with("[cache]\nengine = \"redis\"\nversion = \"5.0\""),
        "ElastiCache does not offer redis `5.0`",
    );
    assert_reports(
        &with("[cache]\nnode_type = \"t4g.micro\""),
        "is not an ElastiCache node type",
    );
    assert_reports(&with("[cache]\nreplicas = 6"), "at most 5 replicas");
    assert_reports(
        &with("[cache]\nreplicas = 0\nmulti_az = true"),
        "needs at least one replica",
    );
    assert_reports(
        &with("[cache]\nsnapshot_retention_days = 40"),
        "at most 35 days",
    );
}

#[test]
fn storage_and_secret_rules() {
    assert_reports(
        &with("[buckets.Media]"),
        "bucket name `Media` is not DNS-safe",
    );
    assert_reports(
        &with("[buckets.uploads]\nlifecycle = [{ prefix = \"x/\" }]"),
        "without any action does nothing",
    );
    assert_reports(
        &with("[buckets.uploads]\nlifecycle = [{ transition_to_ia_days = 10 }]"),
        "after 30 days at the earliest",
    );
    assert_reports(
        &with("[buckets.uploads]\nlifecycle = [{ transition_to_ia_days = 60, expire_days = 30 }]"),
        "`expire_days` (30) must be at least 30 days after",
    );
    assert_reports(&with("[secrets.\"a b\"]"), "secret name `a b` is not valid");
    assert_reports(
        &with("[kafka]\nversion = \"three\""),
        "Amazon MSK does not create clusters with Kafka `three`",
    );
    assert_reports(
        &with("[kafka]\ninstance_type = \"m5.large\""),
        "is not an MSK broker type",
    );
    assert_reports(
        &with("[kafka]\nbrokers_per_az = 0"),
        "at least one broker per zone",
    );
}
