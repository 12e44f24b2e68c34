################################################################################
# Web ACL
################################################################################

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = "Web ACL ${var.name}: AWS managed rule groups and a per-IP rate limit"
  scope       = "REGIONAL"

  # Managed rule groups decide what to block; anything they let through is allowed.
  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = var.managed_rule_groups

    content {
      name     = rule.value
      priority = rule.key

      # "none" keeps the group's own block actions; "count" would only observe.
      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value
          vendor_name = "AWS"
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.value}"
        sampled_requests_enabled   = true
      }
    }
  }

  # Evaluated last, so requests the managed groups already block do not use up a client's budget.
  rule {
    name     = "rate-limit"
    priority = length(var.managed_rule_groups)

    action {
      block {
        custom_response {
          response_code = 429
        }
      }
    }

    statement {
      rate_based_statement {
        limit                 = var.rate_limit
        evaluation_window_sec = 300
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.associate ? 1 : 0

  resource_arn = var.resource_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}

################################################################################
# Logging
################################################################################

resource "aws_cloudwatch_log_group" "waf" {
  #checkov:skip=CKV_AWS_158:Encrypted at rest by CloudWatch Logs with a service key. A CMK (and its key policy for the logs service) is a per-account decision outside this module; credential headers are redacted before delivery.
  #checkov:skip=CKV_AWS_338:Retention is the log_retention_days input (90 days by default); WAF request logs are high-volume and environments that need a year set it.
  count = var.logging_enabled ? 1 : 0

  # WAF only delivers to log groups whose name starts with "aws-waf-logs-".
  name              = "aws-waf-logs-${var.name}"
  retention_in_days = var.log_retention_days

  tags = merge(var.tags, { Name = "aws-waf-logs-${var.name}" })
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  count = var.logging_enabled ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]

  # Credentials and session tokens must not end up in the logs.
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
