//! `plinth explain` prints a blueprint: pasted into a file it validates and resolves, for that
//! environment, to the same model as the original.

use std::process::Output;

mod common;
use common::{repo_root, text};

/// `plinth args…` from the repository root.
fn plinth(args: &[&str]) -> Output {
    common::plinth(args, &repo_root())
}

fn resolved(file: &str, env: &str) -> serde_json::Value {
    let output = plinth(&["explain", file, "--env", env, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The documented exception (crates/blueprint/src/explain.rs): `state.account_id` is the account
/// of the first environment keeping its state in the bucket, and the explained document has one
/// environment. Returns the paths where the two models may differ for that reason.
fn exceptions(original: &serde_json::Value) -> Vec<&'static str> {
    let mut paths = Vec::new();
    if original["state"]["account_id"] != original["account_id"] {
        paths.push("/state/account_id");
    }
    paths
}

#[test]
fn every_example_and_environment_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(repo_root().join("blueprints")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let file = path.to_str().unwrap();
        let names: Vec<String> = resolved_names(file);
        for env in &names {
            let explained = plinth(&["explain", file, "--env", env]);
            assert_eq!(
                explained.status.code(),
                Some(0),
                "{}",
                text(&explained.stderr)
            );
            let copy = dir.path().join(format!(
                "{}-{env}.toml",
                path.file_stem().unwrap().to_string_lossy()
            ));
            std::fs::write(&copy, &explained.stdout).unwrap();
            let copy = copy.to_str().unwrap();
            let validate = plinth(&["validate", copy]);
            assert_eq!(
                validate.status.code(),
                Some(0),
                "{file} --env {env}:\n{}\n{}",
                text(&validate.stderr),
                text(&explained.stdout)
            );
            let warned = |output: &Output| text(&output.stderr).matches("warning:").count();
            assert!(
                warned(&validate) <= warned(&plinth(&["validate", file])),
                "{file} --env {env}: the explanation draws new warnings:\n{}",
                text(&validate.stderr)
            );
            let mut original = resolved(file, env);
            let mut again = resolved(copy, env);
            for pointer in exceptions(&original) {
                *original.pointer_mut(pointer).unwrap() = serde_json::Value::Null;
                *again.pointer_mut(pointer).unwrap() = serde_json::Value::Null;
            }
            assert!(
                original == again,
                "{file} --env {env} resolves differently:\n{}\n---\n{}\n---\n{}",
                serde_json::to_string_pretty(&original).unwrap(),
                serde_json::to_string_pretty(&again).unwrap(),
                text(&explained.stdout)
            );
            // Explaining the explanation changes nothing but the header.
            let twice = plinth(&["explain", copy, "--env", env]);
            let body = |t: &str| t.lines().skip(2).collect::<Vec<_>>().join("\n");
            let once = text(&explained.stdout);
            let twice_text = text(&twice.stdout);
            let strip = |t: &str| body(t).replace("  # default", "");
            assert_eq!(strip(&once), strip(&twice_text), "{file} --env {env}");
            checked += 1;
        }
    }
    assert!(checked >= 18, "{checked}");
}

fn resolved_names(file: &str) -> Vec<String> {
    let output = plinth(&["cost", file, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    value["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["environment"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn explain_speaks_blueprint_and_marks_defaults() {
    let output = plinth(&["explain", "blueprints/minimal-ecs.toml", "--env", "prod"]);
    assert_eq!(output.status.code(), Some(0));
    let toml = text(&output.stdout);
    for line in [
        "[project]\nname = \"hello\"\nregion = \"eu-west-1\"\n",
        "repository = \"acme/hello\"\n",
        "environments = [\"prod\"]\n",
        "[env.prod]\nproduction = true  # default\n",
        "[services.web]\nkind = \"web\"  # default\nport = 8080\ndockerfile = \"Dockerfile\"\n",
        "cpu = 256  # default\n",
        "desired_count = 2  # default\n",
        "nat = \"per-az\"  # default\n",
    ] {
        assert!(toml.contains(line), "{line:?} in\n{toml}");
    }
    // The model's internal tags (`ImageSource`'s `kind = "build"`) stay out.
    for internal in [
        "[[services]]",
        "kind = \"build\"",
        "parameter_group_family",
        "names",
    ] {
        assert!(!toml.contains(internal), "{internal:?} in\n{toml}");
    }
    let dev = text(&plinth(&["explain", "blueprints/minimal-ecs.toml"]).stdout);
    assert!(
        dev.contains("[env.dev]\nproduction = false  # default\n"),
        "{dev}"
    );
}

#[test]
fn an_overlay_value_is_not_a_default() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = std::fs::read_to_string(repo_root().join("blueprints/minimal-ecs.toml")).unwrap();
    let path = dir.path().join("app.toml");
    std::fs::write(
        &path,
        minimal + "\n[env.prod.services.web]\ncpu = 512\nmemory = 1024\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let prod = text(&plinth(&["explain", path, "--env", "prod"]).stdout);
    assert!(prod.contains("cpu = 512\nmemory = 1024\n"), "{prod}");
    let dev = text(&plinth(&["explain", path, "--env", "dev"]).stdout);
    assert!(
        dev.contains("cpu = 256  # default\nmemory = 512  # default\n"),
        "{dev}"
    );
}

#[test]
fn json_prints_the_resolved_model() {
    let model = resolved("blueprints/full-ecs.toml", "prod");
    assert_eq!(model["name"], "prod");
    assert_eq!(model["services"][0]["name"], "api");
}
