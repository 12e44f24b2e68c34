//! The plain environment variables a service gets, by name: its own, then the connection
//! settings of what it uses. Terraform fills them in (the ECS task definition, the EKS workload's
//! configuration) and the Kubernetes manifests read the same names from that configuration, so
//! the list lives here, where both see it.

use super::{Environment, Service};

/// The configuration key holding an EKS workload's Secrets Store CSI `objects` document (JSON),
/// written by Terraform and read by the manifests.
pub const SECRET_OBJECTS_KEY: &str = "PLINTH_SECRET_OBJECTS";

/// A plain (non-secret) environment variable of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceVariable {
    /// The variable's name.
    pub name: String,
    /// Where its value comes from.
    pub value: VariableValue,
}

/// Where a service variable's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VariableValue {
    /// Text known when generating.
    Text(String),
    /// The database's writer endpoint, known after apply.
    DatabaseEndpoint,
    /// The ARN of the database's managed master-user secret, known after apply.
    DatabaseSecretArn,
    /// The cache's primary endpoint address, known after apply.
    CacheEndpoint,
    /// The Kafka cluster's SASL/IAM bootstrap brokers, known after apply.
    KafkaBootstrapBrokers,
    /// The URL of the queue of this blueprint name, known after apply.
    QueueUrl(String),
    /// The ARN of the topic of this blueprint name, known after apply.
    TopicArn(String),
}

impl Service {
    /// The database user the service connects as with IAM authentication: its identity (the
    /// name before a rename, so a rename keeps the user) with hyphens as underscores, a valid
    /// unquoted PostgreSQL and MySQL identifier.
    pub fn database_iam_user(&self) -> String {
        self.identity().replace('-', "_")
    }

    /// The service's plain variables in `env`: its own, then the endpoints of what it uses
    /// (database, cache, Kafka, buckets, queues, topics), unless the blueprint already sets a variable (plain or
    /// secret) of that name.
    pub fn variables(&self, env: &Environment) -> Vec<ServiceVariable> {
        let text = |value: String| VariableValue::Text(value);
        let mut variables: Vec<ServiceVariable> = self
            .environment
            .iter()
            .map(|(name, value)| ServiceVariable {
                name: name.clone(),
                value: text(value.clone()),
            })
            .collect();
        let mut injected: Vec<(String, VariableValue)> = Vec::new();
        if self.uses_database()
            && let Some(database) = &env.database
        {
            injected.push(("DATABASE_HOST".into(), VariableValue::DatabaseEndpoint));
            injected.push(("DATABASE_PORT".into(), text(database.port.to_string())));
            injected.push(("DATABASE_NAME".into(), text(database.database_name.clone())));
            // Credentials that stay valid when RDS rotates the password: see the Terraform
            // crate's `database_access`.
            injected.push((
                "DATABASE_SECRET_ARN".into(),
                VariableValue::DatabaseSecretArn,
            ));
            if database.iam_auth {
                injected.push(("DATABASE_IAM_USER".into(), text(self.database_iam_user())));
            }
        }
        if self.uses_cache()
            && let Some(cache) = &env.cache
        {
            injected.push(("CACHE_HOST".into(), VariableValue::CacheEndpoint));
            injected.push(("CACHE_PORT".into(), text(cache.port.to_string())));
            injected.push((
                "CACHE_TLS".into(),
                text(cache.transit_encryption.to_string()),
            ));
        }
        if self.kafka {
            injected.push((
                "KAFKA_BOOTSTRAP_SERVERS".into(),
                VariableValue::KafkaBootstrapBrokers,
            ));
        }
        injected.extend(
            env.buckets
                .iter()
                .filter(|bucket| self.buckets.contains(&bucket.name))
                .map(|bucket| {
                    let name = bucket.name.to_ascii_uppercase().replace('-', "_");
                    (format!("BUCKET_{name}"), text(bucket.bucket_name.clone()))
                }),
        );
        // Each queue or topic once, in the order the service names them.
        let mut messaging: Vec<&str> = Vec::new();
        for name in self.consumes.iter().chain(&self.publishes) {
            if !messaging.contains(&name.as_str()) {
                messaging.push(name);
            }
        }
        for name in messaging {
            if let Some(queue) = env.queue(name) {
                injected.push((
                    queue.url_variable(),
                    VariableValue::QueueUrl(queue.name.clone()),
                ));
            } else if let Some(topic) = env.topic(name) {
                injected.push((
                    topic.arn_variable(),
                    VariableValue::TopicArn(topic.name.clone()),
                ));
            }
        }
        if self.tracing.is_some() {
            // The collector sidecar listens on the task's or pod's loopback: OTLP over HTTP (the
            // protocol the OpenTelemetry specification makes SDKs default to) and the X-Ray daemon
            // protocol for X-Ray SDKs.
            injected.push((
                "OTEL_EXPORTER_OTLP_ENDPOINT".into(),
                text("http://127.0.0.1:4318".into()),
            ));
            injected.push((
                "OTEL_EXPORTER_OTLP_PROTOCOL".into(),
                text("http/protobuf".into()),
            ));
            injected.push(("OTEL_SERVICE_NAME".into(), text(self.name.clone())));
            injected.push((
                "AWS_XRAY_DAEMON_ADDRESS".into(),
                text("127.0.0.1:2000".into()),
            ));
        }
        let taken = |name: &str| {
            self.environment.contains_key(name) || self.secrets.iter().any(|s| s.name == name)
        };
        variables.extend(
            injected
                .into_iter()
                .filter(|(name, _)| !taken(name))
                .map(|(name, value)| ServiceVariable { name, value }),
        );
        variables
    }
}
