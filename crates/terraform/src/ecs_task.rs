//! What every ECS task module call (a service's or a job's) is given: where it runs, its image
//! and size, its logs, variables, secrets and permissions.

use hcl::Expression;
use plinth_blueprint::model::{ContainerDependency, Environment, ImageSource, Service};

use crate::hcl::{Block, expr, object, string, strings, template_text, text};
use crate::messaging;
use crate::modules::Module;
use crate::root::{Wiring, service_module};
use crate::service_inputs::{
    bucket_access, container_secrets, service_environment, service_secrets,
};

/// The start of a service's or job's module block: where it runs and its image and size.
pub(crate) fn task_head(
    env: &Environment,
    service: &Service,
    module: Module,
    account_id: Option<Expression>,
) -> Block {
    let image = match &service.image {
        ImageSource::Build { .. } => expr(&format!(
            "\"${{module.ecr.repository_urls[\"{}\"]}}:${{var.image_tags[\"{}\"]}}\"",
            template_text(&env.names.repository(service.identity())),
            template_text(&service.name)
        )),
        ImageSource::External { image } => string(image),
    };
    let name = service_module(&service.name);
    crate::skips::service(Block::new("module", [name.as_str()]), service)
        .attr("source", string(&module.source_for(env)))
        .blank()
        .attr("name", string(service.identity()))
        .attr("name_prefix", string(&env.names.prefix))
        .attr("cluster_arn", expr("module.ecs_cluster.arn"))
        .attr("cluster_name", expr("module.ecs_cluster.name"))
        .attr("region", string(&env.region))
        .attr_opt("account_id", account_id)
        .attr("vpc_id", expr("module.network.vpc_id"))
        .attr("subnet_ids", expr("module.network.app_subnet_ids"))
        .blank()
        .attr("image", image)
        .attr("cpu", service.cpu)
        .attr("memory", service.memory)
}

/// A service's or job's logs and what its containers are given: variables, secrets, and the
/// permissions for its buckets, database, Kafka, queues and topics.
pub(crate) fn task_access(
    block: Block,
    env: &Environment,
    service: &Service,
    wiring: &Wiring,
) -> Block {
    let mut block = block
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
        block = block.attr("secrets", object(secrets));
    }
    if !secret_arns.is_empty() {
        block = block.attr("secret_arns", Expression::Array(secret_arns));
    }
    block = bucket_access(block, env, service);
    let mut task_policies = crate::database_access::policy_documents(env, service, true);
    if service.kafka {
        task_policies.push(expr("module.kafka.iam_policy_json"));
    }
    task_policies.extend(messaging::policy_documents(env, service));
    if !task_policies.is_empty() {
        block = block.attr("task_policy_documents", Expression::Array(task_policies));
    }
    sidecars(block, env, service)
}

/// The service's sidecars, what its own container waits for, and the tracing permission.
fn sidecars(mut block: Block, env: &Environment, service: &Service) -> Block {
    if !service.sidecars.is_empty() {
        let mut unused = Vec::new();
        let sidecars = service.sidecars.iter().map(|sidecar| {
            let mut fields: Vec<(&str, Expression)> = vec![
                ("name", string(&sidecar.name)),
                ("image", string(&sidecar.image)),
                ("essential", sidecar.essential.into()),
                ("cpu", sidecar.cpu.into()),
                ("memory", sidecar.memory.into()),
            ];
            if let Some(port) = sidecar.port {
                fields.push(("port", port.into()));
            }
            if !sidecar.command.is_empty() {
                fields.push(("command", strings(&sidecar.command)));
            }
            if !sidecar.environment.is_empty() {
                fields.push((
                    "environment",
                    object(sidecar.environment.iter().map(|(k, v)| (k, text(v, 8)))),
                ));
            }
            let secrets = container_secrets(env, &sidecar.secrets, &mut unused);
            if !secrets.is_empty() {
                fields.push(("secrets", object(secrets)));
            }
            if !sidecar.health_check_command.is_empty() {
                fields.push((
                    "health_check_command",
                    strings(&sidecar.health_check_command),
                ));
            }
            if !sidecar.depends_on.is_empty() {
                fields.push(("dependencies", dependencies(&sidecar.depends_on)));
            }
            if let Some(user) = &sidecar.user {
                fields.push(("user", string(user)));
            }
            if !sidecar.read_only_root_filesystem {
                fields.push(("read_only_root_filesystem", false.into()));
            }
            object(fields)
        });
        block = block
            .blank()
            .attr("sidecars", Expression::Array(sidecars.collect()));
    }
    if !service.depends_on.is_empty() {
        block = block.attr("container_dependencies", dependencies(&service.depends_on));
    }
    if service.tracing.is_some() {
        block = block.attr("tracing_enabled", true);
    }
    block
}

/// `{ <container> = "<CONDITION>" }`, ECS's names.
fn dependencies(depends_on: &[ContainerDependency]) -> Expression {
    object(
        depends_on
            .iter()
            .map(|d| (d.container.as_str(), string(d.ecs_condition()))),
    )
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
        .filter(|other| other.name != service.name)
        .filter_map(|other| other.internal_web().map(|web| (other, web)))
        .map(|(other, web)| {
            (
                format!(
                    "SERVICE_{}_URL",
                    other.name.to_ascii_uppercase().replace('-', "_")
                ),
                string(&format!(
                    "http://{}.{namespace}:{}",
                    other.identity(),
                    web.port
                )),
            )
        })
        .filter(|(name, _)| {
            !service.environment.contains_key(name)
                && !service.secrets.iter().any(|s| &s.name == name)
        })
        .collect()
}
