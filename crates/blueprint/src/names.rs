//! The AWS names plinth gives resources: one place, so validation checks exactly the names the
//! emitters will use.

use serde::Serialize;

/// Longest ALB and target-group name AWS accepts.
pub const MAX_LOAD_BALANCER_NAME: usize = 32;
/// Longest RDS instance or cluster identifier.
pub const MAX_DATABASE_IDENTIFIER: usize = 63;
/// Longest ElastiCache replication group id.
pub const MAX_CACHE_ID: usize = 40;
/// Longest S3 bucket name.
pub const MAX_BUCKET_NAME: usize = 63;
/// Longest IAM role name.
pub const MAX_ROLE_NAME: usize = 64;
/// Longest project name.
pub const MAX_PROJECT_NAME: usize = 20;
/// Longest environment name.
pub const MAX_ENVIRONMENT_NAME: usize = 12;
/// Longest service, bucket or node-group name.
pub const MAX_COMPONENT_NAME: usize = 24;

/// The naming scheme of one environment: `<project>-<env>` prefixes everything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Names {
    /// `<project>-<env>`.
    pub prefix: String,
    /// The project name.
    pub project: String,
    /// The environment's AWS account, when pinned; it makes globally unique names unique.
    pub account_id: Option<String>,
    /// The GitHub repository (`owner/name`), when given; without a pinned account, a hash of it
    /// makes globally unique names unique.
    #[serde(skip)]
    pub repository: Option<String>,
}

impl Names {
    /// The names of `project`'s environment `env`, deployed to `account_id` when pinned.
    pub fn new(project: &str, env: &str, account_id: Option<&str>) -> Self {
        Self {
            prefix: format!("{project}-{env}"),
            project: project.to_owned(),
            account_id: account_id.map(str::to_owned),
            repository: None,
        }
    }

    /// The same names, for a project kept in the GitHub repository `repository` (`owner/name`).
    #[must_use]
    pub fn with_repository(mut self, repository: Option<&str>) -> Self {
        self.repository = repository.map(str::to_owned);
        self
    }

    /// What makes a globally unique name (an S3 bucket's) unique to this project: the pinned
    /// account id, else 8 hex digits of a stable hash of the GitHub repository (GitHub names are
    /// case-insensitive, so it is lowercased first), else nothing. Deterministic, so every run
    /// and every emitter derives the same names.
    pub fn unique_suffix(&self) -> Option<String> {
        match (&self.account_id, &self.repository) {
            (Some(account), _) => Some(account.clone()),
            (None, Some(repository)) => Some(short_hash(&repository.to_ascii_lowercase())),
            (None, None) => None,
        }
    }

    /// The Terraform state bucket's default name: `<project>-tfstate-<suffix>`
    /// (`<project>-tfstate` when there is no suffix, see [`Self::unique_suffix`]).
    pub fn state_bucket(&self) -> String {
        match self.unique_suffix() {
            Some(suffix) => format!("{}-tfstate-{suffix}", self.project),
            None => format!("{}-tfstate", self.project),
        }
    }

    /// The private DNS namespace internal ECS services register in: `<project>-<env>.internal`.
    pub fn service_discovery_namespace(&self) -> String {
        format!("{}.internal", self.prefix)
    }

    /// The application load balancer.
    pub fn load_balancer(&self) -> String {
        self.prefix.clone()
    }

    /// A service's target group.
    pub fn target_group(&self, service: &str) -> String {
        format!("{}-{service}", self.prefix)
    }

    /// The RDS instance or Aurora cluster identifier.
    pub fn database(&self) -> String {
        self.prefix.clone()
    }

    /// The identifiers of the database's instances: the RDS instance itself, or Aurora's
    /// `<identifier>-1` … `<identifier>-<n>` (as the database module names them).
    pub fn database_instances(&self, aurora_instances: Option<u32>) -> Vec<String> {
        match aurora_instances {
            Some(count) => (1..=count)
                .map(|i| format!("{}-{i}", self.database()))
                .collect(),
            None => vec![self.database()],
        }
    }

    /// The ElastiCache replication group id.
    pub fn cache(&self) -> String {
        self.prefix.clone()
    }

    /// An application bucket. S3 names are global across all AWS customers, so the unique
    /// suffix (the pinned account id, or a hash of the repository) is appended.
    pub fn bucket(&self, bucket: &str) -> String {
        self.bucket_with_suffix(bucket, true)
    }

    /// An application bucket's name, with plinth's uniqueness suffix or without it
    /// (`<prefix>-<bucket>`, the name earlier plinth versions gave buckets of environments
    /// without a pinned account).
    pub fn bucket_with_suffix(&self, bucket: &str, unique: bool) -> String {
        match self.unique_suffix().filter(|_| unique) {
            Some(suffix) => format!("{}-{bucket}-{suffix}", self.prefix),
            None => format!("{}-{bucket}", self.prefix),
        }
    }

    /// A service's ECS task role (the ecs-service module names it `<prefix>-<service>-task`).
    pub fn task_role(&self, service: &str) -> String {
        format!("{}-{service}-task", self.prefix)
    }

    /// A service's ECS execution role (the ecs-service module names it `<prefix>-<service>-exec`),
    /// the longer of the two roles, so the one validation checks against IAM's limit.
    pub fn execution_role(&self, service: &str) -> String {
        format!("{}-{service}-exec", self.prefix)
    }

    /// The IAM role GitHub Actions assumes (through OIDC) to deploy and apply this environment.
    pub fn deploy_role(&self) -> String {
        format!("{}-github", self.prefix)
    }

    /// The ARN of the deploy role, which lives in `account` (an account id, or an expression
    /// that yields one, such as a GitHub Actions variable).
    pub fn deploy_role_arn(&self, account: &str) -> String {
        format!("arn:aws:iam::{account}:role/{}", self.deploy_role())
    }

    /// The read-only role pull requests plan with (github-deploy-role's
    /// `pull_request_plan_role`): the deploy role's name with `-plan`.
    pub fn plan_role(&self) -> String {
        format!("{}-plan", self.deploy_role())
    }

    /// The ARN of the plan role, in `account` (as for [`Self::deploy_role_arn`]).
    pub fn plan_role_arn(&self, account: &str) -> String {
        format!("arn:aws:iam::{account}:role/{}", self.plan_role())
    }

    /// The ECS or EKS cluster.
    pub fn cluster(&self) -> String {
        self.prefix.clone()
    }

    /// A service's ECR repository. Each environment has its own, so environments that share an
    /// account never share (or fight over) a repository, and promotion is an explicit copy.
    pub fn repository(&self, service: &str) -> String {
        format!("{}/{service}", self.prefix)
    }

    /// A Secrets Manager entry.
    pub fn secret(&self, secret: &str) -> String {
        format!("{}/{secret}", self.prefix)
    }

    /// An SQS queue (a FIFO queue's name adds `.fifo`, its dead-letter queue `-dlq`).
    pub fn queue(&self, queue: &str) -> String {
        format!("{}-{queue}", self.prefix)
    }

    /// An SNS topic (a FIFO topic's name adds `.fifo`).
    pub fn topic(&self, topic: &str) -> String {
        format!("{}-{topic}", self.prefix)
    }

    /// A service's log group.
    pub fn log_group(&self, service: &str) -> String {
        format!("/plinth/{}/{service}", self.prefix)
    }

    /// The log group of the environment's ECS Exec sessions: one level deeper than any service's
    /// log group, so no service name can take it.
    pub fn execute_command_log_group(&self) -> String {
        format!("/plinth/{}/ecs-exec/sessions", self.prefix)
    }
}

/// 8 lowercase hex digits of the 64-bit FNV-1a hash of `text`, folded to 32 bits: stable across
/// platforms and releases (unlike `std`'s hasher), and short enough for S3's 63 characters.
fn short_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", (hash ^ (hash >> 32)) & 0xffff_ffff)
}

/// Whether `name` is a lowercase DNS label: letters, digits and single hyphens, starting with a
/// letter and not ending with a hyphen.
pub fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !name.is_empty()
        && bytes[0].is_ascii_lowercase()
        && !name.ends_with('-')
        && !name.contains("--")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_prefixed_by_project_and_environment() {
        let names = Names::new("shop", "prod", None);
        assert_eq!(names.target_group("api"), "shop-prod-api");
        assert_eq!(names.bucket("uploads"), "shop-prod-uploads");
        assert_eq!(names.repository("api"), "shop-prod/api");
        assert_eq!(names.secret("stripe"), "shop-prod/stripe");
        assert_eq!(names.log_group("api"), "/plinth/shop-prod/api");
        assert_eq!(
            names.database_instances(Some(2)),
            ["shop-prod-1", "shop-prod-2"]
        );
        assert_eq!(names.database_instances(None), ["shop-prod"]);
        let pinned = Names::new("shop", "prod", Some("123456789012"));
        assert_eq!(pinned.bucket("uploads"), "shop-prod-uploads-123456789012");
    }

    #[test]
    fn bucket_names_are_unique_without_a_pinned_account() {
        let names = Names::new("shop", "prod", None).with_repository(Some("acme/shop"));
        let suffix = names.unique_suffix().expect("a repository gives a suffix");
        assert_eq!(suffix.len(), 8);
        assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        // Stable: the same repository always gives the same names, whatever its case.
        assert_eq!(suffix, short_hash("acme/shop"));
        assert_eq!(short_hash("acme/shop"), "bef4b9db");
        assert_eq!(
            Names::new("shop", "dev", None)
                .with_repository(Some("Acme/Shop"))
                .unique_suffix(),
            Some(suffix.clone())
        );
        assert_eq!(
            names.bucket("uploads"),
            format!("shop-prod-uploads-{suffix}")
        );
        assert_eq!(names.state_bucket(), format!("shop-tfstate-{suffix}"));
        // Another repository with the same project name gets other buckets.
        let other = Names::new("shop", "prod", None).with_repository(Some("other/shop"));
        assert_ne!(other.bucket("uploads"), names.bucket("uploads"));
        // `unique_suffix = false` keeps the name earlier trees gave the bucket.
        assert_eq!(
            names.bucket_with_suffix("uploads", false),
            "shop-prod-uploads"
        );
        // A pinned account wins; nothing to go on gives the bare name.
        let pinned =
            Names::new("shop", "prod", Some("123456789012")).with_repository(Some("acme/shop"));
        assert_eq!(pinned.state_bucket(), "shop-tfstate-123456789012");
        assert_eq!(
            Names::new("shop", "prod", None).state_bucket(),
            "shop-tfstate"
        );
    }

    #[test]
    fn dns_labels() {
        assert!(is_dns_label("api-v2"));
        for bad in ["", "Api", "2api", "api-", "a--b", "a_b", "a.b"] {
            assert!(!is_dns_label(bad), "{bad}");
        }
    }
}
