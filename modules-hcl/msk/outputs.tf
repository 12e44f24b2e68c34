output "cluster_arn" {
  description = "ARN of the MSK cluster."
  value       = aws_msk_cluster.this.arn
}

output "cluster_name" {
  description = "Name of the MSK cluster."
  value       = aws_msk_cluster.this.cluster_name
}

output "bootstrap_brokers_sasl_iam" {
  description = "Comma-separated host:port list (port 9098) for clients authenticating with IAM over TLS."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_iam
}

output "security_group_id" {
  description = "ID of the cluster security group; add further ingress rules to it if needed."
  value       = aws_security_group.this.id
}

output "iam_policy_json" {
  description = "IAM policy document (JSON) for a workload role to connect to the cluster and describe, create, read and write its topics and use its consumer groups."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ConnectToCluster"
        Effect = "Allow"
        # WriteDataIdempotently: Kafka 3.x producers enable idempotence by default.
        Action = [
          "kafka-cluster:Connect",
          "kafka-cluster:DescribeCluster",
          "kafka-cluster:WriteDataIdempotently",
        ]
        Resource = aws_msk_cluster.this.arn
      },
      {
        Sid    = "UseTopics"
        Effect = "Allow"
        Action = [
          "kafka-cluster:CreateTopic",
          "kafka-cluster:DescribeTopic",
          "kafka-cluster:ReadData",
          "kafka-cluster:WriteData",
        ]
        Resource = local.topic_arn_pattern
      },
      {
        Sid    = "UseConsumerGroups"
        Effect = "Allow"
        Action = [
          "kafka-cluster:AlterGroup",
          "kafka-cluster:DescribeGroup",
        ]
        Resource = local.group_arn_pattern
      },
    ]
  })
}
