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
//!
//! The steps are in `day2/steps.rs`, the rules their plans must keep in `day2/plan_rules.rs`
//! and what the generated workflows run around each apply in `day2/ci.rs`.

#[path = "day2/ci.rs"]
mod ci;
#[path = "day2/plan_rules.rs"]
mod plan_rules;
#[path = "day2/steps.rs"]
mod steps;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plinth_blueprint::{SourceFile, load};
use plinth_tests::Terraform;
use plinth_tests::moto::{python, tools_bin};

use crate::apply_all::{APPLY, Stage, assert_no_denials, assert_replans_clean, plan};

use ci::{move_ports, roll_out_after_apply, run_ci};
use plan_rules::plan_problems;
pub(crate) use plan_rules::{expectation_problems, planned_actions};
use steps::{BASE, steps};

/// The image the deploy workflow rolled out before the first step (CI owns images from then on).
const DEPLOYED_IMAGE: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/daytwo-dev/web:v1";

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
    /// A service the deploy workflow deploys after the step's apply and rollout (with
    /// `DEPLOYED_IMAGE`'s tag, in its own repository).
    deploys: Option<&'static str>,
    /// What must hold in AWS after the step (a Python snippet with boto3 clients `rds`, `ecs`,
    /// `sfn`, `scheduler` of the account's administrator; an `assert` that fails fails the step).
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
        deploys: None,
        afterwards: None,
    }
}

/// The deploy workflow's first deploy: from now on CI owns the running image. The web service's
/// release command runs first, with the new image's task definition (its variables), and its
/// output is in the step's log. Returns what the step printed.
fn first_deploy(
    stage: &Stage<'_>,
    root: &Path,
    env: &plinth_blueprint::model::Environment,
) -> String {
    let deployed = run_ci(
        stage,
        root,
        env,
        &["ecs-rollout.sh"],
        &[("ROLLOUTS", &format!("web={DEPLOYED_IMAGE}"))],
        "day 2: the first deploy",
    );
    for expected in [
        "Running the release command of web with",
        "Migrating the schema",
        "Media bucket: daytwo-dev-media",
        "The release command of web succeeded.",
    ] {
        assert!(
            deployed.contains(expected),
            "day 2: the first deploy printed no {expected:?}:\n{deployed}"
        );
    }
    deployed
}

/// A deploy of a new image whose release command exits 3: the step fails with the command's
/// output and exit code, the service keeps the revision it runs, and the revision registered for
/// the deploy is deregistered. Returns what the step printed.
fn a_failing_release_stops_the_deploy(stage: &Stage<'_>, root: &Path, bin: &Path) -> String {
    let failing = load(&SourceFile::new(
        "daytwo.toml",
        BASE.replace(
            "echo Migrating the schema; echo Media bucket: $BUCKET_MEDIA",
            "echo relation users already exists >&2; exit 3",
        ),
    ))
    .expect("the failing blueprint is valid")
    .blueprint;
    let env = &failing.environments[0];
    let image = DEPLOYED_IMAGE.replace(":v1", ":v2");
    let (succeeded, printed) = ci::run_ci_status(
        stage,
        root,
        env,
        &["ecs-rollout.sh"],
        &[("ROLLOUTS", &format!("web={image}"))],
    );
    assert!(
        !succeeded,
        "day 2: a deploy whose release command fails succeeded:\n{printed}"
    );
    for expected in [
        "relation users already exists",
        "The release command of web exited with 3; web keeps its running revision.",
        "Deregistered ",
    ] {
        assert!(
            printed.contains(expected),
            "day 2: the failed deploy printed no {expected:?}:\n{printed}"
        );
    }
    aws_does(
        bin,
        &stage.moto.endpoint,
        "service = ecs.describe_services(cluster='daytwo-dev', services=['web'])['services'][0]\n\
         running = ecs.describe_task_definition(taskDefinition=service['taskDefinition'])['taskDefinition']\n\
         assert running['containerDefinitions'][0]['image'].endswith('/web:v1'), running['containerDefinitions'][0]['image']\n\
         for arn in ecs.list_task_definitions(familyPrefix='daytwo-dev-web')['taskDefinitionArns']:\n\
         \x20   image = ecs.describe_task_definition(taskDefinition=arn)['taskDefinition']['containerDefinitions'][0]['image']\n\
         \x20   assert not image.endswith('/web:v2'), f'{arn} is still active with the unreleased image'",
    );
    printed
}

/// Runs `snippet` with boto3 clients `rds`, `ecs`, `sfn`, `scheduler` and `iam` of moto's default
/// account.
fn aws_does(bin: &Path, endpoint: &str, snippet: &str) {
    let script = format!(
        "import boto3\nkw = dict(endpoint_url='{endpoint}', region_name='eu-west-1', \
         aws_access_key_id='test', aws_secret_access_key='test')\n\
         rds = boto3.client('rds', **kw)\necs = boto3.client('ecs', **kw)\n\
         sfn = boto3.client('stepfunctions', **kw)\nscheduler = boto3.client('scheduler', **kw)\n\
         iam = boto3.client('iam', **kw)\n\
         {snippet}\n"
    );
    python(bin, &script, snippet);
}

/// Every step's blueprint is valid, checked in a second rather than when the applies reach it.
#[test]
fn every_day_two_blueprint_is_valid() {
    for step in std::iter::once(("base", BASE.to_owned()))
        .chain(steps().into_iter().map(|s| (s.name, s.blueprint)))
    {
        let (name, text) = step;
        if let Err(diagnostics) = load(&SourceFile::new("daytwo.toml", &text)) {
            panic!("the blueprint of step `{name}` is invalid: {diagnostics:?}\n{text}");
        }
    }
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
    let deployed = first_deploy(&stage, &root, &env);
    assert_replans_clean(&terraform, &root, "day 2: after the first deploy");
    let refused = a_failing_release_stops_the_deploy(&stage, &root, &bin);
    assert_replans_clean(&terraform, &root, "day 2: after the failed deploy");

    let mut log = format!("ok: first apply and deploy\n{deployed}ok: a failing release\n{refused}");
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
        let mut rollouts = roll_out_after_apply(&stage, &root, &env, &what);
        if let Some(service) = step.deploys {
            let image = DEPLOYED_IMAGE.replace("/web:", &format!("/{service}:"));
            rollouts.push_str(&run_ci(
                &stage,
                &root,
                &env,
                &["ecs-rollout.sh"],
                &[
                    ("ROLLOUTS", &format!("{service}={image}")),
                    ("JOBS", &ci::jobs(&env)),
                ],
                &format!("{what}: deploy {service}"),
            ));
        }
        assert_replans_clean(&terraform, &root, &what);
        if let Some(snippet) = step.afterwards {
            aws_does(&bin, &stage.moto.endpoint, snippet);
        }
        let _ = writeln!(log, "ok: {}\n{moves}{rollouts}", step.name);
    }
    print!("{log}");
    assert_no_denials(&stage.check_policies(), "day 2");
}
