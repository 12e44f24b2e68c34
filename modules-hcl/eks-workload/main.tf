locals {
  role_name       = "${var.name_prefix}-${var.name}-pod"
  service_account = coalesce(var.service_account, var.name)

  partition = (
    startswith(var.region, "cn-") ? "aws-cn" :
    startswith(var.region, "us-gov-") ? "aws-us-gov" :
    "aws"
  )

  # Policy counts read only list lengths. The length of a list literal is known at plan time even
  # when its elements are ARNs of resources not created yet; a list whose length is itself unknown
  # (e.g. another module's list output) would fail the plan.
  create_secrets_policy = length(var.secret_arns) > 0
  create_s3_policy      = length(var.bucket_arns) > 0

  config_parameter_name = coalesce(var.config_parameter_name, "/plinth/${var.name_prefix}/${var.name}/kubernetes-config")

  # kustomize's env-file parser skips blank lines and lines starting with '#', so the comment keeps
  # the parameter non-empty (SSM rejects empty values) without adding a key. Sorted keys make the
  # value independent of map ordering, so it only changes when the configuration does.
  config_dotenv = length(var.config) == 0 ? "# no configuration\n" : join("", [
    for k in sort(keys(var.config)) : "${k}=${var.config[k]}\n"
  ])
}

################################################################################
# IAM: one role per workload, assumable only through EKS Pod Identity, only from this cluster and
# account, and only for this workload's service account.
################################################################################

resource "aws_iam_role" "this" {
  name        = local.role_name
  description = "EKS Pod Identity role of ${var.name} (${var.namespace}/${local.service_account} on ${var.cluster_name})."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EKSPodIdentityAssumeRole"
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        # TagSession: Pod Identity attaches the cluster/namespace/service-account session tags.
        Action = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = var.account_id
            # Without these any Pod Identity association in the account naming this role, in any
            # namespace, would receive its credentials.
            "aws:RequestTag/kubernetes-namespace"       = var.namespace
            "aws:RequestTag/kubernetes-service-account" = local.service_account
          }
          ArnEquals = { "aws:SourceArn" = var.cluster_arn }
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "secrets" {
  count = local.create_secrets_policy ? 1 : 0

  name = "secrets"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadWorkloadSecrets"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
          Resource = var.secret_arns
        },
      ],
      length(var.secret_kms_key_arns) == 0 ? [] : [
        {
          Sid      = "DecryptWorkloadSecrets"
          Effect   = "Allow"
          Action   = "kms:Decrypt"
          Resource = var.secret_kms_key_arns
          # Usable only through Secrets Manager, not as a general-purpose decrypt grant.
          Condition = {
            StringEquals = { "kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com" }
          }
        },
      ],
    )
  })
}

resource "aws_iam_role_policy" "s3" {
  count = local.create_s3_policy ? 1 : 0

  name = "s3"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ListBuckets"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
          Resource = var.bucket_arns
        },
        {
          Sid      = "ReadWriteObjects"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
          Resource = [for arn in var.bucket_arns : "${arn}/*"]
        },
      ],
      length(var.bucket_kms_key_arns) == 0 ? [] : [
        {
          Sid      = "UseBucketKeys"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource = var.bucket_kms_key_arns
          Condition = {
            StringEquals = { "kms:ViaService" = "s3.${var.region}.amazonaws.com" }
          }
        },
      ],
    )
  })
}

resource "aws_iam_role_policy" "extra" {
  count = length(var.policy_documents)

  name   = "extra-${count.index}"
  role   = aws_iam_role.this.id
  policy = var.policy_documents[count.index]
}

# Tracing: the pods' collector sidecar sends their traces to X-Ray as this role
# (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html,
# the AWSXrayWriteOnlyAccess actions). None of them has resource-level permissions.
resource "aws_iam_role_policy" "tracing" {
  count = var.tracing_enabled ? 1 : 0

  name = "tracing"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SendTraces"
        Effect = "Allow"
        Action = [
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:GetSamplingStatisticSummaries",
        ]
        Resource = "*"
      },
    ]
  })
}

resource "aws_eks_pod_identity_association" "this" {
  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = local.service_account
  role_arn        = aws_iam_role.this.arn

  tags = var.tags

  # Pods get credentials as soon as the association exists, so the grants come first; on destroy
  # the association goes before the grants are revoked.
  depends_on = [
    aws_iam_role_policy.secrets,
    aws_iam_role_policy.s3,
    aws_iam_role_policy.extra,
  ]
}

################################################################################
# Runtime configuration for the deploy workflow (kustomize configMapGenerator env file). SecureString
# although nothing in it is secret: endpoints and secret ARNs still map the environment, and the
# encryption costs nothing with the AWS-managed key.
################################################################################

resource "aws_ssm_parameter" "config" {
  name        = local.config_parameter_name
  description = "Runtime configuration (dotenv) of the ${var.name} Kubernetes workload; read by the deploy workflow."
  type        = "SecureString"
  key_id      = var.config_kms_key_id
  tier        = var.config_parameter_tier
  value       = local.config_dotenv

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(local.config_dotenv) <= (var.config_parameter_tier == "Advanced" ? 8192 : 4096)
      error_message = "The rendered configuration exceeds the SSM parameter size limit of its tier (4 KB Standard, 8 KB Advanced)."
    }
  }
}
