mock_provider "aws" {
  # The provider validates ARN arguments (alarm actions, the topic policy's topic) even against a
  # mock, so the topic gets a realistic ARN.
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:shop-production-alarms"
    }
  }
}

variables {
  name                  = "shop-production"
  region                = "eu-west-1"
  sns_kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
  create_kms_key        = false

  thresholds = {
    cpu_percent          = 80
    memory_percent       = 85
    http_5xx_count       = 10
    target_5xx_count     = 5
    latency_p95_ms       = 500
    latency_p99_ms       = 1500
    db_cpu_percent       = 75
    db_free_storage_gb   = 5
    db_connections       = 200
    db_replica_lag_ms    = 1000
    cache_cpu_percent    = 70
    cache_memory_percent = 80
    cache_evictions      = 100
  }

  ecs_cluster_name = "shop-production"
  services = {
    api    = { load_balanced = true, target_group_arn_suffix = "targetgroup/shop-production-api/73e2d6bc24d8a067" }
    worker = { load_balanced = false }
  }

  load_balancer_enabled    = true
  load_balancer_arn_suffix = "app/shop-production/50dc6c495c0c9188"
}

run "services_and_load_balancer" {
  command = plan

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.service_cpu) == 2 && length(aws_cloudwatch_metric_alarm.service_memory) == 2 && length(aws_cloudwatch_metric_alarm.service_running_tasks) == 2
    error_message = "Every service gets CPU, memory and running-task alarms."
  }

  assert {
    condition = (
      keys(aws_cloudwatch_metric_alarm.target_5xx) == ["api"] &&
      keys(aws_cloudwatch_metric_alarm.target_unhealthy_hosts) == ["api"] &&
      keys(aws_cloudwatch_metric_alarm.target_latency_p95) == ["api"] &&
      keys(aws_cloudwatch_metric_alarm.target_latency_p99) == ["api"]
    )
    error_message = "Only the load-balanced service gets target group alarms."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.load_balancer_5xx) == 1 && aws_cloudwatch_metric_alarm.load_balancer_5xx[0].dimensions["LoadBalancer"] == "app/shop-production/50dc6c495c0c9188"
    error_message = "The load balancer 5xx alarm must exist and use the LoadBalancer dimension."
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.database_cpu) + length(aws_cloudwatch_metric_alarm.database_connections) +
      length(aws_cloudwatch_metric_alarm.database_free_storage) + length(aws_cloudwatch_metric_alarm.database_replica_lag) +
      length(aws_cloudwatch_metric_alarm.cache_cpu) + length(aws_cloudwatch_metric_alarm.cache_memory) + length(aws_cloudwatch_metric_alarm.cache_evictions)
    ) == 0
    error_message = "No database or cache alarms unless enabled."
  }

  assert {
    condition     = length(output.alarm_arns) == 11 && contains(keys(output.alarm_arns), "shop-production-api-target-latency-p99-high")
    error_message = "alarm_arns must list the 3*2 + 4*1 + 1 = 11 alarms by name."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.service_cpu["worker"].dimensions["ClusterName"] == "shop-production" && aws_cloudwatch_metric_alarm.service_cpu["worker"].dimensions["ServiceName"] == "worker" && aws_cloudwatch_metric_alarm.service_cpu["worker"].namespace == "AWS/ECS"
    error_message = "ECS alarms use the ClusterName and ServiceName dimensions of AWS/ECS."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.target_5xx["api"].dimensions["TargetGroup"] == "targetgroup/shop-production-api/73e2d6bc24d8a067" &&
      aws_cloudwatch_metric_alarm.target_5xx["api"].dimensions["LoadBalancer"] == "app/shop-production/50dc6c495c0c9188" &&
      aws_cloudwatch_metric_alarm.target_5xx["api"].metric_name == "HTTPCode_Target_5XX_Count" &&
      aws_cloudwatch_metric_alarm.target_5xx["api"].threshold == 5
    )
    error_message = "The target 5xx alarm must use TargetGroup + LoadBalancer and the target_5xx_count threshold."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.target_latency_p95["api"].extended_statistic == "p95" &&
      aws_cloudwatch_metric_alarm.target_latency_p95["api"].threshold == 0.5 &&
      aws_cloudwatch_metric_alarm.target_latency_p99["api"].extended_statistic == "p99" &&
      aws_cloudwatch_metric_alarm.target_latency_p99["api"].threshold == 1.5
    )
    error_message = "Latency alarms use p95/p99 extended statistics with thresholds converted from ms to seconds."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.target_unhealthy_hosts["api"].threshold == 0 && aws_cloudwatch_metric_alarm.target_unhealthy_hosts["api"].comparison_operator == "GreaterThanThreshold"
    error_message = "Any unhealthy target must raise the alarm."
  }

  assert {
    condition = (
      [for q in aws_cloudwatch_metric_alarm.service_running_tasks["api"].metric_query : q.expression if q.return_data == true] == ["desired - running"] &&
      toset([for q in aws_cloudwatch_metric_alarm.service_running_tasks["api"].metric_query : one(q.metric).metric_name if length(q.metric) > 0]) == toset(["DesiredTaskCount", "RunningTaskCount"]) &&
      aws_cloudwatch_metric_alarm.service_running_tasks["api"].threshold == 0 &&
      aws_cloudwatch_metric_alarm.service_running_tasks["api"].evaluation_periods == 2
    )
    error_message = "The running-task alarm must fire when desired - running > 0 for evaluation_periods."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.service_memory["api"].period == 300 && aws_cloudwatch_metric_alarm.service_memory["api"].treat_missing_data == "notBreaching"
    error_message = "Alarms use period_seconds and treat missing utilisation data as not breaching."
  }

  assert {
    condition     = length(aws_cloudwatch_dashboard.this) == 1 && output.dashboard_name == "shop-production"
    error_message = "The dashboard is on by default and named after the environment."
  }

  assert {
    condition = length(jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets) == 1 + 4 + 2 + 3 && alltrue([
      for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w.properties.region == "eu-west-1" && w.x + w.width <= 24 if w.type == "metric"
    ])
    error_message = "The dashboard has a header, a 4-widget row for the load-balanced service, 2 for the worker and 3 for the load balancer, all in the given region."
  }

  assert {
    condition     = aws_sns_topic.alarms.name == "shop-production-alarms" && aws_sns_topic.alarms.kms_master_key_id == var.sns_kms_master_key_id && length(aws_sns_topic_subscription.email) == 0
    error_message = "The topic must be named <name>-alarms, encrypted with the given key and have no subscriptions without emails."
  }
}

run "aurora_database" {
  command = plan

  variables {
    database_enabled = true
    database = {
      identifier   = "shop-production"
      aurora       = true
      instance_ids = ["shop-production-1", "shop-production-2"]
    }
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.database_cpu) == 1 && length(aws_cloudwatch_metric_alarm.database_connections) == 1 && length(aws_cloudwatch_metric_alarm.database_replica_lag) == 1 && length(aws_cloudwatch_metric_alarm.database_free_storage) == 0
    error_message = "Aurora gets CPU, connections and replica lag alarms but no free-storage alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_cpu[0].dimensions["DBClusterIdentifier"] == "shop-production" && !contains(keys(aws_cloudwatch_metric_alarm.database_cpu[0].dimensions), "DBInstanceIdentifier")
    error_message = "Aurora alarms use the cluster-level DBClusterIdentifier dimension."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_replica_lag[0].metric_name == "AuroraReplicaLagMaximum" && aws_cloudwatch_metric_alarm.database_replica_lag[0].threshold == 1000
    error_message = "The replica lag alarm must watch AuroraReplicaLagMaximum in ms."
  }

  assert {
    condition     = length(output.alarm_arns) == 14
    error_message = "11 service/load balancer alarms plus 3 database alarms."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets) == 13
    error_message = "The database adds a row of three widgets."
  }
}

run "rds_database" {
  command = plan

  variables {
    database_enabled = true
    database = {
      identifier   = "shop-production-db"
      aurora       = false
      instance_ids = []
    }
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.database_cpu) == 1 && length(aws_cloudwatch_metric_alarm.database_connections) == 1 && length(aws_cloudwatch_metric_alarm.database_free_storage) == 1 && length(aws_cloudwatch_metric_alarm.database_replica_lag) == 0
    error_message = "RDS gets CPU, connections and free storage alarms but no replica lag alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_connections[0].dimensions["DBInstanceIdentifier"] == "shop-production-db" && !contains(keys(aws_cloudwatch_metric_alarm.database_connections[0].dimensions), "DBClusterIdentifier")
    error_message = "RDS alarms use the DBInstanceIdentifier dimension."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.database_free_storage[0].threshold == 5 * 1073741824 && aws_cloudwatch_metric_alarm.database_free_storage[0].comparison_operator == "LessThanThreshold"
    error_message = "The free storage alarm must fire below db_free_storage_gb GiB, in bytes."
  }

  assert {
    condition     = length(output.alarm_arns) == 14
    error_message = "11 service/load balancer alarms plus 3 database alarms."
  }
}

run "cache_nodes" {
  command = plan

  variables {
    cache_enabled    = true
    cache_node_count = 2
    cache            = { node_ids = ["shop-production-001", "shop-production-002"] }
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.cache_cpu) == 2 && length(aws_cloudwatch_metric_alarm.cache_memory) == 2 && length(aws_cloudwatch_metric_alarm.cache_evictions) == 2
    error_message = "Each cache node gets CPU, memory and evictions alarms."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cache_cpu[1].dimensions["CacheClusterId"] == "shop-production-002" &&
      aws_cloudwatch_metric_alarm.cache_cpu[1].metric_name == "EngineCPUUtilization" &&
      aws_cloudwatch_metric_alarm.cache_memory[0].metric_name == "DatabaseMemoryUsagePercentage" &&
      aws_cloudwatch_metric_alarm.cache_evictions[0].metric_name == "Evictions" &&
      aws_cloudwatch_metric_alarm.cache_cpu[1].alarm_name == "shop-production-cache-2-cpu-high"
    )
    error_message = "Cache alarms watch each node by CacheClusterId and are named by position."
  }

  assert {
    condition     = length(output.alarm_arns) == 17
    error_message = "11 service/load balancer alarms plus 3 per cache node."
  }
}

run "alarms_disabled" {
  command = plan

  variables {
    alarms_enabled   = false
    database_enabled = true
    database = {
      identifier   = "shop-production"
      aurora       = true
      instance_ids = ["shop-production-1"]
    }
    cache_enabled    = true
    cache_node_count = 1
    cache            = { node_ids = ["shop-production-001"] }
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.service_cpu) + length(aws_cloudwatch_metric_alarm.service_memory) + length(aws_cloudwatch_metric_alarm.service_running_tasks) +
      length(aws_cloudwatch_metric_alarm.target_5xx) + length(aws_cloudwatch_metric_alarm.target_unhealthy_hosts) +
      length(aws_cloudwatch_metric_alarm.target_latency_p95) + length(aws_cloudwatch_metric_alarm.target_latency_p99) +
      length(aws_cloudwatch_metric_alarm.load_balancer_5xx) +
      length(aws_cloudwatch_metric_alarm.database_cpu) + length(aws_cloudwatch_metric_alarm.database_connections) +
      length(aws_cloudwatch_metric_alarm.database_free_storage) + length(aws_cloudwatch_metric_alarm.database_replica_lag) +
      length(aws_cloudwatch_metric_alarm.cache_cpu) + length(aws_cloudwatch_metric_alarm.cache_memory) + length(aws_cloudwatch_metric_alarm.cache_evictions)
    ) == 0
    error_message = "alarms_enabled = false must create no alarm at all."
  }

  assert {
    condition     = length(output.alarm_arns) == 0
    error_message = "alarm_arns is empty without alarms."
  }

  assert {
    condition     = aws_sns_topic.alarms.name == "shop-production-alarms" && length(aws_cloudwatch_dashboard.this) == 1
    error_message = "The topic and the dashboard stay when alarms are off."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets) == 16
    error_message = "Service, load balancer, database and cache rows are all on the dashboard."
  }
}

run "emails_budgets_and_outputs" {
  command = apply

  variables {
    alarm_emails         = ["oncall@example.com", "platform@example.com"]
    budget_notifications = true
    account_id           = "123456789012"
    dashboard_enabled    = false
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 2 && alltrue([for s in aws_sns_topic_subscription.email : s.protocol == "email" && s.topic_arn == aws_sns_topic.alarms.arn])
    error_message = "Each email address gets an email subscription to the topic."
  }

  assert {
    condition     = aws_sns_topic_subscription.email["oncall@example.com"].endpoint == "oncall@example.com"
    error_message = "Subscriptions are keyed by, and deliver to, the email address."
  }

  assert {
    condition = toset([
      for s in jsondecode(aws_sns_topic_policy.alarms.policy).Statement : s.Principal.Service if s.Effect == "Allow"
    ]) == toset(["cloudwatch.amazonaws.com", "budgets.amazonaws.com"])
    error_message = "With budget_notifications the topic policy allows CloudWatch and Budgets to publish."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_sns_topic_policy.alarms.policy).Statement :
      try(s.Condition.StringEquals["aws:SourceAccount"], null) == "123456789012" && s.Action == "sns:Publish" && s.Resource == aws_sns_topic.alarms.arn
      if s.Effect == "Allow"
    ])
    error_message = "Each publisher is restricted to the account with aws:SourceAccount and to sns:Publish on this topic."
  }

  assert {
    condition     = output.sns_topic_arn == "arn:aws:sns:eu-west-1:123456789012:shop-production-alarms"
    error_message = "sns_topic_arn must be the topic's ARN."
  }

  assert {
    condition     = length(output.alarm_arns) == 11 && alltrue([for name, arn in output.alarm_arns : arn == aws_cloudwatch_metric_alarm.service_cpu["api"].arn if name == "shop-production-api-ecs-cpu-high"])
    error_message = "alarm_arns maps alarm names to their ARNs."
  }

  assert {
    condition     = output.dashboard_name == null && length(aws_cloudwatch_dashboard.this) == 0
    error_message = "No dashboard (and a null dashboard_name) when dashboard_enabled is false."
  }
}

run "cloudwatch_only_policy" {
  command = apply

  assert {
    condition = (
      [for s in jsondecode(aws_sns_topic_policy.alarms.policy).Statement : s.Principal.Service if s.Effect == "Allow"] == ["cloudwatch.amazonaws.com"] &&
      alltrue([for s in jsondecode(aws_sns_topic_policy.alarms.policy).Statement : !can(s.Condition.StringEquals) if s.Effect == "Allow"])
    )
    error_message = "Without budget_notifications only CloudWatch may publish; without account_id there is no aws:SourceAccount condition."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_sns_topic_policy.alarms.policy).Statement :
      s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], null) == "false"
    ])
    error_message = "The topic policy must deny publishing without TLS."
  }
}

run "aws_managed_key_warns" {
  command = plan

  variables {
    sns_kms_master_key_id = "alias/aws/sns"
  }

  expect_failures = [check.alarm_topic_key]
}

run "invalid_period" {
  command = plan

  variables {
    period_seconds = 45
  }

  expect_failures = [var.period_seconds]
}

run "invalid_threshold" {
  command = plan

  variables {
    thresholds = {
      cpu_percent          = 150
      memory_percent       = 85
      http_5xx_count       = 10
      target_5xx_count     = 5
      latency_p95_ms       = 500
      latency_p99_ms       = 1500
      db_cpu_percent       = 75
      db_free_storage_gb   = 5
      db_connections       = 200
      db_replica_lag_ms    = 1000
      cache_cpu_percent    = 70
      cache_memory_percent = 80
      cache_evictions      = 100
    }
  }

  expect_failures = [var.thresholds]
}

run "load_balanced_service_needs_load_balancer" {
  command = plan

  variables {
    load_balancer_enabled    = false
    load_balancer_arn_suffix = null
  }

  expect_failures = [var.services]
}

run "cache_node_count_mismatch" {
  command = plan

  variables {
    cache_enabled    = true
    cache_node_count = 3
    cache            = { node_ids = ["shop-production-001", "shop-production-002"] }
  }

  expect_failures = [var.cache]
}

run "database_required_when_enabled" {
  command = plan

  variables {
    database_enabled = true
  }

  expect_failures = [var.database]
}

run "invalid_email" {
  command = plan

  variables {
    alarm_emails = ["not-an-email"]
  }

  expect_failures = [var.alarm_emails]
}

run "creates_a_topic_key_cloudwatch_and_budgets_may_use" {
  command = plan

  variables {
    create_kms_key       = true
    account_id           = "123456789012"
    budget_notifications = true
  }

  assert {
    condition     = length(aws_kms_key.alarms) == 1 && length(aws_kms_alias.alarms) == 1
    error_message = "The topic gets its own key and alias."
  }

  assert {
    condition     = strcontains(aws_kms_key.alarms[0].policy, "cloudwatch.amazonaws.com") && strcontains(aws_kms_key.alarms[0].policy, "budgets.amazonaws.com")
    error_message = "CloudWatch and Budgets may use the key."
  }
}

run "a_topic_key_needs_the_account" {
  command = plan

  variables {
    create_kms_key = true
    account_id     = null
  }

  expect_failures = [var.create_kms_key]
}
