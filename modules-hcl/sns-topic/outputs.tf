output "topic_name" {
  description = "Name of the topic (with the .fifo suffix for a FIFO topic)."
  value       = aws_sns_topic.this.name
}

output "topic_arn" {
  description = "ARN of the topic, which publishers address it by; pass it to the subscribed queues' publisher_topic_arns."
  value       = aws_sns_topic.this.arn
}

output "publisher_policy_json" {
  description = "IAM policy document (JSON) for a publisher to the topic: sns:Publish on this topic. With the default AWS-managed alias/aws/sns key no KMS permission is needed; a topic encrypted with a customer-managed key would also need kms:GenerateDataKey* and kms:Decrypt on that key, which this document does not grant."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "PublishToTopic"
        Action   = "sns:Publish"
        Effect   = "Allow"
        Resource = aws_sns_topic.this.arn
      },
    ]
  })
}

output "subscription_arns" {
  description = "ARNs of the queue subscriptions, by the keys of subscriptions."
  value       = { for key, subscription in aws_sns_topic_subscription.this : key => subscription.arn }
}
