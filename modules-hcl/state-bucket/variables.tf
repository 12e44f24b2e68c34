variable "bucket_name" {
  description = "Name of the state bucket, e.g. \"shop-tfstate-123456789012\". S3 names are global across all AWS accounts; the KMS alias is alias/<bucket_name>-state with dots replaced by hyphens."
  type        = string

  validation {
    condition = (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) &&
      !strcontains(var.bucket_name, "..") &&
      !can(regex("^\\d+\\.\\d+\\.\\d+\\.\\d+$", var.bucket_name)) &&
      !startswith(var.bucket_name, "xn--") &&
      !startswith(var.bucket_name, "sthree-") &&
      !endswith(var.bucket_name, "-s3alias") &&
      !endswith(var.bucket_name, "--ol-s3")
    )
    error_message = "bucket_name must follow the S3 naming rules: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no \"..\", not an IP address, no xn--/sthree- prefix and no -s3alias/--ol-s3 suffix."
  }
}

variable "reader_writer_role_arns" {
  description = "IAM roles in other AWS accounts that keep Terraform state in this bucket. The bucket policy grants them s3:ListBucket and Get/Put/DeleteObject, and the key policy lets them use the KMS key through S3; each role still needs an IAM policy of its own for the same actions (github-deploy-role's state_kms_key_alias_arn). Both policies name each role's account root with a condition on aws:PrincipalArn, so the roles need not exist yet: this bucket can be bootstrapped before the accounts whose roles use it. Roles in this account must not be listed: a grant here would give them the whole bucket, past the key-prefix scoping of their IAM policies."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.reader_writer_role_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$", arn))])
    error_message = "Every entry of reader_writer_role_arns must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "reader_role_arns" {
  description = "IAM roles in other AWS accounts that only read state here (the read-only pull-request plan roles): s3:ListBucket, s3:GetObject and kms:Decrypt through S3, admitted like reader_writer_role_arns. The same rules apply: other accounts only, and each role's IAM policy narrows access to its key prefix."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.reader_role_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$", arn))])
    error_message = "Every entry of reader_role_arns must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days a superseded state version is kept before S3 expires it; the window in which an earlier state can be restored."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number between 1 and 3650."
  }
}

variable "tags" {
  description = "Additional tags for every resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
