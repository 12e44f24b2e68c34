//! A service's task size and the user its container runs as.

use crate::aws::fargate;
use crate::diagnostic::Diagnostic;
use crate::model::{Compute, ImageSource};
use crate::raw::ServiceRaw;
use crate::resolve::{Context, or, span_or};
use crate::span::{Sp, Span};

/// The task's CPU units and memory, checked against the sizes Fargate offers.
pub(super) fn task_size(
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

/// The default non-root user of images plinth's CI builds.
const DEFAULT_USER: &str = "1000:1000";

/// The container user: written, or non-root by default for built images.
pub(super) fn container_user(
    raw: &ServiceRaw,
    image: &ImageSource,
    port: u16,
    cx: &mut Context<'_>,
) -> Option<String> {
    // `port` is 0 for a worker, which listens on none.
    let user = match (&raw.user, image) {
        (Some(user), _) => {
            check_user(user, cx);
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

/// Refuses a user that is not `uid`, `uid:gid` or a name, and warns about root.
pub(super) fn check_user(user: &Sp<String>, cx: &mut Context<'_>) {
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
}
