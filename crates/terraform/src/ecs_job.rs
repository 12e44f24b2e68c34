//! A scheduled job on ECS: the `ecs-job` module, which runs the job's task through Step Functions
//! on an EventBridge Scheduler schedule and alarms when a run fails or times out.

use plinth_blueprint::model::{Ecs, Environment, Job, Service};
use plinth_blueprint::raw::Concurrency;

use crate::catalog::account_id;
use crate::ecs_task::{task_access, task_head};
use crate::hcl::{Block, expr, string, strings};
use crate::modules::Module;
use crate::root::Wiring;

/// `module "service_<name>"` for a job (the same module name as a service's, so a job's
/// security group reaches the database and cache the same way).
pub(crate) fn ecs_job(
    env: &Environment,
    ecs: &Ecs,
    service: &Service,
    job: &Job,
    wiring: &Wiring,
) -> Block {
    let block = task_head(env, service, Module::EcsJob, Some(account_id(env)))
        .attr_opt(
            "command",
            (!job.command.is_empty()).then(|| strings(&job.command)),
        )
        .attr("fargate_spot_percent", ecs.fargate_spot_percent)
        .attr(
            "read_only_root_filesystem",
            service.read_only_root_filesystem,
        )
        .attr_opt("container_user", service.user.as_deref().map(string));
    let block = task_access(block, env, service, wiring)
        .blank()
        .attr("schedule_expression", string(&job.schedule.expression))
        .attr("timezone", string(&job.timezone))
        .attr("timeout_seconds", job.timeout_seconds)
        .attr("retries", job.retries)
        .attr(
            "concurrency",
            string(match job.concurrency {
                Concurrency::Forbid => "forbid",
                Concurrency::Allow => "allow",
            }),
        )
        .blank();
    if env.observability.alarms.enabled {
        block
            .attr("alarms_enabled", true)
            .attr("alarm_topic_arn", expr("module.monitoring.sns_topic_arn"))
    } else {
        block.attr("alarms_enabled", false)
    }
}
