output "cluster_name" {
  description = "Name of the cluster; pass it to the eks-node-group module. Whatever reads it waits for the networking add-ons (vpc-cni, kube-proxy, eks-pod-identity-agent), so node groups get nodes that can become Ready."
  value       = aws_eks_cluster.this.name

  # Nodes without a CNI never become Ready and their node group fails to create.
  depends_on = [aws_eks_addon.before_compute]
}

output "cluster_arn" {
  description = "ARN of the cluster."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64-encoded certificate authority of the API server, for kubeconfig."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_version" {
  description = "Kubernetes minor version of the control plane; pass it to the eks-node-group module so nodes follow control-plane upgrades."
  value       = aws_eks_cluster.this.version
}

output "cluster_security_group_id" {
  description = "ID of the security group EKS created for the cluster. The control plane and every managed node group (nodes and pods) use it; admit it on database, cache and other security groups."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_issuer_url" {
  description = "OIDC issuer URL of the cluster (for IRSA, should a workload need it; this platform uses EKS Pod Identity)."
  value       = aws_eks_cluster.this.identity[0].oidc[0].issuer
}

output "kms_key_arn" {
  description = "ARN of the KMS key that envelope-encrypts Kubernetes Secrets."
  value       = aws_kms_key.this.arn
}

output "log_group_name" {
  description = "Name of the CloudWatch log group holding the control-plane logs."
  value       = aws_cloudwatch_log_group.this.name
}

output "addon_versions" {
  description = "Installed add-ons, name => version as reported by EKS."
  value = merge(
    { for name, addon in aws_eks_addon.before_compute : name => addon.addon_version },
    { for name, addon in aws_eks_addon.after_compute : name => addon.addon_version },
  )
}

output "ebs_csi_role_arn" {
  description = "ARN of the EBS CSI driver's Pod Identity role; null when aws-ebs-csi-driver is not in addon_versions."
  value       = one(aws_iam_role.ebs_csi[*].arn)
}

output "cluster_role_arn" {
  description = "ARN of the IAM role of the control plane."
  value       = aws_iam_role.cluster.arn
}
