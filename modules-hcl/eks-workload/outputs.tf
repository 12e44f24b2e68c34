output "role_arn" {
  description = "ARN of the workload's Pod Identity role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the workload's Pod Identity role, for attaching further policies outside this module."
  value       = aws_iam_role.this.name
}

output "service_account" {
  description = "Kubernetes service account the generated manifests must run the pods as (the association binds the role to it)."
  value       = aws_eks_pod_identity_association.this.service_account
}

output "namespace" {
  description = "Kubernetes namespace of that service account."
  value       = aws_eks_pod_identity_association.this.namespace
}

output "config_parameter_name" {
  description = "Name of the SecureString SSM parameter holding the workload's dotenv configuration."
  value       = aws_ssm_parameter.config.name
}

output "config_parameter_arn" {
  description = "ARN of that SSM parameter, for the deploy role's ssm:GetParameter grant."
  value       = aws_ssm_parameter.config.arn
}
