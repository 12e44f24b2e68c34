//! Table and JSON snapshots of the example blueprints' estimates, so a reviewer sees what a price,
//! assumption or model change does to real output.

use std::path::Path;

use plinth_blueprint::{SourceFile, load};

fn estimates(file: &str) -> (String, Vec<plinth_cost::EnvironmentEstimate>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../blueprints")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("readable blueprint");
    let blueprint = load(&SourceFile::new(format!("blueprints/{file}"), text))
        .expect("example blueprints load")
        .blueprint;
    (
        blueprint.project.name.clone(),
        plinth_cost::estimate(&blueprint),
    )
}

fn snapshot(file: &str) {
    let (project, estimates) = estimates(file);
    let name = file.trim_end_matches(".toml");
    insta::assert_snapshot!(
        format!("{name}.table"),
        plinth_cost::to_table(&project, &estimates)
    );
    insta::assert_snapshot!(
        format!("{name}.json"),
        plinth_cost::to_json(&project, &estimates)
    );
}

#[test]
fn minimal_ecs() {
    snapshot("minimal-ecs.toml");
}

#[test]
fn full_ecs() {
    snapshot("full-ecs.toml");
}

#[test]
fn eks_platform() {
    snapshot("eks-platform.toml");
}

#[test]
fn estimates_are_deterministic() {
    let (project, first) = estimates("full-ecs.toml");
    let (_, second) = estimates("full-ecs.toml");
    assert_eq!(
        plinth_cost::to_json(&project, &first),
        plinth_cost::to_json(&project, &second)
    );
}
