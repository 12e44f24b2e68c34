output "role_arn" {
  description = "ARN of the deploy role, for the role-to-assume of aws-actions/configure-aws-credentials in the environment's workflows."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the deploy role."
  value       = aws_iam_role.this.name
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider the role trusts: the one created here, or oidc_provider_arn. Pass it to the account's other environments."
  value       = local.oidc_provider_arn
}
