//! One resolved environment written back as a blueprint (`plinth explain`).
//!
//! [`blueprint_toml`] turns the model of one environment into the TOML a user writes: the same
//! tables and keys (`[project]`, `[env.<name>]`, `[services.<name>]`, `[database]`, …), every
//! value resolved for that environment, and `# default` after each value the user's blueprint
//! does not set (neither at top level nor in the environment's `[env.<name>]` overlay). The
//! document describes that one environment: `project.environments` names only it, and its
//! `[env.<name>]` table holds its own settings. It validates, and resolves for that environment
//! to the same model as the original blueprint, with these exceptions:
//!
//! - `[ci]` is shared by every environment and not part of the environment's model: it is copied
//!   as the blueprint writes it, without its defaults.
//! - `state.account_id` (not a blueprint key) is the account of the *first* environment keeping
//!   its state in the bucket; the document has a single environment, so when an earlier
//!   environment of the original shares its state bucket but pins another account, the document
//!   resolves to this environment's account instead.
//! - Values with no blueprint key (the subnet plan, parameter group families, ports, the final
//!   snapshot, the broker count, AWS names) are not printed; they follow from the printed values.
//! - Empty lists and maps the blueprint does not set, and unset optional values (e.g. `owner`),
//!   are left out rather than printed empty. A service's default `language = "custom"` is printed
//!   as a comment: written out, it draws a warning about missing `test_commands`.

use std::fmt::Write as _;

use serde::Serialize;
use toml::{Table, Value};

use crate::model::{Blueprint, Compute, Environment, NodeGroup, SecretEnv, SecretSource};

/// The keys of `[env.<name>]` that belong to the environment itself rather than overlay a
/// section.
const ENVIRONMENT_KEYS: [&str; 6] = [
    "production",
    "account_id",
    "assume_role_arn",
    "region",
    "approval",
    "renamed_from",
];

/// `environment` of `blueprint` as a blueprint document; `source` is the text of the blueprint it
/// was loaded from (to tell the values it sets from defaults) and `path` how to name it.
pub fn blueprint_toml(
    blueprint: &Blueprint,
    environment: &Environment,
    source: &str,
    path: &str,
) -> String {
    let document: Table = source.parse().unwrap_or_default();
    let user = UserTree::new(&document, &environment.name);
    let mut out = Out::default();
    let _ = writeln!(
        out.text,
        "# {path} explained for environment `{}`: a blueprint of this one environment, every value\n\
         # resolved after overlays and defaults; `# default` marks values the blueprint does not set.",
        environment.name
    );
    project(&mut out, blueprint, environment, &user);
    let base = user.merged.clone();
    let sections = Some(&base);
    network(&mut out, environment, table(sections, "network"));
    compute(&mut out, environment, table(sections, "compute"));
    for service in &environment.services {
        services::service(
            &mut out,
            service,
            table(table(sections, "services"), &service.name),
        );
    }
    data(&mut out, environment, sections);
    messaging::messaging(&mut out, environment, sections);
    operations(&mut out, environment, sections);
    if let Some(ci) = document.get("ci") {
        // Shared by every environment, not in the environment's model: as written.
        let mut ci_table = Table::new();
        ci_table.insert("ci".to_owned(), ci.clone());
        let _ = write!(
            out.text,
            "\n{}",
            toml::to_string(&ci_table).unwrap_or_default()
        );
    }
    out.text
}

/// What the user's blueprint sets for one environment.
struct UserTree<'a> {
    project: Option<&'a Table>,
    settings: Option<&'a Table>,
    /// The sections, with the environment's overlay deep-merged into the base.
    merged: Table,
}

impl<'a> UserTree<'a> {
    fn new(document: &'a Table, env: &str) -> Self {
        let overlay = table(table(Some(document), "env"), env);
        let mut merged: Table = document
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "project" | "env" | "ci"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if let Some(overlay) = overlay {
            for (key, value) in overlay {
                if !ENVIRONMENT_KEYS.contains(&key.as_str()) {
                    merge(&mut merged, key, value);
                }
            }
        }
        Self {
            project: table(Some(document), "project"),
            settings: overlay,
            merged,
        }
    }
}

/// Deep-merges `value` into `into[key]`: tables key by key, anything else replaces.
fn merge(into: &mut Table, key: &str, value: &Value) {
    match (into.get_mut(key), value) {
        (Some(Value::Table(existing)), Value::Table(overlay)) => {
            for (k, v) in overlay {
                merge(existing, k, v);
            }
        }
        _ => {
            into.insert(key.to_owned(), value.clone());
        }
    }
}

fn table<'a>(parent: Option<&'a Table>, key: &str) -> Option<&'a Table> {
    parent?.get(key)?.as_table()
}

fn value<T: Serialize>(v: &T) -> Value {
    Value::try_from(v).unwrap_or_else(|_| Value::String(String::new()))
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

/// A TOML key, bare when it can be.
fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_owned()
    } else {
        Value::String(name.to_owned()).to_string()
    }
}

#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    /// Starts `[a.b.c]` (or `[[a.b.c]]`) whose keys the user's `user` table may set.
    fn section<'o, 'u>(
        &'o mut self,
        path: &[&str],
        user: Option<&'u Table>,
        array: bool,
    ) -> Section<'o, 'u> {
        let dotted: Vec<String> = path.iter().map(|p| key(p)).collect();
        let (open, close) = if array { ("[[", "]]") } else { ("[", "]") };
        let _ = writeln!(self.text, "\n{open}{}{close}", dotted.join("."));
        Section { out: self, user }
    }
}

/// The keys of one table.
struct Section<'o, 'u> {
    out: &'o mut Out,
    user: Option<&'u Table>,
}

impl Section<'_, '_> {
    fn is_set(&self, name: &str) -> bool {
        self.user.is_some_and(|t| t.contains_key(name))
    }

    /// `name = value`, with `# default` when the user does not set it.
    fn put(&mut self, name: &str, value: &Value) {
        let comment = if self.is_set(name) { "" } else { "  # default" };
        let _ = writeln!(self.out.text, "{} = {value}{comment}", key(name));
    }

    /// Like [`Self::put`], but nothing for `None`.
    fn opt<T: Serialize>(&mut self, name: &str, item: Option<&T>) {
        if let Some(item) = item {
            self.put(name, &value(item));
        }
    }

    /// Like [`Self::put`], but nothing for an empty list or map the user does not set.
    fn list(&mut self, name: &str, value: &Value) {
        let empty = match value {
            Value::Array(items) => items.is_empty(),
            Value::Table(entries) => entries.is_empty(),
            _ => false,
        };
        if !empty || self.is_set(name) {
            self.put(name, value);
        }
    }
}

fn project(out: &mut Out, blueprint: &Blueprint, environment: &Environment, user: &UserTree<'_>) {
    let project = &blueprint.project;
    let mut s = out.section(&["project"], user.project, false);
    s.put("name", &value(&project.name));
    s.put("region", &value(&project.region));
    s.opt("owner", project.owner.as_ref());
    s.opt("cost_center", project.cost_center.as_ref());
    s.opt(
        "repository",
        project
            .repository
            .as_ref()
            .map(|r| format!("{}/{}", r.owner, r.name))
            .as_ref(),
    );
    s.put("default_branch", &value(&project.default_branch));
    // Not a default: this document describes one environment.
    let _ = writeln!(
        s.out.text,
        "environments = [{}]",
        Value::String(environment.name.clone())
    );
    s.list("tags", &value(&project.tags));

    let mut s = out.section(&["env", &environment.name], user.settings, false);
    s.put("production", &Value::Boolean(environment.production));
    s.opt("account_id", environment.account_id.as_ref());
    s.opt("assume_role_arn", environment.assume_role_arn.as_ref());
    s.put("region", &value(&environment.region));
    s.put("approval", &Value::Boolean(environment.approval));
    s.opt("renamed_from", environment.renamed_from.as_ref());
}

fn network(out: &mut Out, environment: &Environment, user: Option<&Table>) {
    let network = &environment.network;
    let mut s = out.section(&["network"], user, false);
    s.put("cidr", &value(&network.cidr));
    s.put("availability_zones", &strings(&network.availability_zones));
    s.put("nat", &value(&network.nat));
    s.put("flow_logs", &Value::Boolean(network.flow_logs));
    s.list("endpoints", &value(&network.endpoints));
}

fn compute(out: &mut Out, environment: &Environment, user: Option<&Table>) {
    let mut s = out.section(&["compute"], user, false);
    match &environment.compute {
        Compute::Ecs(ecs) => {
            s.put("platform", &Value::String("ecs".to_owned()));
            s.put("fargate_spot_percent", &value(&ecs.fargate_spot_percent));
            s.put(
                "container_insights",
                &Value::Boolean(ecs.container_insights),
            );
        }
        Compute::Eks(eks) => {
            s.put("platform", &Value::String("eks".to_owned()));
            s.put("kubernetes_version", &value(&eks.kubernetes_version));
            s.put("public_endpoint", &Value::Boolean(eks.public_endpoint));
            s.list("public_access_cidrs", &strings(&eks.public_access_cidrs));
            s.list("admins", &strings(&eks.admins));
            let groups = table(user, "node_groups");
            for group in &eks.node_groups {
                node_group(out, group, table(groups, &group.name));
            }
            let pins = table(user, "addon_versions");
            let mut s = out.section(&["compute", "addon_versions"], pins, false);
            for (name, version) in &eks.addon_versions {
                s.put(name, &value(version));
            }
        }
    }
}

fn node_group(out: &mut Out, group: &NodeGroup, user: Option<&Table>) {
    let mut s = out.section(&["compute", "node_groups", &group.name], user, false);
    s.put("instance_types", &strings(&group.instance_types));
    s.put("capacity", &value(&group.capacity));
    s.put("min_size", &value(&group.min_size));
    s.put("desired_size", &value(&group.desired_size));
    s.put("max_size", &value(&group.max_size));
    s.put("disk_size_gb", &value(&group.disk_size_gb));
    s.list("labels", &value(&group.labels));
    s.list("taints", &value(&group.taints));
}

/// A container's secret variables as the references a blueprint writes.
fn secret_references(secrets: &[SecretEnv]) -> Value {
    let secrets: Table = secrets
        .iter()
        .map(|secret| {
            let reference = match &secret.source {
                SecretSource::DatabaseUsername => "database:username".to_owned(),
                SecretSource::DatabasePassword => "database:password".to_owned(),
                SecretSource::CacheAuthToken => "cache:auth_token".to_owned(),
                SecretSource::Secret { name, json_key } => match json_key {
                    Some(json_key) => format!("secret:{name}:{json_key}"),
                    None => format!("secret:{name}"),
                },
            };
            (secret.name.clone(), Value::String(reference))
        })
        .collect();
    Value::Table(secrets)
}

fn database(out: &mut Out, environment: &Environment, sections: Option<&Table>) {
    if let Some(database) = &environment.database {
        let mut s = out.section(&["database"], table(sections, "database"), false);
        let aurora = database.engine.is_aurora();
        s.put("engine", &value(&database.engine));
        s.put("version", &value(&database.version));
        s.put("instance_class", &value(&database.instance_class));
        if aurora {
            s.put("instances", &value(&database.instances));
        }
        s.opt("storage_gb", database.storage_gb.as_ref());
        s.opt("max_storage_gb", database.max_storage_gb.as_ref());
        s.put("multi_az", &Value::Boolean(database.multi_az));
        s.put(
            "backup_retention_days",
            &value(&database.backup_retention_days),
        );
        s.put(
            "deletion_protection",
            &Value::Boolean(database.deletion_protection),
        );
        s.put(
            "performance_insights",
            &Value::Boolean(database.performance_insights),
        );
        s.put("monitoring_interval", &value(&database.monitoring_interval));
        s.put("iam_auth", &Value::Boolean(database.iam_auth));
        s.put("database_name", &value(&database.database_name));
        if let Some(serverless) = &database.serverless {
            let user = table(table(sections, "database"), "serverless");
            let mut s = out.section(&["database", "serverless"], user, false);
            s.put("min_capacity", &value(&serverless.min_capacity));
            s.put("max_capacity", &value(&serverless.max_capacity));
        }
    }
}

fn data(out: &mut Out, environment: &Environment, sections: Option<&Table>) {
    database(out, environment, sections);
    if let Some(cache) = &environment.cache {
        let mut s = out.section(&["cache"], table(sections, "cache"), false);
        s.put("engine", &value(&cache.engine));
        s.put("version", &value(&cache.version));
        s.put("node_type", &value(&cache.node_type));
        s.put("replicas", &value(&cache.replicas));
        s.put("multi_az", &Value::Boolean(cache.multi_az));
        s.put(
            "transit_encryption",
            &Value::Boolean(cache.transit_encryption),
        );
        s.put(
            "at_rest_encryption",
            &Value::Boolean(cache.at_rest_encryption),
        );
        s.put(
            "snapshot_retention_days",
            &value(&cache.snapshot_retention_days),
        );
    }
    let buckets = table(sections, "buckets");
    for bucket in &environment.buckets {
        let user = table(buckets, &bucket.name);
        let mut s = out.section(&["buckets", &bucket.name], user, false);
        s.opt("renamed_from", bucket.renamed_from.as_ref());
        // Not in the model (it shaped `bucket_name`): as the blueprint sets it.
        let suffix = user
            .and_then(|t| t.get("unique_suffix"))
            .cloned()
            .unwrap_or(Value::Boolean(true));
        s.put("unique_suffix", &suffix);
        s.put("versioning", &Value::Boolean(bucket.versioning));
        s.put("kms", &Value::Boolean(bucket.kms));
        let rules = user
            .and_then(|t| t.get("lifecycle"))
            .and_then(Value::as_array);
        for (index, rule) in bucket.lifecycle.iter().enumerate() {
            let user = rules.and_then(|r| r.get(index)).and_then(Value::as_table);
            let mut s = out.section(&["buckets", &bucket.name, "lifecycle"], user, true);
            s.put("prefix", &value(&rule.prefix));
            s.opt("transition_to_ia_days", rule.transition_to_ia_days.as_ref());
            s.opt(
                "transition_to_glacier_days",
                rule.transition_to_glacier_days.as_ref(),
            );
            s.opt("expire_days", rule.expire_days.as_ref());
            s.opt(
                "noncurrent_expire_days",
                rule.noncurrent_expire_days.as_ref(),
            );
        }
    }
    let secrets = table(sections, "secrets");
    for secret in &environment.secrets {
        let mut s = out.section(
            &["secrets", &secret.name],
            table(secrets, &secret.name),
            false,
        );
        s.opt("renamed_from", secret.renamed_from.as_ref());
        s.opt("description", secret.description.as_ref());
    }
    if let Some(kafka) = &environment.kafka {
        let mut s = out.section(&["kafka"], table(sections, "kafka"), false);
        s.put("version", &value(&kafka.version));
        s.put("instance_type", &value(&kafka.instance_type));
        s.put("brokers_per_az", &value(&kafka.brokers_per_az));
        s.put("storage_gb", &value(&kafka.storage_gb));
    }
}

fn operations(out: &mut Out, environment: &Environment, sections: Option<&Table>) {
    if let Some(dns) = &environment.dns {
        let mut s = out.section(&["dns"], table(sections, "dns"), false);
        s.put("domain", &value(&dns.domain));
        s.put("zone_id", &value(&dns.zone_id));
        s.list("alternative_names", &strings(&dns.alternative_names));
    }
    let observability = &environment.observability;
    let user = table(sections, "observability");
    let mut s = out.section(&["observability"], user, false);
    s.put(
        "log_retention_days",
        &value(&observability.log_retention_days),
    );
    s.put("log_kms", &Value::Boolean(observability.log_kms));
    s.list("emails", &strings(&observability.emails));
    s.put("dashboard", &Value::Boolean(observability.dashboard));
    s.put(
        "tracing",
        &Value::String(
            if observability.tracing.is_some() {
                "xray"
            } else {
                "none"
            }
            .to_owned(),
        ),
    );
    let mut s = out.section(&["observability", "alarms"], table(user, "alarms"), false);
    if let Value::Table(alarms) = value(&observability.alarms) {
        for (name, threshold) in alarms {
            s.put(&name, &threshold);
        }
    }
    if let Some(budget) = &environment.budget {
        let mut s = out.section(&["budget"], table(sections, "budget"), false);
        s.put("monthly_limit_usd", &value(&budget.monthly_limit_usd));
        s.put("actual_thresholds", &value(&budget.actual_thresholds));
        s.put("forecast_thresholds", &value(&budget.forecast_thresholds));
        s.list("emails", &strings(&budget.emails));
    }
    let state = &environment.state;
    let identity = environment
        .renamed_from
        .as_deref()
        .unwrap_or(&environment.name);
    let key_prefix = state
        .key
        .strip_suffix(&format!("/{identity}/terraform.tfstate"))
        .unwrap_or(&state.key);
    let mut s = out.section(&["state"], table(sections, "state"), false);
    s.put("bucket", &value(&state.bucket));
    s.put("key_prefix", &value(&key_prefix));
    s.put("region", &value(&state.region));
    let waf_user = table(sections, "waf");
    match &environment.waf {
        Some(waf) => {
            let mut s = out.section(&["waf"], waf_user, false);
            s.put("enabled", &Value::Boolean(true));
            s.put("rate_limit", &value(&waf.rate_limit));
        }
        None if waf_user.is_some() => {
            let mut s = out.section(&["waf"], waf_user, false);
            s.put("enabled", &Value::Boolean(false));
        }
        None => {}
    }
}

#[path = "explain_messaging.rs"]
mod messaging;
#[path = "explain_services.rs"]
mod services;
#[path = "explain_sidecars.rs"]
mod sidecars;

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
