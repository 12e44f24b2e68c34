//! Round trips of [`super::blueprint_toml`]: the explanation of every environment loads and
//! resolves to the same environment.

use super::blueprint_toml;
use crate::{SourceFile, load};

/// Everything the examples in `blueprints/` do not show: EKS node groups with labels and taints,
/// add-on pins, renames, an external image, host routing, a secret's JSON key, a bucket without
/// the uniqueness suffix.
const FEATURES: &str = r#"
[project]
name = "atlas"
region = "us-east-1"
repository = "acme/atlas"
tags = { Team = "platform" }
environments = ["dev", "live"]

[env.live]
production = true
renamed_from = "prod"
account_id = "123456789012"

[compute]
platform = "eks"
kubernetes_version = "1.33"
public_endpoint = true
public_access_cidrs = ["203.0.113.0/24"]
addon_versions = { coredns = "v1.12.4-eksbuild.1" }

[compute.node_groups.general]
instance_types = ["t3.large"]
labels = { role = "general" }
taints = [{ key = "dedicated", value = "batch", effect = "NoSchedule" }]

[compute.node_groups.system]
capacity = "on-demand"

[services.web]
renamed_from = "site"
port = 8080
image = "public.ecr.aws/nginx/nginx:1.27"
user = "101:101"
hosts = ["www.example.com"]
secrets = { API_KEY = "secret:stripe:key" }
environment = { MODE = "web" }
language = "node"
test_commands = ["npm test"]

[buckets.media]
renamed_from = "files"
unique_suffix = false

[[buckets.media.lifecycle]]
prefix = "tmp/"
expire_days = 7

[secrets.stripe]
renamed_from = "payments"
description = "Stripe keys"

[env.live.services.web]
cpu = 512
memory = 1024
"#;

/// WAF on ECS, switched off in one environment, and Aurora Serverless.
const WAF: &str = r#"
[project]
name = "shop"
region = "eu-west-1"

[services.web]
port = 8080
dockerfile = "Dockerfile"

[database]
engine = "aurora-postgresql"
serverless = { max_capacity = 4 }

[waf]
rate_limit = 1000

[env.dev.waf]
enabled = false
"#;

fn round_trip(name: &str, text: &str) -> usize {
    let original = load(&SourceFile::new(name, text))
        .unwrap_or_else(|d| panic!("{name} does not load: {d:#?}"));
    for environment in &original.blueprint.environments {
        let explained = blueprint_toml(&original.blueprint, environment, text, name);
        let again = load(&SourceFile::new("explained.toml", explained.as_str()))
            .unwrap_or_else(|d| panic!("{name} {}: {d:#?}\n{explained}", environment.name));
        let mut before = serde_json::to_value(environment).unwrap();
        let mut after = serde_json::to_value(&again.blueprint.environments[0]).unwrap();
        // The one documented exception: the state bucket's account is that of the first
        // environment keeping its state there.
        if before["state"]["account_id"] != before["account_id"] {
            before["state"]["account_id"] = serde_json::Value::Null;
            after["state"]["account_id"] = serde_json::Value::Null;
        }
        assert_eq!(before, after, "{name} {}:\n{explained}", environment.name);
        assert!(
            again.warnings.len() <= original.warnings.len(),
            "{name} {}: {:#?}",
            environment.name,
            again.warnings
        );
    }
    original.blueprint.environments.len()
}

#[test]
fn every_feature_round_trips() {
    assert_eq!(round_trip("features.toml", FEATURES), 2);
    assert_eq!(round_trip("waf.toml", WAF), 2);
}

#[test]
fn every_example_round_trips() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
    let mut environments = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            environments += round_trip(&path.display().to_string(), &text);
        }
    }
    assert!(environments >= 18, "{environments}");
}

#[test]
fn defaults_are_marked_and_overlays_are_not() {
    let text = "[project]\nname = \"app\"\nregion = \"eu-west-1\"\n\n\
                [services.web]\nport = 8080\ndockerfile = \"Dockerfile\"\n\n\
                [env.prod.services.web]\ncpu = 512\nmemory = 1024\n";
    let loaded = load(&SourceFile::new("app.toml", text)).unwrap();
    let prod = loaded.blueprint.environment("prod").unwrap();
    let explained = blueprint_toml(&loaded.blueprint, prod, text, "app.toml");
    assert!(
        explained.contains("\n[services.web]\nkind = \"web\"  # default\nport = 8080\n"),
        "{explained}"
    );
    assert!(
        explained.contains("\ncpu = 512\nmemory = 1024\n"),
        "{explained}"
    );
    assert!(
        explained.contains("\ndesired_count = 2  # default\n"),
        "{explained}"
    );
    assert!(
        explained.contains("\n[env.prod]\nproduction = true  # default\n"),
        "{explained}"
    );
    let dev = loaded.blueprint.environment("dev").unwrap();
    let explained = blueprint_toml(&loaded.blueprint, dev, text, "app.toml");
    assert!(
        explained.contains("\ncpu = 256  # default\n"),
        "{explained}"
    );
}
