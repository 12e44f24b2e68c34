locals {
  kms_key_arn = var.kms_enabled ? aws_kms_key.this[0].arn : null

  # The map key is the rule id: stable across reorderings, readable in the console.
  lifecycle_rules = [for id, r in var.lifecycle_rules : merge(r, { id = id })]
}

################################################################################
# Encryption key
################################################################################

resource "aws_kms_key" "this" {
  count = var.kms_enabled ? 1 : 0

  #checkov:skip=CKV2_AWS_64:The default key policy (account root, access delegated to IAM) is intended; writing it out needs the account id, which this module neither takes nor looks up

  description             = "Encrypts objects in the S3 bucket ${var.bucket_name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}

resource "aws_kms_alias" "this" {
  count = var.kms_enabled ? 1 : 0

  # Alias names allow letters, digits, /, _ and - only.
  name          = "alias/s3/${replace(var.bucket_name, ".", "-")}"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# Bucket
################################################################################

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Application data bucket; access logging would need a dedicated log bucket per environment, CloudTrail data events are the account-level audit trail
  #checkov:skip=CKV2_AWS_62:The application writes and reads its own objects; nothing consumes S3 event notifications
  #checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery decision outside this module; versioning protects against deletes and overwrites
  #checkov:skip=CKV_AWS_145:Encryption is always on; SSE-KMS with a customer-managed key is opt-in through var.kms_enabled and SSE-S3 (AES256) is used otherwise, which checkov cannot evaluate statically

  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Disables ACLs: the bucket owner owns every object and access is governed by
# IAM and the bucket policy alone.
resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    # The Bucket Key cuts KMS requests (and their cost) by reusing a bucket-level
    # data key; it has no meaning for SSE-S3.
    bucket_key_enabled = var.kms_enabled

    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_enabled ? "aws:kms" : "AES256"
      kms_master_key_id = local.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
      {
        Sid       = "DenyOutdatedTls"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
        Condition = {
          NumericLessThan = { "s3:TlsVersion" = "1.2" }
        }
      },
    ]
  })

  # S3 rejects policy changes while the public access block is being created.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  # Parts of abandoned multipart uploads are invisible in listings but billed;
  # every bucket cleans them up, whatever the caller's rules.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  dynamic "rule" {
    for_each = local.lifecycle_rules

    content {
      id     = rule.value.id
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      dynamic "transition" {
        for_each = rule.value.transition_to_ia_days != null ? [rule.value.transition_to_ia_days] : []

        content {
          days          = transition.value
          storage_class = "STANDARD_IA"
        }
      }

      dynamic "transition" {
        for_each = rule.value.transition_to_glacier_days != null ? [rule.value.transition_to_glacier_days] : []

        content {
          days          = transition.value
          storage_class = "GLACIER"
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expire_days != null ? [rule.value.expire_days] : []

        content {
          days = expiration.value
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_expire_days != null ? [rule.value.noncurrent_expire_days] : []

        content {
          noncurrent_days = noncurrent_version_expiration.value
        }
      }
    }
  }

  # Lifecycle rules for noncurrent versions must see the versioning state they
  # act on, so versioning is configured first.
  depends_on = [aws_s3_bucket_versioning.this]
}
