//! Real Terraform over every generated root and every hand-written module.
//!
//! For each blueprint × environment: `terraform fmt -check`, `init` against the offline provider
//! mirror, `validate`, and `plan -refresh=false -lock=false` with a harness-written override file
//! (dummy credentials, skip flags, no role assumption, local backend). The plan's resources are
//! counted against what the blueprint implies and their addresses are snapshotted. Each module's
//! `tests/*.tftest.hcl` runs with `terraform test`.
//!
//! The provider mirror comes from `PLINTH_TF_PROVIDER_MIRROR` or is discovered in the usual
//! places. Without terraform or the mirror these tests fail, saying what to install, unless
//! `PLINTH_SKIP=terraform`, which reports them as ignored (`tests/checks.rs`).

use std::path::{Path, PathBuf};

use plinth_blueprint::{SourceFile, load};
use plinth_tests::{Terraform, display_path, in_parallel, repo_root, toml_files};

use resources::{expected_bootstrap, expected_resources};

#[path = "resources.rs"]
mod resources;

/// A generated root to check: an environment or an account's bootstrap.
struct Root {
    blueprint: String,
    label: String,
    dir: PathBuf,
    expected: usize,
}

struct PlannedRoot {
    blueprint: String,
    label: String,
    expected: usize,
    addresses: Vec<String>,
}

/// Generates every ECS example blueprint below `work`, checks `terraform fmt` on each tree, and
/// returns one (blueprint, environment, root directory) per environment.
fn generate_roots(terraform: &Terraform, work: &Path) -> Vec<Root> {
    let mut roots = Vec::new();
    for path in toml_files("blueprints") {
        let name = display_path(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let blueprint = load(&SourceFile::new(&name, text))
            .expect("example blueprints load")
            .blueprint;
        let files = plinth_terraform::emit(&blueprint, &name);
        let out = work.join(path.file_stem().unwrap());
        for file in &files {
            let target = out.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &file.contents).unwrap();
        }
        terraform.run(
            &out,
            &["fmt", "-check", "-recursive", "-diff", "-no-color"],
            &name,
        );
        for environment in &blueprint.environments {
            roots.push(Root {
                blueprint: name.clone(),
                label: environment.name.clone(),
                dir: out.join("envs").join(&environment.name),
                expected: expected_resources(environment, blueprint.project.repository.is_some()),
            });
        }
        for (account, expected) in expected_bootstrap(&blueprint) {
            roots.push(Root {
                blueprint: name.clone(),
                label: format!("bootstrap-{account}"),
                dir: out.join("bootstrap").join(&account),
                expected,
            });
        }
    }
    roots
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn every_generated_root_formats_validates_and_plans_offline() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    let work = tempfile::tempdir().unwrap();
    let roots = generate_roots(&terraform, work.path());
    assert!(!roots.is_empty(), "no blueprint produced a Terraform root");

    let planned = in_parallel(&roots, |root| {
        let Root {
            blueprint,
            label,
            dir,
            expected,
        } = root;
        let what = format!("{blueprint} [{label}]");
        terraform.init_offline(dir, &what);
        // The plan validates the configuration before it plans (no separate `validate`, which
        // would load the provider's schema once more).
        let addresses = terraform.planned_creates(dir, &what);
        PlannedRoot {
            blueprint: blueprint.clone(),
            label: label.clone(),
            expected: *expected,
            addresses,
        }
    });

    let mut mismatches = Vec::new();
    for root in &planned {
        if root.addresses.len() != root.expected {
            mismatches.push(format!(
                "{} [{}]: planned {} resources, the blueprint implies {}",
                root.blueprint,
                root.label,
                root.addresses.len(),
                root.expected
            ));
        }
        let stem = Path::new(&root.blueprint)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(
            format!("planned_addresses__{stem}__{}", root.label),
            root.addresses.join("\n")
        );
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn every_module_is_formatted() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    // `fmt` needs no provider, so this costs a second; each module's `validate` and `terraform
    // test` run in the gauntlet (tests/module_tests.rs).
    terraform.run(
        &repo_root().join("modules-hcl"),
        &["fmt", "-check", "-recursive", "-diff", "-no-color"],
        "modules-hcl",
    );
}
