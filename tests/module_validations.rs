//! Validator ⊇ modules: every `validation` block of every module in `modules-hcl/` is either
//! mirrored by a blueprint rule, proven by an invalid blueprint that `plinth validate` rejects, or
//! unreachable from user input because plinth always passes a value it derives itself.
//!
//! The table is `tests/fixtures/module-validations.toml`. Each `[[validation]]` entry names a
//! module, a variable and a `condition` fragment (compared without whitespace) that identifies
//! exactly one validation block of that variable, and then either `fixture = "<file in
//! tests/fixtures/invalid/>"` or `unreachable = "<which derived value plinth passes>"`. The test
//! fails when a block has no entry, when an entry matches no block or several (stale or
//! ambiguous), and when a fixture loads without an error.

use std::collections::BTreeMap;
use std::path::Path;

use plinth_blueprint::{SourceFile, load};
use plinth_tests::repo_root;
use serde_json::Value;

/// One `validation` block of a module variable.
#[derive(Debug)]
struct Block {
    module: String,
    variable: String,
    /// The condition expression with all whitespace removed.
    condition: String,
    /// The condition as hcl-rs prints it, for messages.
    printed: String,
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn module_blocks(root: &Path) -> Vec<Block> {
    let mut modules: Vec<_> = std::fs::read_dir(root.join("modules-hcl"))
        .expect("modules-hcl is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.join("variables.tf").is_file())
        .collect();
    modules.sort();
    let mut blocks = Vec::new();
    for dir in modules {
        let module = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("module directory name")
            .to_owned();
        let text = std::fs::read_to_string(dir.join("variables.tf")).expect("variables.tf");
        let body = hcl::parse(&text)
            .unwrap_or_else(|error| panic!("{module}/variables.tf does not parse: {error}"));
        for variable in body.blocks().filter(|b| b.identifier() == "variable") {
            let name = variable
                .labels()
                .first()
                .map(|label| label.as_str().to_owned())
                .expect("a variable has a name");
            for validation in variable
                .body()
                .blocks()
                .filter(|b| b.identifier() == "validation")
            {
                let condition = validation
                    .body()
                    .attributes()
                    .find(|a| a.key() == "condition")
                    .unwrap_or_else(|| panic!("{module}.{name}: validation without condition"))
                    .expr()
                    .to_string();
                blocks.push(Block {
                    module: module.clone(),
                    variable: name.clone(),
                    condition: squeeze(&condition),
                    printed: condition.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
        }
    }
    blocks
}

/// One row of the table.
#[derive(Debug)]
struct Entry {
    index: usize,
    module: String,
    variable: String,
    condition: String,
    fixture: Option<String>,
    unreachable: Option<String>,
}

fn table(root: &Path) -> Vec<Entry> {
    let path = root.join("tests/fixtures/module-validations.toml");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/module-validations.toml");
    let value: toml::Value = toml::from_str(&text).expect("the table is valid TOML");
    let json: Value = serde_json::to_value(value).expect("TOML converts to JSON");
    let empty = Vec::new();
    let rows = json
        .get("validation")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let field = |row: &Value, key: &str| row.get(key).and_then(Value::as_str).map(str::to_owned);
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            let entry = Entry {
                index,
                module: field(row, "module").expect("every entry names its module"),
                variable: field(row, "variable").expect("every entry names its variable"),
                condition: field(row, "condition").expect("every entry quotes its condition"),
                fixture: field(row, "fixture"),
                unreachable: field(row, "unreachable"),
            };
            if let Some(object) = row.as_object() {
                for key in object.keys() {
                    assert!(
                        ["module", "variable", "condition", "fixture", "unreachable"]
                            .contains(&key.as_str()),
                        "entry {index} has an unknown key `{key}`"
                    );
                }
            }
            entry
        })
        .collect()
}

/// Every fixture an entry names exists, is one of the invalid fixtures, and is rejected with an
/// error.
fn fixture_problems(root: &Path, entries: &[Entry]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut checked = BTreeMap::new();
    for entry in entries {
        let Some(fixture) = &entry.fixture else {
            continue;
        };
        let rejected = checked.entry(fixture.clone()).or_insert_with(|| {
            let path = root.join("tests/fixtures/invalid").join(fixture);
            let Ok(text) = std::fs::read_to_string(&path) else {
                return Err(format!("fixture {fixture} does not exist"));
            };
            let file = SourceFile::new(fixture, text);
            match load(&file) {
                Ok(_) => Err(format!("fixture {fixture} loads without an error")),
                Err(diagnostics)
                    if diagnostics
                        .iter()
                        .any(plinth_blueprint::Diagnostic::is_error) =>
                {
                    Ok(())
                }
                Err(_) => Err(format!("fixture {fixture} has only warnings")),
            }
        });
        if let Err(problem) = rejected.clone() {
            problems.push(format!(
                "entry {} ({}.{}): {problem}",
                entry.index, entry.module, entry.variable
            ));
        }
    }

    problems
}

#[test]
fn every_module_validation_is_mirrored_or_unreachable() {
    let root = repo_root();
    let blocks = module_blocks(&root);
    let entries = table(&root);
    let mut problems = Vec::new();

    // Which entries match which blocks.
    let mut matched: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for entry in &entries {
        let fragment = squeeze(&entry.condition);
        let mut hits: Vec<usize> = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                b.module == entry.module
                    && b.variable == entry.variable
                    && b.condition.contains(&fragment)
            })
            .map(|(i, _)| i)
            .collect();
        // A whole condition can be a prefix of another block's (`a` and `a ? b : true`): an
        // entry quoting one condition entirely means that block.
        if hits.len() > 1 {
            let exact: Vec<usize> = hits
                .iter()
                .copied()
                .filter(|&i| blocks[i].condition == fragment)
                .collect();
            if exact.len() == 1 {
                hits = exact;
            }
        }
        match hits.len() {
            0 => problems.push(format!(
                "stale entry {} ({}.{} `{}`): no validation block of that variable contains the fragment",
                entry.index, entry.module, entry.variable, entry.condition
            )),
            1 => matched.entry(hits[0]).or_default().push(entry.index),
            n => problems.push(format!(
                "ambiguous entry {} ({}.{} `{}`): the fragment is in {n} validation blocks; quote more of the condition",
                entry.index, entry.module, entry.variable, entry.condition
            )),
        }
        match (&entry.fixture, &entry.unreachable) {
            (Some(_), Some(_)) | (None, None) => problems.push(format!(
                "entry {} ({}.{}) needs exactly one of `fixture` and `unreachable`",
                entry.index, entry.module, entry.variable
            )),
            (None, Some(why)) if why.trim().len() < 12 => problems.push(format!(
                "entry {} ({}.{}): say which derived value plinth passes",
                entry.index, entry.module, entry.variable
            )),
            _ => {}
        }
    }
    for (index, block) in blocks.iter().enumerate() {
        match matched.get(&index).map(Vec::len) {
            None => problems.push(format!(
                "no entry for {}.{}:\n[[validation]]\nmodule = \"{}\"\nvariable = \"{}\"\ncondition = {:?}\n",
                block.module, block.variable, block.module, block.variable, block.printed
            )),
            Some(1) => {}
            Some(_) => problems.push(format!(
                "several entries for one validation block of {}.{}: `{}`",
                block.module, block.variable, block.printed
            )),
        }
    }

    problems.extend(fixture_problems(&root, &entries));

    let fixtures = entries.iter().filter(|e| e.fixture.is_some()).count();
    let unreachable = entries.len() - fixtures;
    println!(
        "{} module validation blocks: {fixtures} rejected by a fixture, {unreachable} unreachable",
        blocks.len()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) with tests/fixtures/module-validations.toml:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
