variable "bucket_name" {
  description = "Globally unique bucket name (3-63 lowercase letters, digits, dots and hyphens). With kms_enabled it also names the key alias: alias/s3/ followed by the bucket name, dots replaced by hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits, dots and hyphens, and start and end with a letter or digit."
  }

  validation {
    condition     = !strcontains(var.bucket_name, "..") && !can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.bucket_name))
    error_message = "bucket_name must not contain two adjacent dots or look like an IP address."
  }

  validation {
    condition = (
      !anytrue([for p in ["xn--", "sthree-", "amzn-s3-demo-"] : startswith(var.bucket_name, p)]) &&
      !anytrue([for s in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] : endswith(var.bucket_name, s)])
    )
    error_message = "bucket_name must not start with xn--, sthree- or amzn-s3-demo-, nor end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (prefixes and suffixes reserved by S3)."
  }
}

variable "versioning" {
  description = "Keep every version of every object (Enabled). False suspends versioning; S3 cannot return a bucket to the never-versioned state."
  type        = bool
  default     = true
}

variable "kms_enabled" {
  description = "Encrypt objects with a customer-managed KMS key created by this module (SSE-KMS with an S3 Bucket Key). False uses SSE-S3 (AES256)."
  type        = bool
  default     = false
}

variable "lifecycle_rules" {
  description = "Lifecycle rules keyed by rule id, each applying to the objects under prefix (\"\" for the whole bucket). Days count from object creation; noncurrent_expire_days counts from the day a version became noncurrent. Every bucket also aborts incomplete multipart uploads after 7 days."
  type = map(object({
    prefix                     = optional(string, "")
    transition_to_ia_days      = optional(number)
    transition_to_glacier_days = optional(number)
    expire_days                = optional(number)
    noncurrent_expire_days     = optional(number)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for id in keys(var.lifecycle_rules) : can(regex("^[A-Za-z0-9_.-]{1,200}$", id)) && id != "abort-incomplete-multipart-uploads"])
    error_message = "Lifecycle rule ids must be 1-200 letters, digits, _, . and -, and not the reserved abort-incomplete-multipart-uploads."
  }

  validation {
    condition = alltrue([
      for r in var.lifecycle_rules : anytrue([
        r.transition_to_ia_days != null,
        r.transition_to_glacier_days != null,
        r.expire_days != null,
        r.noncurrent_expire_days != null,
      ])
    ])
    error_message = "Every lifecycle rule needs at least one of transition_to_ia_days, transition_to_glacier_days, expire_days, noncurrent_expire_days."
  }

  validation {
    condition = alltrue(flatten([
      for r in var.lifecycle_rules : [
        for d in [r.transition_to_ia_days, r.transition_to_glacier_days, r.expire_days, r.noncurrent_expire_days] :
        d == null ? true : (d >= 1 && floor(d) == d)
      ]
    ]))
    error_message = "Lifecycle rule day counts must be whole numbers of at least 1."
  }

  validation {
    condition     = alltrue([for r in var.lifecycle_rules : r.transition_to_ia_days == null ? true : r.transition_to_ia_days >= 30])
    error_message = "transition_to_ia_days must be at least 30: S3 moves objects to STANDARD_IA only after 30 days."
  }

  validation {
    condition = alltrue([
      for r in var.lifecycle_rules :
      r.transition_to_ia_days == null || r.transition_to_glacier_days == null ? true : r.transition_to_glacier_days >= r.transition_to_ia_days + 30
    ])
    error_message = "transition_to_glacier_days must be at least 30 days after transition_to_ia_days: objects must stay 30 days in STANDARD_IA."
  }

  validation {
    condition = alltrue([
      for r in var.lifecycle_rules :
      r.expire_days == null ? true : alltrue([for d in [r.transition_to_ia_days, r.transition_to_glacier_days] : d == null ? true : r.expire_days > d])
    ])
    error_message = "expire_days must be greater than the rule's transition days."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete every object (and version) in the bucket. Leave false for buckets that hold data worth keeping."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Additional tags for every taggable resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
