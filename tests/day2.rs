//! Day 2: one environment applied to moto as its deploy role, then changed step by step the way a
//! team changes a blueprint over months (and the way AWS changes things behind Terraform's back).
//! Each step regenerates the tree, plans, and asserts the plan's actions: nothing that serves
//! traffic or holds data is destroyed or replaced unless the step says why; then it applies (as
//! the deploy role) and re-plans clean. At the end every call the deploy role made is judged by
//! its policies, as in tests/apply_all.rs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plinth_blueprint::{SourceFile, load};
use plinth_tests::Terraform;
use plinth_tests::moto::{python, tools_bin};

use crate::apply_all::{APPLY, Stage, assert_no_denials, assert_replans_clean, plan};

/// Resource types that serve traffic or hold data: a step may not delete one (a replacement
/// deletes too) unless it lists the address as expected.
const PROTECTED: [&str; 16] = [
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_elasticache_replication_group",
    "aws_msk_cluster",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
    "aws_ecr_repository",
    "aws_kms_key",
    "aws_ecs_service",
    "aws_ecs_cluster",
    "aws_lb",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_eks_cluster",
    "aws_eks_node_group",
];

/// The blueprint of the day-2 environment, as `(key, value)` edits apply to it.
const BASE: &str = r#"
[project]
name = "daytwo"
region = "eu-west-1"
repository = "acme/daytwo"
environments = ["dev"]

[compute]
fargate_spot_percent = 0

[services.web]
port = 8080
dockerfile = "Dockerfile"
desired_count = 2
buckets = ["media"]
secrets = { DB_PASSWORD = "database:password", STRIPE = "secret:stripe" }

[database]
engine = "postgres"
version = "16.9"
instance_class = "db.t4g.micro"

[buckets.media]

[secrets.stripe]
description = "Stripe API key"
"#;

/// One change and what its plan must show.
struct Step {
    /// What the team (or AWS) did.
    name: &'static str,
    /// The blueprint after the change.
    blueprint: String,
    /// Something AWS does by itself before the plan (a Python snippet run with boto3 against
    /// moto as the account's administrator; `rds`, `ecs` are clients).
    aws_does: Option<&'static str>,
    /// `(address fragment, actions)`: a change whose address contains the fragment must have
    /// exactly these actions; a fragment with no change at all fails too (unless `no-op`).
    expect: Vec<(&'static str, &'static [&'static str])>,
    /// Protected addresses (fragments) this step may delete, with the reason.
    may_delete: Vec<(&'static str, &'static str)>,
}

fn step(name: &'static str, blueprint: String) -> Step {
    Step {
        name,
        blueprint,
        aws_does: None,
        expect: Vec::new(),
        may_delete: Vec::new(),
    }
}

/// The steps, each building on the one before.
fn steps() -> Vec<Step> {
    let autoscaled = BASE.replace(
        "[database]",
        "[services.web.autoscaling]\nmin = 2\nmax = 4\ncpu_target = 60\n\n[database]",
    );
    let spot = autoscaled.replace("fargate_spot_percent = 0", "fargate_spot_percent = 50");
    let with_api = format!(
        "{spot}\n[services.api]\nport = 9000\ndockerfile = \"api/Dockerfile\"\npublic = false\n"
    );
    let renamed = spot
        .replace("[services.web]", "[services.front]\nrenamed_from = \"web\"")
        .replace("[services.web.autoscaling]", "[services.front.autoscaling]")
        .replace("buckets = [\"media\"]", "buckets = [\"assets\"]")
        .replace(
            "[buckets.media]",
            "[buckets.assets]\nrenamed_from = \"media\"",
        )
        .replace("secret:stripe", "secret:payments")
        .replace(
            "[secrets.stripe]",
            "[secrets.payments]\nrenamed_from = \"stripe\"",
        );
    let major = renamed.replace("version = \"16.9\"", "version = \"17.5\"");
    vec![
        Step {
            aws_does: Some(
                "rds.modify_db_instance(DBInstanceIdentifier='daytwo-dev', EngineVersion='16.10', ApplyImmediately=True)",
            ),
            expect: vec![("aws_db_instance.this", &["no-op"])],
            ..step(
                "AWS applies a minor engine upgrade (16.9 -> 16.10)",
                BASE.to_owned(),
            )
        },
        Step {
            expect: vec![
                ("aws_ecs_service.this", &["no-op"]),
                ("aws_appautoscaling_target.this", &["update"]),
                ("aws_appautoscaling_policy.cpu[0]", &["create"]),
            ],
            ..step("add autoscaling", autoscaled)
        },
        Step {
            expect: vec![("aws_ecs_service.this", &["update"])],
            ..step("change the Spot share (0 -> 50 %)", spot.clone())
        },
        Step {
            expect: vec![("module.service_api.aws_ecs_service.this", &["create"])],
            ..step("add a service", with_api)
        },
        Step {
            expect: vec![("module.service_api.aws_ecs_service.this", &["delete"])],
            may_delete: vec![
                (
                    "module.service_api.",
                    "the service was removed from the blueprint",
                ),
                (
                    "aws_ecr_repository.this[\"daytwo-dev/api\"]",
                    "its image repository goes with it (outside production it is force-deleted)",
                ),
            ],
            ..step("remove that service", spot)
        },
        Step {
            expect: vec![
                ("aws_ecs_service.this", &["no-op"]),
                ("aws_s3_bucket.this", &["no-op"]),
                ("aws_secretsmanager_secret.this", &["no-op"]),
            ],
            ..step(
                "rename a service, a bucket and a secret (renamed_from)",
                renamed,
            )
        },
        Step {
            expect: vec![
                ("aws_db_instance.this", &["update"]),
                ("aws_db_parameter_group.this", &["create", "delete"]),
            ],
            ..step("major engine upgrade (16 -> 17)", major)
        },
    ]
}

/// Each problem of `plan` for `step`, as a line.
fn plan_problems(plan: &serde_json::Value, step: &Step) -> Vec<String> {
    let mut problems = Vec::new();
    let changes = plan["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for change in &changes {
        let address = change["address"].as_str().unwrap_or_default();
        let kind = change["type"].as_str().unwrap_or_default();
        let actions: Vec<&str> = change["change"]["actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .collect();
        if PROTECTED.contains(&kind)
            && actions.contains(&"delete")
            && !step.may_delete.iter().any(|(f, _)| address.contains(f))
        {
            problems.push(format!(
                "{address}: {actions:?} destroys a protected {kind}"
            ));
        }
    }
    for (fragment, expected) in &step.expect {
        let matching: Vec<&serde_json::Value> = changes
            .iter()
            .filter(|c| c["address"].as_str().unwrap_or_default().contains(fragment))
            .collect();
        if matching.is_empty() {
            problems.push(format!(
                "{fragment}: not in the plan, expected {expected:?}"
            ));
        }
        for change in matching {
            let actions: Vec<&str> = change["change"]["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .collect();
            let mut sorted = actions.clone();
            sorted.sort_unstable();
            let mut want = expected.to_vec();
            want.sort_unstable();
            if sorted != want {
                problems.push(format!(
                    "{}: {actions:?}, expected {expected:?}",
                    change["address"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    problems
}

/// Runs `snippet` with boto3 clients `rds` and `ecs` of moto's default account.
fn aws_does(bin: &Path, endpoint: &str, snippet: &str) {
    let script = format!(
        "import boto3\nkw = dict(endpoint_url='{endpoint}', region_name='eu-west-1', \
         aws_access_key_id='test', aws_secret_access_key='test')\n\
         rds = boto3.client('rds', **kw)\necs = boto3.client('ecs', **kw)\n{snippet}\n"
    );
    python(bin, &script, snippet);
}

#[test]
fn day_two_changes_apply_without_destroying_what_serves_or_stores() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("day2");
    let Some(terraform) = Terraform::find(&work.join("terraform")) else {
        return;
    };
    let Some(bin) = tools_bin() else {
        return;
    };
    let mut stage = Stage::new(&terraform, &bin, &work.join("stage"));
    let load_text = |text: &str| {
        load(&SourceFile::new("daytwo.toml", text))
            .unwrap_or_else(|d| panic!("a day-2 blueprint is invalid: {d:?}\n{text}"))
            .blueprint
    };
    let base = load_text(BASE);
    stage.write_tree(&base, "daytwo.toml");
    stage.bootstrap("bootstrap/default", "day 2 bootstrap");
    let env = &base.environments[0];
    let root = stage.prepare_environment(env, "day 2");
    terraform.run(&root, &APPLY, "day 2: first apply as the deploy role");
    assert_replans_clean(&terraform, &root, "day 2: first apply");

    let mut log = String::new();
    for step in steps() {
        let what = format!("day 2: {}", step.name);
        let blueprint = load_text(&step.blueprint);
        stage.write_tree(&blueprint, "daytwo.toml");
        if let Some(snippet) = step.aws_does {
            aws_does(&bin, &stage.moto.endpoint, snippet);
        }
        // As CI does before every plan: a new module call needs installing.
        terraform.run(&root, &["init", "-input=false", "-no-color"], &what);
        let plan = plan(&terraform, &root, &what);
        let problems = plan_problems(&plan, &step);
        assert!(
            problems.is_empty(),
            "{what}: the plan is not what this change must do:\n{}",
            problems.join("\n")
        );
        terraform.run(&root, &APPLY, &format!("{what}: apply as the deploy role"));
        assert_replans_clean(&terraform, &root, &what);
        let _ = writeln!(log, "ok: {}", step.name);
    }
    print!("{log}");
    assert_no_denials(&stage.check_policies(), "day 2");
}
