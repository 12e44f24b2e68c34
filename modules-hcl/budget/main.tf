locals {
  # AWS Budgets addresses a user-defined cost allocation tag as "user:<key>$<value>".
  # format() keeps the literal $ away from HCL's ${ } interpolation syntax.
  tag_filter_value = format("user:%s$%s", var.cost_allocation_tag_key, var.cost_allocation_tag_value)

  notifications = concat(
    [for t in var.actual_thresholds : { type = "ACTUAL", threshold = t }],
    [for t in var.forecast_thresholds : { type = "FORECASTED", threshold = t }],
  )

  sns_topic_arns = var.sns_enabled ? [var.sns_topic_arn] : []
}

resource "aws_budgets_budget" "this" {
  name         = var.name
  account_id   = var.account_id
  budget_type  = "COST"
  time_unit    = "MONTHLY"
  limit_amount = format("%.2f", var.limit_usd)
  limit_unit   = "USD"

  cost_filter {
    name   = "TagKeyValue"
    values = [local.tag_filter_value]
  }

  dynamic "notification" {
    for_each = local.notifications

    content {
      notification_type          = notification.value.type
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      subscriber_email_addresses = var.emails
      subscriber_sns_topic_arns  = local.sns_topic_arns
    }
  }

  tags = var.tags
}
