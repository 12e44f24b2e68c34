//! The hand-written modules of `modules-hcl/`, embedded in the binary.

use plinth_blueprint::model::Environment;
use plinth_blueprint::output::{GeneratedFile, header};

/// Embeds the files of `modules-hcl/<dir>/` that are copied into the output, in order:
/// `versions.tf`, `variables.tf`, `main.tf`, then any further `.tf` files the module splits its
/// resources into (named in the call), `outputs.tf` and `README.md`. Nothing else in the
/// directory (tests, `.terraform/` with a provider binary) can end up in plinth's binary.
macro_rules! embed {
    ($dir:literal $(, $extra:literal)*) => {
        &[
            ("versions.tf", include_str!(concat!("../../../modules-hcl/", $dir, "/versions.tf"))),
            ("variables.tf", include_str!(concat!("../../../modules-hcl/", $dir, "/variables.tf"))),
            ("main.tf", include_str!(concat!("../../../modules-hcl/", $dir, "/main.tf"))),
            $(($extra, include_str!(concat!("../../../modules-hcl/", $dir, "/", $extra))),)*
            ("outputs.tf", include_str!(concat!("../../../modules-hcl/", $dir, "/outputs.tf"))),
            ("README.md", include_str!(concat!("../../../modules-hcl/", $dir, "/README.md"))),
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
    /// One scheduled ECS Fargate job: task definition, roles, Step Functions run, schedule, alarm.
    EcsJob,
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
    /// An SQS queue with its dead-letter queue, policies and alarms.
    SqsQueue,
    /// An SNS topic and its queue subscriptions.
    SnsTopic,
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
    /// EKS cluster: secrets encryption, control-plane logs, access entries, core add-ons.
    EksCluster,
    /// One EKS managed node group with an IMDSv2-only launch template.
    EksNodeGroup,
    /// The AWS side of one Kubernetes workload: Pod Identity role, association, runtime config.
    EksWorkload,
    /// The AWS Load Balancer Controller's Pod Identity role and policy.
    EksLoadBalancerController,
}

impl Module {
    /// The module's directory name in `modules-hcl/` and in the output.
    pub fn directory(self) -> &'static str {
        match self {
            Self::Network => "network",
            Self::Alb => "alb",
            Self::EcsCluster => "ecs-cluster",
            Self::EcsService => "ecs-service",
            Self::EcsJob => "ecs-job",
            Self::Ecr => "ecr",
            Self::Database => "database",
            Self::Cache => "cache",
            Self::Msk => "msk",
            Self::S3Bucket => "s3-bucket",
            Self::SqsQueue => "sqs-queue",
            Self::SnsTopic => "sns-topic",
            Self::AppSecrets => "app-secrets",
            Self::Dns => "dns",
            Self::Waf => "waf",
            Self::Monitoring => "monitoring",
            Self::Budget => "budget",
            Self::LogKey => "log-key",
            Self::StateBucket => "state-bucket",
            Self::GithubDeployRole => "github-deploy-role",
            Self::EksCluster => "eks-cluster",
            Self::EksNodeGroup => "eks-node-group",
            Self::EksWorkload => "eks-workload",
            Self::EksLoadBalancerController => "eks-load-balancer-controller",
        }
    }

    /// The `source` a root in `envs/<env>/` or `bootstrap/<account>/` uses for this module.
    pub fn source(self) -> String {
        format!("../../modules/{}", self.directory())
    }

    /// Every module plinth ships.
    pub const ALL: [Module; 24] = [
        Self::Network,
        Self::Alb,
        Self::EcsCluster,
        Self::EcsService,
        Self::EcsJob,
        Self::Ecr,
        Self::Database,
        Self::Cache,
        Self::Msk,
        Self::S3Bucket,
        Self::SqsQueue,
        Self::SnsTopic,
        Self::AppSecrets,
        Self::Dns,
        Self::Waf,
        Self::Monitoring,
        Self::Budget,
        Self::LogKey,
        Self::StateBucket,
        Self::GithubDeployRole,
        Self::EksCluster,
        Self::EksNodeGroup,
        Self::EksWorkload,
        Self::EksLoadBalancerController,
    ];

    /// The module's embedded files, by name, in the order `embed!` gives them.
    fn embedded(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Network => embed!("network"),
            Self::Alb => embed!("alb"),
            Self::EcsCluster => embed!("ecs-cluster"),
            Self::EcsService => embed!("ecs-service", "containers.tf"),
            Self::EcsJob => embed!("ecs-job", "containers.tf"),
            Self::Ecr => embed!("ecr"),
            Self::Database => embed!("database"),
            Self::Cache => embed!("cache"),
            Self::Msk => embed!("msk"),
            Self::S3Bucket => embed!("s3-bucket"),
            Self::SqsQueue => embed!("sqs-queue"),
            Self::SnsTopic => embed!("sns-topic"),
            Self::AppSecrets => embed!("app-secrets"),
            Self::Dns => embed!("dns"),
            Self::Waf => embed!("waf"),
            Self::Monitoring => embed!("monitoring"),
            Self::Budget => embed!("budget"),
            Self::LogKey => embed!("log-key"),
            Self::StateBucket => embed!("state-bucket"),
            Self::GithubDeployRole => embed!("github-deploy-role"),
            Self::EksCluster => embed!("eks-cluster"),
            Self::EksNodeGroup => embed!("eks-node-group"),
            Self::EksWorkload => embed!("eks-workload"),
            Self::EksLoadBalancerController => embed!("eks-load-balancer-controller"),
        }
    }

    /// The text of the module's hand-written `variables.tf`.
    pub(crate) fn variables_tf(self) -> &'static str {
        self.embedded_file("variables.tf")
    }

    /// The text of the module's hand-written `outputs.tf`.
    pub(crate) fn outputs_tf(self) -> &'static str {
        self.embedded_file("outputs.tf")
    }

    /// The text of the module's hand-written `README.md`.
    pub(crate) fn readme(self) -> &'static str {
        self.embedded_file("README.md")
    }

    fn embedded_file(self, name: &str) -> &'static str {
        self.embedded()
            .iter()
            .find(|(file, _)| *file == name)
            .map_or("", |(_, text)| text)
    }

    /// Whether the module holds data that a destroy would lose (a database, a cache, a bucket,
    /// secrets, a Kafka cluster, a queue's messages). Production-like environments call a
    /// protected copy of these.
    pub fn is_stateful(self) -> bool {
        matches!(
            self,
            Self::Database
                | Self::Cache
                | Self::Msk
                | Self::S3Bucket
                | Self::AppSecrets
                | Self::SqsQueue
        )
    }

    /// The `source` of this module as called from `env`'s root: the protected copy for a
    /// stateful module in a production-like environment.
    pub fn source_for(self, env: &Environment) -> String {
        ModuleCopy::for_environment(self, env).source()
    }

    /// The module's unprotected copy.
    pub fn files(self, blueprint: &str) -> Vec<GeneratedFile> {
        ModuleCopy {
            module: self,
            protected: false,
        }
        .files(blueprint)
    }
}

/// The text the hand-written stateful modules carry in each stateful resource's `lifecycle`.
const UNPROTECTED: &str = "prevent_destroy = false";
/// What the protected copy carries instead.
const PROTECTED: &str = "prevent_destroy = true";

/// One copy of a module in the generated tree. Terraform accepts only a literal for
/// `prevent_destroy`, so production-like environments call `modules/<name>-protected/`, a copy
/// whose stateful resources say `prevent_destroy = true`; other environments call
/// `modules/<name>/`, which plinth can still destroy when the blueprint says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ModuleCopy {
    /// The module.
    pub module: Module,
    /// Whether this is the protected copy.
    pub protected: bool,
}

impl ModuleCopy {
    /// The copy `env` calls.
    pub fn for_environment(module: Module, env: &Environment) -> Self {
        Self {
            module,
            protected: env.production && module.is_stateful(),
        }
    }

    /// The directory under `modules/`.
    pub fn directory(self) -> String {
        if self.protected {
            format!("{}-protected", self.module.directory())
        } else {
            self.module.directory().to_owned()
        }
    }

    /// The `source` argument of a root's `module` block.
    pub fn source(self) -> String {
        format!("../../modules/{}", self.directory())
    }

    /// The copy's files under `modules/<directory>/`, each with the generated-file header.
    pub fn files(self, blueprint: &str) -> Vec<GeneratedFile> {
        let directory = self.directory();
        self.module
            .embedded()
            .iter()
            .map(|(name, text)| {
                let path = format!("modules/{directory}/{name}");
                let text = if self.protected {
                    protect(name, text)
                } else {
                    (*text).to_owned()
                };
                let contents = format!("{}{text}", header(&path, blueprint));
                GeneratedFile::new(path, contents)
            })
            .collect()
    }
}

/// The protected text of one file of a stateful module.
fn protect(file: &str, text: &str) -> String {
    match file {
        "main.tf" => text.replace(UNPROTECTED, PROTECTED),
        "README.md" => format!(
            "{text}\n## Protected copy\n\nThis is the copy production-like environments call: its stateful \
             resources carry `lifecycle {{ prevent_destroy = true }}`, so Terraform refuses any plan that \
             would destroy them. To retire one, first make the environment non-production in the \
             blueprint (or remove the resource with `plinth generate --allow-destroy`) and review the \
             plan.\n"
        ),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_copies_protect_every_stateful_resource() {
        for module in Module::ALL.into_iter().filter(|m| m.is_stateful()) {
            let unprotected = module.embedded_file("main.tf");
            assert!(
                unprotected.contains(UNPROTECTED),
                "{module:?} has no stateful resource marked `{UNPROTECTED}`"
            );
            let copy = ModuleCopy {
                module,
                protected: true,
            };
            let main = &copy.files("app.toml")[2];
            assert_eq!(
                main.path,
                format!("modules/{}-protected/main.tf", module.directory())
            );
            assert!(!main.contents.contains(UNPROTECTED));
            assert_eq!(
                main.contents.matches(PROTECTED).count(),
                unprotected.matches(UNPROTECTED).count()
            );
        }
        for module in Module::ALL.into_iter().filter(|m| !m.is_stateful()) {
            assert!(
                !module.embedded_file("main.tf").contains(UNPROTECTED),
                "{module:?}"
            );
        }
    }

    #[test]
    fn every_module_has_its_files_embedded() {
        for module in Module::ALL {
            let files = module.files("app.toml");
            let extra = usize::from(matches!(module, Module::EcsService | Module::EcsJob));
            assert_eq!(files.len(), 5 + extra, "{module:?}");
            assert!(
                files[0]
                    .contents
                    .starts_with("# Generated by plinth from app.toml.")
            );
            assert!(
                files[4 + extra]
                    .contents
                    .starts_with("<!-- Generated by plinth")
            );
        }
    }
}
