//! `plinth generate`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use plinth_blueprint::model::Blueprint;
use plinth_blueprint::output::GeneratedFile;
use plinth_cost::EnvironmentEstimate;
use plinth_terraform::stateful::StatefulResource;

use crate::exit::Failure;
use crate::output::{load_blueprint, write_stdout};
use crate::paths;
use crate::writer::{self, Conflict};

/// How `generate` treats the output directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write the tree.
    Write,
    /// Write nothing; print a unified diff and fail when the tree is stale.
    Check,
    /// Write nothing; list what would be created, changed and removed.
    DryRun,
}

/// What the user allowed on the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Permissions {
    /// Overwrite generated files edited by hand (`--force`).
    pub force: bool,
    /// Accept blueprint changes that destroy stateful resources (`--allow-destroy`).
    pub allow_destroy: bool,
}

/// How `generate` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Report {
    /// List every file written or removed (`--verbose`), not only the counts.
    pub verbose: bool,
    /// Colour diagnostics.
    pub color: bool,
}

/// Prints each warning once per run, whichever mode the run is in.
#[derive(Default)]
struct Warnings {
    printed: HashSet<String>,
}

impl Warnings {
    fn warn(&mut self, message: String) {
        if !self.printed.contains(&message) {
            eprintln!("warning: {message}");
            self.printed.insert(message);
        }
    }
}

/// One directory the writer manages: the generated tree (`--out`) or the workflows
/// (`--workflows`), each with its own manifest.
struct Tree {
    dir: PathBuf,
    files: Vec<GeneratedFile>,
    stateful: Vec<StatefulResource>,
}

/// Where things sit in the repository the workflows run in.
struct Repository {
    /// The blueprint, relative to the repository root.
    blueprint: String,
    /// The generated tree, relative to the repository root.
    out: String,
}

/// The repository layout implied by `--workflows DIR`: DIR is `<root>/.github/workflows`, and the
/// blueprint and the output directory must lie inside `<root>`.
fn locate(workflows: &Path, out: &Path, blueprint: &Path) -> Result<Repository, Failure> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Failure::User
    };
    let absolute = |path: &Path| {
        paths::absolute(path).map_err(|e| fail(format!("cannot resolve {}: {e}", path.display())))
    };
    let workflows = absolute(workflows)?;
    let root = root_of_workflows_dir(&workflows).ok_or_else(|| {
        fail(format!(
            "--workflows must name a repository's .github/workflows directory, not {}",
            workflows.display()
        ))
    })?;
    let relative = |path: &Path, what: &str| -> Result<String, Failure> {
        let path = absolute(path)?;
        path.strip_prefix(&root)
            .ok()
            .and_then(|_| paths::relative(&root, &path))
            .ok_or_else(|| {
                fail(format!(
                    "the {what} {} is outside the repository {} that --workflows points into",
                    path.display(),
                    root.display()
                ))
            })
    };
    Ok(Repository {
        blueprint: relative(blueprint, "blueprint")?,
        out: relative(out, "output directory")?,
    })
}

/// `<root>` of `<root>/.github/workflows`.
fn root_of_workflows_dir(workflows: &Path) -> Option<PathBuf> {
    let github = workflows.parent()?;
    let shaped = workflows.file_name().is_some_and(|n| n == "workflows")
        && github.file_name().is_some_and(|n| n == ".github");
    shaped
        .then(|| github.parent().map(Path::to_path_buf))
        .flatten()
}

/// What `generate` writes to: the tree, and optionally the workflows directory.
pub struct Targets<'a> {
    /// `--out`.
    pub out: &'a Path,
    /// `--workflows`.
    pub workflows: Option<&'a Path>,
}

/// Compiles the blueprint at `path` into `targets`.
pub fn run(
    path: &Path,
    targets: &Targets<'_>,
    mode: Mode,
    permissions: Permissions,
    report: Report,
) -> Result<(), Failure> {
    let (source, loaded) = load_blueprint(path, report.color)?;
    let blueprint = &loaded.blueprint;
    let mut warnings = Warnings::default();
    // What the generated files call the blueprint: the same from any directory and machine.
    let display = paths::blueprint_display(path, targets.out).map_err(|error| {
        eprintln!("error: cannot resolve {}: {error}", path.display());
        Failure::User
    })?;
    let estimates = plinth_cost::estimate(blueprint);
    let files = plinth::tree_files(blueprint, &display, &estimates);
    warn_over_budget(&estimates, path, &mut warnings);
    if targets.workflows.is_some() {
        // Deploys that run kubectl from GitHub-hosted runners cannot reach a private endpoint.
        for warning in plinth_terraform::warnings::warnings(blueprint) {
            warnings.warn(format!("{}: {warning}", path.display()));
        }
    }
    let mut trees = vec![Tree {
        dir: targets.out.to_path_buf(),
        files,
        stateful: plinth_terraform::stateful::stateful_resources(blueprint),
    }];
    match targets.workflows {
        Some(dir) => trees.push(workflows_tree(blueprint, path, targets.out, dir)?),
        None if mode == Mode::Write => eprintln!(
            "note: GitHub Actions workflows not written; pass --workflows .github/workflows to write them"
        ),
        None => {}
    }
    let mut plans = Vec::new();
    for tree in &mut trees {
        // The files move into the plan: a run holds one copy of the output.
        let plan = writer::plan(
            &tree.dir,
            std::mem::take(&mut tree.files),
            &display,
            source.text(),
            &tree.stateful,
            permissions.force,
        )?;
        plans.push(plan);
    }
    check_destruction(&plans[0], blueprint, permissions.allow_destroy)?;
    for env in &plans[0].removed_environments {
        warnings.warn(format!(
            "environment `{env}` is no longer in the blueprint: its generated root under envs/{env}/ is removed, \
             but its infrastructure still exists; run `terraform destroy` in it first if that is what you want"
        ));
    }
    for (tree, plan) in trees.iter().zip(&plans) {
        check_conflicts(plan, &tree.dir)?;
    }
    let environments: Vec<&str> = blueprint
        .environments
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    let summary = |index: usize, plan: &writer::Plan, dir: &Path, future: bool| {
        let [created, changed, removed, unchanged] = plan.counts();
        let counts = if future {
            format!(
                "would create {created}, change {changed}, remove {removed}; {unchanged} unchanged"
            )
        } else {
            format!(
                "{created} created, {changed} changed, {removed} removed, {unchanged} unchanged"
            )
        };
        let tail = if index == 0 {
            format!(" (environments: {})", environments.join(", "))
        } else {
            String::new()
        };
        format!("{}: {counts}{tail}\n", dir.display())
    };
    match mode {
        Mode::Check => check(path, targets, &trees, &plans),
        Mode::DryRun => {
            // The list is what a dry run is for: every file, then the counts.
            let mut text = String::new();
            for (index, (tree, plan)) in trees.iter().zip(&plans).enumerate() {
                for line in plan.summary_lines() {
                    text.push_str(&line);
                    text.push('\n');
                }
                text.push_str(&summary(index, plan, &tree.dir, true));
            }
            write_stdout(text)
        }
        Mode::Write => {
            for (index, (tree, plan)) in trees.iter().zip(&plans).enumerate() {
                plan.apply(&tree.dir)?;
                if report.verbose {
                    for line in plan.summary_lines() {
                        eprintln!("{line}");
                    }
                }
                eprint!("{}", summary(index, plan, &tree.dir, false));
            }
            Ok(())
        }
    }
}

/// Warns about every environment whose cost estimate exceeds its `[budget]`.
fn warn_over_budget(estimates: &[EnvironmentEstimate], path: &Path, warnings: &mut Warnings) {
    for over in plinth_cost::over_budget(estimates) {
        warnings.warn(format!(
            "environment `{}` is estimated at ${:.2} a month, over its budget of ${:.2} (see `plinth cost {}`)",
            over.environment,
            over.total_usd,
            over.budget_usd,
            path.display()
        ));
    }
}

/// The workflows, with paths relative to the workflows directory.
fn workflows_tree(
    blueprint: &Blueprint,
    path: &Path,
    out: &Path,
    dir: &Path,
) -> Result<Tree, Failure> {
    let repository = locate(dir, out, path)?;
    let files = plinth_workflows::emit(blueprint, &repository.blueprint, &repository.out).map_err(
        |error| {
            eprintln!("error: {}: {error}", path.display());
            Failure::User
        },
    )?;
    let prefix = format!("{}/", plinth_workflows::WORKFLOW_DIR);
    let files = files
        .into_iter()
        .map(|file| {
            let relative = file
                .path
                .strip_prefix(&prefix)
                .unwrap_or(&file.path)
                .to_owned();
            GeneratedFile::new(relative, file.contents)
        })
        .collect();
    Ok(Tree {
        dir: dir.to_path_buf(),
        files,
        stateful: Vec::new(),
    })
}

/// `--check`: a unified diff of every stale tree, exit 1 when any is stale.
fn check(
    path: &Path,
    targets: &Targets<'_>,
    trees: &[Tree],
    plans: &[writer::Plan],
) -> Result<(), Failure> {
    let mut stale = false;
    for (tree, plan) in trees.iter().zip(plans) {
        if plan.is_up_to_date() {
            eprintln!("{}: up to date", tree.dir.display());
        } else {
            write_stdout(plan.diff())?;
            stale = true;
        }
    }
    if !stale {
        return Ok(());
    }
    let workflows = targets
        .workflows
        .map(|dir| format!(" --workflows {}", dir.display()))
        .unwrap_or_default();
    eprintln!(
        "error: the generated files are stale: run `plinth generate {} --out {}{workflows}`",
        path.display(),
        targets.out.display()
    );
    Err(Failure::User)
}

/// Refuses (or, with `--allow-destroy`, warns about) blueprint changes that destroy data.
fn check_destruction(
    plan: &writer::Plan,
    blueprint: &Blueprint,
    allow_destroy: bool,
) -> Result<(), Failure> {
    let destructive =
        plinth_terraform::stateful::destructive_changes(&plan.previous_stateful, blueprint);
    if !destructive.is_empty() {
        let severity = if allow_destroy { "warning" } else { "error" };
        eprintln!("{severity}: this blueprint change destroys data on the next `terraform apply`:");
        for change in &destructive {
            eprintln!("  {change}");
        }
        if !allow_destroy {
            eprintln!(
                "help: if a key was renamed, add `renamed_from = \"<old key>\"` to it so its resources are kept and moved; \
                 if a bucket's name only gained plinth's uniqueness suffix (buckets of environments without a pinned \
                 account now end in a hash of the repository; earlier trees named them `<project>-<env>-<key>`), keep the old name \
                 with `unique_suffix = false` in its `[buckets.<key>]`; \
                 if you really mean to destroy them, back the data up and rerun with --allow-destroy \
                 (production-like environments also carry `prevent_destroy`, which Terraform enforces on top)"
            );
            return Err(Failure::User);
        }
    }
    Ok(())
}

/// Stops the run when it would overwrite or delete work plinth did not do.
fn check_conflicts(plan: &writer::Plan, out: &Path) -> Result<(), Failure> {
    if !plan.conflicts.is_empty() {
        eprintln!("error: plinth will not overwrite or delete work it did not do:");
        for conflict in &plan.conflicts {
            match conflict {
                Conflict::HandEdited(file) => eprintln!(
                    "  {} was edited by hand since plinth generated it",
                    out.join(file).display()
                ),
                Conflict::NotGenerated(file) => eprintln!(
                    "  {} exists but was not generated by plinth",
                    out.join(file).display()
                ),
                Conflict::StaleEdited(file) => eprintln!(
                    "  {} is no longer generated, but was edited by hand, so it is kept",
                    out.join(file).display()
                ),
            }
        }
        let edited = plan
            .conflicts
            .iter()
            .any(|c| matches!(c, Conflict::HandEdited(_) | Conflict::StaleEdited(_)));
        let foreign = plan
            .conflicts
            .iter()
            .any(|c| matches!(c, Conflict::NotGenerated(_)));
        if edited {
            eprintln!(
                "help: move the hand edits into the blueprint (see `plinth explain`) and regenerate, \
                 or pass --force to overwrite them"
            );
        }
        if foreign {
            // --force never touches these, so it is no way out.
            eprintln!(
                "help: plinth generates files at those paths: move or rename the files that are in the way \
                 (or delete them if they are leftovers), then rerun"
            );
        }
        return Err(Failure::User);
    }
    Ok(())
}
