locals {
  # Bucket ARNs are derived from the name alone, so the key policy can name the
  # bucket without waiting for it to exist.
  bucket_arn = "arn:aws:s3:::${var.bucket_name}"

  # The account that owns the key (and the bucket), read from the key's ARN: the
  # module makes no caller-identity lookup, so the bootstrap root plans offline.
  account_id = split(":", aws_kms_key.this.arn)[4]

  # KMS aliases may not contain dots, which bucket names may.
  kms_alias = "alias/${replace(var.bucket_name, ".", "-")}-state"

  # Roles of other accounts are admitted through their account's root principal with a
  # condition on aws:PrincipalArn naming each role exactly. A policy that names a role as the
  # principal is refused while the role does not exist (MalformedPolicy "Invalid principal"),
  # and would be silently broken if the role were re-created; an account root always exists, so
  # this account can be bootstrapped before the others and the others in any order. See
  # "AWS global condition context keys: aws:PrincipalArn" in the IAM User Guide.
  role_accounts = {
    readers_writers = distinct([for arn in var.reader_writer_role_arns : split(":", arn)[4]])
    readers         = distinct([for arn in var.reader_role_arns : split(":", arn)[4]])
    all             = distinct([for arn in concat(var.reader_writer_role_arns, var.reader_role_arns) : split(":", arn)[4]])
  }
  roots = { for k, accounts in local.role_accounts : k => [for a in accounts : "arn:aws:iam::${a}:root"] }

  cross_account_access = length(var.reader_writer_role_arns) > 0
  cross_account_reads  = length(var.reader_role_arns) > 0 || local.cross_account_access
}

################################################################################
# Encryption key
################################################################################

resource "aws_kms_key" "this" {
  #checkov:skip=CKV2_AWS_64:The key policy is aws_kms_key_policy.this, which names the account read from this key's ARN.

  description             = "Encrypts the Terraform state in s3://${var.bucket_name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = var.tags
}

# The key policy names the key's own account, which a policy argument on the key
# itself could not refer to.
resource "aws_kms_key_policy" "this" {
  key_id = aws_kms_key.this.id

  # The account root administers the key, which is what lets IAM policies in this
  # account (administrators, the deploy roles) grant its use. Roles in other
  # accounts additionally need the key policy itself to admit them (through their
  # account root, narrowed to the exact role ARNs), and then only through S3 and
  # only for objects of this bucket.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid       = "AccountAdministration"
          Effect    = "Allow"
          Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
          Action    = "kms:*"
          Resource  = "*"
        },
      ],
      [
        for statement in [
          {
            Sid       = "StateReaderWritersThroughS3"
            Effect    = "Allow"
            Principal = { AWS = local.roots.readers_writers }
            Action    = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
            Resource  = "*"
            Condition = {
              ArnEquals = { "aws:PrincipalArn" = var.reader_writer_role_arns }
              StringLike = {
                "kms:ViaService" = "s3.*.amazonaws.com"
                # The bucket ARN with an S3 Bucket Key, the object ARN without one.
                "kms:EncryptionContext:aws:s3:arn" = [local.bucket_arn, "${local.bucket_arn}/*"]
              }
            }
          },
        ] : statement if local.cross_account_access
      ],
      [
        for statement in [
          {
            Sid       = "StateReadersThroughS3"
            Effect    = "Allow"
            Principal = { AWS = local.roots.readers }
            Action    = "kms:Decrypt"
            Resource  = "*"
            Condition = {
              ArnEquals = { "aws:PrincipalArn" = var.reader_role_arns }
              StringLike = {
                "kms:ViaService"                   = "s3.*.amazonaws.com"
                "kms:EncryptionContext:aws:s3:arn" = [local.bucket_arn, "${local.bucket_arn}/*"]
              }
            }
          },
        ] : statement if length(var.reader_role_arns) > 0
      ],
    )
  })
}

resource "aws_kms_alias" "this" {
  name          = local.kms_alias
  target_key_id = aws_kms_key.this.key_id
}

################################################################################
# Bucket
################################################################################

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Server access logs of the state bucket would need a second, separately protected log bucket; CloudTrail records the management API calls and state history lives in object versions.
  #checkov:skip=CKV2_AWS_62:Nothing consumes events from the state bucket; Terraform is its only client.
  #checkov:skip=CKV_AWS_144:State is small, versioned and rebuildable by import; cross-region replication would add a second bucket, key and replication role to a bootstrap root an administrator applies by hand.

  bucket = var.bucket_name

  # Deleting the bucket must never delete the state versions with it.
  force_destroy = false

  tags = var.tags

  # Every environment's state lives here: a mistaken `terraform destroy` of the
  # bootstrap root must fail rather than take the state with it. Deleting the
  # bucket on purpose means removing this line first; Terraform accepts only a
  # literal here, so it cannot be an input.
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ACLs disabled: the bucket policy and IAM alone decide access, and objects
# written by roles from other accounts are still owned by this account.
resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Every state write keeps the previous version, the only way back from a bad apply
# or a corrupted state.
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Default encryption for every object. A client that names its own algorithm wins:
# Terraform's S3 backend with `encrypt = true` and no `kms_key_id` sends AES256,
# so backends set kms_key_id to this key to use it.
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }

    # One data key per bucket instead of one KMS request per object.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "state-history"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    # Removes the delete marker of a lock file once its versions have expired.
    expiration {
      expired_object_delete_marker = true
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # The noncurrent-version rule is meant for a versioned bucket; ordering it after
  # versioning avoids a window in which it describes a bucket without versions.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = "*"
          Action    = "s3:*"
          Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
          Condition = {
            Bool = { "aws:SecureTransport" = "false" }
          }
        },
        {
          Sid       = "DenyOutdatedTls"
          Effect    = "Deny"
          Principal = "*"
          Action    = "s3:*"
          Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
          Condition = {
            NumericLessThan = { "s3:TlsVersion" = "1.2" }
          }
        },
      ],
      # Object actions cover the state files and the backend's <key>.tflock lock
      # files alike. Each role's own IAM policy narrows this to its key prefix.
      [
        for statement in [
          {
            Sid       = "StateRolesList"
            Effect    = "Allow"
            Principal = { AWS = local.roots.all }
            Action    = "s3:ListBucket"
            Resource  = local.bucket_arn
            Condition = { ArnEquals = { "aws:PrincipalArn" = concat(var.reader_writer_role_arns, var.reader_role_arns) } }
          },
        ] : statement if local.cross_account_reads
      ],
      [
        for statement in [
          {
            Sid       = "StateReaderWritersObjects"
            Effect    = "Allow"
            Principal = { AWS = local.roots.readers_writers }
            Action    = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
            Resource  = "${local.bucket_arn}/*"
            Condition = { ArnEquals = { "aws:PrincipalArn" = var.reader_writer_role_arns } }
          },
        ] : statement if local.cross_account_access
      ],
      [
        for statement in [
          {
            Sid       = "StateReadersObjects"
            Effect    = "Allow"
            Principal = { AWS = local.roots.readers }
            Action    = "s3:GetObject"
            Resource  = "${local.bucket_arn}/*"
            Condition = { ArnEquals = { "aws:PrincipalArn" = var.reader_role_arns } }
          },
        ] : statement if length(var.reader_role_arns) > 0
      ],
    )
  })

  # S3 answers concurrent configuration changes to one bucket with
  # OperationAborted; serialising them keeps the first apply clean.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
