locals {
  # Account-wide names carry the environment prefix; cluster-scoped ones (service, container) do not.
  qualified_name = "${var.name_prefix}-${var.name}"

  partition = (
    startswith(var.region, "cn-") ? "aws-cn" :
    startswith(var.region, "us-gov-") ? "aws-us-gov" :
    "aws"
  )

  # Same shape as the ecs-cluster module's default strategy: FARGATE keeps a base of one task so a
  # Spot reclamation wave cannot take the service to zero; zero-weight providers are left out.
  capacity_provider_strategy = [
    for s in [
      { capacity_provider = "FARGATE", base = 1, weight = 100 - var.fargate_spot_percent },
      { capacity_provider = "FARGATE_SPOT", base = 0, weight = var.fargate_spot_percent },
    ] : s if s.weight > 0
  ]

  # Policy counts read only static inputs. length() of a list literal is known at plan time even
  # when its elements are ARNs of resources not created yet; passing a list whose length is itself
  # unknown (e.g. another module's list output) would fail the plan with "count depends on
  # resource attributes that cannot be determined until apply".
  # The count a new service starts with; afterwards the scaling target owns it.
  initial_count = var.autoscaling_enabled ? max(var.autoscaling.min, min(var.autoscaling.max, var.desired_count)) : var.desired_count

  create_secrets_policy = length(var.secret_arns) > 0
  create_s3_policy      = length(var.bucket_arns) > 0

  create_memory_policy   = var.autoscaling_enabled && try(var.autoscaling.memory_target, null) != null
  create_requests_policy = var.autoscaling_enabled && try(var.autoscaling.requests_per_target, null) != null
  create_backlog_policy  = var.autoscaling_enabled && try(var.autoscaling.backlog_per_task, null) != null

  tmp_volume_name = "tmp"
}

################################################################################
# Logs
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs always encrypts at rest; a customer-managed key is opt-in through log_kms_key_arn because its key policy must be written for the Logs service.
  #checkov:skip=CKV_AWS_338:Retention is an environment decision (log_retention_days); short-lived environments should not pay to keep application logs for a year.
  name              = var.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

################################################################################
# IAM: the execution role is used by the ECS agent (pull the image, write logs, resolve secrets);
# the task role is what the application code runs as. Keeping them apart means the application
# never holds the secret-reading permission.
################################################################################

locals {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      merge(
        {
          Sid       = "ECSTasksAssumeRole"
          Effect    = "Allow"
          Principal = { Service = "ecs-tasks.amazonaws.com" }
          Action    = "sts:AssumeRole"
        },
        # Confused-deputy protection needs the account id, which the module never looks up.
        var.account_id == null ? {} : {
          Condition = {
            StringEquals = { "aws:SourceAccount" = var.account_id }
            ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${var.region}:${var.account_id}:*" }
          }
        },
      )
    ]
  })
}

resource "aws_iam_role" "execution" {
  name               = "${local.qualified_name}-exec"
  description        = "ECS task execution role of ${var.name}: image pull, log delivery, secret injection."
  assume_role_policy = local.assume_role_policy

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  count = local.create_secrets_policy ? 1 : 0

  name = "secrets"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadServiceSecrets"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = var.secret_arns
        },
      ],
      length(var.secret_kms_key_arns) == 0 ? [] : [
        {
          Sid      = "DecryptServiceSecrets"
          Effect   = "Allow"
          Action   = "kms:Decrypt"
          Resource = var.secret_kms_key_arns
          # Usable only through Secrets Manager, not as a general-purpose decrypt grant.
          Condition = {
            StringEquals = { "kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com" }
          }
        },
      ],
    )
  })
}

resource "aws_iam_role" "task" {
  name               = "${local.qualified_name}-task"
  description        = "ECS task role of ${var.name}: the permissions the application itself runs with."
  assume_role_policy = local.assume_role_policy

  tags = var.tags
}

resource "aws_iam_role_policy" "task_extra" {
  count = length(var.task_policy_documents)

  name   = "extra-${count.index}"
  role   = aws_iam_role.task.id
  policy = var.task_policy_documents[count.index]
}

# ECS Exec: the SSM agent in the task opens the session channels and writes the session log
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, "IAM permissions
# required for ECS Exec"). The channel actions have no resource-level permissions.
resource "aws_iam_role_policy" "task_execute_command" {
  count = var.enable_execute_command ? 1 : 0

  name = "execute-command"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SessionChannels"
        Effect = "Allow"
        Action = [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ]
        Resource = "*"
      },
      {
        Sid      = "FindSessionLogGroup"
        Effect   = "Allow"
        Action   = "logs:DescribeLogGroups"
        Resource = "*"
      },
      {
        Sid      = "WriteSessionLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
        Resource = "${var.execute_command_log_group_arn}:*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "task_s3" {
  count = local.create_s3_policy ? 1 : 0

  name = "s3"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ListBuckets"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
          Resource = var.bucket_arns
        },
        {
          Sid      = "ReadWriteObjects"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
          Resource = [for arn in var.bucket_arns : "${arn}/*"]
        },
      ],
      length(var.bucket_kms_key_arns) == 0 ? [] : [
        {
          Sid      = "UseBucketKeys"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource = var.bucket_kms_key_arns
          Condition = {
            StringEquals = { "kms:ViaService" = "s3.${var.region}.amazonaws.com" }
          }
        },
      ],
    )
  })
}

################################################################################
# Task definition
################################################################################

locals {
  container_definition = merge(
    {
      name      = var.name
      image     = var.image
      essential = true

      # Sorted so that reordering the caller's map never produces a new task definition revision.
      environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
      secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]

      logConfiguration = local.log_configuration

      readonlyRootFilesystem = var.read_only_root_filesystem
      mountPoints = var.read_only_root_filesystem ? [
        {
          sourceVolume  = local.tmp_volume_name
          containerPath = "/tmp"
          readOnly      = false
        },
      ] : []

      privileged = false
    },
    # Omitted rather than null so ECS keeps the image's USER and the definition does not drift.
    { for k, v in { user = var.container_user } : k => v if v != null },
    # A worker has no port to map.
    {
      for k, v in {
        portMappings = [
          {
            containerPort = var.container_port
            hostPort      = var.container_port
            protocol      = "tcp"
          },
        ]
      } : k => v if var.container_port != null
    },
    # ECS replaces a task whose container stays unhealthy; the start period gives it time to boot.
    {
      for k, v in {
        healthCheck = {
          command     = var.health_check_command
          interval    = 30
          timeout     = 5
          retries     = 3
          startPeriod = 60
        }
      } : k => v if var.health_check_command != null
    },
    local.main_dependencies,
  )
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.qualified_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode(concat([local.container_definition], local.sidecar_definitions))

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  dynamic "volume" {
    for_each = local.tmp_volumes

    content {
      name = volume.value
    }
  }

  tags = var.tags
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "this" {
  name_prefix = "${local.qualified_name}-tasks-"
  description = "ECS tasks of ${var.name}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.qualified_name}-tasks" })

  # A replacement (new VPC, new name) must exist before the service moves off the old group.
  lifecycle {
    create_before_destroy = true
  }
}

# Only the load balancer's security group may connect, on any TCP port: the task listens on its
# container port alone, and when that port changes CI moves the running service onto the new one
# before the apply (ECS refuses to point the load balancer at a port the running revision does
# not map), so a rule on the container port would cut the new tasks off until the apply.
resource "aws_vpc_security_group_ingress_rule" "load_balancer" {
  #checkov:skip=CKV_AWS_24:The source is the load balancer's security group (referenced_security_group_id), not 0.0.0.0/0; checkov reads a rule without a CIDR as open to all.
  #checkov:skip=CKV_AWS_25:The source is the load balancer's security group (referenced_security_group_id), not 0.0.0.0/0; checkov reads a rule without a CIDR as open to all.
  #checkov:skip=CKV_AWS_260:The source is the load balancer's security group (referenced_security_group_id), not 0.0.0.0/0; checkov reads a rule without a CIDR as open to all.
  count = var.attach_load_balancer ? 1 : 0

  security_group_id            = aws_security_group.this.id
  description                  = "Traffic and health checks from the load balancer"
  referenced_security_group_id = var.load_balancer_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 1
  to_port                      = 65535

  tags = var.tags
}

# A service reached through service discovery rather than the load balancer admits the
# subnets its callers run in, on the container port only.
resource "aws_vpc_security_group_ingress_rule" "internal" {
  for_each = toset(var.internal_ingress_cidr_blocks)

  security_group_id = aws_security_group.this.id
  description       = "Traffic from services in ${each.value} to the container port"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.container_port
  to_port           = var.container_port

  tags = var.tags
}

################################################################################
# Service discovery: <name>.<namespace> resolves to the running tasks' addresses. ECS registers
# and deregisters tasks as they start and stop.
################################################################################

resource "aws_service_discovery_service" "this" {
  # A separate switch, because the namespace id is unknown until the namespace exists.
  count = var.service_discovery_enabled ? 1 : 0

  name = var.name

  dns_config {
    namespace_id   = var.service_discovery_namespace_id
    routing_policy = "MULTIVALUE"

    dns_records {
      ttl  = 10
      type = "A"
    }
  }

  tags = var.tags
}

# A single allow-all egress rule: tasks in private subnets reach ECR, Secrets Manager and CloudWatch
# Logs over HTTPS (through NAT or VPC endpoints) but also the database and cache on their own ports,
# and those peers' security groups already restrict who may connect. Enumerating ports here would
# couple this module to every backing service without adding a meaningful boundary.
resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  description       = "All outbound traffic (ECR, Secrets Manager, logs, database, cache)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

################################################################################
# Service. One resource whether or not it autoscales, so adding or removing autoscaling updates
# the service in place instead of replacing it (a replacement would come back on Terraform's task
# definition, i.e. the bootstrap image, and drop the deployed one).
#
# desired_count is always ignored after creation, because ignore_changes cannot be conditional:
# the count is owned by the Application Auto Scaling target below, which every service has. An
# autoscaled service's target spans autoscaling.min..max; any other service's target is pinned to
# min = max = desired_count, and RegisterScalableTarget moves the running count into the new range
# at once, so a changed desired_count in the blueprint still applies.
#
# task_definition is ignored too: the deploy workflow owns the running revision (it registers the
# latest revision of this family with the new image and points the service at it). Terraform
# owns the family's shape, so an infrastructure-only apply registers a new revision but never
# rolls the running image back, and a plan after a deploy shows no change.
#
# force_new_deployment: in provider 5.x a changed capacity_provider_strategy (fargate_spot_percent)
# forces replacement of the service unless force_new_deployment is set; with it the strategy is
# updated in place and ECS starts a new deployment that places tasks by the new strategy.
################################################################################

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  # Only the initial count (clamped into the autoscaling bounds); see the note above.
  desired_count                      = local.initial_count
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.attach_load_balancer ? var.health_check_grace_period_seconds : null
  enable_execute_command             = var.enable_execute_command
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  wait_for_steady_state              = false
  force_new_deployment               = true

  dynamic "capacity_provider_strategy" {
    for_each = local.capacity_provider_strategy

    content {
      capacity_provider = capacity_provider_strategy.value.capacity_provider
      base              = capacity_provider_strategy.value.base
      weight            = capacity_provider_strategy.value.weight
    }
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  dynamic "load_balancer" {
    for_each = var.attach_load_balancer ? [var.target_group_arn] : []

    content {
      target_group_arn = load_balancer.value
      container_name   = var.name
      container_port   = var.container_port
    }
  }

  dynamic "service_registries" {
    for_each = aws_service_discovery_service.this[*].arn

    content {
      registry_arn = service_registries.value
    }
  }

  tags = var.tags

  lifecycle {
    ignore_changes = [desired_count, task_definition]
  }

  # Tasks need the secret grant to start, and must be gone before it is revoked on destroy.
  depends_on = [
    aws_iam_role_policy_attachment.execution,
    aws_iam_role_policy.execution_secrets,
    aws_iam_role_policy.task_s3,
  ]
}

# Trees generated before the single service resource hold it at this[0] (fixed count) or
# autoscaled[0] (autoscaled). The chain moves either to the new address; a moved block cannot be
# conditional, but only one of the two addresses ever exists in a state, so both can always be
# declared.
moved {
  from = aws_ecs_service.autoscaled[0]
  to   = aws_ecs_service.this[0]
}

moved {
  from = aws_ecs_service.this[0]
  to   = aws_ecs_service.this
}

################################################################################
# Autoscaling
################################################################################

# Every service has one: it owns the running count (see the service above). Without autoscaling
# it is pinned to desired_count and has no policies.
resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = var.autoscaling_enabled ? var.autoscaling.min : var.desired_count
  max_capacity       = var.autoscaling_enabled ? var.autoscaling.max : var.desired_count

  tags = var.tags
}

# Autoscaled services of earlier trees hold the target at this[0].
moved {
  from = aws_appautoscaling_target.this[0]
  to   = aws_appautoscaling_target.this
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.autoscaling_enabled ? 1 : 0

  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "memory" {
  count = local.create_memory_policy ? 1 : 0

  name               = "${var.name}-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.memory_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  count = local.create_requests_policy ? 1 : 0

  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = var.target_group_resource_label
    }
  }
}

# Scales a worker on the messages waiting per running task: the visible messages of its queues,
# summed, divided by the service's RunningTaskCount. That metric comes from Container Insights
# (on by default in the ecs-cluster module): without it the ratio has no data and the policy never
# scales. This is AWS's "SQS queue backlog per task" example of target tracking with metric math,
# summed over several queues.
# https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
# https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/appautoscaling_policy#create-target-tracking-scaling-policy-using-metric-math
resource "aws_appautoscaling_policy" "backlog" {
  count = local.create_backlog_policy ? 1 : 0

  name               = "${var.name}-backlog"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.backlog_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    customized_metric_specification {
      dynamic "metrics" {
        for_each = var.backlog_queue_names

        content {
          id          = "queue${metrics.key}"
          label       = "Messages waiting in ${metrics.value}"
          return_data = false

          metric_stat {
            stat = "Sum"

            metric {
              namespace   = "AWS/SQS"
              metric_name = "ApproximateNumberOfMessagesVisible"

              dimensions {
                name  = "QueueName"
                value = metrics.value
              }
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running tasks of ${var.name}"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = var.cluster_name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.this.name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "Messages waiting per running task"
        expression  = "(${join(" + ", [for i in range(length(var.backlog_queue_names)) : "queue${i}"])}) / tasks"
        return_data = true
      }
    }
  }
}
