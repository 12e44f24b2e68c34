variable "identifier" {
  description = "Identifier of the DB instance or Aurora cluster; also the base name of the subnet group, parameter groups and security group. Aurora instances are named identifier-1, identifier-2 and so on."
  type        = string

  validation {
    condition     = length(var.identifier) <= 63 && can(regex("^[a-z](?:-?[a-z0-9])*$", var.identifier))
    error_message = "identifier must be at most 63 characters, start with a lowercase letter, contain only lowercase letters, digits and single hyphens, and not end with a hyphen."
  }

  validation {
    condition     = !startswith(var.engine, "aurora-") || length(var.identifier) <= 60
    error_message = "With an Aurora engine, identifier must be at most 60 characters so the instance identifiers (<identifier>-<n>) stay within 63."
  }
}

variable "engine" {
  description = "Database engine: aurora-mysql or aurora-postgresql create an Aurora cluster, mysql or postgres a single RDS instance."
  type        = string

  validation {
    condition     = contains(["aurora-mysql", "aurora-postgresql", "mysql", "postgres"], var.engine)
    error_message = "engine must be one of aurora-mysql, aurora-postgresql, mysql, postgres."
  }
}

variable "engine_version" {
  description = "Engine version, e.g. \"16.4\". With auto_minor_version_upgrade (the default) only its major, as parameter_group_family names it, is configured (\"16\"), and a new database starts on the engine's default minor of that major; set auto_minor_version_upgrade = false to pin this exact version."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9A-Za-z_-]+)*$", var.engine_version))
    error_message = "engine_version must look like 16, 16.4 or 8.0.mysql_aurora.3.08.0."
  }
}

variable "auto_minor_version_upgrade" {
  description = "Let RDS apply new minor versions in the maintenance window. Then only the major of engine_version (from parameter_group_family) is configured, so Terraform never plans a downgrade after RDS upgrades; false pins engine_version exactly."
  type        = bool
  default     = true
  nullable    = false
}

variable "instance_class" {
  description = "Instance class, e.g. db.t4g.medium or db.r7g.large; \"db.serverless\" for Aurora Serverless v2."
  type        = string

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must start with \"db.\"."
  }

  validation {
    condition     = var.instance_class != "db.serverless" || (startswith(var.engine, "aurora-") && var.serverless_min_capacity != null)
    error_message = "instance_class db.serverless needs an Aurora engine and serverless_min_capacity/serverless_max_capacity."
  }
}

variable "instance_count" {
  description = "Number of Aurora instances (one writer, the rest readers that take over on failover). Ignored for RDS engines."
  type        = number
  default     = 1

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 16 && floor(var.instance_count) == var.instance_count
    error_message = "instance_count must be a whole number between 1 and 16."
  }
}

variable "serverless_min_capacity" {
  description = "Minimum Aurora Serverless v2 capacity in ACUs (0-256, steps of 0.5). Null means no Serverless v2 scaling configuration. Aurora only."
  type        = number
  default     = null

  validation {
    condition     = var.serverless_min_capacity == null ? true : (var.serverless_min_capacity >= 0 && var.serverless_min_capacity <= 256 && floor(var.serverless_min_capacity * 2) == var.serverless_min_capacity * 2)
    error_message = "serverless_min_capacity must be between 0 and 256 in steps of 0.5."
  }

  validation {
    condition     = var.serverless_min_capacity == null || startswith(var.engine, "aurora-")
    error_message = "Serverless v2 capacity can only be set for Aurora engines."
  }
}

variable "serverless_max_capacity" {
  description = "Maximum Aurora Serverless v2 capacity in ACUs (1-256, steps of 0.5, at least serverless_min_capacity). Null means no Serverless v2 scaling configuration. Aurora only."
  type        = number
  default     = null

  validation {
    condition     = var.serverless_max_capacity == null ? true : (var.serverless_max_capacity >= 1 && var.serverless_max_capacity <= 256 && floor(var.serverless_max_capacity * 2) == var.serverless_max_capacity * 2)
    error_message = "serverless_max_capacity must be between 1 and 256 in steps of 0.5."
  }

  validation {
    condition     = (var.serverless_min_capacity == null) == (var.serverless_max_capacity == null)
    error_message = "serverless_min_capacity and serverless_max_capacity must be set together."
  }

  validation {
    condition     = var.serverless_max_capacity == null || var.serverless_min_capacity == null ? true : var.serverless_max_capacity >= var.serverless_min_capacity
    error_message = "serverless_max_capacity must be at least serverless_min_capacity."
  }
}

variable "allocated_storage" {
  description = "Initial gp3 storage in GiB. RDS engines only (Aurora storage grows automatically)."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536 && floor(var.allocated_storage) == var.allocated_storage
    error_message = "allocated_storage must be a whole number of GiB between 20 and 65536."
  }
}

variable "max_allocated_storage" {
  description = "Upper limit in GiB for RDS storage autoscaling. RDS engines only."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage >= var.allocated_storage && var.max_allocated_storage <= 65536 && floor(var.max_allocated_storage) == var.max_allocated_storage
    error_message = "max_allocated_storage must be a whole number of GiB, at least allocated_storage and at most 65536."
  }
}

variable "multi_az" {
  description = "Run a synchronous standby in a second zone. RDS engines only; Aurora availability comes from instance_count."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window) to keep."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number between 1 and 35."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the database (the API call fails until this is turned off)."
  type        = bool
}

variable "skip_final_snapshot" {
  description = "Delete without taking a final snapshot. When false the final snapshot is named identifier-final."
  type        = bool
}

variable "performance_insights_enabled" {
  description = "Enable Performance Insights (7 days of retention, the free tier), encrypted with kms_key_arn when set."
  type        = bool
  default     = false
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds; 0 disables it. A non-zero value creates the monitoring IAM role."
  type        = number
  default     = 0

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }

  validation {
    condition     = var.monitoring_interval == 0 || length(var.identifier) <= 33
    error_message = "With Enhanced Monitoring the identifier must be at most 33 characters: it leads the monitoring role's name prefix (at most 38 characters) untruncated."
  }
}

variable "iam_database_authentication_enabled" {
  description = "Allow database users to authenticate with IAM tokens."
  type        = bool
  default     = false
}

variable "iam_users" {
  description = "Database users that authenticate with IAM tokens, one per application (never the master user); the iam_connect_policy_jsons output has an rds-db:connect policy for each. Each user must be created inside the database once (CREATE USER ... with the rds_iam role or the AWSAuthenticationPlugin)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for user in var.iam_users : can(regex("^[a-z][a-z0-9_]{0,31}$", user))])
    error_message = "Every IAM database user must be 1-32 lowercase letters, digits and underscores, starting with a letter."
  }
}

variable "database_name" {
  description = "Name of the database created on the instance or cluster."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and contain at most 63 letters, digits and underscores."
  }
}

variable "port" {
  description = "Port the database listens on, and the only port the security group opens."
  type        = number

  validation {
    condition     = var.port >= 1150 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number between 1150 and 65535."
  }
}

variable "parameter_group_family" {
  description = "Parameter group family matching engine and major version, e.g. postgres16, mysql8.0, aurora-postgresql16, aurora-mysql8.0."
  type        = string

  validation {
    condition     = can(regex("^${var.engine}[0-9]", var.parameter_group_family))
    error_message = "parameter_group_family must be the engine name followed by its major version, e.g. postgres16 or aurora-postgresql16."
  }
}

variable "master_username" {
  description = "Master user name. Its password is generated and rotated by RDS in Secrets Manager."
  type        = string
  default     = "app_admin"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.master_username)) && lower(var.master_username) != "rdsadmin"
    error_message = "master_username must start with a letter, contain at most 16 letters, digits and underscores, and not be rdsadmin."
  }
}

variable "vpc_id" {
  description = "VPC of the database security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private data subnets for the DB subnet group; at least two, in different availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must contain at least two subnets in different availability zones."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect on port, keyed by a static name (e.g. the service name) so for_each works while the ids are still unknown."
  type        = map(string)
  default     = {}
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for storage, Performance Insights and the master user secret. Null uses the AWS-managed keys (aws/rds, aws/secretsmanager)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
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
