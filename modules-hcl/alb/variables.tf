variable "name" {
  description = "Name of the load balancer; also the prefix of every target group name (\"<name>-<key>\"). At most 32 characters, alphanumerics and hyphens."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 32
    error_message = "The ALB name must be between 1 and 32 characters long."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$", var.name)) && !startswith(lower(var.name), "internal-")
    error_message = "The ALB name may contain only alphanumerics and hyphens, must not begin or end with a hyphen and must not begin with \"internal-\"."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the load balancer, its security group and its target groups live in."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC. The ALB security group only allows egress to this range (TCP)."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be a valid CIDR block, e.g. \"10.0.0.0/16\"."
  }
}

variable "subnet_ids" {
  description = "Subnets to place the load balancer in (public subnets for an internet-facing ALB, private ones for an internal ALB). At least two, in different availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An application load balancer needs at least two subnets in different availability zones."
  }
}

variable "internal" {
  description = "Whether the load balancer is internal (private IPs only) instead of internet-facing."
  type        = bool
  default     = false
}

variable "ingress_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to reach the listeners (port 80, and 443 when HTTPS is enabled)."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.ingress_cidr_blocks) > 0 && alltrue([for cidr in var.ingress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "ingress_cidr_blocks must contain at least one valid IPv4 CIDR block."
  }
}

variable "https_enabled" {
  description = "Create an HTTPS listener on 443 and turn the HTTP listener into a 301 redirect to HTTPS. A plain bool (not derived from certificate_arn) because the certificate ARN is usually unknown at plan time."
  type        = bool
  default     = false
}

variable "certificate_arn" {
  description = "ARN of the ACM (or IAM server) certificate for the HTTPS listener. Required when https_enabled is true."
  type        = string
  default     = null

  validation {
    # An unknown ARN (from an ACM resource in the same plan) makes this condition unknown, which
    # Terraform defers to apply time instead of failing.
    condition     = var.certificate_arn == null ? !var.https_enabled : can(regex("^arn:aws[a-z-]*:(acm|iam):", var.certificate_arn))
    error_message = "certificate_arn is required when https_enabled is true and must be an ACM or IAM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS negotiation policy of the HTTPS listener. Only policies that refuse TLS < 1.2 are accepted."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-1-2|TLS13-1-3|TLS-1-2|FS-1-2)", var.ssl_policy))
    error_message = "ssl_policy must be an ELB security policy that requires TLS 1.2 or later (ELBSecurityPolicy-TLS13-1-2*, -TLS13-1-3*, -TLS-1-2*, -FS-1-2*)."
  }
}

variable "deletion_protection" {
  description = "Enable deletion protection on the load balancer. Turn off only for throwaway environments."
  type        = bool
  default     = true
}

variable "idle_timeout" {
  description = "Seconds a connection may be idle before the load balancer closes it."
  type        = number
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000 && floor(var.idle_timeout) == var.idle_timeout
    error_message = "idle_timeout must be a whole number of seconds between 1 and 4000."
  }
}

variable "access_logs_enabled" {
  description = "Write access logs to S3. A plain bool so that the bucket name may be unknown at plan time."
  type        = bool
  default     = false
}

variable "access_logs_bucket" {
  description = "Name of the S3 bucket receiving access logs; its policy must allow the ELB log delivery service. Required when access_logs_enabled is true."
  type        = string
  default     = null

  validation {
    condition     = !var.access_logs_enabled || var.access_logs_bucket != null
    error_message = "access_logs_bucket is required when access_logs_enabled is true."
  }
}

variable "access_logs_prefix" {
  description = "Key prefix of the access logs in the bucket; null writes to the bucket root."
  type        = string
  default     = null

  validation {
    condition     = var.access_logs_prefix == null || !can(regex("(^/|/$)", var.access_logs_prefix))
    error_message = "access_logs_prefix must not begin or end with a slash."
  }
}

variable "target_groups" {
  description = <<-EOT
    Target groups keyed by service name. Each becomes an IP target group named "<name>-<key>" that
    forwards HTTP to `port` and health-checks `health_check_path` (200-399 is healthy). A target group
    with path_patterns and/or host_headers gets a listener rule at `priority` (all given conditions
    must match); every target group must be routed or be the default_target_group.
  EOT
  type = map(object({
    port                 = number
    health_check_path    = string
    priority             = number
    path_patterns        = optional(list(string), [])
    host_headers         = optional(list(string), [])
    deregistration_delay = optional(number, 30)
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.target_groups) : can(regex("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$", key))])
    error_message = "Target group keys may contain only alphanumerics and hyphens and must not begin or end with a hyphen."
  }

  validation {
    condition     = alltrue([for key in keys(var.target_groups) : length("${var.name}-${key}") <= 32])
    error_message = "Every target group name \"<name>-<key>\" must be at most 32 characters long; shorten the ALB name or the key."
  }

  validation {
    condition     = alltrue([for tg in values(var.target_groups) : tg.port >= 1 && tg.port <= 65535 && floor(tg.port) == tg.port])
    error_message = "Target group ports must be whole numbers between 1 and 65535."
  }

  validation {
    condition     = alltrue([for tg in values(var.target_groups) : startswith(tg.health_check_path, "/") && length(tg.health_check_path) <= 1024])
    error_message = "Every health_check_path must begin with \"/\" and be at most 1024 characters long."
  }

  validation {
    condition     = alltrue([for tg in values(var.target_groups) : tg.deregistration_delay >= 0 && tg.deregistration_delay <= 3600])
    error_message = "deregistration_delay must be between 0 and 3600 seconds."
  }

  validation {
    condition     = alltrue([for tg in values(var.target_groups) : tg.priority >= 1 && tg.priority <= 50000 && floor(tg.priority) == tg.priority])
    error_message = "Listener rule priorities must be whole numbers between 1 and 50000."
  }

  validation {
    # Only routed target groups get a rule, so only their priorities have to be distinct.
    condition = length(distinct([
      for tg in values(var.target_groups) : tg.priority if length(tg.path_patterns) + length(tg.host_headers) > 0
      ])) == length([
      for tg in values(var.target_groups) : tg.priority if length(tg.path_patterns) + length(tg.host_headers) > 0
    ])
    error_message = "Routed target groups (with path_patterns or host_headers) must have distinct priorities."
  }

  validation {
    # ALB limit: at most five match values across all conditions of one rule.
    condition     = alltrue([for tg in values(var.target_groups) : length(tg.path_patterns) + length(tg.host_headers) <= 5])
    error_message = "A target group may have at most five path_patterns and host_headers in total (the ALB per-rule condition value limit)."
  }
}

variable "default_target_group" {
  description = "Key of target_groups that receives requests no listener rule matches. Null answers them with a fixed 404."
  type        = string
  default     = null

  validation {
    condition     = var.default_target_group == null || contains(keys(var.target_groups), coalesce(var.default_target_group, "-"))
    error_message = "default_target_group must be null or one of the keys of target_groups."
  }

  validation {
    # Lives here rather than on target_groups because validations of two variables may not refer
    # to each other. A target group attached to no listener cannot be used by an ECS service.
    condition = alltrue([
      for key, tg in var.target_groups : length(tg.path_patterns) + length(tg.host_headers) > 0 || key == var.default_target_group
    ])
    error_message = "Every target group must have path_patterns or host_headers, or be the default_target_group; otherwise no listener forwards to it."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
