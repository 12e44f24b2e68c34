mock_provider "aws" {
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-shop-prod"
    }
  }

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-prod/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
      id  = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
    }
  }
}

variables {
  name         = "shop-prod"
  rate_limit   = 2000
  resource_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-prod/50dc6c495c0c9188"
  tags = {
    component = "edge"
  }
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_wafv2_web_acl.this.name == "shop-prod" && aws_wafv2_web_acl.this.scope == "REGIONAL"
    error_message = "The web ACL must be regional (for an ALB) and named after name."
  }

  assert {
    condition     = length(aws_wafv2_web_acl.this.default_action[0].allow) == 1 && length(aws_wafv2_web_acl.this.default_action[0].block) == 0
    error_message = "The default action must be allow; the rules decide what to block."
  }

  assert {
    condition     = length(aws_wafv2_web_acl.this.rule) == 4
    error_message = "Three default managed rule groups plus the rate-based rule."
  }

  assert {
    condition = { for rule in aws_wafv2_web_acl.this.rule : rule.name => rule.priority } == {
      AWSManagedRulesCommonRuleSet          = 0
      AWSManagedRulesKnownBadInputsRuleSet  = 1
      AWSManagedRulesAmazonIpReputationList = 2
      rate-limit                            = 3
    }
    error_message = "Managed groups are prioritised by list index and the rate-based rule comes last."
  }

  assert {
    condition = alltrue([
      for rule in aws_wafv2_web_acl.this.rule :
      length(rule.override_action[0].none) == 1 &&
      length(rule.override_action[0].count) == 0 &&
      rule.statement[0].managed_rule_group_statement[0].name == rule.name &&
      rule.statement[0].managed_rule_group_statement[0].vendor_name == "AWS"
      if rule.name != "rate-limit"
    ])
    error_message = "Every managed rule group keeps its own actions (override_action none) and is vendor AWS."
  }

  assert {
    condition = alltrue([
      for rule in aws_wafv2_web_acl.this.rule :
      length(rule.action) == 1 &&
      rule.action[0].block[0].custom_response[0].response_code == 429 &&
      rule.statement[0].rate_based_statement[0].limit == 2000 &&
      rule.statement[0].rate_based_statement[0].aggregate_key_type == "IP" &&
      rule.statement[0].rate_based_statement[0].evaluation_window_sec == 300
      if rule.name == "rate-limit"
    ])
    error_message = "The rate-based rule must block (429) per IP at rate_limit requests per 5 minutes."
  }

  assert {
    condition = alltrue([
      for rule in aws_wafv2_web_acl.this.rule :
      rule.visibility_config[0].cloudwatch_metrics_enabled &&
      rule.visibility_config[0].sampled_requests_enabled &&
      rule.visibility_config[0].metric_name == "shop-prod-${rule.name}"
    ])
    error_message = "Every rule must emit metrics and sampled requests under \"<name>-<rule>\"."
  }

  assert {
    condition = (
      aws_wafv2_web_acl.this.visibility_config[0].cloudwatch_metrics_enabled &&
      aws_wafv2_web_acl.this.visibility_config[0].sampled_requests_enabled &&
      aws_wafv2_web_acl.this.visibility_config[0].metric_name == "shop-prod"
    )
    error_message = "The web ACL itself must emit metrics and sampled requests."
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 1 && aws_wafv2_web_acl_association.this[0].resource_arn == "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-prod/50dc6c495c0c9188"
    error_message = "The web ACL must be associated with resource_arn by default."
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.waf) == 1 && aws_cloudwatch_log_group.waf[0].name == "aws-waf-logs-shop-prod" && aws_cloudwatch_log_group.waf[0].retention_in_days == 90
    error_message = "Logging is on by default, to \"aws-waf-logs-<name>\" kept for 90 days."
  }

  assert {
    condition = length(aws_wafv2_web_acl_logging_configuration.this) == 1 && toset([
      for field in aws_wafv2_web_acl_logging_configuration.this[0].redacted_fields : field.single_header[0].name
    ]) == toset(["authorization", "cookie"])
    error_message = "The logging configuration must redact the authorization and cookie headers."
  }

  assert {
    condition     = aws_wafv2_web_acl.this.tags["component"] == "edge" && aws_cloudwatch_log_group.waf[0].tags["component"] == "edge"
    error_message = "The tags variable must be applied to taggable resources."
  }
}

run "wired_together" {
  command = apply

  assert {
    condition     = aws_wafv2_web_acl_association.this[0].web_acl_arn == aws_wafv2_web_acl.this.arn
    error_message = "The association must attach this web ACL."
  }

  assert {
    condition = (
      aws_wafv2_web_acl_logging_configuration.this[0].resource_arn == aws_wafv2_web_acl.this.arn &&
      aws_wafv2_web_acl_logging_configuration.this[0].log_destination_configs == toset([aws_cloudwatch_log_group.waf[0].arn])
    )
    error_message = "This web ACL must log to the module's log group."
  }

  assert {
    condition     = output.web_acl_arn == aws_wafv2_web_acl.this.arn && output.web_acl_id == aws_wafv2_web_acl.this.id
    error_message = "Outputs must come from the web ACL."
  }
}

run "without_association_and_logging" {
  command = apply

  variables {
    associate       = false
    resource_arn    = null
    logging_enabled = false
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 0
    error_message = "No association when associate is false."
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.waf) == 0 && length(aws_wafv2_web_acl_logging_configuration.this) == 0
    error_message = "No log group or logging configuration when logging_enabled is false."
  }

  assert {
    condition     = output.web_acl_arn == aws_wafv2_web_acl.this.arn
    error_message = "The web ACL itself always exists."
  }
}

run "association_without_logging" {
  command = plan

  variables {
    logging_enabled    = false
    log_retention_days = 365
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 1 && length(aws_cloudwatch_log_group.waf) == 0 && length(aws_wafv2_web_acl_logging_configuration.this) == 0
    error_message = "associate and logging_enabled are independent."
  }
}

run "custom_rule_groups" {
  command = plan

  variables {
    managed_rule_groups = ["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]
    rate_limit          = 100
    log_retention_days  = 365
  }

  assert {
    condition = { for rule in aws_wafv2_web_acl.this.rule : rule.name => rule.priority } == {
      AWSManagedRulesSQLiRuleSet           = 0
      AWSManagedRulesKnownBadInputsRuleSet = 1
      rate-limit                           = 2
    }
    error_message = "Rules follow managed_rule_groups in order, then the rate-based rule."
  }

  assert {
    condition     = aws_cloudwatch_log_group.waf[0].retention_in_days == 365
    error_message = "log_retention_days must be passed to the log group."
  }
}

run "rejects_rate_limit_below_minimum" {
  command = plan

  variables {
    rate_limit = 10
  }

  expect_failures = [var.rate_limit]
}

run "rejects_invalid_log_retention" {
  command = plan

  variables {
    log_retention_days = 45
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_association_without_arn" {
  command = plan

  variables {
    resource_arn = null
  }

  expect_failures = [var.resource_arn]
}

run "rejects_non_alb_arn" {
  command = plan

  variables {
    resource_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/shop-prod/50dc6c495c0c9188"
  }

  expect_failures = [var.resource_arn]
}

run "rejects_duplicate_rule_groups" {
  command = plan

  variables {
    managed_rule_groups = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet"]
  }

  expect_failures = [var.managed_rule_groups]
}

run "rejects_rule_group_needing_configuration" {
  command = plan

  variables {
    managed_rule_groups = ["AWSManagedRulesATPRuleSet"]
  }

  expect_failures = [var.managed_rule_groups]
}
