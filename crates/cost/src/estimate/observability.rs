//! CloudWatch alarms, the dashboard and logs.

use plinth_blueprint::model::{Compute, Ecs, Environment};

use crate::Unit;
use crate::assumptions::{
    CONTAINER_INSIGHTS_GB_PER_SERVICE, EKS_CONTROL_PLANE_LOG_GB, FLOW_LOG_GB, LOG_GB_PER_JOB,
    LOG_GB_PER_SERVICE, LOG_STORAGE_HORIZON_DAYS, MSK_LOG_GB_PER_BROKER,
    WAF_LOG_GB_PER_MILLION_REQUESTS, WAF_MILLION_REQUESTS, number,
};

use super::{Builder, count, plural};

/// The monitoring module's alarms (as `monitoring_resources` in tests/terraform.rs counts them),
/// each ECS job's alarm on failed runs (the ecs-job module's), and the dashboard.
pub(super) fn alarms_and_dashboard(b: &mut Builder, env: &Environment, load_balancer: bool) {
    let p = b.prices;
    if env.observability.alarms.enabled {
        // Service and load balancer alarms watch ECS metrics and the Terraform-made ALB, a job's
        // alarm its state machine's failed runs: none on EKS. A job has no ECS service, so none of
        // the 3 service alarms, only its own one.
        let ecs = matches!(env.compute, Compute::Ecs(_));
        let services = if ecs {
            count(env.services.iter().filter(|s| s.is_long_running()).count())
        } else {
            0.0
        };
        let jobs = if ecs {
            count(env.services.iter().filter(|s| s.job().is_some()).count())
        } else {
            0.0
        };
        let public_services = if ecs {
            count(
                env.services
                    .iter()
                    .filter(|s| s.public_web().is_some())
                    .count(),
            )
        } else {
            0.0
        };
        let mut parts: Vec<(f64, String)> = Vec::new();
        if services > 0.0 {
            parts.push((
                3.0 * services,
                format!("3 × {}", plural(services, "service", "services")),
            ));
        }
        if public_services > 0.0 {
            parts.push((
                4.0 * public_services,
                format!(
                    "4 × {}",
                    plural(public_services, "target group", "target groups")
                ),
            ));
        }
        if jobs > 0.0 {
            parts.push((jobs, plural(jobs, "job", "jobs")));
        }
        if ecs && load_balancer {
            parts.push((1.0, "1 load balancer".to_owned()));
        }
        if env.database.is_some() {
            parts.push((3.0, "3 database".to_owned()));
        }
        if let Some(cache) = &env.cache {
            let nodes = f64::from(cache.replicas) + 1.0;
            parts.push((
                3.0 * nodes,
                format!("3 × {}", plural(nodes, "cache node", "cache nodes")),
            ));
        }
        let queues = count(env.queues.len());
        if queues > 0.0 {
            parts.push((
                2.0 * queues,
                format!("2 × {}", plural(queues, "queue", "queues")),
            ));
        }
        let dead_letter = count(
            env.queues
                .iter()
                .filter(|q| q.max_receives.is_some())
                .count(),
        );
        if dead_letter > 0.0 {
            parts.push((
                dead_letter,
                plural(dead_letter, "dead-letter queue", "dead-letter queues"),
            ));
        }
        b.add(
            "CloudWatch alarms",
            parts
                .iter()
                .map(|(_, text)| text.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
            parts.iter().map(|(n, _)| n).sum(),
            Unit::Month,
            p.cloudwatch_alarm_month,
        );
    }
    if env.observability.dashboard {
        b.add(
            "CloudWatch dashboard",
            "1 dashboard".to_owned(),
            1.0,
            Unit::Month,
            p.cloudwatch_dashboard_month,
        );
    }
}

/// CloudWatch Logs ingestion and storage, from every log group the environment writes to.
pub(super) fn logs(b: &mut Builder, env: &Environment, waf: bool) {
    let mut sources: Vec<(f64, String)> = Vec::new();
    let mut assumed = Vec::new();
    if let Compute::Ecs(ecs) = &env.compute {
        ecs_logs(env, ecs, &mut sources, &mut assumed);
    } else {
        sources.push((
            EKS_CONTROL_PLANE_LOG_GB,
            format!("control plane {} GB", number(EKS_CONTROL_PLANE_LOG_GB)),
        ));
        assumed.push(format!(
            "{} GB of EKS control-plane logs",
            number(EKS_CONTROL_PLANE_LOG_GB)
        ));
    }
    if env.network.flow_logs {
        sources.push((FLOW_LOG_GB, format!("flow logs {} GB", number(FLOW_LOG_GB))));
        assumed.push(format!("{} GB of VPC flow logs", number(FLOW_LOG_GB)));
    }
    if let Some(kafka) = &env.kafka {
        let brokers = f64::from(kafka.broker_count);
        sources.push((
            brokers * MSK_LOG_GB_PER_BROKER,
            format!(
                "MSK {} × {} GB",
                plural(brokers, "broker", "brokers"),
                number(MSK_LOG_GB_PER_BROKER)
            ),
        ));
        assumed.push(format!(
            "{} GB per MSK broker",
            number(MSK_LOG_GB_PER_BROKER)
        ));
    }
    if waf {
        let gb = WAF_MILLION_REQUESTS * WAF_LOG_GB_PER_MILLION_REQUESTS;
        sources.push((gb, format!("WAF {} GB", number(gb))));
        assumed.push(format!(
            "{} GB of WAF logs per million requests",
            number(WAF_LOG_GB_PER_MILLION_REQUESTS)
        ));
    }
    let ingested: f64 = sources.iter().map(|(gb, _)| gb).sum();
    if ingested <= 0.0 {
        return;
    }
    let p = b.prices;
    b.add(
        "CloudWatch Logs ingestion",
        sources
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        ingested,
        Unit::Gb,
        p.cloudwatch_logs_ingest_gb,
    );
    let retention = f64::from(env.observability.log_retention_days).min(LOG_STORAGE_HORIZON_DAYS);
    let months = retention / 30.0;
    b.add(
        "CloudWatch Logs storage",
        format!(
            "{} GB a month × {} days kept / 30",
            number(ingested),
            number(retention)
        ),
        ingested * months,
        Unit::GbMonth,
        p.cloudwatch_logs_storage_gb_month,
    );
    b.assume(format!("Logs a month: {}.", assumed.join(", ")));
    b.assume(format!(
        "Stored logs are uncompressed and kept for their retention, counted up to {} days.",
        number(LOG_STORAGE_HORIZON_DAYS)
    ));
}

/// The log groups of ECS services and jobs, and Container Insights' performance events (of the
/// long-running services: a job's runs add little), into `sources` and `assumed`.
fn ecs_logs(
    env: &Environment,
    ecs: &Ecs,
    sources: &mut Vec<(f64, String)>,
    assumed: &mut Vec<String>,
) {
    let services = count(env.services.iter().filter(|s| s.is_long_running()).count());
    let jobs = count(env.services.iter().filter(|s| s.job().is_some()).count());
    if services > 0.0 {
        sources.push((
            services * LOG_GB_PER_SERVICE,
            format!(
                "{} × {} GB",
                plural(services, "service", "services"),
                number(LOG_GB_PER_SERVICE)
            ),
        ));
        assumed.push(format!("{} GB per ECS service", number(LOG_GB_PER_SERVICE)));
        if ecs.container_insights {
            sources.push((
                services * CONTAINER_INSIGHTS_GB_PER_SERVICE,
                format!(
                    "Container Insights {} × {} GB",
                    number(services),
                    number(CONTAINER_INSIGHTS_GB_PER_SERVICE)
                ),
            ));
        }
    }
    if jobs > 0.0 {
        sources.push((
            jobs * LOG_GB_PER_JOB,
            format!(
                "{} × {} GB",
                plural(jobs, "job", "jobs"),
                number(LOG_GB_PER_JOB)
            ),
        ));
        assumed.push(format!("{} GB per ECS job", number(LOG_GB_PER_JOB)));
    }
}
