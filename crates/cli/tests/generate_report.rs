//! What `plinth generate` tells the user: a summary per directory (the file list behind
//! `--verbose`), each warning once, and a `--force` hint only where `--force` helps.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn plinth(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plinth"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("plinth runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of minimal-ecs.toml in a temporary directory, optionally with more TOML appended.
fn blueprint(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let minimal = std::fs::read_to_string(repo_root().join("blueprints/minimal-ecs.toml")).unwrap();
    std::fs::write(dir.path().join("app.toml"), minimal + extra).unwrap();
    dir
}

fn generate(dir: &Path, more: &[&str]) -> Output {
    let mut args = vec!["generate", "app.toml", "--out", "out"];
    args.extend_from_slice(more);
    plinth(&args, dir)
}

#[test]
fn a_write_prints_a_summary_per_directory_and_lists_files_only_when_verbose() {
    let dir = blueprint("");
    let first = generate(dir.path(), &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let stderr = text(&first.stderr);
    let created = std::fs::read_to_string(dir.path().join("out/.plinth/manifest.json"))
        .unwrap()
        .matches("\": \"")
        .count()
        - 3; // plinth_version, blueprint, blueprint_sha256
    assert!(
        stderr.contains(&format!(
            "out: {created} created, 0 changed, 0 removed, 0 unchanged (environments: dev, prod)\n"
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("create  "),
        "no file list without --verbose: {stderr}"
    );
    assert!(stderr.lines().count() < 5, "{stderr}");

    // An unchanged tree, verbose: nothing to list.
    let again = generate(dir.path(), &["--verbose"]);
    let stderr = text(&again.stderr);
    assert!(
        stderr.contains(&format!(
            "out: 0 created, 0 changed, 0 removed, {created} unchanged"
        )),
        "{stderr}"
    );

    // A change, verbose: the changed files are listed, then the summary.
    let path = dir.path().join("app.toml");
    let changed = std::fs::read_to_string(&path)
        .unwrap()
        .replace("8080", "8000");
    std::fs::write(&path, changed).unwrap();
    let verbose = generate(dir.path(), &["--verbose"]);
    let stderr = text(&verbose.stderr);
    assert!(stderr.contains("change  envs/dev/main.tf (+"), "{stderr}");
    assert!(stderr.contains(" changed, 0 removed, "), "{stderr}");
    let terse_dir = blueprint("");
    generate(terse_dir.path(), &[]);
    let terse = generate(terse_dir.path(), &["-v"]);
    assert!(!text(&terse.stderr).contains("change  "));
}

#[test]
fn a_dry_run_lists_every_file_and_the_counts() {
    let dir = blueprint("");
    let output = generate(dir.path(), &["--dry-run"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("create  envs/dev/main.tf (+"), "{stdout}");
    assert!(
        stdout.contains(", change 0, remove 0; 0 unchanged (environments: dev, prod)\n"),
        "{stdout}"
    );
    assert!(stdout.starts_with("create  "), "{stdout}");
    assert!(!dir.path().join("out").exists(), "a dry run writes nothing");
}

fn warnings(output: &Output) -> Vec<String> {
    text(&output.stderr)
        .lines()
        .filter(|l| l.starts_with("warning"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_warning_is_printed_once_and_the_same_in_every_mode() {
    // Over budget in both environments, and a warning from the loader.
    let dir = blueprint("\n[budget]\nmonthly_limit_usd = 1\n");
    let dry = generate(dir.path(), &["--dry-run"]);
    let check = generate(dir.path(), &["--check"]);
    let write = generate(dir.path(), &[]);
    assert_eq!(write.status.code(), Some(0), "{}", text(&write.stderr));
    let written = warnings(&write);
    assert!(
        written
            .iter()
            .any(|w| w.contains("environment `prod` is estimated at")),
        "{written:?}"
    );
    let mut unique = written.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), written.len(), "{written:?}");
    assert_eq!(warnings(&dry), written);
    assert_eq!(warnings(&check), written);
}

#[test]
fn a_file_plinth_did_not_generate_gets_no_force_hint() {
    let dir = blueprint("");
    std::fs::create_dir_all(dir.path().join("out/envs/dev")).unwrap();
    std::fs::write(dir.path().join("out/envs/dev/main.tf"), "# mine\n").unwrap();
    for force in [&[][..], &["--force"]] {
        let output = generate(dir.path(), force);
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("exists but was not generated by plinth"),
            "{stderr}"
        );
        assert!(!stderr.contains("--force"), "{stderr}");
        assert!(stderr.contains("move or rename the files"), "{stderr}");
        assert!(
            stderr.contains("delete them if they are leftovers"),
            "{stderr}"
        );
    }
}

#[test]
fn a_hand_edited_generated_file_gets_the_force_hint() {
    let dir = blueprint("");
    assert_eq!(generate(dir.path(), &[]).status.code(), Some(0));
    std::fs::write(dir.path().join("out/envs/dev/main.tf"), "# my fix\n").unwrap();
    let output = generate(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("was edited by hand"), "{stderr}");
    assert!(
        stderr.contains("or pass --force to overwrite them"),
        "{stderr}"
    );
    assert!(!stderr.contains("move or rename"), "{stderr}");
    assert_eq!(generate(dir.path(), &["--force"]).status.code(), Some(0));
}

#[test]
fn graph_defaults_to_the_first_environment_like_explain() {
    let root = repo_root();
    let default = plinth(&["graph", "blueprints/full-ecs.toml"], &root);
    assert_eq!(default.status.code(), Some(0), "{}", text(&default.stderr));
    let first = plinth(
        &["graph", "blueprints/full-ecs.toml", "--env", "dev"],
        &root,
    );
    let prod = plinth(
        &["graph", "blueprints/full-ecs.toml", "--env", "prod"],
        &root,
    );
    assert_eq!(default.stdout, first.stdout);
    assert_ne!(default.stdout, prod.stdout);
    let explain = plinth(&["explain", "blueprints/full-ecs.toml"], &root);
    let explain_dev = plinth(
        &["explain", "blueprints/full-ecs.toml", "--env", "dev"],
        &root,
    );
    assert_eq!(explain.stdout, explain_dev.stdout);
    let help = text(&plinth(&["graph", "--help"], &root).stdout);
    assert!(help.contains("default: the first one"), "{help}");
}
