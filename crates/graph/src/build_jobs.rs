//! What starts a scheduled job. On ECS, the ecs-job module's EventBridge Scheduler schedule starts
//! a Step Functions execution that runs the job's task: one node for the scheduler, with an edge
//! to each job. On EKS the cluster's own CronJob controller starts the pods, so nothing outside
//! the job's node is drawn (its label names the CronJob and its schedule).

use crate::graph::{Line, Shape};

use super::Builder;

impl Builder<'_> {
    pub(super) fn schedules(&mut self) {
        let env = self.env;
        if !self.is_ecs() {
            return;
        }
        let jobs: Vec<String> = env
            .services
            .iter()
            .zip(&self.services)
            .filter(|(service, _)| service.job().is_some())
            .map(|(_, id)| id.clone())
            .collect();
        if jobs.is_empty() {
            return;
        }
        let label = vec![
            "EventBridge Scheduler + Step Functions".to_owned(),
            "a schedule and a state machine per job".to_owned(),
        ];
        let aws = self.aws.clone();
        let scheduler = self
            .graph
            .add_node("scheduler", label, Shape::Box, Some(&aws));
        for job in jobs {
            let label = vec!["starts each run".to_owned()];
            self.graph.add_edge(&scheduler, &job, label, Line::Dashed);
        }
    }
}
