mock_provider "aws" {}

# The two queues need distinct ARNs and URLs for the redrive and queue policies to be checked.
override_resource {
  target = aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders"
  }
}

override_resource {
  target = aws_sqs_queue.dead_letter
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders-dlq"
  }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.depth
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-prod-orders-depth-high" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.age
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-prod-orders-oldest-message-age-high" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.dead_letter
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-prod-orders-dlq-not-empty" }
}

variables {
  name = "shop-prod-orders"
  tags = {
    component = "orders"
  }
}

run "defaults" {
  command = apply

  assert {
    condition = (
      aws_sqs_queue.this.name == "shop-prod-orders" &&
      aws_sqs_queue.this.fifo_queue == false &&
      aws_sqs_queue.this.content_based_deduplication == false &&
      aws_sqs_queue.this.visibility_timeout_seconds == 30 &&
      aws_sqs_queue.this.message_retention_seconds == 345600 &&
      aws_sqs_queue.this.delay_seconds == 0 &&
      aws_sqs_queue.this.receive_wait_time_seconds == 20 &&
      aws_sqs_queue.this.tags["component"] == "orders"
    )
    error_message = "The queue must be a standard queue with the default timings (30 s visibility, 4 days retention, no delay, long polling) and the tags."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dead_letter[0].sqs_managed_sse_enabled && aws_sqs_queue.this.kms_master_key_id == null
    error_message = "Both queues must be encrypted with SSE-SQS, which SNS can deliver to without a key policy."
  }

  assert {
    condition = (
      length(aws_sqs_queue.dead_letter) == 1 &&
      aws_sqs_queue.dead_letter[0].name == "shop-prod-orders-dlq" &&
      aws_sqs_queue.dead_letter[0].fifo_queue == false &&
      aws_sqs_queue.dead_letter[0].message_retention_seconds == 1209600
    )
    error_message = "A dead-letter queue <name>-dlq keeping messages 14 days must exist by default."
  }

  assert {
    condition = (
      aws_sqs_queue_redrive_policy.this[0].queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders" &&
      jsondecode(aws_sqs_queue_redrive_policy.this[0].redrive_policy) == {
        deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders-dlq"
        maxReceiveCount     = 5
      }
    )
    error_message = "The queue must move a message to its dead-letter queue after 5 receives."
  }

  assert {
    condition = (
      aws_sqs_queue_redrive_allow_policy.dead_letter[0].queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders-dlq" &&
      jsondecode(aws_sqs_queue_redrive_allow_policy.dead_letter[0].redrive_allow_policy) == {
        redrivePermission = "byQueue"
        sourceQueueArns   = ["arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders"]
      }
    )
    error_message = "Only the queue itself may use the dead-letter queue."
  }

  assert {
    condition = (
      aws_sqs_queue_policy.this.queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders" &&
      jsondecode(aws_sqs_queue_policy.this.policy).Statement == [
        {
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = "*"
          Action    = "sqs:*"
          Resource  = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders"
          Condition = { Bool = { "aws:SecureTransport" = "false" } }
        },
      ]
    )
    error_message = "Without subscribed topics the queue policy must only deny requests without TLS."
  }

  assert {
    condition = (
      aws_sqs_queue_policy.dead_letter[0].queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders-dlq" &&
      alltrue([for s in jsondecode(aws_sqs_queue_policy.dead_letter[0].policy).Statement : s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false" && s.Resource == "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders-dlq"])
    )
    error_message = "The dead-letter queue must deny requests without TLS and grant nothing."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.depth[0].metric_name == "ApproximateNumberOfMessagesVisible" &&
      aws_cloudwatch_metric_alarm.depth[0].namespace == "AWS/SQS" &&
      aws_cloudwatch_metric_alarm.depth[0].dimensions["QueueName"] == "shop-prod-orders" &&
      aws_cloudwatch_metric_alarm.depth[0].threshold == 1000 &&
      aws_cloudwatch_metric_alarm.depth[0].comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.depth[0].period == 300 &&
      aws_cloudwatch_metric_alarm.depth[0].evaluation_periods == 3 &&
      aws_cloudwatch_metric_alarm.depth[0].datapoints_to_alarm == 3
    )
    error_message = "The depth alarm must fire on more than 1000 visible messages for three 5-minute periods."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.age[0].metric_name == "ApproximateAgeOfOldestMessage" &&
      aws_cloudwatch_metric_alarm.age[0].dimensions["QueueName"] == "shop-prod-orders" &&
      aws_cloudwatch_metric_alarm.age[0].threshold == 900
    )
    error_message = "The age alarm must fire when the oldest message is older than 15 minutes."
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.dead_letter) == 1 &&
      aws_cloudwatch_metric_alarm.dead_letter[0].dimensions["QueueName"] == "shop-prod-orders-dlq" &&
      aws_cloudwatch_metric_alarm.dead_letter[0].metric_name == "ApproximateNumberOfMessagesVisible" &&
      aws_cloudwatch_metric_alarm.dead_letter[0].threshold == 0 &&
      aws_cloudwatch_metric_alarm.dead_letter[0].comparison_operator == "GreaterThanThreshold"
    )
    error_message = "The dead-letter alarm must fire on any message in the dead-letter queue."
  }

  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.depth[0], aws_cloudwatch_metric_alarm.age[0], aws_cloudwatch_metric_alarm.dead_letter[0]] :
      alarm.treat_missing_data == "notBreaching" && length(alarm.alarm_actions) == 0 && length(alarm.ok_actions) == 0 && alarm.tags["component"] == "orders"
    ])
    error_message = "Without alarm_topic_arn the alarms must exist without actions, treat missing data as not breaching and carry the tags."
  }

  assert {
    condition = (
      output.queue_name == "shop-prod-orders" &&
      output.queue_arn == "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders" &&
      output.queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders" &&
      output.dead_letter_queue_name == "shop-prod-orders-dlq" &&
      output.dead_letter_queue_arn == "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders-dlq" &&
      output.dead_letter_queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-prod-orders-dlq"
    )
    error_message = "The queue outputs must follow the queues."
  }

  assert {
    condition = output.alarm_arns == {
      depth       = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-prod-orders-depth-high"
      age         = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-prod-orders-oldest-message-age-high"
      dead_letter = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-prod-orders-dlq-not-empty"
    }
    error_message = "alarm_arns must map each kind of alarm to its ARN."
  }

  assert {
    condition = output.alarm_names == {
      depth       = "shop-prod-orders-depth-high"
      age         = "shop-prod-orders-oldest-message-age-high"
      dead_letter = "shop-prod-orders-dlq-not-empty"
    }
    error_message = "alarm_names must map each kind of alarm to its name."
  }

  assert {
    condition = jsondecode(output.consumer_policy_json).Statement == [
      {
        Sid      = "ConsumeQueue"
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
        Resource = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders"
      },
    ]
    error_message = "The consumer policy must allow receiving, deleting and delaying messages of this queue only."
  }

  assert {
    condition = jsondecode(output.producer_policy_json).Statement == [
      {
        Sid      = "SendToQueue"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
        Resource = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders"
      },
    ]
    error_message = "The producer policy must allow sending to this queue only."
  }
}

run "fifo" {
  command = plan

  variables {
    fifo                        = true
    content_based_deduplication = true
  }

  assert {
    condition = (
      aws_sqs_queue.this.name == "shop-prod-orders.fifo" &&
      aws_sqs_queue.this.fifo_queue &&
      aws_sqs_queue.this.content_based_deduplication
    )
    error_message = "A FIFO queue must be named <name>.fifo and deduplicate by content when asked."
  }

  assert {
    condition     = aws_sqs_queue.dead_letter[0].name == "shop-prod-orders-dlq.fifo" && aws_sqs_queue.dead_letter[0].fifo_queue
    error_message = "A FIFO queue's dead-letter queue must be FIFO too, named <name>-dlq.fifo."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.depth[0].dimensions["QueueName"] == "shop-prod-orders.fifo" &&
      aws_cloudwatch_metric_alarm.dead_letter[0].dimensions["QueueName"] == "shop-prod-orders-dlq.fifo" &&
      aws_cloudwatch_metric_alarm.depth[0].alarm_name == "shop-prod-orders.fifo-depth-high"
    )
    error_message = "The alarms must watch the FIFO queues by their full names."
  }

  assert {
    condition     = output.queue_name == "shop-prod-orders.fifo"
    error_message = "queue_name must carry the .fifo suffix."
  }
}

run "settings_pass_through" {
  command = plan

  variables {
    visibility_timeout_seconds = 600
    message_retention_seconds  = 86400
    delay_seconds              = 30
    receive_wait_time_seconds  = 5
    max_receive_count          = 10
    depth_alarm_threshold      = 50
    age_alarm_seconds          = 3600
  }

  assert {
    condition = (
      aws_sqs_queue.this.visibility_timeout_seconds == 600 &&
      aws_sqs_queue.this.message_retention_seconds == 86400 &&
      aws_sqs_queue.this.delay_seconds == 30 &&
      aws_sqs_queue.this.receive_wait_time_seconds == 5
    )
    error_message = "The queue settings must be passed through."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.depth[0].threshold == 50 && aws_cloudwatch_metric_alarm.age[0].threshold == 3600
    error_message = "The alarm thresholds must be passed through."
  }
}

run "without_dead_letter_queue" {
  command = apply

  variables {
    dead_letter_enabled = false
  }

  assert {
    condition = (
      length(aws_sqs_queue.dead_letter) == 0 &&
      length(aws_sqs_queue_redrive_policy.this) == 0 &&
      length(aws_sqs_queue_redrive_allow_policy.dead_letter) == 0 &&
      length(aws_sqs_queue_policy.dead_letter) == 0 &&
      length(aws_cloudwatch_metric_alarm.dead_letter) == 0
    )
    error_message = "dead_letter_enabled = false must create no dead-letter queue, policy or alarm."
  }

  assert {
    condition     = output.dead_letter_queue_name == null && output.dead_letter_queue_url == null && output.dead_letter_queue_arn == null
    error_message = "The dead-letter outputs must be null without a dead-letter queue."
  }

  assert {
    condition     = keys(output.alarm_arns) == ["age", "depth"] && keys(output.alarm_names) == ["age", "depth"]
    error_message = "Without a dead-letter queue only the depth and age alarms exist."
  }
}

run "subscribed_topics_may_send" {
  command = apply

  variables {
    publisher_topic_arns = [
      "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events",
      "arn:aws:sns:eu-west-1:123456789012:shop-prod-payments",
    ]
  }

  assert {
    condition = jsondecode(aws_sqs_queue_policy.this.policy).Statement[1] == {
      Sid       = "AllowSubscribedTopics"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders"
      Condition = {
        ArnEquals = {
          "aws:SourceArn" = [
            "arn:aws:sns:eu-west-1:123456789012:shop-prod-order-events",
            "arn:aws:sns:eu-west-1:123456789012:shop-prod-payments",
          ]
        }
      }
    }
    error_message = "SNS must be allowed to send on behalf of exactly the subscribed topics."
  }

  assert {
    condition     = length(jsondecode(aws_sqs_queue_policy.this.policy).Statement) == 2 && jsondecode(aws_sqs_queue_policy.this.policy).Statement[0].Sid == "DenyInsecureTransport"
    error_message = "The TLS-only statement must stay first, next to the topics' grant."
  }
}

run "alarm_actions" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-alarms"
  }

  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.depth[0], aws_cloudwatch_metric_alarm.age[0], aws_cloudwatch_metric_alarm.dead_letter[0]] :
      alarm.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:shop-prod-alarms"]) && alarm.ok_actions == toset(["arn:aws:sns:eu-west-1:123456789012:shop-prod-alarms"])
    ])
    error_message = "Every alarm must notify the alarm topic when it fires and when it recovers."
  }
}

run "rejects_name_with_dot" {
  command = plan

  variables {
    name = "shop-prod-orders.v2"
  }

  expect_failures = [var.name]
}

run "rejects_name_too_long_for_the_dead_letter_queue" {
  command = plan

  variables {
    # 72 characters: <name>-dlq.fifo would be 81.
    name = "shop-prod-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij"
  }

  expect_failures = [var.name]
}

run "accepts_longest_name" {
  command = plan

  variables {
    # 71 characters: <name>-dlq.fifo is exactly 80.
    name = "shop-prod-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghi"
    fifo = true
  }

  assert {
    condition     = length(aws_sqs_queue.dead_letter[0].name) == 80
    error_message = "The longest name must give an 80-character dead-letter queue name."
  }
}

run "rejects_content_based_deduplication_on_standard_queue" {
  command = plan

  variables {
    content_based_deduplication = true
  }

  expect_failures = [var.content_based_deduplication]
}

run "rejects_visibility_timeout_over_12_hours" {
  command = plan

  variables {
    visibility_timeout_seconds = 43201
  }

  expect_failures = [var.visibility_timeout_seconds]
}

run "rejects_retention_under_a_minute" {
  command = plan

  variables {
    message_retention_seconds = 59
  }

  expect_failures = [var.message_retention_seconds]
}

run "rejects_delay_over_15_minutes" {
  command = plan

  variables {
    delay_seconds = 901
  }

  expect_failures = [var.delay_seconds]
}

run "rejects_receive_wait_over_20_seconds" {
  command = plan

  variables {
    receive_wait_time_seconds = 21
  }

  expect_failures = [var.receive_wait_time_seconds]
}

run "rejects_zero_max_receive_count" {
  command = plan

  variables {
    max_receive_count = 0
  }

  expect_failures = [var.max_receive_count]
}

run "rejects_dead_letter_retention_over_14_days" {
  command = plan

  variables {
    dead_letter_retention_seconds = 1209601
  }

  expect_failures = [var.dead_letter_retention_seconds]
}

run "rejects_dead_letter_retention_below_queue_retention" {
  command = plan

  variables {
    message_retention_seconds     = 604800
    dead_letter_retention_seconds = 86400
  }

  expect_failures = [var.dead_letter_retention_seconds]
}

run "rejects_publisher_that_is_not_a_topic" {
  command = plan

  variables {
    publisher_topic_arns = ["arn:aws:sqs:eu-west-1:123456789012:shop-prod-other"]
  }

  expect_failures = [var.publisher_topic_arns]
}

run "rejects_alarm_topic_that_is_not_a_topic" {
  command = plan

  variables {
    alarm_topic_arn = "shop-prod-alarms"
  }

  expect_failures = [var.alarm_topic_arn]
}

run "rejects_zero_depth_threshold" {
  command = plan

  variables {
    depth_alarm_threshold = 0
  }

  expect_failures = [var.depth_alarm_threshold]
}

run "rejects_age_alarm_under_a_minute" {
  command = plan

  variables {
    age_alarm_seconds = 30
  }

  expect_failures = [var.age_alarm_seconds]
}

run "rejects_age_alarm_at_retention" {
  command = plan

  variables {
    message_retention_seconds = 86400
    age_alarm_seconds         = 86400
  }

  expect_failures = [var.age_alarm_seconds]
}

run "alarms_off" {
  command = plan

  variables {
    alarms_enabled = false
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.depth) == 0 &&
      length(aws_cloudwatch_metric_alarm.age) == 0 &&
      length(aws_cloudwatch_metric_alarm.dead_letter) == 0 &&
      length(aws_sqs_queue.dead_letter) == 1
    )
    error_message = "With alarms off the queue keeps its dead-letter queue but has no alarms."
  }
}
