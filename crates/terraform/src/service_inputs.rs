//! What a service's containers are given, the same on ECS and EKS: plain variables, secrets (as
//! references to Secrets Manager) and access to the buckets it names.

use hcl::Expression;
use plinth_blueprint::model::{
    Bucket, Environment, SecretEnv, SecretSource, Service, VariableValue,
};

use crate::hcl::{Block, expr, string, template_text};
use crate::{catalog, messaging};

/// The service's plain variables (`Service::variables`) as Terraform values.
pub(crate) fn service_environment(
    env: &Environment,
    service: &Service,
) -> Vec<(String, Expression)> {
    service
        .variables(env)
        .into_iter()
        .map(|variable| {
            let value = match &variable.value {
                VariableValue::Text(text) => string(text),
                VariableValue::DatabaseEndpoint => expr("module.database.endpoint"),
                VariableValue::DatabaseSecretArn => expr("module.database.master_user_secret_arn"),
                VariableValue::CacheEndpoint => expr("module.cache.primary_endpoint_address"),
                VariableValue::KafkaBootstrapBrokers => {
                    expr("module.kafka.bootstrap_brokers_sasl_iam")
                }
                VariableValue::QueueUrl(queue) => messaging::queue_url(queue),
                VariableValue::TopicArn(topic) => messaging::topic_arn(topic),
            };
            (variable.name, value)
        })
        .collect()
}

/// The service's secrets as `valueFrom` references, and the secret ARNs its execution role may
/// read (its sidecars' included).
pub(crate) fn service_secrets(
    env: &Environment,
    service: &Service,
) -> (Vec<(String, Expression)>, Vec<Expression>) {
    let mut arns: Vec<String> = Vec::new();
    let secrets = container_secrets(env, &service.secrets, &mut arns);
    for sidecar in &service.sidecars {
        container_secrets(env, &sidecar.secrets, &mut arns);
    }
    (secrets, arns.iter().map(|arn| expr(arn)).collect())
}

/// One container's secrets as `valueFrom` references; the ARNs they read are added to `arns`
/// once each.
pub(crate) fn container_secrets(
    env: &Environment,
    secrets: &[SecretEnv],
    arns: &mut Vec<String>,
) -> Vec<(String, Expression)> {
    secrets
        .iter()
        .map(|secret| {
            let (arn, key) = match &secret.source {
                SecretSource::DatabaseUsername => (
                    "module.database.master_user_secret_arn".to_owned(),
                    Some("username".to_owned()),
                ),
                SecretSource::DatabasePassword => (
                    "module.database.master_user_secret_arn".to_owned(),
                    Some("password".to_owned()),
                ),
                SecretSource::CacheAuthToken => (
                    "module.cache.auth_token_secret_arn".to_owned(),
                    Some("auth_token".to_owned()),
                ),
                SecretSource::Secret { name, json_key } => {
                    (app_secret_arn(env, name), json_key.clone())
                }
            };
            if !arns.contains(&arn) {
                arns.push(arn.clone());
            }
            let value = match key {
                Some(key) => expr(&format!("\"${{{arn}}}:{}::\"", template_text(&key))),
                None => expr(&arn),
            };
            (secret.name.clone(), value)
        })
        .collect()
}

/// `module.app_secrets.secret_arns["<key>"]` for the `[secrets.<name>]` entry: the app-secrets
/// module keys its secrets by identity (the key before a `renamed_from`), so a service that
/// references a renamed secret by its new name must read the old key.
pub(crate) fn app_secret_arn(env: &Environment, name: &str) -> String {
    let key = env
        .secrets
        .iter()
        .find(|secret| secret.name == name)
        .map_or(name, |secret| secret.identity());
    format!("module.app_secrets.secret_arns[\"{}\"]", template_text(key))
}

/// The service's access to the buckets it names (and their keys, when KMS-encrypted).
pub(crate) fn bucket_access(mut block: Block, env: &Environment, service: &Service) -> Block {
    let buckets: Vec<_> = env
        .buckets
        .iter()
        .filter(|b| service.buckets.contains(&b.name))
        .collect();
    if !buckets.is_empty() {
        let arn = |b: &&Bucket| {
            expr(&format!(
                "module.{}.bucket_arn",
                catalog::bucket_module(&b.name)
            ))
        };
        let key = |b: &&Bucket| {
            expr(&format!(
                "module.{}.kms_key_arn",
                catalog::bucket_module(&b.name)
            ))
        };
        block = block.attr(
            "bucket_arns",
            Expression::Array(buckets.iter().map(arn).collect()),
        );
        let encrypted: Vec<_> = buckets.iter().filter(|b| b.kms).collect();
        if !encrypted.is_empty() {
            block = block.attr(
                "bucket_kms_key_arns",
                Expression::Array(encrypted.into_iter().map(key).collect()),
            );
        }
    }
    block
}
