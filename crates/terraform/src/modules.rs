//! The hand-written modules of `modules-hcl/`, embedded in the binary.

use plinth_blueprint::output::{GeneratedFile, header};

/// The files of a module that are copied into the output (tests and tool state stay behind).
const MODULE_FILES: [&str; 5] = [
    "versions.tf",
    "variables.tf",
    "main.tf",
    "outputs.tf",
    "README.md",
];

/// Embeds exactly the [`MODULE_FILES`] of `modules-hcl/<dir>/`, in that order: nothing else in
/// the directory (tests, `.terraform/` with a provider binary) can end up in plinth's binary.
macro_rules! embed {
    ($dir:literal) => {
        [
            include_str!(concat!("../../../modules-hcl/", $dir, "/versions.tf")),
            include_str!(concat!("../../../modules-hcl/", $dir, "/variables.tf")),
            include_str!(concat!("../../../modules-hcl/", $dir, "/main.tf")),
            include_str!(concat!("../../../modules-hcl/", $dir, "/outputs.tf")),
            include_str!(concat!("../../../modules-hcl/", $dir, "/README.md")),
        ]
    };
}

/// A module plinth can emit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    /// VPC, subnets, NAT, routes, flow logs, endpoints.
    Network,
    /// Application load balancer, listeners, target groups, rules.
    Alb,
    /// ECS cluster and capacity providers.
    EcsCluster,
    /// One ECS Fargate service with its task definition, roles and autoscaling.
    EcsService,
    /// ECR repositories with lifecycle policies.
    Ecr,
    /// RDS instance or Aurora cluster.
    Database,
    /// ElastiCache Redis or Valkey replication group.
    Cache,
    /// Amazon MSK cluster.
    Msk,
    /// An application S3 bucket.
    S3Bucket,
    /// Secrets Manager entries the application reads.
    AppSecrets,
    /// ACM certificate, DNS validation and alias records.
    Dns,
    /// WAFv2 web ACL.
    Waf,
    /// SNS topic, alarms and dashboard.
    Monitoring,
    /// Monthly cost budget.
    Budget,
    /// KMS key for log groups.
    LogKey,
    /// The Terraform state bucket (bootstrap).
    StateBucket,
    /// GitHub OIDC provider and deploy role (bootstrap).
    GithubDeployRole,
}

impl Module {
    /// The module's directory name in `modules-hcl/` and in the output.
    pub fn directory(self) -> &'static str {
        match self {
            Self::Network => "network",
            Self::Alb => "alb",
            Self::EcsCluster => "ecs-cluster",
            Self::EcsService => "ecs-service",
            Self::Ecr => "ecr",
            Self::Database => "database",
            Self::Cache => "cache",
            Self::Msk => "msk",
            Self::S3Bucket => "s3-bucket",
            Self::AppSecrets => "app-secrets",
            Self::Dns => "dns",
            Self::Waf => "waf",
            Self::Monitoring => "monitoring",
            Self::Budget => "budget",
            Self::LogKey => "log-key",
            Self::StateBucket => "state-bucket",
            Self::GithubDeployRole => "github-deploy-role",
        }
    }

    /// The `source` a root in `envs/<env>/` or `bootstrap/<account>/` uses for this module.
    pub fn source(self) -> String {
        format!("../../modules/{}", self.directory())
    }

    /// Every module plinth ships.
    pub const ALL: [Module; 17] = [
        Self::Network,
        Self::Alb,
        Self::EcsCluster,
        Self::EcsService,
        Self::Ecr,
        Self::Database,
        Self::Cache,
        Self::Msk,
        Self::S3Bucket,
        Self::AppSecrets,
        Self::Dns,
        Self::Waf,
        Self::Monitoring,
        Self::Budget,
        Self::LogKey,
        Self::StateBucket,
        Self::GithubDeployRole,
    ];

    /// The embedded text of the module's [`MODULE_FILES`].
    fn embedded(self) -> [&'static str; 5] {
        match self {
            Self::Network => embed!("network"),
            Self::Alb => embed!("alb"),
            Self::EcsCluster => embed!("ecs-cluster"),
            Self::EcsService => embed!("ecs-service"),
            Self::Ecr => embed!("ecr"),
            Self::Database => embed!("database"),
            Self::Cache => embed!("cache"),
            Self::Msk => embed!("msk"),
            Self::S3Bucket => embed!("s3-bucket"),
            Self::AppSecrets => embed!("app-secrets"),
            Self::Dns => embed!("dns"),
            Self::Waf => embed!("waf"),
            Self::Monitoring => embed!("monitoring"),
            Self::Budget => embed!("budget"),
            Self::LogKey => embed!("log-key"),
            Self::StateBucket => embed!("state-bucket"),
            Self::GithubDeployRole => embed!("github-deploy-role"),
        }
    }

    /// The module's files, each with the generated-file header, as they go into the output.
    pub fn files(self, blueprint: &str) -> Vec<GeneratedFile> {
        let directory = self.directory();
        MODULE_FILES
            .iter()
            .zip(self.embedded())
            .map(|(name, text)| {
                let path = format!("modules/{directory}/{name}");
                let contents = format!("{}{text}", header(&path, blueprint));
                GeneratedFile::new(path, contents)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_has_its_files_embedded() {
        for module in Module::ALL {
            let files = module.files("app.toml");
            assert_eq!(files.len(), 5);
            assert!(
                files[0]
                    .contents
                    .starts_with("# Generated by plinth from app.toml.")
            );
            assert!(files[4].contents.starts_with("<!-- Generated by plinth"));
        }
    }
}
