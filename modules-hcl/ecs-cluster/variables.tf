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

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
