use indexmap::IndexMap;

use crate::aws::fargate;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{
    Autoscaling, Bucket, Cache, Compute, Database, ImageSource, Kafka, Network, Secret, SecretEnv,
    SecretSource, Service,
};
use crate::names::MAX_COMPONENT_NAME;
use crate::raw::{AutoscalingRaw, Language, NatMode, ServiceRaw};
use crate::span::{Sp, Span};

use super::compute::check_ordered;
use super::project::check_name;
use super::renames::{Keyed, check_renames};
use super::{Context, list, or, span_or};

/// What a service may reference, resolved before the services.
pub(super) struct References<'a> {
    pub compute: &'a Compute,
    pub network: &'a Network,
    pub database: Option<&'a Database>,
    pub cache: Option<&'a Cache>,
    pub secrets: &'a [Secret],
    pub buckets: &'a [Bucket],
    pub kafka: Option<&'a Kafka>,
}

pub(super) fn services(
    raw: Option<&IndexMap<Sp<String>, Sp<ServiceRaw>>>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> Vec<Service> {
    let Some(raw) = raw.filter(|services| !services.is_empty()) else {
        cx.push(
            Diagnostic::error(cx.project_anchor.clone(), "the blueprint has no services", "no `[services.<name>]` table")
                .with_help("add at least one service, e.g.\n  [services.web]\n  port = 8080\n  dockerfile = \"Dockerfile\""),
        );
        return Vec::new();
    };
    let keyed: Vec<Keyed<'_>> = raw
        .iter()
        .map(|(key, service)| Keyed {
            key,
            renamed_from: service.renamed_from.as_ref(),
        })
        .collect();
    let renames = check_renames(&keyed, "service", check_service_name, cx);
    let services: Vec<Service> = raw
        .iter()
        .zip(renames)
        .map(|((name, service), renamed_from)| self::service(name, service, renamed_from, refs, cx))
        .collect();

    let default_routes: Vec<&Sp<String>> = raw
        .iter()
        .filter(|(_, service)| {
            or(service.public.as_ref(), true) && service.paths.is_none() && service.hosts.is_none()
        })
        .map(|(name, _)| name)
        .collect();
    if let [_, second, ..] = default_routes.as_slice() {
        cx.push(
            Diagnostic::error(
                second.span(),
                format!(
                    "`{}` and `{}` both claim every request",
                    default_routes[0].get(),
                    second.get()
                ),
                "second default route",
            )
            .with_help("give all but one public service `paths` or `hosts` to route by"),
        );
    }
    // A route is a path pattern under a set of hosts; two services cannot share one.
    let mut claimed: IndexMap<(String, Vec<String>), &str> = IndexMap::new();
    for (name, service) in raw {
        let hosts: Vec<String> = list(service.hosts.as_ref());
        for path in service.paths.iter().flat_map(|paths| paths.iter()) {
            let route = (path.get().clone(), hosts.clone());
            if let Some(owner) = claimed.get(&route) {
                cx.push(
                    Diagnostic::error(
                        path.span(),
                        format!("path `{}` is already routed to `{owner}`", path.get()),
                        "duplicate route",
                    )
                    .with_help("each path pattern (per host) can route to one service only"),
                );
            } else {
                claimed.insert(route, name.get());
            }
        }
    }
    services
}

#[allow(
    clippy::too_many_lines,
    reason = "one setting after another, each with its default and rule"
)]
fn service(
    name: &Sp<String>,
    raw: &Sp<ServiceRaw>,
    renamed_from: Option<String>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> Service {
    check_service_name(name, &mut cx.diagnostics);
    let makes_target_group =
        matches!(refs.compute, Compute::Ecs(_)) && raw.public.as_ref().is_none_or(|p| *p.get());
    // A renamed service keeps the AWS names of its old key.
    let named = match (&renamed_from, &raw.renamed_from) {
        (Some(_), Some(old)) => old,
        _ => name,
    };
    super::service_limits::check_derived_names(named, refs.compute, makes_target_group, cx);
    super::service_limits::check(raw, refs.compute, cx);
    let anchor = name.span();

    let port = match &raw.port {
        // The schema already refused 0.
        Some(port) => *port.get(),
        None => {
            cx.push(
                Diagnostic::error(
                    anchor.clone(),
                    format!("service `{}` has no `port`", name.get()),
                    "missing `port`",
                )
                .with_help("set the port the container listens on, e.g. `port = 8080`"),
            );
            0
        }
    };

    let image = image_source(name, raw, refs, cx);

    let (cpu, memory) = task_size(raw, &anchor, refs.compute, cx);

    // With autoscaling, an unwritten desired count starts inside the written range.
    let baseline = if cx.production { 2 } else { 1 };
    let desired_count = match (&raw.desired_count, &raw.autoscaling) {
        (Some(desired), _) => *desired.get(),
        (None, Some(scaling)) => {
            let min = scaling.min.as_ref().map_or(0, |m| *m.get());
            let max = scaling.max.as_ref().map_or(u32::MAX, |m| *m.get());
            baseline.max(min).min(max.max(min))
        }
        (None, None) => baseline,
    };
    let autoscaling = raw
        .autoscaling
        .as_ref()
        .map(|a| autoscaling(a, desired_count, raw.desired_count.as_ref(), cx));

    let health_check_path = or(raw.health_check_path.as_ref(), "/health".to_owned());
    if let Some(path) = &raw.health_check_path {
        check_url_path(path, "health check path", cx);
    }
    for path in raw.paths.iter().flat_map(|paths| paths.iter()) {
        check_url_path(path, "routing path", cx);
    }
    for host in raw.hosts.iter().flat_map(|hosts| hosts.iter()) {
        check_host(host, cx);
    }
    let public = or(raw.public.as_ref(), true);

    let (environment, secrets) = variables(raw, refs, cx);
    check_bucket_references(raw, refs.buckets, cx);
    let language = or(raw.language.as_ref(), Language::Custom);
    if language == Language::Custom
        && raw.test_commands.is_none()
        && matches!(image, ImageSource::Build { .. })
        && raw.language.is_some()
    {
        cx.push(
            Diagnostic::warning(
                span_or(raw.language.as_ref(), &anchor),
                "a `custom` language runs no tests in CI without `test_commands`",
                "no tests",
            )
            .with_help("add `test_commands = [\"make test\"]` or choose node, python, php or go"),
        );
    }
    let source_dir = raw.source_dir.as_ref().map_or_else(
        || match &image {
            ImageSource::Build { context, .. } => context.clone(),
            ImageSource::External { .. } => ".".to_owned(),
        },
        |dir| dir.get().clone(),
    );
    for path in [
        raw.dockerfile.as_ref(),
        raw.context.as_ref(),
        raw.source_dir.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        if path.starts_with('/') || path.split('/').any(|part| part == "..") {
            cx.push(
                Diagnostic::error(
                    path.span(),
                    format!("`{}` leaves the repository", path.get()),
                    "not a repository path",
                )
                .with_help("use a path relative to the repository root, without `..`"),
            );
        }
    }

    let user = container_user(raw, &image, port, cx);
    Service {
        name: name.get().clone(),
        renamed_from,
        port,
        image,
        cpu,
        memory,
        desired_count,
        autoscaling,
        health_check_path,
        public,
        paths: list(raw.paths.as_ref()),
        hosts: list(raw.hosts.as_ref()),
        environment,
        secrets,
        kafka: uses_kafka(raw, refs.kafka, cx),
        buckets: list(raw.buckets.as_ref()),
        user,
        read_only_root_filesystem: or(raw.read_only_root_filesystem.as_ref(), true),
        language,
        language_version: raw.language_version.as_ref().map(|v| v.get().clone()),
        source_dir,
        test_commands: list(raw.test_commands.as_ref()),
    }
}

fn check_service_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    check_name(name, "service", MAX_COMPONENT_NAME, diagnostics);
}

/// Checks the AWS names built from a service name against their length limits.
fn autoscaling(
    raw: &Sp<AutoscalingRaw>,
    desired: u32,
    desired_at: Option<&Sp<u32>>,
    cx: &mut Context<'_>,
) -> Autoscaling {
    let min = or(raw.min.as_ref(), desired);
    let max = match &raw.max {
        Some(max) => *max.get(),
        None => {
            cx.push(
                Diagnostic::error(raw.span(), "autoscaling needs `max`", "missing `max`")
                    .with_help("set the most tasks autoscaling may run, e.g. `max = 4`"),
            );
            desired.max(min)
        }
    };
    check_ordered(
        &[
            ("autoscaling.min", min, raw.min.as_ref()),
            ("desired_count", desired, desired_at),
            ("autoscaling.max", max, raw.max.as_ref()),
        ],
        raw.span(),
        "task counts",
        cx,
    );
    for (name, target) in [
        ("cpu_target", raw.cpu_target.as_ref()),
        ("memory_target", raw.memory_target.as_ref()),
    ] {
        if let Some(target) = target
            && !(1..=100).contains(target.get())
        {
            cx.push(
                Diagnostic::error(
                    target.span(),
                    format!("`{name}` is a percentage from 1 to 100"),
                    "out of range",
                )
                .with_help("e.g. 60"),
            );
        }
    }
    if let Some(requests) = &raw.requests_per_target
        && *requests.get() == 0
    {
        cx.push(
            Diagnostic::error(
                requests.span(),
                "`requests_per_target` must be at least 1",
                "zero",
            )
            .with_help("e.g. 1000 requests per task per minute"),
        );
    }
    Autoscaling {
        min,
        max,
        cpu_target: or(raw.cpu_target.as_ref(), 60),
        memory_target: raw.memory_target.as_ref().map(|t| *t.get()),
        requests_per_target: raw.requests_per_target.as_ref().map(|r| *r.get()),
    }
}

#[allow(clippy::too_many_lines, reason = "one arm per kind of reference")]
fn resolve_secret(
    reference: &Sp<String>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> Option<SecretSource> {
    let help = "use `database:username`, `database:password`, `cache:auth_token`, `secret:<name>` or `secret:<name>:<json-key>`";
    let (kind, rest) = reference
        .split_once(':')
        .unwrap_or((reference.as_str(), ""));
    let source = match (kind, rest) {
        ("database", "username" | "password") => {
            if refs.database.is_none() {
                cx.push(
                    Diagnostic::error(
                        reference.span(),
                        format!(
                            "`{}` refers to a database, but there is none",
                            reference.get()
                        ),
                        "no database",
                    )
                    .with_help("add a `[database]` table, or remove this secret"),
                );
                return None;
            }
            if rest == "username" {
                SecretSource::DatabaseUsername
            } else {
                SecretSource::DatabasePassword
            }
        }
        ("cache", "auth_token") => match refs.cache {
            None => {
                cx.push(
                    Diagnostic::error(
                        reference.span(),
                        "`cache:auth_token` refers to a cache, but there is none",
                        "no cache",
                    )
                    .with_help("add a `[cache]` table, or remove this secret"),
                );
                return None;
            }
            Some(cache) if !cache.transit_encryption => {
                cx.push(
                        Diagnostic::error(reference.span(), "the cache has no auth token because `transit_encryption` is off", "no auth token")
                            .with_help("turn `cache.transit_encryption` on (ElastiCache needs TLS for auth tokens)"),
                    );
                return None;
            }
            Some(_) => SecretSource::CacheAuthToken,
        },
        ("secret", rest) if !rest.is_empty() => {
            let (name, json_key) = match rest.split_once(':') {
                Some((name, key)) => (name, Some(key.to_owned())),
                None => (rest, None),
            };
            if !refs.secrets.iter().any(|s| s.name == name) {
                let names: Vec<&str> = refs.secrets.iter().map(|s| s.name.as_str()).collect();
                let diagnostic = Diagnostic::error(
                    reference.span(),
                    format!("there is no secret `{name}`"),
                    "unknown secret",
                );
                cx.push(match did_you_mean(name, names.iter().copied()) {
                    Some(close) => diagnostic.with_help(format!("did you mean `secret:{close}`?")),
                    None => diagnostic.with_help(format!("declare it as `[secrets.{name}]`")),
                });
                return None;
            }
            if json_key.as_deref() == Some("") {
                cx.push(
                    Diagnostic::error(
                        reference.span(),
                        "the JSON key after the second `:` is empty",
                        "empty key",
                    )
                    .with_help(help),
                );
                return None;
            }
            SecretSource::Secret {
                name: name.to_owned(),
                json_key,
            }
        }
        ("database" | "cache", _) => {
            let valid: &[&str] = if kind == "database" {
                &["database:username", "database:password"]
            } else {
                &["cache:auth_token"]
            };
            let diagnostic = Diagnostic::error(
                reference.span(),
                format!("`{}` is not a value the {kind} provides", reference.get()),
                "unknown key",
            );
            cx.push(match did_you_mean(reference.get(), valid.iter().copied()) {
                Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                None => diagnostic.with_help(format!(
                    "use {}",
                    valid
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            });
            return None;
        }
        _ => {
            cx.push(
                Diagnostic::error(
                    reference.span(),
                    format!("`{}` is not a secret reference", reference.get()),
                    "not a reference",
                )
                .with_help(help),
            );
            return None;
        }
    };
    Some(source)
}

fn check_external_image(image: &Sp<String>, network: &Network, cx: &mut Context<'_>) {
    if image.is_empty() || image.contains(char::is_whitespace) {
        cx.push(
            Diagnostic::error(
                image.span(),
                "an image reference cannot be empty or contain spaces",
                "invalid image",
            )
            .with_help("e.g. \"public.ecr.aws/nginx/nginx:1.27\""),
        );
        return;
    }
    if let Some(problem) = super::service_limits::image_problem(image.get()) {
        cx.push(
            Diagnostic::error(image.span(), format!("`{}` is not a pinned image reference: {problem}", image.get()), "invalid image")
                .with_help("pin a tag or digest, e.g. `nginx:1.27` or `nginx@sha256:…`; Terraform refuses an image without one"),
        );
        return;
    }
    let last = image.rsplit('/').next().unwrap_or_default();
    if last.ends_with(":latest") {
        cx.push(
            Diagnostic::warning(image.span(), format!("`{}` is not pinned to a version", image.get()), "floating tag")
                .with_help("pin a tag or digest, e.g. `nginx:1.27` or `nginx@sha256:…`, so deploys are repeatable"),
        );
    }
    let registry = image.split('/').next().unwrap_or_default();
    let from_ecr = registry.contains(".dkr.ecr.") && registry.ends_with(".amazonaws.com");
    if network.nat == NatMode::None && !from_ecr {
        cx.push(
            Diagnostic::warning(image.span(), "without NAT, tasks can pull images only from ECR in this region", "unreachable registry")
                .with_help("use a NAT (`network.nat = \"single\"`) or mirror the image into ECR (pull-through cache)"),
        );
    }
}

fn check_url_path(path: &Sp<String>, what: &str, cx: &mut Context<'_>) {
    if !path.starts_with('/') || path.contains(char::is_whitespace) || path.len() > 128 {
        cx.push(
            Diagnostic::error(
                path.span(),
                format!("`{}` is not a valid {what}", path.get()),
                "invalid path",
            )
            .with_help("start with `/`, no spaces, at most 128 characters, e.g. \"/api/*\""),
        );
    }
}

fn check_host(host: &Sp<String>, cx: &mut Context<'_>) {
    let name = host.strip_prefix("*.").unwrap_or(host.get());
    let valid = name.contains('.')
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    if !valid {
        cx.push(
            Diagnostic::error(
                host.span(),
                format!("`{}` is not a host name", host.get()),
                "invalid host",
            )
            .with_help(
                "use a lowercase domain name, e.g. \"api.example.com\" or \"*.example.com\"",
            ),
        );
    }
}

fn check_variable_name(key: &Sp<String>, cx: &mut Context<'_>) {
    let valid = key
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        cx.push(
            Diagnostic::error(
                key.span(),
                format!("`{}` is not a valid environment variable name", key.get()),
                "invalid name",
            )
            .with_help(
                "use letters, digits and underscores, not starting with a digit, e.g. DATABASE_URL",
            ),
        );
    }
}

fn looks_secret(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    ["PASSWORD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY"]
        .iter()
        .any(|word| upper.contains(word))
}

fn parent_dir(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() => dir.to_owned(),
        _ => ".".to_owned(),
    }
}

/// Where the service's image comes from: built from a Dockerfile, or an external reference.
fn image_source(
    name: &Sp<String>,
    raw: &ServiceRaw,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> ImageSource {
    let anchor = name.span();
    match (&raw.dockerfile, &raw.image) {
        (Some(dockerfile), None) => ImageSource::Build {
            dockerfile: dockerfile.get().clone(),
            context: raw.context.as_ref().map_or_else(
                || parent_dir(dockerfile.get()),
                |context| context.get().clone(),
            ),
        },
        (None, Some(image)) => {
            if let Some(context) = &raw.context {
                cx.push(
                    Diagnostic::error(
                        context.span(),
                        "`context` only applies to images built from a `dockerfile`",
                        "unused",
                    )
                    .with_help("remove `context`"),
                );
            }
            check_external_image(image, refs.network, cx);
            ImageSource::External {
                image: image.get().clone(),
            }
        }
        (Some(_), Some(image)) => {
            cx.push(
                Diagnostic::error(
                    image.span(),
                    format!("service `{}` has both `dockerfile` and `image`", name.get()),
                    "second image source",
                )
                .with_help(
                    "keep `dockerfile` to build the image in CI, or `image` to run an existing one",
                ),
            );
            ImageSource::External {
                image: image.get().clone(),
            }
        }
        (None, None) => {
            cx.push(
                Diagnostic::error(anchor.clone(), format!("service `{}` has no image", name.get()), "no `dockerfile` or `image`")
                    .with_help("add `dockerfile = \"path/to/Dockerfile\"` (built by CI) or `image = \"repo/name:tag\"`"),
            );
            ImageSource::External {
                image: String::new(),
            }
        }
    }
}

/// The task's CPU units and memory, checked against the sizes Fargate offers.
fn task_size(
    raw: &ServiceRaw,
    anchor: &Span,
    compute: &Compute,
    cx: &mut Context<'_>,
) -> (u32, u32) {
    let cpu = or(raw.cpu.as_ref(), 256);
    let memory = or(raw.memory.as_ref(), 512);
    if matches!(compute, Compute::Ecs(_)) && !fargate::is_valid(cpu, memory) {
        if fargate::memory_options(cpu).is_empty() {
            cx.push(
                Diagnostic::error(
                    span_or(raw.cpu.as_ref(), anchor),
                    format!("Fargate has no task size with {cpu} CPU units"),
                    "invalid cpu",
                )
                .with_help(format!(
                    "use one of {}",
                    fargate::CPU_UNITS
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        } else {
            cx.push(
                Diagnostic::error(
                    raw.memory
                        .as_ref()
                        .or(raw.cpu.as_ref())
                        .map_or_else(|| anchor.clone(), Sp::span),
                    format!("Fargate does not offer {cpu} CPU units with {memory} MiB"),
                    "invalid cpu/memory pair",
                )
                .with_help(format!(
                    "with cpu = {cpu}, memory must be {}",
                    fargate::describe_memory_options(cpu)
                )),
            );
        }
    }
    (cpu, memory)
}

/// The plain and secret environment variables, with every secret reference resolved.
fn variables(
    raw: &ServiceRaw,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> (IndexMap<String, String>, Vec<SecretEnv>) {
    let environment: IndexMap<String, String> = raw
        .environment
        .iter()
        .flat_map(|env| env.iter())
        .map(|(key, value)| {
            check_variable_name(key, cx);
            if looks_secret(key) {
                cx.push(
                    Diagnostic::warning(key.span(), format!("`{}` looks like a secret but is a plain environment variable", key.get()), "plain value")
                        .with_help("plain values end up in the task definition; move it to `secrets` as `secret:<name>`"),
                );
            }
            (key.get().clone(), value.get().clone())
        })
        .collect();
    let secrets = raw
        .secrets
        .iter()
        .flat_map(|secrets| secrets.iter())
        .filter_map(|(key, reference)| {
            check_variable_name(key, cx);
            if environment.contains_key(key.get()) {
                cx.push(
                    Diagnostic::error(
                        key.span(),
                        format!("`{}` is both a plain variable and a secret", key.get()),
                        "defined twice",
                    )
                    .with_help("keep it in `secrets` only"),
                );
            }
            resolve_secret(reference, refs, cx).map(|source| SecretEnv {
                name: key.get().clone(),
                source,
            })
        })
        .collect();

    (environment, secrets)
}

/// Reports bucket names the service uses that the blueprint does not declare.
fn check_bucket_references(raw: &ServiceRaw, buckets: &[Bucket], cx: &mut Context<'_>) {
    for bucket in raw.buckets.iter().flat_map(|buckets| buckets.iter()) {
        if !buckets.iter().any(|b| b.name == *bucket.get()) {
            let names: Vec<&str> = buckets.iter().map(|b| b.name.as_str()).collect();
            let diagnostic = Diagnostic::error(
                bucket.span(),
                format!("there is no bucket `{}`", bucket.get()),
                "unknown bucket",
            );
            cx.push(match did_you_mean(bucket.get(), names.iter().copied()) {
                Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                None => diagnostic.with_help(format!("declare it as `[buckets.{}]`", bucket.get())),
            });
        }
    }
}

/// The default non-root user of images plinth's CI builds.
const DEFAULT_USER: &str = "1000:1000";

/// The container user: written, or non-root by default for built images.
fn container_user(
    raw: &ServiceRaw,
    image: &ImageSource,
    port: u16,
    cx: &mut Context<'_>,
) -> Option<String> {
    let user = match (&raw.user, image) {
        (Some(user), _) => {
            let valid = user.split(':').count() <= 2
                && user.split(':').all(|part| {
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
                });
            if !valid {
                cx.push(
                    Diagnostic::error(
                        user.span(),
                        format!("`{}` is not a container user", user.get()),
                        "invalid user",
                    )
                    .with_help("write `uid`, `uid:gid` or a user name, e.g. \"1000:1000\""),
                );
            } else if matches!(user.split(':').next(), Some("root" | "0")) {
                cx.push(
                    Diagnostic::warning(user.span(), "the container runs as root", "root")
                        .with_help("run as an unprivileged user, e.g. \"1000:1000\", so a compromised process cannot own the task"),
                );
            }
            return Some(user.get().clone());
        }
        (None, ImageSource::Build { .. }) => DEFAULT_USER,
        (None, ImageSource::External { .. }) => return None,
    };
    if port < 1024 && port > 0 {
        cx.push(
            Diagnostic::warning(
                span_or(raw.port.as_ref(), &cx.anchor.clone()),
                format!("a non-root container cannot listen on port {port}"),
                "privileged port",
            )
            .with_help(
                "listen on 1024 or above (e.g. 8080); the load balancer still serves 80 and 443",
            ),
        );
    }
    Some(user.to_owned())
}

/// Whether the service uses Kafka; `kafka = true` needs a `[kafka]` cluster.
fn uses_kafka(raw: &ServiceRaw, kafka: Option<&Kafka>, cx: &mut Context<'_>) -> bool {
    let Some(flag) = &raw.kafka else { return false };
    if *flag.get() && kafka.is_none() {
        cx.push(
            Diagnostic::error(
                flag.span(),
                "the service uses Kafka, but there is no `[kafka]` cluster",
                "no cluster",
            )
            .with_help("add a `[kafka]` table, or remove `kafka = true`"),
        );
        return false;
    }
    *flag.get()
}
