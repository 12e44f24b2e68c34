//! The alarm topic and who it notifies: the alarms, the budget and their email recipients.

use plinth_blueprint::model::{Compute, Environment};

use crate::graph::{Line, Shape};
use crate::labels;

use super::Builder;

impl Builder<'_> {
    /// With tracing on, X-Ray and a dashed `traces` edge from every service's collector.
    fn tracing(&mut self) {
        let env = self.env;
        if env.observability.tracing.is_none() {
            return;
        }
        let aws = self.aws.clone();
        let xray = self.graph.add_node(
            "xray",
            vec!["AWS X-Ray".to_owned(), "traces".to_owned()],
            Shape::Box,
            Some(&aws),
        );
        for (service, id) in env.services.iter().zip(self.services.clone()) {
            if service.tracing.is_some() {
                let label = vec!["traces (OTLP collector)".to_owned()];
                self.graph.add_edge(&id, &xray, label, Line::Dashed);
            }
        }
    }

    /// Alarms and the budget notify the alarm topic, which emails its subscribers; the budget
    /// also emails its own recipients directly.
    pub(super) fn monitoring(&mut self) {
        let env = self.env;
        let aws = self.aws.clone();
        self.tracing();
        let topic_label = vec![
            "SNS topic".to_owned(),
            format!("{}-alarms", env.names.prefix),
        ];
        let topic = self
            .graph
            .add_node("alarm_topic", topic_label, Shape::Stadium, Some(&aws));
        if let Some(label) = alarms(env) {
            let alarms = self.graph.add_node("alarms", label, Shape::Box, Some(&aws));
            let label = vec!["alarm, ok".to_owned()];
            self.graph.add_edge(&alarms, &topic, label, Line::Dashed);
        }
        let subscribers = distinct(&env.observability.emails).len();
        let recipients = (subscribers > 0).then(|| {
            let label = vec![labels::count(subscribers, "email subscriber")];
            let id = self
                .graph
                .add_node("alarm_emails", label, Shape::Circle, None);
            self.graph
                .add_edge(&topic, &id, vec!["email".to_owned()], Line::Dashed);
            id
        });
        let Some(budget) = &env.budget else { return };
        let node = self
            .graph
            .add_node("budget", labels::budget(budget), Shape::Box, Some(&aws));
        self.graph
            .add_edge(&node, &topic, vec!["alerts".to_owned()], Line::Dashed);
        if budget.emails.is_empty() {
            return;
        }
        let same_people = distinct(&budget.emails) == distinct(&env.observability.emails);
        let direct = match recipients {
            Some(recipients) if same_people => recipients,
            _ => {
                let recipients = distinct(&budget.emails).len();
                let label = vec![labels::count(recipients, "budget email recipient")];
                self.graph
                    .add_node("budget_emails", label, Shape::Circle, None)
            }
        };
        self.graph
            .add_edge(&node, &direct, vec!["email".to_owned()], Line::Dashed);
    }
}

/// The alarms that notify the alarm topic, counted the way the modules create them: per
/// long-running ECS service CPU, memory and running tasks; per ECS job its failed runs (the
/// ecs-job module's alarm); per load-balanced ECS service target 5xx, unhealthy hosts, latency
/// p95 and p99, plus the load balancer's 5xx; database CPU, connections and free storage (RDS) or
/// replica lag (Aurora); cache CPU, memory and evictions per node. `None` when there are none.
fn alarms(env: &Environment) -> Option<Vec<String>> {
    if !env.observability.alarms.enabled {
        return None;
    }
    let ecs = matches!(env.compute, Compute::Ecs(_));
    let public = env
        .services
        .iter()
        .filter(|s| s.public_web().is_some())
        .count();
    let mut count = 0;
    let mut label = Vec::new();
    let services = env.services.iter().filter(|s| s.is_long_running()).count();
    if ecs && services > 0 {
        count += 3 * services;
        label.push("services: CPU, memory, running tasks".to_owned());
    }
    let jobs = env.services.len() - services;
    if ecs && jobs > 0 {
        count += jobs;
        label.push("jobs: failed runs".to_owned());
    }
    if ecs && public > 0 {
        count += 4 * public + 1;
        label.push("load balancer: 5xx, targets 5xx, unhealthy, p95, p99".to_owned());
    }
    if let Some(database) = &env.database {
        count += 3;
        let storage = if database.engine.is_aurora() {
            "replica lag"
        } else {
            "free storage"
        };
        label.push(format!("database: CPU, connections, {storage}"));
    }
    if let Some(cache) = &env.cache {
        count += 3 * (usize::from(cache.replicas) + 1);
        label.push("cache nodes: CPU, memory, evictions".to_owned());
    }
    if count == 0 {
        return None;
    }
    label.insert(0, format!("CloudWatch alarms: {count}"));
    Some(label)
}

/// The addresses without repeats, sorted (SNS subscribes each address once).
fn distinct(emails: &[String]) -> Vec<&str> {
    let mut emails: Vec<&str> = emails.iter().map(String::as_str).collect();
    emails.sort_unstable();
    emails.dedup();
    emails
}
