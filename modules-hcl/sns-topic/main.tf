locals {
  # A FIFO topic's name must end in .fifo.
  topic_name = var.fifo ? "${var.name}.fifo" : var.name
}

################################################################################
# Topic. Encrypted at rest with kms_master_key_id (default the AWS-managed alias/aws/sns, whose
# key policy lets every principal of the account use it through SNS). The topic's key does not
# matter to its subscribers: SNS decrypts a message before delivering it, and an SSE-SQS queue
# (the sqs-queue module) needs no key policy for SNS to send to it.
# https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
################################################################################

resource "aws_sns_topic" "this" {
  name                        = local.topic_name
  fifo_topic                  = var.fifo
  content_based_deduplication = var.content_based_deduplication
  kms_master_key_id           = var.kms_master_key_id

  tags = var.tags
}

# Replaces the default topic policy. It grants nothing: the account's own roles publish and
# subscribe through their IAM policies. It denies every publish or subscribe by a principal of
# another account (the topic's owner is its account), and every publish without TLS.
# https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html
resource "aws_sns_topic_policy" "this" {
  arn = aws_sns_topic.this.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "${local.topic_name}-access"
    Statement = [
      {
        Sid       = "DenyOtherAccounts"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["sns:Publish", "sns:Subscribe"]
        Resource  = aws_sns_topic.this.arn
        Condition = {
          StringNotEquals = { "aws:PrincipalAccount" = aws_sns_topic.this.owner }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.this.arn
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

################################################################################
# Queue subscriptions. Keyed by static names, so the set of subscriptions is known at plan time
# although the queue ARNs are not. A subscription to a queue of the same account needs no
# confirmation; the queue's policy must let this topic send (aws:SourceArn).
################################################################################

resource "aws_sns_topic_subscription" "this" {
  for_each = var.subscriptions

  topic_arn            = aws_sns_topic.this.arn
  protocol             = "sqs"
  endpoint             = each.value.queue_arn
  raw_message_delivery = each.value.raw_message_delivery
  filter_policy        = each.value.filter_policy
  filter_policy_scope  = each.value.filter_policy == null ? null : each.value.filter_policy_scope
}
