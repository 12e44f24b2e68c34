//! Reading blueprints and printing diagnostics.

use std::io::{IsTerminal, Write as _};
use std::path::Path;

use anyhow::Context as _;
use plinth_blueprint::diagnostic::render_all;
use plinth_blueprint::model::{Blueprint, Environment};
use plinth_blueprint::{Diagnostic, Loaded, SourceFile, load};

use crate::exit::Failure;

/// Whether diagnostics on stderr should be coloured (a terminal, and `NO_COLOR` unset).
pub fn stderr_supports_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Writes `text` to standard output. `print!` panics when the reader has gone away (Rust ignores
/// `SIGPIPE`, so a closed pipe is an `EPIPE` error); here a closed pipe ends the run quietly with
/// exit code 0 ([`Failure::StdoutClosed`]) and any other error is an I/O failure.
pub fn write_stdout(text: impl AsRef<[u8]>) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_ref())
        .and_then(|()| stdout.flush())
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                Failure::StdoutClosed
            } else {
                Failure::Internal(
                    anyhow::Error::new(error).context("cannot write to standard output"),
                )
            }
        })
}

/// The environment `--env` names, or without `--env` the first one (the rule of every command
/// that shows one environment). Prints an error naming the environments when there is none such.
pub fn pick_environment<'a>(
    blueprint: &'a Blueprint,
    path: &Path,
    env: Option<&str>,
) -> Result<&'a Environment, Failure> {
    let found = match env {
        None => blueprint.environments.first(),
        Some(name) => blueprint.environment(name),
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = blueprint
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        eprintln!(
            "error: {} has no environment `{}`; it has {}",
            path.display(),
            env.unwrap_or_default(),
            names.join(", ")
        );
        Failure::User
    })
}

/// Reads a blueprint file.
pub fn read_source(path: &Path) -> anyhow::Result<SourceFile> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read blueprint {}", path.display()))?;
    // Text that is not UTF-8 is reported by `load`, with its line.
    Ok(SourceFile::from_bytes(path, bytes))
}

/// Prints diagnostics for people on stderr (the loader already reports each problem once).
pub fn print_diagnostics(diagnostics: &[Diagnostic], file: &SourceFile, color: bool) {
    if !diagnostics.is_empty() {
        eprint!("{}", render_all(diagnostics, file, color));
    }
}

/// Reads and loads a blueprint, printing its warnings; on errors prints them and fails as a
/// user error. Returns the text it read with the model, so callers never read the file twice.
pub fn load_blueprint(path: &Path, color: bool) -> Result<(SourceFile, Loaded), Failure> {
    let source = read_source(path)?;
    match load(&source) {
        Ok(loaded) => {
            print_diagnostics(&loaded.warnings, &source, color);
            Ok((source, loaded))
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, &source, color);
            Err(Failure::User)
        }
    }
}
