variable "name" {
  description = "Replication group ID; also the name of the subnet group and the base name of the parameter group, security group and slow-log log group. Nodes are named name-001, name-002 and so on."
  type        = string

  validation {
    condition     = length(var.name) <= 40 && can(regex("^[a-z](?:-?[a-z0-9])*$", var.name))
    error_message = "name must be at most 40 characters, start with a lowercase letter, contain only lowercase letters, digits and single hyphens, and not end with a hyphen."
  }
}

variable "engine" {
  description = "Cache engine: redis (Redis OSS) or valkey."
  type        = string

  validation {
    condition     = contains(["redis", "valkey"], var.engine)
    error_message = "engine must be redis or valkey."
  }
}

variable "engine_version" {
  description = "Engine version as major.minor, e.g. \"7.1\" for redis or \"8.2\" for valkey (Redis 6 also accepts \"6.x\"). At least Redis 6 / Valkey 7, the versions that can deliver the slow log."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.([0-9]+|x)$", var.engine_version))
    error_message = "engine_version must be <major>.<minor> (e.g. 7.1 or 8.2), or 6.x."
  }

  validation {
    condition     = can(regex("^[0-9]+\\.([0-9]+|x)$", var.engine_version)) ? tonumber(split(".", var.engine_version)[0]) >= (var.engine == "valkey" ? 7 : 6) : true
    error_message = "engine_version must be at least 6 for redis or 7 for valkey (slow-log delivery needs it)."
  }
}

variable "parameter_group_family" {
  description = "Parameter group family matching engine and major version, e.g. redis7, valkey8 (redis6.x for Redis 6)."
  type        = string

  validation {
    condition = can(regex("^[0-9]+\\.", var.engine_version)) ? contains([
      "${var.engine}${split(".", var.engine_version)[0]}",
      "${var.engine}${split(".", var.engine_version)[0]}.x",
    ], var.parameter_group_family) : true
    error_message = "parameter_group_family must be the engine name followed by the major version of engine_version, e.g. redis7 for 7.1 or valkey8 for 8.2 (redis6.x for Redis 6)."
  }
}

variable "node_type" {
  description = "Node type of every node, e.g. cache.t4g.micro or cache.r7g.large."
  type        = string

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must start with \"cache.\"."
  }
}

variable "replicas" {
  description = "Number of read replicas next to the primary (0-5); the group has 1 + replicas nodes."
  type        = number

  validation {
    condition     = var.replicas >= 0 && var.replicas <= 5 && floor(var.replicas) == var.replicas
    error_message = "replicas must be a whole number between 0 and 5."
  }
}

variable "multi_az" {
  description = "Spread the nodes over availability zones and fail over to a replica automatically when the primary fails. Needs replicas >= 1."
  type        = bool

  validation {
    condition     = !var.multi_az || var.replicas >= 1
    error_message = "multi_az needs at least one replica to fail over to (replicas >= 1)."
  }
}

variable "transit_encryption" {
  description = "Require TLS for client and replication traffic. Also enables the AUTH token (ElastiCache accepts AUTH only over TLS), which is generated and stored in Secrets Manager."
  type        = bool
  default     = true
}

variable "at_rest_encryption" {
  description = "Encrypt data on disk and in snapshots. Changing it replaces the replication group."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for at-rest encryption (when at_rest_encryption is true) and for the auth token secret. Null uses the AWS-managed keys."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "snapshot_retention_days" {
  description = "Days of automatic daily snapshots to keep; 0 disables them."
  type        = number
  default     = 0

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35 && floor(var.snapshot_retention_days) == var.snapshot_retention_days
    error_message = "snapshot_retention_days must be a whole number between 0 and 35."
  }
}

variable "snapshot_window" {
  description = "Daily UTC window (hh24:mi-hh24:mi, at least 60 minutes) for automatic snapshots; must not overlap maintenance_window."
  type        = string
  default     = "03:00-04:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.snapshot_window))
    error_message = "snapshot_window must look like 03:00-04:00."
  }
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window (ddd:hh24:mi-ddd:hh24:mi, at least 60 minutes)."
  type        = string
  default     = "sun:05:00-sun:06:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like sun:05:00-sun:06:00 (lowercase day names)."
  }
}

variable "port" {
  description = "Port the cache listens on, and the only port the security group opens."
  type        = number
  default     = 6379

  validation {
    condition     = var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number between 1 and 65535."
  }
}

variable "vpc_id" {
  description = "VPC of the cache security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private data subnets for the cache subnet group; with multi_az at least two, in different availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must contain at least one subnet."
  }

  validation {
    condition     = !var.multi_az || length(var.subnet_ids) >= 2
    error_message = "multi_az needs at least two subnets in different availability zones."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect on port, keyed by a static name (e.g. the service name) so for_each works while the ids are still unknown."
  type        = map(string)
  default     = {}
}

variable "auth_token_secret_name" {
  description = "Name of the Secrets Manager secret that receives the AUTH token as JSON {\"auth_token\": \"...\"}, e.g. shop-prod/cache-auth-token. Unused (may be null) when transit_encryption is false."
  type        = string

  validation {
    condition     = var.auth_token_secret_name == null ? !var.transit_encryption : can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.auth_token_secret_name))
    error_message = "auth_token_secret_name is required when transit_encryption is true and may contain only letters, digits and /_+=.@- (at most 512 characters)."
  }
}

variable "secret_recovery_window_days" {
  description = "Days Secrets Manager keeps the deleted auth token secret recoverable; 0 deletes it immediately (lets the same name be reused at once)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30 && floor(var.secret_recovery_window_days) == var.secret_recovery_window_days)
    error_message = "secret_recovery_window_days must be 0 or a whole number between 7 and 30."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the slow log (0 = never expire)."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch values: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "ARN of a customer-managed KMS key to encrypt the slow-log log group with (its key policy must allow the CloudWatch Logs service). Null uses CloudWatch's own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a KMS key ARN."
  }
}

variable "apply_immediately" {
  description = "Apply modifications immediately instead of in the next maintenance window."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Additional tags for every resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
