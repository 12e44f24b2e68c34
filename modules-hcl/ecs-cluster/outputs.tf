# Every output waits for the capacity provider association: a service that names FARGATE or
# FARGATE_SPOT in its strategy fails to create if it races ahead of it.

output "id" {
  description = "ID of the ECS cluster (same as its ARN)."
  value       = aws_ecs_cluster.this.id
  depends_on  = [aws_ecs_cluster_capacity_providers.this]
}

output "arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
  depends_on  = [aws_ecs_cluster_capacity_providers.this]
}

output "name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
  depends_on  = [aws_ecs_cluster_capacity_providers.this]
}

output "service_discovery_namespace_id" {
  description = "ID of the service discovery namespace, or null without one."
  value       = try(aws_service_discovery_private_dns_namespace.this[0].id, null)
}

output "service_discovery_namespace" {
  description = "Name of the service discovery namespace, or null without one."
  value       = try(aws_service_discovery_private_dns_namespace.this[0].name, null)
}

output "execute_command_log_group_arn" {
  description = "ARN of the log group ECS Exec sessions are logged to; null without execute_command_logging."
  value       = try(aws_cloudwatch_log_group.execute_command[0].arn, null)
}
