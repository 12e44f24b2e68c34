variable "repositories" {
  description = "Full names of the ECR repositories to create, e.g. \"shop-prod/api\". Each name becomes a for_each key, so the set must be known at plan time."
  type        = set(string)

  validation {
    condition = alltrue([
      for name in var.repositories :
      length(name) >= 2 && length(name) <= 256 &&
      can(regex("^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$", name))
    ])
    error_message = "Repository names must be 2-256 characters of lowercase letters, digits and . _ - separators, optionally namespaced with '/'."
  }
}

variable "image_tag_mutability" {
  description = "Tag mutability of every repository. IMMUTABLE stops a tag from being silently repointed at a different image."
  type        = string
  default     = "IMMUTABLE"

  validation {
    condition     = contains(["IMMUTABLE", "MUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be IMMUTABLE or MUTABLE."
  }
}

variable "scan_on_push" {
  description = "Run the basic vulnerability scan on every pushed image."
  type        = bool
  default     = true
}

variable "encryption_type" {
  description = "Encryption at rest: KMS (the key in kms_key_arn, or the AWS-managed aws/ecr key when that is null) or AES256."
  type        = string
  default     = "KMS"

  validation {
    condition     = contains(["AES256", "KMS"], var.encryption_type)
    error_message = "encryption_type must be AES256 or KMS."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for the repositories. Null uses the AWS-managed aws/ecr key. Only valid with encryption_type = \"KMS\"."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || var.encryption_type == "KMS"
    error_message = "kms_key_arn can only be set when encryption_type is KMS."
  }
}

variable "keep_tagged_images" {
  description = "Number of most recent images (of any tag status) each repository keeps; older ones are expired."
  type        = number
  default     = 30

  validation {
    condition     = var.keep_tagged_images >= 1 && floor(var.keep_tagged_images) == var.keep_tagged_images
    error_message = "keep_tagged_images must be a whole number of at least 1."
  }
}

variable "untagged_expiry_days" {
  description = "Days after which untagged images (superseded layers of re-pushed builds) are expired."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1 && floor(var.untagged_expiry_days) == var.untagged_expiry_days
    error_message = "untagged_expiry_days must be a whole number of at least 1."
  }
}

variable "force_delete" {
  description = "Allow Terraform to delete repositories that still contain images. Off so a destroy never silently discards released images."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Additional tags for every repository, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
