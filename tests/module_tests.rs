//! Every hand-written module in `modules-hcl/` validates on its own and passes its own
//! `terraform test` suite (`tests/*.tftest.hcl`, `mock_provider`): 367 run blocks, about three
//! minutes on two cores, so this is part of the gauntlet (`--features gauntlet`, run by `.ci/run`
//! and `just terraform`); the README's test command checks the modules' formatting and validates
//! and plans every generated root that calls them (tests/terraform.rs).

use std::path::{Path, PathBuf};

use plinth_tests::{Terraform, in_parallel, repo_root};

/// A copy of every file under `from` into `to`, leaving Terraform's working state behind.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".terraform"
            || name == ".terraform.lock.hcl"
            || name.to_string_lossy().ends_with(".tfstate")
        {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn every_module_passes_its_terraform_tests() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    let work = tempfile::tempdir().unwrap();
    let mut modules: Vec<PathBuf> = std::fs::read_dir(repo_root().join("modules-hcl"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    modules.sort();
    assert!(
        modules.len() >= 6,
        "expected the hand-written modules in modules-hcl/"
    );
    let results = in_parallel(&modules, |module| {
        let name = module.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            module
                .join("tests")
                .read_dir()
                .is_ok_and(|mut d| d.next().is_some()),
            "modules-hcl/{name} has no tests/*.tftest.hcl"
        );
        let copy = work.path().join(&name);
        copy_tree(module, &copy);
        terraform.run(
            &copy,
            &["init", "-backend=false", "-input=false", "-no-color"],
            &name,
        );
        terraform.run(&copy, &["validate", "-no-color"], &name);
        let output = terraform.run(&copy, &["test", "-no-color"], &name);
        (name, output.lines().last().unwrap_or_default().to_owned())
    });
    for (name, summary) in results {
        println!("modules-hcl/{name}: {summary}");
    }
}
