output "task_definition_family" {
  description = "Family of the job's task definition (<name_prefix>-<name>); every run starts its latest ACTIVE revision, so CI deploys by registering a revision of it."
  value       = aws_ecs_task_definition.this.family
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition revision Terraform registered; runs use the family's latest revision, which may be a later one CI registered."
  value       = aws_ecs_task_definition.this.arn
}

output "task_role_arn" {
  description = "ARN of the task role the job runs as."
  value       = aws_iam_role.this["task"].arn
}

output "task_role_name" {
  description = "Name of the task role, for attaching further policies outside this module."
  value       = aws_iam_role.this["task"].name
}

output "execution_role_arn" {
  description = "ARN of the task execution role used by the ECS agent."
  value       = aws_iam_role.this["exec"].arn
}

output "security_group_id" {
  description = "ID of the tasks' security group; allow it as a source on the database and cache security groups."
  value       = aws_security_group.this.id
}

output "log_group_name" {
  description = "Name of the CloudWatch log group holding the container logs."
  value       = aws_cloudwatch_log_group.this["container"].name
}

output "run_log_group_name" {
  description = "Name of the CloudWatch log group Step Functions writes the runs' errors to (/aws/vendedlogs/states/<name_prefix>-<name>)."
  value       = aws_cloudwatch_log_group.this["runs"].name
}

output "state_machine_arn" {
  description = "ARN of the Step Functions state machine whose executions are the job's runs; start an execution to run the job outside its schedule."
  value       = aws_sfn_state_machine.this.arn
}

output "schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule that starts the runs."
  value       = aws_scheduler_schedule.this.arn
}

output "alarm_arn" {
  description = "ARN of the failed-run alarm, or null when alarms_enabled is false."
  value       = try(aws_cloudwatch_metric_alarm.failed[0].arn, null)
}
