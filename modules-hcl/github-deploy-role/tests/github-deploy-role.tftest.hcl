mock_provider "aws" {
  # Attachments validate policy_arn, so applied policies need ARN-shaped values.
  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws:iam::123456789012:policy/shop-prod-github-mock"
    }
  }
}

variables {
  create_oidc_provider    = false
  oidc_provider_arn       = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  role_name               = "shop-prod-github"
  repository              = "acme/shop"
  github_environment      = "prod"
  restrict_to_environment = true
  state_bucket_arn        = "arn:aws:s3:::shop-tfstate-123456789012"
  state_key_prefix        = "shop"
  name_prefix             = "shop-prod"
  account_id              = "123456789012"
  region                  = "eu-west-1"
  tags = {
    component = "ci"
  }
}

run "production_trust" {
  command = plan

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0
    error_message = "No OIDC provider may be created when reusing one."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Federated == var.oidc_provider_arn && jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    error_message = "The role must trust the given OIDC provider for web identity federation."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The token audience must be sts.amazonaws.com."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:acme/shop:environment:prod"]
    error_message = "Production must trust only jobs in the GitHub environment."
  }

  assert {
    condition     = aws_iam_role.this.name == "shop-prod-github" && aws_iam_role.this.max_session_duration == 3600 && aws_iam_role.this.tags["component"] == "ci"
    error_message = "Role name, session duration and tags must be set."
  }

  assert {
    condition     = output.oidc_provider_arn == var.oidc_provider_arn
    error_message = "oidc_provider_arn must pass the reused provider through."
  }

  assert {
    condition     = toset(keys(aws_iam_policy.this)) == toset(["state", "network", "compute", "data", "observability", "iam"]) && length(aws_iam_role_policy_attachment.this) == 6
    error_message = "Six managed policies must be created and attached."
  }

  assert {
    condition     = aws_iam_policy.this["iam"].name == "shop-prod-github-iam"
    error_message = "Policies must be named <role_name>-<concern>."
  }

  assert {
    condition     = alltrue([for policy in aws_iam_policy.this : length(policy.policy) <= 6144])
    error_message = "Every managed policy must stay within IAM's 6,144-character limit."
  }
}

run "non_production_trust" {
  command = plan

  variables {
    role_name               = "shop-dev-github"
    github_environment      = "dev"
    restrict_to_environment = false
    default_branch          = "trunk"
    name_prefix             = "shop-dev"
  }

  assert {
    condition = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == [
      "repo:acme/shop:environment:dev",
      "repo:acme/shop:ref:refs/heads/trunk",
    ]
    error_message = "Non-production must trust the environment and the default branch, never pull requests (they run unreviewed code)."
  }

  assert {
    condition     = length(aws_iam_role.plan) == 0 && length(aws_iam_policy.this) == 6
    error_message = "Without pull_request_plan_role no plan role may be created."
  }
}

# Pull requests get their own role that can read what a plan reads and write nothing.
# Writes whose resources have generated IDs are held to the environment's Stack tag.
# The Cloud Map namespace of internal ECS services ("AWS Cloud Map API permissions reference").
# A state bucket in another account: the key is known by its alias only.
# A provider assume_role: the deploy role may assume exactly that role.
run "state_permissions_scoped_to_environment" {
  command = plan

  assert {
    condition = (
      local.state_policy.Statement[0].Action == "s3:ListBucket" &&
      local.state_policy.Statement[0].Resource == "arn:aws:s3:::shop-tfstate-123456789012" &&
      local.state_policy.Statement[0].Condition.StringLike["s3:prefix"] == ["shop/prod/", "shop/prod/*"]
    )
    error_message = "Listing must be limited to the environment's state prefix."
  }

  assert {
    condition = (
      local.state_policy.Statement[1].Effect == "Allow" &&
      local.state_policy.Statement[1].Action == ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] &&
      local.state_policy.Statement[1].Resource == "arn:aws:s3:::shop-tfstate-123456789012/shop/prod/*"
    )
    error_message = "Object access must be limited to <prefix>/<env>/*."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.this["state"].policy).Statement :
      s.Effect == "Deny" || s.Action == "s3:ListBucket" || s.Resource == "arn:aws:s3:::shop-tfstate-123456789012/shop/prod/*"
    ])
    error_message = "No allow statement may reach other state objects."
  }

  assert {
    condition     = local.state_policy.Statement[2].Effect == "Deny" && contains(local.state_policy.Statement[2].Action, "s3:DeleteBucket*") && contains(local.state_policy.Statement[2].Action, "s3:DeleteObjectVersion")
    error_message = "The role must not be able to delete the state bucket or state history."
  }

  assert {
    condition     = length(local.state_policy.Statement) == 3 && !strcontains(aws_iam_policy.this["state"].policy, "kms:") && !strcontains(aws_iam_policy.this["state"].policy, "sts:")
    error_message = "Without state_kms_key_arn the state policy must not mention KMS."
  }
}

run "state_key_and_environment_override" {
  command = plan

  variables {
    github_environment = "production"
    state_environment  = "prod"
    state_kms_key_arn  = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = local.state_policy.Statement[1].Resource == "arn:aws:s3:::shop-tfstate-123456789012/shop/prod/*"
    error_message = "state_environment must select the state prefix."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:acme/shop:environment:production"]
    error_message = "The trust must still use the GitHub environment name."
  }

  assert {
    condition = (
      local.state_policy.Statement[3].Sid == "UseStateKey" &&
      local.state_policy.Statement[3].Resource == var.state_kms_key_arn &&
      local.state_policy.Statement[4].Effect == "Deny" &&
      contains(local.state_policy.Statement[4].Action, "kms:ScheduleKeyDeletion") &&
      local.state_policy.Statement[4].Resource == var.state_kms_key_arn
    )
    error_message = "The state key must be usable but not administrable."
  }
}

run "iam_scoped_to_environment" {
  command = plan

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.this["iam"].policy).Statement :
      s.Effect == "Deny" || s.Sid == "ServiceLinkedRoles" || s.Sid == "EksOidcProviders" ||
      s.Resource == "arn:aws:iam::123456789012:role/shop-prod-*" || s.Resource == "arn:aws:iam::123456789012:policy/shop-prod-*"
    ])
    error_message = "IAM roles and policies must be limited to <name_prefix>-* names."
  }

  assert {
    condition = toset(one([for s in local.iam_policy.Statement : s.Condition.StringEquals["iam:PassedToService"] if s.Action == "iam:PassRole" && s.Effect == "Allow"])) == toset([
      "ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "eks.amazonaws.com", "pods.eks.amazonaws.com",
      "states.amazonaws.com", "scheduler.amazonaws.com",
    ])
    error_message = "PassRole must be limited to the services that run the environment's roles."
  }

  assert {
    condition     = !contains(one([for s in local.iam_policy.Statement : s.Condition.ArnLike["iam:PolicyARN"] if s.Action == "iam:AttachRolePolicy"]), "arn:aws:iam::aws:policy/AdministratorAccess")
    error_message = "Managed-policy attachment must be allow-listed."
  }

  assert {
    condition = one([for s in local.iam_policy.Statement : s.Resource if s.Effect == "Deny"]) == [
      "arn:aws:iam::123456789012:role/shop-prod-github",
      "arn:aws:iam::123456789012:role/shop-prod-github-plan",
      "arn:aws:iam::123456789012:policy/shop-prod-github-*",
    ]
    error_message = "The role must not be able to modify itself or its policies."
  }

  assert {
    condition     = one([for s in local.compute_policy.Statement : s.Resource if s.Sid == "EnvironmentEcr"]) == "arn:aws:ecr:eu-west-1:123456789012:repository/shop-prod/*"
    error_message = "ECR access must be limited to the environment's repositories."
  }

  assert {
    condition = toset(one([for s in local.compute_policy.Statement : s.Resource if s.Sid == "EnvironmentJobs"])) == toset([
      "arn:aws:states:eu-west-1:123456789012:stateMachine:shop-prod-*",
      "arn:aws:states:eu-west-1:123456789012:execution:shop-prod-*:*",
      "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/shop-prod-*",
    ])
    error_message = "Scheduled jobs' state machines, executions and schedules must be limited to <name_prefix>-* names."
  }

  assert {
    condition = (
      one([for s in local.data_policy.Statement : s.Resource if s.Sid == "EnvironmentSecrets"]) == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/*" &&
      !contains(one([for s in local.data_policy.Statement : s.Action if s.Sid == "EnvironmentSecrets"]), "secretsmanager:GetSecretValue") &&
      one([for s in local.data_policy.Statement : s.Resource if contains(flatten([s.Action]), "secretsmanager:GetSecretValue")]) == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/cache-auth-token-*"
    )
    error_message = "Secrets must be limited to <name_prefix>/*, with values readable only for the generated cache AUTH token."
  }

  assert {
    condition     = one([for s in local.data_policy.Statement : s.Resource if s.Sid == "EnvironmentBuckets"]) == ["arn:aws:s3:::shop-prod-*", "arn:aws:s3:::shop-prod-*/*"]
    error_message = "Bucket access must be limited to <name_prefix>-* buckets."
  }
}

run "creates_oidc_provider" {
  command = apply

  variables {
    create_oidc_provider = true
    oidc_provider_arn    = null
  }

  override_resource {
    target = aws_iam_openid_connect_provider.github
    values = {
      arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    }
  }

  override_resource {
    target = aws_iam_role.this
    values = {
      arn = "arn:aws:iam::123456789012:role/shop-prod-github"
    }
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1
    error_message = "create_oidc_provider must create the provider."
  }

  assert {
    condition = (
      aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" &&
      aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    )
    error_message = "The provider must be GitHub's issuer with the STS audience."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    error_message = "The role must trust the provider it created."
  }

  assert {
    condition     = output.oidc_provider_arn == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    error_message = "oidc_provider_arn must be the created provider."
  }

  assert {
    condition     = output.role_arn == "arn:aws:iam::123456789012:role/shop-prod-github" && output.role_name == "shop-prod-github"
    error_message = "Role outputs must expose the role."
  }

  assert {
    condition     = alltrue([for key, attachment in aws_iam_role_policy_attachment.this : attachment.policy_arn == aws_iam_policy.this[key].arn && attachment.role == "shop-prod-github"])
    error_message = "Every policy must be attached to the role."
  }
}

run "rejects_neither_provider_nor_arn" {
  command = plan

  variables {
    create_oidc_provider = false
    oidc_provider_arn    = null
  }

  expect_failures = [var.oidc_provider_arn]
}

run "rejects_provider_and_arn" {
  command = plan

  variables {
    create_oidc_provider = true
  }

  expect_failures = [var.oidc_provider_arn]
}

run "rejects_long_role_name" {
  command = plan

  variables {
    role_name = "shop-production-github-actions-deploy-role-for-the-api-and-worker"
  }

  expect_failures = [var.role_name]
}

run "rejects_bad_repository" {
  command = plan

  variables {
    repository = "https://github.com/acme/shop"
  }

  expect_failures = [var.repository]
}

run "rejects_wildcard_environment" {
  command = plan

  variables {
    github_environment = "*"
  }

  expect_failures = [var.github_environment]
}

run "empty_state_key_prefix" {
  command = plan

  variables {
    state_key_prefix = ""
  }

  assert {
    condition     = local.state_policy.Statement[1].Resource == "arn:aws:s3:::shop-tfstate-123456789012/prod/*" && local.state_policy.Statement[0].Condition.StringLike["s3:prefix"] == ["prod/", "prod/*"]
    error_message = "Without a key prefix the state lives under <env>/."
  }
}

# The longest names plinth generates (a 20-character project, a 12-character environment) with
# every optional statement must still fit IAM's 6,144 characters per managed policy.
# Environments sharing a hosted zone (dev.shop.example.com under shop.example.com) must not
# change each other's records.
