mock_provider "aws" {}

variables {
  name = "shop-production"
}

run "defaults_on_demand_only" {
  command = plan

  assert {
    condition     = one(aws_ecs_cluster.this.setting).value == "enabled"
    error_message = "Container Insights must be enabled by default."
  }

  assert {
    condition     = toset(aws_ecs_cluster_capacity_providers.this.capacity_providers) == toset(["FARGATE", "FARGATE_SPOT"])
    error_message = "Both Fargate capacity providers must be associated so services can choose either."
  }

  assert {
    condition     = length(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy) == 1
    error_message = "With 0% Spot the default strategy must contain only FARGATE."
  }

  assert {
    condition = anytrue([
      for s in aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy :
      s.capacity_provider == "FARGATE" && s.base == 1 && s.weight == 100
    ])
    error_message = "FARGATE must carry base 1 and weight 100."
  }
}

run "mixed_spot" {
  command = plan

  variables {
    fargate_spot_percent = 70
    container_insights   = false
  }

  assert {
    condition     = one(aws_ecs_cluster.this.setting).value == "disabled"
    error_message = "container_insights = false must disable Container Insights."
  }

  assert {
    condition = {
      for s in aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy :
      s.capacity_provider => [s.base, s.weight]
    } == { FARGATE = [1, 30], FARGATE_SPOT = [0, 70] }
    error_message = "70% Spot must give FARGATE base 1 weight 30 and FARGATE_SPOT weight 70."
  }
}

run "all_spot" {
  command = apply

  variables {
    fargate_spot_percent = 100
  }

  assert {
    condition     = [for s in aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy : s.capacity_provider] == ["FARGATE_SPOT"]
    error_message = "At 100% Spot the zero-weight FARGATE entry must be omitted."
  }

  assert {
    condition     = output.name == "shop-production" && output.arn == aws_ecs_cluster.this.arn && output.id == aws_ecs_cluster.this.id
    error_message = "Outputs must expose the cluster's name, ARN and ID."
  }
}

run "rejects_spot_percent_out_of_range" {
  command = plan

  variables {
    fargate_spot_percent = 120
  }

  expect_failures = [var.fargate_spot_percent]
}

run "rejects_fractional_spot_percent" {
  command = plan

  variables {
    fargate_spot_percent = 33.3
  }

  expect_failures = [var.fargate_spot_percent]
}

run "rejects_invalid_name" {
  command = plan

  variables {
    name = "shop production"
  }

  expect_failures = [var.name]
}

run "service_discovery_namespace" {
  command = apply

  variables {
    service_discovery_namespace = "shop-production.internal"
    vpc_id                      = "vpc-0123456789abcdef0"
  }

  assert {
    condition     = aws_service_discovery_private_dns_namespace.this[0].name == "shop-production.internal" && aws_service_discovery_private_dns_namespace.this[0].vpc == "vpc-0123456789abcdef0"
    error_message = "The private DNS namespace must be created in the given VPC."
  }

  assert {
    condition     = output.service_discovery_namespace_id == aws_service_discovery_private_dns_namespace.this[0].id
    error_message = "service_discovery_namespace_id must expose the namespace."
  }
}

run "no_namespace_by_default" {
  command = plan

  assert {
    condition     = length(aws_service_discovery_private_dns_namespace.this) == 0
    error_message = "No namespace unless one is asked for."
  }
}

run "rejects_namespace_without_vpc" {
  command = plan

  variables {
    service_discovery_namespace = "shop-production.internal"
  }

  expect_failures = [var.vpc_id]
}

run "no_execute_command_logging_by_default" {
  command = plan

  assert {
    condition     = length(aws_ecs_cluster.this.configuration) == 0 && length(aws_cloudwatch_log_group.execute_command) == 0
    error_message = "Without execute_command_logging the cluster must have no execute-command configuration and no session log group."
  }
}

run "execute_command_logging_encrypted" {
  command = plan

  variables {
    execute_command_logging = {
      log_group_name    = "/plinth/shop-production/ecs-exec"
      retention_in_days = 90
      kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-0123-0123-0123456789ab"
    }
  }

  assert {
    condition     = aws_cloudwatch_log_group.execute_command[0].kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-0123-0123-0123456789ab" && aws_cloudwatch_log_group.execute_command[0].retention_in_days == 90
    error_message = "The session log group must use the given key and retention."
  }

  assert {
    condition     = one(one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).log_configuration).cloud_watch_encryption_enabled
    error_message = "Sessions must be logged with encryption when the log group has a key."
  }

  assert {
    condition     = one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).logging == "OVERRIDE"
    error_message = "Sessions must be logged to the cluster's own log group (OVERRIDE)."
  }
}

run "execute_command_logging_without_a_key" {
  command = plan

  variables {
    execute_command_logging = {
      log_group_name    = "/plinth/shop-dev/ecs-exec"
      retention_in_days = 30
    }
  }

  assert {
    condition     = !one(one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).log_configuration).cloud_watch_encryption_enabled
    error_message = "Without a key the log configuration must not ask for encryption, which ECS would refuse."
  }
}

run "rejects_a_bad_session_log_retention" {
  command = plan

  variables {
    execute_command_logging = {
      log_group_name    = "/plinth/shop-dev/ecs-exec"
      retention_in_days = 45
    }
  }

  expect_failures = [var.execute_command_logging]
}
