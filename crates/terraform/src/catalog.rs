//! Module calls for the rest of the catalog: secrets, buckets, cache, Kafka, DNS, WAF,
//! monitoring, budget and the log key.

use hcl::Expression;
use plinth_blueprint::model::{
    Bucket, Budget, Cache, Compute, Database, Environment, ImageSource, Kafka,
};

use crate::hcl::{Block, expr, module_label, object, string, strings, template_text};
use crate::modules::Module;

/// `module "bucket_uploads"` for bucket `uploads`.
pub fn bucket_module(bucket: &str) -> String {
    module_label("bucket", bucket)
}

/// The Secrets Manager name of the cache's auth token.
pub fn cache_secret_name(env: &Environment) -> String {
    env.names.secret("cache-auth-token")
}

/// `module "app_secrets"`: the `[secrets.<name>]` entries, created empty.
pub fn app_secrets(env: &Environment) -> Block {
    let secrets = env.secrets.iter().map(|secret| {
        let mut entry = vec![("name", string(&secret.secret_name))];
        if let Some(description) = &secret.description {
            entry.push(("description", string(description)));
        }
        (secret.identity().to_owned(), object(entry))
    });
    Block::new("module", ["app_secrets"])
        .attr("source", string(&Module::AppSecrets.source_for(env)))
        .blank()
        .attr("secrets", object(secrets))
        // Outside production a deleted secret goes at once: during a recovery window its name is
        // reserved, and re-applying a destroyed environment the same day would fail with "already
        // scheduled for deletion" (provider issue #10259).
        .attr("recovery_window_days", if env.production { 30 } else { 0 })
}

/// `module "bucket_<name>"`.
pub fn bucket(env: &Environment, bucket: &Bucket) -> Block {
    // Keyed by position in the blueprint: rule ids S3 shows, stable while rules are appended.
    let rules = bucket.lifecycle.iter().enumerate().map(|(index, rule)| {
        let mut entry = vec![("prefix", string(&rule.prefix))];
        let days = [
            ("transition_to_ia_days", rule.transition_to_ia_days),
            (
                "transition_to_glacier_days",
                rule.transition_to_glacier_days,
            ),
            ("expire_days", rule.expire_days),
            ("noncurrent_expire_days", rule.noncurrent_expire_days),
        ];
        entry.extend(
            days.into_iter()
                .filter_map(|(name, days)| days.map(|d| (name, Expression::from(d)))),
        );
        (format!("rule-{}", index + 1), object(entry))
    });
    crate::skips::bucket(
        Block::new("module", [bucket_module(&bucket.name).as_str()]),
        bucket,
    )
    .attr("source", string(&Module::S3Bucket.source_for(env)))
    .blank()
    .attr("bucket_name", string(&bucket.bucket_name))
    .attr("versioning", bucket.versioning)
    .attr("kms_enabled", bucket.kms)
    .attr("lifecycle_rules", object(rules))
    // Outside production a destroy empties the bucket (every version), so the environment can
    // be destroyed and applied again; production buckets also keep `prevent_destroy`.
    .attr("force_destroy", !env.production)
}

/// `module "cache"`.
pub fn cache(
    env: &Environment,
    cache: &Cache,
    allowed: Expression,
    log_key: Option<Expression>,
) -> Block {
    crate::skips::cache(Block::new("module", ["cache"]), cache)
        .attr("source", string(&Module::Cache.source_for(env)))
        .blank()
        .attr("name", string(&env.names.cache()))
        .attr("engine", string(cache.engine.as_str()))
        .attr("engine_version", string(&cache.version))
        .attr(
            "parameter_group_family",
            string(&cache.parameter_group_family),
        )
        .attr("node_type", string(&cache.node_type))
        .attr("port", cache.port)
        .blank()
        .attr("replicas", cache.replicas)
        .attr("multi_az", cache.multi_az)
        .attr("transit_encryption", cache.transit_encryption)
        .attr("at_rest_encryption", cache.at_rest_encryption)
        .attr("snapshot_retention_days", cache.snapshot_retention_days)
        .attr("auth_token_secret_name", string(&cache_secret_name(env)))
        .attr(
            "secret_recovery_window_days",
            if env.production { 7 } else { 0 },
        )
        .attr("log_retention_days", env.observability.log_retention_days)
        .attr_opt("log_kms_key_arn", log_key)
        .blank()
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("subnet_ids", expr("module.network.data_subnet_ids"))
        .attr("allowed_security_group_ids", allowed)
}

/// `module "kafka"`.
pub fn kafka(env: &Environment, kafka: &Kafka, allowed: Expression) -> Block {
    Block::new("module", ["kafka"])
        .attr("source", string(&Module::Msk.source_for(env)))
        .blank()
        .attr("name", string(&env.names.prefix))
        .attr("kafka_version", string(&kafka.version))
        .attr("instance_type", string(&kafka.instance_type))
        .attr("number_of_broker_nodes", kafka.broker_count)
        .attr("ebs_volume_size", kafka.storage_gb)
        .attr("log_retention_days", env.observability.log_retention_days)
        .blank()
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("subnet_ids", expr("module.network.data_subnet_ids"))
        .attr("allowed_security_group_ids", allowed)
}

/// `module "dns"`: certificate, validation records and, with a load balancer, alias records.
pub fn dns(env: &Environment, has_load_balancer: bool) -> Option<Block> {
    let dns = env.dns.as_ref()?;
    let mut block = Block::new("module", ["dns"])
        .attr("source", string(&Module::Dns.source_for(env)))
        .blank()
        .attr("domain", string(&dns.domain))
        .attr("alternative_names", strings(&dns.alternative_names))
        .attr("zone_id", string(&dns.zone_id))
        .blank()
        .attr("alias_enabled", has_load_balancer);
    if has_load_balancer {
        block = block
            .attr("alias_target_dns_name", expr("module.alb.dns_name"))
            .attr("alias_target_zone_id", expr("module.alb.zone_id"));
    }
    Some(block)
}

/// `module "waf"` in front of the load balancer.
pub fn waf(env: &Environment) -> Option<Block> {
    let waf = env.waf.as_ref()?;
    Some(
        Block::new("module", ["waf"])
            .attr("source", string(&Module::Waf.source_for(env)))
            .blank()
            .attr("name", string(&env.names.prefix))
            .attr("rate_limit", waf.rate_limit)
            .attr("log_retention_days", env.observability.log_retention_days)
            .attr("associate", true)
            .attr("resource_arn", expr("module.alb.arn")),
    )
}

/// Whether the environment's log groups are encrypted with their own key.
pub fn has_log_key(env: &Environment) -> bool {
    env.observability.log_kms && env.names.account_id.is_some()
}

/// `module "log_key"` when logs are KMS-encrypted.
pub fn log_key(env: &Environment) -> Option<Block> {
    let account = env.names.account_id.as_ref().filter(|_| has_log_key(env))?;
    Some(
        Block::new("module", ["log_key"])
            .attr("source", string(&Module::LogKey.source_for(env)))
            .blank()
            .attr("name", string(&env.names.prefix))
            .attr("account_id", string(account))
            .attr("region", string(&env.region)),
    )
}

/// `module "monitoring"`: the alarm topic, alarms and dashboard.
pub fn monitoring(env: &Environment, has_load_balancer: bool) -> Block {
    let observability = &env.observability;
    let thresholds = &observability.alarms;
    // The per-service alarms watch ECS metrics; on EKS the pods have none of them.
    let is_ecs = matches!(env.compute, Compute::Ecs(_));
    // A job has no ECS service to watch; its module alarms on failed runs.
    let services = env
        .services
        .iter()
        .filter(|s| is_ecs && s.is_long_running())
        .map(|service| {
            let load_balanced = service.public_web().is_some() && has_load_balancer;
            let mut entry = vec![("load_balanced", Expression::from(load_balanced))];
            if load_balanced {
                entry.push((
                    "target_group_arn_suffix",
                    expr(&format!(
                        "module.alb.target_group_arn_suffixes[\"{}\"]",
                        template_text(service.identity())
                    )),
                ));
            }
            (service.identity().to_owned(), object(entry))
        });
    let mut block = Block::new("module", ["monitoring"])
        .attr("source", string(&Module::Monitoring.source_for(env)))
        .blank()
        .attr("name", string(&env.names.prefix))
        .attr("region", string(&env.region))
        .attr("account_id", account_id(env))
        .attr("create_kms_key", true)
        .attr("alarm_emails", strings(&observability.emails))
        .attr("budget_notifications", env.budget.is_some())
        .attr("alarms_enabled", thresholds.enabled)
        .attr("dashboard_enabled", observability.dashboard)
        .blank()
        .attr("thresholds", thresholds_object(thresholds))
        .attr("period_seconds", thresholds.period_seconds)
        .attr("evaluation_periods", thresholds.evaluation_periods)
        .blank()
        .attr_opt(
            "ecs_cluster_name",
            is_ecs.then(|| expr("module.ecs_cluster.name")),
        )
        .attr("services", object(services))
        .blank()
        .attr("load_balancer_enabled", has_load_balancer);
    if has_load_balancer {
        block = block.attr("load_balancer_arn_suffix", expr("module.alb.arn_suffix"));
    }
    block = block
        .blank()
        .attr("database_enabled", env.database.is_some());
    if let Some(database) = &env.database {
        let instance_ids = env
            .names
            .database_instances(database.engine.is_aurora().then_some(database.instances));
        block = block.attr(
            "database",
            object([
                ("identifier", expr("module.database.identifier")),
                ("aurora", Expression::from(database.engine.is_aurora())),
                ("instance_ids", strings(instance_ids)),
            ]),
        );
    }
    block = block.blank().attr("cache_enabled", env.cache.is_some());
    if let Some(cache) = &env.cache {
        block = block
            .attr("cache_node_count", u32::from(cache.replicas) + 1)
            .attr(
                "cache",
                object([("node_ids", expr("module.cache.member_clusters"))]),
            );
    }
    block
}

/// The alarm thresholds as the monitoring module's `thresholds` object.
fn thresholds_object(alarms: &plinth_blueprint::model::Alarms) -> Expression {
    object([
        ("cpu_percent", Expression::from(alarms.cpu_percent)),
        ("memory_percent", Expression::from(alarms.memory_percent)),
        ("http_5xx_count", Expression::from(alarms.http_5xx_count)),
        (
            "target_5xx_count",
            Expression::from(alarms.target_5xx_count),
        ),
        ("latency_p95_ms", Expression::from(alarms.latency_p95_ms)),
        ("latency_p99_ms", Expression::from(alarms.latency_p99_ms)),
        ("db_cpu_percent", Expression::from(alarms.db_cpu_percent)),
        (
            "db_free_storage_gb",
            Expression::from(alarms.db_free_storage_gb),
        ),
        ("db_connections", Expression::from(alarms.db_connections)),
        (
            "db_replica_lag_ms",
            Expression::from(alarms.db_replica_lag_ms),
        ),
        (
            "cache_cpu_percent",
            Expression::from(alarms.cache_cpu_percent),
        ),
        (
            "cache_memory_percent",
            Expression::from(alarms.cache_memory_percent),
        ),
        ("cache_evictions", Expression::from(alarms.cache_evictions)),
    ])
}

/// The environment's account: the pinned id, or the VPC's owner when the blueprint does not pin
/// one (no data source, so plans stay offline).
pub(crate) fn account_id(env: &Environment) -> Expression {
    env.account_id
        .as_deref()
        .map_or_else(|| expr("module.network.account_id"), string)
}

/// `module "budget"`, alerting the emails and the alarm topic.
pub fn budget(env: &Environment, budget: &Budget) -> Block {
    Block::new("module", ["budget"])
        .attr("source", string(&Module::Budget.source_for(env)))
        .blank()
        .attr("name", string(&env.names.prefix))
        .attr("limit_usd", budget.monthly_limit_usd)
        .attr(
            "actual_thresholds",
            Expression::Array(
                budget
                    .actual_thresholds
                    .iter()
                    .map(|t| Expression::from(*t))
                    .collect(),
            ),
        )
        .attr(
            "forecast_thresholds",
            Expression::Array(
                budget
                    .forecast_thresholds
                    .iter()
                    .map(|t| Expression::from(*t))
                    .collect(),
            ),
        )
        .attr("emails", strings(&budget.emails))
        .blank()
        .attr("sns_enabled", true)
        .attr("sns_topic_arn", expr("module.monitoring.sns_topic_arn"))
        .attr(
            "cost_allocation_tag_key",
            string(crate::settings::STACK_TAG),
        )
        .attr("cost_allocation_tag_value", string(&env.names.prefix))
        .attr_opt("account_id", env.account_id.as_deref().map(string))
}

/// `module "network"`; `log_key` encrypts the flow logs, when they are on.
pub(crate) fn network(env: &Environment, log_key: Option<Expression>) -> Block {
    let network = &env.network;
    let cidrs = |list: &[_]| strings(list.iter().map(|net: &_| format!("{net}")));
    let endpoints = network.endpoints.iter().map(|endpoint| endpoint.as_str());
    Block::new("module", ["network"])
        .attr("source", string(&Module::Network.source_for(env)))
        .blank()
        .attr("name", string(&env.names.prefix))
        .attr("region", string(&env.region))
        .attr("cidr_block", string(&network.cidr.to_string()))
        .attr("availability_zones", strings(&network.availability_zones))
        .blank()
        .attr("public_subnet_cidrs", cidrs(&network.subnets.public))
        .attr("app_subnet_cidrs", cidrs(&network.subnets.app))
        .attr("data_subnet_cidrs", cidrs(&network.subnets.data))
        .blank()
        .attr("nat_mode", string(network.nat.as_str()))
        .attr("vpc_endpoints", strings(endpoints))
        .attr("flow_logs_enabled", network.flow_logs)
        .attr(
            "flow_logs_retention_days",
            env.observability.log_retention_days,
        )
        .attr_opt(
            "flow_logs_kms_key_arn",
            log_key.filter(|_| network.flow_logs),
        )
}

/// `module "ecr"`: a repository per service plinth builds.
pub(crate) fn ecr(env: &Environment) -> Block {
    let repositories = env
        .services
        .iter()
        .filter(|s| matches!(s.image, ImageSource::Build { .. }))
        .map(|s| env.names.repository(s.identity()));
    Block::new("module", ["ecr"])
        .attr("source", string(&Module::Ecr.source_for(env)))
        .blank()
        .attr("repositories", strings(repositories))
        // Outside production a destroy must succeed with images still in the repositories, so the
        // environment can be destroyed and applied again the same day.
        .attr("force_delete", !env.production)
}

/// `module "database"`, admitting the security groups in `allowed` (an object expression).
pub(crate) fn database(env: &Environment, database: &Database, allowed: Expression) -> Block {
    let mut block = Block::new("module", ["database"])
        .attr("source", string(&Module::Database.source_for(env)))
        .blank()
        .attr("identifier", string(&env.names.database()))
        .attr("engine", string(database.engine.as_str()))
        .attr("engine_version", string(&database.version))
        .attr(
            "parameter_group_family",
            string(&database.parameter_group_family),
        )
        .attr("instance_class", string(&database.instance_class))
        .attr("database_name", string(&database.database_name))
        .attr("port", database.port)
        .blank();
    if database.engine.is_aurora() {
        block = block.attr("instance_count", database.instances);
        if let Some(serverless) = &database.serverless {
            block = block
                .attr("serverless_min_capacity", serverless.min_capacity)
                .attr("serverless_max_capacity", serverless.max_capacity);
        }
    } else {
        block = block
            .attr_opt("allocated_storage", database.storage_gb)
            .attr_opt("max_allocated_storage", database.max_storage_gb);
    }
    block
        .attr("multi_az", database.multi_az)
        .blank()
        .attr("backup_retention_days", database.backup_retention_days)
        .attr("deletion_protection", database.deletion_protection)
        .attr("skip_final_snapshot", !database.final_snapshot)
        .attr(
            "performance_insights_enabled",
            database.performance_insights,
        )
        .attr("monitoring_interval", database.monitoring_interval)
        .attr("iam_database_authentication_enabled", database.iam_auth)
        .attr_opt("iam_users", crate::database_access::iam_users(env))
        .blank()
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("subnet_ids", expr("module.network.data_subnet_ids"))
        .attr("allowed_security_group_ids", allowed)
}
