//! The typed contexts the templates render: what each workflow needs, computed once from the
//! model so the templates only lay it out.

use plinth_blueprint::model::{Blueprint, Compute, Environment, ImageSource, Service};
use plinth_blueprint::output::header;
use plinth_blueprint::raw::Language;
use serde::Serialize;

use crate::pins::{
    HELM_VERSION, HelmChartPin, LOAD_BALANCER_CONTROLLER_CHART, SECRETS_STORE_AWS_PROVIDER_CHART,
    SECRETS_STORE_CSI_DRIVER_CHART, TERRAFORM_VERSION, TRIVY_VERSION,
};
use crate::rollout::{
    Rollout, aws_names, deploy_minutes, ecs_jobs, ecs_releases, ecs_rollouts, is_built,
};
use crate::{WORKFLOW_DIR, WorkflowError};

/// How long a built image stays downloadable for later environments: GitHub gives up on a
/// deployment waiting for approval after 30 days, so the image outlives any pending approval.
pub const IMAGE_RETENTION_DAYS: u32 = 30;

/// The Poetry release CI installs for services that lock their dependencies with Poetry.
pub const POETRY_VERSION: &str = "2.1.3";

/// The plinth release the freshness workflow installs: the one generating these files.
pub const PLINTH_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Rust toolchain that builds plinth (its `rust-version`).
pub const PLINTH_RUST_VERSION: &str = env!("CARGO_PKG_RUST_VERSION");

/// Where plinth's source lives.
pub const PLINTH_REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where the blueprint and the generated Terraform tree live in the repository.
#[derive(Clone, Debug)]
pub struct Layout {
    blueprint: String,
    out_dir: String,
}

impl Layout {
    /// The layout for a blueprint at `blueprint_path` generating into `out_dir_in_repo`, both
    /// relative to the repository root.
    pub fn new(blueprint_path: &str, out_dir_in_repo: &str) -> Result<Self, WorkflowError> {
        let blueprint = repo_path(blueprint_path);
        let out_dir = repo_path(out_dir_in_repo);
        path_value("blueprint path", &blueprint)?;
        path_value("output directory", &out_dir)?;
        Ok(Self { blueprint, out_dir })
    }

    fn out(&self, rest: &str) -> String {
        join(&self.out_dir, rest)
    }
}

/// `path` as GitHub's `paths:` filters and `working-directory` expect it: no `./`, no trailing
/// `/`, and `.` for the repository root.
fn repo_path(path: &str) -> String {
    let mut path = path.trim().trim_end_matches('/');
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.trim_start_matches('/');
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path.to_owned()
    }
}

fn join(dir: &str, rest: &str) -> String {
    if dir == "." {
        rest.to_owned()
    } else {
        format!("{dir}/{rest}")
    }
}

/// The `paths:` glob for everything below `dir`.
fn below(dir: &str) -> String {
    join(dir, "**")
}

/// A `paths:` filter of `globs`: everything, when one of them already matches everything.
fn paths_filter(globs: Vec<String>) -> Vec<String> {
    if globs.iter().any(|glob| glob == "**") {
        vec!["**".to_owned()]
    } else {
        globs
    }
}

fn is_within(path: &str, dir: &str) -> bool {
    dir == "." || path == dir || path.starts_with(&format!("{dir}/"))
}

/// Refuses a blueprint value GitHub would evaluate: `${{` is not escapable inside a workflow.
fn literal(field: &str, value: &str) -> Result<(), WorkflowError> {
    if value.contains("${{") {
        return Err(WorkflowError::Expression {
            field: field.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}

/// Refuses a path GitHub would evaluate or that cannot sit on one line of a workflow.
fn path_value(field: &str, value: &str) -> Result<(), WorkflowError> {
    literal(field, value)?;
    if value.chars().any(char::is_control) {
        return Err(WorkflowError::Path {
            field: field.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}

fn workflow_path(file: &str) -> String {
    format!("{WORKFLOW_DIR}/{file}")
}

fn header_line(path: &str, layout: &Layout) -> String {
    header(path, &layout.blueprint).trim_end().to_owned()
}

/// The role a workflow assumes for `env` (the bootstrap's deploy role, `<prefix>-github`, see
/// `Names::deploy_role`). Without a pinned account the account id
/// comes from the `AWS_ACCOUNT_ID` GitHub variable: a repository variable naming the account of
/// `bootstrap/default/`, which a GitHub environment may override.
fn deploy_role_arn(env: &Environment) -> String {
    env.names.deploy_role_arn(account(env))
}

/// The account a workflow acts in: the pinned one, or the `AWS_ACCOUNT_ID` variable.
fn account(env: &Environment) -> &str {
    env.account_id
        .as_deref()
        .unwrap_or("${{ vars.AWS_ACCOUNT_ID }}")
}

/// The read-only role pull-request workflows assume to plan `env` (`Environment::has_plan_role`:
/// environments that are not production-like and whose provider assumes no other role). The
/// others are not planned on pull requests.
fn plan_role_arn(env: &Environment) -> Option<String> {
    env.has_plan_role()
        .then(|| env.names.plan_role_arn(account(env)))
}

fn platform(env: &Environment) -> &'static str {
    match env.compute {
        Compute::Ecs(_) => "ecs",
        Compute::Eks(_) => "eks",
    }
}

/// The context of one `plinth-ci-<service>.yml`.
#[derive(Debug, Serialize)]
pub struct CiInfo {
    /// The workflow's path in the repository.
    pub path: String,
    /// The generated-file header line.
    pub header: String,
    /// The service.
    pub service: String,
    /// The branch deploys run from.
    pub default_branch: String,
    /// The `paths:` filter: the service's sources, its build inputs and this workflow.
    pub paths: Vec<String>,
    /// Where the tests run.
    pub source_dir: String,
    /// The Docker build context.
    pub context: String,
    /// The Dockerfile, relative to the repository root.
    pub dockerfile: String,
    /// The test toolchain.
    pub language: Language,
    /// The toolchain version.
    pub language_version: String,
    /// Commands replacing the language's default checks.
    pub test_commands: Vec<String>,
    /// The local name of the built image.
    pub local_image: String,
    /// The image artifact the deploy workflow publishes from.
    pub image_artifact: String,
    /// Days the image artifact is kept.
    pub image_retention_days: u32,
    /// The Trivy CLI version.
    pub trivy_version: &'static str,
    /// The Poetry version for Poetry projects.
    pub poetry_version: &'static str,
}

/// One CI workflow per service that some environment builds from a Dockerfile, in blueprint
/// order. A service's CI settings are taken from the first environment that builds it.
pub fn ci(blueprint: &Blueprint, layout: &Layout) -> Result<Vec<CiInfo>, WorkflowError> {
    let mut seen: Vec<&str> = Vec::new();
    let mut workflows = Vec::new();
    for service in blueprint.environments.iter().flat_map(|e| &e.services) {
        if !is_built(service) || seen.contains(&service.name.as_str()) {
            continue;
        }
        seen.push(&service.name);
        workflows.push(ci_service(blueprint, service, layout)?);
    }
    Ok(workflows)
}

fn ci_service(
    blueprint: &Blueprint,
    service: &Service,
    layout: &Layout,
) -> Result<CiInfo, WorkflowError> {
    let ImageSource::Build {
        dockerfile,
        context,
    } = &service.image
    else {
        unreachable!("only built services have CI");
    };
    let name = &service.name;
    let field = |what: &str| format!("services.{name}.{what}");
    let source_dir = repo_path(&service.source_dir);
    let context = repo_path(context);
    let dockerfile = repo_path(dockerfile);
    path_value(&field("source_dir"), &source_dir)?;
    path_value(&field("context"), &context)?;
    path_value(&field("dockerfile"), &dockerfile)?;
    for command in &service.test_commands {
        literal(&field("test_commands"), command)?;
    }
    let path = workflow_path(&format!("plinth-ci-{name}.yml"));
    let mut paths = vec![below(&source_dir)];
    if !is_within(&context, &source_dir) {
        paths.push(below(&context));
    }
    if !is_within(&dockerfile, &source_dir) && !is_within(&dockerfile, &context) {
        paths.push(dockerfile.clone());
    }
    paths.push(path.clone());
    let paths = paths_filter(paths);
    Ok(CiInfo {
        header: header_line(&path, layout),
        path,
        service: name.clone(),
        default_branch: blueprint.project.default_branch.clone(),
        paths,
        source_dir,
        context,
        dockerfile,
        language: service.language,
        language_version: service
            .language_version
            .clone()
            .unwrap_or_else(|| default_version(service.language).to_owned()),
        test_commands: service.test_commands.clone(),
        local_image: format!("plinth-ci/{name}"),
        image_artifact: format!("image-{name}"),
        image_retention_days: IMAGE_RETENTION_DAYS,
        trivy_version: TRIVY_VERSION,
        poetry_version: POETRY_VERSION,
    })
}

/// The toolchain version CI uses when the blueprint pins none.
pub fn default_version(language: Language) -> &'static str {
    match language {
        Language::Node => "22",
        Language::Python => "3.12",
        Language::Php => "8.3",
        Language::Go => "1.24",
        Language::Custom => "",
    }
}

/// The context of `plinth-deploy.yml`.
#[derive(Debug, Serialize)]
pub struct DeployInfo {
    /// The workflow's path in the repository.
    pub path: String,
    /// The generated-file header line.
    pub header: String,
    /// The Kubernetes namespace the services run in (the project name).
    pub namespace: String,
    /// Every environment, in promotion order.
    pub environments: Vec<DeployEnvironment>,
    /// The EKS platform components.
    pub charts: PlatformCharts,
    /// The Helm CLI version.
    pub helm_version: &'static str,
}

/// The Helm charts of the EKS platform components, by role.
#[derive(Debug, Serialize)]
pub struct PlatformCharts {
    /// The AWS Load Balancer Controller.
    pub load_balancer_controller: HelmChartPin,
    /// The Secrets Store CSI driver.
    pub secrets_store_csi_driver: HelmChartPin,
    /// Its AWS provider.
    pub secrets_store_aws_provider: HelmChartPin,
}

/// One environment of the deploy workflow.
#[derive(Debug, Serialize)]
pub struct DeployEnvironment {
    /// The environment (also the job id and the GitHub environment).
    pub name: String,
    /// The environment deployed before this one.
    pub previous: Option<String>,
    /// Whether GitHub should hold the deploy for a reviewer.
    pub production_like: bool,
    /// The role the job assumes.
    pub role_arn: String,
    /// Whether the blueprint pins the account (else the role ARN reads `vars.AWS_ACCOUNT_ID`).
    pub account_pinned: bool,
    /// The AWS region.
    pub region: String,
    /// `<project>-<env>`.
    pub prefix: String,
    /// The ECS or EKS cluster.
    pub cluster: String,
    /// `ecs` or `eks`.
    pub platform: &'static str,
    /// The services this environment builds from a Dockerfile, space-separated, each as
    /// `<service>=<AWS name>` (a renamed service keeps its old key's AWS names: repository, ECS
    /// service, task-definition family).
    pub services: String,
    /// The AWS names of the environment's scheduled jobs on ECS, space-separated, for
    /// `ecs-rollout.sh` (a job has no ECS service: a rollout registers its next revision).
    pub jobs: String,
    /// The release commands of the ECS services, JSON keyed by AWS name, for `ecs-rollout.sh`;
    /// empty when there are none.
    pub releases: String,
    /// The deploy job's time limit, which makes room for the longest release command.
    pub timeout_minutes: u32,
    /// The kubectl release matching the EKS version.
    pub kubectl_version: Option<String>,
    /// The directory holding the Kustomize overlay of each service.
    pub kubernetes_dir: String,
}

/// The deploy workflow's context.
pub fn deploy(blueprint: &Blueprint, layout: &Layout) -> DeployInfo {
    let path = workflow_path("plinth-deploy.yml");
    let environments = blueprint
        .environments
        .iter()
        .enumerate()
        .map(|(index, env)| DeployEnvironment {
            name: env.name.clone(),
            previous: index
                .checked_sub(1)
                .map(|i| blueprint.environments[i].name.clone()),
            production_like: env.production || env.approval,
            role_arn: deploy_role_arn(env),
            account_pinned: env.account_id.is_some(),
            region: env.region.clone(),
            prefix: env.names.prefix.clone(),
            cluster: env.names.cluster(),
            platform: platform(env),
            services: env
                .services
                .iter()
                .filter(|s| is_built(s))
                .map(|s| format!("{}={}", s.name, s.identity()))
                .collect::<Vec<_>>()
                .join(" "),
            jobs: ecs_jobs(env),
            releases: ecs_releases(env),
            timeout_minutes: deploy_minutes(env),
            kubectl_version: match &env.compute {
                Compute::Eks(eks) => Some(format!("v{}.0", eks.kubernetes_version)),
                Compute::Ecs(_) => None,
            },
            kubernetes_dir: layout.out(&format!("k8s/{}", env.name)),
        })
        .collect();
    DeployInfo {
        header: header_line(&path, layout),
        path,
        namespace: blueprint.project.name.clone(),
        environments,
        charts: PlatformCharts {
            load_balancer_controller: LOAD_BALANCER_CONTROLLER_CHART,
            secrets_store_csi_driver: SECRETS_STORE_CSI_DRIVER_CHART,
            secrets_store_aws_provider: SECRETS_STORE_AWS_PROVIDER_CHART,
        },
        helm_version: HELM_VERSION,
    }
}

/// The context of `plinth-terraform.yml`.
#[derive(Debug, Serialize)]
pub struct TerraformInfo {
    /// The workflow's path in the repository.
    pub path: String,
    /// The generated-file header line.
    pub header: String,
    /// The branch applies run from.
    pub default_branch: String,
    /// The `paths:` filter: the Terraform tree and this workflow.
    pub paths: Vec<String>,
    /// The Terraform tree.
    pub out_dir: String,
    /// The Terraform CLI version.
    pub terraform_version: &'static str,
    /// Every environment, in promotion order.
    pub environments: Vec<TerraformEnvironment>,
}

/// One environment of the Terraform workflow.
#[derive(Debug, Serialize)]
pub struct TerraformEnvironment {
    /// The environment (also the GitHub environment).
    pub name: String,
    /// The environment applied before this one.
    pub previous: Option<String>,
    /// Whether the deploy role trusts only jobs in the GitHub environment (production): then even
    /// the plan job runs in it.
    pub environment_only_role: bool,
    /// The read-only role pull requests plan with; none for an environment pull requests do not
    /// plan (production-like, or whose provider assumes another role).
    pub plan_role_arn: Option<String>,
    /// Whether GitHub should hold the apply for a reviewer.
    pub production_like: bool,
    /// The role the jobs assume.
    pub role_arn: String,
    /// Whether the blueprint pins the account (else the role ARN reads `vars.AWS_ACCOUNT_ID`).
    pub account_pinned: bool,
    /// The AWS region.
    pub region: String,
    /// The environment's root, `<out>/envs/<env>`.
    pub root: String,
    /// Where saved plans are kept: next to the state, `s3://<bucket>/<key dir>/plans`.
    pub plans: String,
    /// The state bucket's region.
    pub state_region: String,
    /// The ECS cluster, when the environment runs ECS.
    pub cluster: String,
    /// `<project>-<env>`, the prefix of the task-definition families.
    pub prefix: String,
    /// What moves each ECS service onto its latest task definition after an apply; empty on EKS.
    pub ecs_rollouts: Vec<Rollout>,
    /// Each ECS service as `<service>=<AWS name>`, space-separated (a renamed service keeps its old
    /// key's AWS names), for `ecs-port-moves.sh`; empty on EKS.
    pub aws_names: String,
    /// The AWS names of the scheduled jobs, space-separated, for `ecs-rollout.sh`.
    pub jobs: String,
    /// The release commands of the ECS services, JSON keyed by AWS name, for `ecs-rollout.sh`
    /// (a rollout that brings a new blueprint-named image runs one first); empty when none.
    pub releases: String,
    /// A rollout job's time limit, which makes room for the longest release command.
    pub rollout_minutes: u32,
}

/// The Terraform workflow's context.
pub fn terraform(blueprint: &Blueprint, layout: &Layout) -> TerraformInfo {
    let path = workflow_path("plinth-terraform.yml");
    let environments: Vec<TerraformEnvironment> = blueprint
        .environments
        .iter()
        .enumerate()
        .map(|(index, env)| TerraformEnvironment {
            name: env.name.clone(),
            previous: index
                .checked_sub(1)
                .map(|i| blueprint.environments[i].name.clone()),
            environment_only_role: env.production,
            plan_role_arn: plan_role_arn(env),
            production_like: env.production || env.approval,
            role_arn: deploy_role_arn(env),
            account_pinned: env.account_id.is_some(),
            region: env.region.clone(),
            root: layout.out(&format!("envs/{}", env.name)),
            plans: plans_location(env),
            state_region: env.state.region.clone(),
            cluster: env.names.cluster(),
            prefix: env.names.prefix.clone(),
            ecs_rollouts: ecs_rollouts(env),
            aws_names: aws_names(env),
            jobs: ecs_jobs(env),
            releases: ecs_releases(env),
            rollout_minutes: deploy_minutes(env),
        })
        .collect();
    TerraformInfo {
        header: header_line(&path, layout),
        paths: paths_filter(vec![below(&layout.out_dir), path.clone()]),
        path,
        default_branch: blueprint.project.default_branch.clone(),
        out_dir: layout.out_dir.clone(),
        terraform_version: TERRAFORM_VERSION,
        environments,
    }
}

/// The state key's directory: the deploy role may read and write only below it.
fn plans_location(env: &Environment) -> String {
    let dir = env
        .state
        .key
        .rsplit_once('/')
        .map_or(env.name.as_str(), |(dir, _)| dir);
    format!("s3://{}/{dir}/plans", env.state.bucket)
}

/// The context of `plinth-freshness.yml`.
#[derive(Debug, Serialize)]
pub struct FreshnessInfo {
    /// The workflow's path in the repository.
    pub path: String,
    /// The generated-file header line.
    pub header: String,
    /// The branch whose pushes are checked too.
    pub default_branch: String,
    /// The `paths:` filter: the blueprint, the Terraform tree and the generated workflows.
    pub paths: Vec<String>,
    /// The blueprint.
    pub blueprint: String,
    /// The Terraform tree.
    pub out_dir: String,
    /// The plinth release to install.
    pub plinth_version: &'static str,
    /// The Rust toolchain to build it with.
    pub rust_version: &'static str,
    /// plinth's Git repository.
    pub plinth_repository: &'static str,
}

/// The freshness workflow's context.
pub fn freshness(blueprint: &Blueprint, layout: &Layout) -> FreshnessInfo {
    let path = workflow_path("plinth-freshness.yml");
    FreshnessInfo {
        header: header_line(&path, layout),
        paths: paths_filter(vec![
            layout.blueprint.clone(),
            below(&layout.out_dir),
            format!("{WORKFLOW_DIR}/plinth-*.yml"),
        ]),
        path,
        default_branch: blueprint.project.default_branch.clone(),
        blueprint: layout.blueprint.clone(),
        out_dir: layout.out_dir.clone(),
        plinth_version: PLINTH_VERSION,
        rust_version: PLINTH_RUST_VERSION,
        plinth_repository: PLINTH_REPOSITORY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_paths_are_normalised() {
        assert_eq!(repo_path("./infra/"), "infra");
        assert_eq!(repo_path(""), ".");
        assert_eq!(repo_path("./"), ".");
        assert_eq!(below("."), "**");
        assert_eq!(below("services/api"), "services/api/**");
        assert!(is_within("services/api/Dockerfile", "services/api"));
        assert!(!is_within("services/api2/Dockerfile", "services/api"));
        assert_eq!(paths_filter(vec!["api/**".into(), "**".into()]), ["**"]);
    }

    #[test]
    fn expressions_in_blueprint_values_are_refused() {
        let error = Layout::new("app.toml", "${{ github.token }}").unwrap_err();
        assert!(error.to_string().contains("output directory"));
    }
}
