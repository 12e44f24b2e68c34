mock_provider "aws" {
  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "shop-prod-uploads"
      arn                         = "arn:aws:s3:::shop-prod-uploads"
      bucket_regional_domain_name = "shop-prod-uploads.s3.eu-west-1.amazonaws.com"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }
}

variables {
  bucket_name = "shop-prod-uploads"
  tags = {
    component = "uploads"
  }
}

run "defaults_sse_s3" {
  command = plan

  assert {
    condition     = length(aws_kms_key.this) == 0 && length(aws_kms_alias.this) == 0
    error_message = "No KMS key or alias without kms_enabled."
  }

  assert {
    condition     = aws_s3_bucket.this.bucket == "shop-prod-uploads" && aws_s3_bucket.this.force_destroy == false && aws_s3_bucket.this.tags["component"] == "uploads"
    error_message = "The bucket must be named bucket_name, be protected from force_destroy and carry the tags."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      one(r.apply_server_side_encryption_by_default).sse_algorithm == "AES256" && one(r.apply_server_side_encryption_by_default).kms_master_key_id == null && r.bucket_key_enabled == false
    ])
    error_message = "Without kms_enabled the bucket must use SSE-S3 (AES256) and no bucket key."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls &&
      aws_s3_bucket_public_access_block.this.block_public_policy &&
      aws_s3_bucket_public_access_block.this.ignore_public_acls &&
      aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "All four public access block settings must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled by default."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 1
    error_message = "Without lifecycle_rules only the multipart-upload rule must exist."
  }

  assert {
    condition = (
      aws_s3_bucket_lifecycle_configuration.this.rule[0].id == "abort-incomplete-multipart-uploads" &&
      aws_s3_bucket_lifecycle_configuration.this.rule[0].status == "Enabled" &&
      aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7
    )
    error_message = "Incomplete multipart uploads must be aborted after 7 days."
  }
}

run "kms_enabled" {
  command = apply

  variables {
    kms_enabled = true
  }

  assert {
    condition     = length(aws_kms_key.this) == 1 && length(aws_kms_alias.this) == 1
    error_message = "kms_enabled must create one key and one alias."
  }

  assert {
    condition     = aws_kms_key.this[0].enable_key_rotation && aws_kms_key.this[0].deletion_window_in_days == 30 && aws_kms_key.this[0].tags["component"] == "uploads"
    error_message = "The key must rotate, have a 30-day deletion window and carry the tags."
  }

  assert {
    condition     = aws_kms_alias.this[0].name == "alias/s3/shop-prod-uploads" && aws_kms_alias.this[0].target_key_id == "11111111-2222-3333-4444-555555555555"
    error_message = "The alias must be alias/s3/<bucket_name> and point at the key."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      one(r.apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && one(r.apply_server_side_encryption_by_default).kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" && r.bucket_key_enabled
    ])
    error_message = "With kms_enabled the bucket must use aws:kms with the module's key and a bucket key."
  }

  assert {
    condition     = output.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "kms_key_arn must be the module's key."
  }
}

run "kms_alias_for_dotted_name" {
  command = plan

  variables {
    bucket_name = "assets.shop.example.com"
    kms_enabled = true
  }

  assert {
    condition     = aws_kms_alias.this[0].name == "alias/s3/assets-shop-example-com"
    error_message = "Dots must be replaced in the alias name."
  }
}

run "policy_denies_insecure_transport" {
  command = apply

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"], null) == "false" && toset(s.Resource) == toset(["arn:aws:s3:::shop-prod-uploads", "arn:aws:s3:::shop-prod-uploads/*"])
    ])
    error_message = "The policy must deny every request without TLS on the bucket and its objects."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" && try(s.Condition.NumericLessThan["s3:TlsVersion"], null) == "1.2"
    ])
    error_message = "The policy must deny TLS versions below 1.2."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Effect == "Deny"])
    error_message = "The bucket policy must grant nothing; access comes from IAM."
  }

  assert {
    condition     = aws_s3_bucket_policy.this.bucket == "shop-prod-uploads"
    error_message = "The policy must be attached to the bucket."
  }

  assert {
    condition     = output.bucket_id == "shop-prod-uploads" && output.bucket_arn == "arn:aws:s3:::shop-prod-uploads" && output.bucket_regional_domain_name == "shop-prod-uploads.s3.eu-west-1.amazonaws.com"
    error_message = "Bucket outputs must come from the bucket."
  }

  assert {
    condition     = output.kms_key_arn == null
    error_message = "kms_key_arn must be null with SSE-S3."
  }
}

run "lifecycle_rules" {
  command = plan

  variables {
    lifecycle_rules = {
      archive = {
        transition_to_ia_days      = 30
        transition_to_glacier_days = 90
        noncurrent_expire_days     = 30
      }
      tmp = {
        prefix      = "tmp/"
        expire_days = 7
      }
    }
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 3
    error_message = "Two lifecycle rules plus the multipart-upload rule must give three rules."
  }

  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this.rule : r.id] == ["abort-incomplete-multipart-uploads", "archive", "tmp"]
    error_message = "Rule ids are the map keys."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[1].filter[0].prefix == "" && aws_s3_bucket_lifecycle_configuration.this.rule[2].filter[0].prefix == "tmp/"
    error_message = "Rules must filter on their prefix."
  }

  assert {
    condition = (
      toset([for t in aws_s3_bucket_lifecycle_configuration.this.rule[1].transition : "${t.storage_class}@${t.days}"]) == toset(["STANDARD_IA@30", "GLACIER@90"]) &&
      aws_s3_bucket_lifecycle_configuration.this.rule[1].noncurrent_version_expiration[0].noncurrent_days == 30 &&
      length(aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration) == 0
    )
    error_message = "The first rule must transition to IA and Glacier and expire noncurrent versions only."
  }

  assert {
    condition = (
      aws_s3_bucket_lifecycle_configuration.this.rule[2].expiration[0].days == 7 &&
      length(aws_s3_bucket_lifecycle_configuration.this.rule[2].transition) == 0 &&
      length(aws_s3_bucket_lifecycle_configuration.this.rule[2].noncurrent_version_expiration) == 0
    )
    error_message = "The second rule must only expire objects."
  }

  assert {
    condition     = alltrue([for r in aws_s3_bucket_lifecycle_configuration.this.rule : r.status == "Enabled"])
    error_message = "Every rule must be enabled."
  }
}

run "versioning_suspended_and_force_destroy" {
  command = plan

  variables {
    versioning    = false
    force_destroy = true
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Suspended"
    error_message = "versioning = false must suspend versioning."
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy
    error_message = "force_destroy must be passed through."
  }
}

run "rejects_uppercase_bucket_name" {
  command = plan

  variables {
    bucket_name = "Shop-Prod-Uploads"
  }

  expect_failures = [var.bucket_name]
}

run "rejects_ip_like_bucket_name" {
  command = plan

  variables {
    bucket_name = "192.168.10.1"
  }

  expect_failures = [var.bucket_name]
}

run "rejects_reserved_suffix" {
  command = plan

  variables {
    bucket_name = "shop-prod-s3alias"
  }

  expect_failures = [var.bucket_name]
}

run "rejects_early_ia_transition" {
  command = plan

  variables {
    lifecycle_rules = { r = { transition_to_ia_days = 10 } }
  }

  expect_failures = [var.lifecycle_rules]
}

run "rejects_glacier_too_soon_after_ia" {
  command = plan

  variables {
    lifecycle_rules = { r = { transition_to_ia_days = 30, transition_to_glacier_days = 45 } }
  }

  expect_failures = [var.lifecycle_rules]
}

run "rejects_expiry_before_transition" {
  command = plan

  variables {
    lifecycle_rules = { r = { transition_to_glacier_days = 90, expire_days = 60 } }
  }

  expect_failures = [var.lifecycle_rules]
}

run "rejects_rule_without_action" {
  command = plan

  variables {
    lifecycle_rules = { r = { prefix = "logs/" } }
  }

  expect_failures = [var.lifecycle_rules]
}
