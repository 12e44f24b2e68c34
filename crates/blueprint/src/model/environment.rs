use indexmap::IndexMap;
use serde::Serialize;

use super::{
    Bucket, Budget, Cache, Ci, Compute, Database, Dns, Kafka, Network, Observability, Queue,
    Secret, Service, State, Topic, Waf,
};
use crate::names::Names;

/// A whole blueprint: the project and each environment, in promotion order.
#[derive(Clone, Debug, Serialize)]
pub struct Blueprint {
    /// Project-wide settings.
    pub project: Project,
    /// The environments in promotion order (the order of `project.environments`).
    pub environments: Vec<Environment>,
}

impl Blueprint {
    /// The environment called `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|env| env.name == name)
    }
}

/// Project-wide settings.
#[derive(Clone, Debug, Serialize)]
pub struct Project {
    /// DNS-safe application name.
    pub name: String,
    /// The home region.
    pub region: String,
    /// Owner tag.
    pub owner: Option<String>,
    /// Cost-centre tag.
    pub cost_center: Option<String>,
    /// The GitHub repository, when given.
    pub repository: Option<Repository>,
    /// The branch deploys run from.
    pub default_branch: String,
    /// Extra tags for every resource.
    pub tags: IndexMap<String, String>,
}

/// A GitHub repository `owner/name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repository {
    /// The user or organisation.
    pub owner: String,
    /// The repository name.
    pub name: String,
}

/// One environment with every overlay applied and every default filled in.
#[derive(Clone, Debug, Serialize)]
pub struct Environment {
    /// The environment's name, e.g. `prod`.
    pub name: String,
    /// The name it had before a rename (`renamed_from`); its AWS names and state key derive from
    /// it when set.
    pub renamed_from: Option<String>,
    /// Whether the environment is production-like.
    pub production: bool,
    /// Whether deploys wait for approval.
    pub approval: bool,
    /// The AWS account, when pinned.
    pub account_id: Option<String>,
    /// The role the Terraform provider assumes, when set.
    pub assume_role_arn: Option<String>,
    /// The AWS region.
    pub region: String,
    /// The VPC.
    pub network: Network,
    /// The container platform.
    pub compute: Compute,
    /// The services, in blueprint order.
    pub services: Vec<Service>,
    /// The database, if any.
    pub database: Option<Database>,
    /// The cache, if any.
    pub cache: Option<Cache>,
    /// The application's buckets.
    pub buckets: Vec<Bucket>,
    /// The application's SQS queues.
    pub queues: Vec<Queue>,
    /// The application's SNS topics.
    pub topics: Vec<Topic>,
    /// Secrets Manager entries the services read.
    pub secrets: Vec<Secret>,
    /// The domain, if any.
    pub dns: Option<Dns>,
    /// Logs, alarms and notifications.
    pub observability: Observability,
    /// The monthly budget, if any.
    pub budget: Option<Budget>,
    /// Where Terraform state lives.
    pub state: State,
    /// The WAF web ACL, if enabled.
    pub waf: Option<Waf>,
    /// The Kafka cluster, if any.
    pub kafka: Option<Kafka>,
    /// The workflows' settings (`[ci]`): the same in every environment, since only the base
    /// blueprint may set them.
    #[serde(skip_serializing_if = "Ci::is_empty")]
    pub ci: Ci,
    /// The AWS names plinth gives this environment's resources.
    pub names: Names,
}

impl Environment {
    /// The queue named `name`.
    pub fn queue(&self, name: &str) -> Option<&Queue> {
        self.queues.iter().find(|queue| queue.name == name)
    }

    /// The topic named `name`.
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics.iter().find(|topic| topic.name == name)
    }

    /// Whether pull requests may plan this environment with a read-only role of its own
    /// (`Names::plan_role`), when the blueprint names its repository: not for a production-like
    /// environment, nor for one whose provider assumes another role (the plan would act as that
    /// role). The bootstrap root creates the role and the workflows assume it, so both ask here.
    pub fn has_plan_role(&self) -> bool {
        !self.production && self.assume_role_arn.is_none()
    }
}
