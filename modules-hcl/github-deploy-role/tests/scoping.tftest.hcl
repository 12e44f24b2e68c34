# The deploy role's reach beyond its own names: the read-only plan role of pull requests, writes
# held to the Stack tag, Cloud Map, the state key of another account, provider roles and DNS.
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
    condition     = contains(one([for s in local.network_policy.Statement : s.Condition.StringEquals["ec2:CreateAction"] if s.Sid == "Ec2TagOnCreate"]), "CreateVpc")
    error_message = "ec2:CreateAction holds API names without the ec2: prefix."
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
