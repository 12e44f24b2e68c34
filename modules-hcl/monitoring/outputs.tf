output "sns_topic_arn" {
  description = "ARN of the alarm topic. Use it as the notification target of further alarms and of AWS Budgets (with budget_notifications = true)."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_arns" {
  description = "Map of alarm name to alarm ARN for every alarm the module created; empty when alarms_enabled is false."
  value = {
    for alarm in concat(
      values(aws_cloudwatch_metric_alarm.service_cpu),
      values(aws_cloudwatch_metric_alarm.service_memory),
      values(aws_cloudwatch_metric_alarm.service_running_tasks),
      values(aws_cloudwatch_metric_alarm.target_5xx),
      values(aws_cloudwatch_metric_alarm.target_unhealthy_hosts),
      values(aws_cloudwatch_metric_alarm.target_latency_p95),
      values(aws_cloudwatch_metric_alarm.target_latency_p99),
      aws_cloudwatch_metric_alarm.load_balancer_5xx,
      aws_cloudwatch_metric_alarm.database_cpu,
      aws_cloudwatch_metric_alarm.database_connections,
      aws_cloudwatch_metric_alarm.database_free_storage,
      aws_cloudwatch_metric_alarm.database_replica_lag,
      aws_cloudwatch_metric_alarm.cache_cpu,
      aws_cloudwatch_metric_alarm.cache_memory,
      aws_cloudwatch_metric_alarm.cache_evictions,
    ) : alarm.alarm_name => alarm.arn
  }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard; null when dashboard_enabled is false."
  value       = one(aws_cloudwatch_dashboard.this[*].dashboard_name)
}
