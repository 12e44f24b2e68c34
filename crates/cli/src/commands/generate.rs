//! `plinth generate`.

use std::path::Path;

use plinth_blueprint::model::Blueprint;

use crate::exit::Failure;
use crate::output::load_blueprint;
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

/// Compiles the blueprint at `path` into `out`.
pub fn run(
    path: &Path,
    out: &Path,
    mode: Mode,
    permissions: Permissions,
    color: bool,
) -> Result<(), Failure> {
    let (source, loaded) = load_blueprint(path, color)?;
    let display = path.display().to_string().replace('\\', "/");
    let files = match plinth_terraform::emit(&loaded.blueprint, &display) {
        Ok(files) => files,
        Err(unsupported) => {
            eprintln!("error: {}: {unsupported}", path.display());
            eprintln!(
                "help: remove it from the blueprint for now, or generate only what is supported"
            );
            return Err(Failure::User);
        }
    };
    let stateful = plinth_terraform::stateful::stateful_resources(&loaded.blueprint);
    let plan = writer::plan(
        out,
        &files,
        &display,
        source.text(),
        &stateful,
        permissions.force,
    )?;
    check_destruction(&plan, &loaded.blueprint, permissions.allow_destroy)?;
    for env in &plan.removed_environments {
        eprintln!(
            "warning: environment `{env}` is no longer in the blueprint: its generated root under envs/{env}/ is removed, \
             but its infrastructure still exists; run `terraform destroy` in it first if that is what you want"
        );
    }
    check_conflicts(&plan, out)?;
    match mode {
        Mode::Check => {
            if plan.is_up_to_date() {
                eprintln!("{}: up to date", out.display());
                Ok(())
            } else {
                print!("{}", plan.diff());
                eprintln!(
                    "error: {} is stale: run `plinth generate {} --out {}`",
                    out.display(),
                    path.display(),
                    out.display()
                );
                Err(Failure::User)
            }
        }
        Mode::DryRun => {
            let lines = plan.summary_lines();
            if lines.is_empty() {
                println!("{}: up to date, nothing to write", out.display());
            }
            for line in lines {
                println!("{line}");
            }
            Ok(())
        }
        Mode::Write => {
            if plan.is_up_to_date() {
                plan.apply(out)?;
                eprintln!(
                    "{}: up to date ({} files, nothing written)",
                    out.display(),
                    files.len()
                );
                return Ok(());
            }
            let lines = plan.summary_lines();
            plan.apply(out)?;
            for line in &lines {
                eprintln!("{line}");
            }
            let environments: Vec<&str> = loaded
                .blueprint
                .environments
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            eprintln!(
                "{}: {} files written or removed (environments: {})",
                out.display(),
                lines.len(),
                environments.join(", ")
            );
            Ok(())
        }
    }
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
        eprintln!(
            "help: move the change into the blueprint (see `plinth explain`) and regenerate, move the files away, or pass --force to overwrite hand edits"
        );
        return Err(Failure::User);
    }
    Ok(())
}
