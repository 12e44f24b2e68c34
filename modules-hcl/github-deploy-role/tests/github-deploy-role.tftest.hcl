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
run "pull_request_plan_role" {
  command = plan

  variables {
    role_name               = "shop-dev-github"
    github_environment      = "dev"
    restrict_to_environment = false
    pull_request_plan_role  = true
    name_prefix             = "shop-dev"
    state_kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition = (
      aws_iam_role.plan[0].name == "shop-dev-github-plan" &&
      jsondecode(aws_iam_role.plan[0].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:acme/shop:pull_request" &&
      jsondecode(aws_iam_role.plan[0].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    )
    error_message = "The plan role must trust exactly the repository's pull-request workflows."
  }

  assert {
    condition     = toset(keys(aws_iam_role_policy_attachment.plan)) == toset(["plan-state", "plan-read"]) && length(aws_iam_role_policy_attachment.this) == 6
    error_message = "The plan role gets only the plan policies, the deploy role only its own."
  }

  assert {
    condition = alltrue(flatten([
      for policy in [local.plan_state_policy, local.plan_read_policy] : [
        for s in policy.Statement : [
          for a in flatten([s.Action]) :
          can(regex("^[a-z0-9-]+:(Get|Describe|List|View)", a)) && !contains(["s3:GetObject", "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters"], a) || s.Sid == "ReadEnvironmentState" || s.Sid == "ReadEnvironmentValues" || a == "kms:Decrypt"
        ]
      ]
    ]))
    error_message = "The plan role may only read."
  }

  assert {
    condition = (
      one([for s in local.plan_state_policy.Statement : s.Resource if s.Sid == "ReadEnvironmentState"]) == "arn:aws:s3:::shop-tfstate-123456789012/shop/dev/*" &&
      !strcontains(jsonencode(local.plan_state_policy), "s3:PutObject") &&
      one([for s in local.plan_state_policy.Statement : s.Resource if s.Sid == "DecryptState"]) == var.state_kms_key_arn
    )
    error_message = "The plan role reads (and decrypts) only its environment's state, and writes no lock file."
  }

  assert {
    condition = (
      one([for s in local.plan_read_policy.Statement : s.Resource if s.Sid == "ReadEnvironmentValues"]) == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-dev/cache-auth-token-*", "arn:aws:ssm:eu-west-1:123456789012:parameter/plinth/shop-dev/*"] &&
      !contains(one([for s in local.plan_read_policy.Statement : s.Action if s.Sid == "ReadEnvironmentBuckets"]), "s3:GetObject")
    )
    error_message = "Secret values, parameters and bucket contents of other environments stay out of reach."
  }

  assert {
    condition     = contains(one([for s in local.iam_policy.Statement : s.Resource if s.Sid == "ProtectDeployRole"]), "arn:aws:iam::123456789012:role/shop-dev-github-plan")
    error_message = "The deploy role must not be able to modify the plan role."
  }

  assert {
    condition     = alltrue([for policy in aws_iam_policy.this : length(policy.policy) <= 6144])
    error_message = "Every managed policy must stay within IAM's 6,144-character limit."
  }
}

run "rejects_plan_role_for_production" {
  command = plan

  variables {
    pull_request_plan_role = true
  }

  expect_failures = [var.pull_request_plan_role]
}

# Writes whose resources have generated IDs are held to the environment's Stack tag.
run "writes_scoped_by_stack_tag" {
  command = plan

  assert {
    condition = alltrue([
      for s in local.network_policy.Statement :
      contains(["Ec2Read", "Ec2TagOnCreate", "Ec2ManagedPrefixLists", "Ec2AdoptDefaultSecurityGroup", "Ec2UntaggedParts"], s.Sid) ||
      try(s.Condition.StringEquals["aws:ResourceTag/Stack"], s.Condition.StringEquals["aws:RequestTag/Stack"], "") == "shop-prod"
    ])
    error_message = "Every EC2 write must require the environment's Stack tag on the resource or the request."
  }

  assert {
    condition = (
      one([for s in local.network_policy.Statement : s.Condition.Null["aws:ResourceTag/Stack"] if s.Sid == "Ec2CreateTagged"]) == "true" &&
      one([for s in local.network_policy.Statement : s.Condition.StringEquals["aws:ResourceTag/Stack"] if s.Sid == "Ec2EnvironmentResources"]) == "shop-prod" &&
      contains(one([for s in local.network_policy.Statement : s.Action if s.Sid == "Ec2EnvironmentResources"]), "ec2:CreateRoute") &&
      !contains(one([for s in local.network_policy.Statement : s.Action if s.Sid == "Ec2CreateTagged"]), "ec2:CreateRoute")
    )
    error_message = "New EC2 resources need the tag in the request; existing ones (routes, rules, VPCs) on the resource."
  }

  assert {
    condition = alltrue([
      for s in local.network_policy.Statement :
      alltrue([for r in flatten([s.Resource]) : !can(regex(":(vpc|subnet|route-table|security-group|natgateway|internet-gateway|elastic-ip)/", r))])
      if contains(["Ec2UntaggedParts", "Ec2ManagedPrefixLists"], s.Sid)
    ])
    error_message = "Untagged parts of a request (rules, endpoint services, prefix lists) must never admit a VPC, subnet, route table or security group."
  }

  assert {
    condition = (
      !contains(one([for s in local.compute_policy.Statement : s.Action if s.Sid == "ComputeUnscoped"]), "application-autoscaling:RegisterScalableTarget") &&
      one([for s in local.compute_policy.Statement : s.Condition.StringEquals["aws:ResourceTag/Stack"] if s.Sid == "EnvironmentScaling"]) == "shop-prod"
    )
    error_message = "Scaling another environment's services must be out of reach."
  }

  assert {
    condition = (
      one([for s in local.data_policy.Statement : s.Condition.StringEquals["aws:ResourceTag/Stack"] if s.Sid == "ManageEnvironmentKeys"]) == "shop-prod" &&
      contains(one([for s in local.data_policy.Statement : s.Action if s.Sid == "ManageEnvironmentKeys"]), "kms:ScheduleKeyDeletion") &&
      one([for s in local.data_policy.Statement : s.Condition.StringEquals["aws:RequestTag/Stack"] if s.Sid == "CreateEnvironmentKeys"]) == "shop-prod" &&
      one([for s in local.data_policy.Statement : s.Condition.StringEquals["aws:ResourceTag/Stack"] if s.Sid == "UseKeysThroughServices"]) == "shop-prod"
    )
    error_message = "KMS keys must be created with, and administered only with, the environment's Stack tag."
  }

  assert {
    condition     = one([for s in local.observability_policy.Statement : s.Condition.StringEquals["aws:ResourceTag/Stack"] if s.Sid == "EnvironmentCertificates"]) == "shop-prod"
    error_message = "Certificates of other environments must be out of reach."
  }
}

# The Cloud Map namespace of internal ECS services ("AWS Cloud Map API permissions reference").
run "cloud_map_permissions" {
  command = plan

  assert {
    condition = alltrue([
      for action in [
        "servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:CreateService", "servicediscovery:GetOperation",
        "servicediscovery:GetNamespace", "servicediscovery:GetService", "servicediscovery:ListTagsForResource",
        "servicediscovery:TagResource", "servicediscovery:DeleteService", "servicediscovery:DeleteNamespace",
        "servicediscovery:UpdateService", "route53:CreateHostedZone", "route53:GetHostedZone", "route53:DeleteHostedZone",
        "route53:ListHostedZonesByName", "route53:ChangeTagsForResource",
      ] : anytrue([for s in local.observability_policy.Statement : contains(flatten([s.Action]), action) && s.Effect == "Allow"])
    ])
    error_message = "The deploy role must be able to create, read, tag and delete the Cloud Map namespace, its services and its private hosted zone."
  }

  assert {
    condition     = one([for s in local.observability_policy.Statement : s.Condition.StringEquals["aws:ResourceTag/Stack"] if s.Sid == "CloudMapEnvironment"]) == "shop-prod"
    error_message = "Cloud Map writes must be held to the environment's resources."
  }

  assert {
    condition     = anytrue([for s in local.network_policy.Statement : contains(flatten([s.Action]), "ec2:Describe*")])
    error_message = "Cloud Map needs ec2:DescribeVpcs and ec2:DescribeRegions."
  }
}

# A state bucket in another account: the key is known by its alias only.
run "foreign_state_key" {
  command = plan

  variables {
    state_bucket_arn        = "arn:aws:s3:::shop-tfstate-111111111111"
    state_kms_key_alias_arn = "arn:aws:kms:eu-west-1:111111111111:alias/shop-tfstate-111111111111-state"
  }

  assert {
    condition = (
      one([for s in local.state_policy.Statement : s.Resource if s.Sid == "UseStateKey"]) == "arn:aws:kms:eu-west-1:111111111111:key/*" &&
      one([for s in local.state_policy.Statement : s.Condition["ForAnyValue:StringEquals"]["kms:ResourceAliases"] if s.Sid == "UseStateKey"]) == "alias/shop-tfstate-111111111111-state" &&
      one([for s in local.state_policy.Statement : s.Condition["ForAnyValue:StringEquals"]["kms:ResourceAliases"] if s.Sid == "ProtectStateKey"]) == "alias/shop-tfstate-111111111111-state"
    )
    error_message = "The deploy role must be able to use the other account's state key, found by its alias, and not administer it."
  }
}

run "rejects_both_state_key_forms" {
  command = plan

  variables {
    state_kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    state_kms_key_alias_arn = "arn:aws:kms:eu-west-1:111111111111:alias/shop-tfstate-state"
  }

  expect_failures = [var.state_kms_key_alias_arn]
}

# A provider assume_role: the deploy role may assume exactly that role.
run "assume_role" {
  command = plan

  variables {
    assume_role_arns = ["arn:aws:iam::123456789012:role/plinth-terraform"]
  }

  assert {
    condition     = tolist(one([for s in local.state_policy.Statement : s.Resource if s.Sid == "AssumeProviderRole"])) == tolist(["arn:aws:iam::123456789012:role/plinth-terraform"])
    error_message = "The deploy role must be allowed to assume exactly the provider's role."
  }
}

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
run "longest_names_fit" {
  command = plan

  variables {
    role_name               = "abcdefghijklmnopqrst-production12-github"
    name_prefix             = "abcdefghijklmnopqrst-production12"
    github_environment      = "production12"
    restrict_to_environment = false
    pull_request_plan_role  = true
    state_bucket_arn        = "arn:aws:s3:::abcdefghijklmnopqrst-tfstate-111111111111"
    state_key_prefix        = "abcdefghijklmnopqrst"
    state_kms_key_alias_arn = "arn:aws:kms:ap-southeast-2:111111111111:alias/abcdefghijklmnopqrst-tfstate-111111111111-state"
    assume_role_arns        = ["arn:aws:iam::123456789012:role/abcdefghijklmnopqrst-terraform-administrator"]
    region                  = "ap-southeast-2"
    dns_record_names        = ["production12.abcdefghijklmnopqrst.example.com", "www.production12.abcdefghijklmnopqrst.example.com", "api.production12.abcdefghijklmnopqrst.example.com"]
  }

  assert {
    condition     = alltrue([for policy in aws_iam_policy.this : length(policy.policy) <= 6144]) && length(aws_iam_policy.this) == 8
    error_message = "Every managed policy must stay within IAM's 6,144-character limit."
  }
}

# Environments sharing a hosted zone (dev.shop.example.com under shop.example.com) must not
# change each other's records.
run "dns_records_scoped_by_name" {
  command = plan

  variables {
    dns_record_names = ["Dev.Shop.example.com.", "*.api.example.com"]
  }

  assert {
    condition = (
      tolist(one([for s in local.observability_policy.Statement : s.Condition["ForAllValues:StringLike"]["route53:ChangeResourceRecordSetsNormalizedRecordNames"] if s.Sid == "EnvironmentDnsRecords"])) == tolist(["dev.shop.example.com", "*.dev.shop.example.com", "*.api.example.com", "*.*.api.example.com"]) &&
      length([for s in local.observability_policy.Statement : s if contains(flatten([s.Action]), "route53:ChangeResourceRecordSets")]) == 1
    )
    error_message = "Records may be changed only under the environment's own names."
  }
}

run "no_dns_no_record_changes" {
  command = plan

  assert {
    condition     = !strcontains(aws_iam_policy.this["observability"].policy, "ChangeResourceRecordSets")
    error_message = "Without DNS names the role changes no records."
  }
}
