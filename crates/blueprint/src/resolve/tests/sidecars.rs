//! Sidecars and tracing: what a service's extra containers resolve to, and what is refused.

use crate::model::{Environment, TRACING_COLLECTOR};
use crate::raw::ContainerCondition;

use super::{assert_reports, diagnostics, with};

fn environments(text: &str) -> Vec<Environment> {
    crate::load(&crate::SourceFile::new("case.toml", text))
        .unwrap_or_else(|d| panic!("{d:#?}"))
        .blueprint
        .environments
}

const AGENT: &str = r#"
[[services.api.sidecars]]
name = "agent"
image = "public.ecr.aws/datadog/agent:7.70.2"
port = 8126
cpu = 128
memory = 256
health_check_command = ["CMD-SHELL", "agent health"]
secrets = { DD_API_KEY = "secret:dd" }

[secrets.dd]
"#;

#[test]
fn a_sidecar_takes_its_share_of_the_task_and_its_defaults() {
    let text = with(&format!(
        "[services.api.depends_on]\nagent = \"healthy\"\n{AGENT}\n[[services.api.sidecars]]\nname = \"proxy\"\nimage = \"nginx:1.27\"\n"
    ));
    let envs = environments(&text);
    let api = &envs[0].services[0];
    let [agent, proxy] = api.sidecars.as_slice() else {
        panic!("two sidecars: {:#?}", api.sidecars)
    };
    assert_eq!(
        (agent.cpu, agent.memory, agent.port),
        (128, 256, Some(8126))
    );
    assert_eq!((proxy.cpu, proxy.memory, proxy.essential), (64, 128, true));
    assert!(proxy.read_only_root_filesystem && proxy.user.is_none());
    assert_eq!(agent.secrets[0].name, "DD_API_KEY");
    assert_eq!(api.depends_on[0].condition, ContainerCondition::Healthy);
    assert_eq!((api.main_cpu(), api.main_memory()), (256 - 192, 512 - 384));
    assert!(api.has_secrets() && api.secrets.is_empty());
    let keys: Vec<String> = api.secret_keys().into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["agent.DD_API_KEY"]);
}

#[test]
fn tracing_adds_the_collector_its_variables_and_a_start_dependency() {
    let text = with(
        "[observability]\ntracing = \"xray\"\n\n[env.prod.observability]\ntracing = \"none\"\n",
    );
    let envs = environments(&text);
    let (dev, prod) = (&envs[0].services[0], &envs[1].services[0]);
    assert!(dev.tracing.is_some() && prod.tracing.is_none());
    assert_eq!(dev.sidecars[0].name, TRACING_COLLECTOR);
    assert!(!dev.sidecars[0].essential);
    assert!(dev.sidecars[0].environment["AOT_CONFIG_CONTENT"].contains("region: eu-west-1"));
    assert_eq!(dev.depends_on[0].container, TRACING_COLLECTOR);
    let names: Vec<String> = dev
        .variables(&envs[0])
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert!(
        names.contains(&"OTEL_EXPORTER_OTLP_ENDPOINT".to_owned()),
        "{names:?}"
    );
    assert!(prod.sidecars.is_empty() && prod.depends_on.is_empty());
}

#[test]
fn tracing_ports_are_the_collectors() {
    let text = with(
        "[observability]\ntracing = \"xray\"\n\n[[services.api.sidecars]]\nname = \"x\"\nimage = \"nginx:1.27\"\nport = 4317\n",
    );
    assert_reports(&text, "port 4317 is already the tracing collector's");
    let main = with("[observability]\ntracing = \"xray\"\n").replace("port = 8080", "port = 4318");
    assert_reports(&main, "port 4318 is the tracing collector's");
}

#[test]
fn dependencies_must_name_containers_that_can_reach_the_condition() {
    assert_reports(
        &with(
            "[services.api.depends_on]\nagnet = \"start\"\n\n[[services.api.sidecars]]\nname = \"agent\"\nimage = \"nginx:1.27\"\n",
        ),
        "there is no container `agnet` in this service",
    );
    assert_reports(
        &with(
            "[[services.api.sidecars]]\nname = \"agent\"\nimage = \"nginx:1.27\"\ndepends_on = { agent = \"start\" }\n",
        ),
        "`agent` cannot wait for itself",
    );
    // The web service's own container has no health check ECS runs.
    assert_reports(
        &with(
            "[[services.api.sidecars]]\nname = \"agent\"\nimage = \"nginx:1.27\"\ndepends_on = { api = \"healthy\" }\n",
        ),
        "`api` has no health check to pass",
    );
    // A run-once sidecar the service waits for: not essential, and `success` is fine on EKS.
    let once = "[services.api.depends_on]\nsetup = \"success\"\n\n[[services.api.sidecars]]\nname = \"setup\"\nimage = \"busybox:1.37\"\nessential = false\n";
    assert!(diagnostics(&with(once)).is_empty());
    let eks = with(&format!(
        "[compute]\nplatform = \"eks\"\n\n{}",
        once.replace("success", "complete")
    ));
    assert_reports(&eks, "on EKS, a container that runs first must succeed");
}

#[test]
fn a_sidecar_needs_a_name_and_an_image() {
    let text = with("[[services.api.sidecars]]\ncpu = 64\n");
    assert_reports(&text, "a sidecar needs a `name`");
    assert_reports(
        &with("[[services.api.sidecars]]\nname = \"x\"\n"),
        "sidecar `x` has no image",
    );
    assert_reports(
        &with("[[services.api.sidecars]]\nname = \"x\"\nimage = \"nginx\"\n"),
        "is not a pinned image reference",
    );
}

#[test]
fn the_task_must_leave_room_for_the_service() {
    let help = |text: &str, expected: &str| {
        let found = diagnostics(text);
        assert!(
            found
                .iter()
                .any(|d| d.help.as_deref().is_some_and(|h| h.contains(expected))),
            "{found:#?}"
        );
    };
    let text =
        with("[[services.api.sidecars]]\nname = \"x\"\nimage = \"nginx:1.27\"\nmemory = 400\n");
    help(&text, "raise the service's `memory` to 1024");
    let eks = with(
        "[compute]\nplatform = \"eks\"\n\n[[services.api.sidecars]]\nname = \"x\"\nimage = \"nginx:1.27\"\nmemory = 400\n",
    );
    help(&eks, "at least 528");
}

#[test]
fn a_root_sidecar_is_refused_on_eks_and_warned_about_on_ecs() {
    let sidecar = "[[services.api.sidecars]]\nname = \"x\"\nimage = \"nginx:1.27\"\nuser = \"0\"\n";
    assert_reports(
        &with(&format!("[compute]\nplatform = \"eks\"\n\n{sidecar}")),
        "on EKS, a sidecar cannot run as root",
    );
    assert_reports(&with(sidecar), "the container runs as root");
}

#[test]
fn tracing_without_nat_is_warned_about() {
    let text = with("[network]\nnat = \"none\"\n\n[observability]\ntracing = \"xray\"\n");
    assert_reports(
        &text,
        "without NAT, the tracing collector can be neither pulled nor reach X-Ray",
    );
}
