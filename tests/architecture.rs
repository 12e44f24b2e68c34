//! The structure the architecture promises, checked so it stays true: data flows one way through
//! the crates (blueprint → the emitters, cost and graph → the CLI, nothing across the middle row),
//! no crate's modules import each other in a cycle, and no source file grows past the size where
//! a reader keeps it in mind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use plinth_tests::repo_root;

/// The middle row: each sees the model and nothing of the others.
const STAGES: [&str; 5] = ["terraform", "kubernetes", "workflows", "cost", "graph"];

/// "No file over ~600 lines" (the architecture section of the developers' guide).
const MAX_LINES: usize = 600;

/// Files known to be over [`MAX_LINES`], with the size they may not grow past: the moto helpers
/// in Python (an EKS API fill table), one concern, not yet split.
/// A file here that shrinks below the limit must leave the list.
const OVER_THE_LIMIT: [(&str, usize); 1] = [("tests/moto/eks_fills.py", 790)];

/// The `plinth*` crates a crate's `[dependencies]` table names.
fn plinth_dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).expect("readable Cargo.toml");
    let document: toml::Table = text.parse().expect("valid Cargo.toml");
    document
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .map(|table| {
            table
                .keys()
                .filter(|name| name.starts_with("plinth"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn each_stage_depends_on_the_blueprint_crate_alone() {
    let root = repo_root();
    assert!(plinth_dependencies(&root.join("crates/blueprint/Cargo.toml")).is_empty());
    for stage in STAGES {
        let found = plinth_dependencies(&root.join(format!("crates/{stage}/Cargo.toml")));
        assert_eq!(
            found,
            BTreeSet::from(["plinth-blueprint".to_owned()]),
            "crates/{stage} may depend on plinth-blueprint only: what two stages share belongs in \
             the model (docs/design.md, \"One stage per crate\")"
        );
    }
    let cli = plinth_dependencies(&root.join("crates/cli/Cargo.toml"));
    for stage in STAGES {
        assert!(cli.contains(&format!("plinth-{stage}")), "{cli:?}");
    }
}

/// Every file below `dir` whose name ends in one of `extensions`, skipping build output and
/// installed packages.
fn files(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !matches!(name, "target" | "node_modules" | "snapshots" | "fixtures") {
                files(&path, extensions, found);
            }
        } else if extensions.iter().any(|e| name.ends_with(e)) {
            found.push(path);
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let root = repo_root();
    let mut sources = Vec::new();
    for dir in ["crates", "tests", "bench", "scripts"] {
        files(&root.join(dir), &[".rs", ".js", ".sh", ".py"], &mut sources);
    }
    assert!(sources.len() > 100, "found only {} sources", sources.len());
    let long: Vec<String> = sources
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            let relative = path.strip_prefix(&root).ok()?.to_str()?.to_owned();
            let allowed = OVER_THE_LIMIT
                .iter()
                .find(|(known, _)| *known == relative)
                .map(|(_, most)| *most);
            match allowed {
                Some(most) if lines <= MAX_LINES => Some(format!(
                    "{relative} ({lines} lines) is under the limit now: take it off OVER_THE_LIMIT \
                     (was {most})"
                )),
                Some(most) if lines <= most => None,
                _ => (lines > MAX_LINES).then(|| format!("{relative} ({lines} lines)")),
            }
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by meaning, one concern per file: {long:#?}"
    );
}

/// The top-level modules of a crate's `src/` and, for each, the other top-level modules its
/// code (not its comments or tests) names as `crate::<module>` or in `crate::{…}`. An item the
/// crate root re-exports (`crate::Diagnostic`) does not count as its module: such roots are
/// kept to the crate's public types.
fn module_imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut sources = Vec::new();
    files(src, &[".rs"], &mut sources);
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources {
        let relative = path.strip_prefix(src).expect("below src");
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a file name")
            .trim_end_matches(".rs")
            .to_owned();
        // Unit-test files (`tests.rs`, `*_tests.rs`, `tests/`) import what they test.
        let is_test = relative.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|c| c.trim_end_matches(".rs").ends_with("tests"))
        });
        if matches!(module.as_str(), "lib" | "main") || is_test {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let entry = imports.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (index, _) in line.match_indices("crate::") {
                let rest = &line[index + "crate::".len()..];
                // `crate::{load, structure::check}` names several; `crate::hcl::expr` one.
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split('}')
                        .next()
                        .unwrap_or_default()
                        .split(',')
                        .collect(),
                    None => vec![rest],
                };
                for name in names {
                    let name: String = name
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module {
                        entry.insert(name);
                    }
                }
            }
        }
    }
    imports
}

/// A cycle through `start`, if its imports lead back to it.
fn cycle_through(start: &str, imports: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("non-empty");
        for next in imports.get(last).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_owned());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_crate_has_an_import_cycle_between_its_modules() {
    let root = repo_root();
    let mut cycles = Vec::new();
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let src = entry.expect("entry").path().join("src");
        let imports = module_imports(&src);
        for module in imports.keys() {
            if let Some(cycle) = cycle_through(module, &imports) {
                cycles.push(format!("{}: {}", src.display(), cycle.join(" → ")));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other: {cycles:#?}"
    );
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let imports = BTreeMap::from([
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["c".to_owned()])),
        ("c".to_owned(), BTreeSet::from(["a".to_owned()])),
        ("d".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]);
    assert_eq!(
        cycle_through("a", &imports),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(cycle_through("d", &imports), None);
}
