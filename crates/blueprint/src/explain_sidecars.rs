//! `plinth explain` for a service's `[[services.<name>.sidecars]]` and `depends_on`: the sidecars
//! the blueprint declares (the tracing collector is `observability.tracing`'s, not written).

use toml::{Table, Value};

use super::{Out, secret_references, strings, value};
use crate::model::{ContainerDependency, Service, TRACING_COLLECTOR};

/// `depends_on` as written: without the tracing collector's implicit `start`.
pub(super) fn written_dependencies(service: &Service, depends_on: &[ContainerDependency]) -> Value {
    let entries: Table = depends_on
        .iter()
        .filter(|d| !(service.tracing.is_some() && d.container == TRACING_COLLECTOR))
        .map(|d| (d.container.clone(), value(&d.condition)))
        .collect();
    Value::Table(entries)
}

pub(super) fn sidecars(out: &mut Out, service: &Service, user: Option<&Table>) {
    let written = user
        .and_then(|t| t.get("sidecars"))
        .and_then(Value::as_array);
    for sidecar in service
        .sidecars
        .iter()
        .filter(|s| !(service.tracing.is_some() && s.name == TRACING_COLLECTOR))
    {
        let user = written.and_then(|items| {
            items
                .iter()
                .filter_map(Value::as_table)
                .find(|t| t.get("name").and_then(Value::as_str) == Some(sidecar.name.as_str()))
        });
        let mut s = out.section(&["services", &service.name, "sidecars"], user, true);
        s.put("name", &value(&sidecar.name));
        s.put("image", &value(&sidecar.image));
        s.opt("port", sidecar.port.as_ref());
        s.list("command", &strings(&sidecar.command));
        s.list("environment", &value(&sidecar.environment));
        s.list("secrets", &secret_references(&sidecar.secrets));
        s.put("essential", &Value::Boolean(sidecar.essential));
        s.put("cpu", &value(&sidecar.cpu));
        s.put("memory", &value(&sidecar.memory));
        s.list(
            "health_check_command",
            &strings(&sidecar.health_check_command),
        );
        s.list(
            "depends_on",
            &written_dependencies(service, &sidecar.depends_on),
        );
        s.opt("user", sidecar.user.as_ref());
        s.put(
            "read_only_root_filesystem",
            &Value::Boolean(sidecar.read_only_root_filesystem),
        );
    }
}
