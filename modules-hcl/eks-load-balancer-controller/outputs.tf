output "role_arn" {
  description = "ARN of the controller's Pod Identity role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the controller's Pod Identity role."
  value       = aws_iam_role.this.name
}

output "service_account" {
  description = "Kubernetes service account the Helm release must use (serviceAccount.name); the association binds the role to it."
  value       = aws_eks_pod_identity_association.this.service_account
}

output "namespace" {
  description = "Kubernetes namespace the Helm release must be installed in."
  value       = aws_eks_pod_identity_association.this.namespace
}
