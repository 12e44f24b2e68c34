//! What every compiled random blueprint must pass: it loads, and its Terraform parses as HCL and
//! is a fixed point of the `terraform fmt` post-pass.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use plinth_blueprint::model::Blueprint;
use plinth_blueprint::{SourceFile, load};

/// Loads `text`, which the strategy promises is valid.
pub(crate) fn load_valid(text: String) -> Blueprint {
    let file = SourceFile::new("random.toml", text);
    match load(&file) {
        Ok(loaded) => loaded.blueprint,
        Err(diagnostics) => panic!(
            "a generated blueprint does not load:\n{}\n--- blueprint ---\n{}",
            diagnostics
                .iter()
                .map(|d| d.render(&file, false))
                .collect::<String>(),
            file.text()
        ),
    }
}

thread_local! {
    /// Module files already parsed: the same few dozen texts come back in every case (only they
    /// are remembered, so a long campaign does not keep every root it generated).
    static PARSED_MODULES: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Every emitter succeeds, and every `.tf` file parses as HCL and is a fixed point of the
/// `terraform fmt` post-pass.
pub(crate) fn check_compiles(blueprint: &Blueprint) {
    let files = plinth_terraform::emit(blueprint, "random.toml");
    for file in files.iter().filter(|f| {
        Path::new(&f.path)
            .extension()
            .is_some_and(|ext| ext == "tf")
    }) {
        let module = is_module_file(&file.path);
        if module && PARSED_MODULES.with(|parsed| parsed.borrow().contains(&file.contents)) {
            continue;
        }
        if let Err(error) = hcl::parse(&file.contents) {
            panic!(
                "{} does not parse as HCL: {error}\n{}",
                file.path, file.contents
            );
        }
        if module {
            // Hand-written copies never pass through the post-pass (tests/terraform.rs runs
            // `terraform fmt -check` on them).
            PARSED_MODULES.with(|parsed| parsed.borrow_mut().insert(file.contents.clone()));
        } else {
            let again = plinth_terraform::fmt::align_assignments(&file.contents);
            assert!(
                again == file.contents,
                "{} changes when formatted again:\n{}",
                file.path,
                similar_lines(&file.contents, &again)
            );
        }
    }
    let _ = plinth_kubernetes::emit(blueprint, "random.toml");
    plinth_workflows::emit(blueprint, "random.toml", "infra")
        .unwrap_or_else(|error| panic!("workflow emission failed: {error}"));
}

/// Whether `path` is a copy of a hand-written module (`modules/<name>/…`).
fn is_module_file(path: &str) -> bool {
    path.starts_with("modules/")
}

/// The lines that differ, for a readable failure.
pub(crate) fn similar_lines(before: &str, after: &str) -> String {
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .fold(String::new(), |mut out, (a, b)| {
            let _ = writeln!(out, "- {a}\n+ {b}");
            out
        })
}
