variable "name" {
  description = "Name of the environment (<project>-<env>); the key's alias is alias/<name>-logs."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9/_-]{0,240}$", var.name))
    error_message = "name must be letters, digits, /, _ and -, starting with a letter or digit."
  }
}

variable "account_id" {
  description = "The AWS account that owns the key; its administrators manage it and its CloudWatch Logs may use it."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "region" {
  description = "The region whose CloudWatch Logs service may use the key."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "region must look like eu-west-1."
  }
}

variable "deletion_window_days" {
  description = "Days a scheduled key deletion waits before the key (and every log encrypted with it) becomes unreadable."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_days >= 7 && var.deletion_window_days <= 30
    error_message = "deletion_window_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags for the key, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
