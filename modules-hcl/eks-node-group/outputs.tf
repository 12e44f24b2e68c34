output "node_group_name" {
  description = "Name of the EKS node group (<name>-<suffix>)."
  value       = aws_eks_node_group.this.node_group_name
}

output "node_group_arn" {
  description = "ARN of the EKS node group; pass it to the eks-cluster module's node_group_arns so add-ons that need nodes wait for it."
  value       = aws_eks_node_group.this.arn
}

output "node_role_arn" {
  description = "ARN of the nodes' IAM role (EKS creates its EC2_LINUX access entry automatically)."
  value       = aws_iam_role.this.arn
}

output "node_role_name" {
  description = "Name of the nodes' IAM role, for attaching further policies."
  value       = aws_iam_role.this.name
}

output "launch_template_id" {
  description = "ID of the nodes' launch template."
  value       = aws_launch_template.this.id
}
