//! What the roots of both platforms share: the files every root has, the facts that decide which
//! modules exist and how they connect (`Wiring`), `moved` blocks for renames, and the outputs of
//! the data stores.

use hcl::Expression;
use plinth_blueprint::model::{Environment, ImageSource, Project, Service};
use plinth_blueprint::output::{GeneratedFile, header};

use crate::catalog;
use crate::hcl::{Block, expr, module_label, object, render, string};
use crate::modules::Module;
use crate::settings::{backend, provider, versions};

/// The files of `envs/<env>/` and the modules they call.
pub struct Root {
    /// The root's files.
    pub files: Vec<GeneratedFile>,
    /// The modules the root calls.
    pub modules: Vec<Module>,
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
        .chain(crate::messaging::renamed_modules(env))
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
            has_load_balancer: env.services.iter().any(|s| s.public_web().is_some()),
            log_key: catalog::has_log_key(env).then(|| expr("module.log_key.key_arn")),
            discovery_namespace: matches!(env.compute, plinth_blueprint::model::Compute::Ecs(_))
                .then(|| discovery_namespace(env))
                .flatten(),
        }
    }
}

/// The private DNS namespace ECS services without a load balancer register in, when there are
/// any: `<project>-<env>.internal`.
pub(crate) fn discovery_namespace(env: &Environment) -> Option<String> {
    env.services
        .iter()
        .any(|s| s.internal_web().is_some())
        .then(|| env.names.service_discovery_namespace())
}

/// `{ api = module.service_api.security_group_id, … }` for the services `uses` selects.
pub(crate) fn allowed_services(env: &Environment, uses: impl Fn(&Service) -> bool) -> Expression {
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
pub(crate) fn service_module(service: &str) -> String {
    module_label("service", service)
}

/// `output "<name>"` with a description.
pub(crate) fn output(name: &str, description: &str, value: Expression) -> Block {
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
    if !env.queues.is_empty() {
        blocks.push(output(
            "queue_urls",
            "The URL of each SQS queue, keyed by blueprint name.",
            object(
                env.queues
                    .iter()
                    .map(|q| (q.name.clone(), crate::messaging::queue_url(&q.name))),
            ),
        ));
    }
    if !env.topics.is_empty() {
        blocks.push(output(
            "topic_arns",
            "The ARN of each SNS topic, keyed by blueprint name.",
            object(
                env.topics
                    .iter()
                    .map(|t| (t.name.clone(), crate::messaging::topic_arn(&t.name))),
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
