//! Reading blueprints and printing diagnostics.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Context as _;
use plinth_blueprint::diagnostic::render_all;
use plinth_blueprint::{Diagnostic, Loaded, SourceFile, load};

use crate::exit::Failure;

/// Whether diagnostics on stderr should be coloured (a terminal, and `NO_COLOR` unset).
pub fn stderr_supports_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Reads a blueprint file.
pub fn read_source(path: &Path) -> anyhow::Result<SourceFile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read blueprint {}", path.display()))?;
    Ok(SourceFile::new(path, text))
}

/// Prints diagnostics for people on stderr.
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
