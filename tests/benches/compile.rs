//! The compile benchmark: load (parse, merge and validate) and emit (Terraform, Kubernetes,
//! workflows) each example blueprint, and the generated 50-service × 10-environment blueprints
//! of `tests/scale.rs`, whole and stage by stage.
//!
//! Run with `cargo bench -p plinth-tests --bench compile`. Whole-process numbers (what a user
//! waits for) come from `scripts/bench.sh`; see docs/performance.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use plinth_blueprint::model::Blueprint;
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{display_path, toml_files};

#[path = "../scale.rs"]
mod scale;

/// Loads `file`, which must be valid.
fn load_valid(file: &SourceFile) -> Blueprint {
    match load(file) {
        Ok(loaded) => loaded.blueprint,
        Err(diagnostics) => panic!(
            "benchmark blueprint does not load: {}",
            diagnostics
                .iter()
                .map(|d| d.render(file, false))
                .collect::<String>()
        ),
    }
}

/// What `plinth generate --workflows` computes, returning the number of files.
fn emit_all(blueprint: &Blueprint, path: &str) -> usize {
    let terraform = plinth_terraform::emit(blueprint, path);
    let kubernetes = plinth_kubernetes::emit(blueprint, path);
    let workflows = plinth_workflows::emit(blueprint, path, "infra").expect("workflows emit");
    terraform.len() + kubernetes.len() + workflows.len()
}

fn compile(file: &SourceFile, path: &str) -> usize {
    emit_all(&load_valid(file), path)
}

fn example_blueprints(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    for path in toml_files("blueprints") {
        let text = std::fs::read_to_string(&path).expect("readable blueprint");
        let shown = display_path(&path);
        let file = SourceFile::new(&shown, text);
        let name = Path::new(&shown)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        group.bench_function(name, |b| b.iter(|| compile(black_box(&file), &shown)));
    }
    group.finish();
}

/// The 50 × 10 blueprint whole and stage by stage; the variant with EKS environments for the
/// Kubernetes emitter, which has nothing to do on ECS.
fn scale_blueprints(c: &mut Criterion) {
    let path = "blueprints/scale.toml";
    let mut group = c.benchmark_group("scale");
    for scale in [scale::REFERENCE_SCALE, scale::MIXED_SCALE] {
        let label = scale.label();
        let file = SourceFile::new(path, scale::scale_blueprint(scale));
        let blueprint = load_valid(&file);
        group.bench_function(format!("compile/{label}"), |b| {
            b.iter(|| compile(black_box(&file), path));
        });
        if scale.eks_environments == 0 {
            group.bench_function(format!("load/{label}"), |b| {
                b.iter(|| load_valid(black_box(&file)));
            });
            group.bench_function(format!("terraform/{label}"), |b| {
                b.iter(|| plinth_terraform::emit(black_box(&blueprint), path));
            });
            group.bench_function(format!("workflows/{label}"), |b| {
                b.iter(|| {
                    plinth_workflows::emit(black_box(&blueprint), path, "infra").expect("emits")
                });
            });
        } else {
            group.bench_function(format!("kubernetes/{label}"), |b| {
                b.iter(|| plinth_kubernetes::emit(black_box(&blueprint), path));
            });
        }
    }
    group.finish();
}

/// Small samples keep `cargo bench` to about a minute on two cores; the compile is
/// deterministic, so the spread is small anyway.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = example_blueprints, scale_blueprints
}
criterion_main!(benches);
