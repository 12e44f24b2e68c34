//! `plinth explain`.

use std::path::Path;

use crate::ModelFormat;
use crate::exit::Failure;
use crate::output::{load_blueprint, pick_environment, write_stdout};

/// Prints one environment: as a blueprint of that environment alone (`toml`, defaults marked),
/// or as the resolved model (`json`).
pub fn run(
    path: &Path,
    env: Option<&str>,
    format: ModelFormat,
    color: bool,
) -> Result<(), Failure> {
    let (source, loaded) = load_blueprint(path, color)?;
    let environment = pick_environment(&loaded.blueprint, path, env)?;
    let text = match format {
        ModelFormat::Json => serde_json::to_string_pretty(environment)? + "\n",
        ModelFormat::Toml => plinth_blueprint::explain::blueprint_toml(
            &loaded.blueprint,
            environment,
            source.text(),
            &path.display().to_string(),
        ),
    };
    write_stdout(text)
}
