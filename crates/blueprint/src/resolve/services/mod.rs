//! Services: each one's settings with their defaults and rules, and the routes they share.

mod autoscaling;
mod container;
mod exec;
mod image;
mod job;
mod kind;
mod messaging;
mod release;
mod routing;
mod schedule;
mod sidecars;
mod tracing;
mod variables;

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{
    Bucket, Cache, Compute, Database, ImageSource, Kafka, Network, Queue, Secret, Service, Topic,
    Tracing, Workload,
};
use crate::names::MAX_COMPONENT_NAME;
use crate::raw::{Language, ServiceKind, ServiceRaw};
use crate::span::Sp;

use super::project::check_name;
use super::renames::{Keyed, check_renames};
use super::{Context, list, or, span_or};
use autoscaling::autoscaling;
use container::{container_user, task_size};
use exec::exec;
use image::image_source;
pub(crate) use kind::misplaced_key;
use kind::{kind_of, workload};
use messaging::messaging;
use release::release;
use sidecars::{MainContainer, sidecars};
use variables::variables;

/// What a service may reference, resolved before the services.
pub(super) struct References<'a> {
    pub compute: &'a Compute,
    pub network: &'a Network,
    pub database: Option<&'a Database>,
    pub cache: Option<&'a Cache>,
    pub secrets: &'a [Secret],
    pub buckets: &'a [Bucket],
    pub queues: &'a [Queue],
    pub topics: &'a [Topic],
    pub kafka: Option<&'a Kafka>,
    pub tracing: Option<Tracing>,
}

/// The directories `k8s/<env>/` holds beside one per service (plinth-kubernetes: the namespace's
/// kustomization and the release kustomizations).
const DIRECTORIES_BESIDE_SERVICES: [&str; 2] = ["namespace", "releases"];

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
            kind_of(service) == ServiceKind::Web
                && or(service.public.as_ref(), true)
                && service.paths.is_none()
                && service.hosts.is_none()
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
    for (name, service) in raw.iter().filter(|(_, s)| kind_of(s) == ServiceKind::Web) {
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
    if matches!(refs.compute, Compute::Eks(_))
        && DIRECTORIES_BESIDE_SERVICES.contains(&name.as_str())
    {
        cx.push(
            Diagnostic::error(
                name.span(),
                format!("a service cannot be named `{}` on EKS", name.get()),
                "name taken",
            )
            .with_help("`k8s/<env>/namespace/` holds the namespace and `k8s/<env>/releases/` the release Jobs, beside one directory per service: choose another name (a service keeps its AWS names through `renamed_from`)"),
        );
    }
    let kind = kind_of(raw);
    let makes_target_group = matches!(refs.compute, Compute::Ecs(_))
        && kind == ServiceKind::Web
        && raw.public.as_ref().is_none_or(|p| *p.get());
    // A renamed service keeps the AWS names of its old key.
    let named = match (&renamed_from, &raw.renamed_from) {
        (Some(_), Some(old)) => old,
        _ => name,
    };
    super::service_limits::check_derived_names(named, refs.compute, makes_target_group, cx);
    super::service_limits::check(raw, kind, refs.compute, cx);
    let anchor = name.span();
    let workload = workload(name, raw, kind, refs.compute, cx);

    let image = image_source(name, raw, refs, cx);
    // A job's keys are refused by kind (`workload`), release keys included.
    let release = if kind == ServiceKind::Job {
        None
    } else {
        release(name, raw, cx)
    };

    let (cpu, memory) = task_size(raw, &anchor, refs.compute, cx);

    // With autoscaling, an unwritten desired count starts inside the written range.
    let baseline = if cx.production { 2 } else { 1 };
    let desired_count = match (&raw.desired_count, &raw.autoscaling) {
        _ if kind == ServiceKind::Job => 0,
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
        .filter(|_| kind != ServiceKind::Job)
        .map(|a| autoscaling(a, desired_count, raw.desired_count.as_ref(), cx));
    // Target tracking does not act on missing data, and with no task running the backlog per
    // task has none: a worker scaled on its backlog keeps one task.
    if let (Some(scaling), Some(backlog)) = (
        &autoscaling,
        raw.autoscaling
            .as_ref()
            .and_then(|a| a.backlog_per_task.as_ref()),
    ) && scaling.min == 0
    {
        cx.push(
            Diagnostic::error(
                backlog.span(),
                "`backlog_per_task` needs `min` of at least 1",
                "could stop at zero tasks",
            )
            .with_help("set `min = 1` (or more) in `[services.<name>.autoscaling]`"),
        );
    }

    let (environment, secrets) = variables(raw, refs, cx);
    check_bucket_references(raw, refs.buckets, cx);
    let (consumes, publishes) = messaging(
        raw,
        refs.queues,
        refs.topics,
        refs.compute,
        refs.network,
        cx,
    );
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

    let port = match &workload {
        Workload::Web(web) => web.port,
        Workload::Worker(_) | Workload::Job(_) => 0,
    };
    let user = container_user(raw, &image, port, cx);
    let (sidecars, depends_on) = sidecars(
        raw,
        &MainContainer {
            name,
            kind,
            port: (port > 0).then_some(port),
            has_health_check: matches!(&workload, Workload::Worker(w) if !w.health_check_command.is_empty()),
            cpu,
            memory,
        },
        refs,
        cx,
    );
    let read_only_root_filesystem = or(raw.read_only_root_filesystem.as_ref(), true);
    Service {
        name: name.get().clone(),
        renamed_from,
        workload,
        image,
        release,
        cpu,
        memory,
        desired_count,
        autoscaling,
        environment,
        secrets,
        kafka: uses_kafka(raw, refs.kafka, cx),
        buckets: list(raw.buckets.as_ref()),
        consumes,
        publishes,
        user,
        read_only_root_filesystem,
        exec: exec(raw, kind, read_only_root_filesystem, refs.compute, cx),
        tracing: refs.tracing,
        sidecars,
        depends_on,
        language,
        language_version: raw.language_version.as_ref().map(|v| v.get().clone()),
        source_dir,
        test_commands: list(raw.test_commands.as_ref()),
    }
}

fn check_service_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    check_name(name, "service", MAX_COMPONENT_NAME, diagnostics);
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
