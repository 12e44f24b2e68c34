mock_provider "aws" {
  mock_resource "aws_sns_topic" {
    defaults = {
      arn   = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events"
      owner = "123456789012"
    }
  }
}

override_resource {
  target = aws_sns_topic_subscription.this["billing"]
  values = { arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events:11111111-2222-3333-4444-555555555555" }
}

override_resource {
  target = aws_sns_topic_subscription.this["shipping"]
  values = { arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events:66666666-7777-8888-9999-000000000000" }
}

variables {
  name = "shop-prod-order-events"
  tags = {
    component = "orders"
  }
}

run "defaults" {
  command = apply

  assert {
    condition = (
      aws_sns_topic.this.name == "shop-prod-order-events" &&
      aws_sns_topic.this.fifo_topic == false &&
      aws_sns_topic.this.content_based_deduplication == false &&
      aws_sns_topic.this.tags["component"] == "orders"
    )
    error_message = "The topic must be a standard topic named name and carry the tags."
  }

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == "alias/aws/sns"
    error_message = "The topic must be encrypted with the AWS-managed SNS key by default."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.this) == 0 && output.subscription_arns == {}
    error_message = "Without subscriptions the topic has none."
  }

  assert {
    condition     = aws_sns_topic_policy.this.arn == "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events"
    error_message = "The policy must be attached to the topic."
  }

  assert {
    condition = jsondecode(aws_sns_topic_policy.this.policy).Statement[0] == {
      Sid       = "DenyOtherAccounts"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["sns:Publish", "sns:Subscribe"]
      Resource  = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events"
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = "123456789012" } }
    }
    error_message = "Only principals of the owning account may publish or subscribe."
  }

  assert {
    condition = jsondecode(aws_sns_topic_policy.this.policy).Statement[1] == {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }
    error_message = "Publishing without TLS must be denied."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_sns_topic_policy.this.policy).Statement : s.Effect == "Deny"])
    error_message = "The topic policy must grant nothing; access comes from IAM in the owning account."
  }

  assert {
    condition = (
      output.topic_name == "shop-prod-order-events" &&
      output.topic_arn == "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events" &&
      jsondecode(output.publisher_policy_json).Statement == [
        {
          Sid      = "PublishToTopic"
          Effect   = "Allow"
          Action   = "sns:Publish"
          Resource = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events"
        },
      ]
    )
    error_message = "The outputs must expose the topic and a publish-only policy for it."
  }
}

run "fifo" {
  command = plan

  variables {
    fifo                        = true
    content_based_deduplication = true
    subscriptions = {
      ledger = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-ledger.fifo" }
      audit  = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-audit" }
    }
  }

  assert {
    condition     = aws_sns_topic.this.name == "shop-prod-order-events.fifo" && aws_sns_topic.this.fifo_topic && aws_sns_topic.this.content_based_deduplication
    error_message = "A FIFO topic must be named <name>.fifo and deduplicate by content when asked."
  }

  assert {
    condition     = toset(keys(aws_sns_topic_subscription.this)) == toset(["ledger", "audit"])
    error_message = "A FIFO topic must deliver to FIFO and standard queues alike."
  }
}

run "subscriptions" {
  command = apply

  variables {
    subscriptions = {
      billing = {
        queue_arn     = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-billing"
        filter_policy = jsonencode({ event = ["order.placed", "order.paid"] })
      }
      shipping = {
        queue_arn            = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-shipping"
        raw_message_delivery = false
        filter_policy        = jsonencode({ kind = ["physical"] })
        filter_policy_scope  = "MessageBody"
      }
    }
  }

  assert {
    condition = alltrue([
      for s in aws_sns_topic_subscription.this :
      s.protocol == "sqs" && s.topic_arn == "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events"
    ])
    error_message = "Every subscription must deliver the topic to an SQS queue."
  }

  assert {
    condition = (
      aws_sns_topic_subscription.this["billing"].endpoint == "arn:aws:sqs:eu-west-1:123456789012:shop-prod-billing" &&
      aws_sns_topic_subscription.this["billing"].raw_message_delivery == true &&
      jsondecode(aws_sns_topic_subscription.this["billing"].filter_policy) == { event = ["order.placed", "order.paid"] } &&
      aws_sns_topic_subscription.this["billing"].filter_policy_scope == "MessageAttributes"
    )
    error_message = "A subscription must default to raw delivery and filter on message attributes."
  }

  assert {
    condition = (
      aws_sns_topic_subscription.this["shipping"].endpoint == "arn:aws:sqs:eu-west-1:123456789012:shop-prod-shipping" &&
      aws_sns_topic_subscription.this["shipping"].raw_message_delivery == false &&
      aws_sns_topic_subscription.this["shipping"].filter_policy_scope == "MessageBody"
    )
    error_message = "raw_message_delivery and filter_policy_scope must be passed through."
  }

  assert {
    condition = output.subscription_arns == {
      billing  = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events:11111111-2222-3333-4444-555555555555"
      shipping = "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events:66666666-7777-8888-9999-000000000000"
    }
    error_message = "subscription_arns must map each key to its subscription."
  }
}

run "subscription_without_filter" {
  command = plan

  variables {
    subscriptions = {
      billing = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-billing" }
    }
  }

  assert {
    condition     = aws_sns_topic_subscription.this["billing"].filter_policy == null
    error_message = "Without a filter_policy every message is delivered."
  }
}

run "customer_managed_key" {
  command = plan

  variables {
    kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "kms_master_key_id must be passed through."
  }
}

run "rejects_name_with_dot" {
  command = plan

  variables {
    name = "shop-prod-order.events"
  }

  expect_failures = [var.name]
}

run "rejects_name_too_long_for_fifo_suffix" {
  command = plan

  variables {
    name = join("", [for i in range(252) : "a"])
  }

  expect_failures = [var.name]
}

run "rejects_content_based_deduplication_on_standard_topic" {
  command = plan

  variables {
    content_based_deduplication = true
  }

  expect_failures = [var.content_based_deduplication]
}

run "rejects_key_that_is_not_a_key" {
  command = plan

  variables {
    kms_master_key_id = "aws/sns"
  }

  expect_failures = [var.kms_master_key_id]
}

run "rejects_subscription_that_is_not_a_queue" {
  command = plan

  variables {
    subscriptions = {
      billing = { queue_arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-billing" }
    }
  }

  expect_failures = [var.subscriptions]
}

run "rejects_fifo_queue_on_standard_topic" {
  command = plan

  variables {
    subscriptions = {
      ledger = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-ledger.fifo" }
    }
  }

  expect_failures = [var.subscriptions]
}

run "rejects_filter_policy_that_is_not_an_object" {
  command = plan

  variables {
    subscriptions = {
      billing = {
        queue_arn     = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-billing"
        filter_policy = "[\"order.placed\"]"
      }
    }
  }

  expect_failures = [var.subscriptions]
}

run "rejects_filter_policy_with_six_keys" {
  command = plan

  variables {
    subscriptions = {
      billing = {
        queue_arn     = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-billing"
        filter_policy = jsonencode({ a = ["1"], b = ["2"], c = ["3"], d = ["4"], e = ["5"], f = ["6"] })
      }
    }
  }

  expect_failures = [var.subscriptions]
}

run "rejects_unknown_filter_policy_scope" {
  command = plan

  variables {
    subscriptions = {
      billing = {
        queue_arn           = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-billing"
        filter_policy       = jsonencode({ event = ["order.placed"] })
        filter_policy_scope = "Headers"
      }
    }
  }

  expect_failures = [var.subscriptions]
}
