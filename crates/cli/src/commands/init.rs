//! `plinth init`.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::ComputeChoice;
use crate::exit::Failure;

/// The starter blueprint for ECS on Fargate.
pub const ECS_STARTER: &str = include_str!("../../starters/ecs.toml");
/// The starter blueprint for EKS.
pub const EKS_STARTER: &str = include_str!("../../starters/eks.toml");
/// The schema file the starters' `#:schema` directive names.
const SCHEMA_FILE: &str = "plinth.schema.json";

/// Writes a starter blueprint at `path` (never over an existing file) and the schema beside it.
pub fn run(compute: ComputeChoice, path: &Path) -> Result<(), Failure> {
    let starter = match compute {
        ComputeChoice::Ecs => ECS_STARTER,
        ComputeChoice::Eks => EKS_STARTER,
    };
    // The header's example command names the file the user asked for.
    let starter = starter.replacen(
        "plinth validate plinth.toml",
        &format!("plinth validate {}", path.display()),
        1,
    );
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => file
            .write_all(starter.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; plinth init never overwrites a file",
                path.display()
            );
            eprintln!("help: pass another path, e.g. `plinth init new-blueprint.toml`");
            return Err(Failure::User);
        }
        Err(error) => {
            return Err(Failure::Internal(
                anyhow::Error::new(error).context(format!("cannot create {}", path.display())),
            ));
        }
    }
    let schema_path = path.with_file_name(SCHEMA_FILE);
    let schema_written = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&schema_path)
    {
        Ok(mut file) => {
            file.write_all(plinth_blueprint::schema::schema_json().as_bytes())
                .with_context(|| format!("cannot write {}", schema_path.display()))?;
            true
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => false,
        Err(error) => return Err(Failure::Internal(error.into())),
    };
    eprintln!("wrote {}", path.display());
    if schema_written {
        eprintln!(
            "wrote {} (editor completion via the #:schema line)",
            schema_path.display()
        );
    }
    eprintln!(
        "next: edit it, then run `plinth validate {}`",
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use plinth_blueprint::{SourceFile, load};

    #[test]
    fn starters_validate_without_warnings() {
        for (name, text) in [
            ("ecs.toml", super::ECS_STARTER),
            ("eks.toml", super::EKS_STARTER),
        ] {
            let loaded = load(&SourceFile::new(name, text)).unwrap_or_else(|diagnostics| {
                panic!("{name} is invalid: {diagnostics:#?}");
            });
            assert!(loaded.warnings.is_empty(), "{name}: {:#?}", loaded.warnings);
        }
    }
}
