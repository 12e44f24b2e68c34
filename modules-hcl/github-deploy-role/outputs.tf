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

output "plan_role_arn" {
  description = "ARN of the read-only role pull-request workflows assume to plan, or null without pull_request_plan_role."
  value       = one(aws_iam_role.plan[*].arn)
}
