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
