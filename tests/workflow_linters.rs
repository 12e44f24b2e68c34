//! The external checkers over every generated workflow: actionlint (with shellcheck over every
//! `run:` script), zizmor (regular and pedantic personas, offline), checkov's GitHub Actions
//! framework, check-jsonschema against GitHub's workflow schema, and shellcheck over every script
//! on its own. Zero findings is the bar.
//!
//! The checkers come from the tools venv (`scripts/tools.sh`, installed on first use, see
//! `tests/checks.rs`); a missing one fails the test unless `PLINTH_SKIP` names it.

#[path = "../crates/workflows/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use plinth_tests::checks::tool;

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

/// The workflow files of every example, written under `root`.
fn workflow_files(root: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let repositories = write_examples(root);
    let workflows = repositories
        .iter()
        .flat_map(|repository| {
            std::fs::read_dir(repository.join(".github/workflows"))
                .expect("written")
                .map(|entry| entry.expect("listable").path().display().to_string())
        })
        .collect();
    (repositories, workflows)
}

#[test]
#[cfg_attr(
    any(skip_actionlint, skip_shellcheck),
    ignore = "PLINTH_SKIP names actionlint or shellcheck"
)]
fn the_workflows_pass_actionlint_with_shellcheck() {
    let actionlint = tool("actionlint", "actionlint");
    let shellcheck = tool("shellcheck", "shellcheck");
    let root = tempfile::tempdir().expect("a temporary directory");
    let (_, workflows) = workflow_files(root.path());
    assert!(!workflows.is_empty());
    // actionlint runs shellcheck over each `run:` script when it finds it on PATH, and says
    // nothing when it does not: name it explicitly.
    let mut args = vec![
        "-no-color".to_owned(),
        "-shellcheck".to_owned(),
        shellcheck.display().to_string(),
        "-pyflakes=".to_owned(),
    ];
    args.extend(workflows);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&actionlint, &args);
}

#[test]
#[cfg_attr(
    any(skip_zizmor, skip_checkov, skip_check_jsonschema),
    ignore = "PLINTH_SKIP names zizmor, checkov or check-jsonschema"
)]
fn the_workflows_pass_zizmor_checkov_and_the_workflow_schema() {
    let zizmor = tool("zizmor", "zizmor");
    let check_jsonschema = tool("check-jsonschema", "check-jsonschema");
    let checkov = tool("checkov", "checkov");
    let root = tempfile::tempdir().expect("a temporary directory");
    let (repositories, workflows) = workflow_files(root.path());
    let workflows: Vec<&str> = workflows.iter().map(String::as_str).collect();
    for persona in ["--persona=regular", "--persona=pedantic"] {
        let mut args = vec!["--offline", "--no-progress", persona];
        args.extend(&workflows);
        run(&zizmor, &args);
    }
    let mut args = vec!["--builtin-schema", "vendor.github-workflows"];
    args.extend(&workflows);
    run(&check_jsonschema, &args);
    for repository in &repositories {
        let directory = repository.display().to_string();
        run(
            &checkov,
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
#[cfg_attr(skip_shellcheck, ignore = "PLINTH_SKIP names shellcheck")]
fn every_script_passes_shellcheck() {
    let shellcheck = tool("shellcheck", "shellcheck");
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
