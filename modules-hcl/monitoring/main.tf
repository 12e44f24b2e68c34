locals {
  topic_name = "${var.name}-alarms"

  service_names    = sort(keys(var.services))
  lb_service_names = [for name in local.service_names : name if var.services[name].load_balanced]

  # Every count/for_each below derives from these, and they only read static inputs (map keys,
  # the load_balanced flags, the *_enabled switches, cache_node_count, database.aurora).
  service_alarms       = var.alarms_enabled ? toset(local.service_names) : toset([])
  target_alarms        = var.alarms_enabled ? toset(local.lb_service_names) : toset([])
  load_balancer_alarms = var.alarms_enabled && var.load_balancer_enabled ? 1 : 0
  database_alarms      = var.alarms_enabled && var.database_enabled
  aurora               = var.database_enabled ? var.database.aurora : false
  cache_alarms         = var.alarms_enabled && var.cache_enabled ? var.cache_node_count : 0

  # Aurora alarms use the cluster-level aggregate, RDS the instance itself.
  database_dimensions = var.database_enabled ? (
    local.aurora ? { DBClusterIdentifier = var.database.identifier } : { DBInstanceIdentifier = var.database.identifier }
  ) : {}

  # Services allowed to publish to the topic, by statement ID.
  topic_publishers = merge(
    { AllowCloudWatchAlarms = "cloudwatch.amazonaws.com" },
    var.budget_notifications ? { AllowBudgets = "budgets.amazonaws.com" } : {},
  )
  # Confused-deputy protection: only publications made on behalf of this account.
  source_account_condition = var.account_id == null ? {} : {
    Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
  }

  partition = startswith(var.region, "cn-") ? "aws-cn" : (startswith(var.region, "us-gov-") ? "aws-us-gov" : "aws")

  window        = "${var.evaluation_periods} consecutive ${var.period_seconds}s period(s)"
  alarm_actions = [aws_sns_topic.alarms.arn]
}

################################################################################
# Notifications
################################################################################

# The AWS-managed aws/sns key cannot be used by CloudWatch or Budgets, so the topic gets its own
# key whose policy admits exactly the services that publish to it.
resource "aws_kms_key" "alarms" {
  count = var.create_kms_key ? 1 : 0

  description             = "Encrypts the alarm topic of ${var.name}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Publishers"
        Effect    = "Allow"
        Principal = { Service = values(local.topic_publishers) }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
    ]
  })

  tags = var.tags
}

resource "aws_kms_alias" "alarms" {
  count = var.create_kms_key ? 1 : 0

  name          = "alias/${var.name}-alarms"
  target_key_id = aws_kms_key.alarms[0].key_id
}

resource "aws_sns_topic" "alarms" {
  name              = local.topic_name
  display_name      = "${var.name} alarms"
  kms_master_key_id = var.create_kms_key ? aws_kms_key.alarms[0].arn : var.sns_kms_master_key_id

  tags = var.tags
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn

  # Replaces the default topic policy: only the AWS services that notify through this topic may
  # publish; people and roles of the account manage it through their IAM policies.
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "${local.topic_name}-publishers"
    Statement = concat(
      [
        for sid, service in local.topic_publishers : merge(
          {
            Sid       = sid
            Effect    = "Allow"
            Principal = { Service = service }
            Action    = "sns:Publish"
            Resource  = aws_sns_topic.alarms.arn
          },
          local.source_account_condition,
        )
      ],
      [
        {
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = "*"
          Action    = "sns:Publish"
          Resource  = aws_sns_topic.alarms.arn
          Condition = { Bool = { "aws:SecureTransport" = "false" } }
        },
      ],
    )
  })
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_emails)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

# A warning, not an error: the topic works for other publishers, but alarm and budget
# notifications are silently dropped when CloudWatch/Budgets cannot use the topic's key.
check "alarm_topic_key" {
  assert {
    condition     = var.create_kms_key || !(var.alarms_enabled || var.budget_notifications) || var.sns_kms_master_key_id != "alias/aws/sns"
    error_message = "The alarm topic is encrypted with the AWS-managed alias/aws/sns key, which CloudWatch alarms and AWS Budgets are not allowed to use, so their notifications will not be delivered. Set sns_kms_master_key_id to a customer managed key whose policy grants cloudwatch.amazonaws.com (and budgets.amazonaws.com) kms:Decrypt and kms:GenerateDataKey*."
  }
}

################################################################################
# ECS service alarms
################################################################################

resource "aws_cloudwatch_metric_alarm" "service_cpu" {
  for_each = local.service_alarms

  alarm_name          = "${var.name}-${each.key}-ecs-cpu-high"
  alarm_description   = "Average CPU of ECS service ${each.key} (cluster ${var.ecs_cluster_name}) above ${var.thresholds.cpu_percent}% for ${local.window}. Look at the service's CPU and request graphs on dashboard ${var.name}, recent deployments and slow dependencies; scale out or raise the task CPU if the load is genuine."
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = { ClusterName = var.ecs_cluster_name, ServiceName = each.key }
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.cpu_percent
  # No datapoints means no running tasks, which the running-tasks alarm reports.
  treat_missing_data = "notBreaching"
  actions_enabled    = true
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "service_memory" {
  for_each = local.service_alarms

  alarm_name          = "${var.name}-${each.key}-ecs-memory-high"
  alarm_description   = "Average memory of ECS service ${each.key} (cluster ${var.ecs_cluster_name}) above ${var.thresholds.memory_percent}% of the task reservation for ${local.window}. Tasks that reach 100% are OOM-killed: check the memory graph on dashboard ${var.name} for steady growth (leak) versus load, and the stopped tasks' reasons in the ECS console."
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  dimensions          = { ClusterName = var.ecs_cluster_name, ServiceName = each.key }
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.memory_percent
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "service_running_tasks" {
  for_each = local.service_alarms

  alarm_name          = "${var.name}-${each.key}-tasks-below-desired"
  alarm_description   = "ECS service ${each.key} (cluster ${var.ecs_cluster_name}) ran fewer tasks than desired for ${local.window}. Look at the service's events and stopped tasks in the ECS console (failing health checks, crash loops, image pull or secret errors, capacity). INSUFFICIENT_DATA means Container Insights is off on the cluster."
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  # The Container Insights metrics exist whenever the service does; a gap means they are not
  # being collected, which should show as INSUFFICIENT_DATA rather than page anyone.
  treat_missing_data = "missing"
  actions_enabled    = true
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  metric_query {
    id          = "shortfall"
    expression  = "desired - running"
    label       = "Tasks below desired"
    return_data = true
  }

  # The lowest desired count of the period, so a scale-out still catching up does not count,
  # against the average running count, so tasks that crash-loop do.
  metric_query {
    id = "desired"

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "DesiredTaskCount"
      dimensions  = { ClusterName = var.ecs_cluster_name, ServiceName = each.key }
      stat        = "Minimum"
      period      = var.period_seconds
    }
  }

  metric_query {
    id = "running"

    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "RunningTaskCount"
      dimensions  = { ClusterName = var.ecs_cluster_name, ServiceName = each.key }
      stat        = "Average"
      period      = var.period_seconds
    }
  }

  tags = var.tags
}

################################################################################
# Target group alarms (load-balanced services)
################################################################################

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  for_each = local.target_alarms

  alarm_name          = "${var.name}-${each.key}-target-5xx-high"
  alarm_description   = "Service ${each.key} answered more than ${var.thresholds.target_5xx_count} HTTP 5xx responses per ${var.period_seconds}s for ${local.window}. These are errors from the application itself: look at its logs and recent deployments, and the requests/5xx graph on dashboard ${var.name}."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { TargetGroup = var.services[each.key].target_group_arn_suffix, LoadBalancer = var.load_balancer_arn_suffix }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.target_5xx_count
  # The load balancer only publishes this metric when there are errors.
  treat_missing_data = "notBreaching"
  actions_enabled    = true
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "target_unhealthy_hosts" {
  for_each = local.target_alarms

  alarm_name          = "${var.name}-${each.key}-unhealthy-targets"
  alarm_description   = "The load balancer saw unhealthy targets of service ${each.key} for ${local.window}. Look at the target group's health check failure reasons, the service's logs and stopped tasks, and whether the health check path and port still match the application."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = { TargetGroup = var.services[each.key].target_group_arn_suffix, LoadBalancer = var.load_balancer_arn_suffix }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "target_latency_p95" {
  for_each = local.target_alarms

  alarm_name          = "${var.name}-${each.key}-target-latency-p95-high"
  alarm_description   = "p95 response time of service ${each.key} above ${var.thresholds.latency_p95_ms} ms for ${local.window}. Look at the latency and CPU graphs on dashboard ${var.name}, the database and cache rows, and slow requests in the application's logs."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = { TargetGroup = var.services[each.key].target_group_arn_suffix, LoadBalancer = var.load_balancer_arn_suffix }
  extended_statistic  = "p95"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.latency_p95_ms / 1000 # TargetResponseTime is in seconds
  # No requests, no latency datapoints.
  treat_missing_data = "notBreaching"
  actions_enabled    = true
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "target_latency_p99" {
  for_each = local.target_alarms

  alarm_name          = "${var.name}-${each.key}-target-latency-p99-high"
  alarm_description   = "p99 response time of service ${each.key} above ${var.thresholds.latency_p99_ms} ms for ${local.window}. Tail latency: look for slow endpoints or queries, lock contention, garbage collection pauses and CPU throttling on dashboard ${var.name}."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = { TargetGroup = var.services[each.key].target_group_arn_suffix, LoadBalancer = var.load_balancer_arn_suffix }
  extended_statistic  = "p99"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.latency_p99_ms / 1000
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

################################################################################
# Load balancer alarm
################################################################################

resource "aws_cloudwatch_metric_alarm" "load_balancer_5xx" {
  count = local.load_balancer_alarms

  alarm_name          = "${var.name}-alb-5xx-high"
  alarm_description   = "The load balancer itself generated more than ${var.thresholds.http_5xx_count} HTTP 5xx responses per ${var.period_seconds}s for ${local.window}. 502/503/504 from the ALB mean no healthy targets, targets closing connections or timing out: look at the unhealthy-target alarms, the load balancer row of dashboard ${var.name} and the ALB access logs."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = var.load_balancer_arn_suffix }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.http_5xx_count
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

################################################################################
# Database alarms
################################################################################

resource "aws_cloudwatch_metric_alarm" "database_cpu" {
  count = local.database_alarms ? 1 : 0

  alarm_name          = "${var.name}-db-cpu-high"
  alarm_description   = "Average CPU of ${local.aurora ? "Aurora cluster" : "RDS instance"} ${var.database.identifier} above ${var.thresholds.db_cpu_percent}% for ${local.window}. Look at Performance Insights / the slow query log for expensive queries and missing indexes, and at the connections graph on dashboard ${var.name}."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = local.database_dimensions
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.db_cpu_percent
  # RDS publishes this every minute while the database runs; a gap is a stopped or replaced
  # instance, which should show as INSUFFICIENT_DATA rather than as a CPU problem.
  treat_missing_data = "missing"
  actions_enabled    = true
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "database_connections" {
  count = local.database_alarms ? 1 : 0

  alarm_name          = "${var.name}-db-connections-high"
  alarm_description   = "${local.aurora ? "An instance of Aurora cluster" : "RDS instance"} ${var.database.identifier} held more than ${var.thresholds.db_connections} connections for ${local.window}. Look at the services' task counts and connection pool sizes, connection leaks and long-running transactions before max_connections is reached."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = local.database_dimensions
  statistic           = "Maximum" # the peak: max_connections is a per-instance limit
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.db_connections
  treat_missing_data  = "missing"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "database_free_storage" {
  count = local.database_alarms && !local.aurora ? 1 : 0

  alarm_name          = "${var.name}-db-free-storage-low"
  alarm_description   = "RDS instance ${var.database.identifier} had less than ${var.thresholds.db_free_storage_gb} GiB of free storage for ${local.window}. Look at table and log growth; raise allocated_storage/max_allocated_storage before the instance runs out of space and stops accepting writes."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = local.database_dimensions
  statistic           = "Minimum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "LessThanThreshold"
  threshold           = var.thresholds.db_free_storage_gb * pow(1024, 3) # FreeStorageSpace is in bytes
  treat_missing_data  = "missing"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "database_replica_lag" {
  count = local.database_alarms && local.aurora ? 1 : 0

  alarm_name          = "${var.name}-db-replica-lag-high"
  alarm_description   = "An Aurora replica of cluster ${var.database.identifier} lagged the writer by more than ${var.thresholds.db_replica_lag_ms} ms for ${local.window}. Readers serve stale data and a failover would take longer: look at write volume on the writer and CPU/memory pressure on the readers."
  namespace           = "AWS/RDS"
  metric_name         = "AuroraReplicaLagMaximum"
  dimensions          = local.database_dimensions
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.db_replica_lag_ms
  # A cluster without replicas publishes no lag at all.
  treat_missing_data = "notBreaching"
  actions_enabled    = true
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}

################################################################################
# Cache alarms (one set per node)
################################################################################

resource "aws_cloudwatch_metric_alarm" "cache_cpu" {
  count = local.cache_alarms

  # Named by position, not node ID, so the names (and alarm_arns keys) are known at plan time.
  alarm_name          = "${var.name}-cache-${count.index + 1}-cpu-high"
  alarm_description   = "Engine CPU of cache node ${var.cache.node_ids[count.index]} above ${var.thresholds.cache_cpu_percent}% for ${local.window}. The engine is single-threaded: look for expensive commands (KEYS, large SMEMBERS/HGETALL, Lua scripts) in SLOWLOG and for hot keys; scale up the node type if the load is genuine."
  namespace           = "AWS/ElastiCache"
  metric_name         = "EngineCPUUtilization"
  dimensions          = { CacheClusterId = var.cache.node_ids[count.index] }
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.cache_cpu_percent
  treat_missing_data  = "missing"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "cache_memory" {
  count = local.cache_alarms

  alarm_name          = "${var.name}-cache-${count.index + 1}-memory-high"
  alarm_description   = "Cache node ${var.cache.node_ids[count.index]} used more than ${var.thresholds.cache_memory_percent}% of its memory for ${local.window}. Once full it evicts keys (or rejects writes with noeviction): look at key growth and missing TTLs, and the evictions graph on dashboard ${var.name}; scale up the node type if the data set is genuinely larger."
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  dimensions          = { CacheClusterId = var.cache.node_ids[count.index] }
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.cache_memory_percent
  treat_missing_data  = "missing"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "cache_evictions" {
  count = local.cache_alarms

  alarm_name          = "${var.name}-cache-${count.index + 1}-evictions-high"
  alarm_description   = "Cache node ${var.cache.node_ids[count.index]} evicted more than ${var.thresholds.cache_evictions} keys per ${var.period_seconds}s for ${local.window} because it ran out of memory. Expect a lower hit rate and more database load: look at the memory graph on dashboard ${var.name}, key TTLs and the node type."
  namespace           = "AWS/ElastiCache"
  metric_name         = "Evictions"
  dimensions          = { CacheClusterId = var.cache.node_ids[count.index] }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.thresholds.cache_evictions
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

################################################################################
# Dashboard
################################################################################

locals {
  # Placeholders keep the expressions below valid when a section is switched off; the rows that
  # use them are then dropped.
  dashboard_database = var.database_enabled ? var.database : { identifier = "", aurora = false, instance_ids = [] }
  dashboard_cache    = var.cache_enabled ? var.cache.node_ids : []

  ecs_dimensions = { for name in local.service_names : name => ["ClusterName", var.ecs_cluster_name, "ServiceName", name] }
  tg_dimensions = {
    for name in local.service_names : name => ["TargetGroup", var.services[name].target_group_arn_suffix, "LoadBalancer", var.load_balancer_arn_suffix]
  }
  database_dimension = [local.aurora ? "DBClusterIdentifier" : "DBInstanceIdentifier", local.dashboard_database.identifier]

  # One row per service: CPU/memory and tasks, plus traffic and latency when it is load balanced.
  service_rows = [
    for name in local.service_names : concat(
      [
        {
          title   = "${name}: CPU and memory (%)"
          stat    = "Average"
          yAxis   = { left = { min = 0, max = 100 } }
          alarms  = [{ label = "CPU alarm", value = var.thresholds.cpu_percent }, { label = "Memory alarm", value = var.thresholds.memory_percent }]
          metrics = [for metric in ["CPUUtilization", "MemoryUtilization"] : concat(["AWS/ECS", metric], local.ecs_dimensions[name])]
        },
        {
          title  = var.services[name].load_balanced ? "${name}: tasks and targets" : "${name}: tasks"
          stat   = "Average"
          yAxis  = { left = { min = 0 } }
          alarms = []
          metrics = concat(
            [for metric in ["DesiredTaskCount", "RunningTaskCount", "PendingTaskCount"] : concat(["ECS/ContainerInsights", metric], local.ecs_dimensions[name])],
            [for metric in ["HealthyHostCount", "UnHealthyHostCount"] : concat(["AWS/ApplicationELB", metric], local.tg_dimensions[name]) if var.services[name].load_balanced],
          )
        },
      ],
      [
        for widget in [
          {
            title  = "${name}: requests and 5xx"
            stat   = "Sum"
            yAxis  = { left = { min = 0 }, right = { min = 0 } }
            alarms = [{ label = "5xx alarm", value = var.thresholds.target_5xx_count, yAxis = "right" }]
            metrics = [
              concat(["AWS/ApplicationELB", "RequestCount"], local.tg_dimensions[name], [{ label = "Requests" }]),
              concat(["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"], local.tg_dimensions[name], [{ label = "5xx", yAxis = "right" }]),
              concat(["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count"], local.tg_dimensions[name], [{ label = "4xx", yAxis = "right" }]),
            ]
          },
          {
            title   = "${name}: response time (s)"
            stat    = "p95"
            yAxis   = { left = { min = 0 } }
            alarms  = [{ label = "p95 alarm", value = var.thresholds.latency_p95_ms / 1000 }, { label = "p99 alarm", value = var.thresholds.latency_p99_ms / 1000 }]
            metrics = [for stat in ["p50", "p95", "p99"] : concat(["AWS/ApplicationELB", "TargetResponseTime"], local.tg_dimensions[name], [{ stat = stat, label = stat }])]
          },
        ] : widget if var.services[name].load_balanced
      ],
    )
  ]

  load_balancer_row = [
    {
      title  = "Load balancer: requests and 5xx"
      stat   = "Sum"
      yAxis  = { left = { min = 0 }, right = { min = 0 } }
      alarms = [{ label = "ALB 5xx alarm", value = var.thresholds.http_5xx_count, yAxis = "right" }]
      metrics = [
        ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.load_balancer_arn_suffix, { label = "Requests" }],
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", var.load_balancer_arn_suffix, { label = "ALB 5xx", yAxis = "right" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", var.load_balancer_arn_suffix, { label = "Target 5xx", yAxis = "right" }],
        ["AWS/ApplicationELB", "HTTPCode_ELB_4XX_Count", "LoadBalancer", var.load_balancer_arn_suffix, { label = "ALB 4xx", yAxis = "right" }],
      ]
    },
    {
      title   = "Load balancer: response time (s)"
      stat    = "p95"
      yAxis   = { left = { min = 0 } }
      alarms  = []
      metrics = [for stat in ["p50", "p95", "p99"] : ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.load_balancer_arn_suffix, { stat = stat, label = stat }]]
    },
    {
      title   = "Load balancer: connections"
      stat    = "Sum"
      yAxis   = { left = { min = 0 } }
      alarms  = []
      metrics = [for metric in ["ActiveConnectionCount", "NewConnectionCount", "RejectedConnectionCount", "TargetConnectionErrorCount"] : ["AWS/ApplicationELB", metric, "LoadBalancer", var.load_balancer_arn_suffix]]
    },
  ]

  database_row = concat(
    [
      {
        title  = "Database: CPU (%)"
        stat   = "Average"
        yAxis  = { left = { min = 0, max = 100 } }
        alarms = [{ label = "CPU alarm", value = var.thresholds.db_cpu_percent }]
        # For Aurora the alarmed cluster aggregate plus each instance, so a hot writer stands out.
        metrics = concat(
          [concat(["AWS/RDS", "CPUUtilization"], local.database_dimension, [{ label = local.aurora ? "cluster" : local.dashboard_database.identifier }])],
          [for id in local.dashboard_database.instance_ids : ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", id, { label = id }] if local.aurora],
        )
      },
      {
        title   = "Database: connections"
        stat    = "Maximum"
        yAxis   = { left = { min = 0 } }
        alarms  = [{ label = "Connections alarm", value = var.thresholds.db_connections }]
        metrics = [concat(["AWS/RDS", "DatabaseConnections"], local.database_dimension)]
      },
    ],
    [
      for widget in [
        {
          title   = "Database: replica lag (ms)"
          stat    = "Maximum"
          yAxis   = { left = { min = 0 } }
          alarms  = [{ label = "Replica lag alarm", value = var.thresholds.db_replica_lag_ms }]
          metrics = [concat(["AWS/RDS", "AuroraReplicaLagMaximum"], local.database_dimension)]
        },
      ] : widget if local.aurora
    ],
    [
      for widget in [
        {
          title  = "Database: free storage (GiB)"
          stat   = "Minimum"
          yAxis  = { left = { min = 0 } }
          alarms = [{ label = "Free storage alarm", value = var.thresholds.db_free_storage_gb }]
          metrics = [
            [{ expression = "free / 1073741824", label = "Free storage (GiB)", id = "gib" }],
            concat(["AWS/RDS", "FreeStorageSpace"], local.database_dimension, [{ id = "free", visible = false }]),
          ]
        },
      ] : widget if !local.aurora
    ],
  )

  cache_row = [
    {
      title   = "Cache: engine CPU (%)"
      stat    = "Average"
      yAxis   = { left = { min = 0, max = 100 } }
      alarms  = [{ label = "CPU alarm", value = var.thresholds.cache_cpu_percent }]
      metrics = [for id in local.dashboard_cache : ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", id]]
    },
    {
      title   = "Cache: memory used (%)"
      stat    = "Average"
      yAxis   = { left = { min = 0, max = 100 } }
      alarms  = [{ label = "Memory alarm", value = var.thresholds.cache_memory_percent }]
      metrics = [for id in local.dashboard_cache : ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", id]]
    },
    {
      title   = "Cache: evictions"
      stat    = "Sum"
      yAxis   = { left = { min = 0 } }
      alarms  = [{ label = "Evictions alarm", value = var.thresholds.cache_evictions }]
      metrics = [for id in local.dashboard_cache : ["AWS/ElastiCache", "Evictions", "CacheClusterId", id]]
    },
  ]

  dashboard_rows = concat(
    local.service_rows,
    [for row in [local.load_balancer_row] : row if var.load_balancer_enabled],
    [for row in [local.database_row] : row if var.database_enabled],
    [for row in [local.cache_row] : row if var.cache_enabled],
  )

  # Rows are 6 units high, below the 2-unit header, and split the 24-unit width evenly.
  metric_widgets = flatten([
    for row_index, row in local.dashboard_rows : [
      for column, widget in row : {
        type   = "metric"
        x      = column * floor(24 / length(row))
        y      = 2 + row_index * 6
        width  = floor(24 / length(row))
        height = 6
        properties = {
          title       = widget.title
          region      = var.region
          view        = "timeSeries"
          stacked     = false
          period      = var.period_seconds
          stat        = widget.stat
          metrics     = widget.metrics
          yAxis       = widget.yAxis
          annotations = { horizontal = widget.alarms }
        }
      }
    ]
  ])

  # The header warns against console edits, which the next apply would silently overwrite.
  header_widget = {
    type       = "text"
    x          = 0
    y          = 0
    width      = 24
    height     = 2
    properties = { markdown = "# ${var.name}\nManaged by Terraform: changes made in the console are overwritten by the next apply. Alarms notify the SNS topic `${local.topic_name}`." }
  }
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.dashboard_enabled ? 1 : 0

  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = concat([local.header_widget], local.metric_widgets) })
}
