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

output "iam_user_arn_prefix" {
  description = "ARN prefix of the database's IAM-authenticated users, arn:<partition>:rds-db:<region>:<account>:dbuser:<resource id>/: append a database user name for an rds-db:connect grant (with iam_database_authentication_enabled)."
  value       = local.iam_user_arn_prefix
}

output "credentials_policy_json" {
  description = "IAM policy (JSON) that reads the managed master secret: attach it to the role of an application that fetches the current credentials at connect time, since RDS rotates them every seven days and a value injected at start goes stale."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadCurrentDatabaseCredentials"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = try(aws_rds_cluster.this[0].master_user_secret[0].secret_arn, aws_db_instance.this[0].master_user_secret[0].secret_arn)
      },
    ]
  })
}

output "iam_connect_policy_jsons" {
  description = "Per var.iam_users entry, an IAM policy (JSON) allowing rds-db:connect as that database user (IAM authentication); empty unless iam_database_authentication_enabled."
  value = {
    for user in var.iam_users : user => jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "ConnectAsOwnDatabaseUser"
          Effect   = "Allow"
          Action   = "rds-db:connect"
          Resource = "${local.iam_user_arn_prefix}${user}"
        },
      ]
    }) if var.iam_database_authentication_enabled
  }
}
