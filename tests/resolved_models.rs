//! Snapshots of what every example blueprint resolves to, environment by environment, so a
//! reviewer sees the effect of overlays and defaults (the same text `plinth explain` prints).

use std::fmt::Write as _;

use plinth_blueprint::{SourceFile, load};
use plinth_tests::display_path;

#[test]
fn example_blueprints_resolve_to_the_snapshotted_models() {
    insta::glob!(plinth_tests::repo_root(), "blueprints/*.toml", |path| {
        let name = display_path(path);
        let text = std::fs::read_to_string(path).expect("readable blueprint");
        let loaded = load(&SourceFile::new(&name, text))
            .unwrap_or_else(|d| panic!("{name} does not load: {d:#?}"));
        let mut combined = String::new();
        for environment in &loaded.blueprint.environments {
            let _ = writeln!(combined, "==== {} ====", environment.name);
            combined.push_str(
                &toml::to_string_pretty(environment).expect("the model serializes to TOML"),
            );
            combined.push('\n');
        }
        insta::assert_snapshot!(combined);
    });
}
