//! What every container plinth writes is made of, the service's own and its sidecars': sizes,
//! users and health checks translated from the blueprint's ECS-shaped values.

use serde_json::{Map, Value, json};

/// ECS CPU units (1024 per vCPU) as Kubernetes millicores.
pub(crate) fn millicores(cpu: u32) -> String {
    format!("{}m", u64::from(cpu) * 1000 / 1024)
}

/// `uid:gid` or `uid` as numbers, when a user is numeric.
pub(crate) fn numeric_user(user: Option<&str>) -> Option<(u64, Option<u64>)> {
    let user = user?;
    let (uid, gid) = match user.split_once(':') {
        Some((uid, gid)) => (uid, Some(gid)),
        None => (user, None),
    };
    let uid = uid.parse().ok()?;
    let gid = match gid {
        Some(gid) => Some(gid.parse().ok()?),
        None => None,
    };
    Some((uid, gid))
}

/// An ECS health-check command as an exec probe's: ECS's `CMD-SHELL` form runs in a shell,
/// `CMD` runs the arguments.
pub(crate) fn exec_command(health_check_command: &[String]) -> Vec<String> {
    match health_check_command.split_first() {
        Some((first, rest)) if first == "CMD-SHELL" => {
            vec!["sh".into(), "-c".into(), rest.join(" ")]
        }
        Some((first, rest)) if first == "CMD" => rest.to_vec(),
        _ => health_check_command.to_vec(),
    }
}

/// A container's hardening: no privilege escalation, non-root (as `user` when it is numeric;
/// otherwise the pod's user), all capabilities dropped, the root filesystem read-only or not.
pub(crate) fn security_context(read_only_root_filesystem: bool, user: Option<&str>) -> Value {
    let mut security = Map::new();
    security.insert("allowPrivilegeEscalation".into(), json!(false));
    security.insert(
        "readOnlyRootFilesystem".into(),
        json!(read_only_root_filesystem),
    );
    security.insert("runAsNonRoot".into(), json!(true));
    if let Some((uid, gid)) = numeric_user(user) {
        security.insert("runAsUser".into(), json!(uid));
        if let Some(gid) = gid {
            security.insert("runAsGroup".into(), json!(gid));
        }
    }
    security.insert("capabilities".into(), json!({ "drop": ["ALL"] }));
    Value::Object(security)
}
