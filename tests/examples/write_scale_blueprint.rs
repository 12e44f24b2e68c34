//! Writes a blueprint of `tests/scale.rs` to the file named by the first argument, for
//! scripts/bench.sh: `cargo run -p plinth-tests --example write_scale_blueprint -- scale.toml
//! [--services N] [--environments M]`. The defaults, 50 services and 10 environments, are the
//! performance targets' blueprint (`REFERENCE_SCALE`); every environment is on ECS.

#[path = "../scale.rs"]
#[allow(dead_code, reason = "the bench and the property tests use the rest")]
mod scale;

const USAGE: &str = "usage: write_scale_blueprint <file> [--services N] [--environments M]";

fn main() {
    let mut args = std::env::args_os().skip(1);
    let mut path = None;
    let mut size = scale::REFERENCE_SCALE;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--services") => size.services = count(args.next(), 0),
            Some("--environments") => size.environments = count(args.next(), 1),
            Some(flag) if flag.starts_with("--") => fail(&format!("unknown option {flag}")),
            _ if path.is_none() => path = Some(arg),
            _ => fail("more than one file"),
        }
    }
    let path = path.unwrap_or_else(|| fail("no file"));
    std::fs::write(&path, scale::scale_blueprint(size)).expect("write the blueprint");
}

/// The value of a count option: a whole number, at least `least`.
fn count(value: Option<std::ffi::OsString>, least: usize) -> usize {
    match value.and_then(|value| value.into_string().ok()?.parse().ok()) {
        Some(number) if number >= least => number,
        _ => fail(&format!("expected a number of at least {least}")),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("write_scale_blueprint: {message}\n{USAGE}");
    std::process::exit(2)
}
