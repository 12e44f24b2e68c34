//! How a service keeps working database credentials when RDS rotates them.
//!
//! RDS rotates the master password it manages in Secrets Manager every seven days. ECS injects a
//! secret into a container only when the task starts, and the Secrets Store CSI driver on EKS
//! refreshes its mounted files at best on its polling interval (and an environment variable made
//! from them never), so a `DB_PASSWORD` read at start goes stale within a week and new
//! connections fail until the task is replaced. A service that uses the database therefore gets
//! (the variables are listed with the others in `plinth_blueprint::model::Service::variables`):
//!
//! - `DATABASE_SECRET_ARN`, and read access to that secret for the application itself (the ECS
//!   task role; the EKS Pod Identity role reads it already), so the application fetches the
//!   current credentials when it opens a connection or after an authentication failure (AWS's
//!   Secrets Manager caching clients and the AWS Advanced JDBC/Python wrappers do this);
//! - with `[database] iam_auth = true`, `DATABASE_IAM_USER` and `rds-db:connect` as that user
//!   (its own, not the master user), so it authenticates with short-lived IAM tokens and no
//!   password at all. The user must be created inside the database once: `docs/terraform.md` gives the SQL.

use hcl::Expression;
use plinth_blueprint::model::{Environment, Service};

use crate::hcl::{expr, strings};

/// The IAM policy documents the application's role needs for the database: reading the managed
/// secret at runtime (when `read_secret`: ECS task roles; an EKS workload's role reads its
/// secrets already) and, with IAM authentication, connecting as its own user. Both are outputs of
/// the database module.
pub(crate) fn policy_documents(
    env: &Environment,
    service: &Service,
    read_secret: bool,
) -> Vec<Expression> {
    let Some(database) = env.database.as_ref().filter(|_| service.uses_database()) else {
        return Vec::new();
    };
    let mut documents = Vec::new();
    if read_secret {
        documents.push(expr("module.database.credentials_policy_json"));
    }
    if database.iam_auth {
        documents.push(expr(&format!(
            "module.database.iam_connect_policy_jsons[\"{}\"]",
            service.database_iam_user()
        )));
    }
    documents
}

/// The database users of the services that use the database, for the database module's
/// `iam_users`, when IAM authentication is on.
pub(crate) fn iam_users(env: &Environment) -> Option<Expression> {
    env.database.as_ref().filter(|d| d.iam_auth)?;
    Some(strings(
        env.services
            .iter()
            .filter(|s| s.uses_database())
            .map(Service::database_iam_user),
    ))
}
