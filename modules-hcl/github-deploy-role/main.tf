locals {
  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  # Subjects GitHub puts in the token's sub claim: a job bound to a GitHub environment and a
  # workflow on the default branch may apply. Pull requests never get this role: a pull request's
  # workflow runs the pull request's own code, so whatever it can assume, any writer of the
  # repository can use unreviewed. They get the read-only plan role below instead.
  subject_prefix      = "repo:${var.repository}"
  environment_subject = "${local.subject_prefix}:environment:${var.github_environment}"
  allowed_subjects = var.restrict_to_environment ? [local.environment_subject] : [
    local.environment_subject,
    "${local.subject_prefix}:ref:refs/heads/${var.default_branch}",
  ]
  plan_role_name = "${var.role_name}-plan"

  state_path = "${join("/", compact([var.state_key_prefix, coalesce(var.state_environment, var.github_environment)]))}/"

  # ARN building blocks. Names are scoped two ways: "<prefix>" for resources named
  # exactly after the environment (load balancer, clusters, database) and
  # "<prefix>-*" for everything named after one of its parts.
  prefix   = var.name_prefix
  regional = "${var.region}:${var.account_id}"
  iam      = "arn:aws:iam::${var.account_id}"

  # Services without resource-level permissions for an action get "*", held to the
  # environment's region.
  in_region = { StringEquals = { "aws:RequestedRegion" = var.region } }

  # Every resource of the environment carries the provider default tag Stack = <name_prefix>
  # (plinth's roots set it). Where IDs are generated and names cannot scope a write (EC2
  # networking, scalable targets, KMS keys, certificates, Cloud Map), writes are held to
  # resources carrying the environment's tag, and creation to requests that set it, so a role
  # cannot touch another environment's resources in a shared account. See "Controlling access
  # to AWS resources using tags" in the IAM User Guide.
  own_stack   = { StringEquals = { "aws:ResourceTag/Stack" = var.name_prefix } }
  new_in_env  = { StringEquals = { "aws:RequestTag/Stack" = var.name_prefix }, Null = { "aws:ResourceTag/Stack" = "true" } }
  state_alias = var.state_kms_key_alias_arn == null ? null : regex("^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}|\\*):(alias/.+)$", var.state_kms_key_alias_arn)

  # Each concern is a customer-managed policy: together they exceed the 10,240
  # characters IAM allows for a role's inline policies, and each stays below the
  # 6,144 of a managed policy.
  policies = {
    state         = jsonencode(local.state_policy)
    network       = jsonencode(local.network_policy)
    compute       = jsonencode(local.compute_policy)
    data          = jsonencode(local.data_policy)
    observability = jsonencode(local.observability_policy)
    iam           = jsonencode(local.iam_policy)
  }
  plan_policies = var.pull_request_plan_role ? {
    plan-state = jsonencode(local.plan_state_policy)
    plan-read  = jsonencode(local.plan_read_policy)
  } : {}
}

################################################################################
# GitHub OIDC provider (one per account)
################################################################################

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]

  # No thumbprint_list: it is optional in this provider version, IAM derives it
  # from the issuer's certificate chain at creation, and for GitHub AWS validates
  # tokens against its own trusted root CAs, never the thumbprint.

  tags = var.tags
}

################################################################################
# Deploy role: applies and deploys
################################################################################

resource "aws_iam_role" "this" {
  name                 = var.role_name
  description          = "Assumed by GitHub Actions in ${var.repository} to deploy ${var.name_prefix}"
  max_session_duration = var.max_session_duration

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "GitHubActions"
        Effect    = "Allow"
        Principal = { Federated = local.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "${local.oidc_host}:aud" = "sts.amazonaws.com" }
          StringLike   = { "${local.oidc_host}:sub" = local.allowed_subjects }
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_policy" "this" {
  for_each = merge(local.policies, local.plan_policies)

  #checkov:skip=CKV_AWS_286:The role runs Terraform for the environment, which creates IAM roles; role and policy writes are limited to <name_prefix>-* names, managed-policy attachment to an allow-list, PassRole to named services, and the role cannot modify itself.
  #checkov:skip=CKV_AWS_287:ecr:GetAuthorizationToken is how CI logs in to push images; it has no resource-level permission.
  #checkov:skip=CKV_AWS_288:Object reads are limited to the environment's buckets and state prefix; the only readable secret value is the cache AUTH token Terraform itself generates.
  #checkov:skip=CKV_AWS_289:Resource policies (buckets, repositories, secrets, keys) are managed only on resources named after the environment or, for KMS keys, tagged with its Stack; the state key is explicitly protected.
  #checkov:skip=CKV_AWS_290:Write actions on "*" remain only where the service has no resource-level permission for them or the resource ID is generated; those are held to the environment's region and to resources tagged with its Stack.
  #checkov:skip=CKV_AWS_355:"*" remains only for actions without resource-level permissions (see CKV_AWS_290) and for read-only Describe/List/Get calls.

  name        = "${var.role_name}-${each.key}"
  description = "${each.key} permissions of the ${var.role_name} GitHub Actions role"
  policy      = each.value

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.policies

  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.this[each.key].arn
}

################################################################################
# Plan role: read-only, for pull requests
################################################################################

# What a pull request's `terraform plan` needs and nothing more: reads of the environment's
# resources, its own state (planned with -lock=false, so no lock file is written) and the state
# key to decrypt it. No write anywhere, no secret value but the one the state already holds.
resource "aws_iam_role" "plan" {
  count = var.pull_request_plan_role ? 1 : 0

  name                 = local.plan_role_name
  description          = "Assumed by pull-request workflows in ${var.repository} to plan ${var.name_prefix}, read-only"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "GitHubPullRequests"
        Effect    = "Allow"
        Principal = { Federated = local.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${local.oidc_host}:aud" = "sts.amazonaws.com"
            "${local.oidc_host}:sub" = "${local.subject_prefix}:pull_request"
          }
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "plan" {
  for_each = local.plan_policies

  role       = aws_iam_role.plan[0].name
  policy_arn = aws_iam_policy.this[each.key].arn
}

################################################################################
# Permissions
################################################################################

locals {
  # The state key, as IAM policies name it: its ARN when the bucket lives in this account; in
  # another account only its alias is known here (its ID is generated there), so the grant is on
  # that account's keys carrying the alias (kms:ResourceAliases). Cross-account use needs this
  # IAM grant AND the key policy of the bucket's account (state-bucket module); see "Allowing
  # users in other accounts to use a KMS key" in the KMS Developer Guide.
  # Each scope is the Resource (and Condition) of a statement on the key.
  state_key_scopes = concat(
    var.state_kms_key_arn == null ? [] : [{ Resource = var.state_kms_key_arn }],
    local.state_alias == null ? [] : [{
      Resource  = "arn:aws:kms:${local.state_alias[0]}:${local.state_alias[1]}:key/*"
      Condition = { "ForAnyValue:StringEquals" = { "kms:ResourceAliases" = local.state_alias[2] } }
    }],
  )

  # Listing the environment's state prefix, for the deploy and the plan role alike.
  list_state_statement = {
    Sid      = "ListEnvironmentState"
    Effect   = "Allow"
    Action   = "s3:ListBucket"
    Resource = var.state_bucket_arn
    Condition = {
      StringLike = { "s3:prefix" = [local.state_path, "${local.state_path}*"] }
    }
  }

  # The environment's state and nothing else in the bucket; the bucket and the key
  # themselves are out of reach even if another statement matched them.
  state_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        local.list_state_statement,
        {
          # The state file, its <key>.tflock lock file, the backend's digest and saved plans.
          Sid      = "ReadWriteEnvironmentState"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
          Resource = "${var.state_bucket_arn}/${local.state_path}*"
        },
        {
          Sid      = "ProtectStateBucket"
          Effect   = "Deny"
          Action   = ["s3:DeleteBucket*", "s3:PutBucket*", "s3:Put*Configuration", "s3:DeleteObjectVersion"]
          Resource = [var.state_bucket_arn, "${var.state_bucket_arn}/*"]
        },
      ],
      [
        for scope in local.state_key_scopes : merge({
          Sid    = "UseStateKey"
          Effect = "Allow"
          Action = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
        }, scope)
      ],
      [
        for scope in local.state_key_scopes : merge({
          Sid    = "ProtectStateKey"
          Effect = "Deny"
          Action = ["kms:CreateGrant", "kms:Disable*", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:Update*"]
        }, scope)
      ],
      # The providers' assume_role: Terraform then acts as that role, whose own permissions
      # (not these) bound what it can do. Only the roles named here, never any other.
      length(var.assume_role_arns) == 0 ? [] : [
        {
          Sid      = "AssumeProviderRole"
          Effect   = "Allow"
          Action   = "sts:AssumeRole"
          Resource = var.assume_role_arns
        },
      ],
    )
  }

  # VPC, subnets, gateways, route tables, security groups, endpoints, flow logs and launch
  # templates. EC2 IDs are generated, so the Stack tag scopes them instead of a name: a create
  # call may make a new resource only when it tags it with the environment's Stack (the
  # provider tags on create), and every call that touches an existing resource (a subnet's VPC,
  # a route's table, a rule's security group) needs that resource to carry the tag.
  ec2_creates = [
    "ec2:CreateVpc",
    "ec2:CreateSubnet",
    "ec2:CreateInternetGateway",
    "ec2:AllocateAddress",
    "ec2:CreateNatGateway",
    "ec2:CreateRouteTable",
    "ec2:CreateSecurityGroup",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:AuthorizeSecurityGroupEgress",
    "ec2:CreateVpcEndpoint",
    "ec2:CreateFlowLogs",
    "ec2:CreateLaunchTemplate",
  ]
  network_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Ec2Read"
        Effect    = "Allow"
        Action    = "ec2:Describe*"
        Resource  = "*"
        Condition = local.in_region
      },
      {
        Sid    = "Ec2CreateTagged"
        Effect = "Allow"
        Action = local.ec2_creates
        Resource = [
          for type in ["vpc", "subnet", "internet-gateway", "elastic-ip", "natgateway", "route-table", "security-group", "security-group-rule", "vpc-endpoint", "vpc-flow-log", "launch-template"] :
          "arn:aws:ec2:${local.regional}:${type}/*"
        ]
        Condition = local.new_in_env
      },
      {
        # Tags set by the create call itself (tag on create).
        Sid      = "Ec2TagOnCreate"
        Effect   = "Allow"
        Action   = "ec2:CreateTags"
        Resource = "arn:aws:ec2:${local.regional}:*/*"
        # ec2:CreateAction holds the API name without the service prefix ("CreateVpc").
        Condition = { StringEquals = { "ec2:CreateAction" = [for action in local.ec2_creates : trimprefix(action, "ec2:")] } }
      },
      {
        # The VPC's default security group is made by AWS without tags; the network module
        # adopts it (aws_default_security_group), tags it and removes its rules.
        Sid       = "Ec2AdoptDefaultSecurityGroup"
        Effect    = "Allow"
        Action    = ["ec2:CreateTags", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"]
        Resource  = "arn:aws:ec2:${local.regional}:security-group/*"
        Condition = { StringEquals = { "aws:RequestedRegion" = var.region }, Null = { "aws:ResourceTag/Stack" = "true" } }
      },
      {
        # Parts of a request that carry no tag of their own, each only alongside a resource the
        # other statements require to carry the environment's tag: the rules of a security group
        # (AWS's default egress rule, inline rules), and the AWS endpoint service of a VPC
        # endpoint.
        Sid    = "Ec2UntaggedParts"
        Effect = "Allow"
        Action = [
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:AuthorizeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupEgress",
          "ec2:ModifySecurityGroupRules",
          "ec2:UpdateSecurityGroupRuleDescriptions*",
          "ec2:CreateVpcEndpoint",
          "ec2:ModifyVpcEndpoint",
        ]
        Resource = [
          "arn:aws:ec2:${local.regional}:security-group-rule/*",
          "arn:aws:ec2:${var.region}:*:vpc-endpoint-service/*",
        ]
      },
      {
        # Security group rules may name AWS-managed prefix lists (e.g. S3's), which carry no tag.
        Sid      = "Ec2ManagedPrefixLists"
        Effect   = "Allow"
        Action   = ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute"]
        Resource = "arn:aws:ec2:${var.region}:aws:prefix-list/*"
      },
      {
        Sid    = "Ec2EnvironmentResources"
        Effect = "Allow"
        Action = concat(local.ec2_creates, [
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "ec2:DeleteVpc",
          "ec2:ModifyVpcAttribute",
          "ec2:AssociateVpcCidrBlock",
          "ec2:DisassociateVpcCidrBlock",
          "ec2:DeleteSubnet",
          "ec2:ModifySubnetAttribute",
          "ec2:DeleteInternetGateway",
          "ec2:AttachInternetGateway",
          "ec2:DetachInternetGateway",
          "ec2:ReleaseAddress",
          "ec2:AssociateAddress",
          "ec2:DisassociateAddress",
          "ec2:DeleteNatGateway",
          "ec2:DeleteRouteTable",
          "ec2:CreateRoute",
          "ec2:DeleteRoute",
          "ec2:ReplaceRoute",
          "ec2:AssociateRouteTable",
          "ec2:DisassociateRouteTable",
          "ec2:ReplaceRouteTableAssociation",
          "ec2:DeleteSecurityGroup",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:RevokeSecurityGroupEgress",
          "ec2:ModifySecurityGroupRules",
          "ec2:UpdateSecurityGroupRuleDescriptions*",
          "ec2:ModifyVpcEndpoint",
          "ec2:DeleteVpcEndpoints",
          "ec2:DeleteFlowLogs",
          "ec2:CreateLaunchTemplateVersion",
          "ec2:ModifyLaunchTemplate",
          "ec2:DeleteLaunchTemplate",
        ])
        Resource  = "*"
        Condition = { StringEquals = { "aws:ResourceTag/Stack" = var.name_prefix, "aws:RequestedRegion" = var.region } }
      },
    ]
  }

  # Load balancer, ECS, ECR, scaling and EKS.
  compute_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # Reads, plus the calls these services do not authorise per resource:
        # cluster creation, task definitions, registry login and scalable targets.
        Sid    = "ComputeUnscoped"
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:Describe*",
          "ecs:Describe*",
          "ecs:List*",
          "ecs:CreateCluster",
          "ecs:RegisterTaskDefinition",
          "ecs:DeregisterTaskDefinition",
          "ecr:GetAuthorizationToken",
          "ecr:DescribeRepositories",
          "application-autoscaling:Describe*",
          "application-autoscaling:ListTagsForResource",
          "eks:Describe*",
          "eks:List*",
          "ssm:DescribeParameters",
          # Step Functions authorises neither per state machine; Scheduler's list neither.
          "states:ListStateMachines",
          "states:ValidateStateMachineDefinition",
          "scheduler:ListSchedules",
        ]
        Resource  = "*"
        Condition = local.in_region
      },
      {
        # Scalable target IDs are generated: the environment's targets are those tagged with its
        # Stack (the provider tags them on registration).
        Sid    = "RegisterScalableTargets"
        Effect = "Allow"
        Action = [
          "application-autoscaling:RegisterScalableTarget",
          "application-autoscaling:TagResource",
        ]
        Resource  = "arn:aws:application-autoscaling:${local.regional}:scalable-target/*"
        Condition = local.new_in_env
      },
      {
        Sid    = "EnvironmentScaling"
        Effect = "Allow"
        Action = [
          "application-autoscaling:RegisterScalableTarget",
          "application-autoscaling:DeregisterScalableTarget",
          "application-autoscaling:PutScalingPolicy",
          "application-autoscaling:DeleteScalingPolicy",
          "application-autoscaling:PutScheduledAction",
          "application-autoscaling:DeleteScheduledAction",
          "application-autoscaling:TagResource",
          "application-autoscaling:UntagResource",
        ]
        Resource  = "arn:aws:application-autoscaling:${local.regional}:scalable-target/*"
        Condition = local.own_stack
      },
      {
        Sid    = "EnvironmentLoadBalancer"
        Effect = "Allow"
        Action = "elasticloadbalancing:*"
        Resource = [
          "arn:aws:elasticloadbalancing:${local.regional}:loadbalancer/app/${local.prefix}/*",
          "arn:aws:elasticloadbalancing:${local.regional}:listener/app/${local.prefix}/*",
          "arn:aws:elasticloadbalancing:${local.regional}:listener-rule/app/${local.prefix}/*",
          "arn:aws:elasticloadbalancing:${local.regional}:targetgroup/${local.prefix}-*/*",
        ]
      },
      {
        Sid    = "EnvironmentEcs"
        Effect = "Allow"
        Action = "ecs:*"
        Resource = [
          "arn:aws:ecs:${local.regional}:cluster/${local.prefix}",
          "arn:aws:ecs:${local.regional}:service/${local.prefix}/*",
          "arn:aws:ecs:${local.regional}:task/${local.prefix}/*",
          "arn:aws:ecs:${local.regional}:task-set/${local.prefix}/*",
          "arn:aws:ecs:${local.regional}:container-instance/${local.prefix}/*",
          "arn:aws:ecs:${local.regional}:task-definition/${local.prefix}-*:*",
          "arn:aws:ecs:${local.regional}:capacity-provider/${local.prefix}-*",
        ]
      },
      {
        # Scheduled jobs: each runs through its own state machine on its own schedule, both
        # named <prefix>-<job>.
        Sid    = "EnvironmentJobs"
        Effect = "Allow"
        Action = ["states:*", "scheduler:*"]
        Resource = [
          "arn:aws:states:${local.regional}:stateMachine:${local.prefix}-*",
          "arn:aws:states:${local.regional}:execution:${local.prefix}-*:*",
          "arn:aws:scheduler:${local.regional}:schedule/default/${local.prefix}-*",
        ]
      },
      {
        # Repositories are <prefix>/<service>; includes pushing images.
        Sid      = "EnvironmentEcr"
        Effect   = "Allow"
        Action   = "ecr:*"
        Resource = "arn:aws:ecr:${local.regional}:repository/${local.prefix}/*"
      },
      {
        Sid    = "EnvironmentEks"
        Effect = "Allow"
        Action = "eks:*"
        Resource = [
          "arn:aws:eks:${local.regional}:cluster/${local.prefix}",
          "arn:aws:eks:${local.regional}:*/${local.prefix}/*",
        ]
      },
      {
        # The runtime configuration of EKS workloads (/plinth/<prefix>/<service>/...), which
        # Terraform writes and the deploy workflow reads.
        Sid    = "EnvironmentParameters"
        Effect = "Allow"
        Action = [
          "ssm:GetParameter",
          "ssm:GetParameters",
          "ssm:GetParameterHistory",
          "ssm:PutParameter",
          "ssm:DeleteParameter",
          "ssm:AddTagsToResource",
          "ssm:RemoveTagsFromResource",
          "ssm:ListTagsForResource",
        ]
        Resource = "arn:aws:ssm:${local.regional}:parameter/plinth/${local.prefix}/*"
      },
    ]
  }

  # Databases, caches, Kafka, queues, secrets, buckets and KMS keys.
  data_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DataUnscoped"
        Effect = "Allow"
        Action = [
          "rds:Describe*",
          "rds:ListTagsForResource",
          "elasticache:Describe*",
          "elasticache:ListTagsForResource",
          "kafka:Describe*",
          "kafka:Get*",
          "kafka:List*",
          "secretsmanager:ListSecrets",
          "secretsmanager:GetRandomPassword",
          "kms:ListAliases",
          "kms:ListKeys",
          "sqs:ListQueues",
        ]
        Resource  = "*"
        Condition = local.in_region
      },
      {
        # The environment's queues and their dead-letter queues (<prefix>-<queue>[-dlq][.fifo]).
        Sid      = "EnvironmentQueues"
        Effect   = "Allow"
        Action   = "sqs:*"
        Resource = "arn:aws:sqs:${local.regional}:${local.prefix}-*"
      },
      {
        # The option and parameter groups an instance falls back to are the
        # account's default:* groups, which AWS itself does not let anyone modify.
        Sid    = "EnvironmentRds"
        Effect = "Allow"
        Action = "rds:*"
        Resource = [
          "arn:aws:rds:${local.regional}:*:${local.prefix}",
          "arn:aws:rds:${local.regional}:*:${local.prefix}-*",
          "arn:aws:rds:${local.regional}:og:default:*",
          "arn:aws:rds:${local.regional}:pg:default.*",
          "arn:aws:rds:${local.regional}:cluster-pg:default.*",
        ]
      },
      {
        Sid    = "EnvironmentElastiCache"
        Effect = "Allow"
        Action = "elasticache:*"
        Resource = [
          "arn:aws:elasticache:${local.regional}:*:${local.prefix}",
          "arn:aws:elasticache:${local.regional}:*:${local.prefix}-*",
          "arn:aws:elasticache:${local.regional}:parametergroup:default.*",
          "arn:aws:elasticache:${local.regional}:user:default",
        ]
      },
      {
        Sid    = "EnvironmentKafka"
        Effect = "Allow"
        Action = "kafka:*"
        Resource = [
          "arn:aws:kafka:${local.regional}:*/${local.prefix}/*",
          "arn:aws:kafka:${local.regional}:*/${local.prefix}-*/*",
        ]
      },
      {
        # Secrets are created empty and filled outside Terraform: the role manages
        # them but cannot read or write their values.
        Sid    = "EnvironmentSecrets"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret",
          "secretsmanager:DescribeSecret",
          "secretsmanager:UpdateSecret",
          "secretsmanager:DeleteSecret",
          "secretsmanager:RestoreSecret",
          "secretsmanager:TagResource",
          "secretsmanager:UntagResource",
          "secretsmanager:GetResourcePolicy",
          "secretsmanager:PutResourcePolicy",
          "secretsmanager:DeleteResourcePolicy",
          "secretsmanager:ValidateResourcePolicy",
          "secretsmanager:ListSecretVersionIds",
        ]
        Resource = "arn:aws:secretsmanager:${local.regional}:secret:${local.prefix}/*"
      },
      {
        # The one value Terraform generates, writes and reads back: the cache's
        # AUTH token (<prefix>/cache-auth-token plus the random suffix of its ARN).
        Sid      = "GeneratedSecretValues"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
        Resource = "arn:aws:secretsmanager:${local.regional}:secret:${local.prefix}/cache-auth-token-*"
      },
      {
        # What RDS needs from the caller to manage a master password in Secrets
        # Manager; RDS names those secrets rds!<type>-<id>.
        Sid      = "RdsManagedSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:CreateSecret", "secretsmanager:TagResource"]
        Resource = "arn:aws:secretsmanager:${local.regional}:secret:rds!*"
      },
      {
        Sid      = "EnvironmentBuckets"
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = ["arn:aws:s3:::${local.prefix}-*", "arn:aws:s3:::${local.prefix}-*/*"]
      },
      {
        # Key IDs are generated, so keys are scoped by the Stack tag: created with it (the
        # provider passes tags to CreateKey) and administered only while they carry it. The
        # state key is also protected by the deny statement of the state policy.
        Sid       = "CreateEnvironmentKeys"
        Effect    = "Allow"
        Action    = ["kms:CreateKey", "kms:TagResource"]
        Resource  = "*"
        Condition = merge(local.new_in_env, { StringEquals = merge(local.new_in_env.StringEquals, local.in_region.StringEquals) })
      },
      {
        Sid    = "ManageEnvironmentKeys"
        Effect = "Allow"
        Action = [
          "kms:DescribeKey",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListResourceTags",
          "kms:EnableKeyRotation",
          "kms:PutKeyPolicy",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateKeyDescription",
          "kms:ScheduleKeyDeletion",
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:UpdateAlias",
          "kms:DeleteAlias",
        ]
        Resource  = "arn:aws:kms:${local.regional}:key/*"
        Condition = local.own_stack
      },
      {
        Sid    = "EnvironmentKeyAliases"
        Effect = "Allow"
        Action = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]
        Resource = [
          "arn:aws:kms:${local.regional}:alias/${local.prefix}-*",
          "arn:aws:kms:${local.regional}:alias/*/${local.prefix}-*",
        ]
      },
      {
        # Encryption that services (RDS, Secrets Manager, ECR, S3, Logs...) perform
        # on the caller's behalf, including the grants they create for themselves.
        Sid      = "UseKeysThroughServices"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:CreateGrant"]
        Resource = "arn:aws:kms:${local.regional}:key/*"
        Condition = {
          StringLike   = { "kms:ViaService" = "*.${var.region}.amazonaws.com" }
          StringEquals = local.own_stack.StringEquals
        }
      },
    ]
  }

  # Logs, metrics and alarms, notifications, budgets, certificates, DNS and WAF.
  observability_policy = {
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid    = "ObservabilityUnscoped"
        Effect = "Allow"
        Action = [
          "logs:DescribeLogGroups",
          "cloudwatch:Describe*",
          "cloudwatch:Get*",
          "cloudwatch:List*",
          "sns:ListTopics",
          "acm:ListCertificates",
          "acm:DescribeCertificate",
          "acm:GetCertificate",
          "acm:ListTagsForCertificate",
          "wafv2:Describe*",
          "wafv2:Get*",
          "wafv2:List*",
          "wafv2:CheckCapacity",
          # Vended log delivery (WAF, MSK) to CloudWatch Logs is configured through
          # account-level delivery and resource-policy APIs.
          "logs:CreateLogDelivery",
          "logs:GetLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
        ]
        Resource  = "*"
        Condition = local.in_region
      },
      {
        # Log group names embed the prefix in different places: /plinth/<prefix>/..,
        # /aws/vpc/flow-logs/<prefix>, /aws/rds/cluster/<prefix>/.., aws-waf-logs-<prefix>.
        Sid      = "EnvironmentLogGroups"
        Effect   = "Allow"
        Action   = "logs:*"
        Resource = "arn:aws:logs:${local.regional}:log-group:*${local.prefix}*"
      },
      {
        # The environment's alarms and dashboards, and the alarms Application Auto
        # Scaling creates for the target-tracking policies of its ECS services.
        Sid    = "EnvironmentAlarms"
        Effect = "Allow"
        Action = "cloudwatch:*"
        Resource = [
          "arn:aws:cloudwatch:${local.regional}:alarm:${local.prefix}-*",
          "arn:aws:cloudwatch:${local.regional}:alarm:TargetTracking-service/${local.prefix}/*",
          "arn:aws:cloudwatch::${var.account_id}:dashboard/${local.prefix}",
          "arn:aws:cloudwatch::${var.account_id}:dashboard/${local.prefix}-*",
        ]
      },
      {
        Sid      = "EnvironmentTopics"
        Effect   = "Allow"
        Action   = "sns:*"
        Resource = ["arn:aws:sns:${local.regional}:${local.prefix}", "arn:aws:sns:${local.regional}:${local.prefix}-*"]
      },
      {
        Sid      = "EnvironmentBudgets"
        Effect   = "Allow"
        Action   = "budgets:*"
        Resource = ["arn:aws:budgets::${var.account_id}:budget/${local.prefix}", "arn:aws:budgets::${var.account_id}:budget/${local.prefix}-*"]
      },
      {
        # Certificate IDs are generated: requested with the environment's Stack tag, changed
        # and deleted only while they carry it.
        Sid       = "RequestCertificates"
        Effect    = "Allow"
        Action    = ["acm:RequestCertificate", "acm:AddTagsToCertificate"]
        Resource  = "*"
        Condition = merge(local.new_in_env, { StringEquals = merge(local.new_in_env.StringEquals, local.in_region.StringEquals) })
      },
      {
        Sid    = "EnvironmentCertificates"
        Effect = "Allow"
        Action = [
          "acm:DeleteCertificate",
          "acm:AddTagsToCertificate",
          "acm:RemoveTagsFromCertificate",
          "acm:UpdateCertificateOptions",
        ]
        Resource  = "arn:aws:acm:${local.regional}:certificate/*"
        Condition = local.own_stack
      },
      {
        # The private DNS namespace of internal ECS services and their discovery services
        # (generated IDs, scoped by the Stack tag). Creating and deleting a namespace also
        # creates and deletes its private hosted zone with the caller's permissions, and
        # operations are polled with GetOperation ("AWS Cloud Map API permissions reference").
        Sid    = "CloudMapUnscoped"
        Effect = "Allow"
        Action = [
          "servicediscovery:GetOperation",
          "servicediscovery:GetNamespace",
          "servicediscovery:GetService",
          "servicediscovery:ListNamespaces",
          "servicediscovery:ListServices",
          "servicediscovery:ListOperations",
          "servicediscovery:ListTagsForResource",
        ]
        Resource  = "*"
        Condition = local.in_region
      },
      {
        Sid       = "CloudMapCreate"
        Effect    = "Allow"
        Action    = ["servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:CreateService", "servicediscovery:TagResource"]
        Resource  = "*"
        Condition = merge(local.new_in_env, { StringEquals = merge(local.new_in_env.StringEquals, local.in_region.StringEquals) })
      },
      {
        Sid    = "CloudMapEnvironment"
        Effect = "Allow"
        Action = [
          "servicediscovery:CreateService",
          "servicediscovery:UpdateService",
          "servicediscovery:UpdatePrivateDnsNamespace",
          "servicediscovery:DeleteService",
          "servicediscovery:DeleteNamespace",
          "servicediscovery:TagResource",
          "servicediscovery:UntagResource",
        ]
        Resource  = "*"
        Condition = { StringEquals = { "aws:ResourceTag/Stack" = var.name_prefix, "aws:RequestedRegion" = var.region } }
      },
      {
        # Hosted zones are passed in by ID, so the module cannot name them; the role reads
        # them, edits tags, and deletes only the empty zone of its namespace.
        Sid    = "DnsRecords"
        Effect = "Allow"
        Action = [
          "route53:GetHostedZone",
          "route53:ListResourceRecordSets",
          "route53:ListTagsForResource",
          "route53:ChangeTagsForResource",
          # The private hosted zone of the Cloud Map namespace, which Cloud Map deletes with
          # the caller's permissions; Route 53 has no tag conditions, and it refuses to delete
          # a zone that still holds records.
          "route53:DeleteHostedZone",
        ]
        Resource = "arn:aws:route53:::hostedzone/*"
      },
      {
        # Reads, the association of an interface endpoint's private DNS zone (owned by AWS)
        # with the environment's VPC, and the private zone Cloud Map creates for a namespace.
        Sid    = "DnsUnscoped"
        Effect = "Allow"
        Action = [
          "route53:CreateHostedZone",
          "route53:GetChange",
          "route53:ListHostedZones",
          "route53:ListHostedZonesByName",
          "route53:AssociateVPCWithHostedZone",
        ]
        Resource = "*"
      },
      {
        # Web ACLs, IP sets and rule groups named after the environment, the AWS
        # managed rule groups its web ACL references and the load balancer it is
        # associated with.
        Sid    = "EnvironmentWaf"
        Effect = "Allow"
        Action = "wafv2:*"
        Resource = [
          "arn:aws:wafv2:${local.regional}:regional/*/${local.prefix}/*",
          "arn:aws:wafv2:${local.regional}:regional/*/${local.prefix}-*/*",
          "arn:aws:wafv2:${local.regional}:regional/managedruleset/*/*",
          "arn:aws:elasticloadbalancing:${local.regional}:loadbalancer/app/${local.prefix}/*",
        ]
      },
      ],
      # Records only under the environment's own names, so environments sharing a zone (dev
      # under prod's domain) cannot change each other's records. Route 53 has no tags to
      # scope by, but it offers the normalized names of a change's records as a condition key
      # ("Using IAM policy conditions for fine-grained access control", Route 53 Developer
      # Guide).
      [
        for statement in [
          {
            Sid      = "EnvironmentDnsRecords"
            Effect   = "Allow"
            Action   = "route53:ChangeResourceRecordSets"
            Resource = "arn:aws:route53:::hostedzone/*"
            Condition = {
              "ForAllValues:StringLike" = {
                "route53:ChangeResourceRecordSetsNormalizedRecordNames" = distinct(flatten([
                  for name in var.dns_record_names : [lower(trimsuffix(name, ".")), "*.${lower(trimsuffix(name, "."))}"]
                ]))
              }
            }
          },
        ] : statement if length(var.dns_record_names) > 0
      ],
    )
  }

  iam_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EnvironmentRoles"
        Effect = "Allow"
        Action = [
          "iam:GetRole",
          "iam:CreateRole",
          "iam:DeleteRole",
          "iam:UpdateRole",
          "iam:UpdateRoleDescription",
          "iam:UpdateAssumeRolePolicy",
          "iam:TagRole",
          "iam:UntagRole",
          "iam:ListRoleTags",
          "iam:GetRolePolicy",
          "iam:PutRolePolicy",
          "iam:DeleteRolePolicy",
          "iam:ListRolePolicies",
          "iam:ListAttachedRolePolicies",
          "iam:DetachRolePolicy",
          "iam:ListInstanceProfilesForRole",
        ]
        Resource = "${local.iam}:role/${local.prefix}-*"
      },
      {
        Sid    = "EnvironmentPolicies"
        Effect = "Allow"
        Action = [
          "iam:GetPolicy",
          "iam:GetPolicyVersion",
          "iam:ListPolicyVersions",
          "iam:ListEntitiesForPolicy",
          "iam:CreatePolicy",
          "iam:CreatePolicyVersion",
          "iam:DeletePolicyVersion",
          "iam:DeletePolicy",
          "iam:TagPolicy",
          "iam:UntagPolicy",
          "iam:ListPolicyTags",
        ]
        Resource = "${local.iam}:policy/${local.prefix}-*"
      },
      {
        # Attach only the environment's own policies and the AWS service-role
        # policies the modules use, never AdministratorAccess and the like.
        Sid      = "AttachAllowedPolicies"
        Effect   = "Allow"
        Action   = "iam:AttachRolePolicy"
        Resource = "${local.iam}:role/${local.prefix}-*"
        Condition = {
          ArnLike = {
            "iam:PolicyARN" = [
              "${local.iam}:policy/${local.prefix}-*",
              "arn:aws:iam::aws:policy/service-role/*",
              "arn:aws:iam::aws:policy/AmazonEKS*",
              "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
              "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
              "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ]
          }
        }
      },
      {
        Sid      = "PassRolesToServices"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "${local.iam}:role/${local.prefix}-*"
        Condition = {
          StringEquals = {
            "iam:PassedToService" = [
              "ecs-tasks.amazonaws.com",
              "monitoring.rds.amazonaws.com",
              "vpc-flow-logs.amazonaws.com",
              "eks.amazonaws.com",
              "pods.eks.amazonaws.com",
              "states.amazonaws.com",
              "scheduler.amazonaws.com",
            ]
          }
        }
      },
      {
        Sid      = "ServiceLinkedRoles"
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "${local.iam}:role/aws-service-role/*"
        Condition = {
          StringEquals = {
            "iam:AWSServiceName" = [
              "autoscaling.amazonaws.com",
              "ecs.amazonaws.com",
              "ecs.application-autoscaling.amazonaws.com",
              "eks.amazonaws.com",
              "eks-nodegroup.amazonaws.com",
              "elasticache.amazonaws.com",
              "elasticloadbalancing.amazonaws.com",
              "kafka.amazonaws.com",
              "rds.amazonaws.com",
              "wafv2.amazonaws.com",
              "delivery.logs.amazonaws.com",
            ]
          }
        }
      },
      {
        # IAM OIDC providers of the environment's EKS clusters (IRSA), never the
        # GitHub provider this role itself trusts.
        Sid    = "EksOidcProviders"
        Effect = "Allow"
        Action = [
          "iam:CreateOpenIDConnectProvider",
          "iam:GetOpenIDConnectProvider",
          "iam:DeleteOpenIDConnectProvider",
          "iam:TagOpenIDConnectProvider",
          "iam:UntagOpenIDConnectProvider",
          "iam:UpdateOpenIDConnectProviderThumbprint",
        ]
        Resource = "${local.iam}:oidc-provider/oidc.eks.${var.region}.amazonaws.com/id/*"
      },
      {
        # The role's own name and policies (and the plan role's) fall under <prefix>-*;
        # without this it could rewrite its trust or grant itself more.
        Sid    = "ProtectDeployRole"
        Effect = "Deny"
        Action = [
          "iam:Attach*",
          "iam:Create*",
          "iam:Delete*",
          "iam:Detach*",
          "iam:PassRole",
          "iam:Put*",
          "iam:SetDefaultPolicyVersion",
          "iam:Tag*",
          "iam:Untag*",
          "iam:Update*",
        ]
        Resource = [
          "${local.iam}:role/${var.role_name}",
          "${local.iam}:role/${local.plan_role_name}",
          "${local.iam}:policy/${var.role_name}-*",
        ]
      },
    ]
  }
}

################################################################################
# Plan role permissions: read-only
################################################################################

locals {
  # The environment's state, read-only: pull-request plans run with -lock=false, so they write
  # no <key>.tflock and never hold up an apply.
  plan_state_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        local.list_state_statement,
        {
          Sid      = "ReadEnvironmentState"
          Effect   = "Allow"
          Action   = "s3:GetObject"
          Resource = "${var.state_bucket_arn}/${local.state_path}*"
        },
      ],
      [
        for scope in local.state_key_scopes : merge({
          Sid    = "DecryptState"
          Effect = "Allow"
          Action = "kms:Decrypt"
        }, scope)
      ],
    )
  }

  # What refreshing the environment's resources reads. Describe/List/Get of configuration,
  # never data: no object reads but the state's, no secret or parameter value but the
  # environment's own (the state holds them anyway), no log events, no image layers.
  plan_read_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ReadConfiguration"
        Effect = "Allow"
        Action = [
          "acm:DescribeCertificate",
          "acm:GetCertificate",
          "acm:ListCertificates",
          "acm:ListTagsForCertificate",
          "application-autoscaling:Describe*",
          "application-autoscaling:ListTagsForResource",
          "budgets:ListTagsForResource",
          "budgets:ViewBudget",
          "cloudwatch:Describe*",
          "cloudwatch:GetDashboard",
          "cloudwatch:ListTagsForResource",
          "ec2:Describe*",
          "ec2:GetLaunchTemplateData",
          "ecr:DescribeRepositories",
          "ecr:GetLifecyclePolicy",
          "ecr:GetRepositoryPolicy",
          "ecr:ListTagsForResource",
          "ecs:Describe*",
          "ecs:List*",
          "eks:Describe*",
          "eks:List*",
          "elasticache:Describe*",
          "elasticache:ListTagsForResource",
          "elasticloadbalancing:Describe*",
          "iam:Get*",
          "iam:List*",
          "kafka:Describe*",
          "kafka:GetBootstrapBrokers",
          "kafka:GetCompatibleKafkaVersions",
          "kafka:List*",
          "kms:DescribeKey",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListAliases",
          "kms:ListResourceTags",
          "logs:DescribeLogGroups",
          "logs:DescribeResourcePolicies",
          "logs:GetLogDelivery",
          "logs:ListLogDeliveries",
          "logs:ListTagsForResource",
          "logs:ListTagsLogGroup",
          "rds:Describe*",
          "rds:ListTagsForResource",
          "route53:GetChange",
          "route53:GetHostedZone",
          "route53:ListHostedZones",
          "route53:ListHostedZonesByName",
          "route53:ListResourceRecordSets",
          "route53:ListTagsForResource",
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetResourcePolicy",
          "secretsmanager:ListSecretVersionIds",
          "servicediscovery:Get*",
          "servicediscovery:List*",
          "sns:GetSubscriptionAttributes",
          "sns:GetTopicAttributes",
          "sns:ListSubscriptionsByTopic",
          "sns:ListTagsForResource",
          "scheduler:GetSchedule",
          "scheduler:ListSchedules",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ListQueueTags",
          "sqs:ListQueues",
          "ssm:DescribeParameters",
          "states:DescribeStateMachine",
          "states:ListStateMachines",
          "states:ListTagsForResource",
          "ssm:ListTagsForResource",
          "wafv2:GetLoggingConfiguration",
          "wafv2:GetWebACL",
          "wafv2:GetWebACLForResource",
          "wafv2:ListResourcesForWebACL",
          "wafv2:ListTagsForResource",
          "wafv2:ListWebACLs",
        ]
        Resource = "*"
      },
      {
        # Bucket configuration (policy, encryption, versioning, lifecycle...), not objects.
        Sid    = "ReadEnvironmentBuckets"
        Effect = "Allow"
        Action = [
          "s3:GetAccelerateConfiguration",
          "s3:GetBucket*",
          "s3:GetEncryptionConfiguration",
          "s3:GetLifecycleConfiguration",
          "s3:GetReplicationConfiguration",
          "s3:ListBucket",
        ]
        Resource = "arn:aws:s3:::${local.prefix}-*"
      },
      {
        Sid      = "ReadEnvironmentValues"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters"]
        Resource = ["arn:aws:secretsmanager:${local.regional}:secret:${local.prefix}/cache-auth-token-*", "arn:aws:ssm:${local.regional}:parameter/plinth/${local.prefix}/*"]
      },
    ]
  }
}
