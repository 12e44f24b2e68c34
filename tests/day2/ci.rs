//! What the generated workflows run around an apply, with their own scripts, as the
//! environment's deploy role against moto.

use std::path::Path;

use plinth_blueprint::model::Environment;
use plinth_tests::repo_root;

use crate::apply_all::Stage;

/// Runs the generated workflows' `scripts` (crates/workflows/templates/scripts, joined into one
/// step as the templates join them) in `root` the way their step does: as `env`'s deploy role,
/// with the AWS CLI of the tools venv pointed at moto, `RELEASES` as the workflows give it for
/// `env`, and `vars` as the step's `env:`. Returns what they printed; panics with it when they
/// fail.
pub(super) fn run_ci(
    stage: &Stage<'_>,
    root: &Path,
    env: &Environment,
    scripts: &[&str],
    vars: &[(&str, &str)],
    what: &str,
) -> String {
    let (succeeded, printed) = run_ci_status(stage, root, env, scripts, vars);
    assert!(
        succeeded,
        "{what}: {} failed:\n{printed}",
        scripts.join(" + ")
    );
    printed
}

/// [`run_ci`], returning whether the scripts succeeded with what they printed.
pub(super) fn run_ci_status(
    stage: &Stage<'_>,
    root: &Path,
    env: &Environment,
    scripts: &[&str],
    vars: &[(&str, &str)],
) -> (bool, String) {
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
        .env("RELEASES", plinth_workflows::rollout::ecs_releases(env))
        // moto moves a task one state per DescribeTasks: no need to wait between them.
        .env("RELEASE_POLL_SECONDS", "1")
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
    (output.status.success(), printed)
}

/// The Terraform workflow's `ports-<env>` jobs: the plan job finds the load-balanced services
/// whose port `plan.bin` changes (ecs-port-moves.sh), and each is moved onto its new port before
/// the apply (ecs-rollout.sh). Returns what they printed.
pub(super) fn move_ports(stage: &Stage<'_>, root: &Path, env: &Environment, what: &str) -> String {
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
            &[("ROLLOUTS", &rollout), ("JOBS", &jobs(env))],
            &format!("{what}: ports job of {}", job["service"]),
        ));
    }
    printed
}

/// The Terraform workflow's post-apply rollout of every service of `env` (each keeps the image CI
/// deployed, on the latest revision Terraform registered).
pub(super) fn roll_out_after_apply(
    stage: &Stage<'_>,
    root: &Path,
    env: &Environment,
    what: &str,
) -> String {
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
        &[("ROLLOUTS", &rollouts.join(" ")), ("JOBS", &jobs(env))],
        &format!("{what}: the post-apply rollout"),
    )
}

/// The AWS names of `env`'s scheduled jobs, as the workflows pass them to `ecs-rollout.sh`.
pub(super) fn jobs(env: &Environment) -> String {
    env.services
        .iter()
        .filter(|s| s.job().is_some())
        .map(|s| s.identity().to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
