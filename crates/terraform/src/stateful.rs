//! The stateful resources of a generated tree, and the changes that would destroy them.
//!
//! The manifest of each run records, per environment, every resource whose destruction loses
//! data (a database, a cache, a bucket, a queue, a secret, a Kafka cluster) with the attributes that force
//! Terraform to replace it. Comparing the previous run's record with this run's finds the
//! blueprint edits that would make the next `terraform apply` destroy data — a removed bucket, a
//! changed database engine, a renamed service without `renamed_from` — before anyone runs it.

use std::collections::BTreeMap;
use std::fmt::Display;

use plinth_blueprint::model::{Blueprint, Environment};
use serde::{Deserialize, Serialize};

use crate::catalog;

/// One resource whose destruction loses data, as one run generated it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatefulResource {
    /// The environment's state identity (its `renamed_from`, or its name): resources are
    /// compared within one Terraform state.
    pub environment: String,
    /// The module address in the environment's root, e.g. `module.database`.
    pub address: String,
    /// What it is, e.g. `RDS postgres instance`.
    pub kind: String,
    /// Its AWS name.
    pub name: String,
    /// The identity that survives renames (the blueprint key, or its `renamed_from`).
    pub identity: String,
    /// The attributes whose change forces Terraform to replace it, by name.
    pub replaced_when_changed: BTreeMap<String, String>,
    /// What is lost when it is destroyed.
    pub loses: String,
}

/// A blueprint change that would destroy a stateful resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DestructiveChange {
    /// The resource is no longer generated.
    Removed(StatefulResource),
    /// An attribute that forces replacement changed.
    Replaced {
        /// The resource as last generated.
        before: StatefulResource,
        /// The attribute, its old value and its new value.
        attribute: (String, String, String),
    },
}

impl Display for DestructiveChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Removed(r) => write!(
                f,
                "environment `{}`: {} `{}` ({}) is no longer in the blueprint, so Terraform would destroy it and lose {}",
                r.environment, r.kind, r.name, r.address, r.loses
            ),
            Self::Replaced {
                before: r,
                attribute: (name, old, new),
            } => write!(
                f,
                "environment `{}`: {} `{}` ({}) changes `{name}` from `{old}` to `{new}`, which makes Terraform destroy and recreate it, losing {}",
                r.environment, r.kind, r.name, r.address, r.loses
            ),
        }
    }
}

/// Every stateful resource `blueprint` generates, environment by environment.
pub fn stateful_resources(blueprint: &Blueprint) -> Vec<StatefulResource> {
    blueprint
        .environments
        .iter()
        .flat_map(environment_resources)
        .collect()
}

fn environment_resources(env: &Environment) -> Vec<StatefulResource> {
    let state = state_identity(env).to_owned();
    let resource =
        |address: String, kind: String, name: &str, identity: &str, loses: &str| StatefulResource {
            environment: state.clone(),
            address,
            kind,
            name: name.to_owned(),
            identity: identity.to_owned(),
            replaced_when_changed: BTreeMap::from([("name".to_owned(), name.to_owned())]),
            loses: loses.to_owned(),
        };
    let mut resources = Vec::new();
    if let Some(database) = &env.database {
        let engine = database.engine;
        let kind = if engine.is_aurora() {
            format!("Aurora {} cluster", engine.as_str())
        } else {
            format!("RDS {} instance", engine.as_str())
        };
        let mut r = resource(
            "module.database".into(),
            kind,
            &env.names.database(),
            "database",
            "every table, and the automated backups",
        );
        r.replaced_when_changed
            .insert("engine".into(), engine.as_str().to_owned());
        resources.push(r);
    }
    if env.cache.is_some() {
        resources.push(resource(
            "module.cache".into(),
            "ElastiCache replication group".into(),
            &env.names.cache(),
            "cache",
            "every cached key and the cache's snapshots",
        ));
    }
    if env.kafka.is_some() {
        resources.push(resource(
            "module.kafka".into(),
            "MSK cluster".into(),
            &env.names.prefix,
            "kafka",
            "every topic and message",
        ));
    }
    for bucket in &env.buckets {
        resources.push(resource(
            format!("module.{}", catalog::bucket_module(&bucket.name)),
            "S3 bucket".into(),
            &bucket.bucket_name,
            &format!("bucket:{}", bucket.identity()),
            "every object and object version in it",
        ));
    }
    for queue in &env.queues {
        let name = crate::messaging::queue_aws_name(queue);
        let mut r = resource(
            format!("module.{}", crate::messaging::queue_module(&queue.name)),
            "SQS queue".into(),
            &name,
            &format!("queue:{}", queue.identity()),
            "every message waiting in it (and in its dead-letter queue)",
        );
        r.replaced_when_changed
            .insert("fifo".into(), queue.fifo.to_string());
        resources.push(r);
    }
    for secret in &env.secrets {
        resources.push(resource(
            format!("module.app_secrets (\"{}\")", secret.identity()),
            "secret".into(),
            &secret.secret_name,
            &format!("secret:{}", secret.identity()),
            "its value, which only you know (recoverable until its recovery window ends)",
        ));
    }
    resources
}

/// The state identity of `env`: the name its Terraform state key derives from.
fn state_identity(env: &Environment) -> &str {
    env.renamed_from.as_deref().unwrap_or(&env.name)
}

/// The changes from `previous` (the last run's record) to `blueprint` that destroy data.
/// Environments no longer in the blueprint are skipped: removing an environment removes its
/// root, and nothing destroys its infrastructure until someone runs `terraform destroy` in it.
pub fn destructive_changes(
    previous: &[StatefulResource],
    blueprint: &Blueprint,
) -> Vec<DestructiveChange> {
    let next = stateful_resources(blueprint);
    let generated = |env: &str| {
        blueprint
            .environments
            .iter()
            .any(|e| state_identity(e) == env)
    };
    let mut changes = Vec::new();
    for before in previous.iter().filter(|r| generated(&r.environment)) {
        let after = next
            .iter()
            .find(|r| r.environment == before.environment && r.identity == before.identity);
        let Some(after) = after else {
            changes.push(DestructiveChange::Removed(before.clone()));
            continue;
        };
        let replaced = before.replaced_when_changed.iter().find_map(|(name, old)| {
            match after.replaced_when_changed.get(name) {
                Some(new) if new != old => Some((name.clone(), old.clone(), new.clone())),
                _ => None,
            }
        });
        if let Some(attribute) = replaced {
            changes.push(DestructiveChange::Replaced {
                before: before.clone(),
                attribute,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use plinth_blueprint::{SourceFile, load};

    use super::*;

    const BASE: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev", "prod"]

[services.api]
port = 8080
image = "nginx:1.27"
buckets = ["uploads"]

[database]
engine = "postgres"

[buckets.uploads]
"#;

    fn blueprint(text: &str) -> Blueprint {
        load(&SourceFile::new("app.toml", text))
            .expect("valid blueprint")
            .blueprint
    }

    fn changes(before: &str, after: &str) -> Vec<String> {
        let previous = stateful_resources(&blueprint(before));
        destructive_changes(&previous, &blueprint(after))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_unchanged_blueprint_destroys_nothing() {
        assert!(changes(BASE, BASE).is_empty());
    }

    #[test]
    fn a_removed_bucket_is_reported_per_environment() {
        let after = BASE
            .replace("[buckets.uploads]\n", "")
            .replace("buckets = [\"uploads\"]\n", "");
        let found = changes(BASE, &after);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains(
            "S3 bucket `shop-dev-uploads` (module.bucket_uploads) is no longer in the blueprint"
        ));
        assert!(found[0].contains("every object"));
    }

    #[test]
    fn a_renamed_bucket_without_renamed_from_is_a_removal_and_with_it_is_not() {
        let renamed = BASE.replace("uploads", "media");
        assert_eq!(changes(BASE, &renamed).len(), 2);
        let kept = renamed.replace(
            "[buckets.media]\n",
            "[buckets.media]\nrenamed_from = \"uploads\"\n",
        );
        assert!(changes(BASE, &kept).is_empty());
    }

    #[test]
    fn an_engine_change_replaces_the_database() {
        let after = BASE.replace("engine = \"postgres\"", "engine = \"mysql\"");
        let found = changes(BASE, &after);
        assert_eq!(found.len(), 2);
        assert!(found[1].contains(
            "RDS postgres instance `shop-prod` (module.database) changes `engine` from `postgres` to `mysql`"
        ));
    }

    #[test]
    fn a_removed_environment_is_left_alone_and_a_renamed_one_is_followed() {
        let without_prod = BASE.replace("[\"dev\", \"prod\"]", "[\"dev\"]");
        assert!(changes(BASE, &without_prod).is_empty());
        let renamed = format!(
            "{}\n[env.production]\nrenamed_from = \"prod\"\n",
            BASE.replace("\"prod\"]", "\"production\"]")
        );
        assert!(changes(BASE, &renamed).is_empty());
        let project_renamed = BASE.replace("name = \"shop\"", "name = \"store\"");
        assert_eq!(changes(BASE, &project_renamed).len(), 4);
    }
}
