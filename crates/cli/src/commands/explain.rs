//! `plinth explain`.

use std::path::Path;

use anyhow::anyhow;

use crate::ModelFormat;
use crate::exit::Failure;
use crate::output::load_blueprint;

/// Prints the resolved model of one environment.
pub fn run(
    path: &Path,
    env: Option<&str>,
    format: ModelFormat,
    color: bool,
) -> Result<(), Failure> {
    let (_, loaded) = load_blueprint(path, color)?;
    let environments = &loaded.blueprint.environments;
    let environment = match env {
        None => environments
            .first()
            .ok_or_else(|| anyhow!("the blueprint has no environments"))?,
        Some(name) => {
            let Some(environment) = loaded.blueprint.environment(name) else {
                let names: Vec<&str> = environments.iter().map(|e| e.name.as_str()).collect();
                eprintln!(
                    "error: {} has no environment `{name}`; it has {}",
                    path.display(),
                    names.join(", ")
                );
                return Err(Failure::User);
            };
            environment
        }
    };
    let text = match format {
        ModelFormat::Json => serde_json::to_string_pretty(environment)? + "\n",
        ModelFormat::Toml => {
            format!(
                "# {} resolved for environment `{}` (project `{}`)\n{}",
                path.display(),
                environment.name,
                loaded.blueprint.project.name,
                toml::to_string_pretty(environment)?
            )
        }
    };
    print!("{text}");
    Ok(())
}
