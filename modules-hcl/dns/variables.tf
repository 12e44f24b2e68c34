variable "domain" {
  description = "Primary domain name of the certificate, e.g. \"shop.example.com\" (lower case, no trailing dot; a leading \"*.\" makes it a wildcard). Also gets an alias record when alias_enabled is true."
  type        = string

  validation {
    condition     = length(var.domain) <= 253 && can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.domain))
    error_message = "domain must be a lower-case fully qualified domain name without a trailing dot (optionally starting with \"*.\"), at most 253 characters."
  }
}

variable "alternative_names" {
  description = "Additional names (subject alternative names) on the certificate. Each is validated through the zone and gets an alias record when alias_enabled is true, so all must live in zone_id. ACM allows 10 names per certificate (domain included) unless the quota has been raised."
  type        = list(string)
  default     = []

  validation {
    condition = alltrue([
      for name in var.alternative_names :
      length(name) <= 253 && can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", name))
    ])
    error_message = "Every alternative name must be a lower-case fully qualified domain name without a trailing dot (optionally starting with \"*.\"), at most 253 characters."
  }

  validation {
    # Names key the validation and alias records, so a repeat would be a duplicate key.
    condition     = length(distinct(var.alternative_names)) == length(var.alternative_names) && !contains(var.alternative_names, var.domain)
    error_message = "alternative_names must not contain duplicates or repeat domain."
  }

  validation {
    condition     = length(var.alternative_names) <= 99
    error_message = "An ACM certificate holds at most 100 names (domain plus 99 alternative names)."
  }
}

variable "zone_id" {
  description = "ID of the public Route 53 hosted zone that holds domain and alternative_names; the validation and alias records are written there."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone ID such as \"Z0123456789ABCDEFGHIJ\" (without the \"/hostedzone/\" prefix)."
  }
}

variable "alias_enabled" {
  description = "Create an A alias record for domain and every alternative name pointing at the load balancer. A plain bool (not derived from the alias target) because the load balancer's DNS name is unknown at plan time."
  type        = bool
  default     = true
}

variable "alias_target_dns_name" {
  description = "DNS name of the load balancer the alias records point at (the ALB's dns_name). Required when alias_enabled is true."
  type        = string
  default     = null

  validation {
    # An unknown DNS name (from an aws_lb in the same plan) leaves this undecided until apply.
    condition     = !var.alias_enabled || var.alias_target_dns_name != null
    error_message = "alias_target_dns_name is required when alias_enabled is true."
  }
}

variable "alias_target_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer (the ALB's zone_id, not the zone of domain). Required when alias_enabled is true."
  type        = string
  default     = null

  validation {
    condition     = var.alias_target_zone_id == null ? !var.alias_enabled : can(regex("^Z[A-Z0-9]{1,31}$", var.alias_target_zone_id))
    error_message = "alias_target_zone_id is required when alias_enabled is true and must be a hosted zone ID such as \"Z32O12XQLNTSW2\"."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
