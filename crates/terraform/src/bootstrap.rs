//! The `bootstrap/` roots: what the environment roots need before their first `init`.
//!
//! One root per AWS account the environments live in (`bootstrap/<account>/`, or
//! `bootstrap/default/` for environments that pin no account), each applied once with local state
//! and an administrator's credentials for that account. It creates the Terraform state buckets the
//! account hosts (a bucket shared by several accounts lives in the account of the first
//! environment that uses it), the account's GitHub OIDC provider, and one deploy role per
//! environment that GitHub Actions assumes.

use hcl::Expression;
use plinth_blueprint::model::{Blueprint, Environment, Repository};
use plinth_blueprint::output::{GeneratedFile, header};

use crate::hcl::{Block, expr, module_label, object, render, string, strings, template_text};
use crate::modules::Module;
use crate::settings::versions;

/// The directory name of an account's bootstrap root.
fn account_dir(env: &Environment) -> String {
    env.account_id
        .clone()
        .unwrap_or_else(|| "default".to_owned())
}

/// The accounts the environments live in, as `bootstrap/` directory names, in promotion order.
pub fn account_dirs(blueprint: &Blueprint) -> Vec<String> {
    let mut accounts: Vec<String> = Vec::new();
    for env in &blueprint.environments {
        let account = account_dir(env);
        if !accounts.contains(&account) {
            accounts.push(account);
        }
    }
    accounts
}

/// The read-only role pull-request workflows assume to plan `env` (github-deploy-role's
/// `pull_request_plan_role`): environments that are not production-like, when the blueprint names
/// its repository. A provider `assume_role_arn` rules it out: the plan would act as that role.
pub fn has_plan_role(blueprint: &Blueprint, env: &Environment) -> bool {
    blueprint.project.repository.is_some() && env.has_plan_role()
}

/// The account whose bootstrap root creates `bucket`: that of the first environment using it.
fn bucket_owner<'a>(blueprint: &'a Blueprint, bucket: &str) -> &'a Environment {
    blueprint
        .environments
        .iter()
        .find(|e| e.state.bucket == bucket)
        .expect("the bucket belongs to some environment")
}

/// The bootstrap roots and the modules they call.
pub fn bootstrap(blueprint: &Blueprint, source: &str) -> (Vec<GeneratedFile>, Vec<Module>) {
    let accounts = account_dirs(blueprint);
    let mut files = Vec::new();
    let mut modules = vec![Module::StateBucket];
    if blueprint.project.repository.is_some() {
        modules.push(Module::GithubDeployRole);
    }
    for account in &accounts {
        files.extend(account_root(blueprint, account, source));
    }
    (files, modules)
}

fn account_root(blueprint: &Blueprint, account: &str, source: &str) -> Vec<GeneratedFile> {
    let dir = format!("bootstrap/{account}");
    let environments: Vec<&Environment> = blueprint
        .environments
        .iter()
        .filter(|e| account_dir(e) == account)
        .collect();
    let first = environments[0];
    let pinned = first.account_id.as_deref();

    let mut owned_buckets: Vec<&str> = Vec::new();
    for env in &environments {
        let bucket = env.state.bucket.as_str();
        if account_dir(bucket_owner(blueprint, bucket)) == account
            && !owned_buckets.contains(&bucket)
        {
            owned_buckets.push(bucket);
        }
    }
    let bucket_module = |bucket: &str| module_label("state", bucket);

    let (mut main, regions) = state_buckets(blueprint, account, &owned_buckets, &bucket_module);
    let account_id: Expression = match (pinned, owned_buckets.first()) {
        (Some(id), _) => string(id),
        // The account of the credentials running this root, read from the key it creates: no
        // data source, so the root plans offline.
        (None, Some(bucket)) => expr(&format!(
            "split(\":\", module.{}.kms_key_arn)[4]",
            bucket_module(bucket)
        )),
        (None, None) => expr("var.account_id"),
    };
    let needs_account_variable = pinned.is_none() && owned_buckets.is_empty();

    if let Some(repository) = &blueprint.project.repository {
        for (index, env) in environments.iter().enumerate() {
            main.push(deploy_role(
                blueprint,
                env,
                repository,
                index == 0,
                &first.name,
                &account_id,
                &bucket_module,
            ));
            if let Some(old) = &env.renamed_from {
                // A renamed environment keeps its roles (and the OIDC provider, when its module
                // makes it): the module address follows the rename, nothing is re-created.
                main.push(
                    Block::new("moved", [])
                        .attr(
                            "from",
                            expr(&format!("module.{}", module_label("deploy", old))),
                        )
                        .attr(
                            "to",
                            expr(&format!("module.{}", module_label("deploy", &env.name))),
                        ),
                );
            }
        }
    }

    let file = |name: &str, blocks: Vec<Block>| {
        let path = format!("{dir}/{name}");
        GeneratedFile::new(
            path.clone(),
            render(header(&path, source).trim_end(), blocks),
        )
    };
    let mut providers = vec![provider(blueprint, pinned, None)];
    providers.extend(
        regions
            .iter()
            .map(|region| provider(blueprint, pinned, Some(region))),
    );
    let mut files = vec![
        file("versions.tf", vec![versions()]),
        file("providers.tf", providers),
        file("main.tf", main),
        file(
            "outputs.tf",
            outputs(blueprint, &environments, &owned_buckets, &bucket_module),
        ),
    ];
    if needs_account_variable {
        files.push(file(
            "variables.tf",
            vec![
                Block::new("variable", ["account_id"])
                    .attr("description", string("The AWS account this root bootstraps (the one your credentials point at)."))
                    .attr("type", expr("string")),
            ],
        ));
    }
    files
}

/// The state-bucket module calls of `account`'s root (with the `moved` blocks of legacy names),
/// and the regions other than the project's that they need a provider for.
fn state_buckets<'a>(
    blueprint: &'a Blueprint,
    account: &str,
    owned_buckets: &[&str],
    bucket_module: &dyn Fn(&str) -> String,
) -> (Vec<Block>, Vec<&'a str>) {
    let mut main = Vec::new();
    let mut regions: Vec<&str> = Vec::new();
    for bucket in owned_buckets {
        let region = bucket_owner(blueprint, bucket).state.region.as_str();
        if region != blueprint.project.region && !regions.contains(&region) {
            regions.push(region);
        }
        main.push(state_bucket(
            blueprint,
            account,
            bucket,
            &bucket_module(bucket),
        ));
        if let Some(legacy) = legacy_state_bucket(bucket_owner(blueprint, bucket)) {
            // A tree generated before bucket names were made unique called this module after
            // `<project>-tfstate`. Moving that address here keeps the old bucket in the
            // configuration, so Terraform plans to replace it and `prevent_destroy` refuses the
            // plan: nothing is destroyed, and `[state] bucket = "<old name>"` keeps it. Without
            // the move the old module would just be gone from the configuration, where
            // `prevent_destroy` no longer applies, and Terraform would delete its key.
            main.push(
                Block::new("moved", [])
                    .attr("from", expr(&format!("module.{}", bucket_module(&legacy))))
                    .attr("to", expr(&format!("module.{}", bucket_module(bucket)))),
            );
        }
    }
    (main, regions)
}

/// The state-bucket module call for `bucket`, hosted by `account`.
fn state_bucket(blueprint: &Blueprint, account: &str, bucket: &str, label: &str) -> Block {
    // Roles of other accounts that keep their state here get cross-account access: the deploy
    // roles read and write, the pull-request plan roles only read. The module names them
    // through their account roots, so they need not exist yet.
    let foreign: Vec<&Environment> = blueprint
        .environments
        .iter()
        .filter(|e| e.state.bucket == bucket && account_dir(e) != account)
        .collect();
    let role_arns = |plan: bool| -> Vec<String> {
        foreign
            .iter()
            .filter(|e| !plan || has_plan_role(blueprint, e))
            .filter_map(|e| {
                e.account_id.as_ref().map(|id| {
                    if plan {
                        e.names.plan_role_arn(id)
                    } else {
                        e.names.deploy_role_arn(id)
                    }
                })
            })
            .collect()
    };
    let mut block =
        Block::new("module", [label]).attr("source", string(&Module::StateBucket.source()));
    // The bucket lives in the region its environments' backends name, which may differ from the
    // one this root's default provider works in.
    let region = bucket_owner(blueprint, bucket).state.region.as_str();
    if region != blueprint.project.region {
        block = block.attr(
            "providers",
            object([("aws", expr(&format!("aws.{}", region_alias(region))))]),
        );
    }
    block = block
        .blank()
        .attr("bucket_name", string(bucket))
        .attr("reader_writer_role_arns", strings(role_arns(false)));
    let readers = role_arns(true);
    if !readers.is_empty() {
        block = block.attr("reader_role_arns", strings(readers));
    }
    block
}

/// The name plinth gave `env`'s state bucket before names were made unique (`<project>-tfstate`),
/// when that is what the current default replaced: no pinned account, a repository, and no
/// `[state] bucket`.
fn legacy_state_bucket(env: &Environment) -> Option<String> {
    let legacy = format!("{}-tfstate", env.names.project);
    (env.account_id.is_none()
        && env.state.bucket == env.names.state_bucket()
        && env.state.bucket != legacy)
        .then_some(legacy)
}

/// The provider alias for `region`, e.g. `us_east_1`.
fn region_alias(region: &str) -> String {
    region.replace('-', "_")
}

/// The bootstrap's provider: the project's region, or with `region` an alias for a state bucket
/// kept elsewhere; the account when pinned, and tags.
fn provider(blueprint: &Blueprint, pinned: Option<&str>, region: Option<&str>) -> Block {
    let mut provider = Block::new("provider", ["aws"]);
    if let Some(region) = region {
        provider = provider.attr("alias", string(&region_alias(region)));
    }
    provider = provider.attr(
        "region",
        string(region.unwrap_or(&blueprint.project.region)),
    );
    if let Some(id) = pinned {
        provider = provider.attr("allowed_account_ids", strings([id]));
    }
    provider.block(Block::new("default_tags", []).attr(
        "tags",
        object([
            ("Project", string(&blueprint.project.name)),
            ("ManagedBy", string("plinth")),
            ("Component", string("bootstrap")),
        ]),
    ))
}

#[allow(clippy::too_many_arguments)]
fn deploy_role(
    blueprint: &Blueprint,
    env: &Environment,
    repository: &Repository,
    creates_provider: bool,
    first_env: &str,
    account_id: &Expression,
    bucket_module: &dyn Fn(&str) -> String,
) -> Block {
    let owner = bucket_owner(blueprint, &env.state.bucket);
    let owned_here = account_dir(owner) == account_dir(env);
    // `<prefix>/<environment>/terraform.tfstate`, where a renamed environment keeps the
    // segment of its old name (its state stays where it is).
    let key_directory = env.state.key.trim_end_matches("/terraform.tfstate");
    let (key_prefix, state_environment) = key_directory
        .rsplit_once('/')
        .unwrap_or(("", key_directory));
    let mut block = Block::new("module", [module_label("deploy", &env.name).as_str()])
        .attr("source", string(&Module::GithubDeployRole.source()))
        .blank()
        .attr("role_name", string(&env.names.deploy_role()))
        .attr("name_prefix", string(&env.names.prefix))
        .attr("account_id", account_id.clone())
        .attr("region", string(&env.region))
        .blank()
        .attr(
            "repository",
            string(&format!("{}/{}", repository.owner, repository.name)),
        )
        .attr("github_environment", string(&env.name))
        .attr("restrict_to_environment", env.production)
        .attr("default_branch", string(&blueprint.project.default_branch))
        .blank()
        .attr("create_oidc_provider", creates_provider);
    if !creates_provider {
        block = block.attr(
            "oidc_provider_arn",
            expr(&format!(
                "module.{}.oidc_provider_arn",
                module_label("deploy", first_env)
            )),
        );
    }
    if has_plan_role(blueprint, env) {
        block = block.attr("pull_request_plan_role", true);
    }
    if let Some(role) = &env.assume_role_arn {
        // The environment's provider assumes this role; the deploy role may, the plan role not.
        block = block.attr("assume_role_arns", strings([role]));
    }
    if let Some(dns) = &env.dns {
        // The records the environment's certificate and aliases need, and only those: another
        // environment's records in a shared zone stay out of reach.
        let names = std::iter::once(&dns.domain).chain(&dns.alternative_names);
        block = block.attr("dns_record_names", strings(names.map(|n| template_text(n))));
    }
    block = block.blank().attr("state_key_prefix", string(key_prefix));
    if state_environment != env.name {
        block = block.attr("state_environment", string(state_environment));
    }
    if owned_here {
        let module = bucket_module(&env.state.bucket);
        block
            .attr(
                "state_bucket_arn",
                expr(&format!("module.{module}.bucket_arn")),
            )
            .attr(
                "state_kms_key_arn",
                expr(&format!("module.{module}.kms_key_arn")),
            )
    } else {
        // The key's ID is generated in the bucket's account: the roles find it by its alias
        // (kms:ResourceAliases), in any account when the bucket's is not pinned.
        let alias_arn = format!(
            "arn:aws:kms:{}:{}:{}",
            env.state.region,
            owner.account_id.as_deref().unwrap_or("*"),
            env.state.kms_key_alias()
        );
        block
            .attr(
                "state_bucket_arn",
                string(&format!(
                    "arn:aws:s3:::{}",
                    template_text(&env.state.bucket)
                )),
            )
            .attr(
                "state_kms_key_alias_arn",
                string(&template_text(&alias_arn)),
            )
    }
}

fn outputs(
    blueprint: &Blueprint,
    environments: &[&Environment],
    owned_buckets: &[&str],
    bucket_module: &dyn Fn(&str) -> String,
) -> Vec<Block> {
    let output = |name: &str, description: &str, value: Expression| {
        Block::new("output", [name])
            .attr("description", string(description))
            .attr("value", value)
    };
    let mut blocks = vec![output(
        "state_buckets",
        "The Terraform state buckets this account hosts.",
        Expression::Array(
            owned_buckets
                .iter()
                .map(|b| expr(&format!("module.{}.bucket_name", bucket_module(b))))
                .collect(),
        ),
    )];
    if blueprint.project.repository.is_some() {
        blocks.push(output(
            "deploy_role_arns",
            "The role GitHub Actions assumes for each environment (the generated workflows derive it from the pinned account id or the AWS_ACCOUNT_ID variable).",
            object(
                environments
                    .iter()
                    .map(|e| (e.name.clone(), expr(&format!("module.{}.role_arn", module_label("deploy", &e.name))))),
            ),
        ));
        let planned: Vec<&&Environment> = environments
            .iter()
            .filter(|e| has_plan_role(blueprint, e))
            .collect();
        if !planned.is_empty() {
            blocks.push(output(
                "plan_role_arns",
                "The read-only role pull-request workflows assume to plan each environment that is not production-like.",
                object(planned.iter().map(|e| {
                    (
                        e.name.clone(),
                        expr(&format!("module.{}.plan_role_arn", module_label("deploy", &e.name))),
                    )
                })),
            ));
        }
    }
    blocks
}
