//! Shared helpers for the integration tests over `blueprints/` and `tests/fixtures/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

pub mod checks;
#[path = "moto.rs"]
pub mod moto;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Every `*.toml` directly inside `dir` (relative to the repository root), sorted.
pub fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(dir))
        .unwrap_or_else(|error| panic!("cannot list {dir}: {error}"))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

/// A path relative to the repository root, with `/` separators, for stable snapshot output.
pub fn display_path(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The terraform CLI with an offline configuration: the AWS provider from a filesystem mirror,
/// one shared plugin cache.
pub struct Terraform {
    cli_config: PathBuf,
    plugin_cache: PathBuf,
}

impl Terraform {
    /// Terraform with an offline configuration; fails the test, saying what to install, when
    /// this machine cannot run it (a test that needs it is `#[ignore]`d by `PLINTH_SKIP=terraform`
    /// instead, see [`checks`]).
    pub fn find(work: &Path) -> Self {
        if Command::new("terraform").arg("version").output().is_err() {
            checks::unavailable("terraform", "terraform is not on PATH");
        }
        let Some(mirror) = provider_mirror() else {
            checks::unavailable(
                "terraform",
                "no hashicorp/aws provider mirror found; set PLINTH_TF_PROVIDER_MIRROR to the directory holding registry.terraform.io/",
            );
        };
        let plugin_cache = work.join("plugin-cache");
        std::fs::create_dir_all(&plugin_cache).expect("create the plugin cache");
        let cli_config = work.join("offline.tfrc");
        let config = format!(
            // Without the last setting Terraform (since 1.4) reinstalls into the cache on every
            // `init` of a root without a lock file, and parallel inits race on the directory.
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {mirror:?}\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\nplugin_cache_may_break_dependency_lock_file = true\n",
            mirror = mirror.display().to_string()
        );
        // Test binaries run side by side (CI's gauntlet) and share this file: it is replaced in
        // one rename, never truncated under a terraform that is reading it.
        if std::fs::read_to_string(&cli_config).ok().as_deref() != Some(config.as_str()) {
            let staged = work.join(format!("offline.tfrc.{}", std::process::id()));
            std::fs::write(&staged, &config).expect("write the CLI configuration");
            std::fs::rename(&staged, &cli_config).expect("install the CLI configuration");
        }
        Self {
            cli_config,
            plugin_cache,
        }
    }

    /// [`Self::find`], or `None` (said on the terminal) when `PLINTH_SKIP` names terraform: for
    /// tests where Terraform checks only part of what they prove.
    pub fn unless_skipped(work: &Path, what: &str) -> Option<Self> {
        if checks::skip_requested("terraform") {
            checks::announce_skip("terraform", what);
            return None;
        }
        Some(Self::find(work))
    }

    /// `terraform args…` in `dir`, with the offline configuration.
    pub fn command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut command = Command::new("terraform");
        command.args(args);
        self.offline(command, dir)
    }

    /// `bash -c script` in `dir`, with the same offline configuration for the `terraform` it
    /// calls (a generated workflow script run as CI would).
    pub fn shell(&self, dir: &Path, script: &str) -> Command {
        let mut command = Command::new("bash");
        command.args(["-c", script]);
        self.offline(command, dir)
    }

    /// `command` run in `dir` with the offline configuration of every `terraform` it starts.
    fn offline(&self, mut command: Command, dir: &Path) -> Command {
        command
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("TF_PLUGIN_CACHE_DIR", &self.plugin_cache)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_WORKSPACE");
        command
    }

    /// Runs `terraform args…` in `dir`, returning stdout, or panicking with everything it printed.
    pub fn run(&self, dir: &Path, args: &[&str], what: &str) -> String {
        let output = self.command(dir, args).output().expect("terraform runs");
        assert!(
            output.status.success(),
            "{what}: `terraform {}` failed in {}:\n{}\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Writes [`OFFLINE_OVERRIDE`] next to the root's files in `dir` and runs `terraform init`.
    pub fn init_offline(&self, dir: &Path, what: &str) {
        std::fs::write(dir.join("plinth_offline_override.tf"), OFFLINE_OVERRIDE)
            .expect("write the offline override");
        self.run(dir, &["init", "-input=false", "-no-color"], what);
    }

    /// Plans the root in `dir` (after [`Self::init_offline`]) without refreshing or locking, and
    /// returns the address of every resource the plan creates, sorted. It reads the plan's
    /// machine-readable UI stream (`plan -json`, one `planned_change` message per resource), which
    /// spares the `terraform show -json` of [`Self::plan_json`]: each Terraform command loads the
    /// AWS provider's schema, about 4 CPU seconds. The plan validates the configuration first, as
    /// `terraform validate` would.
    pub fn planned_creates(&self, dir: &Path, what: &str) -> Vec<String> {
        let stream = self.run(dir, &[OFFLINE_PLAN.as_slice(), &["-json"]].concat(), what);
        let mut creates = Vec::new();
        let mut summarised = None;
        for line in stream.lines() {
            let message: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{what}: a plan -json line is not JSON ({e}): {line}"));
            match message["type"].as_str() {
                Some("planned_change") if message["change"]["action"] == "create" => {
                    let address = message["change"]["resource"]["addr"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{what}: a planned change without an address"));
                    creates.push(address.to_owned());
                }
                Some("change_summary") => summarised = message["changes"]["add"].as_u64(),
                _ => {}
            }
        }
        // The summary counts what the plan adds; the stream must have named every one of them.
        assert_eq!(
            summarised,
            Some(creates.len() as u64),
            "{what}: the plan's change summary disagrees with its planned changes"
        );
        creates.sort();
        creates
    }

    /// Plans the root in `dir` (after [`Self::init_offline`]) without refreshing or locking, and
    /// returns the plan as JSON (`terraform show -json`).
    pub fn plan_json(&self, dir: &Path, what: &str) -> String {
        self.run(
            dir,
            &[OFFLINE_PLAN.as_slice(), &["-out=plan.bin"]].concat(),
            what,
        );
        self.run(dir, &["show", "-json", "plan.bin"], what)
    }
}

/// `terraform plan` of an offline root: no refresh, no lock, no prompt.
const OFFLINE_PLAN: [&str; 6] = [
    "plan",
    "-refresh=false",
    "-lock=false",
    "-input=false",
    "-no-color",
    "-parallelism=8",
];

/// The directory that holds `registry.terraform.io/hashicorp/aws/…`.
pub fn provider_mirror() -> Option<PathBuf> {
    let holds_aws = |dir: &Path| dir.join("registry.terraform.io/hashicorp/aws").is_dir();
    if let Some(dir) = std::env::var_os("PLINTH_TF_PROVIDER_MIRROR").map(PathBuf::from) {
        return holds_aws(&dir).then_some(dir);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    [
        PathBuf::from("/opt/tf-plugins"),
        home.join(".terraform.d/plugins"),
        home.join(".local/share/terraform/plugins"),
        PathBuf::from("/usr/local/share/terraform/plugins"),
        PathBuf::from("/usr/share/terraform/plugins"),
    ]
    .into_iter()
    .find(|dir| holds_aws(dir))
}

/// The override [`Terraform::init_offline`] puts next to a root's files to plan it offline (never
/// part of the generated tree).
const OFFLINE_OVERRIDE: &str = r#"# Written by plinth's test harness: plan offline, without credentials or remote state.
provider "aws" {
  access_key                  = "plinth-offline"
  secret_key                  = "plinth-offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  allowed_account_ids         = null

  # Replaces the root's assume_role block with none: assuming a role needs STS.
  dynamic "assume_role" {
    for_each = []
    content {}
  }
}

terraform {
  backend "local" {}
}
"#;

/// Cases per property test: `PLINTH_PROPTEST_CASES` when set (`just fuzz` sets 100,000), else
/// `default`.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PLINTH_PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

/// How many Terraform roots run at once: each provider process takes about 500 MB, and the
/// machine has two cores.
pub const PARALLEL_ROOTS: usize = 2;

/// Runs `job` over `items` on `PARALLEL_ROOTS` threads, returning results in input order.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    in_parallel_on(PARALLEL_ROOTS, items, job)
}

/// Runs `job` over `items` on `threads` threads, returning results in input order.
pub fn in_parallel_on<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = Mutex::new(0_usize);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap();
                        let index = *next;
                        *next += 1;
                        index
                    };
                    let Some(item) = items.get(index) else { break };
                    let result = job(item);
                    results.lock().unwrap()[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}
