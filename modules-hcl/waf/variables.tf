variable "name" {
  description = "Name of the web ACL; also the prefix of its CloudWatch metric names and the suffix of its log group (\"aws-waf-logs-<name>\")."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 characters: letters, digits, hyphens and underscores."
  }
}

variable "rate_limit" {
  description = "Requests one client IP may send in any 5-minute window before the rate-based rule blocks it (429) until its rate drops again."
  type        = number

  validation {
    condition     = var.rate_limit >= 100 && var.rate_limit <= 2000000000 && floor(var.rate_limit) == var.rate_limit
    error_message = "rate_limit must be a whole number between 100 and 2000000000 requests per 5 minutes."
  }
}

variable "associate" {
  description = "Associate the web ACL with resource_arn. A plain bool (not derived from resource_arn) because the load balancer ARN is unknown at plan time."
  type        = bool
  default     = true
}

variable "resource_arn" {
  description = "ARN of the application load balancer to protect. Required when associate is true."
  type        = string
  default     = null

  validation {
    # An unknown ARN (from an aws_lb in the same plan) leaves this undecided until apply.
    condition     = var.resource_arn == null ? !var.associate : can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/", var.resource_arn))
    error_message = "resource_arn is required when associate is true and must be an application load balancer ARN (\"arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/...\")."
  }
}

variable "managed_rule_groups" {
  description = "AWS managed rule groups (vendor AWS) evaluated in this order, each with its own rule actions (override_action none). Groups that need extra configuration (ATP, ACFP, Anti-DDoS) are not supported."
  type        = list(string)
  default = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
  ]

  validation {
    condition     = alltrue([for group in var.managed_rule_groups : can(regex("^AWSManagedRules[A-Za-z0-9]+$", group))])
    error_message = "Every managed rule group must be an AWS managed rule group name such as \"AWSManagedRulesCommonRuleSet\"."
  }

  validation {
    condition     = length(distinct(var.managed_rule_groups)) == length(var.managed_rule_groups)
    error_message = "managed_rule_groups must not contain duplicates (rule names must be unique in a web ACL)."
  }

  validation {
    condition = length(setintersection(var.managed_rule_groups, [
      "AWSManagedRulesATPRuleSet",
      "AWSManagedRulesACFPRuleSet",
      "AWSManagedRulesAntiDDoSRuleSet",
    ])) == 0
    error_message = "AWSManagedRulesATPRuleSet, AWSManagedRulesACFPRuleSet and AWSManagedRulesAntiDDoSRuleSet need a managed_rule_group_configs block this module does not set."
  }
}

variable "logging_enabled" {
  description = "Send the web ACL's request logs to a CloudWatch log group created by this module (\"aws-waf-logs-<name>\"), with the authorization and cookie headers redacted."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days the WAF log group keeps its events: one of the retention periods CloudWatch Logs supports (never-expire, 0, is not accepted)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
