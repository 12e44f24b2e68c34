//! `plinth validate`.

use std::path::PathBuf;

use plinth_blueprint::diagnostic::JsonDiagnostic;
use plinth_blueprint::load;

use crate::DiagnosticFormat;
use crate::exit::Failure;
use crate::output::{print_diagnostics, read_source, write_stdout};

/// Validates every file, printing all diagnostics; fails when any file has an error.
pub fn run(files: &[PathBuf], format: DiagnosticFormat, color: bool) -> Result<(), Failure> {
    let mut failed = false;
    let mut json: Vec<JsonDiagnostic> = Vec::new();
    for path in files {
        let source = read_source(path)?;
        let diagnostics = match load(&source) {
            Ok(loaded) => {
                if format == DiagnosticFormat::Text {
                    let environments: Vec<&str> = loaded
                        .blueprint
                        .environments
                        .iter()
                        .map(|e| e.name.as_str())
                        .collect();
                    eprintln!(
                        "{}: valid ({} environments: {})",
                        path.display(),
                        environments.len(),
                        environments.join(", ")
                    );
                }
                loaded.warnings
            }
            Err(diagnostics) => {
                failed = true;
                diagnostics
            }
        };
        match format {
            DiagnosticFormat::Text => print_diagnostics(&diagnostics, &source, color),
            DiagnosticFormat::Json => json.extend(diagnostics.iter().map(|d| d.to_json(&source))),
        }
    }
    if format == DiagnosticFormat::Json {
        write_stdout(serde_json::to_string_pretty(&json)? + "\n")?;
    }
    if failed { Err(Failure::User) } else { Ok(()) }
}
