//! The committed JSON Schema is current, and every example blueprint satisfies it and loads.

use plinth_blueprint::{SourceFile, load, schema};
use plinth_tests::{display_path, repo_root, toml_files};

#[test]
fn committed_schema_is_current() {
    let path = repo_root().join("docs/blueprint.schema.json");
    let committed = std::fs::read_to_string(&path).expect("docs/blueprint.schema.json exists");
    assert!(
        committed == schema::schema_json(),
        "docs/blueprint.schema.json is stale: run `just schema` (cargo run -q -p plinth -- schema > docs/blueprint.schema.json)"
    );
}

#[test]
fn committed_reference_is_current() {
    let path = repo_root().join("docs/blueprint-reference.md");
    let committed = std::fs::read_to_string(&path).expect("docs/blueprint-reference.md exists");
    assert!(
        committed == plinth_blueprint::reference::reference_markdown(),
        "docs/blueprint-reference.md is stale: run `just schema` (cargo run -q -p plinth -- schema --format markdown > docs/blueprint-reference.md)"
    );
}

#[test]
fn every_blueprint_satisfies_the_schema_and_loads_cleanly() {
    let validator = jsonschema::validator_for(schema::schema()).expect("the schema compiles");
    let blueprints = toml_files("blueprints");
    assert!(
        blueprints.len() >= 2,
        "blueprints/ should hold the example blueprints"
    );
    for path in blueprints {
        let name = display_path(&path);
        let text = std::fs::read_to_string(&path).expect("readable blueprint");
        assert!(
            text.starts_with("#:schema ../docs/blueprint.schema.json\n"),
            "{name} must start with `#:schema ../docs/blueprint.schema.json` so editors check it"
        );
        let document: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = serde_json::to_value(&document).expect("TOML converts to JSON");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name} violates the schema:\n{}",
            errors.join("\n")
        );
        match load(&SourceFile::new(&name, text)) {
            Ok(loaded) => assert!(
                loaded.warnings.is_empty(),
                "{name} has warnings: {:#?}",
                loaded.warnings
            ),
            Err(diagnostics) => panic!("{name} does not load: {diagnostics:#?}"),
        }
    }
}

#[test]
fn every_invalid_fixture_is_well_formed_toml_or_a_syntax_case() {
    // The schema and the loader agree: a fixture that satisfies the schema must still be
    // rejected, and one that violates it must be rejected by the loader's structural pass.
    let validator = jsonschema::validator_for(schema::schema()).expect("the schema compiles");
    for path in toml_files("tests/fixtures/invalid") {
        let name = display_path(&path);
        // Read as bytes: one fixture is deliberately not UTF-8.
        let file = SourceFile::from_bytes(&name, std::fs::read(&path).expect("readable fixture"));
        let schema_ok = toml::from_str::<toml::Table>(file.text())
            .ok()
            .and_then(|doc| serde_json::to_value(doc).ok())
            .is_some_and(|json| validator.is_valid(&json));
        let loaded = load(&file);
        assert!(
            loaded.is_err(),
            "{name} should be rejected (schema valid: {schema_ok})"
        );
    }
}
