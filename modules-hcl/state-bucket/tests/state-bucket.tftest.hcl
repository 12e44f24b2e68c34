mock_provider "aws" {}

variables {
  bucket_name = "shop-tfstate-111111111111"
  tags = {
    component = "state"
  }
}

run "secure_defaults" {
  command = plan

  override_resource {
    target          = aws_kms_key.this
    override_during = plan
    values = {
      id     = "11111111-2222-3333-4444-555555555555"
      arn    = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }

  override_resource {
    target          = aws_s3_bucket.this
    override_during = plan
    values = {
      id  = "shop-tfstate-111111111111"
      arn = "arn:aws:s3:::shop-tfstate-111111111111"
    }
  }

  assert {
    condition     = aws_s3_bucket.this.bucket == "shop-tfstate-111111111111" && aws_s3_bucket.this.force_destroy == false
    error_message = "The bucket must be named bucket_name and never force-destroyed."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls &&
      aws_s3_bucket_public_access_block.this.block_public_policy &&
      aws_s3_bucket_public_access_block.this.ignore_public_acls &&
      aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "Every public access block setting must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled."
  }

  assert {
    condition = anytrue([
      for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      one(rule.apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" &&
      one(rule.apply_server_side_encryption_by_default).kms_master_key_id == "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555" &&
      rule.bucket_key_enabled
    ])
    error_message = "Default encryption must be SSE-KMS with the module's key and an S3 Bucket Key."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.deletion_window_in_days == 30
    error_message = "The key must rotate and keep the longest deletion window."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/shop-tfstate-111111111111-state" && aws_kms_alias.this.target_key_id == "11111111-2222-3333-4444-555555555555"
    error_message = "The alias must be alias/<bucket>-state and point at the key."
  }

  assert {
    condition = (
      aws_s3_bucket_lifecycle_configuration.this.rule[0].status == "Enabled" &&
      aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].noncurrent_days == 90 &&
      aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7
    )
    error_message = "Noncurrent versions must expire after 90 days and incomplete uploads be aborted."
  }

  assert {
    condition     = [for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Sid] == ["DenyInsecureTransport", "DenyOutdatedTls"]
    error_message = "Without cross-account roles the bucket policy must only deny insecure transport."
  }

  assert {
    condition = (
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[0].Effect == "Deny" &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[1].Effect == "Deny" &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[1].Condition.NumericLessThan["s3:TlsVersion"] == "1.2" &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[1].Resource == ["arn:aws:s3:::shop-tfstate-111111111111", "arn:aws:s3:::shop-tfstate-111111111111/*"]
    )
    error_message = "Requests without TLS or with TLS older than 1.2 must be denied on the bucket and its objects."
  }

  assert {
    condition = (
      aws_kms_key_policy.this.key_id == "11111111-2222-3333-4444-555555555555" &&
      length(jsondecode(aws_kms_key_policy.this.policy).Statement) == 1 &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[0].Principal.AWS == "arn:aws:iam::111111111111:root" &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[0].Action == "kms:*"
    )
    error_message = "Without cross-account roles only the key's account root may be named in the key policy."
  }

  assert {
    condition     = aws_s3_bucket.this.tags["component"] == "state" && aws_kms_key.this.tags["component"] == "state"
    error_message = "Tags must be applied."
  }

  assert {
    condition     = output.bucket_name == "shop-tfstate-111111111111" && output.bucket_arn == "arn:aws:s3:::shop-tfstate-111111111111" && output.kms_key_arn == "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
    error_message = "Outputs must expose the bucket and the key."
  }
}

# Roles of other accounts are admitted through their account roots with a condition on
# aws:PrincipalArn: a policy naming a role that does not exist yet is refused
# (MalformedPolicy "Invalid principal"), and this account is bootstrapped first.
run "cross_account_roles" {
  command = plan

  override_resource {
    target          = aws_kms_key.this
    override_during = plan
    values = {
      arn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
    }
  }

  variables {
    reader_writer_role_arns = [
      "arn:aws:iam::222222222222:role/shop-staging-github",
      "arn:aws:iam::333333333333:role/shop-prod-github",
    ]
    reader_role_arns = ["arn:aws:iam::222222222222:role/shop-staging-github-plan"]
  }

  assert {
    condition     = [for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Sid] == ["DenyInsecureTransport", "DenyOutdatedTls", "StateRolesList", "StateReaderWritersObjects", "StateReadersObjects"]
    error_message = "Cross-account roles must get a list statement and object statements."
  }

  assert {
    condition = alltrue(flatten([
      for policy in [aws_s3_bucket_policy.this.policy, aws_kms_key_policy.this.policy] : [
        for s in jsondecode(policy).Statement : [
          for principal in flatten([try(s.Principal.AWS, [])]) : can(regex("^arn:aws:iam::\\d{12}:root$", principal))
        ]
      ]
    ]))
    error_message = "No policy may name a role as a principal, only account roots."
  }

  assert {
    condition = (
      tolist(jsondecode(aws_s3_bucket_policy.this.policy).Statement[2].Principal.AWS) == tolist(["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]) &&
      tolist(jsondecode(aws_s3_bucket_policy.this.policy).Statement[2].Condition.ArnEquals["aws:PrincipalArn"]) == tolist(concat(var.reader_writer_role_arns, var.reader_role_arns)) &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[2].Action == "s3:ListBucket" &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[2].Resource == "arn:aws:s3:::shop-tfstate-111111111111"
    )
    error_message = "The roles, and only they, must be able to list the bucket."
  }

  assert {
    condition = (
      tolist(jsondecode(aws_s3_bucket_policy.this.policy).Statement[3].Condition.ArnEquals["aws:PrincipalArn"]) == tolist(var.reader_writer_role_arns) &&
      toset(jsondecode(aws_s3_bucket_policy.this.policy).Statement[3].Action) == toset(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[3].Resource == "arn:aws:s3:::shop-tfstate-111111111111/*"
    )
    error_message = "The deploy roles must be able to read, write and delete objects (state and lock files) and nothing else."
  }

  assert {
    condition = (
      tolist(jsondecode(aws_s3_bucket_policy.this.policy).Statement[4].Principal.AWS) == tolist(["arn:aws:iam::222222222222:root"]) &&
      tolist(jsondecode(aws_s3_bucket_policy.this.policy).Statement[4].Condition.ArnEquals["aws:PrincipalArn"]) == tolist(var.reader_role_arns) &&
      jsondecode(aws_s3_bucket_policy.this.policy).Statement[4].Action == "s3:GetObject"
    )
    error_message = "The plan roles may only read objects."
  }

  assert {
    condition = (
      length(jsondecode(aws_kms_key_policy.this.policy).Statement) == 3 &&
      tolist(jsondecode(aws_kms_key_policy.this.policy).Statement[1].Principal.AWS) == tolist(["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]) &&
      tolist(jsondecode(aws_kms_key_policy.this.policy).Statement[1].Condition.ArnEquals["aws:PrincipalArn"]) == tolist(var.reader_writer_role_arns) &&
      toset(jsondecode(aws_kms_key_policy.this.policy).Statement[1].Action) == toset(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]) &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[2].Action == "kms:Decrypt" &&
      tolist(jsondecode(aws_kms_key_policy.this.policy).Statement[2].Condition.ArnEquals["aws:PrincipalArn"]) == tolist(var.reader_role_arns)
    )
    error_message = "The key policy must let the deploy roles encrypt and decrypt and the plan roles decrypt."
  }

  assert {
    condition = (
      jsondecode(aws_kms_key_policy.this.policy).Statement[1].Condition.StringLike["kms:ViaService"] == "s3.*.amazonaws.com" &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[1].Condition.StringLike["kms:EncryptionContext:aws:s3:arn"] == ["arn:aws:s3:::shop-tfstate-111111111111", "arn:aws:s3:::shop-tfstate-111111111111/*"] &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[2].Condition.StringLike["kms:ViaService"] == "s3.*.amazonaws.com"
    )
    error_message = "Cross-account use of the key must be limited to S3 and this bucket."
  }
}

run "retention_and_dotted_name" {
  command = plan

  variables {
    bucket_name                        = "state.shop.example"
    noncurrent_version_expiration_days = 30
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].noncurrent_days == 30
    error_message = "noncurrent_version_expiration_days must be passed to the lifecycle rule."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/state-shop-example-state"
    error_message = "Dots in the bucket name must become hyphens in the alias."
  }
}

# The bucket carries prevent_destroy, which the test harness's clean-up would
# trip over, so the applied run creates the key, its policy and alias only.
run "key_outputs" {
  command = apply

  variables {
    reader_writer_role_arns = ["arn:aws:iam::222222222222:role/shop-staging-github"]
  }

  plan_options {
    target = [aws_kms_alias.this, aws_kms_key_policy.this]
  }

  override_resource {
    target = aws_kms_key.this
    values = {
      id     = "11111111-2222-3333-4444-555555555555"
      arn    = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }

  assert {
    condition     = output.kms_key_arn == "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
    error_message = "kms_key_arn must be the key's ARN."
  }

  assert {
    condition     = aws_kms_alias.this.target_key_id == "11111111-2222-3333-4444-555555555555"
    error_message = "The alias must target the key."
  }

  assert {
    condition = (
      jsondecode(aws_kms_key_policy.this.policy).Statement[0].Principal.AWS == "arn:aws:iam::111111111111:root" &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[1].Principal.AWS == ["arn:aws:iam::222222222222:root"] &&
      jsondecode(aws_kms_key_policy.this.policy).Statement[1].Condition.ArnEquals["aws:PrincipalArn"] == ["arn:aws:iam::222222222222:role/shop-staging-github"]
    )
    error_message = "The applied key policy must name the key's account, and the cross-account role through its account root."
  }
}

run "rejects_bad_bucket_name" {
  command = plan

  variables {
    bucket_name = "Shop_TFState"
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

run "rejects_bad_role_arn" {
  command = plan

  variables {
    reader_writer_role_arns = ["shop-prod-github"]
  }

  expect_failures = [var.reader_writer_role_arns]
}

run "rejects_bad_retention" {
  command = plan

  variables {
    noncurrent_version_expiration_days = 0
  }

  expect_failures = [var.noncurrent_version_expiration_days]
}
