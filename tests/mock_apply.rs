//! `terraform test` with `command = apply` against a mocked AWS provider, over every generated
//! root: each environment's `envs/<env>/` and each account's `bootstrap/<account>/`.
//!
//! A plan leaves every computed value unknown; an apply against mocks makes them known, so module
//! validations, preconditions, provider-side checks (ARN formats, JSON policies), `for_each` over
//! computed values and every output expression are evaluated on values shaped like AWS's.
//!
//! The mocked values come from one generic file, `tests/mock/aws.tfmock.hcl` (a `mock_resource`
//! or `mock_data` per type the roots use). Where a value depends on the blueprint, the harness
//! adds an `override_resource` to the run block: the certificate's validation options (one per
//! domain name), the EKS cluster's ARN (checked against the cluster name and account) and the
//! cache's member clusters (counted against the alarms). Every root output must be non-null.
//!
//! `terraform test` destroys what it applied, which `prevent_destroy` refuses, and Terraform 1.11
//! cannot skip that cleanup: the harness writes a `plinth_teardown_override.tf` into each module
//! with protected resources that sets `prevent_destroy = false` for them. The generated files
//! themselves are left as emitted, apart from the backend, which is replaced by a local one.
//!
//! Like `tests/terraform.rs`, this fails without terraform or the provider mirror, unless
//! `PLINTH_SKIP=terraform`. It is part of the gauntlet (`--features gauntlet`, run by `.ci/run`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use plinth_blueprint::model::{Compute, Environment};
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{Terraform, display_path, in_parallel, toml_files};

/// The generic mock provider: realistic computed values for every resource and data source type.
const MOCK_PROVIDER: &str = include_str!("mock/aws.tfmock.hcl");

/// The account the generic mocks return (ARNs, `aws_vpc.owner_id`); environments without a pinned
/// account pass the VPC's owner on as their account id.
const MOCK_ACCOUNT: &str = "123456789012";

/// Replaces each root's S3 backend: `terraform test` keeps state in memory, but `init` would
/// still reach for the bucket.
const LOCAL_BACKEND: &str = "# Written by plinth's test harness: no remote state.\n\nterraform {\n  backend \"local\" {}\n}\n";

/// The name of the override file that lifts `prevent_destroy`.
const TEARDOWN_OVERRIDE: &str = "plinth_teardown_override.tf";

/// A generated root and the overrides its run block needs.
struct Root {
    label: String,
    dir: PathBuf,
    overrides: Vec<Override>,
}

/// An `override_resource` block: a resource address and HCL values for its computed attributes.
/// Terraform does not merge these with the mock provider's defaults, so each carries every
/// computed attribute the configuration reads.
struct Override {
    target: String,
    values: Values,
}

/// HCL values by attribute name.
type Values = Vec<(&'static str, String)>;

/// What one root's `init` + `test` produced.
struct Outcome {
    label: String,
    elapsed: Duration,
    failure: Option<String>,
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn every_generated_root_applies_against_mocks() {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let terraform = Terraform::find(&tmp.join("terraform"));
    let started = Instant::now();
    let work = tempfile::Builder::new()
        .prefix("mock-apply-")
        .tempdir_in(&tmp)
        .expect("create the work directory");
    let roots: Vec<Root> = toml_files("blueprints")
        .iter()
        .flat_map(|path| generate_roots(path, work.path()))
        .collect();
    assert!(!roots.is_empty(), "no blueprint produced a Terraform root");

    let outcomes = in_parallel(&roots, |root| apply_against_mocks(&terraform, root));
    let mut failures = Vec::new();
    for outcome in &outcomes {
        println!("{} [{:.1}s]", outcome.label, outcome.elapsed.as_secs_f64());
        if let Some(failure) = &outcome.failure {
            failures.push(format!("{}:\n{failure}", outcome.label));
        }
    }
    println!(
        "{} roots applied against mocks in {:.1}s",
        roots.len(),
        started.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        let kept = work.keep();
        panic!(
            "{} of {} roots failed (their trees are kept in {}):\n\n{}",
            failures.len(),
            roots.len(),
            kept.display(),
            failures.join("\n\n")
        );
    }
}

/// Generates `path`'s Terraform below `work`, prepares every root for `terraform test`, and
/// returns them.
fn generate_roots(path: &Path, work: &Path) -> Vec<Root> {
    let name = display_path(path);
    let text = std::fs::read_to_string(path).unwrap();
    let blueprint = load(&SourceFile::new(&name, text))
        .unwrap_or_else(|_| panic!("{name} loads"))
        .blueprint;
    let files = plinth_terraform::emit(&blueprint, &name);
    let tree = work.join(path.file_stem().unwrap());
    for file in &files {
        let target = tree.join(&file.path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, &file.contents).unwrap();
    }
    lift_prevent_destroy(&tree);

    let mut roots: Vec<Root> = blueprint
        .environments
        .iter()
        .map(|env| {
            let dir = tree.join("envs").join(&env.name);
            let overrides = environment_overrides(env, &dir);
            Root {
                label: format!("{name} [{}]", env.name),
                dir,
                overrides,
            }
        })
        .collect();
    let mut accounts = subdirectories(&tree.join("bootstrap"));
    accounts.sort();
    roots.extend(accounts.into_iter().map(|dir| Root {
        label: format!(
            "{name} [bootstrap-{}]",
            dir.file_name().unwrap().to_string_lossy()
        ),
        dir,
        overrides: Vec::new(),
    }));
    for root in &roots {
        write_test_files(root);
    }
    roots
}

/// `init` and `test` in `root.dir`.
fn apply_against_mocks(terraform: &Terraform, root: &Root) -> Outcome {
    let started = Instant::now();
    let failure = [
        vec!["init", "-input=false", "-no-color"],
        vec!["test", "-no-color"],
    ]
    .iter()
    .find_map(|args| {
        let output = terraform
            .command(&root.dir, args)
            .output()
            .expect("terraform runs");
        (!output.status.success()).then(|| {
            format!(
                "`terraform {}` failed in {}:\n{}{}",
                args.join(" "),
                root.dir.display(),
                without_resource_lists(&String::from_utf8_lossy(&output.stdout)),
                without_resource_lists(&String::from_utf8_lossy(&output.stderr))
            )
        })
    });
    Outcome {
        label: root.label.clone(),
        elapsed: started.elapsed(),
        failure,
    }
}

/// `terraform test` output without the (long) lists of resources left in state after a failure.
fn without_resource_lists(output: &str) -> String {
    output
        .lines()
        .filter(|line| !line.starts_with("  - "))
        .fold(String::new(), |mut text, line| {
            text.push_str(line);
            text.push('\n');
            text
        })
}

/// Writes the local backend, the mock provider and the test file into `root.dir`.
fn write_test_files(root: &Root) {
    std::fs::write(
        root.dir.join("plinth_local_backend_override.tf"),
        LOCAL_BACKEND,
    )
    .unwrap();
    let mocks = root.dir.join("tests/mock");
    std::fs::create_dir_all(&mocks).unwrap();
    std::fs::write(mocks.join("aws.tfmock.hcl"), MOCK_PROVIDER).unwrap();
    std::fs::write(
        root.dir.join("tests/plinth_apply.tftest.hcl"),
        test_file(&root.overrides, &root_outputs(&root.dir)),
    )
    .unwrap();
}

/// The test file: the mock provider, one applying run with `overrides`, and an assertion that
/// each of `outputs` is set.
fn test_file(overrides: &[Override], outputs: &[String]) -> String {
    let mut text = String::from(
        "# Written by plinth's test harness (tests/mock_apply.rs).\n\n\
         mock_provider \"aws\" {\n  source = \"./tests/mock\"\n}\n\n\
         run \"apply\" {\n  command = apply\n",
    );
    for Override { target, values } in overrides {
        let _ = write!(
            text,
            "\n  override_resource {{\n    target = {target}\n    values = {{\n"
        );
        for (name, value) in values {
            let _ = writeln!(text, "      {name} = {value}");
        }
        text.push_str("    }\n  }\n");
    }
    for output in outputs {
        let _ = write!(
            text,
            "\n  assert {{\n    condition     = output.{output} != null\n    error_message = \"The root output {output} is null after apply.\"\n  }}\n"
        );
    }
    text.push_str("}\n");
    text
}

/// The overrides an environment's root needs: one per resource whose values the blueprint shapes.
fn environment_overrides(env: &Environment, root: &Path) -> Vec<Override> {
    blueprint_values(env)
        .into_iter()
        .flat_map(|(resource_type, values)| {
            resource_addresses(root, "", resource_type)
                .into_iter()
                .map(move |target| Override {
                    target,
                    values: values.clone(),
                })
        })
        .collect()
}

/// The computed values that depend on the blueprint, by resource type.
fn blueprint_values(env: &Environment) -> Vec<(&'static str, Values)> {
    let account = env.account_id.as_deref().unwrap_or(MOCK_ACCOUNT);
    let region = &env.region;
    let mut values = Vec::new();
    if let Some(dns) = &env.dns {
        let names: Vec<&str> = std::iter::once(dns.domain.as_str())
            .chain(dns.alternative_names.iter().map(String::as_str))
            .collect();
        values.push((
            "aws_acm_certificate",
            certificate_values(&names, region, account),
        ));
    }
    if let Compute::Eks(_) = &env.compute {
        values.push((
            "aws_eks_cluster",
            cluster_values(&env.names.cluster(), region, account),
        ));
    }
    if let Some(cache) = &env.cache {
        let id = env.names.cache();
        let members: Vec<String> = (1..=usize::from(cache.replicas) + 1)
            .map(|n| format!("{id}-{n:03}"))
            .collect();
        values.push((
            "aws_elasticache_replication_group",
            cache_values(&id, &members, region, account),
        ));
    }
    values
}

/// An issued DNS-validated certificate: a validation record per name.
fn certificate_values(names: &[&str], region: &str, account: &str) -> Values {
    let arn =
        format!("arn:aws:acm:{region}:{account}:certificate/0b0b5cde-1234-4a5b-8c9d-0123456789ab");
    let options = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let base = name.trim_start_matches("*.");
            format!(
                "{{ domain_name = {}, resource_record_name = {}, resource_record_type = \"CNAME\", resource_record_value = {} }}",
                hcl_string(name),
                hcl_string(&format!("_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c{index:02}.{base}.")),
                hcl_string(&format!("_5f4e3d2c1b0a9f8e7d6c5b4a39281706.{index:02}.acm-validations.aws.")),
            )
        })
        .collect::<Vec<_>>();
    vec![
        ("arn", hcl_string(&arn)),
        ("id", hcl_string(&arn)),
        ("status", hcl_string("ISSUED")),
        (
            "domain_validation_options",
            format!("[\n        {},\n      ]", options.join(",\n        ")),
        ),
    ]
}

/// An active EKS cluster named `name`.
fn cluster_values(name: &str, region: &str, account: &str) -> Values {
    vec![
        ("arn", hcl_string(&format!("arn:aws:eks:{region}:{account}:cluster/{name}"))),
        ("id", hcl_string(name)),
        ("status", hcl_string("ACTIVE")),
        ("platform_version", hcl_string("eks.1")),
        (
            "endpoint",
            hcl_string(&format!("https://0123456789ABCDEF0123456789ABCDEF.gr7.{region}.eks.amazonaws.com")),
        ),
        (
            "certificate_authority",
            "[{ data = \"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\" }]".to_owned(),
        ),
        (
            "identity",
            format!("[{{ oidc = [{{ issuer = \"https://oidc.eks.{region}.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF\" }}] }}]"),
        ),
        // A block the configuration sets: its computed attributes are given as an object.
        (
            "vpc_config",
            "{ cluster_security_group_id = \"sg-0123456789abcdef2\", vpc_id = \"vpc-0123456789abcdef0\" }".to_owned(),
        ),
    ]
}

/// A replication group with `members` as its nodes.
fn cache_values(id: &str, members: &[String], region: &str, account: &str) -> Values {
    let members: Vec<String> = members.iter().map(|m| hcl_string(m)).collect();
    vec![
        (
            "arn",
            hcl_string(&format!(
                "arn:aws:elasticache:{region}:{account}:replicationgroup:{id}"
            )),
        ),
        ("id", hcl_string(id)),
        (
            "primary_endpoint_address",
            hcl_string(&format!("master.{id}.abcdef.cache.amazonaws.com")),
        ),
        (
            "reader_endpoint_address",
            hcl_string(&format!("replica.{id}.abcdef.cache.amazonaws.com")),
        ),
        ("member_clusters", format!("[{}]", members.join(", "))),
    ]
}

/// A quoted HCL string literal.
fn hcl_string(value: &str) -> String {
    let escaped = value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("${", "$${")
        .replace("%{", "%%{");
    format!("\"{escaped}\"")
}

/// The address of every resource of `resource_type` declared in the module at `dir` or in a
/// local module it calls, prefixed with `prefix` (`module.<name>.` for each call on the way).
fn resource_addresses(dir: &Path, prefix: &str, resource_type: &str) -> Vec<String> {
    let mut addresses = Vec::new();
    let mut module: Option<String> = None;
    for line in terraform_lines(dir) {
        if let Some([kind, name]) = block_labels(&line, "resource") {
            if kind == resource_type {
                addresses.push(format!("{prefix}{kind}.{name}"));
            }
        } else if let Some([name]) = block_labels(&line, "module") {
            module = Some(name);
        } else if let (Some(name), Some(source)) = (&module, local_source(&line)) {
            addresses.extend(resource_addresses(
                &dir.join(source),
                &format!("{prefix}module.{name}."),
                resource_type,
            ));
            module = None;
        }
    }
    addresses
}

/// The path of a `source = "./…"` or `"../…"` line.
fn local_source(line: &str) -> Option<&str> {
    let value = line
        .trim()
        .strip_prefix("source")?
        .trim_start()
        .strip_prefix('=')?;
    let path = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    (path.starts_with("./") || path.starts_with("../")).then_some(path)
}

/// The `N` labels of a top-level `keyword "…" … {` line.
fn block_labels<const N: usize>(line: &str, keyword: &str) -> Option<[String; N]> {
    let rest = line.strip_prefix(keyword)?.strip_suffix('{')?;
    let labels: Vec<String> = rest
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    labels.try_into().ok()
}

/// The names of the root module's outputs.
fn root_outputs(dir: &Path) -> Vec<String> {
    terraform_lines(dir)
        .iter()
        .filter_map(|line| block_labels(line, "output"))
        .map(|[name]| name)
        .collect()
}

/// The lines of the configuration files in `dir` (not override files), trailing space trimmed.
fn terraform_lines(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "tf")
                && !path.to_string_lossy().ends_with("override.tf")
        })
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|file| {
            std::fs::read_to_string(file)
                .unwrap()
                .lines()
                .map(|line| line.trim_end().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Writes, in every directory of the tree holding resources with `prevent_destroy = true`, an
/// override file setting it to false for each.
fn lift_prevent_destroy(dir: &Path) {
    let mut protected: Vec<[String; 2]> = Vec::new();
    let mut resource: Option<[String; 2]> = None;
    for line in terraform_lines(dir) {
        if let Some(labels) = block_labels::<2>(&line, "resource") {
            resource = Some(labels);
        } else if !line.starts_with([' ', '}']) && !line.is_empty() {
            resource = None;
        } else if line.replace(' ', "") == "prevent_destroy=true" {
            protected.extend(resource.clone());
        }
    }
    if !protected.is_empty() {
        let mut text = String::from(
            "# Written by plinth's test harness: terraform test destroys what it applied.\n",
        );
        for [kind, name] in &protected {
            let _ = write!(
                text,
                "\nresource \"{kind}\" \"{name}\" {{\n  lifecycle {{\n    prevent_destroy = false\n  }}\n}}\n"
            );
        }
        std::fs::write(dir.join(TEARDOWN_OVERRIDE), text).unwrap();
    }
    for child in subdirectories(dir) {
        lift_prevent_destroy(&child);
    }
}

/// The directories directly inside `dir` (none when it does not exist).
fn subdirectories(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.is_dir())
                .collect()
        })
        .unwrap_or_default()
}
