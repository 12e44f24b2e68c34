//! The day-2 blueprint and the changes made to it, each with what its plan must show.

use super::{Step, step};

/// The blueprint of the day-2 environment, as `(key, value)` edits apply to it.
pub(super) const BASE: &str = r#"
[project]
name = "daytwo"
region = "eu-west-1"
repository = "acme/daytwo"
environments = ["dev"]

[compute]
fargate_spot_percent = 0

[services.web]
port = 8080
dockerfile = "Dockerfile"
desired_count = 2
buckets = ["media"]
secrets = { DB_PASSWORD = "database:password", STRIPE = "secret:stripe" }
release_command = ["sh", "-c", "echo Migrating the schema; echo Media bucket: $BUCKET_MEDIA"]

[database]
engine = "postgres"
version = "16.9"
instance_class = "db.t4g.micro"

[buckets.media]

[secrets.stripe]
description = "Stripe API key"
"#;

/// The blueprint after each change, each building on the one before.
struct Blueprints {
    autoscaled: String,
    spot: String,
    with_api: String,
    with_worker: String,
    with_job: String,
    with_sidecar: String,
    moved: String,
    renamed: String,
    major: String,
    environment_renamed: String,
}

fn blueprints() -> Blueprints {
    let autoscaled = BASE.replace(
        "[database]",
        "[services.web.autoscaling]\nmin = 2\nmax = 4\ncpu_target = 60\n\n[database]",
    );
    let spot = autoscaled.replace("fargate_spot_percent = 0", "fargate_spot_percent = 50");
    let with_api = format!(
        "{spot}\n[services.api]\nport = 9000\ndockerfile = \"api/Dockerfile\"\npublic = false\n"
    );
    // A worker with no port, scaled on the backlog of the queue the web service's topic feeds.
    let with_worker = format!(
        "{}\n[services.mailer]\nkind = \"worker\"\ndockerfile = \"mailer/Dockerfile\"\n\
         consumes = [\"jobs\"]\nhealth_check_command = [\"CMD-SHELL\", \"true\"]\n\n\
         [services.mailer.autoscaling]\nmax = 3\nbacklog_per_task = 20\n\n\
         [queues.jobs]\n\n[topics.events]\n\n[[topics.events.subscriptions]]\nqueue = \"jobs\"\n\
         filter = {{ kind = [\"signup\"] }}\n",
        spot.replace(
            "buckets = [\"media\"]",
            "buckets = [\"media\"]\npublishes = [\"events\"]"
        )
    );
    // A nightly job reading the database and publishing to the topic.
    let with_job = format!(
        "{with_worker}\n[services.reports]\nkind = \"job\"\ndockerfile = \"reports/Dockerfile\"\n\
         schedule = \"cron(0 3 * * ? *)\"\ntimezone = \"Europe/Paris\"\nretries = 1\n\
         secrets = {{ DB_PASSWORD = \"database:password\" }}\npublishes = [\"events\"]\n"
    );
    // A sidecar beside the web service, and tracing (a collector beside every service and job).
    let with_sidecar = format!(
        "{}\n[observability]\ntracing = \"xray\"\n",
        with_job.replace(
            "[services.web.autoscaling]",
            "[[services.web.sidecars]]\nname = \"proxy\"\nimage = \"public.ecr.aws/nginx/nginx:1.27\"\n\
             port = 9901\nsecrets = { TOKEN = \"secret:stripe\" }\n\n[services.web.autoscaling]"
        )
    );
    let moved = with_sidecar.replace("port = 8080", "port = 8000");
    let renamed = moved
        .replace("[services.web]", "[services.front]\nrenamed_from = \"web\"")
        .replace("[services.web.autoscaling]", "[services.front.autoscaling]")
        .replace("[[services.web.sidecars]]", "[[services.front.sidecars]]")
        .replace("buckets = [\"media\"]", "buckets = [\"assets\"]")
        .replace(
            "[buckets.media]",
            "[buckets.assets]\nrenamed_from = \"media\"",
        )
        .replace("secret:stripe", "secret:payments")
        .replace(
            "[secrets.stripe]",
            "[secrets.payments]\nrenamed_from = \"stripe\"",
        );
    let major = renamed.replace("version = \"16.9\"", "version = \"17.5\"");
    let environment_renamed = major.replace(
        "environments = [\"dev\"]",
        "environments = [\"development\"]\n\n[env.development]\nrenamed_from = \"dev\"",
    );
    Blueprints {
        autoscaled,
        spot,
        with_api,
        with_worker,
        with_job,
        with_sidecar,
        moved,
        renamed,
        major,
        environment_renamed,
    }
}

/// The steps, each building on the one before.
pub(super) fn steps() -> Vec<Step> {
    let b = blueprints();
    vec![
        Step {
            aws_does: Some(
                "rds.modify_db_instance(DBInstanceIdentifier='daytwo-dev', EngineVersion='16.10', ApplyImmediately=True)",
            ),
            expect: vec![("aws_db_instance.this", &["no-op"])],
            ..step(
                "AWS applies a minor engine upgrade (16.9 -> 16.10)",
                BASE.to_owned(),
            )
        },
        Step {
            expect: vec![
                ("aws_ecs_service.this", &["no-op"]),
                ("aws_appautoscaling_target.this", &["update"]),
                ("aws_appautoscaling_policy.cpu[0]", &["create"]),
            ],
            ..step("add autoscaling", b.autoscaled)
        },
        Step {
            expect: vec![("aws_ecs_service.this", &["update"])],
            ..step("change the Spot share (0 -> 50 %)", b.spot.clone())
        },
        Step {
            expect: vec![("module.service_api.aws_ecs_service.this", &["create"])],
            ..step("add a service", b.with_api)
        },
        Step {
            expect: vec![("module.service_api.aws_ecs_service.this", &["delete"])],
            may_delete: vec![
                (
                    "module.service_api.",
                    "the service was removed from the blueprint",
                ),
                (
                    "aws_ecr_repository.this[\"daytwo-dev/api\"]",
                    "its image repository goes with it (outside production it is force-deleted)",
                ),
            ],
            ..step("remove that service", b.spot)
        },
        worker_step(b.with_worker),
        job_step(b.with_job),
        sidecar_step(b.with_sidecar),
        Step {
            // ECS refuses a load balancer on a port the running revision does not map, so CI
            // moves the running image onto the new port before the apply; the apply then only
            // records it. The target group and the security group rules stay as they are.
            expect: vec![
                ("module.service_web.aws_ecs_service.this", &["update"]),
                ("aws_lb_target_group.this", &["no-op"]),
                ("security_group_ingress_rule.load_balancer", &["no-op"]),
                ("security_group_egress_rule.targets", &["no-op"]),
            ],
            afterwards: Some(
                "s = ecs.describe_services(cluster='daytwo-dev', services=['web'])['services'][0]\n\
                 assert [b['containerPort'] for b in s['loadBalancers']] == [8000], s['loadBalancers']\n\
                 d = ecs.describe_task_definition(taskDefinition=s['taskDefinition'])['taskDefinition']\n\
                 c = [c for c in d['containerDefinitions'] if c['name'] == 'web'][0]\n\
                 assert [m['containerPort'] for m in c['portMappings']] == [8000], c['portMappings']\n\
                 assert c['image'].endswith(':v1'), 'the deployed image must keep running: ' + c['image']",
            ),
            ..step(
                "change the port of a load-balanced service (8080 -> 8000)",
                b.moved,
            )
        },
        Step {
            expect: vec![
                ("aws_ecs_service.this", &["no-op"]),
                ("aws_s3_bucket.this", &["no-op"]),
                ("aws_secretsmanager_secret.this", &["no-op"]),
            ],
            ..step(
                "rename a service, a bucket and a secret (renamed_from)",
                b.renamed,
            )
        },
        Step {
            expect: vec![
                ("aws_db_instance.this", &["update"]),
                ("aws_db_parameter_group.this", &["create", "delete"]),
            ],
            ..step("major engine upgrade (16 -> 17)", b.major)
        },
        Step {
            changes_nothing: true,
            // The AWS names keep the old environment's, the Environment tag follows the
            // blueprint (docs/regeneration.md).
            retags_environment: Some(("dev", "development")),
            ..step(
                "rename the environment (dev -> development, renamed_from)",
                b.environment_renamed,
            )
        },
    ]
}

/// A worker with no port or load balancer joins, consuming a queue that the web service's topic
/// feeds, and scaled on that queue's backlog.
fn worker_step(with_worker: String) -> Step {
    Step {
        expect: vec![
            ("module.service_mailer.aws_ecs_service.this", &["create"]),
            (
                "module.service_mailer.aws_appautoscaling_policy.backlog[0]",
                &["create"],
            ),
            ("module.queue_jobs.aws_sqs_queue.this", &["create"]),
            (
                "module.queue_jobs.aws_sqs_queue.dead_letter[0]",
                &["create"],
            ),
            (
                "module.topic_events.aws_sns_topic_subscription.this[\"jobs\"]",
                &["create"],
            ),
            // The web service only gets the topic's ARN (a new task definition, which CI
            // rolls out) and the permission to publish.
            ("module.service_web.aws_ecs_service.this", &["no-op"]),
            (
                "module.service_web.aws_iam_role_policy.task_extra[1]",
                &["create"],
            ),
        ],
        afterwards: Some(
            "s = ecs.describe_services(cluster='daytwo-dev', services=['mailer'])['services'][0]\n\
             assert s['loadBalancers'] == [] and s.get('serviceRegistries', []) == [], s\n\
             d = ecs.describe_task_definition(taskDefinition=s['taskDefinition'])['taskDefinition']\n\
             c = [c for c in d['containerDefinitions'] if c['name'] == 'mailer'][0]\n\
             assert not c.get('portMappings'), c\n\
             assert c['healthCheck']['command'] == ['CMD-SHELL', 'true'], c\n\
             assert any(e['name'] == 'QUEUE_JOBS_URL' for e in c['environment']), c['environment']",
        ),
        ..step(
            "add a worker consuming a queue that a topic feeds, scaled on its backlog",
            with_worker,
        )
    }
}

/// A scheduled job joins: its state machine, schedule and task definition are created and nothing
/// that serves changes; the deploy workflow then registers its image for the next run.
fn job_step(with_job: String) -> Step {
    Step {
        expect: vec![
            (
                "module.service_reports.aws_sfn_state_machine.this",
                &["create"],
            ),
            (
                "module.service_reports.aws_scheduler_schedule.this",
                &["create"],
            ),
            (
                "module.service_reports.aws_ecs_task_definition.this",
                &["create"],
            ),
            ("module.service_web.aws_ecs_service.this", &["no-op"]),
            ("module.service_mailer.aws_ecs_service.this", &["no-op"]),
        ],
        deploys: Some("reports"),
        afterwards: Some(
            "m = [m for m in sfn.list_state_machines()['stateMachines'] if m['name'] == 'daytwo-dev-reports'][0]\n\
             d = sfn.describe_state_machine(stateMachineArn=m['stateMachineArn'])['definition']\n\
             assert 'arn:aws:states:::ecs:runTask.sync' in d and 'daytwo-dev-reports' in d, d\n\
             s = scheduler.get_schedule(Name='daytwo-dev-reports')\n\
             assert s['ScheduleExpression'] == 'cron(0 3 * * ? *)', s\n\
             assert s['ScheduleExpressionTimezone'] == 'Europe/Paris', s\n\
             assert s['Target']['Arn'] == m['stateMachineArn'], s\n\
             t = ecs.describe_task_definition(taskDefinition='daytwo-dev-reports')['taskDefinition']\n\
             c = [c for c in t['containerDefinitions'] if c['name'] == 'reports'][0]\n\
             assert not c.get('portMappings') and 'healthCheck' not in c, c\n\
             assert c['image'].endswith('/reports:v1'), 'the deploy registers the next run image: ' + c['image']\n\
             assert ecs.describe_services(cluster='daytwo-dev', services=['reports'])['services'] == []",
        ),
        ..step("add a scheduled job, then deploy it", with_job)
    }
}

/// A sidecar joins the web service and tracing turns on: new task definitions and the X-Ray
/// policies, nothing that serves replaced; the post-apply rollout moves the running service onto
/// the new revision with its deployed image.
fn sidecar_step(with_sidecar: String) -> Step {
    Step {
        expect: vec![
            ("module.service_web.aws_ecs_service.this", &["no-op"]),
            ("module.service_mailer.aws_ecs_service.this", &["no-op"]),
            (
                "module.service_web.aws_iam_role_policy.task_tracing[0]",
                &["create"],
            ),
            (
                "module.service_reports.aws_iam_role_policy.task_tracing[0]",
                &["create"],
            ),
        ],
        afterwards: Some(
            "s = ecs.describe_services(cluster='daytwo-dev', services=['web'])['services'][0]\n\
             d = ecs.describe_task_definition(taskDefinition=s['taskDefinition'])['taskDefinition']\n\
             names = [c['name'] for c in d['containerDefinitions']]\n\
             assert names == ['web', 'proxy', 'otel-collector'], names\n\
             web, proxy, collector = d['containerDefinitions']\n\
             assert web['image'].endswith(':v1'), 'the deployed image must keep running: ' + web['image']\n\
             assert {'containerName': 'otel-collector', 'condition': 'START'} in web['dependsOn'], web\n\
             assert any(e['name'] == 'OTEL_EXPORTER_OTLP_ENDPOINT' for e in web['environment']), web\n\
             assert proxy['secrets'][0]['name'] == 'TOKEN' and proxy['memory'] == 128, proxy\n\
             assert collector['essential'] is False, collector\n\
             p = iam.get_role_policy(RoleName='daytwo-dev-web-task', PolicyName='tracing')\n\
             assert 'xray:PutTraceSegments' in str(p['PolicyDocument']), p",
        ),
        ..step(
            "add a sidecar to the web service and turn tracing on",
            with_sidecar,
        )
    }
}
