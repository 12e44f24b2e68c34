//! The committed module reference pages in `docs/modules/` are current: one per module, generated
//! from `modules-hcl/<module>/`, and none for a module that no longer exists.
//!
//! `PLINTH_UPDATE_DOCS=1` rewrites the pages (and removes stale ones) instead of comparing.

use std::collections::BTreeSet;

use plinth_terraform::module_docs::{DOCS_DIRECTORY, module_pages};
use plinth_tests::{display_path, repo_root};

/// How to bring the pages up to date.
const REGENERATE: &str = "PLINTH_UPDATE_DOCS=1 cargo test -p plinth-tests --test module_docs";

/// Every `*.md` in `docs/modules/`, relative to the repository root, sorted.
fn committed_pages() -> BTreeSet<String> {
    let directory = repo_root().join(DOCS_DIRECTORY);
    let Ok(entries) = std::fs::read_dir(&directory) else {
        return BTreeSet::new();
    };
    entries
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| display_path(&path))
        .collect()
}

fn updating() -> bool {
    std::env::var_os("PLINTH_UPDATE_DOCS").is_some_and(|value| !value.is_empty() && value != "0")
}

#[test]
fn committed_module_pages_are_current() {
    let pages = module_pages();
    if updating() {
        std::fs::create_dir_all(repo_root().join(DOCS_DIRECTORY)).expect("docs/modules/ created");
        for (path, text) in &pages {
            std::fs::write(repo_root().join(path), text)
                .unwrap_or_else(|error| panic!("cannot write {path}: {error}"));
        }
    }
    let stale: Vec<String> = pages
        .iter()
        .filter(|(path, text)| {
            std::fs::read_to_string(repo_root().join(path))
                .ok()
                .as_ref()
                != Some(text)
        })
        .map(|(path, _)| path.clone())
        .collect();
    assert!(
        stale.is_empty(),
        "missing or stale module pages: {}\nregenerate them with `{REGENERATE}`",
        stale.join(", ")
    );
}

#[test]
fn no_page_documents_a_module_that_no_longer_exists() {
    let expected: BTreeSet<String> = module_pages().into_iter().map(|(path, _)| path).collect();
    let mut orphans: Vec<String> = committed_pages().difference(&expected).cloned().collect();
    if updating() {
        for orphan in &orphans {
            std::fs::remove_file(repo_root().join(orphan))
                .unwrap_or_else(|error| panic!("cannot remove {orphan}: {error}"));
        }
        orphans.clear();
    }
    assert!(
        orphans.is_empty(),
        "pages for modules that no longer exist: {}\nremove them with `{REGENERATE}`",
        orphans.join(", ")
    );
}
