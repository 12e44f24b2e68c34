//! The root of an ECS Fargate environment: the cluster, the load balancer and one service module
//! per service, wired to the shared network, data stores and monitoring.

use hcl::Expression;
use plinth_blueprint::model::{
    Autoscaling, Ecs, Environment, ImageSource, Project, Service, Web, Workload,
};
use plinth_blueprint::output::{GeneratedFile, header};

use crate::ecs_task::{task_access, task_head};
use crate::hcl::{Block, expr, object, render_attributes, string, strings, template_text};
use crate::modules::Module;
use crate::root::{
    Root, Wiring, allowed_services, data_outputs, output, root_file, root_files, service_module,
};
use crate::{catalog, messaging};

/// The image tag a CI-built service starts with, before the first deploy passes a real one.
pub const BOOTSTRAP_IMAGE_TAG: &str = "bootstrap";

/// Builds the root of `env`, an ECS environment (`ecs` is its compute settings).
pub fn ecs_root(project: &Project, env: &Environment, ecs: &Ecs, blueprint: &str) -> Root {
    let dir = format!("envs/{}", env.name);
    let file = |name: &str, blocks: Vec<Block>| root_file(env, blueprint, name, blocks);
    let wiring = Wiring::new(env);
    let mut modules = vec![Module::Network, Module::EcsCluster, Module::Monitoring];
    let mut main = vec![catalog::network(env, wiring.log_key.clone())];
    if let Some(block) = catalog::log_key(env) {
        modules.push(Module::LogKey);
        main.push(block);
    }
    main.push(ecs_cluster(env, ecs, &wiring));
    if wiring.has_repositories {
        modules.push(Module::Ecr);
        main.push(catalog::ecr(env));
    }
    if !env.secrets.is_empty() {
        modules.push(Module::AppSecrets);
        main.push(catalog::app_secrets(env));
    }
    for bucket in &env.buckets {
        modules.push(Module::S3Bucket);
        main.push(catalog::bucket(env, bucket));
    }
    main.extend(messaging::modules(env, &mut modules));
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
        main.push(catalog::database(
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
    for service in &env.services {
        if let Some(job) = service.job() {
            modules.push(Module::EcsJob);
            main.push(crate::ecs_job::ecs_job(env, ecs, service, job, &wiring));
        } else {
            modules.push(Module::EcsService);
            main.push(ecs_service(env, ecs, service, &wiring));
        }
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

fn ecs_cluster(env: &Environment, ecs: &Ecs, wiring: &Wiring) -> Block {
    let block = crate::skips::ecs_cluster(Block::new("module", ["ecs_cluster"]), ecs)
        .attr("source", string(&Module::EcsCluster.source_for(env)))
        .blank()
        .attr("name", string(&env.names.cluster()))
        .attr("container_insights", ecs.container_insights)
        .attr("fargate_spot_percent", ecs.fargate_spot_percent);
    // Sessions are logged whenever a service of the environment has ECS Exec on.
    let block = if env.services.iter().any(|s| s.exec) {
        let mut logging = vec![
            (
                "log_group_name",
                string(&env.names.execute_command_log_group()),
            ),
            (
                "retention_in_days",
                Expression::from(env.observability.log_retention_days),
            ),
        ];
        if let Some(key) = &wiring.log_key {
            logging.push(("kms_key_arn", key.clone()));
        }
        block.attr("execute_command_logging", object(logging))
    } else {
        block
    };
    match &wiring.discovery_namespace {
        Some(namespace) => block
            .attr("service_discovery_namespace", string(namespace))
            .attr("vpc_id", expr("module.network.vpc_id")),
        None => block,
    }
}

/// The public services in rule order: host-and-path rules before single-condition ones, then
/// path- or host-only ones, in blueprint order, and the default route last. Each gets a priority
/// (the module requires one); gaps of 10 leave room for a hand-added rule.
fn public_services_in_rule_order(env: &Environment) -> Vec<(&Service, &Web, u32)> {
    let mut public: Vec<(&Service, &Web)> = env
        .services
        .iter()
        .filter_map(|s| s.public_web().map(|web| (s, web)))
        .collect();
    public.sort_by_key(
        |(_, web)| match (web.paths.is_empty(), web.hosts.is_empty()) {
            (false, false) => 0,
            (true, true) => 2,
            _ => 1,
        },
    );
    public
        .into_iter()
        .zip((100..).step_by(10))
        .map(|((service, web), priority)| (service, web, priority))
        .collect()
}

fn alb(env: &Environment) -> Block {
    let public = public_services_in_rule_order(env);
    let target_groups = public.iter().map(|(service, web, priority)| {
        let mut entries = vec![
            ("port", Expression::from(web.port)),
            ("health_check_path", string(&web.health_check_path)),
            ("priority", Expression::from(*priority)),
        ];
        if !web.paths.is_empty() {
            entries.push(("path_patterns", strings(&web.paths)));
        }
        if !web.hosts.is_empty() {
            entries.push(("host_headers", strings(&web.hosts)));
        }
        (service.identity().to_owned(), object(entries))
    });
    let default = public
        .iter()
        .find(|(_, web, _)| web.paths.is_empty() && web.hosts.is_empty())
        .map(|(service, _, _)| service);
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

fn ecs_service(env: &Environment, ecs: &Ecs, service: &Service, wiring: &Wiring) -> Block {
    let block = task_head(env, service, Module::EcsService, None)
        .attr_opt("container_port", service.web().map(|web| web.port))
        .attr("desired_count", service.desired_count)
        .attr("fargate_spot_percent", ecs.fargate_spot_percent)
        .attr(
            "read_only_root_filesystem",
            service.read_only_root_filesystem,
        )
        .attr_opt("container_user", service.user.as_deref().map(string))
        .attr_opt("health_check_command", health_check_command(service));
    let block = if service.exec {
        block.attr("enable_execute_command", true).attr(
            "execute_command_log_group_arn",
            expr("module.ecs_cluster.execute_command_log_group_arn"),
        )
    } else {
        block
    };
    let mut block = task_access(block, env, service, wiring);
    if service.public_web().is_some() && wiring.has_load_balancer {
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
    if service.internal_web().is_some() && wiring.discovery_namespace.is_some() {
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
        block = autoscaling(block, env, service, scaling);
    }
    block
}

/// A worker's container health check, when it has one.
fn health_check_command(service: &Service) -> Option<Expression> {
    match &service.workload {
        Workload::Worker(worker) if !worker.health_check_command.is_empty() => {
            Some(strings(&worker.health_check_command))
        }
        _ => None,
    }
}

/// The autoscaling inputs of a service: target tracking on CPU, and on memory, ALB requests
/// (services behind the load balancer) and queue backlog (workers) when asked.
fn autoscaling(block: Block, env: &Environment, service: &Service, scaling: &Autoscaling) -> Block {
    let mut policy = vec![
        ("min", Expression::from(scaling.min)),
        ("max", Expression::from(scaling.max)),
        ("cpu_target", Expression::from(scaling.cpu_target)),
    ];
    if let Some(memory) = scaling.memory_target {
        policy.push(("memory_target", Expression::from(memory)));
    }
    let requests = scaling
        .requests_per_target
        .filter(|_| service.public_web().is_some());
    if let Some(requests) = requests {
        policy.push(("requests_per_target", Expression::from(requests)));
    }
    if let Some(backlog) = scaling.backlog_per_task {
        policy.push(("backlog_per_task", Expression::from(backlog)));
    }
    let mut block = block
        .blank()
        .attr("autoscaling_enabled", true)
        .attr("autoscaling", object(policy));
    if scaling.backlog_per_task.is_some() {
        block = block.attr(
            "backlog_queue_names",
            strings(messaging::consumed_queue_names(env, service)),
        );
    }
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
            object(
                env.services
                    .iter()
                    .filter(|s| s.is_long_running())
                    .map(|s| {
                        (
                            s.name.clone(),
                            expr(&format!("module.{}.service_name", service_module(&s.name))),
                        )
                    }),
            ),
        ),
    ];
    let jobs: Vec<&Service> = env.services.iter().filter(|s| s.job().is_some()).collect();
    if !jobs.is_empty() {
        blocks.push(output(
            "job_state_machine_arns",
            "The Step Functions state machine that runs each scheduled job, keyed by job: start an execution to run the job now.",
            object(jobs.iter().map(|s| {
                (
                    s.name.clone(),
                    expr(&format!("module.{}.state_machine_arn", service_module(&s.name))),
                )
            })),
        ));
    }
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
