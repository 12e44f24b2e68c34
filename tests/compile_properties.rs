//! Property tests over random *valid* blueprints: every one loads, and its Terraform emits, parses
//! back as HCL and is already in our `terraform fmt` form (a fixed point of
//! `plinth_terraform::fmt::align_assignments`; the hand-written module copies are only parsed, as
//! they never pass through it); Kubernetes and workflows emit too.
//!
//! The strategy builds blueprint text from random choices that stay inside the rules: service
//! names, ports, routes, Fargate sizes, autoscaling bounds, secret references to the database,
//! cache and application secrets, buckets, Kafka, ECS or EKS, and per-environment overlays.
//!
//! 64 cases by default; `PLINTH_PROPTEST_CASES=100000 cargo test --release -p plinth-tests --test
//! compile_properties` runs a long campaign. A fixed-seed sample of three blueprints also goes
//! through real `terraform fmt -check` and `terraform validate` (skipped without terraform, like
//! tests/terraform.rs).
//!
//! The random blueprints are in `compile_properties/spec.rs` (what one is made of), with the
//! strategies that choose one and the rendering into blueprint text beside it; the checks every
//! compiled blueprint must pass are in `compile_properties/checks.rs`.

#[path = "compile_properties/checks.rs"]
mod checks;
#[path = "scale.rs"]
mod scale;
#[path = "compile_properties/spec.rs"]
mod spec;

use std::collections::BTreeSet;
use std::path::PathBuf;

use plinth_blueprint::model::{Blueprint, Compute};
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{Terraform, in_parallel};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use checks::{check_compiles, load_valid, similar_lines};
use spec::blueprint_text;

/// Cases per property unless `PLINTH_PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 64;

proptest! {
    #![proptest_config(ProptestConfig { cases: plinth_tests::proptest_cases(DEFAULT_CASES), ..ProptestConfig::default() })]

    #[test]
    fn random_valid_blueprints_compile_to_parseable_formatted_terraform(text in blueprint_text()) {
        check_compiles(&load_valid(text));
    }
}

#[test]
fn the_scale_blueprints_load_without_warnings_and_compile() {
    for scale in [scale::REFERENCE_SCALE, scale::MIXED_SCALE] {
        let file = SourceFile::new("scale.toml", scale::scale_blueprint(scale));
        let loaded = load(&file).unwrap_or_else(|diagnostics| {
            panic!(
                "{}: {}",
                scale.label(),
                diagnostics
                    .iter()
                    .map(|d| d.render(&file, false))
                    .collect::<String>()
            )
        });
        let warnings: String = loaded
            .warnings
            .iter()
            .map(|w| w.render(&file, false))
            .collect();
        assert!(warnings.is_empty(), "{}: {warnings}", scale.label());
        check_compiles(&loaded.blueprint);
    }
}

/// Text `terraform fmt` wrote is a fixed point of the post-pass: every hand-written module file
/// (each passes `terraform fmt -check` in `tests/terraform.rs`), heredocs included.
#[test]
fn fmt_post_pass_leaves_terraform_formatted_modules_alone() {
    let modules = plinth_tests::repo_root().join("modules-hcl");
    let mut checked = 0;
    for module in std::fs::read_dir(&modules).expect("modules-hcl/") {
        let module = module.expect("a module directory").path();
        if !module.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&module).expect("a module's files") {
            let path = file.expect("a module file").path();
            if path.extension().is_none_or(|ext| ext != "tf") {
                continue;
            }
            let formatted = std::fs::read_to_string(&path).expect("a module file");
            let again = plinth_terraform::fmt::align_assignments(&formatted);
            assert!(
                again == formatted,
                "{}:\n{}",
                path.display(),
                similar_lines(&formatted, &again)
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} module files found");
}

/// Three random blueprints from a fixed seed, so the Terraform run is the same every time.
fn sampled_blueprints() -> Vec<(String, Blueprint)> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = blueprint_text();
    (0..3)
        .map(|_| {
            let text = strategy.new_tree(&mut runner).expect("a sample").current();
            (text.clone(), load_valid(text))
        })
        .collect()
}

/// `ecs: 2 environments, 3 services, database, cache`, for the test's output.
fn summary(blueprint: &Blueprint) -> String {
    let platforms: BTreeSet<&str> = blueprint
        .environments
        .iter()
        .map(|env| match env.compute {
            Compute::Ecs(_) => "ecs",
            Compute::Eks(_) => "eks",
        })
        .collect();
    let first = &blueprint.environments[0];
    let mut parts = vec![
        platforms.into_iter().collect::<Vec<_>>().join("+"),
        format!("{} environments", blueprint.environments.len()),
        format!("{} services", first.services.len()),
    ];
    parts.extend(first.database.as_ref().map(|_| "database".to_owned()));
    parts.extend(first.cache.as_ref().map(|_| "cache".to_owned()));
    parts.extend(first.kafka.as_ref().map(|_| "kafka".to_owned()));
    parts.push(format!("{} buckets", first.buckets.len()));
    parts.join(", ")
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn sampled_random_blueprints_pass_terraform_fmt_and_validate() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    let work = tempfile::tempdir().unwrap();
    let mut roots = Vec::new();
    for (number, (text, blueprint)) in sampled_blueprints().into_iter().enumerate() {
        let out = work.path().join(format!("sample-{number}"));
        let files = plinth_terraform::emit(&blueprint, "random.toml");
        for file in &files {
            let target = out.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &file.contents).unwrap();
        }
        std::fs::write(out.join("blueprint.toml"), &text).unwrap();
        println!("sample {number}: {}", summary(&blueprint));
        terraform.run(
            &out,
            &["fmt", "-check", "-recursive", "-diff", "-no-color"],
            &format!("sample {number}"),
        );
        for parent in ["envs", "bootstrap"] {
            let Ok(entries) = std::fs::read_dir(out.join(parent)) else {
                continue;
            };
            roots.extend(entries.map(|entry| entry.unwrap().path()));
        }
    }
    roots.sort();
    assert!(!roots.is_empty(), "the samples produced no Terraform root");
    println!("validating {} roots of 3 sampled blueprints", roots.len());
    in_parallel(&roots, |root| {
        let what = root.display().to_string();
        terraform.run(
            root,
            &["init", "-backend=false", "-input=false", "-no-color"],
            &what,
        );
        terraform.run(root, &["validate", "-no-color"], &what);
    });
}
