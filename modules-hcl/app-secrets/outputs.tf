output "secret_arns" {
  description = "Secret ARNs keyed like var.secrets; grant secretsmanager:GetSecretValue on these (and reference them as ECS container secrets)."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Full Secrets Manager names keyed like var.secrets."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}
