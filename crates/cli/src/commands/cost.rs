//! `plinth cost`.

use std::path::Path;

use clap::ValueEnum;
use plinth_cost::EnvironmentEstimate;

use crate::exit::Failure;
use crate::output::{load_blueprint, pick_environment, write_stdout};

/// How an estimate is printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostFormat {
    /// Aligned text per environment: lines, total, budget comparison, assumptions.
    Table,
    /// One JSON document with every environment's lines, total and assumptions.
    Json,
}

/// Prints the monthly cost estimate of every environment, or of `env` alone.
pub fn run(path: &Path, env: Option<&str>, format: CostFormat, color: bool) -> Result<(), Failure> {
    let (_, loaded) = load_blueprint(path, color)?;
    let blueprint = &loaded.blueprint;
    let estimates: Vec<EnvironmentEstimate> = match env {
        None => plinth_cost::estimate(blueprint),
        Some(name) => vec![plinth_cost::estimate_environment(pick_environment(
            blueprint,
            path,
            Some(name),
        )?)],
    };
    let project = &blueprint.project.name;
    let text = match format {
        CostFormat::Table => plinth_cost::to_table(project, &estimates),
        CostFormat::Json => plinth_cost::to_json(project, &estimates),
    };
    write_stdout(text)
}
