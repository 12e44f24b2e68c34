//! `plinth graph`.

use std::path::Path;

use clap::ValueEnum;

use crate::exit::Failure;
use crate::output::{load_blueprint, pick_environment, write_stdout};

/// The diagram language `plinth graph` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub Markdown inside a ```` ```mermaid ```` block).
    Mermaid,
    /// A Graphviz digraph (`dot -Tsvg`).
    Dot,
}

/// Prints the architecture diagram of environment `env` (default: the first).
pub fn run(
    path: &Path,
    env: Option<&str>,
    format: GraphFormat,
    color: bool,
) -> Result<(), Failure> {
    let (_, loaded) = load_blueprint(path, color)?;
    let blueprint = &loaded.blueprint;
    let environment = pick_environment(blueprint, path, env)?;
    let text = match format {
        GraphFormat::Mermaid => plinth_graph::mermaid(environment, &blueprint.project),
        GraphFormat::Dot => plinth_graph::dot(environment, &blueprint.project),
    };
    write_stdout(text)
}
