mock_provider "aws" {}

# The provider validates ARN-typed arguments even against mocked values, so the role ARN the
# association receives must look real.
override_resource {
  target = aws_iam_role.this
  values = {
    arn = "arn:aws:iam::123456789012:role/shop-production-api-pod"
  }
}

override_resource {
  target = aws_ssm_parameter.config
  values = {
    arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/plinth/shop-production/api/kubernetes-config"
  }
}

variables {
  name         = "api"
  name_prefix  = "shop-production"
  region       = "eu-west-1"
  account_id   = "123456789012"
  cluster_name = "shop-production"
  cluster_arn  = "arn:aws:eks:eu-west-1:123456789012:cluster/shop-production"
  namespace    = "shop"
}

run "minimal" {
  command = plan

  assert {
    condition     = aws_iam_role.this.name == "shop-production-api-pod"
    error_message = "The role must be named <name_prefix>-<name>-pod."
  }

  assert {
    condition     = length(aws_iam_role_policy.secrets) == 0 && length(aws_iam_role_policy.s3) == 0 && length(aws_iam_role_policy.extra) == 0
    error_message = "Without secrets, buckets or extra documents the role must have no policies."
  }

  assert {
    condition = (
      aws_eks_pod_identity_association.this.cluster_name == "shop-production" &&
      aws_eks_pod_identity_association.this.namespace == "shop" &&
      aws_eks_pod_identity_association.this.service_account == "api"
    )
    error_message = "The association must bind shop/api on the cluster (service_account defaults to name)."
  }

  assert {
    condition = (
      aws_ssm_parameter.config.name == "/plinth/shop-production/api/kubernetes-config" &&
      aws_ssm_parameter.config.type == "SecureString" &&
      aws_ssm_parameter.config.key_id == "alias/aws/ssm" &&
      aws_ssm_parameter.config.tier == "Standard"
    )
    error_message = "The configuration parameter must be a Standard SecureString under /plinth/<prefix>/<name>/ encrypted with alias/aws/ssm."
  }

  assert {
    condition     = nonsensitive(aws_ssm_parameter.config.value) == "# no configuration\n"
    error_message = "An empty configuration must render as a single comment line (SSM rejects empty values)."
  }
}

run "trust_policy" {
  command = plan

  variables {
    service_account = "api-runner"
  }

  assert {
    condition     = length(jsondecode(aws_iam_role.this.assume_role_policy).Statement) == 1
    error_message = "The trust policy must have exactly one statement."
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Effect == "Allow" &&
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal == { Service = "pods.eks.amazonaws.com" } &&
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Action == ["sts:AssumeRole", "sts:TagSession"]
    )
    error_message = "Only EKS Pod Identity may assume the role, with AssumeRole and TagSession."
  }

  assert {
    condition = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition == {
      StringEquals = {
        "aws:SourceAccount"                         = "123456789012"
        "aws:RequestTag/kubernetes-namespace"       = "shop"
        "aws:RequestTag/kubernetes-service-account" = "api-runner"
      }
      ArnEquals = { "aws:SourceArn" = "arn:aws:eks:eu-west-1:123456789012:cluster/shop-production" }
    }
    error_message = "The trust policy must pin the account, the cluster, the namespace and the service account."
  }

  assert {
    condition     = aws_eks_pod_identity_association.this.service_account == "api-runner" && output.service_account == "api-runner"
    error_message = "service_account must override the default."
  }
}

run "secrets_policy" {
  command = plan

  variables {
    secret_arns = [
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production/api-key-GhIjKl",
    ]
    secret_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  }

  assert {
    condition     = length(aws_iam_role_policy.secrets) == 1 && length(aws_iam_role_policy.s3) == 0
    error_message = "Secrets must create exactly the secrets policy."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.secrets[0].policy).Statement[0] == {
      Sid    = "ReadWorkloadSecrets"
      Effect = "Allow"
      Action = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      Resource = [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-AbCdEf",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production/api-key-GhIjKl",
      ]
    }
    error_message = "The role must read exactly the listed secrets, whole ARNs included."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.secrets[0].policy).Statement[1] == {
      Sid       = "DecryptWorkloadSecrets"
      Effect    = "Allow"
      Action    = "kms:Decrypt"
      Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
      Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com" } }
    }
    error_message = "kms:Decrypt must be limited to the listed keys and to Secrets Manager."
  }
}

run "secrets_without_kms" {
  command = plan

  variables {
    secret_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production/api-key-GhIjKl"]
  }

  assert {
    condition     = length(jsondecode(aws_iam_role_policy.secrets[0].policy).Statement) == 1
    error_message = "Without customer-managed keys there must be no KMS statement."
  }
}

run "bucket_policy" {
  command = plan

  variables {
    bucket_arns         = ["arn:aws:s3:::shop-production-uploads", "arn:aws:s3:::shop-production-exports"]
    bucket_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000"]
  }

  assert {
    condition     = length(aws_iam_role_policy.s3) == 1 && length(aws_iam_role_policy.secrets) == 0
    error_message = "Buckets must create exactly the S3 policy."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.s3[0].policy).Statement == [
      {
        Sid      = "ListBuckets"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = ["arn:aws:s3:::shop-production-uploads", "arn:aws:s3:::shop-production-exports"]
      },
      {
        Sid      = "ReadWriteObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["arn:aws:s3:::shop-production-uploads/*", "arn:aws:s3:::shop-production-exports/*"]
      },
      {
        Sid       = "UseBucketKeys"
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000"]
        Condition = { StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }
      },
    ]
    error_message = "S3 access must be list on the buckets, object read/write/delete on their contents, and key use through S3 only."
  }
}

run "extra_policy_documents" {
  command = plan

  variables {
    policy_documents = [
      jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Action = "kafka-cluster:Connect", Resource = "arn:aws:kafka:eu-west-1:123456789012:cluster/shop/abc" }]
      }),
      jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:eu-west-1:123456789012:shop-events" }]
      }),
    ]
  }

  assert {
    condition     = length(aws_iam_role_policy.extra) == 2
    error_message = "Each extra document must become one inline policy."
  }

  assert {
    condition     = aws_iam_role_policy.extra[0].name == "extra-0" && jsondecode(aws_iam_role_policy.extra[0].policy).Statement[0].Action == "kafka-cluster:Connect"
    error_message = "Extra documents must be attached unchanged, in order."
  }
}

run "config_rendering" {
  command = plan

  variables {
    config = {
      ZED          = "last"
      API_URL      = "https://api.shop.example.com"
      "app.mode"   = "a=b c"
      DATABASE_URL = ""
    }
    config_parameter_name = "/shop/production/api/config"
    config_kms_key_id     = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    config_parameter_tier = "Advanced"
  }

  assert {
    condition     = nonsensitive(aws_ssm_parameter.config.value) == "API_URL=https://api.shop.example.com\nDATABASE_URL=\nZED=last\napp.mode=a=b c\n"
    error_message = "The configuration must render as KEY=VALUE lines sorted by key, values verbatim, newline-terminated."
  }

  assert {
    condition = (
      aws_ssm_parameter.config.name == "/shop/production/api/config" &&
      aws_ssm_parameter.config.key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" &&
      aws_ssm_parameter.config.tier == "Advanced"
    )
    error_message = "The parameter name, key and tier overrides must be honoured."
  }
}

run "apply_outputs" {
  command = apply

  variables {
    config      = { API_URL = "https://api.shop.example.com" }
    secret_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-production/api-key-GhIjKl"]
    bucket_arns = ["arn:aws:s3:::shop-production-uploads"]
  }

  assert {
    condition     = output.role_arn == "arn:aws:iam::123456789012:role/shop-production-api-pod" && output.role_name == "shop-production-api-pod"
    error_message = "role_arn and role_name must describe the pod role."
  }

  assert {
    condition     = output.service_account == "api" && output.namespace == "shop"
    error_message = "service_account and namespace must come from the association."
  }

  assert {
    condition = (
      output.config_parameter_name == "/plinth/shop-production/api/kubernetes-config" &&
      output.config_parameter_arn == "arn:aws:ssm:eu-west-1:123456789012:parameter/plinth/shop-production/api/kubernetes-config"
    )
    error_message = "The parameter outputs must describe the configuration parameter."
  }

  assert {
    condition     = aws_eks_pod_identity_association.this.role_arn == output.role_arn
    error_message = "The association must bind the pod role."
  }
}

run "rejects_invalid_config_key" {
  command = plan

  variables {
    config = { "1BAD KEY" = "x" }
  }

  expect_failures = [var.config]
}

run "rejects_newline_in_config_value" {
  command = plan

  variables {
    config = { GOOD = "line1\nINJECTED=1" }
  }

  expect_failures = [var.config]
}

run "rejects_role_name_over_64_characters" {
  command = plan

  variables {
    name_prefix = "a-very-long-project-name-and-environment"
    name        = "an-equally-long-service-name"
  }

  expect_failures = [var.name]
}

run "rejects_cluster_arn_of_another_cluster" {
  command = plan

  variables {
    cluster_arn = "arn:aws:eks:eu-west-1:123456789012:cluster/shop-staging"
  }

  expect_failures = [var.cluster_arn]
}

run "rejects_secret_keys_without_secrets" {
  command = plan

  variables {
    secret_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  }

  expect_failures = [var.secret_kms_key_arns]
}

run "tracing_off_by_default" {
  command = plan

  assert {
    condition     = length(aws_iam_role_policy.tracing) == 0
    error_message = "Without tracing the pods' role must get no X-Ray permissions."
  }
}

run "tracing_lets_the_pods_send_traces" {
  command = plan

  variables {
    tracing_enabled = true
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.tracing[0].policy).Statement[0].Action, "xray:PutTraceSegments")
    error_message = "Tracing must let the pods' role send segments to X-Ray."
  }
}
