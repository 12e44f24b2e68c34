output "key_arn" {
  description = "ARN of the KMS key for log groups (kms_key_id of aws_cloudwatch_log_group)."
  value       = aws_kms_key.this.arn
}

output "alias_name" {
  description = "The key's alias."
  value       = aws_kms_alias.this.name
}
