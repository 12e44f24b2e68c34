//! Property tests: whatever the input, the loader returns a model or diagnostics, never panics,
//! and every diagnostic points inside the text.
//!
//! 512 cases per property by default; `PLINTH_PROPTEST_CASES=100000` (`just fuzz`) runs a long
//! campaign.

use std::collections::BTreeSet;

use plinth_blueprint::{SourceFile, load, schema};
use proptest::prelude::*;
use proptest::sample::select;

/// Every key the schema knows, so random documents reach deep into the validator.
fn schema_keys() -> Vec<String> {
    fn collect(value: &serde_json::Value, keys: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(serde_json::Value::Object(properties)) = object.get("properties") {
                    keys.extend(properties.keys().cloned());
                }
                object.values().for_each(|child| collect(child, keys));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|child| collect(child, keys)),
            _ => {}
        }
    }
    let mut keys = BTreeSet::new();
    collect(schema::schema(), &mut keys);
    keys.extend(["dev", "prod", "staging", "api", "web"].map(String::from));
    keys.into_iter().collect()
}

/// Strings that mean something to the validator, plus noise.
fn interesting_string() -> impl Strategy<Value = String> {
    let known = [
        "ecs",
        "eks",
        "postgres",
        "aurora-mysql",
        "aurora-postgresql",
        "mysql",
        "redis",
        "valkey",
        "none",
        "single",
        "per-az",
        "on-demand",
        "spot",
        "node",
        "python",
        "database:password",
        "database:username",
        "cache:auth_token",
        "secret:x",
        "secret:x:k",
        "10.0.0.0/16",
        "10.0.0.0/24",
        "10.0.0.1/30",
        "eu-west-1",
        "eu-west-1a",
        "us-east-1b",
        "db.t4g.micro",
        "db.serverless",
        "cache.t4g.micro",
        "16.6",
        "/health",
        "/api/*",
        "api.example.com",
        "Dockerfile",
        "nginx:1.27",
        "dev",
        "prod",
        "a/b",
        "123456789012",
        "arn:aws:iam::123456789012:role/x",
        "",
    ];
    prop_oneof![select(known.to_vec()).prop_map(String::from), "[ -~]{0,12}"]
}

fn toml_value(keys: Vec<String>) -> impl Strategy<Value = toml::Value> {
    let leaf = prop_oneof![
        interesting_string().prop_map(toml::Value::String),
        prop_oneof![
            Just(0_i64),
            Just(1),
            Just(256),
            Just(512),
            Just(8080),
            Just(70_000),
            Just(-1),
            any::<i64>()
        ]
        .prop_map(toml::Value::Integer),
        prop_oneof![Just(0.5_f64), Just(1500.0), Just(-3.0), Just(0.0)]
            .prop_map(toml::Value::Float),
        any::<bool>().prop_map(toml::Value::Boolean),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
            prop::collection::btree_map(select(keys.clone()), inner, 0..6)
                .prop_map(|map| toml::Value::Table(map.into_iter().collect())),
        ]
    })
}

fn check_never_panics(text: String) {
    let file = SourceFile::new("fuzz.toml", text);
    if let Err(diagnostics) = load(&file) {
        assert!(!diagnostics.is_empty(), "a failed load must explain itself");
        for diagnostic in diagnostics {
            if let Some(span) = &diagnostic.span {
                assert!(
                    span.end <= file.text().len(),
                    "span {span:?} outside the text: {diagnostic:?}"
                );
            }
            // Rendering must not panic either.
            let _ = diagnostic.render(&file, false);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: plinth_tests::proptest_cases(512), ..ProptestConfig::default() })]

    #[test]
    fn random_documents_never_panic(
        document in prop::collection::btree_map(select(schema_keys()), toml_value(schema_keys()), 0..8)
    ) {
        let table: toml::Table = document.into_iter().collect();
        if let Ok(text) = toml::to_string(&table) {
            check_never_panics(text);
        }
    }

    #[test]
    fn random_text_never_panics(text in "[\\[\\]a-z0-9_=\"'.{},\\n #-]{0,200}") {
        check_never_panics(text);
    }

    #[test]
    fn mutated_starters_never_panic(cut in 0_usize..2000, len in 0_usize..40, insert in "[ -~\\n]{0,8}") {
        let starter = include_str!("../crates/cli/starters/ecs.toml");
        let start = cut.min(starter.len());
        let end = (start + len).min(starter.len());
        if starter.is_char_boundary(start) && starter.is_char_boundary(end) {
            check_never_panics(format!("{}{insert}{}", &starter[..start], &starter[end..]));
        }
    }
}
