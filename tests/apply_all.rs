//! Apply truth: every example blueprint, every account and every environment, applied to moto in
//! the order the generated README prescribes, each environment as its generated deploy role.
//!
//! For each blueprint, on a fresh moto that records every API call it receives:
//! 1. each `bootstrap/<account>/` root is applied with that account's administrator (moto keys
//!    accounts by access key; assuming a role of another account switches to it);
//! 2. each `envs/<env>/` root is initialised against its real S3 backend (the state bucket the
//!    bootstrap made, with its lock file and customer key) and applied with the credentials of
//!    the deploy role the bootstrap made for it, then planned again, which must show no change;
//! 3. non-production environments are destroyed, and the first applied again, as the deploy role;
//! 4. every call the deploy roles made is judged by their IAM policies, with the resource ARN
//!    and request context (tests/moto/iam_policy_check.py): one call a policy does not allow
//!    fails the test.
//!
//! What moto cannot apply is stubbed exactly as in tests/e2e.rs, and listed in docs/testing.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use plinth_blueprint::model::{Blueprint, Compute, Environment};
use plinth_blueprint::{SourceFile, load};
use plinth_tests::moto::{Credentials, Moto, python, tools_bin};
use plinth_tests::{Terraform, in_parallel_on, toml_files};

use crate::e2e::{unexplained_changes, write_stubs};

/// Blueprints moto cannot apply, by platform, and why. They are planned offline, applied against
/// mock providers and scanned (tests/terraform.rs, mock_apply.rs, security.rs); this suite says
/// so in its output rather than passing them silently. Empty since the EKS fills
/// (tests/moto/eks_fills.py): every platform applies.
const NOT_ON_MOTO: [(&str, &str); 0] = [];

/// Blueprints applied at once, each on its own moto. An apply against moto spends most of its
/// time in the provider's waiters (RDS, load balancers, NAT gateways poll every 10 to 30 s), not
/// on the CPU, so more run side by side than `PARALLEL_ROOTS` plans do.
const APPLYING_AT_ONCE: usize = 4;

/// The moto account of environments that pin none (moto's default account).
const DEFAULT_ACCOUNT: &str = "123456789012";

/// The roots of a generated tree in the order its README's "Order of operations" runs them.
fn readme_order(readme: &str) -> Vec<String> {
    let mut roots = Vec::new();
    for line in readme.lines() {
        let Some(rest) = line.trim_start().strip_prefix("terraform -chdir=") else {
            continue;
        };
        let root = rest
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    roots
}

/// Overrides of every `provider "aws"` block of a root (the default one and each alias), so
/// each runs against moto as `credentials` and keeps its own region.
fn provider_overrides(root: &Path, moto: &Moto, credentials: &Credentials) -> String {
    let providers = std::fs::read_to_string(root.join("providers.tf")).unwrap_or_default();
    let default = moto.provider_override_as(credentials);
    let mut text = default.clone();
    for line in providers.lines() {
        if let Some(alias) = line
            .trim()
            .strip_prefix("alias")
            .and_then(|rest| rest.split('"').nth(1))
        {
            let aliased = default.replacen(
                "provider \"aws\" {\n",
                &format!("provider \"aws\" {{\n  alias = {alias:?}\n"),
                1,
            );
            text.push_str(&aliased);
        }
    }
    text
}

/// Requests a certificate for `domain` in the environment's account and region.
fn request_certificate(
    bin: &Path,
    moto: &Moto,
    credentials: &Credentials,
    region: &str,
    domain: &str,
) -> String {
    let script = format!(
        "import boto3\nacm = boto3.client('acm', endpoint_url='{}', region_name='{region}', \
         aws_access_key_id='{}', aws_secret_access_key='{}', aws_session_token='{}')\n\
         print(acm.request_certificate(DomainName='{domain}', ValidationMethod='DNS')['CertificateArn'])",
        moto.endpoint, credentials.access_key, credentials.secret_key, credentials.token
    );
    python(bin, &script, &format!("request a certificate for {domain}"))
}

/// What one blueprint's run proved, for the summary.
struct Outcome {
    blueprint: String,
    roots_applied: usize,
    report: serde_json::Value,
}

pub(crate) const APPLY: [&str; 5] = [
    "apply",
    "-auto-approve",
    "-input=false",
    "-no-color",
    "-parallelism=8",
];
const DESTROY: [&str; 5] = [
    "destroy",
    "-auto-approve",
    "-input=false",
    "-no-color",
    "-parallelism=8",
];

/// A generated tree on its own recording moto: bootstrapped accounts, and the deploy role the
/// bootstrap made for each environment.
pub(crate) struct Stage<'a> {
    pub(crate) terraform: &'a Terraform,
    pub(crate) bin: &'a Path,
    pub(crate) moto: Moto,
    pub(crate) tree: PathBuf,
    record: PathBuf,
    pub(crate) deploy_roles: BTreeMap<String, String>,
}

impl<'a> Stage<'a> {
    /// A fresh `dir` with a recording moto.
    pub(crate) fn new(terraform: &'a Terraform, bin: &'a Path, dir: &Path) -> Self {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        let record = dir.join("calls.jsonl");
        Self {
            terraform,
            bin,
            moto: Moto::start_recording(bin, &record),
            tree: dir.join("tree"),
            record,
            deploy_roles: BTreeMap::new(),
        }
    }

    /// Writes (or rewrites) the tree `blueprint` compiles to.
    pub(crate) fn write_tree(&self, blueprint: &Blueprint, source: &str) {
        for file in plinth::tree_files(blueprint, source, &plinth_cost::estimate(blueprint)) {
            let target = self.tree.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, file.contents).unwrap();
        }
    }

    /// Applies `bootstrap/<account>` as that account's administrator and learns its deploy roles.
    pub(crate) fn bootstrap(&mut self, relative: &str, what: &str) {
        let root = self.tree.join(relative);
        let account = relative.trim_start_matches("bootstrap/");
        let account = if account == "default" {
            DEFAULT_ACCOUNT
        } else {
            account
        };
        let admin = self.moto.administrator(self.bin, account);
        std::fs::write(
            root.join("plinth_moto_override.tf"),
            provider_overrides(&root, &self.moto, &admin),
        )
        .unwrap();
        self.terraform
            .run(&root, &["init", "-input=false", "-no-color"], what);
        self.terraform.run(
            &root,
            &APPLY,
            &format!("{what}: apply as the account administrator"),
        );
        let roles: BTreeMap<String, String> = serde_json::from_str(&self.terraform.run(
            &root,
            &["output", "-json", "deploy_role_arns"],
            what,
        ))
        .expect("deploy_role_arns is a map");
        self.deploy_roles.extend(roles);
    }

    /// Points `envs/<env>` at moto as its deploy role (provider, S3 backend, stubs of what moto
    /// lacks) and initialises it; returns the root.
    pub(crate) fn prepare_environment(&self, env: &Environment, what: &str) -> PathBuf {
        let root = self.tree.join("envs").join(&env.name);
        let role = self
            .deploy_roles
            .get(&env.name)
            .unwrap_or_else(|| panic!("{what}: no bootstrap made a deploy role for {}", env.name));
        let deploy = self.moto.assume_role(self.bin, role);
        // The certificate stands in for the stubbed dns module's: the account's administrator
        // requests it, so it is not a call of the deploy role (whose own requests carry tags).
        let certificate_arn = env
            .dns
            .as_ref()
            .map(|dns| {
                let account = role.split(':').nth(4).unwrap_or(DEFAULT_ACCOUNT);
                let admin = self.moto.administrator(self.bin, account);
                request_certificate(self.bin, &self.moto, &admin, &env.region, &dns.domain)
            })
            .unwrap_or_default();
        let stubs = write_stubs(&self.tree, &root, &certificate_arn);
        let backend_tf = std::fs::read_to_string(root.join("backend.tf")).unwrap();
        let mut overrides = provider_overrides(&root, &self.moto, &deploy);
        overrides.push_str(&self.moto.s3_backend_override_as(&backend_tf, &deploy));
        std::fs::write(root.join("plinth_moto_override.tf"), overrides).unwrap();
        std::fs::write(root.join("plinth_moto_stubs_override.tf"), stubs).unwrap();
        self.terraform.run(
            &root,
            &["init", "-input=false", "-no-color", "-reconfigure"],
            what,
        );
        root
    }

    /// The deploy roles' calls so far, judged by their policies.
    pub(crate) fn check_policies(&self) -> serde_json::Value {
        let callers: Vec<String> = self.deploy_roles.values().cloned().collect();
        self.moto.check_policies(self.bin, &self.record, &callers)
    }
}

/// Fails with every call a deploy role made that its policies do not allow.
pub(crate) fn assert_no_denials(report: &serde_json::Value, what: &str) {
    let denied: Vec<&str> = report["denied"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    assert!(
        report["calls"].as_u64().unwrap_or_default() > 0,
        "{what}: no call was recorded for a deploy role: the check ran nothing"
    );
    assert!(
        denied.is_empty(),
        "{what}: calls the deploy roles' policies do not allow (AWS would refuse them):\n{}",
        denied.join("\n")
    );
}

/// Plans `root` and returns the plan as JSON.
pub(crate) fn plan(terraform: &Terraform, root: &Path, what: &str) -> serde_json::Value {
    terraform.run(
        root,
        &["plan", "-input=false", "-no-color", "-out=plan.bin"],
        &format!("{what}: plan"),
    );
    serde_json::from_str(&terraform.run(root, &["show", "-json", "plan.bin"], what))
        .expect("plan JSON")
}

/// Plans `root` again after an apply: the plan must show no change.
pub(crate) fn assert_replans_clean(terraform: &Terraform, root: &Path, what: &str) {
    let drift = unexplained_changes(&plan(terraform, root, &format!("{what}: re-plan")));
    assert!(
        drift.is_empty(),
        "{what}: the plan after apply is not empty (a perpetual diff):\n{}",
        drift.join("\n")
    );
}

fn apply_blueprint(terraform: &Terraform, bin: &Path, work: &Path, path: &Path) -> Outcome {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let source = format!("blueprints/{name}.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let blueprint = load(&SourceFile::new(&source, text))
        .unwrap_or_else(|_| panic!("{source} is valid"))
        .blueprint;
    let mut stage = Stage::new(terraform, bin, &work.join(&name));
    stage.write_tree(&blueprint, &source);
    let readme = std::fs::read_to_string(stage.tree.join("README.md")).unwrap();
    let order = readme_order(&readme);
    assert!(
        order.iter().any(|r| r.starts_with("bootstrap/"))
            && order.iter().any(|r| r.starts_with("envs/")),
        "{source}: the README names no bootstrap or environment roots in its order of operations"
    );

    let mut applied = Vec::new();
    for relative in &order {
        let what = format!("{source} {relative} on moto");
        if relative.starts_with("bootstrap/") {
            stage.bootstrap(relative, &what);
            continue;
        }
        let env_name = relative.trim_start_matches("envs/");
        let env = blueprint
            .environments
            .iter()
            .find(|e| e.name == env_name)
            .unwrap_or_else(|| panic!("{what}: no environment {env_name}"));
        let root = stage.prepare_environment(env, &what);
        let started = Instant::now();
        terraform.run(&root, &APPLY, &format!("{what}: apply as its deploy role"));
        let applied_in = started.elapsed();
        let replanning = Instant::now();
        assert_replans_clean(terraform, &root, &what);
        println!(
            "{what}: applied in {applied_in:.0?}, re-planned in {:.0?}",
            replanning.elapsed()
        );
        applied.push((root, env.production, what));
    }
    let mut roots_applied = order.len();
    // Day 2 outside production: every non-production environment is destroyed (newest first);
    // the first is then applied again the same day, so nothing may be left behind that blocks
    // re-creation (names reserved for a recovery window, buckets or repositories that will not
    // delete). The others differ from it only in sizes, so re-applying them too would prove
    // nothing more and cost minutes of moto's waiters.
    for (root, production, what) in applied.iter().rev() {
        if !production {
            terraform.run(
                root,
                &DESTROY,
                &format!("{what}: destroy as the deploy role"),
            );
        }
    }
    if let Some((root, _, what)) = applied.iter().find(|(_, production, _)| !production) {
        terraform.run(root, &APPLY, &format!("{what}: apply again after destroy"));
        assert_replans_clean(terraform, root, what);
        roots_applied += 1;
    }
    Outcome {
        blueprint: source,
        roots_applied,
        report: stage.check_policies(),
    }
}

/// The example blueprints this run applies: all of them (or those `PLINTH_APPLY_ONLY` names),
/// less the platforms moto cannot apply, each announced with its reason.
fn blueprints_to_apply() -> Vec<PathBuf> {
    // PLINTH_APPLY_ONLY=<stem>[,<stem>] narrows the run while developing; CI runs them all.
    let only = std::env::var("PLINTH_APPLY_ONLY").ok();
    assert!(
        only.is_none() || std::env::var("CI").is_err(),
        "PLINTH_APPLY_ONLY narrows the apply proof and is for development only; CI must apply every blueprint"
    );
    let blueprints: Vec<PathBuf> = toml_files("blueprints")
        .into_iter()
        .filter(|path| {
            only.as_deref().is_none_or(|only| {
                only.split(',')
                    .any(|stem| path.file_stem().is_some_and(|s| s == stem))
            })
        })
        .collect();
    if let Some(only) = &only {
        println!(
            "PLINTH_APPLY_ONLY={only}: applying {} blueprint(s) only",
            blueprints.len()
        );
    }
    let mut not_applied = Vec::new();
    let blueprints: Vec<PathBuf> = blueprints
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let loaded = load(&SourceFile::new(path.as_path(), text)).expect("valid");
            let platform = match loaded.blueprint.environments[0].compute {
                Compute::Ecs(_) => "ecs",
                Compute::Eks(_) => "eks",
            };
            match NOT_ON_MOTO.iter().find(|(p, _)| *p == platform) {
                Some((_, why)) => {
                    not_applied.push(format!("NOT APPLIED: {}: {why}", path.display()));
                    false
                }
                None => true,
            }
        })
        .collect();
    for line in &not_applied {
        println!("{line}");
    }
    // The most roots first: the pool then ends on short blueprints rather than waiting on a long
    // one started last (an environment root takes minutes against moto's waiters, a bootstrap
    // root well under one).
    let mut weighed: Vec<(usize, PathBuf)> = blueprints
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let loaded = load(&SourceFile::new(path.as_path(), text)).expect("valid");
            let environments = &loaded.blueprint.environments;
            let accounts: std::collections::BTreeSet<Option<&str>> = environments
                .iter()
                .map(|e| e.account_id.as_deref())
                .collect();
            (4 * environments.len() + accounts.len(), path)
        })
        .collect();
    weighed.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    weighed.into_iter().map(|(_, path)| path).collect()
}

#[test]
#[cfg_attr(
    any(skip_terraform, skip_moto),
    ignore = "PLINTH_SKIP names terraform or moto"
)]
fn every_blueprint_applies_in_readme_order_as_its_deploy_roles() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("apply-all");
    let terraform = Terraform::find(&work.join("terraform"));
    let bin = tools_bin();
    let blueprints = blueprints_to_apply();
    assert!(!blueprints.is_empty(), "no blueprint to apply");
    let outcomes = in_parallel_on(APPLYING_AT_ONCE, &blueprints, |path| {
        apply_blueprint(&terraform, &bin, &work, path)
    });

    let mut summary = String::new();
    let mut denied = Vec::new();
    let (mut roots, mut calls, mut requests, mut allowed, mut unverified) = (0, 0, 0, 0, 0);
    for outcome in &outcomes {
        let report = &outcome.report;
        let count = |key: &str| report[key].as_u64().unwrap_or_default();
        let list = |key: &str| report[key].as_array().cloned().unwrap_or_default();
        roots += outcome.roots_applied;
        calls += count("calls");
        requests += count("requests");
        allowed += count("allowed");
        unverified += list("unverified").len();
        let _ = writeln!(
            summary,
            "{}: {} roots applied; {} deploy-role calls, {} IAM requests: {} allowed, {} kinds unverified, {} denied",
            outcome.blueprint,
            outcome.roots_applied,
            count("calls"),
            count("requests"),
            count("allowed"),
            list("unverified").len(),
            list("denied").len()
        );
        for entry in list("tolerated") {
            let _ = writeln!(
                summary,
                "  tolerated: {}",
                entry.as_str().unwrap_or_default()
            );
        }
        for entry in list("unverified") {
            let _ = writeln!(
                summary,
                "  unverified: {}",
                entry.as_str().unwrap_or_default()
            );
        }
        denied.extend(
            list("denied")
                .into_iter()
                .map(|d| format!("{}: {}", outcome.blueprint, d.as_str().unwrap_or_default())),
        );
    }
    println!(
        "{summary}total: {roots} roots applied, {calls} deploy-role calls, {requests} IAM requests checked: {allowed} allowed, {unverified} kinds unverified, {} denied",
        denied.len()
    );
    assert!(
        calls > 0,
        "no call was recorded for a deploy role: the check ran nothing"
    );
    assert!(
        denied.is_empty(),
        "calls the deploy roles' policies do not allow (AWS would refuse them):\n{}",
        denied.join("\n")
    );
}

/// The policy checker's own cases (allow, deny by region, name, tag, explicit deny, tag on
/// create): a checker that allowed everything would pass every apply.
#[test]
#[cfg_attr(skip_moto, ignore = "PLINTH_SKIP names moto")]
fn the_policy_checker_decides_its_own_cases() {
    let bin = tools_bin();
    let output = Command::new(bin.join("python"))
        .arg(plinth_tests::repo_root().join("tests/moto/iam_policy_check.py"))
        .arg("--self-test")
        .output()
        .expect("python from the tools venv");
    assert!(
        output.status.success(),
        "iam_policy_check.py --self-test:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_readme_order_lists_bootstrap_before_environments() {
    let readme = "1. x\n   ```sh\n   terraform -chdir=bootstrap/1 init && terraform -chdir=bootstrap/1 apply\n   terraform -chdir=envs/dev init && terraform -chdir=envs/dev apply\n   ```\n";
    assert_eq!(readme_order(readme), ["bootstrap/1", "envs/dev"]);
}
