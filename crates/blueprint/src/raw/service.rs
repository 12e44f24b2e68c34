use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Sp;

use super::{ContainerCondition, SidecarRaw};

/// A `[services.<name>]` table: one containerised workload, a `web` service that serves on a
/// port or a `worker` that serves nothing.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
// Editors show a worker's table without the web-only keys, and a web service's without the
// worker's, when the table names its kind (an `[env.<name>]` overlay usually does not: the
// validator checks the merged service either way); the loader reports such a key where it is.
#[schemars(extend("allOf" = [
    {
        "if": { "required": ["kind"], "properties": { "kind": { "const": "worker" } } },
        "then": { "properties": {
            "port": false, "health_check_path": false, "public": false, "paths": false,
            "hosts": false,
            "autoscaling": { "properties": { "requests_per_target": false } },
            "schedule": false, "timezone": false, "timeout_seconds": false, "retries": false,
            "concurrency": false, "command": false
        } }
    },
    {
        "if": { "required": ["kind"], "properties": { "kind": { "const": "web" } } },
        "then": { "properties": {
            "health_check_command": false,
            "autoscaling": { "properties": { "backlog_per_task": false } },
            "schedule": false, "timezone": false, "timeout_seconds": false, "retries": false,
            "concurrency": false, "command": false
        } }
    },
    {
        "if": { "required": ["kind"], "properties": { "kind": { "const": "job" } } },
        "then": {
            "required": ["schedule"],
            "properties": {
                "port": false, "health_check_path": false, "public": false, "paths": false,
                "hosts": false, "health_check_command": false, "desired_count": false,
                "autoscaling": false, "release_command": false, "release_timeout_seconds": false,
                "exec": false
            }
        }
    }
]))]
pub struct ServiceRaw {
    /// What the service is: `web` (default) serves HTTP on `port`, publicly through the load
    /// balancer or privately to the other services; `worker` serves nothing and works in the
    /// background, e.g. on the queues it `consumes`; `job` runs to completion on a `schedule`.
    /// Changing it replaces the service.
    pub kind: Option<Sp<ServiceKind>>,
    /// The key this service had before it was renamed. Its AWS resources keep the names derived from
    /// the old key, and plinth emits `moved` blocks so Terraform state follows the rename; keep it for as long as the service exists (see docs/regeneration.md).
    pub renamed_from: Option<Sp<String>>,
    /// Web only: the port the container listens on, 1–65535 (required).
    #[schemars(range(min = 1))]
    pub port: Option<Sp<u16>>,
    /// Path of the service's Dockerfile in the repository; plinth creates an ECR repository and CI
    /// builds and pushes the image. Give either `dockerfile` or `image`.
    pub dockerfile: Option<Sp<String>>,
    /// Docker build context; default: the Dockerfile's directory.
    pub context: Option<Sp<String>>,
    /// An external image pinned to a tag or digest, e.g. `public.ecr.aws/nginx/nginx:1.27`,
    /// instead of a `dockerfile`.
    pub image: Option<Sp<String>>,
    /// CPU units (1024 = one vCPU). Default 256. On Fargate, cpu and memory must be a valid pair.
    pub cpu: Option<Sp<u32>>,
    /// Memory in MiB. Default 512.
    pub memory: Option<Sp<u32>>,
    /// Web and worker: how many tasks or pods run. Default 1 (2 in production-like environments).
    pub desired_count: Option<Sp<u32>>,
    /// Web and worker: target-tracking autoscaling. Omit for a fixed `desired_count`.
    pub autoscaling: Option<Sp<AutoscalingRaw>>,
    /// Web only: the HTTP path the load balancer health-checks. Default `/health`.
    pub health_check_path: Option<Sp<String>>,
    /// Web only: whether the service is reachable from the internet through the public load balancer
    /// (default `true`). Without it, other services reach it by name: on ECS as
    /// `<service>.<project>-<env>.internal` (service discovery, also injected into the other
    /// services as `SERVICE_<NAME>_URL`), on EKS through its Kubernetes Service.
    pub public: Option<Sp<bool>>,
    /// Web only: path patterns routed to this service, e.g. `["/api/*"]`. A service without `paths` or
    /// `hosts` is the default route (at most one may be). At most five `paths` and `hosts`
    /// together (one load balancer rule).
    pub paths: Option<Sp<Vec<Sp<String>>>>,
    /// Web only: host names routed to this service, e.g. `["api.example.com"]`.
    pub hosts: Option<Sp<Vec<Sp<String>>>>,
    /// Plain environment variables. Never put secrets here; use `secrets`.
    pub environment: Option<Sp<IndexMap<Sp<String>, Sp<String>>>>,
    /// Secret environment variables, each a reference: `database:username`, `database:password`,
    /// `cache:auth_token`, or `secret:<name>` / `secret:<name>:<json-key>` for a `[secrets.<name>]`.
    pub secrets: Option<Sp<IndexMap<Sp<String>, Sp<String>>>>,
    /// Whether the service produces to or consumes from the `[kafka]` cluster: it gets network
    /// access and IAM permissions for it, and `KAFKA_BOOTSTRAP_SERVERS`. Default `false`.
    pub kafka: Option<Sp<bool>>,
    /// Names of `[buckets.<name>]` this service reads and writes.
    pub buckets: Option<Sp<Vec<Sp<String>>>>,
    /// Names of `[queues.<name>]` this service receives messages from: it may receive, delete
    /// and delay their messages, and gets each queue's URL as `QUEUE_<NAME>_URL`.
    pub consumes: Option<Sp<Vec<Sp<String>>>>,
    /// Names of `[queues.<name>]` and `[topics.<name>]` this service sends messages to: it may
    /// send to each, and gets `QUEUE_<NAME>_URL` or `TOPIC_<NAME>_ARN`.
    pub publishes: Option<Sp<Vec<Sp<String>>>>,
    /// Worker only: a command the container runs to report its health, exit status 0 meaning
    /// healthy, e.g. `["CMD-SHELL", "test -f /tmp/alive"]` (ECS) or the same arguments as an exec
    /// liveness probe (EKS). Default: the container is healthy while its process runs.
    pub health_check_command: Option<Sp<Vec<Sp<String>>>>,
    /// The user the container runs as, `uid[:gid]` or a name. Default `"1000:1000"` (non-root) for
    /// services built from a `dockerfile`, whose image you control; an external `image` runs as
    /// its own user unless you set one.
    pub user: Option<Sp<String>>,
    /// Whether the container's root filesystem is read-only. Default `true`.
    pub read_only_root_filesystem: Option<Sp<bool>>,
    /// Job only: when it runs, `cron(minutes hours day-of-month month day-of-week year)` or
    /// `rate(<n> minutes|hours|days)` in EventBridge Scheduler syntax, e.g. `"cron(0 3 * * ? *)"`
    /// for 03:00 every day (required). On EKS it becomes the CronJob's schedule, so only what a
    /// Kubernetes cron expresses is accepted there (no `L`, `W`, `#` or year).
    pub schedule: Option<Sp<String>>,
    /// Job only: the IANA time zone `schedule` is read in, e.g. `"Europe/Paris"`. Default `"UTC"`.
    pub timezone: Option<Sp<String>>,
    /// Job only: a run that lasts longer is stopped and counts as failed, 60–86400 seconds.
    /// Default 3600.
    pub timeout_seconds: Option<Sp<u32>>,
    /// Job only: how many times a failed run is tried again, 0–10. Default 0.
    pub retries: Option<Sp<u32>>,
    /// Job only: what happens when a run is due while the previous one still runs: `forbid`
    /// (default) skips the new run, `allow` starts it alongside.
    pub concurrency: Option<Sp<Concurrency>>,
    /// Job only: the command the container runs instead of the image's own, e.g.
    /// `["python", "-m", "reports.nightly"]`. Default: the image's command.
    pub command: Option<Sp<Vec<Sp<String>>>>,
    /// Web and worker: a command the deploy runs once with each new image before the service moves
    /// onto it, e.g. `["php", "artisan", "migrate", "--force"]`: a one-off task (ECS) or Job (EKS)
    /// with the service's configuration, secrets and network access. Its output is printed in the
    /// deploy's log; a non-zero exit stops the deploy and the service keeps its running image.
    pub release_command: Option<Sp<Vec<Sp<String>>>>,
    /// Web and worker: how long the release command may run before it is stopped and the deploy
    /// fails, 60–3600 seconds. Default 900.
    pub release_timeout_seconds: Option<Sp<u32>>,
    /// Web and worker, ECS: turn on ECS Exec, so `aws ecs execute-command` can open a shell in a
    /// running task; every session is logged to CloudWatch. Default `false`; set it per
    /// environment (`[env.dev.services.<name>] exec = true`). ECS Exec needs
    /// `read_only_root_filesystem = false`. docs/security.md says what turning it on means.
    pub exec: Option<Sp<bool>>,
    /// More containers in every task or pod of the service (`[[services.<name>.sidecars]]`),
    /// e.g. a log router or a proxy; their `cpu` and `memory` come out of the service's.
    pub sidecars: Option<Sp<Vec<Sp<SidecarRaw>>>>,
    /// The sidecars the service's own container starts after, by name, each with what it waits
    /// for: `start`, `healthy`, `complete` or `success`, e.g. `{ envoy = "healthy" }`.
    pub depends_on: Option<Sp<IndexMap<Sp<String>, Sp<ContainerCondition>>>>,
    /// The language CI builds and tests: `node`, `python`, `php`, `go` or `custom`.
    pub language: Option<Sp<Language>>,
    /// The toolchain version CI uses, e.g. `"22"` for Node or `"3.12"` for Python.
    pub language_version: Option<Sp<String>>,
    /// The service's directory in the repository; CI runs when files below it change. Default:
    /// the build context.
    pub source_dir: Option<Sp<String>>,
    /// Commands CI runs to test the service, replacing the language's defaults.
    pub test_commands: Option<Sp<Vec<Sp<String>>>>,
}

/// `[services.<name>.autoscaling]`: target tracking on CPU, and optionally memory and requests.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoscalingRaw {
    /// Fewest tasks. Default: the service's `desired_count`.
    pub min: Option<Sp<u32>>,
    /// Most tasks (required).
    pub max: Option<Sp<u32>>,
    /// Target average CPU utilisation in percent. Default 60.
    pub cpu_target: Option<Sp<u8>>,
    /// Target average memory utilisation in percent.
    pub memory_target: Option<Sp<u8>>,
    /// Web only: target ALB requests per task per minute.
    pub requests_per_target: Option<Sp<u32>>,
    /// Worker only (ECS): target messages waiting per task, summed over the queues the service
    /// `consumes`: the service scales out when the backlog per running task is above it.
    #[schemars(range(min = 1))]
    pub backlog_per_task: Option<Sp<u32>>,
}

/// What a service is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ServiceKind {
    /// Serves HTTP on a port: behind the load balancer, or privately to the other services.
    Web,
    /// Serves nothing: works in the background, e.g. on the queues it consumes.
    Worker,
    /// Runs to completion on a schedule.
    Job,
}

/// What a job does when a run is due while the previous run still runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Concurrency {
    /// Skip the new run.
    Forbid,
    /// Start the new run alongside.
    Allow,
}

/// The toolchain CI uses for a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Node.js: `npm ci`, lint, test, build.
    Node,
    /// Python: pip or Poetry, lint, pytest.
    Python,
    /// PHP: Composer, PHPUnit, PHPStan, PHP_CodeSniffer.
    Php,
    /// Go: vet, test, build.
    Go,
    /// Only the blueprint's `test_commands`.
    Custom,
}
