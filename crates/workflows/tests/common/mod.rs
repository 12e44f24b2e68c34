//! Loading the example blueprints the tests render, and reading back what they render.
#![allow(
    dead_code,
    reason = "each test binary uses its own subset of these helpers"
)]

use std::path::PathBuf;

use plinth_blueprint::model::Blueprint;
use plinth_blueprint::output::GeneratedFile;
use plinth_blueprint::{SourceFile, load};

/// Every blueprint in `blueprints/` (the examples and the reference systems), by file name, sorted.
pub fn examples() -> Vec<String> {
    let dir = blueprints_dir();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("blueprints/ is readable")
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
        })
        .collect();
    names.sort();
    names
}

/// `blueprints/` of the repository, found from the crate that includes this module (the
/// workflows crate, or the integration tests in `tests/`, which share it).
fn blueprints_dir() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("blueprints"))
        .find(|dir| dir.is_dir())
        .expect("blueprints/ above the crate")
}

/// Where the Terraform tree lives in the example repositories.
pub const OUT_DIR: &str = "infra";

/// The example blueprint `name`, loaded and validated.
pub fn example(name: &str) -> Blueprint {
    let path = blueprints_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("the example blueprint is readable");
    load(&SourceFile::new(format!("blueprints/{name}"), text))
        .unwrap_or_else(|diagnostics| panic!("{name} does not load: {diagnostics:#?}"))
        .blueprint
}

/// The workflows of the example blueprint `name`.
pub fn workflows(name: &str) -> Vec<GeneratedFile> {
    plinth_workflows::emit(&example(name), &format!("blueprints/{name}"), OUT_DIR)
        .expect("the example blueprints generate")
}

/// The lines of each block scalar (`run: |`, `script: |`, …) with the key that opens it.
pub fn block_scalars(contents: &str) -> Vec<(String, Vec<&str>)> {
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    let mut open: Option<usize> = None;
    for line in contents.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(key_indent) = open {
            if line.trim().is_empty() || indent > key_indent {
                blocks.last_mut().expect("an open block").1.push(line);
                continue;
            }
            open = None;
        }
        let content = line.trim_start().trim_start_matches("- ");
        if let Some(key) = content
            .strip_suffix(": |")
            .or_else(|| content.strip_suffix(": >-"))
        {
            blocks.push((key.to_owned(), Vec::new()));
            open = Some(indent);
        }
    }
    blocks
}
