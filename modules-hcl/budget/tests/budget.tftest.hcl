mock_provider "aws" {}

variables {
  name                      = "shop-prod-monthly"
  limit_usd                 = 500
  cost_allocation_tag_value = "shop-prod"
  emails                    = ["finops@example.com", "oncall@example.com"]
  tags = {
    component = "budget"
  }
}

run "defaults" {
  command = plan

  assert {
    condition = (
      aws_budgets_budget.this.name == "shop-prod-monthly" &&
      aws_budgets_budget.this.budget_type == "COST" &&
      aws_budgets_budget.this.time_unit == "MONTHLY" &&
      aws_budgets_budget.this.limit_amount == "500.00" &&
      aws_budgets_budget.this.limit_unit == "USD"
    )
    error_message = "The budget must be a monthly USD cost budget with a two-decimal limit."
  }

  assert {
    condition     = length(aws_budgets_budget.this.cost_filter) == 1 && one(aws_budgets_budget.this.cost_filter).name == "TagKeyValue" && one(aws_budgets_budget.this.cost_filter).values == tolist(["user:Project$shop-prod"])
    error_message = "The budget must filter on user:<tag key>$<tag value>."
  }

  assert {
    condition     = length(aws_budgets_budget.this.notification) == 3
    error_message = "Default thresholds must give two actual and one forecast notification."
  }

  assert {
    condition     = toset([for n in aws_budgets_budget.this.notification : "${n.notification_type}@${n.threshold}"]) == toset(["ACTUAL@80", "ACTUAL@100", "FORECASTED@100"])
    error_message = "Notifications must follow actual_thresholds and forecast_thresholds."
  }

  assert {
    condition = alltrue([
      for n in aws_budgets_budget.this.notification :
      n.comparison_operator == "GREATER_THAN" && n.threshold_type == "PERCENTAGE" && n.subscriber_email_addresses == toset(var.emails) && length(n.subscriber_sns_topic_arns) == 0
    ])
    error_message = "Every notification must be a percentage GREATER_THAN alert to the emails and no SNS topic."
  }

  assert {
    condition     = aws_budgets_budget.this.tags["component"] == "budget"
    error_message = "Tags must be applied."
  }
}

run "custom_thresholds_and_limit" {
  command = plan

  variables {
    limit_usd               = 1234.5
    actual_thresholds       = [50, 75, 90, 100, 150]
    forecast_thresholds     = [100, 120]
    cost_allocation_tag_key = "Environment"
    account_id              = "123456789012"
  }

  assert {
    condition     = length(aws_budgets_budget.this.notification) == 7
    error_message = "Five actual plus two forecast thresholds must give seven notifications."
  }

  assert {
    condition     = length([for n in aws_budgets_budget.this.notification : n if n.notification_type == "ACTUAL"]) == 5 && length([for n in aws_budgets_budget.this.notification : n if n.notification_type == "FORECASTED"]) == 2
    error_message = "Notification types must match the threshold lists."
  }

  assert {
    condition     = aws_budgets_budget.this.limit_amount == "1234.50" && aws_budgets_budget.this.account_id == "123456789012"
    error_message = "limit_amount must have two decimals and account_id must be passed through."
  }

  assert {
    condition     = one(aws_budgets_budget.this.cost_filter).values == tolist(["user:Environment$shop-prod"])
    error_message = "The cost filter must use cost_allocation_tag_key."
  }
}

run "forecast_only" {
  command = plan

  variables {
    actual_thresholds = []
  }

  assert {
    condition     = length(aws_budgets_budget.this.notification) == 1 && one(aws_budgets_budget.this.notification).notification_type == "FORECASTED"
    error_message = "An empty actual_thresholds list must leave only the forecast notification."
  }
}

run "sns_enabled" {
  command = plan

  variables {
    emails        = []
    sns_enabled   = true
    sns_topic_arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-budget"
  }

  assert {
    condition = alltrue([
      for n in aws_budgets_budget.this.notification :
      n.subscriber_sns_topic_arns == toset(["arn:aws:sns:eu-west-1:123456789012:shop-prod-budget"]) && length(n.subscriber_email_addresses) == 0
    ])
    error_message = "With sns_enabled every notification must go to the topic."
  }
}

run "sns_and_email" {
  command = plan

  variables {
    sns_enabled   = true
    sns_topic_arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-budget"
  }

  assert {
    condition     = alltrue([for n in aws_budgets_budget.this.notification : length(n.subscriber_sns_topic_arns) == 1 && length(n.subscriber_email_addresses) == 2])
    error_message = "Emails and the topic must both be subscribed."
  }
}

run "sns_arn_ignored_when_disabled" {
  command = plan

  variables {
    sns_topic_arn = "arn:aws:sns:eu-west-1:123456789012:shop-prod-budget"
  }

  assert {
    condition     = alltrue([for n in aws_budgets_budget.this.notification : length(n.subscriber_sns_topic_arns) == 0])
    error_message = "sns_topic_arn must not be subscribed unless sns_enabled."
  }
}

run "outputs" {
  command = apply

  override_resource {
    target = aws_budgets_budget.this
    values = {
      id = "123456789012:shop-prod-monthly"
    }
  }

  assert {
    condition     = output.budget_name == "shop-prod-monthly" && output.budget_id == "123456789012:shop-prod-monthly"
    error_message = "Outputs must expose the budget name and id."
  }
}

run "rejects_zero_threshold" {
  command = plan

  variables {
    actual_thresholds = [0, 100]
  }

  expect_failures = [var.actual_thresholds]
}

run "rejects_threshold_above_1000" {
  command = plan

  variables {
    forecast_thresholds = [1500]
  }

  expect_failures = [var.forecast_thresholds]
}

run "rejects_duplicate_thresholds" {
  command = plan

  variables {
    actual_thresholds = [80, 80]
  }

  expect_failures = [var.actual_thresholds]
}

run "rejects_no_subscribers" {
  command = plan

  variables {
    emails = []
  }

  expect_failures = [var.emails]
}

run "rejects_sns_enabled_without_topic" {
  command = plan

  variables {
    emails      = []
    sns_enabled = true
  }

  expect_failures = [var.sns_topic_arn]
}

run "rejects_too_many_emails" {
  command = plan

  variables {
    emails = [for i in range(11) : "user${i}@example.com"]
  }

  expect_failures = [var.emails]
}

run "rejects_too_many_notifications" {
  command = plan

  variables {
    actual_thresholds   = [10, 20, 30, 40, 50, 60, 70, 80]
    forecast_thresholds = [90, 100, 110]
  }

  expect_failures = [var.forecast_thresholds]
}

run "rejects_no_notifications" {
  command = plan

  variables {
    actual_thresholds   = []
    forecast_thresholds = []
  }

  expect_failures = [var.forecast_thresholds]
}

run "rejects_non_positive_limit" {
  command = plan

  variables {
    limit_usd = 0
  }

  expect_failures = [var.limit_usd]
}

run "rejects_bad_email" {
  command = plan

  variables {
    emails = ["finops"]
  }

  expect_failures = [var.emails]
}
