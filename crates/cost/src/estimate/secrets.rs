//! Secrets Manager secrets and KMS keys.

use plinth_blueprint::model::{Compute, Environment};

use crate::Unit;

use super::{Builder, count, plural};

/// Secrets Manager secrets and customer-managed KMS keys.
pub(super) fn secrets_and_keys(b: &mut Builder, env: &Environment) {
    let mut secrets = Vec::new();
    if !env.secrets.is_empty() {
        let n = count(env.secrets.len());
        secrets.push((n, plural(n, "app secret", "app secrets")));
    }
    if env.database.is_some() {
        secrets.push((1.0, "database credentials".to_owned()));
    }
    // The cache module keeps an auth token only with TLS, which AUTH requires.
    if env.cache.as_ref().is_some_and(|c| c.transit_encryption) {
        secrets.push((1.0, "cache auth token".to_owned()));
    }
    let p = b.prices;
    b.add(
        "Secrets Manager secrets",
        secrets
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        secrets.iter().map(|(n, _)| n).sum(),
        Unit::Month,
        p.secrets_manager_secret_month,
    );
    // The monitoring module always encrypts the alarm topic with its own key.
    let mut keys = vec![(1.0, "alarm topic".to_owned())];
    if env.observability.log_kms && env.names.account_id.is_some() {
        keys.push((1.0, "logs".to_owned()));
    }
    if matches!(env.compute, Compute::Eks(_)) {
        keys.push((1.0, "EKS secrets".to_owned()));
    }
    let encrypted = count(env.buckets.iter().filter(|bucket| bucket.kms).count());
    if encrypted > 0.0 {
        keys.push((encrypted, plural(encrypted, "bucket", "buckets")));
    }
    b.add(
        "KMS keys",
        keys.iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        keys.iter().map(|(n, _)| n).sum(),
        Unit::Month,
        p.kms_key_month,
    );
}
