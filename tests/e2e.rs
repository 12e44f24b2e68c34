//! `just e2e`: a generated environment applied to a local AWS emulator (moto), planned again
//! (which must show no change: no perpetual diff), and destroyed. Runs in the `moto_apply` test
//! binary, next to tests/rename.rs.
//!
//! moto does not implement everything provider 5.100 calls. Each gap is handled here, explicitly,
//! and listed in docs/testing.md:
//! - ElastiCache parameter and replication groups, MSK, and reading a budget's subscribers are
//!   missing: those modules (`cache`, `kafka`, `budget`) are replaced by stubs that keep the
//!   module's variables (so the root's arguments are still type-checked and validated) and return
//!   outputs of the right shape.
//! - moto's Route 53 zone ids do not look like AWS's (`Z…`), which the `dns` module validates,
//!   so `dns` is stubbed too; its certificate is requested from moto's ACM by the harness, so the
//!   HTTPS listener still gets a real certificate ARN.
//! - moto drops an ECS service's `capacity_provider_strategy`: tests/moto/recording_server.py keeps
//!   it, so a re-plan is clean and a change of the Spot share shows as what it is.
//! - moto has no Application Auto Scaling tagging, which the provider calls to read every
//!   scalable target: tests/moto/recording_server.py adds a tag store to moto.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plinth_blueprint::{SourceFile, load};
use plinth_tests::moto::{Moto, python, tools_bin};
use plinth_tests::{Terraform, repo_root};

/// The blueprint and environment applied: the richest ECS environment of the examples.
const BLUEPRINT: &str = "blueprints/full-ecs.toml";
const ENVIRONMENT: &str = "dev";

/// A module moto cannot apply: its directory, why, and `(output, HCL value)` pairs.
type Stub = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Modules moto cannot apply, and the value of each output their stubs return (outputs not
/// listed return null).
const STUBS: [Stub; 4] = [
    (
        "cache",
        "ElastiCache parameter groups and replication groups are not implemented by moto",
        &[
            (
                "primary_endpoint_address",
                "\"${var.name}.moto-stub.cache.amazonaws.com\"",
            ),
            (
                "reader_endpoint_address",
                "\"${var.name}-ro.moto-stub.cache.amazonaws.com\"",
            ),
            ("replication_group_id", "var.name"),
            ("port", "var.port"),
            (
                "auth_token_secret_arn",
                "\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:${var.auth_token_secret_name}-AbCdEf\"",
            ),
            ("security_group_id", "\"sg-0123456789abcdef0\""),
            (
                "member_clusters",
                "[for i in range(var.replicas + 1) : format(\"%s-%03d\", var.name, i + 1)]",
            ),
        ],
    ),
    (
        "msk",
        "Amazon MSK is not implemented by moto",
        &[
            ("cluster_name", "var.name"),
            (
                "cluster_arn",
                "\"arn:aws:kafka:eu-west-1:123456789012:cluster/${var.name}/moto-stub\"",
            ),
            (
                "bootstrap_brokers_sasl_iam",
                "\"b-1.moto-stub.kafka.amazonaws.com:9098\"",
            ),
            ("security_group_id", "\"sg-0123456789abcdef1\""),
            (
                "iam_policy_json",
                "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = [\"kafka-cluster:Connect\"], Resource = \"*\" }] })",
            ),
        ],
    ),
    (
        "dns",
        "moto's Route 53 zone ids do not start with Z, which the module's zone_id validation requires",
        &[("certificate_arn", "\"{certificate_arn}\"")],
    ),
    (
        "budget",
        "moto answers Budgets DescribeSubscribersForNotification with an HTML error page",
        &[("budget_name", "var.name"), ("budget_id", "var.name")],
    ),
];

/// Module labels in the root that call each stubbed module directory.
fn callers(main_tf: &str, module_dir: &str) -> Vec<String> {
    let mut labels = Vec::new();
    let mut current: Option<String> = None;
    for line in main_tf.lines() {
        if let Some(rest) = line.strip_prefix("module \"") {
            current = rest.split('"').next().map(str::to_owned);
        }
        let source = format!("/modules/{module_dir}\"");
        let protected = format!("/modules/{module_dir}-protected\"");
        if line.trim_start().starts_with("source")
            && (line.ends_with(&source) || line.ends_with(&protected))
        {
            labels.extend(current.clone());
        }
    }
    labels
}

/// Writes `moto-stubs/<module>/` next to the root and the override that points the root at it.
pub(crate) fn write_stubs(tree: &Path, root: &Path, certificate_arn: &str) -> String {
    let main_tf = std::fs::read_to_string(root.join("main.tf")).unwrap();
    let mut overrides = String::new();
    for (module, _why, outputs) in STUBS {
        let labels = callers(&main_tf, module);
        if labels.is_empty() {
            continue;
        }
        let stub = root.join("moto-stubs").join(module);
        std::fs::create_dir_all(&stub).unwrap();
        let real = tree.join("modules").join(module);
        for file in ["variables.tf", "versions.tf"] {
            std::fs::copy(real.join(file), stub.join(file)).unwrap();
        }
        let real_outputs = std::fs::read_to_string(real.join("outputs.tf")).unwrap();
        let mut text = String::from(
            "# moto stub: same variables, outputs of the right shape, no resources.\n",
        );
        for line in real_outputs.lines() {
            let Some(name) = line
                .strip_prefix("output \"")
                .and_then(|r| r.split('"').next())
            else {
                continue;
            };
            let value = outputs
                .iter()
                .find(|(output, _)| *output == name)
                .map_or("null", |(_, value)| value)
                .replace("{certificate_arn}", certificate_arn);
            let _ = write!(text, "output \"{name}\" {{\n  value = {value}\n}}\n");
        }
        std::fs::write(stub.join("outputs.tf"), text).unwrap();
        for label in labels {
            let _ = write!(
                overrides,
                "module \"{label}\" {{\n  source = \"./moto-stubs/{module}\"\n}}\n"
            );
        }
    }
    overrides
}

/// Drives moto's ECS like the deploy workflow's `ecs-rollout.sh`: `deploy` registers the latest
/// revision of each service's family with a new image tag and points the service at it; `check`
/// asserts each service still runs that tag.
fn ecs(bin: &Path, moto: &Moto, action: &str, prefix: &str, services: &[&str], tag: &str) {
    let script = format!(
        r"
import sys, boto3
ecs = boto3.client('ecs', endpoint_url='{endpoint}', region_name='eu-west-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
cluster, tag = '{prefix}', '{tag}'
for service in {services:?}:
    if '{action}' == 'deploy':
        family = ecs.describe_task_definition(taskDefinition=f'{{cluster}}-{{service}}')['taskDefinition']
        containers = family['containerDefinitions']
        for container in containers:
            container['image'] = container['image'].rsplit(':', 1)[0] + ':' + tag
        keep = ['family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'volumes',
                'requiresCompatibilities', 'cpu', 'memory', 'runtimePlatform']
        registered = ecs.register_task_definition(containerDefinitions=containers,
            **{{k: family[k] for k in keep if k in family}})['taskDefinition']['taskDefinitionArn']
        ecs.update_service(cluster=cluster, service=service, taskDefinition=registered)
    else:
        running = ecs.describe_services(cluster=cluster, services=[service])['services'][0]['taskDefinition']
        images = [c['image'] for c in ecs.describe_task_definition(taskDefinition=running)['taskDefinition']['containerDefinitions']]
        if not all(image.endswith(':' + tag) for image in images):
            sys.exit(f'{{service}} runs {{images}} after an infrastructure-only apply, not the deployed {{tag}}')
",
        endpoint = moto.endpoint,
    );
    python(bin, &script, &format!("ECS {action}"));
}

/// The deploy owns the running image: after a deploy Terraform plans no change, and an
/// infrastructure-only apply (here: new task definition revisions) does not roll the image back.
fn deploy_then_apply_infrastructure(
    terraform: &Terraform,
    bin: &Path,
    moto: &Moto,
    env: &plinth_blueprint::model::Environment,
    root: &Path,
    what: &str,
) {
    let deployed = "deployed-by-ci";
    // A scheduled job has no ECS service to point at a revision: its next run takes the latest
    // one, which the Terraform workflow's post-apply rollout re-registers (tests/day2.rs).
    let services: Vec<&str> = env
        .services
        .iter()
        .filter(|s| s.is_long_running())
        .map(plinth_blueprint::model::Service::identity)
        .collect();
    ecs(bin, moto, "deploy", &env.names.prefix, &services, deployed);
    terraform.run(
        root,
        &["plan", "-input=false", "-no-color", "-out=after-deploy.bin"],
        &format!("{what}: plan after a deploy"),
    );
    let after_deploy: serde_json::Value = serde_json::from_str(&terraform.run(
        root,
        &["show", "-json", "after-deploy.bin"],
        &format!("{what}: show"),
    ))
    .unwrap();
    let drift = unexplained_changes(&after_deploy);
    assert!(
        drift.is_empty(),
        "{what}: a deploy makes Terraform plan changes:\n{}",
        drift.join("\n")
    );
    let tags = env
        .services
        .iter()
        .map(|s| format!("\"{}\" = \"infrastructure-change\"", s.name))
        .collect::<Vec<_>>()
        .join(", ");
    terraform.run(
        root,
        &[
            "apply",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-parallelism=8",
            &format!("-var=image_tags={{{tags}}}"),
        ],
        &format!("{what}: an infrastructure-only apply"),
    );
    ecs(bin, moto, "check", &env.names.prefix, &services, deployed);
}

/// Requests a certificate for `domain` from moto's ACM, returning its ARN.
pub(crate) fn request_certificate(bin: &Path, moto: &Moto, domain: &str) -> String {
    let script = format!(
        "import boto3\nacm = boto3.client('acm', endpoint_url='{}', region_name='eu-west-1', \
         aws_access_key_id='test', aws_secret_access_key='test')\n\
         print(acm.request_certificate(DomainName='{domain}', ValidationMethod='DNS')['CertificateArn'])",
        moto.endpoint
    );
    python(bin, &script, &format!("request a certificate for {domain}"))
}

/// Attributes moto stores or returns differently from AWS, so the provider sees a difference
/// after every apply: `(resource type, attribute, why)`.
const READ_BACK_GAPS: [(&str, &str, &str); 9] = [
    (
        "aws_db_parameter_group",
        "parameter",
        "moto returns a DB parameter group's parameters without the `user` source the provider reads back",
    ),
    (
        "aws_ecs_service",
        "availability_zone_rebalancing",
        "moto does not return it",
    ),
    (
        "aws_ecs_service",
        "enable_ecs_managed_tags",
        "moto does not return it",
    ),
    (
        "aws_ecs_service",
        "health_check_grace_period_seconds",
        "moto does not return it",
    ),
    (
        "aws_vpc_security_group_ingress_rule",
        "description",
        "moto does not return rule descriptions",
    ),
    (
        "aws_vpc_security_group_ingress_rule",
        "referenced_security_group_id",
        "moto returns `<account>/<group>` instead of the group id",
    ),
    (
        "aws_rds_cluster",
        "scaling_configuration",
        "moto returns an empty Serverless v1 scaling block, which the provider fills with defaults",
    ),
    (
        "aws_rds_cluster_instance",
        "performance_insights_enabled",
        "moto does not store Performance Insights settings of cluster instances",
    ),
    (
        "aws_rds_cluster_instance",
        "performance_insights_retention_period",
        "moto does not store Performance Insights settings of cluster instances",
    ),
];

/// Whether moto reads `attribute` of a `kind` resource back differently from AWS
/// (`READ_BACK_GAPS`), so a planned change of it alone is moto's, not the configuration's.
pub(crate) fn read_back_gap(kind: &str, attribute: &str) -> bool {
    READ_BACK_GAPS
        .iter()
        .any(|(t, a, _)| *t == kind && *a == attribute)
}

/// Every planned change of `plan` not explained by a read-back gap, as `address: attribute`.
pub(crate) fn unexplained_changes(plan: &serde_json::Value) -> Vec<String> {
    let mut unexplained = Vec::new();
    for change in plan["resource_changes"].as_array().into_iter().flatten() {
        let actions = &change["change"]["actions"];
        if *actions == serde_json::json!(["no-op"]) || *actions == serde_json::json!(["read"]) {
            continue;
        }
        let address = change["address"].as_str().unwrap_or_default();
        if *actions != serde_json::json!(["update"]) {
            unexplained.push(format!("{address}: {actions}"));
            continue;
        }
        let kind = change["type"].as_str().unwrap_or_default();
        let before = change["change"]["before"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let after = change["change"]["after"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (attribute, value) in &after {
            let unchanged = before.get(attribute) == Some(value)
                || (value.is_null() && !before.contains_key(attribute));
            let explained = read_back_gap(kind, attribute);
            if !unchanged && !explained && attribute != "tags_all" {
                unexplained.push(format!(
                    "{address}: {attribute}: {} -> {value}",
                    before.get(attribute).unwrap_or(&serde_json::Value::Null)
                ));
            }
        }
    }
    unexplained
}

#[test]
#[cfg_attr(
    any(skip_terraform, skip_moto),
    ignore = "PLINTH_SKIP names terraform or moto"
)]
fn an_environment_applies_to_moto_replans_clean_and_destroys() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    let terraform = Terraform::find(&work.join("terraform"));
    let bin = tools_bin();
    let text = std::fs::read_to_string(repo_root().join(BLUEPRINT)).unwrap();
    let blueprint = load(&SourceFile::new(BLUEPRINT, text)).unwrap().blueprint;
    let env = blueprint
        .environments
        .iter()
        .find(|e| e.name == ENVIRONMENT)
        .expect("the environment exists");
    let tree = work.join("tree");
    let _ = std::fs::remove_dir_all(&tree);
    for file in plinth_terraform::emit(&blueprint, BLUEPRINT) {
        let target = tree.join(&file.path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, file.contents).unwrap();
    }
    let root = tree.join("envs").join(ENVIRONMENT);
    let moto = Moto::start(&bin);
    let certificate_arn = env
        .dns
        .as_ref()
        .map(|dns| request_certificate(&bin, &moto, &dns.domain))
        .unwrap_or_default();
    let overrides = write_stubs(&tree, &root, &certificate_arn);
    std::fs::write(root.join("plinth_moto_stubs_override.tf"), overrides).unwrap();
    std::fs::write(root.join("plinth_moto_override.tf"), moto.override_file()).unwrap();

    let what = format!("{BLUEPRINT} {ENVIRONMENT} against moto");
    terraform.run(&root, &["init", "-input=false", "-no-color"], &what);
    terraform.run(
        &root,
        &[
            "apply",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-parallelism=8",
        ],
        &format!("{what}: apply"),
    );
    terraform.run(
        &root,
        &["plan", "-input=false", "-no-color", "-out=replan.bin"],
        &format!("{what}: plan after apply"),
    );
    let replan: serde_json::Value = serde_json::from_str(&terraform.run(
        &root,
        &["show", "-json", "replan.bin"],
        &format!("{what}: show"),
    ))
    .unwrap();
    let drift = unexplained_changes(&replan);
    assert!(
        drift.is_empty(),
        "{what}: the plan after apply is not empty (a perpetual diff):\n{}",
        drift.join("\n")
    );

    deploy_then_apply_infrastructure(&terraform, &bin, &moto, env, &root, &what);
    terraform.run(
        &root,
        &[
            "destroy",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-parallelism=8",
        ],
        &format!("{what}: destroy"),
    );
}
