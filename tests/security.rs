//! checkov over every generated tree: no failed check, in the Terraform source or in the plan.
//!
//! Each blueprint's tree (what `plinth generate` writes: roots, modules, Kubernetes manifests) goes
//! to a temporary directory. Every Terraform root (`envs/<env>/`, `bootstrap/<account>/`) is
//! scanned with checkov's `terraform` framework, which follows the root's local modules and so
//! judges each module with the values that root passes. The root is then planned offline (as in
//! `tests/terraform.rs`) and the plan's JSON is scanned with the `terraform_plan` framework, which
//! sees the values as Terraform resolved them. Any failed check fails the test, listing the
//! blueprint, root, check, resource and file:line.
//!
//! One checkov run per root, not per tree: in a whole-tree scan checkov merges the resources of
//! every root that calls a module under the same address (`module.alb.aws_lb.this`), so most
//! roots' module resources would go unchecked.
//!
//! A `#checkov:skip=` comment in a module applies to plans too, but not through checkov's own
//! `--repo-root-for-plan-enrichment`: that matches plan resources to code by `type.name` alone,
//! so the skips of one module's `aws_kms_key.this` would silence (or miss) another module's. A
//! failed plan check is instead accepted when the source scan of the same root skipped that check
//! on the same resource address (instance keys removed). The only other accepted plan failures
//! are [`UNKNOWN_AT_PLAN`]: checks that read a value Terraform learns only at apply, and only when
//! the plan marks that value unknown.
//!
//! Needs checkov from the tools venv (installed on first use, `tests/checks.rs`) and, for the plan
//! scan, terraform with the provider mirror (see `tests/terraform.rs`); `PLINTH_SKIP=terraform`
//! leaves the plan scans out and says so. Part of the gauntlet (`--features gauntlet`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use plinth_blueprint::{SourceFile, load};
use plinth_tests::{PARALLEL_ROOTS, Terraform, display_path, in_parallel, toml_files};
use serde_json::Value;

/// Plan checks that read a value the offline plan cannot know, accepted only while the plan
/// marks that value (a JSON pointer into the resource's `after_unknown`) unknown. The source scan
/// still judges the expression that produces it.
const UNKNOWN_AT_PLAN: [(&str, &str, &str); 2] = [
    (
        "CKV2_AWS_64",
        "/policy",
        "KMS key policy defined: the policy names the account id, which comes from the caller \
         identity and is known only at apply; the source scan sees the policy argument",
    ),
    (
        "CKV2_AWS_23",
        "/alias/0/name",
        "Route 53 A record attached to a resource: the alias target is the load balancer's DNS \
         name, known only once it exists; the source scan sees the reference",
    ),
];

/// One Terraform root of a generated tree.
struct Root {
    blueprint: String,
    /// The root's directory relative to its tree, e.g. `envs/prod`.
    label: String,
    dir: PathBuf,
}

/// What scanning one root found, and what it took.
#[derive(Default)]
struct Scanned {
    failures: Vec<String>,
    summary: String,
    checkov_time: Duration,
    terraform_time: Duration,
}

/// One checkov check result, from either framework.
struct Record {
    check_id: String,
    check_name: String,
    resource: String,
    file: String,
    lines: String,
}

impl Record {
    fn from_json(value: &Value) -> Self {
        let text = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
        let lines = value["file_line_range"]
            .as_array()
            .map(|range| {
                range
                    .iter()
                    .map(|line| line.as_u64().unwrap_or_default().to_string())
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .unwrap_or_default();
        Self {
            check_id: text("check_id"),
            check_name: text("check_name"),
            resource: text("resource"),
            file: text("file_path"),
            lines,
        }
    }
}

/// The passed, failed and skipped records of a checkov JSON report, with its parsing errors.
#[derive(Default)]
struct Report {
    passed: usize,
    failed: Vec<Record>,
    skipped: Vec<Record>,
    parsing_errors: u64,
    resources: u64,
}

impl Report {
    /// Parses checkov's `--output json`: one report object, or a list of them.
    fn parse(stdout: &str, what: &str) -> Self {
        let value: Value = serde_json::from_str(stdout)
            .unwrap_or_else(|error| panic!("{what}: checkov printed no JSON ({error}):\n{stdout}"));
        let reports = match value {
            Value::Array(reports) => reports,
            report => vec![report],
        };
        let mut merged = Self::default();
        for report in &reports {
            let records = |key: &str| {
                report["results"][key]
                    .as_array()
                    .map(|records| records.iter().map(Record::from_json).collect::<Vec<_>>())
                    .unwrap_or_default()
            };
            merged.passed += records("passed_checks").len();
            merged.failed.extend(records("failed_checks"));
            merged.skipped.extend(records("skipped_checks"));
            merged.parsing_errors += report["summary"]["parsing_errors"].as_u64().unwrap_or(0);
            merged.resources += report["summary"]["resource_count"].as_u64().unwrap_or(0);
        }
        merged
    }
}

/// Runs checkov with `args` (offline: no policy download, no update check) and parses its report.
fn checkov(bin: &Path, args: &[&str], what: &str) -> Report {
    let output = Command::new(bin.join("checkov"))
        .args(args)
        .args(["--skip-download", "--compact", "--output", "json"])
        .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
        .output()
        .unwrap_or_else(|error| panic!("{what}: checkov does not run: {error}"));
    // 0: no failed check, 1: some; anything else is checkov itself failing.
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{what}: checkov failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Report::parse(&String::from_utf8_lossy(&output.stdout), what)
}

/// `path` (relative to the root `base`, as checkov reports it) relative to the tree instead.
fn tree_path(base: &str, path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in Path::new(base)
        .join(path.trim_start_matches('/'))
        .components()
    {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// A resource address without its instance keys: `module.a["x"].aws_b.c[0]` → `module.a.aws_b.c`.
fn without_instance_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0_usize;
    let mut quoted = false;
    let mut escaped = false;
    for character in address.chars() {
        if depth == 0 {
            if character == '[' {
                depth = 1;
            } else {
                out.push(character);
            }
            continue;
        }
        match (quoted, escaped, character) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => quoted = !quoted,
            (false, _, '[') => depth += 1,
            (false, _, ']') => depth -= 1,
            _ => {}
        }
    }
    out
}

/// Writes every blueprint's generated tree below `work` and lists its Terraform roots.
fn generate_roots(work: &Path) -> Vec<Root> {
    let mut roots = Vec::new();
    for path in toml_files("blueprints") {
        let name = display_path(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let blueprint = load(&SourceFile::new(&name, text))
            .unwrap_or_else(|_| panic!("{name} loads"))
            .blueprint;
        let mut files = plinth_terraform::emit(&blueprint, &name);
        files.extend(plinth_kubernetes::emit(&blueprint, &name));
        let out = work.join(path.file_stem().unwrap());
        for file in &files {
            let target = out.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &file.contents).unwrap();
        }
        let mut labels: Vec<String> = blueprint
            .environments
            .iter()
            .map(|env| format!("envs/{}", env.name))
            .collect();
        let mut accounts: Vec<String> = std::fs::read_dir(out.join("bootstrap"))
            .map(|entries| {
                entries
                    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        accounts.sort();
        labels.extend(accounts.into_iter().map(|a| format!("bootstrap/{a}")));
        for label in labels {
            roots.push(Root {
                blueprint: name.clone(),
                dir: out.join(&label),
                label,
            });
        }
    }
    roots
}

/// Scans a root's Terraform source, then (with terraform) plans it and scans the plan.
fn scan_root(bin: &Path, terraform: Option<&Terraform>, root: &Root) -> Scanned {
    let what = format!("{} [{}]", root.blueprint, root.label);
    let mut scanned = Scanned::default();
    let started = Instant::now();
    let source = checkov(
        bin,
        &[
            "--directory",
            &root.dir.to_string_lossy(),
            "--framework",
            "terraform",
        ],
        &what,
    );
    scanned.checkov_time += started.elapsed();
    assert!(source.resources > 0, "{what}: checkov found no resources");
    if source.parsing_errors > 0 {
        scanned.failures.push(format!(
            "{what}: checkov could not parse {} file(s)",
            source.parsing_errors
        ));
    }
    for record in &source.failed {
        scanned.failures.push(format!(
            "{what} terraform: {} {} on {} at {}:{}",
            record.check_id,
            record.check_name,
            record.resource,
            tree_path(&root.label, &record.file),
            record.lines
        ));
    }
    scanned.summary = format!(
        "terraform {} passed, {} skipped",
        source.passed,
        source.skipped.len()
    );
    if let Some(terraform) = terraform {
        scan_plan(bin, terraform, root, &source, &mut scanned);
    }
    scanned
}

/// Whether the plan marks the value a [`UNKNOWN_AT_PLAN`] check reads unknown for `record`.
fn unknown_at_plan(plan: &Value, record: &Record) -> bool {
    let Some(change) = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|change| change["address"] == record.resource.as_str())
    else {
        return false;
    };
    UNKNOWN_AT_PLAN.iter().any(|(check, pointer, _)| {
        *check == record.check_id
            && change["change"]["after_unknown"].pointer(pointer) == Some(&Value::Bool(true))
    })
}

/// Plans `root` offline, scans the plan, and adds its unaccepted failures to `scanned`.
fn scan_plan(
    bin: &Path,
    terraform: &Terraform,
    root: &Root,
    source: &Report,
    scanned: &mut Scanned,
) {
    let what = format!("{} [{}]", root.blueprint, root.label);
    let started = Instant::now();
    terraform.init_offline(&root.dir, &what);
    let plan_json = terraform.plan_json(&root.dir, &what);
    let plan_file = root.dir.join("plan.json");
    std::fs::write(&plan_file, &plan_json).unwrap();
    scanned.terraform_time += started.elapsed();

    let started = Instant::now();
    let report = checkov(
        bin,
        &[
            "--file",
            &plan_file.to_string_lossy(),
            "--framework",
            "terraform_plan",
        ],
        &what,
    );
    scanned.checkov_time += started.elapsed();

    let plan: Value = serde_json::from_str(&plan_json).expect("plan JSON");
    let skipped_in_source: BTreeSet<(&str, String)> = source
        .skipped
        .iter()
        .map(|r| (r.check_id.as_str(), without_instance_keys(&r.resource)))
        .collect();
    let location: BTreeMap<String, String> = source
        .skipped
        .iter()
        .chain(&source.failed)
        .map(|r| {
            let file = tree_path(&root.label, &r.file);
            let at = format!("{file}:{}", r.lines);
            (without_instance_keys(&r.resource), at)
        })
        .collect();
    let (mut inline, mut at_apply) = (0, 0);
    for record in &report.failed {
        let address = without_instance_keys(&record.resource);
        if skipped_in_source.contains(&(record.check_id.as_str(), address.clone())) {
            inline += 1;
        } else if unknown_at_plan(&plan, record) {
            at_apply += 1;
        } else {
            scanned.failures.push(format!(
                "{what} terraform_plan: {} {} on {} at {}",
                record.check_id,
                record.check_name,
                record.resource,
                location.get(&address).map_or("plan.json", String::as_str)
            ));
        }
    }
    let _ = write!(
        scanned.summary,
        "; plan {} passed, {inline} skipped in the source, {at_apply} unknown until apply",
        report.passed
    );
}

#[test]
#[cfg_attr(skip_checkov, ignore = "PLINTH_SKIP names checkov")]
fn every_generated_root_passes_checkov() {
    let bin = plinth_tests::checks::tool("checkov", "checkov")
        .parent()
        .expect("a bin directory")
        .to_path_buf();
    let started = Instant::now();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let terraform = Terraform::unless_skipped(
        &tmp.join("terraform"),
        "checkov's terraform_plan scans (the Terraform source is still scanned)",
    );
    let work = tmp.join("security");
    let _ = std::fs::remove_dir_all(&work);
    let roots = generate_roots(&work);
    assert!(!roots.is_empty(), "no blueprint produced a Terraform root");

    let scans = in_parallel(&roots, |root| scan_root(&bin, terraform.as_ref(), root));

    let mut failures = Vec::new();
    let (mut checkov_time, mut terraform_time) = (Duration::ZERO, Duration::ZERO);
    for (root, scanned) in roots.iter().zip(scans) {
        println!("{} [{}]: {}", root.blueprint, root.label, scanned.summary);
        failures.extend(scanned.failures);
        checkov_time += scanned.checkov_time;
        terraform_time += scanned.terraform_time;
    }
    println!(
        "{} roots in {:.0?}: checkov {:.0?}, terraform {:.0?} (summed over {PARALLEL_ROOTS} threads)",
        roots.len(),
        started.elapsed(),
        checkov_time,
        terraform_time
    );
    assert!(
        failures.is_empty(),
        "checkov found {} failed check(s); fix the module with the secure setting, or skip a check \
         that does not apply with `#checkov:skip=<id>:<reason>` in the resource and list it in \
         docs/security.md:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn instance_keys_are_removed_from_addresses() {
    assert_eq!(
        without_instance_keys(r#"module.dns.aws_route53_record.alias["www.example.com"]"#),
        "module.dns.aws_route53_record.alias"
    );
    assert_eq!(
        without_instance_keys(r#"module.a["x]\"y"].aws_b.c[0]"#),
        "module.a.aws_b.c"
    );
    assert_eq!(
        tree_path("envs/dev", "/../../modules/alb/main.tf"),
        "modules/alb/main.tf"
    );
    assert_eq!(tree_path("envs/dev", "/main.tf"), "envs/dev/main.tf");
}

/// Every `#checkov:skip` in a hand-written module is listed in docs/security.md, in a row that
/// names the check, the module and the resource (the scan above only proves the skips exist).
#[test]
fn every_module_skip_is_listed_in_the_security_doc() {
    let root = plinth_tests::repo_root();
    let doc = std::fs::read_to_string(root.join("docs/security.md")).expect("docs/security.md");
    let rows: Vec<&str> = doc.lines().filter(|line| line.starts_with('|')).collect();
    let mut unlisted = Vec::new();
    let mut skips = 0;
    let mut modules: Vec<PathBuf> = std::fs::read_dir(root.join("modules-hcl"))
        .expect("modules-hcl/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.is_dir())
        .collect();
    modules.sort();
    for module in modules {
        let name = module
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&module)
            .expect("a module")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "tf"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a module file");
            let mut resource = None;
            for (number, line) in text.lines().enumerate() {
                if let Some(header) = line.strip_prefix("resource \"") {
                    let mut parts = header.split('"');
                    let kind = parts.next().unwrap_or_default();
                    let label = parts.nth(1).unwrap_or_default();
                    resource = Some(format!("{kind}.{label}"));
                }
                let Some((_, skip)) = line.split_once("checkov:skip=") else {
                    continue;
                };
                skips += 1;
                let check = skip.split(':').next().unwrap_or_default();
                let resource = resource.clone().unwrap_or_default();
                let listed = rows.iter().any(|row| {
                    row.contains(&format!("`{check}`"))
                        && row.contains(&format!("`{name}`"))
                        && row.contains(&format!("`{resource}`"))
                });
                if !listed {
                    unlisted.push(format!(
                        "modules-hcl/{name}/{}:{}: {check} on {resource}",
                        file.file_name().expect("a name").to_string_lossy(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(
        skips > 40,
        "only {skips} skips found; is the parser still right?"
    );
    assert!(
        unlisted.is_empty(),
        "skips missing from docs/security.md (add a row: `CHECK` | `module`: `type.name` | why):\n{}",
        unlisted.join("\n")
    );
}
