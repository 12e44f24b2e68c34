use indexmap::IndexMap;
use serde::Serialize;

use crate::raw::ContainerCondition;

use super::SecretEnv;

/// The name of the collector sidecar `observability.tracing` adds to every service.
pub const TRACING_COLLECTOR: &str = "otel-collector";

/// One more container in every task or pod of a service.
#[derive(Clone, Debug, Serialize)]
pub struct Sidecar {
    /// The container's name.
    pub name: String,
    /// Image reference, pinned.
    pub image: String,
    /// The port it listens on, if any.
    pub port: Option<u16>,
    /// The command replacing the image's own; empty: the image's.
    pub command: Vec<String>,
    /// Plain environment variables.
    pub environment: IndexMap<String, String>,
    /// Secret environment variables.
    pub secrets: Vec<SecretEnv>,
    /// Whether the task stops when it stops (ECS).
    pub essential: bool,
    /// CPU units reserved out of the service's.
    pub cpu: u32,
    /// Memory limit, MiB, out of the service's.
    pub memory: u32,
    /// Its health-check command in ECS's form (`CMD` or `CMD-SHELL` first); empty: none.
    pub health_check_command: Vec<String>,
    /// The containers it starts after.
    pub depends_on: Vec<ContainerDependency>,
    /// The user it runs as (`None`: the image's own).
    pub user: Option<String>,
    /// Read-only root filesystem.
    pub read_only_root_filesystem: bool,
}

/// A container another starts after, and what it waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContainerDependency {
    /// The container waited for: a sidecar's name, or the service's for its main container.
    pub container: String,
    /// What is waited for.
    pub condition: ContainerCondition,
}

impl ContainerDependency {
    /// ECS's name for the condition (`containerDefinitions[].dependsOn[].condition`).
    pub fn ecs_condition(&self) -> &'static str {
        match self.condition {
            ContainerCondition::Start => "START",
            ContainerCondition::Healthy => "HEALTHY",
            ContainerCondition::Complete => "COMPLETE",
            ContainerCondition::Success => "SUCCESS",
        }
    }
}

/// Distributed tracing for every long-running service and job of an environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tracing {
    /// An AWS Distro for OpenTelemetry collector beside each service, exporting to X-Ray.
    Xray,
}
