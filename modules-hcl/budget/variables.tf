variable "name" {
  description = "Budget name, unique in the account (e.g. \"shop-prod-monthly\")."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 100 && !strcontains(var.name, ":") && !strcontains(var.name, "\\")
    error_message = "name must be 1-100 characters and contain neither : nor \\."
  }
}

variable "limit_usd" {
  description = "Monthly budget in US dollars; notification thresholds are percentages of it."
  type        = number

  validation {
    condition     = var.limit_usd > 0
    error_message = "limit_usd must be greater than 0."
  }
}

variable "actual_thresholds" {
  description = "Notify when the month's actual cost exceeds these percentages of limit_usd (each in (0, 1000])."
  type        = list(number)
  default     = [80, 100]
  nullable    = false

  validation {
    condition     = alltrue([for t in var.actual_thresholds : t > 0 && t <= 1000])
    error_message = "Every actual threshold must be greater than 0 and at most 1000 (percent of limit_usd)."
  }

  validation {
    condition     = length(distinct(var.actual_thresholds)) == length(var.actual_thresholds)
    error_message = "actual_thresholds must not contain duplicates."
  }
}

variable "forecast_thresholds" {
  description = "Notify when the month's forecasted cost exceeds these percentages of limit_usd (each in (0, 1000])."
  type        = list(number)
  default     = [100]
  nullable    = false

  validation {
    condition     = alltrue([for t in var.forecast_thresholds : t > 0 && t <= 1000])
    error_message = "Every forecast threshold must be greater than 0 and at most 1000 (percent of limit_usd)."
  }

  validation {
    condition     = length(distinct(var.forecast_thresholds)) == length(var.forecast_thresholds)
    error_message = "forecast_thresholds must not contain duplicates."
  }

  validation {
    condition     = length(var.actual_thresholds) + length(var.forecast_thresholds) >= 1 && length(var.actual_thresholds) + length(var.forecast_thresholds) <= 10
    error_message = "actual_thresholds and forecast_thresholds together must give between 1 and 10 notifications (the AWS limit per budget)."
  }
}

variable "emails" {
  description = "Email addresses notified at every threshold (at most 10, the AWS limit per notification)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for e in var.emails : can(regex("^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$", e))])
    error_message = "Every entry in emails must be an email address."
  }

  validation {
    condition     = length(var.emails) <= 10
    error_message = "At most 10 email subscribers are allowed per budget notification."
  }

  validation {
    condition     = length(var.emails) > 0 || var.sns_enabled
    error_message = "A budget needs a subscriber: give at least one email address or set sns_enabled with sns_topic_arn."
  }
}

variable "sns_enabled" {
  description = "Also notify sns_topic_arn at every threshold. A plain bool rather than a test on sns_topic_arn, so the switch is known at plan time even when the topic is created in the same run."
  type        = bool
  default     = false
  nullable    = false
}

variable "sns_topic_arn" {
  description = "SNS topic notified when sns_enabled, in the same account as the budget. Its topic policy must allow budgets.amazonaws.com to SNS:Publish (and a KMS-encrypted topic's key policy must let budgets.amazonaws.com use the key)."
  type        = string
  default     = null

  validation {
    condition     = var.sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,256}$", var.sns_topic_arn))
    error_message = "sns_topic_arn must be an SNS topic ARN."
  }

  validation {
    condition     = !var.sns_enabled || var.sns_topic_arn != null
    error_message = "sns_topic_arn is required when sns_enabled is true."
  }
}

variable "cost_allocation_tag_key" {
  description = "User-defined cost allocation tag that scopes the budget to this environment's resources."
  type        = string
  default     = "Project"
  nullable    = false

  validation {
    condition     = length(var.cost_allocation_tag_key) >= 1 && length(var.cost_allocation_tag_key) <= 128 && !startswith(var.cost_allocation_tag_key, "aws:")
    error_message = "cost_allocation_tag_key must be 1-128 characters and a user-defined tag key (not aws:...)."
  }
}

variable "cost_allocation_tag_value" {
  description = "Value of cost_allocation_tag_key carried by the environment's resources (e.g. through the provider's default_tags); only their cost counts against the budget."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.cost_allocation_tag_value) >= 1 && length(var.cost_allocation_tag_value) <= 256
    error_message = "cost_allocation_tag_value must be 1-256 characters."
  }
}

variable "account_id" {
  description = "Account that owns the budget. Null uses the account of the provider's credentials."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "tags" {
  description = "Additional tags for the budget, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
