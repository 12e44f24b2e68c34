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

resource "aws_ecs_cluster" "this" {
  #checkov:skip=CKV_AWS_224:ECS Exec is disabled on every service of this platform (enable_execute_command = false), so there are no exec sessions to log or encrypt.
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
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
