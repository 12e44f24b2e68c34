locals {
  # Weights are relative, so "100 - spot" vs "spot" expresses the percentage directly. A provider
  # with weight 0 is left out: ECS would never place a task on it, and an all-zero entry only adds
  # noise to every plan. The base of 1 keeps at least one task on on-demand capacity so a Spot
  # reclamation wave cannot take a service to zero; at 100% Spot there is no on-demand provider left
  # to carry it.
  capacity_provider_strategy = [
    for s in [
      { capacity_provider = "FARGATE", base = 1, weight = 100 - var.fargate_spot_percent },
      { capacity_provider = "FARGATE_SPOT", base = 0, weight = var.fargate_spot_percent },
    ] : s if s.weight > 0
  ]
}

# ECS Exec sessions (services with enable_execute_command) are logged here, command by command
# and with their output, for as long as the environment keeps logs.
resource "aws_cloudwatch_log_group" "execute_command" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs always encrypts at rest; a customer-managed key is opt-in through execute_command_logging.kms_key_arn because its key policy must be written for the Logs service.
  #checkov:skip=CKV_AWS_338:Retention is an environment decision (log_retention_days); short-lived environments should not pay to keep session logs for a year.
  count = var.execute_command_logging == null ? 0 : 1

  name              = var.execute_command_logging.log_group_name
  retention_in_days = var.execute_command_logging.retention_in_days
  kms_key_id        = var.execute_command_logging.kms_key_arn

  tags = var.tags
}

resource "aws_ecs_cluster" "this" {
  #checkov:skip=CKV_AWS_224:ECS Exec is off unless a service turns it on; then execute_command_logging logs every session to CloudWatch (OVERRIDE), encrypted with the environment's log key when it has one. checkov does not read the dynamic block.
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  dynamic "configuration" {
    for_each = var.execute_command_logging == null ? [] : [var.execute_command_logging]

    content {
      execute_command_configuration {
        logging = "OVERRIDE"

        log_configuration {
          cloud_watch_log_group_name = aws_cloudwatch_log_group.execute_command[0].name
          # ECS refuses encryption on a log group without a KMS key.
          cloud_watch_encryption_enabled = configuration.value.kms_key_arn != null
        }
      }
    }
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  dynamic "default_capacity_provider_strategy" {
    for_each = local.capacity_provider_strategy

    content {
      capacity_provider = default_capacity_provider_strategy.value.capacity_provider
      base              = default_capacity_provider_strategy.value.base
      weight            = default_capacity_provider_strategy.value.weight
    }
  }
}

# Internal services (no load balancer) register here, so other services reach them by name
# (<service>.<namespace>) through the VPC's resolver.
resource "aws_service_discovery_private_dns_namespace" "this" {
  count = var.service_discovery_namespace == null ? 0 : 1

  name        = var.service_discovery_namespace
  description = "Service discovery for the ECS cluster ${var.name}"
  vpc         = var.vpc_id

  tags = var.tags
}
