//! One case per validation rule: a blueprint with one mistake and the message it must produce.
//!
//! The cases are grouped by the section they break; the helpers below are shared.

mod compute;
mod data;
mod exec;
mod jobs;
mod network;
mod operations;
mod project;
mod releases;
mod renames;
mod services;
mod sidecars;
mod workloads;

use crate::{Diagnostic, SourceFile, load};

/// A valid blueprint the cases below modify.
const BASE: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev", "prod"]
repository = "acme/shop"

[services.api]
port = 8080
dockerfile = "Dockerfile"
"#;

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match load(&SourceFile::new("case.toml", text)) {
        Ok(loaded) => loaded.warnings,
        Err(diagnostics) => diagnostics,
    }
}

/// Asserts that `text` produces a diagnostic containing `expected`, and that its span is inside
/// the text.
#[track_caller]
fn assert_reports(text: &str, expected: &str) {
    let found = diagnostics(text);
    assert!(
        found.iter().any(|d| d.message.contains(expected)),
        "expected a diagnostic containing {expected:?}, got {:#?}",
        found.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    for diagnostic in &found {
        let span = diagnostic.span.clone().unwrap_or(0..0);
        assert!(span.end <= text.len());
    }
}

fn with(extra: &str) -> String {
    format!("{BASE}\n{extra}\n")
}

#[test]
fn the_base_case_is_valid() {
    assert!(diagnostics(BASE).is_empty(), "{:#?}", diagnostics(BASE));
}
