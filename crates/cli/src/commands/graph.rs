//! `plinth graph`.

use std::path::Path;

use clap::ValueEnum;

use crate::exit::Failure;
use crate::output::load_blueprint;

/// The diagram language `plinth graph` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub Markdown inside a ```` ```mermaid ```` block).
    Mermaid,
    /// A Graphviz digraph (`dot -Tsvg`).
    Dot,
}

/// Prints the architecture diagram of environment `env`.
pub fn run(path: &Path, env: &str, format: GraphFormat, color: bool) -> Result<(), Failure> {
    let (_, loaded) = load_blueprint(path, color)?;
    let blueprint = &loaded.blueprint;
    let Some(environment) = blueprint.environment(env) else {
        let names: Vec<&str> = blueprint
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        eprintln!(
            "error: {} has no environment `{env}`; it has {}",
            path.display(),
            names.join(", ")
        );
        return Err(Failure::User);
    };
    let text = match format {
        GraphFormat::Mermaid => plinth_graph::mermaid(environment, &blueprint.project),
        GraphFormat::Dot => plinth_graph::dot(environment, &blueprint.project),
    };
    print!("{text}");
    Ok(())
}
