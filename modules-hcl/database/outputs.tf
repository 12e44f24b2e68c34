output "endpoint" {
  description = "Writer host name: the Aurora cluster endpoint or the RDS instance address (without port)."
  value       = local.is_aurora ? aws_rds_cluster.this[0].endpoint : aws_db_instance.this[0].address
}

output "reader_endpoint" {
  description = "Read-only host name: the Aurora reader endpoint, or for RDS the same address as endpoint."
  value       = local.is_aurora ? aws_rds_cluster.this[0].reader_endpoint : aws_db_instance.this[0].address
}

output "port" {
  description = "Port the database listens on."
  value       = var.port
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret in which RDS manages the master user's credentials."
  value = try(
    aws_rds_cluster.this[0].master_user_secret[0].secret_arn,
    aws_db_instance.this[0].master_user_secret[0].secret_arn,
    null,
  )
}

output "security_group_id" {
  description = "ID of the database security group; add further ingress rules to it if needed."
  value       = aws_security_group.this.id
}

output "identifier" {
  description = "Identifier of the Aurora cluster or RDS instance."
  value       = local.is_aurora ? aws_rds_cluster.this[0].cluster_identifier : aws_db_instance.this[0].identifier
}

output "database_name" {
  description = "Name of the database created on the instance or cluster."
  value       = var.database_name
}

output "engine" {
  description = "Database engine (aurora-mysql, aurora-postgresql, mysql or postgres)."
  value       = var.engine
}
