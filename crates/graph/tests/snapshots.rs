//! The Mermaid and dot diagrams of every example blueprint's environments, snapshotted, so a
//! reviewer sees what a model or emitter change does to the architecture the README shows.

use std::path::Path;

use plinth_blueprint::{SourceFile, load};

#[test]
fn diagrams_match_their_snapshots() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
    insta::glob!(examples, "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).expect("readable blueprint");
        let blueprint = load(&SourceFile::new(&name, text))
            .unwrap_or_else(|_| panic!("{name} loads"))
            .blueprint;
        for env in &blueprint.environments {
            let graph = plinth_graph::graph(env, &blueprint.project);
            insta::assert_snapshot!(format!("{}_mermaid", env.name), graph.to_mermaid());
            insta::assert_snapshot!(format!("{}_dot", env.name), graph.to_dot());
        }
    });
}
