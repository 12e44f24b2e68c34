variable "name" {
  description = "Name of the ECS cluster."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.name))
    error_message = "name must be 1-255 characters of letters, digits, hyphens and underscores."
  }
}

variable "container_insights" {
  description = "Enable CloudWatch Container Insights (cluster/service/task metrics). Costs a little per metric; worth it for anything you operate."
  type        = bool
  default     = true
  nullable    = false
}

variable "fargate_spot_percent" {
  description = "Share (0-100) of tasks placed on FARGATE_SPOT by the cluster's default capacity provider strategy. The first task always runs on FARGATE unless this is 100."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.fargate_spot_percent >= 0 && var.fargate_spot_percent <= 100 && floor(var.fargate_spot_percent) == var.fargate_spot_percent
    error_message = "fargate_spot_percent must be a whole number between 0 and 100."
  }
}

variable "service_discovery_namespace" {
  description = "Name of a private DNS namespace (Cloud Map) for service discovery, e.g. \"shop-dev.internal\"; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.service_discovery_namespace == null || can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.service_discovery_namespace))
    error_message = "service_discovery_namespace must be a DNS name of at least two labels, e.g. shop-dev.internal."
  }
}

variable "vpc_id" {
  description = "VPC whose resolver answers for the service discovery namespace; required with service_discovery_namespace."
  type        = string
  default     = null

  validation {
    condition     = var.service_discovery_namespace == null || var.vpc_id != null
    error_message = "vpc_id is required when service_discovery_namespace is set."
  }
}

variable "execute_command_logging" {
  description = "Where ECS Exec sessions are logged: the log group the module creates (name, retention in days, and the KMS key that encrypts it, if any). null: no session logging, and no service of the cluster may enable ECS Exec."
  type = object({
    log_group_name    = string
    retention_in_days = number
    kms_key_arn       = optional(string)
  })
  default = null

  validation {
    condition     = var.execute_command_logging == null || can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", var.execute_command_logging.log_group_name))
    error_message = "execute_command_logging.log_group_name must be 1-512 characters of letters, digits and . - _ / #."
  }

  validation {
    condition     = var.execute_command_logging == null ? true : contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.execute_command_logging.retention_in_days)
    error_message = "execute_command_logging.retention_in_days must be one of the CloudWatch values: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }

  validation {
    condition     = try(var.execute_command_logging.kms_key_arn, null) == null || can(regex("^arn:aws[a-z-]*:kms:", var.execute_command_logging.kms_key_arn))
    error_message = "execute_command_logging.kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
