//! A service's sidecars and the order its containers start in: names, images, sizes carved out
//! of the task, and the dependencies ECS and Kubernetes can both honour.

use indexmap::IndexMap;

use crate::aws::fargate;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{Compute, ContainerDependency, Sidecar, Tracing};
use crate::raw::{ContainerCondition, ServiceKind, ServiceRaw, SidecarRaw};
use crate::resolve::{Context, list, or, span_or};
use crate::span::{Sp, Span};

use super::References;
use super::container::check_user;
use super::image::check_external_image;
use super::kind::check_health_check_command;
use super::tracing::{COLLECTOR_NAME, COLLECTOR_PORTS, collector};
use super::variables::container_variables;

/// What the service's main container keeps of the task after its sidecars: ECS needs the
/// containers' reservations to fit the task, and the application needs room to run.
const MAIN_MIN_CPU: u32 = 64;
const MAIN_MIN_MEMORY: u32 = 128;
/// ECS's smallest container memory limit (`containerDefinitions[].memory`).
const SIDECAR_MIN_MEMORY: u32 = 6;
/// Kubernetes container names are DNS labels; ECS's allow more, so the label rule serves both.
const MAX_CONTAINER_NAME: usize = 63;

/// The service's main container as the sidecars see it.
pub(super) struct MainContainer<'a> {
    pub name: &'a Sp<String>,
    pub kind: ServiceKind,
    pub port: Option<u16>,
    pub has_health_check: bool,
    pub cpu: u32,
    pub memory: u32,
}

/// The service's sidecars (the tracing collector last, when tracing is on) and the containers its
/// main container waits for.
pub(super) fn sidecars(
    raw: &Sp<ServiceRaw>,
    main: &MainContainer<'_>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> (Vec<Sidecar>, Vec<ContainerDependency>) {
    let written: Vec<&Sp<SidecarRaw>> = raw.sidecars.iter().flat_map(|s| s.iter()).collect();
    let mut sidecars: Vec<Sidecar> = Vec::new();
    let mut taken_names: Vec<&str> = vec![main.name.as_str()];
    let mut taken_ports: Vec<(u16, String)> = main
        .port
        .map(|port| (port, format!("`{}`", main.name.get())))
        .into_iter()
        .collect();
    if refs.tracing.is_some() {
        if let Some(port) = main.port.filter(|port| COLLECTOR_PORTS.contains(port)) {
            cx.push(
                Diagnostic::error(
                    span_or(raw.port.as_ref(), &raw.span()),
                    format!("port {port} is the tracing collector's"),
                    "port taken",
                )
                .with_help(format!(
                    "with `observability.tracing` on, the collector beside the service listens on {}: choose another port",
                    COLLECTOR_PORTS.map(|p| p.to_string()).join(", ")
                )),
            );
        }
        taken_names.push(COLLECTOR_NAME);
        taken_ports.extend(
            COLLECTOR_PORTS
                .iter()
                .map(|port| (*port, "the tracing collector".to_owned())),
        );
    }
    for sidecar in &written {
        let name = sidecar_name(sidecar, &taken_names, cx);
        if let Some(port) = &sidecar.port {
            if let Some((_, owner)) = taken_ports.iter().find(|(p, _)| p == port.get()) {
                cx.push(
                    Diagnostic::error(
                        port.span(),
                        format!("port {} is already {owner}'s", port.get()),
                        "port taken",
                    )
                    .with_help(
                        "the containers of a task share one network: give each its own port",
                    ),
                );
            } else {
                taken_ports.push((*port.get(), format!("`{name}`")));
            }
        }
        sidecars.push(sidecar_settings(name, sidecar, refs, cx));
        taken_names.push(sidecar.name.as_ref().map_or("", |n| n.as_str()));
    }
    let mut main_depends_on = Vec::new();
    if let Some(Tracing::Xray) = refs.tracing {
        sidecars.push(collector(cx.region.map_or("", |region| region.name)));
        // The application's first spans find the collector listening.
        main_depends_on.push(ContainerDependency {
            container: COLLECTOR_NAME.to_owned(),
            condition: ContainerCondition::Start,
        });
    }
    let written_depends: Vec<Vec<ContainerDependency>> = written
        .iter()
        .zip(&sidecars)
        .map(|(raw_sidecar, sidecar)| {
            dependencies(
                raw_sidecar.depends_on.as_ref(),
                &sidecar.name,
                main,
                &sidecars,
                refs.compute,
                cx,
            )
        })
        .collect();
    for (sidecar, depends_on) in sidecars.iter_mut().zip(written_depends) {
        sidecar.depends_on = depends_on;
    }
    let main_written = dependencies(
        raw.depends_on.as_ref(),
        main.name.get(),
        main,
        &sidecars,
        refs.compute,
        cx,
    );
    main_depends_on.retain(|d| !main_written.iter().any(|w| w.container == d.container));
    main_depends_on.extend(main_written);
    check_cycles(raw, main.name.get(), &sidecars, &main_depends_on, cx);
    check_size(raw, main, &written, &sidecars, refs.compute, cx);
    (sidecars, main_depends_on)
}

/// One written sidecar's settings, each checked, with its defaults (its dependencies come later,
/// once every container's name is known).
fn sidecar_settings(
    name: String,
    sidecar: &Sp<SidecarRaw>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> Sidecar {
    let image = match &sidecar.image {
        Some(image) => {
            check_external_image(image, refs.network, cx);
            image.get().clone()
        }
        None => {
            cx.push(
                Diagnostic::error(
                    sidecar.span(),
                    format!("sidecar `{name}` has no image"),
                    "no `image`",
                )
                .with_help("add `image = \"registry/name:tag\"`, pinned to a tag or digest"),
            );
            String::new()
        }
    };
    if let Some(command) = &sidecar.health_check_command {
        check_health_check_command(command, cx);
    }
    if let Some(user) = &sidecar.user {
        check_user(user, cx);
        if matches!(refs.compute, Compute::Eks(_))
            && matches!(user.split(':').next(), Some("root" | "0"))
        {
            cx.push(
                Diagnostic::error(user.span(), "on EKS, a sidecar cannot run as root", "restricted pods")
                    .with_help("the project's namespace enforces the `restricted` Pod Security Standard (runAsNonRoot): run it as an unprivileged user, e.g. \"1000:1000\""),
            );
        }
    }
    let memory = or(sidecar.memory.as_ref(), 128);
    if let Some(at) = sidecar
        .memory
        .as_ref()
        .filter(|m| *m.get() < SIDECAR_MIN_MEMORY)
    {
        cx.push(
            Diagnostic::error(
                at.span(),
                format!("a container needs at least {SIDECAR_MIN_MEMORY} MiB"),
                "too little memory",
            )
            .with_help(
                "ECS refuses a container memory limit under 6 MiB; give it what it needs, e.g. 64",
            ),
        );
    }
    let (environment, secrets) = container_variables(
        sidecar.environment.as_ref(),
        sidecar.secrets.as_ref(),
        refs,
        cx,
    );
    Sidecar {
        name,
        image,
        port: sidecar.port.as_ref().map(|p| *p.get()),
        command: list(sidecar.command.as_ref()),
        environment,
        secrets,
        essential: or(sidecar.essential.as_ref(), true),
        cpu: or(sidecar.cpu.as_ref(), 64),
        memory,
        health_check_command: list(sidecar.health_check_command.as_ref()),
        depends_on: Vec::new(),
        user: sidecar.user.as_ref().map(|u| u.get().clone()),
        read_only_root_filesystem: or(sidecar.read_only_root_filesystem.as_ref(), true),
    }
}

fn sidecar_name(sidecar: &Sp<SidecarRaw>, taken: &[&str], cx: &mut Context<'_>) -> String {
    let Some(name) = &sidecar.name else {
        cx.push(
            Diagnostic::error(sidecar.span(), "a sidecar needs a `name`", "no `name`")
                .with_help("add `name = \"log-router\"`: lowercase letters, digits and hyphens"),
        );
        return String::new();
    };
    let valid = !name.is_empty()
        && name.len() <= MAX_CONTAINER_NAME
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        cx.push(
            Diagnostic::error(name.span(), format!("`{}` is not a container name", name.get()), "invalid name")
                .with_help(format!("use lowercase letters, digits and hyphens, starting with a letter, at most {MAX_CONTAINER_NAME} characters (a Kubernetes container name)")),
        );
    } else if taken.contains(&name.as_str()) {
        let whose = if name.as_str() == COLLECTOR_NAME {
            "the tracing collector's (`observability.tracing`)"
        } else if taken.first() == Some(&name.as_str()) {
            "the service's own container's"
        } else {
            "another sidecar's"
        };
        cx.push(
            Diagnostic::error(
                name.span(),
                format!("the name `{}` is already {whose}", name.get()),
                "name taken",
            )
            .with_help("each container of a service needs its own name"),
        );
    }
    name.get().clone()
}

/// The written `depends_on` of one container, each target checked: it exists, is not the
/// container itself, can reach the condition, and the platform can order it so.
fn dependencies(
    written: Option<&Sp<IndexMap<Sp<String>, Sp<ContainerCondition>>>>,
    of: &str,
    main: &MainContainer<'_>,
    sidecars: &[Sidecar],
    compute: &Compute,
    cx: &mut Context<'_>,
) -> Vec<ContainerDependency> {
    let eks = matches!(compute, Compute::Eks(_));
    let is_main = of == main.name.as_str();
    let mut out = Vec::new();
    for (target, condition) in written.into_iter().flat_map(|d| d.iter()) {
        let fail = |cx: &mut Context<'_>, message: String, label: &str, help: String| {
            cx.push(Diagnostic::error(target.span(), message, label).with_help(help));
        };
        let names: Vec<&str> = sidecars
            .iter()
            .map(|s| s.name.as_str())
            .chain([main.name.as_str()])
            .filter(|n| *n != of)
            .collect();
        if target.as_str() == of {
            fail(
                cx,
                format!("`{of}` cannot wait for itself"),
                "self",
                "name another container".into(),
            );
            continue;
        }
        let (essential, healthy) = if target.as_str() == main.name.as_str() {
            if is_main {
                continue;
            }
            if eks {
                fail(cx, format!("on EKS, sidecar `{of}` cannot wait for `{}`", target.get()), "not orderable",
                    "a sidecar starts before the service's container in a pod (a native sidecar, an init container with `restartPolicy: Always`): remove this dependency, or wait in the other direction".into());
                continue;
            }
            (true, main.has_health_check)
        } else if let Some(sidecar) = sidecars.iter().find(|s| s.name == *target.get()) {
            (sidecar.essential, !sidecar.health_check_command.is_empty())
        } else {
            let help = match did_you_mean(target.get(), names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None if is_main => {
                    "the service's own container can wait only for its sidecars".to_owned()
                }
                None => format!(
                    "name one of: {}",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            fail(
                cx,
                format!("there is no container `{}` in this service", target.get()),
                "unknown container",
                help,
            );
            continue;
        };
        match condition.get() {
            ContainerCondition::Healthy if !healthy => {
                let help = if target.as_str() == main.name.as_str() {
                    match main.kind {
                        ServiceKind::Worker => "give the worker a `health_check_command`, or wait for `start`".to_owned(),
                        _ => "only a worker's container has a health check ECS runs: wait for `start`".to_owned(),
                    }
                } else {
                    format!(
                        "give sidecar `{}` a `health_check_command`, or wait for `start`",
                        target.get()
                    )
                };
                cx.push(
                    Diagnostic::error(
                        condition.span(),
                        format!("`{}` has no health check to pass", target.get()),
                        "never healthy",
                    )
                    .with_help(help),
                );
            }
            // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
            ContainerCondition::Complete | ContainerCondition::Success if essential => {
                cx.push(Diagnostic::error(condition.span(), format!("`{}` is essential: the task stops when it exits", target.get()), "cannot complete")
                    .with_help(format!("ECS refuses `complete` and `success` on an essential container: set `essential = false` on sidecar `{}`", target.get())));
            }
            ContainerCondition::Complete if eks => {
                cx.push(Diagnostic::error(condition.span(), "on EKS, a container that runs first must succeed", "not on EKS")
                    .with_help("a run-to-completion sidecar is an init container, and Kubernetes starts the pod only when it exits with 0: use `success`"));
            }
            _ => {}
        }
        out.push(ContainerDependency {
            container: target.get().clone(),
            condition: *condition.get(),
        });
    }
    out
}

/// Refuses dependencies that wait in a circle: no container of such a task ever starts.
fn check_cycles(
    raw: &Sp<ServiceRaw>,
    main: &str,
    sidecars: &[Sidecar],
    main_depends_on: &[ContainerDependency],
    cx: &mut Context<'_>,
) {
    let edges = |name: &str| -> Vec<String> {
        if name == main {
            main_depends_on
                .iter()
                .map(|d| d.container.clone())
                .collect()
        } else {
            sidecars
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.depends_on.iter().map(|d| d.container.clone()).collect())
                .unwrap_or_default()
        }
    };
    let all: Vec<String> = std::iter::once(main.to_owned())
        .chain(sidecars.iter().map(|s| s.name.clone()))
        .collect();
    for start in &all {
        let mut path = vec![start.clone()];
        if let Some(cycle) = find_cycle(start, &edges, &mut path) {
            let span = raw.depends_on.as_ref().map_or_else(
                || raw.sidecars.as_ref().map_or_else(|| raw.span(), Sp::span),
                Sp::span,
            );
            cx.push(
                Diagnostic::error(
                    span,
                    format!(
                        "the containers wait for each other in a circle: {}",
                        cycle.join(" → ")
                    ),
                    "dependency cycle",
                )
                .with_help("remove one of these `depends_on` entries"),
            );
            return;
        }
    }
}

fn find_cycle(
    node: &str,
    edges: &dyn Fn(&str) -> Vec<String>,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    for next in edges(node) {
        if path.first() == Some(&next) {
            let mut cycle = path.clone();
            cycle.push(next);
            return Some(cycle);
        }
        if path.contains(&next) {
            continue;
        }
        path.push(next.clone());
        if let Some(cycle) = find_cycle(&next, edges, path) {
            return Some(cycle);
        }
        path.pop();
    }
    None
}

/// The sidecars' reservations must leave the main container room in the task: ECS refuses
/// containers whose reservations exceed the task size, and Kubernetes would schedule a pod whose
/// application has nothing.
fn check_size(
    raw: &Sp<ServiceRaw>,
    main: &MainContainer<'_>,
    written: &[&Sp<SidecarRaw>],
    sidecars: &[Sidecar],
    compute: &Compute,
    cx: &mut Context<'_>,
) {
    let cpu: u32 = sidecars.iter().map(|s| s.cpu).sum();
    let memory: u32 = sidecars.iter().map(|s| s.memory).sum();
    let anchor: Span = written.first().map_or_else(|| raw.span(), |s| s.span());
    if main.memory.saturating_sub(memory) < MAIN_MIN_MEMORY {
        cx.push(
            Diagnostic::error(span_or(raw.memory.as_ref(), &anchor), format!("the sidecars take {memory} of the task's {} MiB, leaving `{}` less than {MAIN_MIN_MEMORY} MiB", main.memory, main.name.get()), "task too small")
                .with_help(match fargate::memory_options(main.cpu).into_iter().find(|m| *m >= memory + MAIN_MIN_MEMORY) {
                    Some(size) if matches!(compute, Compute::Ecs(_)) => format!("raise the service's `memory` to {size} (the smallest Fargate size with cpu = {} that fits), or give the sidecars less", main.cpu),
                    _ => format!("raise the service's `memory` to at least {} (and its `cpu` with it on Fargate), or give the sidecars less", memory + MAIN_MIN_MEMORY),
                }),
        );
    }
    if main.cpu.saturating_sub(cpu) < MAIN_MIN_CPU {
        cx.push(
            Diagnostic::error(span_or(raw.cpu.as_ref(), &anchor), format!("the sidecars reserve {cpu} of the task's {} CPU units, leaving `{}` less than {MAIN_MIN_CPU}", main.cpu, main.name.get()), "task too small")
                .with_help(format!("raise the service's `cpu` to at least {} (a size Fargate offers), or give the sidecars less", cpu + MAIN_MIN_CPU)),
        );
    }
}
