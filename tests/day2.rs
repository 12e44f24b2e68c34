//! Day 2: one environment applied to moto as its deploy role, then changed step by step the way a
//! team changes a blueprint over months (and the way AWS changes things behind Terraform's back).
//! Each step regenerates the tree, plans, and asserts the plan's actions: nothing that serves
//! traffic or holds data is destroyed or replaced unless the step says why. Then it does what the
//! generated Terraform workflow does with that plan, with the workflow's own scripts and the
//! deploy role's credentials: moves a load-balanced service whose port changes onto the new port
//! (ecs-port-moves.sh, then ecs-rollout.sh as the `ports-<env>` job), applies exactly that plan, rolls every service onto its
//! latest task definition (ecs-rollout.sh), and re-plans clean. The service was deployed once by
//! the deploy workflow's rollout first, so CI owns a real image. At the end every call the deploy
//! role made is judged by its policies, as in tests/apply_all.rs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plinth_blueprint::model::Environment;
use plinth_blueprint::{SourceFile, load};
use plinth_tests::moto::{python, tools_bin};
use plinth_tests::{Terraform, repo_root};

use crate::apply_all::{APPLY, Stage, assert_no_denials, assert_replans_clean, plan};
use crate::e2e::{read_back_gap, unexplained_changes};

/// The image the deploy workflow rolled out before the first step (CI owns images from then on).
const DEPLOYED_IMAGE: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/daytwo-dev/web:v1";

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
    /// Whether the plan must change nothing at all.
    changes_nothing: bool,
    /// `(from, to)`: the one change allowed where `changes_nothing` holds, the `Environment` tag
    /// (`tags` or `tags_all`) going from `from` to `to`, updated in place.
    retags_environment: Option<(&'static str, &'static str)>,
    /// What must hold in AWS after the step (a Python snippet with boto3 clients `rds`, `ecs` of
    /// the account's administrator; an `assert` that fails fails the step).
    afterwards: Option<&'static str>,
}

fn step(name: &'static str, blueprint: String) -> Step {
    Step {
        name,
        blueprint,
        aws_does: None,
        expect: Vec::new(),
        may_delete: Vec::new(),
        changes_nothing: false,
        retags_environment: None,
        afterwards: None,
    }
}

/// The blueprint after each change, each building on the one before.
struct Blueprints {
    autoscaled: String,
    spot: String,
    with_api: String,
    moved: String,
    renamed: String,
    major: String,
    environment_renamed: String,
}

fn blueprints() -> Blueprints {
    let autoscaled = BASE.replace(
        "[database]",
        "[services.web.autoscaling]\nmin = 2\nmax = 4\ncpu_target = 60\n\n[database]",
    );
    let spot = autoscaled.replace("fargate_spot_percent = 0", "fargate_spot_percent = 50");
    let with_api = format!(
        "{spot}\n[services.api]\nport = 9000\ndockerfile = \"api/Dockerfile\"\npublic = false\n"
    );
    let moved = spot.replace("port = 8080", "port = 8000");
    let renamed = moved
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
    let environment_renamed = major.replace(
        "environments = [\"dev\"]",
        "environments = [\"development\"]\n\n[env.development]\nrenamed_from = \"dev\"",
    );
    Blueprints {
        autoscaled,
        spot,
        with_api,
        moved,
        renamed,
        major,
        environment_renamed,
    }
}

/// The steps, each building on the one before.
fn steps() -> Vec<Step> {
    let b = blueprints();
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
            ..step("add autoscaling", b.autoscaled)
        },
        Step {
            expect: vec![("aws_ecs_service.this", &["update"])],
            ..step("change the Spot share (0 -> 50 %)", b.spot.clone())
        },
        Step {
            expect: vec![("module.service_api.aws_ecs_service.this", &["create"])],
            ..step("add a service", b.with_api)
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
            ..step("remove that service", b.spot)
        },
        Step {
            // ECS refuses a load balancer on a port the running revision does not map, so CI
            // moves the running image onto the new port before the apply; the apply then only
            // records it. The target group and the security group rules stay as they are.
            expect: vec![
                ("aws_ecs_service.this", &["update"]),
                ("aws_lb_target_group.this", &["no-op"]),
                ("security_group_ingress_rule.load_balancer", &["no-op"]),
                ("security_group_egress_rule.targets", &["no-op"]),
            ],
            afterwards: Some(
                "s = ecs.describe_services(cluster='daytwo-dev', services=['web'])['services'][0]\n\
                 assert [b['containerPort'] for b in s['loadBalancers']] == [8000], s['loadBalancers']\n\
                 d = ecs.describe_task_definition(taskDefinition=s['taskDefinition'])['taskDefinition']\n\
                 c = [c for c in d['containerDefinitions'] if c['name'] == 'web'][0]\n\
                 assert [m['containerPort'] for m in c['portMappings']] == [8000], c['portMappings']\n\
                 assert c['image'].endswith(':v1'), 'the deployed image must keep running: ' + c['image']",
            ),
            ..step(
                "change the port of a load-balanced service (8080 -> 8000)",
                b.moved,
            )
        },
        Step {
            expect: vec![
                ("aws_ecs_service.this", &["no-op"]),
                ("aws_s3_bucket.this", &["no-op"]),
                ("aws_secretsmanager_secret.this", &["no-op"]),
            ],
            ..step(
                "rename a service, a bucket and a secret (renamed_from)",
                b.renamed,
            )
        },
        Step {
            expect: vec![
                ("aws_db_instance.this", &["update"]),
                ("aws_db_parameter_group.this", &["create", "delete"]),
            ],
            ..step("major engine upgrade (16 -> 17)", b.major)
        },
        Step {
            changes_nothing: true,
            // The AWS names keep the old environment's, the Environment tag follows the
            // blueprint (docs/regeneration.md).
            retags_environment: Some(("dev", "development")),
            ..step(
                "rename the environment (dev -> development, renamed_from)",
                b.environment_renamed,
            )
        },
    ]
}

/// The actions of a planned change, as Terraform plans them.
pub(crate) fn planned_actions(change: &serde_json::Value) -> Vec<&str> {
    change["change"]["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect()
}

/// The actions of a planned change, where an update that only re-sends what moto reads back
/// differently from AWS (tests/e2e.rs, `READ_BACK_GAPS`) counts as the no-op it is on AWS.
fn effective_actions(change: &serde_json::Value) -> Vec<&str> {
    let actions = planned_actions(change);
    let alone = serde_json::json!({ "resource_changes": [change] });
    if actions == ["update"] && unexplained_changes(&alone).is_empty() {
        vec!["no-op"]
    } else {
        actions
    }
}

/// Whether `change` is an in-place update whose only difference is the `Environment` tag going
/// from `from` to `to` (in `tags`, `tags_all`, or both).
fn only_retags_environment(change: &serde_json::Value, from: &str, to: &str) -> bool {
    fn differences(
        before: &serde_json::Value,
        after: &serde_json::Value,
        path: &mut Vec<String>,
        found: &mut Vec<(Vec<String>, serde_json::Value, serde_json::Value)>,
    ) {
        match (before, after) {
            (serde_json::Value::Object(b), serde_json::Value::Object(a)) => {
                let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
                for key in keys {
                    path.push(key.clone());
                    let null = serde_json::Value::Null;
                    differences(
                        b.get(key).unwrap_or(&null),
                        a.get(key).unwrap_or(&null),
                        path,
                        found,
                    );
                    path.pop();
                }
            }
            (serde_json::Value::Array(b), serde_json::Value::Array(a)) if b.len() == a.len() => {
                for (index, (b, a)) in b.iter().zip(a).enumerate() {
                    path.push(index.to_string());
                    differences(b, a, path, found);
                    path.pop();
                }
            }
            (b, a) if b != a => found.push((path.clone(), b.clone(), a.clone())),
            _ => {}
        }
    }
    fn any_unknown(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Bool(unknown) => *unknown,
            serde_json::Value::Array(items) => items.iter().any(any_unknown),
            serde_json::Value::Object(members) => members.values().any(any_unknown),
            _ => false,
        }
    }
    if change["change"]["actions"] != serde_json::json!(["update"])
        || any_unknown(&change["change"]["after_unknown"])
    {
        return false;
    }
    let mut found = Vec::new();
    differences(
        &change["change"]["before"],
        &change["change"]["after"],
        &mut Vec::new(),
        &mut found,
    );
    let kind = change["type"].as_str().unwrap_or_default();
    found.retain(|(path, _, _)| !path.first().is_some_and(|a| read_back_gap(kind, a)));
    !found.is_empty()
        && found.iter().all(|(path, before, after)| {
            matches!(path.as_slice(), [tags, key] if (tags == "tags" || tags == "tags_all") && key == "Environment")
                && before == from
                // Before the change the provider's state holds the default tag in `tags` too;
                // the plan drops it there and changes it in `tags_all`.
                && (after == to || (path[0] == "tags" && after.is_null()))
        })
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
        let actions = effective_actions(change);
        let retagged = step
            .retags_environment
            .is_some_and(|(from, to)| only_retags_environment(change, from, to));
        if step.changes_nothing && actions != ["no-op"] && !retagged {
            problems.push(format!("{address}: {actions:?}, expected no change"));
        }
        if PROTECTED.contains(&kind)
            && actions.contains(&"delete")
            && !step.may_delete.iter().any(|(f, _)| address.contains(f))
        {
            problems.push(format!(
                "{address}: {actions:?} destroys a protected {kind}"
            ));
        }
    }
    problems.extend(expectation_problems(
        &changes,
        &step.expect,
        effective_actions,
    ));
    problems
}

/// Each `(address fragment, actions)` of `expect` that `changes` do not meet, as a line: a
/// fragment no change matches, or a matching change whose actions (by `actions_of`, in any
/// order) are not exactly the expected ones.
pub(crate) fn expectation_problems(
    changes: &[serde_json::Value],
    expect: &[(&str, &[&str])],
    actions_of: fn(&serde_json::Value) -> Vec<&str>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (fragment, expected) in expect {
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
            let actions = actions_of(change);
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

/// Runs the generated workflows' `scripts` (crates/workflows/templates/scripts, joined into one
/// step as the templates join them) in `root` the way their step does: as `env`'s deploy role,
/// with the AWS CLI of the tools venv pointed at moto, and `vars` as the step's `env:`. Returns
/// what they printed; panics with it when they fail.
fn run_ci(
    stage: &Stage<'_>,
    root: &Path,
    env: &Environment,
    scripts: &[&str],
    vars: &[(&str, &str)],
    what: &str,
) -> String {
    let role = &stage.deploy_roles[&env.name];
    let deploy = stage.moto.assume_role(stage.bin, role);
    let text: Vec<String> = scripts
        .iter()
        .map(|name| {
            let path = repo_root()
                .join("crates/workflows/templates/scripts")
                .join(name);
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect();
    let runner_temp = stage.tree.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let github_output = runner_temp.join("github-output");
    std::fs::write(&github_output, "").unwrap();
    let path = format!(
        "{}:{}",
        stage.bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = stage.terraform.shell(root, &text.join("\n"));
    command
        .env("PATH", path)
        .env("AWS_ACCESS_KEY_ID", &deploy.access_key)
        .env("AWS_SECRET_ACCESS_KEY", &deploy.secret_key)
        .env("AWS_SESSION_TOKEN", &deploy.token)
        .env("AWS_ENDPOINT_URL", &stage.moto.endpoint)
        .env("AWS_DEFAULT_REGION", &env.region)
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_OUTPUT", &github_output)
        .env("CLUSTER", env.names.cluster())
        .env("PREFIX", &env.names.prefix)
        .env_remove("AWS_PROFILE");
    for (key, value) in vars {
        command.env(key, value);
    }
    let output = command.output().expect("bash runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{what}: {} failed:\n{printed}",
        scripts.join(" + ")
    );
    printed
}

/// The Terraform workflow's `ports-<env>` jobs: the plan job finds the load-balanced services
/// whose port `plan.bin` changes (ecs-port-moves.sh), and each is moved onto its new port before
/// the apply (ecs-rollout.sh). Returns what they printed.
fn move_ports(stage: &Stage<'_>, root: &Path, env: &Environment, what: &str) -> String {
    let services: Vec<String> = env
        .services
        .iter()
        .map(|s| format!("{}={}", s.name, s.identity()))
        .collect();
    let mut printed = run_ci(
        stage,
        root,
        env,
        &["ecs-port-moves.sh"],
        &[("PLAN", "plan.bin"), ("SERVICES", &services.join(" "))],
        &format!("{what}: finding port changes"),
    );
    let outputs =
        std::fs::read_to_string(stage.tree.join("runner-temp/github-output")).unwrap_or_default();
    let moves = outputs
        .lines()
        .find_map(|line| line.strip_prefix("moves="))
        .unwrap_or_else(|| panic!("{what}: ecs-port-moves.sh set no `moves` output"));
    let moves: Vec<serde_json::Value> = serde_json::from_str(moves).expect("moves is JSON");
    for job in moves {
        let rollout = job["rollout"].as_str().expect("a rollout").to_owned();
        printed.push_str(&run_ci(
            stage,
            root,
            env,
            &["ecs-rollout.sh"],
            &[("ROLLOUTS", &rollout)],
            &format!("{what}: ports job of {}", job["service"]),
        ));
    }
    printed
}

/// The Terraform workflow's post-apply rollout of every service of `env` (each keeps the image CI
/// deployed, on the latest revision Terraform registered).
fn roll_out_after_apply(stage: &Stage<'_>, root: &Path, env: &Environment, what: &str) -> String {
    let rollouts: Vec<String> = env
        .services
        .iter()
        .map(|s| format!("{}=running", s.identity()))
        .collect();
    run_ci(
        stage,
        root,
        env,
        &["ecs-rollout.sh"],
        &[("ROLLOUTS", &rollouts.join(" "))],
        &format!("{what}: the post-apply rollout"),
    )
}

#[test]
#[cfg_attr(
    any(skip_terraform, skip_moto, skip_awscli),
    ignore = "PLINTH_SKIP names terraform, moto or awscli"
)]
fn day_two_changes_apply_without_destroying_what_serves_or_stores() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("day2");
    let terraform = Terraform::find(&work.join("terraform"));
    let bin = tools_bin();
    // The workflow scripts each step runs call the AWS CLI from the same venv.
    plinth_tests::checks::tool("awscli", "aws");
    let mut stage = Stage::new(&terraform, &bin, &work.join("stage"));
    let load_text = |text: &str| {
        load(&SourceFile::new("daytwo.toml", text))
            .unwrap_or_else(|d| panic!("a day-2 blueprint is invalid: {d:?}\n{text}"))
            .blueprint
    };
    let base = load_text(BASE);
    stage.write_tree(&base, "daytwo.toml");
    stage.bootstrap("bootstrap/default", "day 2 bootstrap");
    let mut env = base.environments[0].clone();
    let mut root = stage.prepare_environment(&env, "day 2");
    terraform.run(&root, &APPLY, "day 2: first apply as the deploy role");
    assert_replans_clean(&terraform, &root, "day 2: first apply");
    // The deploy workflow's first deploy: from now on CI owns the running image.
    let deployed = run_ci(
        &stage,
        &root,
        &env,
        &["ecs-rollout.sh"],
        &[("ROLLOUTS", &format!("web={DEPLOYED_IMAGE}"))],
        "day 2: the first deploy",
    );
    assert_replans_clean(&terraform, &root, "day 2: after the first deploy");

    let mut log = format!("ok: first apply and deploy\n{deployed}");
    for step in steps() {
        let what = format!("day 2: {}", step.name);
        let blueprint = load_text(&step.blueprint);
        stage.write_tree(&blueprint, "daytwo.toml");
        if blueprint.environments[0].name != env.name {
            // A renamed environment is a new root reading the old state; its bootstrap is
            // regenerated too, and applying it must destroy nothing (the roles keep their names).
            let bootstrap = stage.tree.join("bootstrap/default");
            terraform.run(&bootstrap, &["init", "-input=false", "-no-color"], &what);
            let bootstrap_plan = plan(&terraform, &bootstrap, &format!("{what}: bootstrap"));
            let removed: Vec<String> = bootstrap_plan["resource_changes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["change"]["actions"].to_string().contains("delete"))
                .map(|c| c["address"].to_string())
                .collect();
            assert!(
                removed.is_empty(),
                "{what}: the bootstrap would delete {removed:?}"
            );
            stage.bootstrap("bootstrap/default", &what);
            root = stage.prepare_environment(&blueprint.environments[0], &what);
        }
        env = blueprint.environments[0].clone();
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
        let moves = move_ports(&stage, &root, &env, &what);
        terraform.run(
            &root,
            &["apply", "-input=false", "-no-color", "plan.bin"],
            &format!("{what}: apply the plan as the deploy role"),
        );
        let rollouts = roll_out_after_apply(&stage, &root, &env, &what);
        assert_replans_clean(&terraform, &root, &what);
        if let Some(snippet) = step.afterwards {
            aws_does(&bin, &stage.moto.endpoint, snippet);
        }
        let _ = writeln!(log, "ok: {}\n{moves}{rollouts}", step.name);
    }
    print!("{log}");
    assert_no_denials(&stage.check_policies(), "day 2");
}
