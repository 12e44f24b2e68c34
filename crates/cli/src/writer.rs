//! The writer: the only code that touches the output directory.
//!
//! It compares what plinth generates now with what is on disk and with the manifest of the last
//! run (`.plinth/manifest.json`: plinth's version, the blueprint and its hash, and every generated
//! file with the hash of its contents), and plans each file:
//! - created, updated, or kept when already up to date (not rewritten, so mtimes stay);
//! - removed when the last run generated it and this one does not, but only if unmodified;
//! - refused when it was edited by hand since the last run, or exists without plinth having
//!   generated it: plinth never overwrites or deletes work it did not do (`--force` overrides the
//!   first case only).
//!
//! Applying writes each file atomically (a temporary file in the same directory, then a rename),
//! so a killed run leaves the old file or the new one, never half of one; the manifest is written
//! last, so a killed run is simply resumed by the next one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use plinth_blueprint::output::{GeneratedFile, has_header};
use plinth_terraform::stateful::StatefulResource;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where the manifest lives, relative to the output directory.
pub const MANIFEST: &str = ".plinth/manifest.json";

/// The record of a run.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// The plinth version that wrote the tree.
    pub plinth_version: String,
    /// The blueprint path, relative to its repository's root (or, outside a repository, to the
    /// output directory): never anything that depends on the working directory.
    pub blueprint: String,
    /// SHA-256 of the blueprint text.
    pub blueprint_sha256: String,
    /// Every generated file and the SHA-256 of its contents.
    pub files: BTreeMap<String, String>,
    /// The resources whose destruction loses data, so the next run can refuse a blueprint change
    /// that would destroy them (absent in manifests written before plinth recorded them).
    #[serde(default)]
    pub stateful: Vec<StatefulResource>,
}

/// What happens to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// A new file.
    Create { path: String, contents: String },
    /// A changed file (`old` is what is on disk).
    Update {
        path: String,
        old: String,
        contents: String,
    },
    /// A file the last run generated and this one does not.
    Remove { path: String, old: String },
    /// Already up to date.
    Keep { path: String },
}

impl Change {
    fn path(&self) -> &str {
        match self {
            Self::Create { path, .. }
            | Self::Update { path, .. }
            | Self::Remove { path, .. }
            | Self::Keep { path } => path,
        }
    }
}

/// Why a file cannot be written.
#[derive(Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Edited by hand since plinth generated it.
    HandEdited(String),
    /// Exists, but plinth did not generate it.
    NotGenerated(String),
    /// Would be removed, but was edited by hand; it is kept.
    StaleEdited(String),
}

/// Everything a run would do.
#[derive(Debug)]
pub struct Plan {
    /// Per-file changes, sorted by path.
    pub changes: Vec<Change>,
    /// Files that stop the run.
    pub conflicts: Vec<Conflict>,
    /// Environments the last run generated and this one does not.
    pub removed_environments: Vec<String>,
    /// The stateful resources the last run recorded.
    pub previous_stateful: Vec<StatefulResource>,
    manifest: Manifest,
}

fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

fn read_manifest(out: &Path) -> anyhow::Result<Option<Manifest>> {
    let path = out.join(MANIFEST);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not a plinth manifest; move it away to start over",
                path.display()
            )
        })?)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn read(path: &Path) -> anyhow::Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8(bytes).unwrap_or_else(|error| {
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        }))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Plans writing `files` (generated from `blueprint` with text `blueprint_text`) into `out`.
/// With `force`, files edited by hand are overwritten (and stale ones removed) anyway. The files
/// are moved into the plan, so a run holds one copy of the output.
pub fn plan(
    out: &Path,
    files: Vec<GeneratedFile>,
    blueprint: &str,
    blueprint_text: &str,
    stateful: &[StatefulResource],
    force: bool,
) -> anyhow::Result<Plan> {
    let previous = read_manifest(out)?;
    let recorded = |path: &str| previous.as_ref().and_then(|m| m.files.get(path));
    // Each file is hashed once, here; an unchanged file is recognised by comparing bytes.
    let hashes: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.path.clone(), sha256(&f.contents)))
        .collect();
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    for file in files {
        let existing = read(&out.join(&file.path))?;
        let change = match existing {
            None => Change::Create {
                path: file.path,
                contents: file.contents,
            },
            Some(old) if old == file.contents => Change::Keep { path: file.path },
            Some(old) => {
                let conflict = match recorded(&file.path) {
                    // Generated by the last run: ours unless edited since; --force takes it back.
                    Some(hash) if *hash == sha256(&old) || force => None,
                    Some(_) => Some(Conflict::HandEdited(file.path.clone())),
                    // No record: ours only in a tree written before manifests existed. Not even
                    // --force overwrites a file plinth did not generate.
                    None if previous.is_none() && has_header(&old) => None,
                    None => Some(Conflict::NotGenerated(file.path.clone())),
                };
                if let Some(conflict) = conflict {
                    conflicts.push(conflict);
                    continue;
                }
                Change::Update {
                    path: file.path,
                    old,
                    contents: file.contents,
                }
            }
        };
        changes.push(change);
    }
    let mut removed_environments = Vec::new();
    if let Some(previous) = &previous {
        for (path, hash) in &previous.files {
            if hashes.contains_key(path) {
                continue;
            }
            let Some(old) = read(&out.join(path))? else {
                continue;
            };
            if *hash == sha256(&old) || force {
                changes.push(Change::Remove {
                    path: path.clone(),
                    old,
                });
            } else {
                conflicts.push(Conflict::StaleEdited(path.clone()));
            }
            if let Some(env) = path
                .strip_prefix("envs/")
                .and_then(|rest| rest.split('/').next())
                && !hashes
                    .keys()
                    .any(|p| p.starts_with(&format!("envs/{env}/")))
                && !removed_environments.iter().any(|e| e == env)
            {
                removed_environments.push(env.to_owned());
            }
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    let manifest = Manifest {
        plinth_version: env!("CARGO_PKG_VERSION").to_owned(),
        blueprint: blueprint.to_owned(),
        blueprint_sha256: sha256(blueprint_text),
        files: hashes,
        stateful: stateful.to_vec(),
    };
    Ok(Plan {
        changes,
        conflicts,
        removed_environments,
        previous_stateful: previous.map(|m| m.stateful).unwrap_or_default(),
        manifest,
    })
}

impl Plan {
    /// Whether applying would change anything on disk.
    pub fn is_up_to_date(&self) -> bool {
        self.changes
            .iter()
            .all(|c| matches!(c, Change::Keep { .. }))
    }

    /// A unified diff of every change, as `git diff` shows it.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let (path, old, new) = match change {
                Change::Create { path, contents } => (path, "", contents.as_str()),
                Change::Update {
                    path,
                    old,
                    contents,
                } => (path, old.as_str(), contents.as_str()),
                Change::Remove { path, old } => (path, old.as_str(), ""),
                Change::Keep { .. } => continue,
            };
            let (from, to) = match change {
                Change::Create { .. } => ("/dev/null".to_owned(), format!("b/{path}")),
                Change::Remove { .. } => (format!("a/{path}"), "/dev/null".to_owned()),
                _ => (format!("a/{path}"), format!("b/{path}")),
            };
            let diff = similar::TextDiff::from_lines(old, new);
            let _ = write!(
                out,
                "{}",
                diff.unified_diff().context_radius(3).header(&from, &to)
            );
        }
        out
    }

    /// How many files are created, changed, removed and kept, in that order.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for change in &self.changes {
            let index = match change {
                Change::Create { .. } => 0,
                Change::Update { .. } => 1,
                Change::Remove { .. } => 2,
                Change::Keep { .. } => 3,
            };
            counts[index] += 1;
        }
        counts
    }

    /// One line per created, changed or removed file, with line counts (`--dry-run`).
    pub fn summary_lines(&self) -> Vec<String> {
        self.changes
            .iter()
            .filter_map(|change| match change {
                Change::Create { path, contents } => {
                    Some(format!("create  {path} (+{})", contents.lines().count()))
                }
                Change::Update {
                    path,
                    old,
                    contents,
                } => {
                    let diff = similar::TextDiff::from_lines(old.as_str(), contents.as_str());
                    let (mut added, mut removed) = (0, 0);
                    for change in diff.iter_all_changes() {
                        match change.tag() {
                            similar::ChangeTag::Insert => added += 1,
                            similar::ChangeTag::Delete => removed += 1,
                            similar::ChangeTag::Equal => {}
                        }
                    }
                    Some(format!("change  {path} (+{added} -{removed})"))
                }
                Change::Remove { path, old } => {
                    Some(format!("remove  {path} (-{})", old.lines().count()))
                }
                Change::Keep { .. } => None,
            })
            .collect()
    }

    /// Applies the plan: writes, removes, then records the manifest.
    pub fn apply(&self, out: &Path) -> anyhow::Result<()> {
        assert!(
            self.conflicts.is_empty(),
            "a plan with conflicts is never applied"
        );
        let writes: Vec<(&str, &str)> = self
            .changes
            .iter()
            .filter_map(|change| match change {
                Change::Create { path, contents } | Change::Update { path, contents, .. } => {
                    Some((path.as_str(), contents.as_str()))
                }
                Change::Remove { .. } | Change::Keep { .. } => None,
            })
            .collect();
        write_all(out, &writes)?;
        for change in &self.changes {
            if let Change::Remove { path, .. } = change {
                let target = out.join(path);
                fs::remove_file(&target)
                    .with_context(|| format!("cannot remove {}", target.display()))?;
                remove_empty_parents(out, &target);
            }
        }
        let mut manifest = serde_json::to_string_pretty(&self.manifest)?;
        manifest.push('\n');
        if read(&out.join(MANIFEST))?.as_deref() != Some(manifest.as_str()) {
            write_atomically(&out.join(MANIFEST), &manifest)?;
        }
        Ok(())
    }
}

/// Removes directories left empty by removals, up to (not including) `out`.
fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == out || fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// Writes `files` (paths relative to `out`) on a few threads: creating a file is mostly the
/// filesystem allocating an inode, which runs in parallel, and a new tree is hundreds of files.
fn write_all(out: &Path, files: &[(&str, &str)]) -> anyhow::Result<()> {
    const FILES_PER_THREAD: usize = 32;
    // Asking for the parallelism reads cgroup files, so only a tree worth splitting asks.
    let threads = if files.len() > FILES_PER_THREAD {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(4)
            .min(files.len().div_ceil(FILES_PER_THREAD))
    } else {
        1
    };
    if threads == 1 {
        return files
            .iter()
            .try_for_each(|(path, contents)| write_atomically(&out.join(path), contents));
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter().try_for_each(|(path, contents)| {
                        write_atomically(&out.join(path), contents)
                    })
                })
            })
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

fn write_atomically(target: &Path, contents: &str) -> anyhow::Result<()> {
    let directory = target
        .parent()
        .context("a generated file has a parent directory")?;
    fs::create_dir_all(directory)
        .with_context(|| format!("cannot create {}", directory.display()))?;
    let temporary = temporary_path(target);
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        // No fsync: the rename already makes the swap atomic, every file can be regenerated from
        // the blueprint, and one fsync per file was most of the time of a whole run
        // (docs/performance.md).
        file.write_all(contents.as_bytes())?;
        fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.with_context(|| format!("cannot write {}", target.display()))
}

fn temporary_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.plinth-{}.tmp", std::process::id()))
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
