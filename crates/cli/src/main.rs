//! The `plinth` command line.

mod commands;
mod exit;
mod output;
mod paths;
mod writer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::Failure;

/// Compile an application blueprint (TOML) into Terraform for AWS and GitHub Actions workflows.
#[derive(Parser)]
#[command(name = "plinth", version, about, propagate_version = true)]
#[command(
    after_help = "Environments: `--env ENV` picks one; without it `explain` and `graph` show the first environment\n\
of `project.environments` and `cost` every environment.\n\
Exit codes: 0 success (also --help, --version, and a reader that stops early, as in `| head`),\n\
1 user error (invalid blueprint or command line, stale output, a file in the way, data that would be destroyed),\n\
2 internal or I/O error.\n\
Docs: https://github.com/plinth-dev/plinth/tree/main/docs"
)]
struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check blueprints and report every problem with its line and a fix.
    #[command(
        after_help = "Examples:\n  plinth validate blueprints/minimal-ecs.toml\n  plinth validate --format json app.toml other.toml"
    )]
    Validate {
        /// Blueprint files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `text` for people, `json` for editors and CI.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// Compile a blueprint into Terraform: `OUT/envs/<env>/` roots and the `OUT/modules/` they use.
    #[command(
        after_help = "Examples:\n  plinth generate blueprints/minimal-ecs.toml --out out/\n  plinth generate app.toml --out infra --dry-run\n  plinth generate app.toml --out infra --check   # in CI: exit 1 and a diff when stale"
    )]
    Generate {
        /// The blueprint.
        file: PathBuf,
        /// The output directory (created if missing). Files plinth did not generate are never
        /// touched.
        #[arg(long, short)]
        out: PathBuf,
        /// Also write the GitHub Actions workflows into this directory, which must be a
        /// repository's `.github/workflows` (the blueprint and `--out` must lie inside that
        /// repository).
        #[arg(long)]
        workflows: Option<PathBuf>,
        /// Write nothing: print a unified diff of what would change and exit 1 when the tree is
        /// stale (for CI and pre-commit).
        #[arg(long, conflicts_with = "dry_run")]
        check: bool,
        /// Write nothing: list the files that would be created, changed or removed.
        #[arg(long)]
        dry_run: bool,
        /// List every file created, changed or removed, not only the count per directory.
        #[arg(long, short)]
        verbose: bool,
        /// Overwrite generated files that were edited by hand (never files plinth did not
        /// generate).
        #[arg(long)]
        force: bool,
        /// Accept blueprint changes that destroy a database, cache, bucket, secret or Kafka
        /// cluster (a removal, or a change that forces replacement). Without it plinth refuses
        /// them and explains what data would be lost.
        #[arg(long)]
        allow_destroy: bool,
    },
    /// Print the JSON Schema of the blueprint (for editors and `#:schema` directives), or the
    /// blueprint reference as Markdown.
    #[command(
        after_help = "Examples:\n  plinth schema > plinth.schema.json\n  plinth schema --format markdown > docs/blueprint-reference.md"
    )]
    Schema {
        /// `json` (the JSON Schema) or `markdown` (the reference of every key).
        #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
        format: SchemaFormat,
    },
    /// Write a commented starter blueprint that validates.
    #[command(
        after_help = "Examples:\n  plinth init\n  plinth init --compute eks infra/blueprint.toml"
    )]
    Init {
        /// The container platform of the starter.
        #[arg(long, value_enum, default_value_t = ComputeChoice::Ecs)]
        compute: ComputeChoice,
        /// Where to write it; the schema is written next to it as `plinth.schema.json`.
        #[arg(default_value = "plinth.toml")]
        path: PathBuf,
    },
    /// Print what one environment resolves to after overlays and defaults, as a blueprint.
    #[command(
        after_help = "`--format toml` prints a blueprint of that one environment, in the blueprint's own tables and\n\
keys, with every value resolved and `# default` after each value the blueprint does not set;\n\
it validates, and resolves to the same environment. `--format json` prints the resolved model\n\
(plinth's internal representation, the one the generators read).\n\n\
Examples:\n  plinth explain app.toml --env prod\n  plinth explain app.toml --env dev --format json | jq .services"
    )]
    Explain {
        /// The blueprint.
        file: PathBuf,
        /// The environment; default: the first one.
        #[arg(long)]
        env: Option<String>,
        /// `toml` (a blueprint) or `json` (the resolved model).
        #[arg(long, value_enum, default_value_t = ModelFormat::Toml)]
        format: ModelFormat,
    },
    /// Estimate each environment's monthly AWS cost from plinth's shipped price table (offline).
    #[command(
        after_help = "Examples:\n  plinth cost app.toml\n  plinth cost app.toml --env prod\n  plinth cost app.toml --format json | jq '.environments[].total_usd'\n\nOn-demand list prices, no free tier, no data transfer beyond NAT and endpoint processing;\nevery usage assumption is printed with the estimate. See docs/cost.md."
    )]
    Cost {
        /// The blueprint.
        file: PathBuf,
        /// Only this environment; default: every environment.
        #[arg(long)]
        env: Option<String>,
        /// `table` or `json`.
        #[arg(long, value_enum, default_value_t = commands::cost::CostFormat::Table)]
        format: commands::cost::CostFormat,
    },
    /// Print the architecture diagram of one environment, as Mermaid or Graphviz dot.
    #[command(
        after_help = "Examples:\n  plinth graph app.toml --env prod\n  plinth graph app.toml --env dev --format dot | dot -Tsvg > dev.svg"
    )]
    Graph {
        /// The blueprint.
        file: PathBuf,
        /// The environment; default: the first one.
        #[arg(long)]
        env: Option<String>,
        /// `mermaid` (Markdown, GitHub) or `dot` (Graphviz).
        #[arg(long, value_enum, default_value_t = commands::graph::GraphFormat::Mermaid)]
        format: commands::graph::GraphFormat,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  mkdir -p ~/.local/share/bash-completion/completions\n  plinth completions bash > ~/.local/share/bash-completion/completions/plinth\n  mkdir -p ~/.config/fish/completions && plinth completions fish > ~/.config/fish/completions/plinth.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Human-readable, with source lines and carets.
    Text,
    /// One JSON array of diagnostics.
    Json,
}

/// What `plinth schema` prints.
#[derive(Clone, Copy, ValueEnum)]
pub enum SchemaFormat {
    /// The JSON Schema (draft 2020-12).
    Json,
    /// The blueprint reference in Markdown.
    Markdown,
}

/// How `plinth explain` prints an environment.
#[derive(Clone, Copy, ValueEnum)]
pub enum ModelFormat {
    /// A blueprint of the one environment, defaults marked.
    Toml,
    /// The resolved model as JSON.
    Json,
}

/// The starter blueprint's platform.
#[derive(Clone, Copy, ValueEnum)]
pub enum ComputeChoice {
    /// ECS on Fargate.
    Ecs,
    /// EKS.
    Eks,
}

/// Parses the command line. Usage mistakes are user errors (exit 1, with clap's message and
/// colours); `--help` and `--version` succeed.
fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|error| {
        // Printing fails only when the stream is closed; nothing is left to tell then.
        let _ = error.print();
        if error.use_stderr() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    })
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => output::stderr_supports_color(),
    };
    let result = match cli.command {
        Command::Validate { files, format } => commands::validate::run(&files, format, color),
        Command::Generate {
            file,
            out,
            workflows,
            check,
            dry_run,
            verbose,
            force,
            allow_destroy,
        } => {
            let mode = match (check, dry_run) {
                (true, _) => commands::generate::Mode::Check,
                (_, true) => commands::generate::Mode::DryRun,
                _ => commands::generate::Mode::Write,
            };
            let permissions = commands::generate::Permissions {
                force,
                allow_destroy,
            };
            let targets = commands::generate::Targets {
                out: &out,
                workflows: workflows.as_deref(),
            };
            let report = commands::generate::Report { verbose, color };
            commands::generate::run(&file, &targets, mode, permissions, report)
        }
        Command::Schema { format } => commands::schema::run(format),
        Command::Init { compute, path } => commands::init::run(compute, &path),
        Command::Graph { file, env, format } => {
            commands::graph::run(&file, env.as_deref(), format, color)
        }
        Command::Cost { file, env, format } => {
            commands::cost::run(&file, env.as_deref(), format, color)
        }
        Command::Explain { file, env, format } => {
            commands::explain::run(&file, env.as_deref(), format, color)
        }
        Command::Completions { shell } => {
            // clap_complete panics when its writer fails, so it writes to memory and the
            // script goes out through the one writer that handles a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "plinth",
                &mut script,
            );
            output::write_stdout(script)
        }
    };
    match result {
        Ok(()) | Err(Failure::StdoutClosed) => ExitCode::SUCCESS,
        Err(Failure::User) => ExitCode::from(1),
        Err(Failure::Internal(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
