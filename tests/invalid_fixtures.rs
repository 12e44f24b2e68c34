//! Every file in `tests/fixtures/invalid/` is rejected with its expected message; the rendered
//! diagnostics are snapshotted so a reviewer sees exactly what a user would.

use plinth_blueprint::diagnostic::render_all;
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{display_path, repo_root};

#[test]
fn invalid_blueprints_are_rejected_with_clear_diagnostics() {
    let count =
        std::fs::read_dir(repo_root().join("tests/fixtures/invalid")).map_or(0, Iterator::count);
    assert!(
        count >= 25,
        "expected at least 25 invalid fixtures, found {count}"
    );
    insta::glob!("fixtures/invalid/*.toml", |path| {
        let name = display_path(path);
        // Read as bytes: one fixture is deliberately not UTF-8.
        let file = SourceFile::from_bytes(&name, std::fs::read(path).expect("readable fixture"));
        let expected = file
            .text()
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{name} must start with `# expect: <message>`"))
            .to_owned();
        let Err(diagnostics) = load(&file) else {
            panic!("{name} loaded, but it should be rejected with `{expected}`");
        };
        assert!(
            diagnostics
                .iter()
                .any(|d| d.is_error() && d.message.contains(&expected)),
            "{name}: no error says `{expected}`; got:\n{}",
            render_all(&diagnostics, &file, false)
        );
        insta::assert_snapshot!(render_all(&diagnostics, &file, false));
    });
}
