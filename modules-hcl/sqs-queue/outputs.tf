output "queue_name" {
  description = "Name of the queue (with the .fifo suffix for a FIFO queue); the QueueName dimension of its CloudWatch metrics."
  value       = aws_sqs_queue.this.name
}

output "queue_url" {
  description = "URL of the queue, which the SDKs address it by."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the queue, e.g. the endpoint of an SNS subscription."
  value       = aws_sqs_queue.this.arn
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue, or null without one."
  value       = try(aws_sqs_queue.dead_letter[0].name, null)
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue, or null without one."
  value       = try(aws_sqs_queue.dead_letter[0].url, null)
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue, or null without one."
  value       = try(aws_sqs_queue.dead_letter[0].arn, null)
}

output "consumer_policy_json" {
  description = "IAM policy document (JSON) for a consumer of the queue: receive, delete and change the visibility of its messages, and read its attributes and URL. SSE-SQS needs no KMS permission."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid = "ConsumeQueue"
        Action = [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
        ]
        Effect   = "Allow"
        Resource = aws_sqs_queue.this.arn
      },
    ]
  })
}

output "producer_policy_json" {
  description = "IAM policy document (JSON) for a producer of the queue: send messages, and read its attributes and URL. SSE-SQS needs no KMS permission."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "SendToQueue"
        Action   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
        Effect   = "Allow"
        Resource = aws_sqs_queue.this.arn
      },
    ]
  })
}

output "alarm_arns" {
  description = "ARNs of the queue's CloudWatch alarms by kind: depth, age and, with a dead-letter queue, dead_letter; empty when alarms_enabled is false."
  value = merge(
    { for alarm in aws_cloudwatch_metric_alarm.depth : "depth" => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.age : "age" => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.dead_letter : "dead_letter" => alarm.arn },
  )
}

output "alarm_names" {
  description = "Names of the queue's CloudWatch alarms by kind: depth, age and, with a dead-letter queue, dead_letter; empty when alarms_enabled is false."
  value = merge(
    { for alarm in aws_cloudwatch_metric_alarm.depth : "depth" => alarm.alarm_name },
    { for alarm in aws_cloudwatch_metric_alarm.age : "age" => alarm.alarm_name },
    { for alarm in aws_cloudwatch_metric_alarm.dead_letter : "dead_letter" => alarm.alarm_name },
  )
}
