//! `plinth explain`.

use std::path::Path;

use crate::ModelFormat;
use crate::exit::Failure;
use crate::output::{load_blueprint, pick_environment, write_stdout};

/// Prints the resolved model of one environment.
pub fn run(
    path: &Path,
    env: Option<&str>,
    format: ModelFormat,
    color: bool,
) -> Result<(), Failure> {
    let (_, loaded) = load_blueprint(path, color)?;
    let environment = pick_environment(&loaded.blueprint, path, env)?;
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
    write_stdout(text)
}
