locals {
  # A FIFO queue's name must end in .fifo, and its dead-letter queue must be FIFO too.
  suffix            = var.fifo ? ".fifo" : ""
  queue_name        = "${var.name}${local.suffix}"
  dead_letter_name  = "${var.name}-dlq${local.suffix}"
  dead_letter_count = var.dead_letter_enabled ? 1 : 0
  alarm_count       = var.alarms_enabled ? 1 : 0

  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  # The alarms look at 5-minute maxima of the queue metrics.
  # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
  alarm_period = 300
}

################################################################################
# Queues. SSE-SQS (keys owned by SQS) rather than SSE-KMS: SNS can deliver to an SSE-SQS queue
# without any key policy, whereas a queue encrypted with a KMS key needs a customer-managed key
# whose policy admits sns.amazonaws.com (the AWS-managed alias/aws/sqs key cannot be used at all:
# its policy cannot be changed).
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
################################################################################

resource "aws_sqs_queue" "dead_letter" {
  count = local.dead_letter_count

  name                      = local.dead_letter_name
  fifo_queue                = var.fifo
  message_retention_seconds = var.dead_letter_retention_seconds
  receive_wait_time_seconds = var.receive_wait_time_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here. A queue's messages are
    # lost with it.
    prevent_destroy = false
  }
}

resource "aws_sqs_queue" "this" {
  name                        = local.queue_name
  fifo_queue                  = var.fifo
  content_based_deduplication = var.content_based_deduplication
  visibility_timeout_seconds  = var.visibility_timeout_seconds
  message_retention_seconds   = var.message_retention_seconds
  delay_seconds               = var.delay_seconds
  receive_wait_time_seconds   = var.receive_wait_time_seconds
  sqs_managed_sse_enabled     = true

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here. A queue's messages are
    # lost with it.
    prevent_destroy = false
  }
}

# A resource of its own rather than the queue's redrive_policy argument: that argument is
# optional and computed, so setting it to null when the dead-letter queue goes away would keep
# the old policy; destroying this resource clears it.
resource "aws_sqs_queue_redrive_policy" "this" {
  count = local.dead_letter_count

  queue_url = aws_sqs_queue.this.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[0].arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Only this queue may use the dead-letter queue as its dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  count = local.dead_letter_count

  queue_url = aws_sqs_queue.dead_letter[0].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

################################################################################
# Queue policies. Every request without TLS is refused; SNS may send on behalf of exactly the
# topics in publisher_topic_arns (aws:SourceArn, the confused-deputy protection SNS documents).
# Everything else (the services' producers and consumers) comes from IAM in the same account.
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html
# https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
################################################################################

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = "*"
          Action    = "sqs:*"
          Resource  = aws_sqs_queue.this.arn
          Condition = {
            Bool = { "aws:SecureTransport" = "false" }
          }
        },
      ],
      length(var.publisher_topic_arns) == 0 ? [] : [
        {
          Sid       = "AllowSubscribedTopics"
          Effect    = "Allow"
          Principal = { Service = "sns.amazonaws.com" }
          Action    = "sqs:SendMessage"
          Resource  = aws_sqs_queue.this.arn
          Condition = {
            ArnEquals = { "aws:SourceArn" = var.publisher_topic_arns }
          }
        },
      ],
    )
  })
}

resource "aws_sqs_queue_policy" "dead_letter" {
  count = local.dead_letter_count

  queue_url = aws_sqs_queue.dead_letter[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.dead_letter[0].arn
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

################################################################################
# Alarms, unless alarms_enabled is false (the environment's alarms are off). They notify only
# when alarm_topic_arn is set. Missing data (an idle queue) is not breaching.
################################################################################

resource "aws_cloudwatch_metric_alarm" "depth" {
  count = local.alarm_count

  alarm_name          = "${local.queue_name}-depth-high"
  alarm_description   = "More than ${var.depth_alarm_threshold} messages have waited in ${local.queue_name} for 15 minutes: its consumers fall behind."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.this.name }
  statistic           = "Maximum"
  period              = local.alarm_period
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.depth_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "age" {
  count = local.alarm_count

  alarm_name          = "${local.queue_name}-oldest-message-age-high"
  alarm_description   = "The oldest message in ${local.queue_name} has waited more than ${var.age_alarm_seconds} seconds: messages are stuck or nothing consumes them."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.this.name }
  statistic           = "Maximum"
  period              = local.alarm_period
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.age_alarm_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  count = var.alarms_enabled ? local.dead_letter_count : 0

  alarm_name          = "${local.dead_letter_name}-not-empty"
  alarm_description   = "Messages of ${local.queue_name} failed ${var.max_receive_count} times and wait in ${local.dead_letter_name}: inspect them, then redrive or delete them."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter[0].name }
  statistic           = "Maximum"
  period              = local.alarm_period
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}
