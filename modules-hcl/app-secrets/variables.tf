variable "secrets" {
  description = "Secrets to create, keyed by their name in the blueprint. name is the full Secrets Manager name (e.g. \"shop-prod/stripe\"); description defaults to one naming the key. The secrets are created without a value."
  type = map(object({
    name        = string
    description = optional(string)
  }))
  nullable = false

  validation {
    condition     = alltrue([for s in values(var.secrets) : can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", s.name))])
    error_message = "Every secret name must be 1-512 characters of letters, digits and /_+=.@-."
  }

  validation {
    condition     = length(distinct([for s in values(var.secrets) : s.name])) == length(var.secrets)
    error_message = "Secret names must be unique."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.description == null ? true : length(s.description) <= 2048])
    error_message = "Secret descriptions must be at most 2048 characters."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key that encrypts the secret values. Null uses the AWS-managed aws/secretsmanager key, which every principal in the account with secretsmanager:GetSecretValue can decrypt through."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored: 0 deletes immediately (the name can be reused at once), otherwise 7-30."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30 && floor(var.recovery_window_days) == var.recovery_window_days)
    error_message = "recovery_window_days must be 0 or a whole number between 7 and 30."
  }
}

variable "tags" {
  description = "Additional tags for every secret, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
