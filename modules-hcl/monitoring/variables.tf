variable "name" {
  description = "Environment name, usually \"<project>-<env>\". Prefix of every alarm name, the SNS topic (\"<name>-alarms\") and the dashboard (\"<name>\")."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 64 && can(regex("^[A-Za-z0-9][A-Za-z0-9_-]*$", var.name))
    error_message = "name must be 1-64 characters of letters, digits, hyphens and underscores, starting with a letter or digit (dashboard and topic names allow nothing else)."
  }
}

variable "region" {
  description = "AWS region the monitored resources live in; every dashboard widget reads its metrics from it."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region code such as \"eu-west-1\"."
  }
}

variable "account_id" {
  description = "ID of the AWS account that owns the topic. When set, the topic policy only lets CloudWatch and AWS Budgets publish on behalf of this account (aws:SourceAccount), which closes the confused-deputy path; null leaves the service principals unconditioned."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "alarm_emails" {
  description = "Email addresses subscribed to the alarm topic. Each recipient must confirm the subscription from the email AWS sends before notifications are delivered."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Every entry of alarm_emails must be an email address."
  }

  validation {
    condition     = length(distinct(var.alarm_emails)) == length(var.alarm_emails)
    error_message = "alarm_emails must not contain duplicates."
  }
}

variable "create_kms_key" {
  description = "Create a customer managed KMS key for the alarm topic whose key policy lets CloudWatch (and, with budget_notifications, AWS Budgets) use it, so notifications are delivered. Needs account_id. When false, sns_kms_master_key_id encrypts the topic."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.create_kms_key || var.account_id != null
    error_message = "create_kms_key needs account_id: the key policy must name the account that administers the key."
  }
}

variable "sns_kms_master_key_id" {
  description = "KMS key (ID, ARN or alias) that encrypts the alarm topic when create_kms_key is false. CloudWatch alarms and AWS Budgets cannot publish to a topic under the AWS-managed alias/aws/sns key, because its key policy does not let those services use it; pass a customer managed key whose policy allows cloudwatch.amazonaws.com (and budgets.amazonaws.com) kms:Decrypt and kms:GenerateDataKey* for notifications to actually be delivered."
  type        = string
  default     = "alias/aws/sns"

  validation {
    condition     = can(regex("^(alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:.+)$", var.sns_kms_master_key_id))
    error_message = "sns_kms_master_key_id must be a KMS key ID, key ARN, alias (alias/...) or alias ARN; topics must stay encrypted."
  }
}

variable "budget_notifications" {
  description = "Also let AWS Budgets (budgets.amazonaws.com) publish to the topic, so budget alerts reach the same recipients."
  type        = bool
  default     = false
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms. When false only the topic (with its policy and subscriptions) and the dashboard are created."
  type        = bool
  default     = true
}

variable "dashboard_enabled" {
  description = "Create the CloudWatch dashboard named after the environment."
  type        = bool
  default     = true
}

variable "thresholds" {
  description = <<-EOT
    Alarm thresholds. An alarm fires when its metric is above the threshold (below it for
    db_free_storage_gb) for evaluation_periods consecutive periods. Percentages are 0-100; *_count
    and cache_evictions are sums per period; latencies are milliseconds of target response time;
    db_free_storage_gb is GiB (RDS only); db_replica_lag_ms is Aurora replica lag (Aurora only).
  EOT
  type = object({
    cpu_percent          = number
    memory_percent       = number
    http_5xx_count       = number
    target_5xx_count     = number
    latency_p95_ms       = number
    latency_p99_ms       = number
    db_cpu_percent       = number
    db_free_storage_gb   = number
    db_connections       = number
    db_replica_lag_ms    = number
    cache_cpu_percent    = number
    cache_memory_percent = number
    cache_evictions      = number
  })

  validation {
    condition = alltrue([
      for value in [
        var.thresholds.cpu_percent, var.thresholds.memory_percent, var.thresholds.db_cpu_percent,
        var.thresholds.cache_cpu_percent, var.thresholds.cache_memory_percent,
      ] : value > 0 && value <= 100
    ])
    error_message = "cpu_percent, memory_percent, db_cpu_percent, cache_cpu_percent and cache_memory_percent must be greater than 0 and at most 100."
  }

  validation {
    condition = alltrue([
      for value in [
        var.thresholds.http_5xx_count, var.thresholds.target_5xx_count, var.thresholds.db_free_storage_gb,
        var.thresholds.db_connections, var.thresholds.db_replica_lag_ms, var.thresholds.cache_evictions,
      ] : value >= 0
    ])
    error_message = "http_5xx_count, target_5xx_count, db_free_storage_gb, db_connections, db_replica_lag_ms and cache_evictions must not be negative."
  }

  validation {
    condition     = var.thresholds.latency_p95_ms > 0 && var.thresholds.latency_p99_ms >= var.thresholds.latency_p95_ms
    error_message = "latency_p95_ms must be greater than 0 and latency_p99_ms at least latency_p95_ms."
  }
}

variable "period_seconds" {
  description = "Period, in seconds, over which every alarm aggregates its metric (and the dashboard's default period). CloudWatch accepts 10, 30 or a multiple of 60; the AWS service metrics used here have one-minute resolution, so use 60 or more."
  type        = number
  default     = 300

  validation {
    condition     = contains([10, 30], var.period_seconds) || (var.period_seconds >= 60 && var.period_seconds % 60 == 0)
    error_message = "period_seconds must be 10, 30 or a positive multiple of 60."
  }
}

variable "evaluation_periods" {
  description = "Number of consecutive periods a metric must breach its threshold before an alarm fires; evaluation_periods * period_seconds may not exceed one day."
  type        = number
  default     = 2

  validation {
    condition     = var.evaluation_periods >= 1 && floor(var.evaluation_periods) == var.evaluation_periods
    error_message = "evaluation_periods must be a whole number of at least 1."
  }

  validation {
    condition     = var.evaluation_periods * var.period_seconds <= 86400
    error_message = "evaluation_periods * period_seconds must not exceed 86400 seconds (one day), the longest window a CloudWatch alarm can evaluate."
  }
}

variable "ecs_cluster_name" {
  description = "Name of the ECS cluster running the services (the ClusterName metric dimension). The running-task alarms need Container Insights on this cluster. Null when services is empty (e.g. on EKS, where the service alarms do not apply)."
  type        = string
  default     = null

  validation {
    condition     = var.ecs_cluster_name == null || can(regex("^[A-Za-z0-9_-]{1,255}$", var.ecs_cluster_name))
    error_message = "ecs_cluster_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "services" {
  description = <<-EOT
    ECS services to monitor, keyed by service name (the ServiceName dimension). Keys and
    load_balanced must be known at plan time because they decide which alarms exist;
    target_group_arn_suffix ("targetgroup/<name>/<id>", the TargetGroup dimension) may come from
    another module. Load-balanced services need a target_group_arn_suffix and load_balancer_enabled.
  EOT
  type = map(object({
    target_group_arn_suffix = optional(string)
    load_balanced           = bool
  }))
  default = {}

  validation {
    condition     = length(var.services) == 0 || var.ecs_cluster_name != null
    error_message = "services need ecs_cluster_name: the ECS metrics are dimensioned by cluster."
  }

  validation {
    condition     = alltrue([for name in keys(var.services) : can(regex("^[A-Za-z0-9_-]{1,255}$", name))])
    error_message = "Every key of services must be an ECS service name: 1-255 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for service in values(var.services) : !service.load_balanced || service.target_group_arn_suffix != null])
    error_message = "Every service with load_balanced = true needs a target_group_arn_suffix."
  }

  validation {
    condition     = var.load_balancer_enabled || !anytrue([for service in values(var.services) : service.load_balanced])
    error_message = "Load-balanced services need load_balancer_enabled = true and load_balancer_arn_suffix: target group metrics are published per load balancer."
  }
}

variable "load_balancer_enabled" {
  description = "Monitor the application load balancer (load balancer 5xx alarm and dashboard row). A plain bool because load_balancer_arn_suffix usually comes from another module and is unknown at plan time."
  type        = bool
  default     = false
}

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the application load balancer (\"app/<name>/<id>\"), the LoadBalancer metric dimension. Required when load_balancer_enabled is true."
  type        = string
  default     = null

  validation {
    condition     = !var.load_balancer_enabled || var.load_balancer_arn_suffix != null
    error_message = "load_balancer_arn_suffix is required when load_balancer_enabled is true."
  }
}

variable "database_enabled" {
  description = "Monitor the database described by var.database. A plain bool so that the identifiers may be unknown at plan time."
  type        = bool
  default     = false
}

variable "database" {
  description = <<-EOT
    Database to monitor. With aurora = true, identifier is the Aurora cluster identifier and the
    alarms use cluster-level metrics (DBClusterIdentifier): CPU, connections and replica lag;
    instance_ids (the cluster's instance identifiers) only feed the dashboard's per-instance CPU.
    With aurora = false, identifier is the RDS instance identifier (DBInstanceIdentifier): CPU,
    connections and free storage; instance_ids is ignored. Required when database_enabled is true.
  EOT
  type = object({
    identifier   = string
    aurora       = bool
    instance_ids = list(string)
  })
  default = null

  validation {
    condition     = !var.database_enabled || var.database != null
    error_message = "database is required when database_enabled is true."
  }
}

variable "cache_enabled" {
  description = "Monitor the ElastiCache nodes described by var.cache. A plain bool so that the node IDs may be unknown at plan time."
  type        = bool
  default     = false
}

variable "cache" {
  description = "ElastiCache (Redis OSS / Valkey) nodes to monitor: node_ids are the cache cluster IDs of the replication group's members (the CacheClusterId dimension). Required when cache_enabled is true."
  type = object({
    node_ids = list(string)
  })
  default = null

  validation {
    condition     = !var.cache_enabled || var.cache != null
    error_message = "cache is required when cache_enabled is true."
  }

  validation {
    # Unknown node IDs make this condition unknown, which Terraform defers instead of failing.
    condition     = !var.cache_enabled || try(length(var.cache.node_ids) == var.cache_node_count, true)
    error_message = "cache.node_ids must contain exactly cache_node_count node IDs."
  }
}

variable "cache_node_count" {
  description = "Number of cache nodes, i.e. length(cache.node_ids). Given separately because the per-node alarms use count, which must be known at plan time while the node IDs usually are not."
  type        = number
  default     = 0

  validation {
    condition     = var.cache_node_count >= 0 && floor(var.cache_node_count) == var.cache_node_count
    error_message = "cache_node_count must be a whole number, 0 or more."
  }

  validation {
    condition     = !var.cache_enabled || var.cache_node_count >= 1
    error_message = "cache_node_count must be at least 1 when cache_enabled is true."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource (the topic and the alarms), on top of the provider's default_tags."
  type        = map(string)
  default     = {}
}
