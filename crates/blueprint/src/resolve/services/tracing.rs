//! The collector `observability.tracing = "xray"` puts beside every service and job.

use indexmap::IndexMap;

use crate::model::{Sidecar, TRACING_COLLECTOR};

/// The collector container's name; no sidecar may take it while tracing is on.
pub(crate) const COLLECTOR_NAME: &str = TRACING_COLLECTOR;

/// AWS Distro for OpenTelemetry collector, pinned (v0.49.0, released July 2026:
/// aws-observability/aws-otel-collector#3220). Public ECR, so tasks pull it through NAT or,
/// without NAT, not at all (the image check warns).
pub(crate) const COLLECTOR_IMAGE: &str =
    "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0";

/// What the collector listens on, on the task's or pod's loopback only: OTLP gRPC and HTTP, the
/// X-Ray daemon protocol (UDP), and its health endpoint.
pub(crate) const COLLECTOR_PORTS: [u16; 4] = [4317, 4318, 2000, 13133];

/// The collector's configuration, given as `AOT_CONFIG_CONTENT` (the ADOT collector reads its
/// configuration from that variable when set): receive on loopback, batch, export to X-Ray in
/// the environment's region. Nothing else (no metrics, no logs): tracing is what was asked for.
fn collector_config(region: &str) -> String {
    format!(
        "extensions:
  health_check:
    endpoint: 127.0.0.1:13133
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:4317
      http:
        endpoint: 127.0.0.1:4318
  awsxray:
    endpoint: 127.0.0.1:2000
    transport: udp
processors:
  batch/traces:
    timeout: 1s
    send_batch_size: 50
exporters:
  awsxray:
    region: {region}
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp, awsxray]
      processors: [batch/traces]
      exporters: [awsxray]
"
    )
}

/// The collector sidecar. Not essential: when it fails the service keeps serving and only its
/// traces are lost. Its image's `/healthcheck` asks the health endpoint.
pub(crate) fn collector(region: &str) -> Sidecar {
    Sidecar {
        name: COLLECTOR_NAME.to_owned(),
        image: COLLECTOR_IMAGE.to_owned(),
        port: None,
        command: Vec::new(),
        environment: IndexMap::from([("AOT_CONFIG_CONTENT".to_owned(), collector_config(region))]),
        secrets: Vec::new(),
        essential: false,
        cpu: 64,
        memory: 128,
        health_check_command: vec!["CMD".to_owned(), "/healthcheck".to_owned()],
        depends_on: Vec::new(),
        // The image's own unprivileged user (10001); written out so a pod that must run as
        // non-root can check it.
        user: Some("10001".to_owned()),
        read_only_root_filesystem: true,
    }
}
