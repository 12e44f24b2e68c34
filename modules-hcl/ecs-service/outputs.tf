output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "service_id" {
  description = "ID (ARN) of the ECS service."
  value       = aws_ecs_service.this.id
}

output "security_group_id" {
  description = "ID of the tasks' security group; allow it as a source on the database and cache security groups."
  value       = aws_security_group.this.id
}

output "task_role_arn" {
  description = "ARN of the task role the application runs as."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the task role, for attaching further policies outside this module."
  value       = aws_iam_role.task.name
}

output "execution_role_arn" {
  description = "ARN of the task execution role used by the ECS agent."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "Name of the CloudWatch log group holding the container logs."
  value       = aws_cloudwatch_log_group.this.name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition the service runs."
  value       = aws_ecs_task_definition.this.arn
}

output "container_name" {
  description = "Name of the container in the task definition (equal to name)."
  value       = var.name
}

output "service_discovery_arn" {
  description = "ARN of the service's Cloud Map service, or null when it is not registered."
  value       = try(aws_service_discovery_service.this[0].arn, null)
}
