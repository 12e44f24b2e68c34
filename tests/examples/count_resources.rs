//! Prints the Terraform resources a blueprint's generated tree creates, by the module formulas
//! of `tests/resources.rs` (the ones `tests/terraform.rs` holds every example's plan to): the
//! environment roots' total, then the bootstrap roots'. For scripts/bench.sh:
//! `cargo run -p plinth-tests --example count_resources -- app.toml`.

#[path = "../resources.rs"]
mod resources;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: count_resources <blueprint.toml>");
    let text = std::fs::read_to_string(&path).expect("read the blueprint");
    let blueprint = plinth_blueprint::load(&plinth_blueprint::SourceFile::new(&path, text))
        .unwrap_or_else(|error| panic!("{path} does not load: {error:?}"))
        .blueprint;
    let has_repository = blueprint.project.repository.is_some();
    let environments: usize = blueprint
        .environments
        .iter()
        .map(|env| resources::expected_resources(env, has_repository))
        .sum();
    let bootstrap: usize = resources::expected_bootstrap(&blueprint)
        .iter()
        .map(|(_, count)| count)
        .sum();
    println!("{environments} {bootstrap}");
}
