//! ECS Exec on a web service or worker: where it works, and what it needs.

use crate::diagnostic::Diagnostic;
use crate::model::Compute;
use crate::raw::{ServiceKind, ServiceRaw};
use crate::resolve::Context;
use crate::span::Sp;

/// Whether the service turns ECS Exec on; refuses it on EKS and with a read-only root filesystem,
/// and warns in a production-like environment.
pub(super) fn exec(
    raw: &Sp<ServiceRaw>,
    kind: ServiceKind,
    read_only_root_filesystem: bool,
    compute: &Compute,
    cx: &mut Context<'_>,
) -> bool {
    let Some(flag) = raw.exec.as_ref().filter(|flag| *flag.get()) else {
        return false;
    };
    // A job's keys are refused by kind.
    if kind == ServiceKind::Job {
        return false;
    }
    if matches!(compute, Compute::Eks(_)) {
        cx.push(
            Diagnostic::error(flag.span(), "`exec` is for ECS services", "not on EKS")
                .with_help("on EKS, `kubectl exec` into a pod is governed by the cluster's access entries and RBAC (`compute.admins`): remove `exec`"),
        );
        return false;
    }
    if read_only_root_filesystem {
        // The SSM agent ECS Exec starts in the container writes to its root filesystem, and
        // crashes on a read-only one (aws/containers-roadmap#1359).
        cx.push(
            Diagnostic::error(flag.span(), "ECS Exec needs a writable root filesystem", "read-only root filesystem")
                .with_help("set `read_only_root_filesystem = false` next to `exec = true` (in the same environment's overlay)"),
        );
        return false;
    }
    if cx.production {
        cx.push(
            Diagnostic::warning(flag.span(), "ECS Exec is on in a production-like environment", "shell access")
                .with_help("anyone allowed `ecs:ExecuteCommand` on the cluster gets a shell with the service's secrets and permissions; sessions are logged, but prefer turning it on for an incident and off again (docs/security.md)"),
        );
    }
    true
}
