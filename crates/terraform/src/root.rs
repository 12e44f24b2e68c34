//! One environment's root module: versions, providers, backend, the module calls wired together,
//! variables, outputs.

use hcl::Expression;
use plinth_blueprint::model::{
    Autoscaling, Bucket, Database, Ecs, Environment, ImageSource, Project, SecretSource, Service,
    VariableValue,
};
use plinth_blueprint::output::{GeneratedFile, header};

use crate::catalog;
use crate::hcl::{
    Block, expr, module_label, object, render, render_attributes, string, strings, template_text,
};
use crate::modules::Module;

/// The provider constraint every root and module uses.
pub const AWS_PROVIDER_VERSION: &str = "~> 5.100";
/// The Terraform CLI constraint.
pub const TERRAFORM_VERSION: &str = ">= 1.10";

/// The image tag a CI-built service starts with, before the first deploy passes a real one.
pub const BOOTSTRAP_IMAGE_TAG: &str = "bootstrap";

/// The files of `envs/<env>/` and the modules they call.
pub struct Root {
    /// The root's files.
    pub files: Vec<GeneratedFile>,
    /// The modules the root calls.
    pub modules: Vec<Module>,
}

/// Builds the root of `env`, an ECS environment (`ecs` is its compute settings).
pub fn ecs_root(project: &Project, env: &Environment, ecs: &Ecs, blueprint: &str) -> Root {
    let dir = format!("envs/{}", env.name);
    let file = |name: &str, blocks: Vec<Block>| root_file(env, blueprint, name, blocks);
    let wiring = Wiring::new(env);
    let mut modules = vec![Module::Network, Module::EcsCluster, Module::Monitoring];
    let mut main = vec![network(env, &wiring)];
    if let Some(block) = catalog::log_key(env) {
        modules.push(Module::LogKey);
        main.push(block);
    }
    main.push(ecs_cluster(env, ecs, &wiring));
    if wiring.has_repositories {
        modules.push(Module::Ecr);
        main.push(ecr(env));
    }
    if !env.secrets.is_empty() {
        modules.push(Module::AppSecrets);
        main.push(catalog::app_secrets(env));
    }
    for bucket in &env.buckets {
        modules.push(Module::S3Bucket);
        main.push(catalog::bucket(env, bucket));
    }
    if wiring.has_load_balancer {
        modules.push(Module::Alb);
        main.push(alb(env));
    }
    if let Some(block) = catalog::dns(env, wiring.has_load_balancer) {
        modules.push(Module::Dns);
        main.push(block);
    }
    if let Some(block) = catalog::waf(env) {
        modules.push(Module::Waf);
        main.push(block);
    }
    if let Some(database) = &env.database {
        modules.push(Module::Database);
        main.push(self::database(
            env,
            database,
            allowed_services(env, Service::uses_database),
        ));
    }
    if let Some(cache) = &env.cache {
        modules.push(Module::Cache);
        let allowed = allowed_services(env, Service::uses_cache);
        main.push(catalog::cache(env, cache, allowed, wiring.log_key.clone()));
    }
    if let Some(kafka) = &env.kafka {
        modules.push(Module::Msk);
        main.push(catalog::kafka(
            env,
            kafka,
            allowed_services(env, |s| s.kafka),
        ));
    }
    if !env.services.is_empty() {
        modules.push(Module::EcsService);
    }
    for service in &env.services {
        main.push(ecs_service(env, ecs, service, &wiring));
    }
    main.push(catalog::monitoring(env, wiring.has_load_balancer));
    if let Some(budget) = &env.budget {
        modules.push(Module::Budget);
        main.push(catalog::budget(env, budget));
    }
    modules.sort();
    modules.dedup();

    let mut files = root_files(project, env, blueprint, main, outputs(env, &wiring));
    if wiring.has_repositories {
        files.push(file("variables.tf", vec![image_tags_variable(env)]));
        files.push(GeneratedFile::new(
            format!("{dir}/terraform.tfvars"),
            tfvars(env, blueprint, &dir),
        ));
    }
    Root { files, modules }
}

/// `moved` blocks for the services and buckets renamed with `renamed_from`, so Terraform state
/// follows the new module addresses. Everything inside those modules keeps its AWS names and its
/// instance keys (both derive from the old key), so the plan shows moves and no replacement.
/// Terraform recommends keeping `moved` blocks; plinth emits them as long as `renamed_from` is set.
pub fn moved_blocks(env: &Environment) -> Vec<Block> {
    let services = env.services.iter().filter_map(|s| {
        let old = s.renamed_from.as_deref()?;
        Some((service_module(old), service_module(&s.name)))
    });
    let buckets = env.buckets.iter().filter_map(|b| {
        let old = b.renamed_from.as_deref()?;
        Some((catalog::bucket_module(old), catalog::bucket_module(&b.name)))
    });
    services
        .chain(buckets)
        .map(|(from, to)| {
            Block::new("moved", [])
                .attr("from", expr(&format!("module.{from}")))
                .attr("to", expr(&format!("module.{to}")))
        })
        .collect()
}

/// A file of the root of `env`, rendered with the generated-file header.
pub(crate) fn root_file(
    env: &Environment,
    blueprint: &str,
    name: &str,
    blocks: Vec<Block>,
) -> GeneratedFile {
    let path = format!("envs/{}/{name}", env.name);
    let contents = render(header(&path, blueprint).trim_end(), blocks);
    GeneratedFile::new(path, contents)
}

/// The files every root has, whatever its platform: versions, providers, backend, `main` and
/// `outputs`, and `moved.tf` when the blueprint renamed something.
pub(crate) fn root_files(
    project: &Project,
    env: &Environment,
    blueprint: &str,
    main: Vec<Block>,
    outputs: Vec<Block>,
) -> Vec<GeneratedFile> {
    let file = |name: &str, blocks: Vec<Block>| root_file(env, blueprint, name, blocks);
    let mut files = vec![
        file("versions.tf", vec![versions()]),
        file("providers.tf", vec![provider(project, env)]),
        file("backend.tf", vec![backend(env)]),
        file("main.tf", main),
        file("outputs.tf", outputs),
    ];
    let moves = moved_blocks(env);
    if !moves.is_empty() {
        files.push(file("moved.tf", moves));
    }
    files
}

/// Facts about the environment that decide which modules exist and how they connect.
pub(crate) struct Wiring {
    pub has_repositories: bool,
    pub has_load_balancer: bool,
    /// The KMS key for log groups, when logs are encrypted.
    pub log_key: Option<Expression>,
    /// The service discovery namespace of an ECS environment with internal services.
    pub discovery_namespace: Option<String>,
}

impl Wiring {
    pub fn new(env: &Environment) -> Self {
        Self {
            has_repositories: env
                .services
                .iter()
                .any(|s| matches!(s.image, ImageSource::Build { .. })),
            has_load_balancer: env.services.iter().any(|s| s.public),
            log_key: catalog::has_log_key(env).then(|| expr("module.log_key.key_arn")),
            discovery_namespace: matches!(env.compute, plinth_blueprint::model::Compute::Ecs(_))
                .then(|| discovery_namespace(env))
                .flatten(),
        }
    }
}

/// `{ api = module.service_api.security_group_id, … }` for the services `uses` selects.
fn allowed_services(env: &Environment, uses: impl Fn(&Service) -> bool) -> Expression {
    object(env.services.iter().filter(|s| uses(s)).map(|s| {
        (
            s.identity().to_owned(),
            expr(&format!(
                "module.{}.security_group_id",
                service_module(&s.name)
            )),
        )
    }))
}

/// `module "service_api"` for service `api`.
fn service_module(service: &str) -> String {
    module_label("service", service)
}

/// The `terraform` block pinning Terraform and the AWS provider.
pub(crate) fn versions() -> Block {
    Block::new("terraform", [])
        .attr("required_version", string(TERRAFORM_VERSION))
        .block(Block::new("required_providers", []).attr(
            "aws",
            object([
                ("source", string("hashicorp/aws")),
                ("version", string(AWS_PROVIDER_VERSION)),
            ]),
        ))
}

/// The default tag whose value (`<project>-<env>`, the prefix of the environment's AWS names) is
/// unique to an environment; the budget counts the costs that carry it.
pub(crate) const STACK_TAG: &str = "Stack";

pub(crate) fn provider(project: &Project, env: &Environment) -> Block {
    let mut tags: Vec<(String, Expression)> = vec![
        ("Project".into(), string(&project.name)),
        ("Environment".into(), string(&env.name)),
    ];
    if let Some(owner) = &project.owner {
        tags.push(("Owner".into(), string(owner)));
    }
    if let Some(cost_center) = &project.cost_center {
        tags.push(("CostCenter".into(), string(cost_center)));
    }
    tags.push(("ManagedBy".into(), string("plinth")));
    // One tag that tells this environment's resources apart from every other environment's,
    // even in a shared account: AWS Budgets filters on one tag value, not on a combination.
    tags.push((STACK_TAG.into(), string(&env.names.prefix)));
    tags.extend(project.tags.iter().map(|(k, v)| (k.clone(), string(v))));
    let mut block = Block::new("provider", ["aws"]).attr("region", string(&env.region));
    if let Some(account) = &env.account_id {
        // Refuses to run against any other account: a wrong profile cannot touch the wrong account.
        block = block.attr("allowed_account_ids", strings([account]));
    }
    if let Some(role) = &env.assume_role_arn {
        // The deploy role may assume it (bootstrap grants exactly this ARN), pull-request plan
        // roles may not; Terraform then acts with this role's permissions, not the deploy role's.
        let account = role.split(':').nth(4).unwrap_or_default();
        block = block
            .comment(&format!(
                "Terraform acts as this role, which must trust {}",
                crate::bootstrap::deploy_role_arn(env, account)
            ))
            .block(
                Block::new("assume_role", [])
                    .attr("role_arn", string(role))
                    .attr(
                        "session_name",
                        string(&format!("plinth-{}", env.names.prefix)),
                    ),
            );
    }
    block.block(Block::new("default_tags", []).attr("tags", object(tags)))
}

/// The S3 backend. `encrypt = true` alone makes the backend request SSE-S3 (AES256), which
/// overrides the bucket's default SSE-KMS: `kms_key_id` names the state key so the state is
/// encrypted with it. The key ID is generated in the bucket's account, so the backend names its
/// alias: Terraform 1.6.0 refused aliases there (hashicorp/terraform#34005), later releases and
/// the pinned one accept them; S3 resolves an alias ARN in the account it names (an alias name in
/// the caller's), so the roles of other accounts encrypt with the bucket account's key.
pub(crate) fn backend(env: &Environment) -> Block {
    Block::new("terraform", []).block(
        Block::new("backend", ["s3"])
            .attr("bucket", string(&env.state.bucket))
            .attr("key", string(&env.state.key))
            .attr("region", string(&env.state.region))
            .attr("encrypt", true)
            .attr("kms_key_id", string(&env.state.kms_key_id()))
            .attr("use_lockfile", true),
    )
}

pub(crate) fn network(env: &Environment, wiring: &Wiring) -> Block {
    let network = &env.network;
    let cidrs = |list: &[_]| strings(list.iter().map(|net: &_| format!("{net}")));
    let endpoints = network.endpoints.iter().map(|endpoint| endpoint.as_str());
    Block::new("module", ["network"])
        .attr("source", string(&Module::Network.source_for(env)))
        .blank()
        .attr("name", string(&env.names.prefix))
        .attr("region", string(&env.region))
        .attr("cidr_block", string(&network.cidr.to_string()))
        .attr("availability_zones", strings(&network.availability_zones))
        .blank()
        .attr("public_subnet_cidrs", cidrs(&network.subnets.public))
        .attr("app_subnet_cidrs", cidrs(&network.subnets.app))
        .attr("data_subnet_cidrs", cidrs(&network.subnets.data))
        .blank()
        .attr("nat_mode", string(network.nat.as_str()))
        .attr("vpc_endpoints", strings(endpoints))
        .attr("flow_logs_enabled", network.flow_logs)
        .attr(
            "flow_logs_retention_days",
            env.observability.log_retention_days,
        )
        .attr_opt(
            "flow_logs_kms_key_arn",
            wiring.log_key.clone().filter(|_| network.flow_logs),
        )
}

fn ecs_cluster(env: &Environment, ecs: &Ecs, wiring: &Wiring) -> Block {
    let block = crate::skips::ecs_cluster(Block::new("module", ["ecs_cluster"]), ecs)
        .attr("source", string(&Module::EcsCluster.source_for(env)))
        .blank()
        .attr("name", string(&env.names.cluster()))
        .attr("container_insights", ecs.container_insights)
        .attr("fargate_spot_percent", ecs.fargate_spot_percent);
    match &wiring.discovery_namespace {
        Some(namespace) => block
            .attr("service_discovery_namespace", string(namespace))
            .attr("vpc_id", expr("module.network.vpc_id")),
        None => block,
    }
}

/// The private DNS namespace ECS services without a load balancer register in, when there are
/// any: `<project>-<env>.internal`.
fn discovery_namespace(env: &Environment) -> Option<String> {
    env.services
        .iter()
        .any(|s| !s.public)
        .then(|| env.names.service_discovery_namespace())
}

/// `SERVICE_<NAME>_URL = "http://<name>.<namespace>:<port>"` for every internal service but
/// `service` itself, so callers need no hard-coded addresses.
fn internal_service_urls(
    env: &Environment,
    service: &Service,
    namespace: &str,
) -> Vec<(String, Expression)> {
    env.services
        .iter()
        .filter(|other| !other.public && other.name != service.name)
        .map(|other| {
            (
                format!(
                    "SERVICE_{}_URL",
                    other.name.to_ascii_uppercase().replace('-', "_")
                ),
                string(&format!(
                    "http://{}.{namespace}:{}",
                    other.identity(),
                    other.port
                )),
            )
        })
        .filter(|(name, _)| {
            !service.environment.contains_key(name)
                && !service.secrets.iter().any(|s| &s.name == name)
        })
        .collect()
}

pub(crate) fn ecr(env: &Environment) -> Block {
    let repositories = env
        .services
        .iter()
        .filter(|s| matches!(s.image, ImageSource::Build { .. }))
        .map(|s| env.names.repository(s.identity()));
    Block::new("module", ["ecr"])
        .attr("source", string(&Module::Ecr.source_for(env)))
        .blank()
        .attr("repositories", strings(repositories))
        // Outside production a destroy must succeed with images still in the repositories, so the
        // environment can be destroyed and applied again the same day.
        .attr("force_delete", !env.production)
}

/// The public services in rule order: host-and-path rules before single-condition ones, then
/// path- or host-only ones, in blueprint order, and the default route last. Each gets a priority
/// (the module requires one); gaps of 10 leave room for a hand-added rule.
fn public_services_in_rule_order(env: &Environment) -> Vec<(&Service, u32)> {
    let mut public: Vec<&Service> = env.services.iter().filter(|s| s.public).collect();
    public.sort_by_key(|s| match (s.paths.is_empty(), s.hosts.is_empty()) {
        (false, false) => 0,
        (true, true) => 2,
        _ => 1,
    });
    public.into_iter().zip((100..).step_by(10)).collect()
}

fn alb(env: &Environment) -> Block {
    let public = public_services_in_rule_order(env);
    let target_groups = public.iter().map(|(service, priority)| {
        let mut entries = vec![
            ("port", Expression::from(service.port)),
            ("health_check_path", string(&service.health_check_path)),
            ("priority", Expression::from(*priority)),
        ];
        if !service.paths.is_empty() {
            entries.push(("path_patterns", strings(&service.paths)));
        }
        if !service.hosts.is_empty() {
            entries.push(("host_headers", strings(&service.hosts)));
        }
        (service.identity().to_owned(), object(entries))
    });
    let default = public
        .iter()
        .map(|(service, _)| service)
        .find(|s| s.paths.is_empty() && s.hosts.is_empty());
    Block::new("module", ["alb"])
        .attr("source", string(&Module::Alb.source_for(env)))
        .blank()
        .attr("name", string(&env.names.load_balancer()))
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("vpc_cidr_block", expr("module.network.vpc_cidr_block"))
        .attr("subnet_ids", expr("module.network.public_subnet_ids"))
        .attr("deletion_protection", env.production)
        .blank()
        .attr("target_groups", object(target_groups))
        .attr_opt(
            "default_target_group",
            default.map(|s| string(s.identity())),
        )
        .blank()
        .attr("https_enabled", env.dns.is_some())
        .attr_opt(
            "certificate_arn",
            env.dns.as_ref().map(|_| expr("module.dns.certificate_arn")),
        )
}

/// `module "database"`, admitting the security groups in `allowed` (an object expression).
pub(crate) fn database(env: &Environment, database: &Database, allowed: Expression) -> Block {
    let mut block = Block::new("module", ["database"])
        .attr("source", string(&Module::Database.source_for(env)))
        .blank()
        .attr("identifier", string(&env.names.database()))
        .attr("engine", string(database.engine.as_str()))
        .attr("engine_version", string(&database.version))
        .attr(
            "parameter_group_family",
            string(&database.parameter_group_family),
        )
        .attr("instance_class", string(&database.instance_class))
        .attr("database_name", string(&database.database_name))
        .attr("port", database.port)
        .blank();
    if database.engine.is_aurora() {
        block = block.attr("instance_count", database.instances);
        if let Some(serverless) = &database.serverless {
            block = block
                .attr("serverless_min_capacity", serverless.min_capacity)
                .attr("serverless_max_capacity", serverless.max_capacity);
        }
    } else {
        block = block
            .attr_opt("allocated_storage", database.storage_gb)
            .attr_opt("max_allocated_storage", database.max_storage_gb);
    }
    block
        .attr("multi_az", database.multi_az)
        .blank()
        .attr("backup_retention_days", database.backup_retention_days)
        .attr("deletion_protection", database.deletion_protection)
        .attr("skip_final_snapshot", !database.final_snapshot)
        .attr(
            "performance_insights_enabled",
            database.performance_insights,
        )
        .attr("monitoring_interval", database.monitoring_interval)
        .attr("iam_database_authentication_enabled", database.iam_auth)
        .attr_opt("iam_users", crate::database_access::iam_users(env))
        .blank()
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("subnet_ids", expr("module.network.data_subnet_ids"))
        .attr("allowed_security_group_ids", allowed)
}

fn ecs_service(env: &Environment, ecs: &Ecs, service: &Service, wiring: &Wiring) -> Block {
    let image = match &service.image {
        ImageSource::Build { .. } => expr(&format!(
            "\"${{module.ecr.repository_urls[\"{}\"]}}:${{var.image_tags[\"{}\"]}}\"",
            template_text(&env.names.repository(service.identity())),
            template_text(&service.name)
        )),
        ImageSource::External { image } => string(image),
    };
    let module = service_module(&service.name);
    let mut block = crate::skips::service(Block::new("module", [module.as_str()]), service)
        .attr("source", string(&Module::EcsService.source_for(env)))
        .blank()
        .attr("name", string(service.identity()))
        .attr("name_prefix", string(&env.names.prefix))
        .attr("cluster_arn", expr("module.ecs_cluster.arn"))
        .attr("cluster_name", expr("module.ecs_cluster.name"))
        .attr("region", string(&env.region))
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("subnet_ids", expr("module.network.app_subnet_ids"))
        .blank()
        .attr("image", image)
        .attr("cpu", service.cpu)
        .attr("memory", service.memory)
        .attr("container_port", service.port)
        .attr("desired_count", service.desired_count)
        .attr("fargate_spot_percent", ecs.fargate_spot_percent)
        .attr(
            "read_only_root_filesystem",
            service.read_only_root_filesystem,
        )
        .attr_opt("container_user", service.user.as_deref().map(string))
        .blank()
        .attr(
            "log_group_name",
            string(&env.names.log_group(service.identity())),
        )
        .attr("log_retention_days", env.observability.log_retention_days)
        .attr_opt("log_kms_key_arn", wiring.log_key.clone())
        .blank();
    let mut environment = service_environment(env, service);
    if let Some(namespace) = &wiring.discovery_namespace {
        environment.extend(internal_service_urls(env, service, namespace));
    }
    if !environment.is_empty() {
        block = block.attr("environment", object(environment));
    }
    let (secrets, secret_arns) = service_secrets(env, service);
    if !secrets.is_empty() {
        block = block
            .attr("secrets", object(secrets))
            .attr("secret_arns", Expression::Array(secret_arns));
    }
    block = bucket_access(block, env, service);
    let mut task_policies = crate::database_access::policy_documents(env, service, true);
    if service.kafka {
        task_policies.push(expr("module.kafka.iam_policy_json"));
    }
    if !task_policies.is_empty() {
        block = block.attr("task_policy_documents", Expression::Array(task_policies));
    }
    if service.public && wiring.has_load_balancer {
        let name = template_text(service.identity());
        block = block
            .blank()
            .attr("attach_load_balancer", true)
            .attr(
                "target_group_arn",
                expr(&format!("module.alb.target_group_arns[\"{name}\"]")),
            )
            .attr(
                "load_balancer_security_group_id",
                expr("module.alb.security_group_id"),
            );
    }
    if !service.public && wiring.discovery_namespace.is_some() {
        let app_subnets = env.network.subnets.app.iter().map(ToString::to_string);
        block = block
            .blank()
            .attr("service_discovery_enabled", true)
            .attr(
                "service_discovery_namespace_id",
                expr("module.ecs_cluster.service_discovery_namespace_id"),
            )
            .attr("internal_ingress_cidr_blocks", strings(app_subnets));
    }
    if let Some(scaling) = &service.autoscaling {
        block = autoscaling(block, service, scaling);
    }
    block
}

/// The service's plain variables (`Service::variables`) as Terraform values.
pub(crate) fn service_environment(
    env: &Environment,
    service: &Service,
) -> Vec<(String, Expression)> {
    service
        .variables(env)
        .into_iter()
        .map(|variable| {
            let value = match &variable.value {
                VariableValue::Text(text) => string(text),
                VariableValue::DatabaseEndpoint => expr("module.database.endpoint"),
                VariableValue::DatabaseSecretArn => expr("module.database.master_user_secret_arn"),
                VariableValue::CacheEndpoint => expr("module.cache.primary_endpoint_address"),
                VariableValue::KafkaBootstrapBrokers => {
                    expr("module.kafka.bootstrap_brokers_sasl_iam")
                }
            };
            (variable.name, value)
        })
        .collect()
}

/// The service's secrets as `valueFrom` references, and the secret ARNs its execution role may read.
pub(crate) fn service_secrets(
    env: &Environment,
    service: &Service,
) -> (Vec<(String, Expression)>, Vec<Expression>) {
    let mut arns: Vec<String> = Vec::new();
    let secrets = service
        .secrets
        .iter()
        .map(|secret| {
            let (arn, key) = match &secret.source {
                SecretSource::DatabaseUsername => (
                    "module.database.master_user_secret_arn".to_owned(),
                    Some("username".to_owned()),
                ),
                SecretSource::DatabasePassword => (
                    "module.database.master_user_secret_arn".to_owned(),
                    Some("password".to_owned()),
                ),
                SecretSource::CacheAuthToken => (
                    "module.cache.auth_token_secret_arn".to_owned(),
                    Some("auth_token".to_owned()),
                ),
                SecretSource::Secret { name, json_key } => {
                    (app_secret_arn(env, name), json_key.clone())
                }
            };
            if !arns.contains(&arn) {
                arns.push(arn.clone());
            }
            let value = match key {
                Some(key) => expr(&format!("\"${{{arn}}}:{}::\"", template_text(&key))),
                None => expr(&arn),
            };
            (secret.name.clone(), value)
        })
        .collect();
    (secrets, arns.iter().map(|arn| expr(arn)).collect())
}

/// `module.app_secrets.secret_arns["<key>"]` for the `[secrets.<name>]` entry: the app-secrets
/// module keys its secrets by identity (the key before a `renamed_from`), so a service that
/// references a renamed secret by its new name must read the old key.
pub(crate) fn app_secret_arn(env: &Environment, name: &str) -> String {
    let key = env
        .secrets
        .iter()
        .find(|secret| secret.name == name)
        .map_or(name, |secret| secret.identity());
    format!("module.app_secrets.secret_arns[\"{}\"]", template_text(key))
}

/// The autoscaling inputs of a service: target tracking on CPU, and on memory and ALB requests
/// when asked (requests only for services behind the load balancer).
fn autoscaling(block: Block, service: &Service, scaling: &Autoscaling) -> Block {
    let mut policy = vec![
        ("min", Expression::from(scaling.min)),
        ("max", Expression::from(scaling.max)),
        ("cpu_target", Expression::from(scaling.cpu_target)),
    ];
    if let Some(memory) = scaling.memory_target {
        policy.push(("memory_target", Expression::from(memory)));
    }
    let requests = scaling.requests_per_target.filter(|_| service.public);
    if let Some(requests) = requests {
        policy.push(("requests_per_target", Expression::from(requests)));
    }
    let block = block
        .blank()
        .attr("autoscaling_enabled", true)
        .attr("autoscaling", object(policy));
    if requests.is_none() {
        return block;
    }
    let name = template_text(service.identity());
    block.attr(
        "target_group_resource_label",
        expr(&format!(
            "\"${{module.alb.arn_suffix}}/${{module.alb.target_group_arn_suffixes[\"{name}\"]}}\""
        )),
    )
}

fn image_tags_variable(env: &Environment) -> Block {
    let built: Vec<String> = built_services(env)
        .map(|s| format!("\"{}\"", template_text(&s.name)))
        .collect();
    Block::new("variable", ["image_tags"])
        .attr(
            "description",
            string("The image tag in the task definitions Terraform registers for each CI-built service, keyed by service name: the placeholder `bootstrap` (terraform.tfvars). Nothing sets it on a deploy: the deploy workflow registers a revision with the image it pushed, and after an apply each service keeps its deployed image."),
        )
        .attr("type", expr("map(string)"))
        .blank()
        .block(
            Block::new("validation", [])
                .attr(
                    "condition",
                    expr(&format!(
                        "alltrue([for service in [{}] : can(regex(\"^[A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}}$\", var.image_tags[service]))])",
                        built.join(", ")
                    )),
                )
                .attr("error_message", string(&format!("image_tags needs a valid tag for each of {}.", built.join(", ").replace('"', "")))),
        )
}

fn built_services(env: &Environment) -> impl Iterator<Item = &Service> {
    env.services
        .iter()
        .filter(|s| matches!(s.image, ImageSource::Build { .. }))
}

fn tfvars(env: &Environment, blueprint: &str, dir: &str) -> String {
    let path = format!("{dir}/terraform.tfvars");
    let header = format!(
        "{}# The tag in the task definitions Terraform registers: a placeholder until the first deploy,\n# which registers its own revision with the image it pushed and never changes this file.",
        header(&path, blueprint)
    );
    let tags = object(built_services(env).map(|s| (s.name.clone(), string(BOOTSTRAP_IMAGE_TAG))));
    render_attributes(&header, vec![("image_tags", tags)])
}

fn outputs(env: &Environment, wiring: &Wiring) -> Vec<Block> {
    let output = |name: &str, description: &str, value: Expression| {
        Block::new("output", [name])
            .attr("description", string(description))
            .attr("value", value)
    };
    let mut blocks = vec![
        output("vpc_id", "The VPC's id.", expr("module.network.vpc_id")),
        output(
            "cluster_name",
            "The ECS cluster's name.",
            expr("module.ecs_cluster.name"),
        ),
        output(
            "service_names",
            "The ECS service name of each service, keyed by service.",
            object(env.services.iter().map(|s| {
                (
                    s.name.clone(),
                    expr(&format!("module.{}.service_name", service_module(&s.name))),
                )
            })),
        ),
    ];
    if wiring.has_load_balancer {
        blocks.push(output(
            "load_balancer_dns_name",
            "The load balancer's DNS name.",
            expr("module.alb.dns_name"),
        ));
    }
    if wiring.has_repositories {
        blocks.push(output(
            "ecr_repository_urls",
            "The ECR repository URL of each CI-built service.",
            expr("module.ecr.repository_urls"),
        ));
    }
    blocks.extend(data_outputs(env));
    if let Some(dns) = &env.dns {
        blocks.push(output(
            "application_url",
            "Where the application is served.",
            string(&format!("https://{}", dns.domain)),
        ));
    } else if wiring.has_load_balancer {
        blocks.push(output(
            "application_url",
            "Where the application is served (plain HTTP: the blueprint has no domain).",
            expr("\"http://${module.alb.dns_name}\""),
        ));
    }
    blocks
}

/// `output "<name>"` with a description.
fn output(name: &str, description: &str, value: Expression) -> Block {
    Block::new("output", [name])
        .attr("description", string(description))
        .attr("value", value)
}

/// The outputs both platforms share: data stores, buckets, the alarm topic and the dashboard.
pub(crate) fn data_outputs(env: &Environment) -> Vec<Block> {
    let mut blocks = Vec::new();
    if env.database.is_some() {
        blocks.push(output(
            "database_endpoint",
            "The database's writer endpoint.",
            expr("module.database.endpoint"),
        ));
        blocks.push(output(
            "database_secret_arn",
            "The ARN of the Secrets Manager secret holding the database's master credentials.",
            expr("module.database.master_user_secret_arn"),
        ));
    }
    if env.cache.is_some() {
        blocks.push(output(
            "cache_endpoint",
            "The cache's primary endpoint.",
            expr("module.cache.primary_endpoint_address"),
        ));
    }
    if env.kafka.is_some() {
        blocks.push(output(
            "kafka_bootstrap_brokers",
            "The Kafka bootstrap brokers (IAM authentication, TLS).",
            expr("module.kafka.bootstrap_brokers_sasl_iam"),
        ));
    }
    if !env.buckets.is_empty() {
        blocks.push(output(
            "bucket_names",
            "The S3 bucket name of each application bucket, keyed by blueprint name.",
            object(
                env.buckets
                    .iter()
                    .map(|b| (b.name.clone(), string(&b.bucket_name))),
            ),
        ));
    }
    blocks.push(output(
        "alarm_topic_arn",
        "The SNS topic alarms and budget alerts go to.",
        expr("module.monitoring.sns_topic_arn"),
    ));
    if env.observability.dashboard {
        blocks.push(output(
            "dashboard_name",
            "The CloudWatch dashboard of this environment.",
            expr("module.monitoring.dashboard_name"),
        ));
    }
    blocks
}

/// The service's access to the buckets it names (and their keys, when KMS-encrypted).
pub(crate) fn bucket_access(mut block: Block, env: &Environment, service: &Service) -> Block {
    let buckets: Vec<_> = env
        .buckets
        .iter()
        .filter(|b| service.buckets.contains(&b.name))
        .collect();
    if !buckets.is_empty() {
        let arn = |b: &&Bucket| {
            expr(&format!(
                "module.{}.bucket_arn",
                catalog::bucket_module(&b.name)
            ))
        };
        let key = |b: &&Bucket| {
            expr(&format!(
                "module.{}.kms_key_arn",
                catalog::bucket_module(&b.name)
            ))
        };
        block = block.attr(
            "bucket_arns",
            Expression::Array(buckets.iter().map(arn).collect()),
        );
        let encrypted: Vec<_> = buckets.iter().filter(|b| b.kms).collect();
        if !encrypted.is_empty() {
            block = block.attr(
                "bucket_kms_key_arns",
                Expression::Array(encrypted.into_iter().map(key).collect()),
            );
        }
    }
    block
}
