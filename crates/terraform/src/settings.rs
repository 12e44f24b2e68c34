//! The blocks every root has, whatever it deploys: the `terraform` block pinning Terraform and
//! the AWS provider, the provider with its default tags, and the S3 backend.

use hcl::Expression;
use plinth_blueprint::model::{Environment, Project};

use crate::hcl::{Block, object, string, strings};

/// The provider constraint every root and module uses.
pub const AWS_PROVIDER_VERSION: &str = "~> 5.100";

/// The Terraform CLI constraint.
pub const TERRAFORM_VERSION: &str = ">= 1.10";

/// The `terraform` block pinning Terraform and the AWS provider.
pub(crate) fn versions() -> Block {
    Block::new("terraform", [])
        .attr("required_version", string(TERRAFORM_VERSION))
        .block(Block::new("required_providers", []).attr(
            "aws",
            object([
                ("source", string("hashicorp/aws")),
                ("version", string(AWS_PROVIDER_VERSION)),
            ]),
        ))
}

/// The default tag whose value (`<project>-<env>`, the prefix of the environment's AWS names) is
/// unique to an environment; the budget counts the costs that carry it.
pub(crate) const STACK_TAG: &str = "Stack";

pub(crate) fn provider(project: &Project, env: &Environment) -> Block {
    let mut tags: Vec<(String, Expression)> = vec![
        ("Project".into(), string(&project.name)),
        ("Environment".into(), string(&env.name)),
    ];
    if let Some(owner) = &project.owner {
        tags.push(("Owner".into(), string(owner)));
    }
    if let Some(cost_center) = &project.cost_center {
        tags.push(("CostCenter".into(), string(cost_center)));
    }
    tags.push(("ManagedBy".into(), string("plinth")));
    // One tag that tells this environment's resources apart from every other environment's,
    // even in a shared account: AWS Budgets filters on one tag value, not on a combination.
    tags.push((STACK_TAG.into(), string(&env.names.prefix)));
    tags.extend(project.tags.iter().map(|(k, v)| (k.clone(), string(v))));
    let mut block = Block::new("provider", ["aws"]).attr("region", string(&env.region));
    if let Some(account) = &env.account_id {
        // Refuses to run against any other account: a wrong profile cannot touch the wrong account.
        block = block.attr("allowed_account_ids", strings([account]));
    }
    if let Some(role) = &env.assume_role_arn {
        // The deploy role may assume it (bootstrap grants exactly this ARN), pull-request plan
        // roles may not; Terraform then acts with this role's permissions, not the deploy role's.
        let account = role.split(':').nth(4).unwrap_or_default();
        block = block
            .comment(&format!(
                "Terraform acts as this role, which must trust {}",
                env.names.deploy_role_arn(account)
            ))
            .block(
                Block::new("assume_role", [])
                    .attr("role_arn", string(role))
                    .attr(
                        "session_name",
                        string(&format!("plinth-{}", env.names.prefix)),
                    ),
            );
    }
    block.block(Block::new("default_tags", []).attr("tags", object(tags)))
}

/// The S3 backend. `encrypt = true` alone makes the backend request SSE-S3 (AES256), which
/// overrides the bucket's default SSE-KMS: `kms_key_id` names the state key so the state is
/// encrypted with it. The key ID is generated in the bucket's account, so the backend names its
/// alias: Terraform 1.6.0 refused aliases there (hashicorp/terraform#34005), later releases and
/// the pinned one accept them; S3 resolves an alias ARN in the account it names (an alias name in
/// the caller's), so the roles of other accounts encrypt with the bucket account's key.
pub(crate) fn backend(env: &Environment) -> Block {
    Block::new("terraform", []).block(
        Block::new("backend", ["s3"])
            .attr("bucket", string(&env.state.bucket))
            .attr("key", string(&env.state.key))
            .attr("region", string(&env.state.region))
            .attr("encrypt", true)
            .attr("kms_key_id", string(&env.state.kms_key_id()))
            .attr("use_lockfile", true),
    )
}
