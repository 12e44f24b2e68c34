//! The validated blueprint, resolved per environment: every default applied, every
//! reference checked. Emitters read only these types.

mod ci;
mod compute;
mod data;
mod environment;
mod messaging;
mod network;
mod operations;
mod schedule;
mod service;
mod sidecar;
mod variables;

pub use ci::{ActionOverride, Ci};
pub use compute::{Architecture, Compute, Ecs, Eks, NodeGroup, Taint};
pub use data::{Bucket, Cache, Database, Kafka, LifecycleRule, Secret, Serverless};
pub use environment::{Blueprint, Environment, Project, Repository};
pub use messaging::{Queue, Subscription, Topic};
pub use network::{Network, SMALLEST_SUBNET_PREFIX, Subnets};
pub use operations::{Alarms, Budget, Dns, Observability, State, Waf};
pub use schedule::{Job, Release, Schedule};
pub use service::{
    Autoscaling, ImageSource, SecretEnv, SecretSource, Service, Web, Worker, Workload,
    sidecar_secret_key,
};
pub use sidecar::{ContainerDependency, Sidecar, TRACING_COLLECTOR, Tracing};
pub use variables::{SECRET_OBJECTS_KEY, ServiceVariable, VariableValue};
