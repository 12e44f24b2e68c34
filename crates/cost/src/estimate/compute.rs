//! ECS Fargate tasks and Container Insights, or the EKS cluster and its node groups.

use plinth_blueprint::model::{Ecs, Eks, Environment, Service};
use plinth_blueprint::raw::NodeCapacity;

use crate::Unit;
use crate::assumptions::{
    CONTAINER_INSIGHTS_GB_PER_SERVICE, CONTAINER_INSIGHTS_METRICS_PER_SERVICE, EC2_SPOT_DISCOUNT,
    FARGATE_SPOT_DISCOUNT, HOURS_PER_MONTH, number, percent,
};

use super::{Builder, count, plural};

/// The tasks a service runs: the count the ecs-service module starts it with (the desired count,
/// clamped to the autoscaling range when autoscaled).
fn task_count(service: &Service) -> u32 {
    match &service.autoscaling {
        Some(scaling) => service
            .desired_count
            .clamp(scaling.min, scaling.max.max(scaling.min)),
        None => service.desired_count,
    }
}

/// On-demand and Spot tasks under the capacity provider strategy: FARGATE with a base of one and
/// weight `100 - spot`, FARGATE_SPOT with weight `spot` (FARGATE left out at 100% Spot).
pub(crate) fn fargate_split(tasks: f64, spot_percent: u8) -> (f64, f64) {
    let spot = f64::from(spot_percent) / 100.0;
    match spot_percent {
        _ if tasks <= 0.0 => (0.0, 0.0),
        0 => (tasks, 0.0),
        100.. => (0.0, tasks),
        _ => (1.0 + (tasks - 1.0) * (1.0 - spot), (tasks - 1.0) * spot),
    }
}

/// Fargate tasks per long-running service, and Container Insights metrics (jobs, which run a
/// task only while a run lasts, are priced in `jobs`).
pub(super) fn ecs(b: &mut Builder, env: &Environment, ecs: &Ecs) {
    let p = b.prices;
    let spot_factor = 1.0 - FARGATE_SPOT_DISCOUNT;
    let long_running = || env.services.iter().filter(|s| s.is_long_running());
    for service in long_running() {
        let tasks = f64::from(task_count(service));
        let vcpu = f64::from(service.cpu) / 1024.0;
        let memory = f64::from(service.memory) / 1024.0;
        let (on_demand, spot) = fargate_split(tasks, ecs.fargate_spot_percent);
        for (tasks, label, factor) in [(on_demand, "", 1.0), (spot, " Spot", spot_factor)] {
            let tasks_text = plural(tasks, "task", "tasks");
            b.add(
                &format!("Fargate{label} vCPU ({})", service.name),
                format!(
                    "{tasks_text} × {} vCPU × {} h",
                    number(vcpu),
                    number(HOURS_PER_MONTH)
                ),
                tasks * vcpu * HOURS_PER_MONTH,
                Unit::VcpuHour,
                p.fargate_vcpu_hour * factor,
            );
            b.add(
                &format!("Fargate{label} memory ({})", service.name),
                format!(
                    "{tasks_text} × {} GB × {} h",
                    number(memory),
                    number(HOURS_PER_MONTH)
                ),
                tasks * memory * HOURS_PER_MONTH,
                Unit::GbHour,
                p.fargate_gb_hour * factor,
            );
        }
        if service.autoscaling.is_some() {
            b.assume(
                "Autoscaled services run at their starting task count (the desired count within the autoscaling range) all month."
                    .to_owned(),
            );
        }
        if spot > 0.0 {
            b.assume(format!(
                "Fargate Spot costs {} less than on-demand Fargate; tasks split by the capacity provider weights, with the first on on-demand.",
                percent(FARGATE_SPOT_DISCOUNT)
            ));
        }
    }
    let services = count(long_running().count());
    if ecs.container_insights && services > 0.0 {
        b.add(
            "Container Insights metrics",
            format!(
                "{} × {} metrics",
                plural(services, "service", "services"),
                number(CONTAINER_INSIGHTS_METRICS_PER_SERVICE)
            ),
            services * CONTAINER_INSIGHTS_METRICS_PER_SERVICE,
            Unit::Month,
            p.cloudwatch_metric_month,
        );
        b.assume(format!(
            "Container Insights publishes {} custom metrics and {} GB of performance events per service a month.",
            number(CONTAINER_INSIGHTS_METRICS_PER_SERVICE),
            number(CONTAINER_INSIGHTS_GB_PER_SERVICE)
        ));
    }
}

/// The cluster and its node groups.
pub(super) fn eks(b: &mut Builder, eks: &Eks) {
    let p = b.prices;
    b.add(
        "EKS cluster",
        format!("1 × {} h", number(HOURS_PER_MONTH)),
        HOURS_PER_MONTH,
        Unit::Hour,
        p.eks_cluster_hour,
    );
    b.assume(format!(
        "Kubernetes {} is in EKS standard support (extended support bills six times the cluster hour).",
        eks.kubernetes_version
    ));
    for group in &eks.node_groups {
        let nodes = f64::from(group.desired_size);
        let Some(instance_type) = group.instance_types.first() else {
            continue;
        };
        if group.instance_types.len() > 1 {
            b.assume(
                "Node groups with several instance types are priced at their first.".to_owned(),
            );
        }
        let nodes_text = plural(nodes, "node", "nodes");
        match p.ec2_instance_hour.get(instance_type) {
            Some(&price) => {
                let (label, factor) = match group.capacity {
                    NodeCapacity::OnDemand => ("", 1.0),
                    NodeCapacity::Spot => {
                        b.assume(format!(
                            "Spot instances cost {} less than on-demand.",
                            percent(EC2_SPOT_DISCOUNT)
                        ));
                        (", spot", 1.0 - EC2_SPOT_DISCOUNT)
                    }
                };
                b.add(
                    &format!("EC2 {instance_type} (node group {}{label})", group.name),
                    format!("{nodes_text} × {} h", number(HOURS_PER_MONTH)),
                    nodes * HOURS_PER_MONTH,
                    Unit::Hour,
                    price * factor,
                );
            }
            None => b.unpriced.push(format!(
                "EC2 instance type {instance_type} (node group {})",
                group.name
            )),
        }
        b.add(
            &format!("EBS gp3 root volumes (node group {})", group.name),
            format!("{nodes_text} × {} GB", group.disk_size_gb),
            nodes * f64::from(group.disk_size_gb),
            Unit::GbMonth,
            p.ebs_gp3_gb_month,
        );
    }
}
