mock_provider "aws" {}

variables {
  repositories = ["shop-prod/api", "shop-prod/worker"]
  tags = {
    component = "registry"
  }
}

run "secure_defaults" {
  command = plan

  assert {
    condition     = length(aws_ecr_repository.this) == 2 && length(aws_ecr_lifecycle_policy.this) == 2
    error_message = "Expected one repository and one lifecycle policy per name."
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/api"].image_tag_mutability == "IMMUTABLE"
    error_message = "Tags must be immutable by default."
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/api"].image_scanning_configuration[0].scan_on_push
    error_message = "Scan on push must be enabled by default."
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/api"].encryption_configuration[0].encryption_type == "KMS"
    error_message = "Repositories must be KMS-encrypted by default."
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/worker"].force_delete == false
    error_message = "force_delete must be off by default."
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/worker"].tags["component"] == "registry"
    error_message = "Tags must be applied to repositories."
  }
}

run "lifecycle_rules" {
  command = plan

  variables {
    keep_tagged_images   = 50
    untagged_expiry_days = 3
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[0].selection.tagStatus == "untagged" && jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[0].selection.countNumber == 3
    error_message = "Rule 1 must expire untagged images after untagged_expiry_days."
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[1].selection.tagStatus == "any" && jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[1].selection.countType == "imageCountMoreThan" && jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[1].selection.countNumber == 50
    error_message = "Rule 2 must keep the last keep_tagged_images images of any tag status."
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[1].rulePriority > jsondecode(aws_ecr_lifecycle_policy.this["shop-prod/api"].policy).rules[0].rulePriority
    error_message = "The tagStatus any rule must have the lowest priority."
  }
}

run "customer_managed_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/api"].encryption_configuration[0].kms_key == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "kms_key_arn must be used as the repository key."
  }
}

run "aes256" {
  command = plan

  variables {
    encryption_type = "AES256"
  }

  assert {
    condition     = aws_ecr_repository.this["shop-prod/api"].encryption_configuration[0].encryption_type == "AES256"
    error_message = "encryption_type must be passed through."
  }
}

run "outputs" {
  command = apply

  override_resource {
    target = aws_ecr_repository.this["shop-prod/api"]
    values = {
      arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/shop-prod/api"
      repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-prod/api"
    }
  }

  assert {
    condition     = output.repository_urls["shop-prod/api"] == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-prod/api"
    error_message = "repository_urls must map name to URL."
  }

  assert {
    condition     = output.repository_arns["shop-prod/api"] == "arn:aws:ecr:eu-west-1:123456789012:repository/shop-prod/api"
    error_message = "repository_arns must map name to ARN."
  }

  assert {
    condition     = output.repository_names == tolist(["shop-prod/api", "shop-prod/worker"])
    error_message = "repository_names must list every repository, sorted."
  }
}

run "rejects_bad_mutability" {
  command = plan

  variables {
    image_tag_mutability = "SOMETIMES"
  }

  expect_failures = [var.image_tag_mutability]
}

run "rejects_bad_repository_name" {
  command = plan

  variables {
    repositories = ["Shop/API"]
  }

  expect_failures = [var.repositories]
}

run "rejects_key_without_kms" {
  command = plan

  variables {
    encryption_type = "AES256"
    kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  expect_failures = [var.kms_key_arn]
}
