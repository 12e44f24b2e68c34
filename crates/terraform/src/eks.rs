//! The root of an EKS environment: the cluster, its node groups, the AWS side of every workload
//! (Pod Identity role, runtime configuration) and the data stores, over the same network,
//! registry, data, DNS, monitoring and budget modules as the ECS path. The Kubernetes objects
//! themselves are plinth's `k8s/<env>/` manifests, applied by the deploy workflow.

use hcl::Expression;
use plinth_blueprint::model::{
    Eks, Environment, NodeGroup, Project, SECRET_OBJECTS_KEY, SecretSource, Service,
};
use plinth_blueprint::raw::{NodeCapacity, TaintEffect};

use crate::catalog;
use crate::catalog::{ecr, network};
use crate::hcl::{Block, expr, module_label, object, string, strings, template_text};
use crate::modules::Module;
use crate::root::{self, Root, Wiring, output, root_files};
use crate::service_inputs::{self, bucket_access, service_environment};

/// The `SSM` parameter holding the cluster-level facts the deploy workflow needs (VPC id for
/// the AWS Load Balancer Controller), named after the environment.
pub fn platform_parameter_name(env: &Environment) -> String {
    format!("/plinth/{}/platform/vpc-id", env.names.prefix)
}

/// `module "workload_web"` for service `web`.
pub fn workload_module(service: &str) -> String {
    module_label("workload", service)
}

fn node_group_module(group: &str) -> String {
    module_label("node_group", group)
}

/// Builds the root of `env`, an EKS environment.
pub fn eks_root(project: &Project, env: &Environment, eks: &Eks, blueprint: &str) -> Root {
    let wiring = Wiring::new(env);
    let mut modules = vec![
        Module::Network,
        Module::EksCluster,
        Module::EksNodeGroup,
        Module::EksWorkload,
        Module::Monitoring,
    ];
    let mut main = vec![
        network(env, wiring.log_key.clone())
            .blank()
            .attr(
                "public_subnet_tags",
                object([("kubernetes.io/role/elb", string("1"))]),
            )
            .attr(
                "app_subnet_tags",
                object([("kubernetes.io/role/internal-elb", string("1"))]),
            ),
    ];
    if let Some(block) = catalog::log_key(env) {
        modules.push(Module::LogKey);
        main.push(block);
    }
    main.push(cluster(project, env, eks, &wiring));
    main.extend(eks.node_groups.iter().map(node_group));
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
    main.extend(crate::messaging::modules(env, &mut modules));
    if let Some(block) = catalog::dns(env, false) {
        modules.push(Module::Dns);
        main.push(block);
    }
    // Pods reach the data stores from the cluster security group, which EKS puts on every node
    // and every pod ENI of the managed node groups.
    let cluster_sg = object([("eks", expr("module.eks.cluster_security_group_id"))]);
    if let Some(database) = &env.database {
        modules.push(Module::Database);
        main.push(catalog::database(env, database, cluster_sg.clone()));
    }
    if let Some(cache) = &env.cache {
        modules.push(Module::Cache);
        main.push(catalog::cache(
            env,
            cache,
            cluster_sg.clone(),
            wiring.log_key.clone(),
        ));
    }
    if let Some(kafka) = &env.kafka {
        modules.push(Module::Msk);
        main.push(catalog::kafka(env, kafka, cluster_sg));
    }
    main.extend(env.services.iter().map(|s| workload(project, env, s)));
    if wiring.has_load_balancer {
        modules.push(Module::EksLoadBalancerController);
        main.push(load_balancer_controller(env));
    }
    main.push(platform_parameter(env));
    main.push(catalog::monitoring(env, false));
    if let Some(budget) = &env.budget {
        modules.push(Module::Budget);
        main.push(catalog::budget(env, budget));
    }
    modules.sort();
    modules.dedup();

    let files = root_files(project, env, blueprint, main, outputs(env, &wiring));
    Root { files, modules }
}

/// The ARN of the environment's GitHub deploy role (from bootstrap).
fn deployer_role_arn(env: &Environment) -> Expression {
    let role = env.names.deploy_role();
    match &env.account_id {
        Some(account) => string(&format!("arn:aws:iam::{account}:role/{role}")),
        None => expr(&format!(
            "\"arn:aws:iam::${{module.network.account_id}}:role/{}\"",
            template_text(&role)
        )),
    }
}

/// The cluster's upgrade policy. With `STANDARD`, EKS upgrades the control plane itself when
/// standard support for its version ends, and the next plan tries to downgrade it (which EKS
/// refuses): Terraform would no longer own the version. `EXTENDED` keeps the blueprint's version
/// until the blueprint changes it; the extended-support price (six times the cluster hour) applies
/// only while the blueprint keeps a version past its 14 months of standard support. EKS User
/// Guide, "Cluster upgrade policy" / "Extended support".
pub const SUPPORT_TYPE: &str = "EXTENDED";

fn cluster(project: &Project, env: &Environment, eks: &Eks, wiring: &Wiring) -> Block {
    let node_groups = eks.node_groups.iter().map(|g| {
        expr(&format!(
            "module.{}.node_group_arn",
            node_group_module(&g.name)
        ))
    });
    let addons = eks
        .addon_versions
        .iter()
        .map(|(name, version)| (name.as_str(), string(version)));
    let deployer = project.repository.is_some();
    Block::new("module", ["eks"])
        .attr("source", string(&Module::EksCluster.source_for(env)))
        .blank()
        .attr("name", string(&env.names.cluster()))
        .attr("kubernetes_version", string(&eks.kubernetes_version))
        .attr("support_type", string(SUPPORT_TYPE))
        .attr("subnet_ids", expr("module.network.app_subnet_ids"))
        .attr("endpoint_public_access", eks.public_endpoint)
        .attr("public_access_cidrs", strings(&eks.public_access_cidrs))
        .blank()
        .attr("log_retention_days", env.observability.log_retention_days)
        .attr_opt("log_kms_key_arn", wiring.log_key.clone())
        .blank()
        .attr("admin_principal_arns", strings(&eks.admins))
        .attr("grant_deployer_access", deployer)
        .attr_opt(
            "deployer_role_arn",
            deployer.then(|| deployer_role_arn(env)),
        )
        .blank()
        .attr("addon_versions", object(addons))
        .attr("node_group_arns", Expression::Array(node_groups.collect()))
}

fn node_group(group: &NodeGroup) -> Block {
    let taints = group.taints.iter().map(|taint| {
        let effect = match taint.effect {
            TaintEffect::NoSchedule => "NO_SCHEDULE",
            TaintEffect::PreferNoSchedule => "PREFER_NO_SCHEDULE",
            TaintEffect::NoExecute => "NO_EXECUTE",
        };
        object([
            ("key", string(&taint.key)),
            ("value", string(&taint.value)),
            ("effect", string(effect)),
        ])
    });
    let capacity = match group.capacity {
        NodeCapacity::OnDemand => "ON_DEMAND",
        NodeCapacity::Spot => "SPOT",
    };
    let labels = group.labels.iter().map(|(k, v)| (k.as_str(), string(v)));
    Block::new("module", [node_group_module(&group.name).as_str()])
        .attr("source", string(&Module::EksNodeGroup.source()))
        .blank()
        .attr("cluster_name", expr("module.eks.cluster_name"))
        .attr("name", string(&group.name))
        // Nodes follow the control plane: without a version a node group keeps the cluster's
        // version at its creation and never upgrades with it.
        .attr("kubernetes_version", expr("module.eks.cluster_version"))
        .attr("subnet_ids", expr("module.network.app_subnet_ids"))
        .blank()
        .attr("instance_types", strings(&group.instance_types))
        // An x86_64 AMI does not boot on Graviton (arm64) instances; the validator refuses groups
        // that mix the two.
        .attr("ami_type", string(group.architecture().ami_type()))
        .attr("capacity_type", string(capacity))
        .attr("min_size", group.min_size)
        .attr("desired_size", group.desired_size)
        .attr("max_size", group.max_size)
        .attr("disk_size_gb", group.disk_size_gb)
        .blank()
        .attr("labels", object(labels))
        .attr("taints", Expression::Array(taints.collect()))
}

/// A variable fed from a secret: its name, and the JSON key it reads (none: the whole secret).
type SecretAlias = (String, Option<String>);

/// The Secrets Store CSI driver's `objects` for a service: one entry per secret, with a
/// `jmesPath` alias per JSON key, so each variable becomes one file and one Secret key named
/// after the variable.
fn secret_objects(env: &Environment, service: &Service) -> (Expression, Vec<Expression>) {
    let mut entries: Vec<(String, Vec<SecretAlias>)> = Vec::new();
    for (alias, secret) in service.secret_keys() {
        let (arn, key) = match &secret.source {
            SecretSource::DatabaseUsername => (
                "module.database.master_user_secret_arn".to_owned(),
                Some("username"),
            ),
            SecretSource::DatabasePassword => (
                "module.database.master_user_secret_arn".to_owned(),
                Some("password"),
            ),
            SecretSource::CacheAuthToken => (
                "module.cache.auth_token_secret_arn".to_owned(),
                Some("auth_token"),
            ),
            SecretSource::Secret { name, json_key } => (
                service_inputs::app_secret_arn(env, name),
                json_key.as_deref(),
            ),
        };
        let alias = (alias, key.map(str::to_owned));
        match entries.iter_mut().find(|(a, _)| *a == arn) {
            Some((_, aliases)) => aliases.push(alias),
            None => entries.push((arn, vec![alias])),
        }
    }
    let arns = entries.iter().map(|(arn, _)| expr(arn)).collect();
    let objects = entries.into_iter().map(|(arn, aliases)| {
        let mut object_entries = vec![
            ("objectName", expr(&arn)),
            ("objectType", string("secretsmanager")),
        ];
        let paths: Vec<Expression> = aliases
            .iter()
            .filter_map(|(name, key)| {
                key.as_ref()
                    .map(|key| object([("path", string(key)), ("objectAlias", string(name))]))
            })
            .collect();
        if let Some((name, None)) = aliases.iter().find(|(_, key)| key.is_none()) {
            object_entries.push(("objectAlias", string(name)));
        }
        if !paths.is_empty() {
            object_entries.push(("jmesPath", Expression::Array(paths)));
        }
        object(object_entries)
    });
    let document = Expression::Array(objects.collect());
    (expr(&format!("jsonencode({document})")), arns)
}

fn workload(project: &Project, env: &Environment, service: &Service) -> Block {
    let mut config = service_environment(env, service);
    let (objects, secret_arns) = secret_objects(env, service);
    if service.has_secrets() {
        config.push((SECRET_OBJECTS_KEY.to_owned(), objects));
    }
    let mut block = Block::new("module", [workload_module(&service.name).as_str()])
        .attr("source", string(&Module::EksWorkload.source()))
        .blank()
        .attr("name", string(service.identity()))
        .attr("name_prefix", string(&env.names.prefix))
        .attr("region", string(&env.region))
        .attr("account_id", catalog::account_id(env))
        .attr("cluster_name", expr("module.eks.cluster_name"))
        .attr("cluster_arn", expr("module.eks.cluster_arn"))
        .attr("namespace", string(&project.name))
        .attr("service_account", string(&service.name))
        .blank();
    if !secret_arns.is_empty() {
        block = block.attr("secret_arns", Expression::Array(secret_arns));
    }
    block = bucket_access(block, env, service);
    let mut policies = crate::database_access::policy_documents(env, service, false);
    if service.kafka {
        policies.push(expr("module.kafka.iam_policy_json"));
    }
    policies.extend(crate::messaging::policy_documents(env, service));
    if !policies.is_empty() {
        block = block.attr("policy_documents", Expression::Array(policies));
    }
    if service.tracing.is_some() {
        block = block.attr("tracing_enabled", true);
    }
    block.blank().attr("config", object(config))
}

fn load_balancer_controller(env: &Environment) -> Block {
    Block::new("module", ["load_balancer_controller"])
        .attr(
            "source",
            string(&Module::EksLoadBalancerController.source()),
        )
        .blank()
        .attr("name_prefix", string(&env.names.prefix))
        .attr("region", string(&env.region))
        .attr("account_id", catalog::account_id(env))
        .attr("cluster_name", expr("module.eks.cluster_name"))
        .attr("cluster_arn", expr("module.eks.cluster_arn"))
}

/// The VPC id for the deploy workflow's AWS Load Balancer Controller install, in SSM so the
/// workflow needs no Terraform state access. A plain `String`: a VPC id is no secret, and the
/// workflow reads it without `--with-decryption`.
fn platform_parameter(env: &Environment) -> Block {
    Block::new("resource", ["aws_ssm_parameter", "platform_vpc_id"])
        .comment(
            "checkov:skip=CKV2_AWS_34:A VPC id is not a secret; the deploy workflow reads it as plain text.",
        )
        .attr("name", string(&platform_parameter_name(env)))
        .attr(
            "description",
            string("VPC of the EKS cluster, read by plinth's deploy workflow."),
        )
        .attr("type", string("String"))
        .attr("value", expr("module.network.vpc_id"))
}

fn outputs(env: &Environment, wiring: &Wiring) -> Vec<Block> {
    let mut blocks = vec![
        output("vpc_id", "The VPC's id.", expr("module.network.vpc_id")),
        output(
            "cluster_name",
            "The EKS cluster's name.",
            expr("module.eks.cluster_name"),
        ),
        output(
            "cluster_endpoint",
            "The Kubernetes API endpoint.",
            expr("module.eks.cluster_endpoint"),
        ),
        output(
            "workload_role_arns",
            "The Pod Identity role of each service, keyed by service.",
            object(env.services.iter().map(|s| {
                (
                    s.name.clone(),
                    expr(&format!("module.{}.role_arn", workload_module(&s.name))),
                )
            })),
        ),
        output(
            "workload_config_parameters",
            "The SSM parameter holding each service's runtime configuration, keyed by service.",
            object(env.services.iter().map(|s| {
                (
                    s.name.clone(),
                    expr(&format!(
                        "module.{}.config_parameter_name",
                        workload_module(&s.name)
                    )),
                )
            })),
        ),
    ];
    if wiring.has_repositories {
        blocks.push(output(
            "ecr_repository_urls",
            "The ECR repository URL of each CI-built service.",
            expr("module.ecr.repository_urls"),
        ));
    }
    blocks.extend(root::data_outputs(env));
    blocks
}
