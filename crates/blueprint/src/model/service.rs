use indexmap::IndexMap;
use serde::Serialize;

use crate::raw::{Language, ServiceKind};

use super::{ContainerDependency, Job, Release, Sidecar, Tracing};

/// A container service of one environment.
#[derive(Clone, Debug, Serialize)]
pub struct Service {
    /// The service's name.
    pub name: String,
    /// The key it had before a rename (`renamed_from`); AWS names derive from it when set.
    pub renamed_from: Option<String>,
    /// What the service is, with the settings only that kind has.
    pub workload: Workload,
    /// Where the image comes from.
    pub image: ImageSource,
    /// What the deploy runs once with each new image first (web services and workers only).
    pub release: Option<Release>,
    /// CPU units.
    pub cpu: u32,
    /// Memory, MiB.
    pub memory: u32,
    /// Tasks or pods when not autoscaled (the starting count when autoscaled); 0 for a job,
    /// which runs one task per run.
    pub desired_count: u32,
    /// Autoscaling, if any.
    pub autoscaling: Option<Autoscaling>,
    /// Plain environment variables.
    pub environment: IndexMap<String, String>,
    /// Secret environment variables.
    pub secrets: Vec<SecretEnv>,
    /// Whether the service uses the Kafka cluster.
    pub kafka: bool,
    /// Buckets the service may read and write.
    pub buckets: Vec<String>,
    /// Queues the service receives from.
    pub consumes: Vec<String>,
    /// Queues and topics the service sends to.
    pub publishes: Vec<String>,
    /// The user the container runs as (`None`: the image's own).
    pub user: Option<String>,
    /// Read-only root filesystem.
    pub read_only_root_filesystem: bool,
    /// ECS Exec is on (web services and workers on ECS only).
    pub exec: bool,
    /// More containers in each task or pod (the tracing collector among them when tracing is on).
    pub sidecars: Vec<Sidecar>,
    /// The sidecars the main container starts after.
    pub depends_on: Vec<ContainerDependency>,
    /// Where the service's traces go (through the collector sidecar), if anywhere.
    pub tracing: Option<Tracing>,
    /// CI toolchain.
    pub language: Language,
    /// CI toolchain version, when pinned.
    pub language_version: Option<String>,
    /// The service's directory in the repository.
    pub source_dir: String,
    /// Test commands that replace the language defaults.
    pub test_commands: Vec<String>,
}

/// What a service is, with the settings only that kind has.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Workload {
    /// Serves HTTP on a port.
    Web(Web),
    /// Serves nothing.
    Worker(Worker),
    /// Runs to completion on a schedule.
    Job(Job),
}

/// A web service's settings.
#[derive(Clone, Debug, Serialize)]
pub struct Web {
    /// Container port.
    pub port: u16,
    /// Health-check path.
    pub health_check_path: String,
    /// Reachable from the internet (through the load balancer); otherwise only from the other
    /// services.
    pub public: bool,
    /// Routed path patterns.
    pub paths: Vec<String>,
    /// Routed host names.
    pub hosts: Vec<String>,
}

/// A worker's settings.
#[derive(Clone, Debug, Serialize)]
pub struct Worker {
    /// The container's health-check command; empty: healthy while its process runs.
    pub health_check_command: Vec<String>,
}

impl Service {
    /// What the service is.
    pub fn kind(&self) -> ServiceKind {
        match self.workload {
            Workload::Web(_) => ServiceKind::Web,
            Workload::Worker(_) => ServiceKind::Worker,
            Workload::Job(_) => ServiceKind::Job,
        }
    }

    /// A job's settings; `None` for a web service or a worker.
    pub fn job(&self) -> Option<&Job> {
        match &self.workload {
            Workload::Job(job) => Some(job),
            Workload::Web(_) | Workload::Worker(_) => None,
        }
    }

    /// Whether it runs all the time (a web service or a worker), rather than on a schedule.
    pub fn is_long_running(&self) -> bool {
        self.job().is_none()
    }

    /// A web service's settings; `None` for a worker or a job.
    pub fn web(&self) -> Option<&Web> {
        match &self.workload {
            Workload::Web(web) => Some(web),
            Workload::Worker(_) | Workload::Job(_) => None,
        }
    }

    /// A web service reachable from the internet through the load balancer.
    pub fn public_web(&self) -> Option<&Web> {
        self.web().filter(|web| web.public)
    }

    /// A web service reachable only from the other services.
    pub fn internal_web(&self) -> Option<&Web> {
        self.web().filter(|web| !web.public)
    }

    /// The name its AWS resources are named after and its Terraform instance keys use: the key
    /// it had before a rename, or its name.
    pub fn identity(&self) -> &str {
        self.renamed_from.as_deref().unwrap_or(&self.name)
    }

    /// Every secret variable of the service's containers, each with the key it has in the
    /// service's Kubernetes Secret: its name for the service's own container,
    /// `<sidecar>.<name>` for a sidecar's (a variable name has no dot, so none collide).
    pub fn secret_keys(&self) -> Vec<(String, &SecretEnv)> {
        let own = self.secrets.iter().map(|s| (s.name.clone(), s));
        let sidecars = self.sidecars.iter().flat_map(|sidecar| {
            sidecar
                .secrets
                .iter()
                .map(|s| (sidecar_secret_key(&sidecar.name, &s.name), s))
        });
        own.chain(sidecars).collect()
    }

    /// Whether any of the service's containers reads a secret.
    pub fn has_secrets(&self) -> bool {
        !self.secrets.is_empty() || self.sidecars.iter().any(|s| !s.secrets.is_empty())
    }

    /// The CPU units left to the service's own container after its sidecars' reservations.
    pub fn main_cpu(&self) -> u32 {
        self.cpu
            .saturating_sub(self.sidecars.iter().map(|s| s.cpu).sum())
    }

    /// The memory (MiB) left to the service's own container after its sidecars' limits.
    pub fn main_memory(&self) -> u32 {
        self.memory
            .saturating_sub(self.sidecars.iter().map(|s| s.memory).sum())
    }

    /// Whether the service reads any database secret (and so needs database network access).
    pub fn uses_database(&self) -> bool {
        self.secret_keys().into_iter().any(|(_, s)| {
            matches!(
                s.source,
                SecretSource::DatabaseUsername | SecretSource::DatabasePassword
            )
        })
    }

    /// Whether the service reads the cache's auth token (and so needs cache network access).
    pub fn uses_cache(&self) -> bool {
        self.secret_keys()
            .into_iter()
            .any(|(_, s)| s.source == SecretSource::CacheAuthToken)
    }
}

/// Where a service's image comes from.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ImageSource {
    /// Built by CI from a Dockerfile and pushed to a plinth-managed ECR repository.
    Build {
        /// Dockerfile path.
        dockerfile: String,
        /// Build context.
        context: String,
    },
    /// An existing image.
    External {
        /// Image reference.
        image: String,
    },
}

/// Target-tracking autoscaling.
#[derive(Clone, Debug, Serialize)]
pub struct Autoscaling {
    /// Fewest tasks.
    pub min: u32,
    /// Most tasks.
    pub max: u32,
    /// CPU target, percent.
    pub cpu_target: u8,
    /// Memory target, percent.
    pub memory_target: Option<u8>,
    /// ALB requests per target per minute (web services).
    pub requests_per_target: Option<u32>,
    /// Messages waiting per task, over the queues the service consumes (workers).
    pub backlog_per_task: Option<u32>,
}

/// A secret environment variable.
#[derive(Clone, Debug, Serialize)]
pub struct SecretEnv {
    /// The variable's name.
    pub name: String,
    /// Where its value comes from.
    pub source: SecretSource,
}

/// Where a secret's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecretSource {
    /// The database's managed master user name.
    DatabaseUsername,
    /// The database's managed master password.
    DatabasePassword,
    /// The cache's auth token.
    CacheAuthToken,
    /// A `[secrets.<name>]` entry, optionally one JSON key of it.
    Secret {
        /// The secret's blueprint name.
        name: String,
        /// A JSON key inside the secret.
        json_key: Option<String>,
    },
}

/// The key of a sidecar's secret variable in the service's Kubernetes Secret.
pub fn sidecar_secret_key(sidecar: &str, variable: &str) -> String {
    format!("{sidecar}.{variable}")
}
