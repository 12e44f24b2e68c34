//! Exit codes: 0 success (and `--help`, `--version`), 1 user error (a wrong blueprint or a wrong
//! command line), 2 internal or I/O error.

use std::process::Output;

mod common;
use common::repo_root;

/// `plinth args…` from the repository root.
fn plinth(args: &[&str]) -> Output {
    common::plinth(args, &repo_root())
}

fn code(args: &[&str]) -> (Option<i32>, String, String) {
    let output = plinth(args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn success_is_zero() {
    let (code, _, stderr) = code(&["validate", "blueprints/minimal-ecs.toml"]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn help_and_version_are_zero_on_stdout() {
    for args in [&["--help"][..], &["-h"], &["generate", "--help"], &["help"]] {
        let (code, stdout, _) = code(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(stdout.contains("Usage"), "{args:?}: {stdout}");
    }
    let (code, stdout, _) = code(&["--version"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("plinth "), "{stdout}");
}

#[test]
fn the_help_lists_the_exit_codes() {
    let (_, stdout, _) = code(&["--help"]);
    assert!(
        stdout.contains("1 user error (invalid blueprint or command line"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_flag_is_a_user_error() {
    let (code, _, stderr) = code(&["validate", "--frobnicate", "blueprints/minimal-ecs.toml"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("unexpected argument '--frobnicate'"),
        "{stderr}"
    );
    assert!(stderr.contains("Usage"), "clap's message is kept: {stderr}");
}

#[test]
fn a_missing_argument_is_a_user_error() {
    let (code, _, stderr) = code(&["generate", "blueprints/minimal-ecs.toml"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");
}

#[test]
fn a_bad_value_or_subcommand_is_a_user_error() {
    for args in [
        &["completions", "tcsh"][..],
        &["frobnicate"],
        &[],
        &["schema", "--format", "yaml"],
    ] {
        let (code, _, stderr) = code(args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
    }
}

#[test]
fn an_invalid_blueprint_is_a_user_error() {
    let (code, _, _) = code(&[
        "validate",
        "tests/fixtures/invalid/01-unknown-key-did-you-mean.toml",
    ]);
    assert_eq!(code, Some(1));
}

#[test]
fn an_unknown_environment_is_a_user_error() {
    for command in ["explain", "graph", "cost"] {
        let (code, _, stderr) = code(&[command, "blueprints/minimal-ecs.toml", "--env", "qa"]);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains("has no environment `qa`; it has dev, prod"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn an_unreadable_file_is_an_io_error() {
    let (code, _, stderr) = code(&["validate", "blueprints/no-such-file.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot read blueprint"), "{stderr}");
}
