use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Sp;

/// A `[[services.<name>.sidecars]]` entry: one more container in every task or pod of the
/// service, e.g. a log router, a proxy or a collector. It shares the task's network (it reaches
/// the service, and the service it, on `localhost`) and is carved out of the service's
/// `cpu` and `memory`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SidecarRaw {
    /// The container's name, unique in the service and not the service's own (required).
    pub name: Option<Sp<String>>,
    /// The image, pinned to a tag or digest, e.g. `public.ecr.aws/aws-observability/aws-for-fluent-bit:2.34.3`
    /// (required).
    pub image: Option<Sp<String>>,
    /// A port the container listens on, reachable from the service on `localhost`; it is never
    /// behind the load balancer.
    #[schemars(range(min = 1))]
    pub port: Option<Sp<u16>>,
    /// The command it runs instead of the image's own.
    pub command: Option<Sp<Vec<Sp<String>>>>,
    /// Plain environment variables.
    pub environment: Option<Sp<IndexMap<Sp<String>, Sp<String>>>>,
    /// Secret environment variables, the same references a service takes: `database:username`,
    /// `database:password`, `cache:auth_token`, `secret:<name>` or `secret:<name>:<json-key>`.
    pub secrets: Option<Sp<IndexMap<Sp<String>, Sp<String>>>>,
    /// Whether the task stops when this container stops (ECS). Default `true`. On EKS a sidecar
    /// is restarted when it stops, whatever this says.
    pub essential: Option<Sp<bool>>,
    /// CPU units reserved for it out of the service's `cpu`. Default 64.
    pub cpu: Option<Sp<u32>>,
    /// Memory in MiB it may use, out of the service's `memory`. Default 128.
    pub memory: Option<Sp<u32>>,
    /// A command that reports the container's health, exit status 0 meaning healthy, e.g.
    /// `["CMD", "/healthcheck"]`; needed when another container waits for it to be `healthy`.
    pub health_check_command: Option<Sp<Vec<Sp<String>>>>,
    /// The containers this one starts after, by name (another sidecar, or the service's own
    /// name for its main container), each with what it waits for: `start`, `healthy`,
    /// `complete` or `success`.
    pub depends_on: Option<Sp<IndexMap<Sp<String>, Sp<ContainerCondition>>>>,
    /// The user it runs as, `uid[:gid]` or a name. Default: the image's own.
    pub user: Option<Sp<String>>,
    /// Whether its root filesystem is read-only (a writable `/tmp` is mounted). Default `true`.
    pub read_only_root_filesystem: Option<Sp<bool>>,
}

/// What a container waits for in another before it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContainerCondition {
    /// The other container has started.
    Start,
    /// The other container passes its health check.
    Healthy,
    /// The other container has run to completion, whatever its exit status.
    Complete,
    /// The other container has exited with status 0.
    Success,
}
