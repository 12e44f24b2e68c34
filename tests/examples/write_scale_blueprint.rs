//! Writes the 50 × 10 blueprint of `tests/scale.rs` to the file named by the first argument, for
//! scripts/bench.sh: `cargo run -p plinth-tests --example write_scale_blueprint -- scale.toml`.

#[path = "../scale.rs"]
#[allow(dead_code, reason = "the bench and the property tests use the rest")]
mod scale;

fn main() {
    let path = std::env::args_os()
        .nth(1)
        .expect("usage: write_scale_blueprint <file>");
    std::fs::write(&path, scale::scale_blueprint(scale::REFERENCE_SCALE))
        .expect("write the blueprint");
}
