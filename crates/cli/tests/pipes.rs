//! A reader that stops early (`plinth … | head`) ends the run quietly with exit code 0, never a
//! panic: every command that prints to standard output.

use std::process::{Command, Stdio};

mod common;
use common::repo_root;

/// Runs plinth with its standard output closed before it writes anything.
fn closed_stdout(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plinth"))
        .args(args)
        .current_dir(repo_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("plinth runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("plinth ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(!stderr.contains("error"), "{args:?}: {stderr}");
}

/// Reads a few bytes, then stops reading, as `head -c` does.
fn stops_reading(args: &[&str]) {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_plinth"))
        .args(args)
        .current_dir(repo_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("plinth runs");
    let mut stdout = child.stdout.take().expect("piped");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("plinth ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn completions_into_a_closed_pipe() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        closed_stdout(&["completions", shell]);
    }
}

#[test]
fn cost_into_a_closed_pipe() {
    closed_stdout(&["cost", "blueprints/full-ecs.toml"]);
    closed_stdout(&["cost", "blueprints/full-ecs.toml", "--format", "json"]);
}

#[test]
fn explain_into_a_closed_pipe() {
    closed_stdout(&["explain", "blueprints/full-ecs.toml", "--env", "prod"]);
    closed_stdout(&["explain", "blueprints/full-ecs.toml", "--format", "json"]);
}

#[test]
fn graph_into_a_closed_pipe() {
    closed_stdout(&["graph", "blueprints/full-ecs.toml", "--env", "prod"]);
    closed_stdout(&["graph", "blueprints/full-ecs.toml", "--format", "dot"]);
}

#[test]
fn schema_into_a_closed_pipe() {
    closed_stdout(&["schema"]);
    closed_stdout(&["schema", "--format", "markdown"]);
}

#[test]
fn validate_json_and_help_into_a_closed_pipe() {
    closed_stdout(&[
        "validate",
        "--format",
        "json",
        "blueprints/minimal-ecs.toml",
    ]);
    closed_stdout(&["--help"]);
}

#[test]
fn a_reader_that_stops_after_a_few_bytes() {
    // Larger than a pipe's buffer, so plinth is still writing when the reader goes away.
    stops_reading(&["schema"]);
    stops_reading(&["schema", "--format", "markdown"]);
}
