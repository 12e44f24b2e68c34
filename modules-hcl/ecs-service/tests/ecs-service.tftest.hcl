mock_provider "aws" {
  # The provider still validates ARN-typed arguments against mocked values, so attributes that
  # feed other resources must look like real ARNs/IDs.
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-api:1"
    }
  }

  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0fedcba9876543210"
    }
  }

  mock_resource "aws_service_discovery_service" {
    defaults = {
      arn = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0123456789abcdef"
    }
  }
}

override_resource {
  target = aws_iam_role.execution
  values = {
    arn = "arn:aws:iam::123456789012:role/shop-production-api-exec"
  }
}

override_resource {
  target = aws_iam_role.task
  values = {
    arn = "arn:aws:iam::123456789012:role/shop-production-api-task"
  }
}

variables {
  name           = "api"
  name_prefix    = "shop-production"
  cluster_arn    = "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-production"
  cluster_name   = "shop-production"
  region         = "eu-west-1"
  vpc_id         = "vpc-0123456789abcdef0"
  subnet_ids     = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-api:1.4.2"
  cpu            = 512
  memory         = 1024
  container_port = 8080
  desired_count  = 2
  log_group_name = "/ecs/shop-production/api"
}

run "fixed_count_minimal" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.desired_count == 2
    error_message = "The fixed-count service must start with desired_count tasks."
  }

  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 2 && aws_appautoscaling_target.this.max_capacity == 2 && aws_appautoscaling_target.this.resource_id == "service/shop-production/api"
    error_message = "Without autoscaling the scaling target must pin the count to desired_count (the service ignores desired_count, so the target applies count changes)."
  }

  assert {
    condition     = length(aws_appautoscaling_policy.cpu) + length(aws_appautoscaling_policy.memory) + length(aws_appautoscaling_policy.requests) == 0
    error_message = "No scaling policies without autoscaling."
  }

  assert {
    condition     = aws_ecs_service.this.force_new_deployment
    error_message = "force_new_deployment must be on, or provider 5.x replaces the service when fargate_spot_percent changes."
  }

  assert {
    condition     = length(aws_iam_role_policy.execution_secrets) == 0 && length(aws_iam_role_policy.task_s3) == 0
    error_message = "No inline policies when there are no secrets and no buckets."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.load_balancer) == 0 && length(aws_ecs_service.this.load_balancer) == 0
    error_message = "Without a load balancer the tasks accept no inbound traffic and register with no target group."
  }

  assert {
    condition     = aws_ecs_service.this.health_check_grace_period_seconds == null || aws_ecs_service.this.health_check_grace_period_seconds == 0
    error_message = "The health check grace period only applies with a load balancer."
  }

  assert {
    condition     = one(aws_ecs_service.this.network_configuration).assign_public_ip == false
    error_message = "Tasks must never get a public IP."
  }

  assert {
    condition     = one(aws_ecs_service.this.deployment_circuit_breaker).enable && one(aws_ecs_service.this.deployment_circuit_breaker).rollback
    error_message = "The deployment circuit breaker must roll back failed deployments."
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command == false && aws_ecs_service.this.propagate_tags == "SERVICE"
    error_message = "ECS Exec must be off and tags propagated from the service."
  }

  assert {
    condition     = [for s in aws_ecs_service.this.capacity_provider_strategy : s.capacity_provider] == ["FARGATE"]
    error_message = "0% Spot must place everything on FARGATE."
  }

  assert {
    condition     = aws_ecs_task_definition.this.network_mode == "awsvpc" && aws_ecs_task_definition.this.requires_compatibilities == toset(["FARGATE"])
    error_message = "The task definition must be an awsvpc Fargate definition."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Logs must be kept 30 days by default."
  }
}

run "container_definition" {
  command = plan

  variables {
    environment = { ZED = "last", APP_ENV = "production", LOG_LEVEL = "info" }
    secrets = {
      DATABASE_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf:password::"
    }
    secret_arns    = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf"]
    container_user = "1000:1000"
  }

  assert {
    condition     = [for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name] == ["APP_ENV", "LOG_LEVEL", "ZED"]
    error_message = "Environment variables must be sorted by name."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets == [{ name = "DATABASE_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf:password::" }]
    error_message = "Secrets must be passed through as valueFrom references."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].user == "1000:1000"
    error_message = "container_user must set the container user."
  }

  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].privileged == false &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].essential == true &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.logDriver == "awslogs" &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-region"] == "eu-west-1" &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].containerPort == 8080
    )
    error_message = "The container must be essential, unprivileged, log via awslogs and expose container_port."
  }
}

run "read_only_filesystem_mounts_tmp" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "The root filesystem must be read-only by default."
  }

  assert {
    condition     = [for v in aws_ecs_task_definition.this.volume : v.name] == ["tmp"]
    error_message = "A read-only root filesystem must come with a tmp volume."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints == [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    error_message = "The tmp volume must be mounted writable at /tmp."
  }

  assert {
    condition     = !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[0]), "user")
    error_message = "Without container_user the user key must be omitted."
  }
}

run "writable_filesystem_has_no_tmp_volume" {
  command = plan

  variables {
    read_only_root_filesystem = false
  }

  assert {
    condition     = length(aws_ecs_task_definition.this.volume) == 0 && length(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints) == 0
    error_message = "Without a read-only root filesystem no tmp volume is needed."
  }
}

run "secrets_policy" {
  command = plan

  variables {
    secrets = {
      DATABASE_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf:password::"
      API_KEY           = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-api-key-GhIjKl"
    }
    secret_arns = [
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-api-key-GhIjKl",
    ]
    secret_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"]
  }

  assert {
    condition     = length(aws_iam_role_policy.execution_secrets) == 1
    error_message = "Secrets must create the execution role's secrets policy."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.execution_secrets[0].policy).Statement[0].Resource == [
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-api-key-GhIjKl",
    ]
    error_message = "The execution role must read exactly secret_arns."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.execution_secrets[0].policy).Statement[1].Action == "kms:Decrypt"
    error_message = "Customer-managed secret keys must be decryptable by the execution role."
  }

  assert {
    condition     = length(aws_iam_role_policy.task_s3) == 0
    error_message = "Secrets must not grant the task role anything."
  }
}

run "s3_policy" {
  command = plan

  variables {
    bucket_arns = ["arn:aws:s3:::shop-production-uploads-123456789012"]
  }

  assert {
    condition     = length(aws_iam_role_policy.task_s3) == 1 && length(aws_iam_role_policy.execution_secrets) == 0
    error_message = "Buckets must create the task role's S3 policy and nothing on the execution role."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.task_s3[0].policy).Statement[1].Resource == ["arn:aws:s3:::shop-production-uploads-123456789012/*"]
    error_message = "Object access must be scoped to the buckets' objects."
  }

  assert {
    condition     = length(jsondecode(aws_iam_role_policy.task_s3[0].policy).Statement) == 2
    error_message = "No KMS statement without bucket_kms_key_arns."
  }
}

run "trust_policy_with_account" {
  command = plan

  variables {
    account_id = "123456789012"
  }

  assert {
    condition     = jsondecode(aws_iam_role.task.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "With account_id the trust policy must be pinned to the account."
  }

  assert {
    condition     = jsondecode(aws_iam_role.execution.assume_role_policy).Statement[0].Principal.Service == "ecs-tasks.amazonaws.com"
    error_message = "Only ECS tasks may assume the execution role."
  }
}

run "load_balancer_attached_autoscaled" {
  command = apply

  variables {
    attach_load_balancer            = true
    target_group_arn                = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-api/0123456789abcdef"
    load_balancer_security_group_id = "sg-0123456789abcdef0"
    fargate_spot_percent            = 50
    desired_count                   = 1
    autoscaling_enabled             = true
    autoscaling = {
      min                 = 2
      max                 = 6
      cpu_target          = 60
      requests_per_target = 500
    }
    target_group_resource_label = "app/shop-production/0123456789abcdef/targetgroup/shop-api/0123456789abcdef"
  }

  assert {
    condition     = aws_ecs_service.this.desired_count == 2
    error_message = "The initial desired count must be clamped into the scaling bounds."
  }

  assert {
    condition     = length(aws_appautoscaling_policy.cpu) == 1 && length(aws_appautoscaling_policy.memory) == 0 && length(aws_appautoscaling_policy.requests) == 1
    error_message = "CPU and request-count policies must exist, memory must not."
  }

  assert {
    condition     = aws_appautoscaling_target.this.resource_id == "service/shop-production/api" && aws_appautoscaling_target.this.min_capacity == 2 && aws_appautoscaling_target.this.max_capacity == 6
    error_message = "The scalable target must address the service with the configured bounds."
  }

  assert {
    condition     = one(one(aws_appautoscaling_policy.requests[0].target_tracking_scaling_policy_configuration).predefined_metric_specification).resource_label == "app/shop-production/0123456789abcdef/targetgroup/shop-api/0123456789abcdef"
    error_message = "The request-count policy must use the target group resource label."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.load_balancer) == 1 && aws_vpc_security_group_ingress_rule.load_balancer[0].referenced_security_group_id == "sg-0123456789abcdef0" && aws_vpc_security_group_ingress_rule.load_balancer[0].from_port == 1 && aws_vpc_security_group_ingress_rule.load_balancer[0].to_port == 65535
    error_message = "Only the load balancer's security group may reach the tasks (on any TCP port, so a port change stays reachable)."
  }

  assert {
    condition     = one(aws_ecs_service.this.load_balancer).container_name == "api" && aws_ecs_service.this.health_check_grace_period_seconds == 60
    error_message = "The service must register its container with the target group and use the grace period."
  }

  assert {
    condition = {
      for s in aws_ecs_service.this.capacity_provider_strategy : s.capacity_provider => [s.base, s.weight]
    } == { FARGATE = [1, 50], FARGATE_SPOT = [0, 50] }
    error_message = "50% Spot must split the weights evenly and keep one task on FARGATE."
  }

  assert {
    condition     = output.service_id == aws_ecs_service.this.id && output.service_name == "api" && output.container_name == "api"
    error_message = "Outputs must follow the service."
  }

  assert {
    condition     = output.task_definition_arn == aws_ecs_task_definition.this.arn && output.security_group_id == aws_security_group.this.id && output.log_group_name == "/ecs/shop-production/api"
    error_message = "Outputs must expose the task definition, security group and log group."
  }
}

run "fixed_count_apply_outputs" {
  command = apply

  assert {
    condition     = output.service_id == aws_ecs_service.this.id && output.task_role_arn == aws_iam_role.task.arn && output.task_role_name == "shop-production-api-task" && output.execution_role_arn == aws_iam_role.execution.arn
    error_message = "Outputs must follow the fixed-count service and expose the roles."
  }
}

run "internal_service_registers_in_service_discovery" {
  command = apply

  variables {
    service_discovery_enabled      = true
    service_discovery_namespace_id = "ns-0123456789abcdef"
    internal_ingress_cidr_blocks   = ["10.0.64.0/19", "10.0.96.0/19"]
  }

  assert {
    condition     = one(one(aws_service_discovery_service.this[0].dns_config).dns_records).type == "A" && one(aws_service_discovery_service.this[0].dns_config).namespace_id == "ns-0123456789abcdef"
    error_message = "The service must register A records in the given namespace."
  }

  assert {
    condition     = one(aws_ecs_service.this.service_registries).registry_arn == aws_service_discovery_service.this[0].arn
    error_message = "The ECS service must register its tasks in the Cloud Map service."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.internal) == 2 && alltrue([for rule in aws_vpc_security_group_ingress_rule.internal : rule.from_port == 8080 && rule.to_port == 8080 && rule.ip_protocol == "tcp"])
    error_message = "Each caller subnet must be admitted on the container port only."
  }

  assert {
    condition     = output.service_discovery_arn == aws_service_discovery_service.this[0].arn
    error_message = "service_discovery_arn must expose the Cloud Map service."
  }
}

run "not_registered_by_default" {
  command = plan

  assert {
    condition     = length(aws_service_discovery_service.this) == 0 && length(aws_ecs_service.this.service_registries) == 0 && length(aws_vpc_security_group_ingress_rule.internal) == 0
    error_message = "Without service discovery nothing is registered and no subnet is admitted."
  }
}

run "rejects_discovery_without_namespace" {
  command = plan

  variables {
    service_discovery_enabled = true
  }

  expect_failures = [var.service_discovery_namespace_id]
}

run "rejects_bad_log_retention" {
  command = plan

  variables {
    log_retention_days = 45
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_autoscaling_min_above_max" {
  command = plan

  variables {
    autoscaling_enabled = true
    autoscaling         = { min = 5, max = 2, cpu_target = 60 }
  }

  expect_failures = [var.autoscaling]
}

run "rejects_autoscaling_switch_mismatch" {
  command = plan

  variables {
    autoscaling = { min = 1, max = 3, cpu_target = 60 }
  }

  expect_failures = [var.autoscaling_enabled]
}

run "rejects_secrets_without_secret_arns" {
  command = plan

  variables {
    secrets = { DATABASE_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-db-AbCdEf:password::" }
  }

  expect_failures = [var.secret_arns]
}

run "rejects_invalid_fargate_size" {
  command = plan

  variables {
    cpu    = 256
    memory = 4096
  }

  expect_failures = [var.memory]
}

run "rejects_load_balancer_without_target_group" {
  command = plan

  variables {
    attach_load_balancer = true
  }

  expect_failures = [var.attach_load_balancer]
}

run "extra_task_policies" {
  command = plan

  variables {
    task_policy_documents = [
      jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kafka-cluster:Connect"], Resource = "*" }] }),
    ]
  }

  assert {
    condition     = length(aws_iam_role_policy.task_extra) == 1 && aws_iam_role_policy.task_extra[0].name == "extra-0"
    error_message = "Each extra policy document becomes one task-role policy."
  }
}

run "worker_without_port" {
  command = plan

  variables {
    name           = "mailer"
    container_port = null
    log_group_name = "/ecs/shop-production/mailer"
  }

  assert {
    condition     = !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[0]), "portMappings")
    error_message = "A worker's container must map no port."
  }

  assert {
    condition     = !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[0]), "healthCheck")
    error_message = "Without health_check_command the container has no health check."
  }

  assert {
    condition = (
      length(aws_vpc_security_group_ingress_rule.load_balancer) == 0 &&
      length(aws_vpc_security_group_ingress_rule.internal) == 0 &&
      length(aws_ecs_service.this.load_balancer) == 0 &&
      length(aws_service_discovery_service.this) == 0 &&
      length(aws_ecs_service.this.service_registries) == 0
    )
    error_message = "A worker must accept no inbound traffic, register with no load balancer and not be discoverable."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.all.ip_protocol == "-1" && aws_vpc_security_group_egress_rule.all.cidr_ipv4 == "0.0.0.0/0"
    error_message = "A worker must still reach its queues and AWS APIs."
  }

  assert {
    condition     = length(aws_appautoscaling_policy.backlog) == 0
    error_message = "No backlog policy without autoscaling."
  }
}

run "worker_with_health_check" {
  command = plan

  variables {
    name                 = "mailer"
    container_port       = null
    log_group_name       = "/ecs/shop-production/mailer"
    health_check_command = ["CMD-SHELL", "pgrep -f worker || exit 1"]
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck == {
      command     = ["CMD-SHELL", "pgrep -f worker || exit 1"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
    error_message = "health_check_command must become the container's health check."
  }
}

run "worker_scales_on_queue_backlog" {
  command = plan

  variables {
    name                = "mailer"
    container_port      = null
    log_group_name      = "/ecs/shop-production/mailer"
    desired_count       = 1
    autoscaling_enabled = true
    autoscaling = {
      min              = 1
      max              = 10
      cpu_target       = 70
      backlog_per_task = 100
    }
    backlog_queue_names = ["shop-production-emails", "shop-production-receipts.fifo"]
  }

  assert {
    condition     = length(aws_appautoscaling_policy.backlog) == 1 && length(aws_appautoscaling_policy.cpu) == 1 && length(aws_appautoscaling_policy.requests) == 0
    error_message = "backlog_per_task must add a backlog policy next to the CPU policy."
  }

  assert {
    condition = (
      aws_appautoscaling_policy.backlog[0].name == "mailer-backlog" &&
      aws_appautoscaling_policy.backlog[0].policy_type == "TargetTrackingScaling" &&
      one(aws_appautoscaling_policy.backlog[0].target_tracking_scaling_policy_configuration).target_value == 100
    )
    error_message = "The backlog policy must track backlog_per_task."
  }

  assert {
    condition = {
      for m in one(one(aws_appautoscaling_policy.backlog[0].target_tracking_scaling_policy_configuration).customized_metric_specification).metrics :
      m.id => m.expression if m.return_data
    } == { backlog_per_task = "(queue0 + queue1) / tasks" }
    error_message = "The policy must track the summed queue backlog divided by the running tasks, and return only that expression."
  }

  assert {
    condition = {
      queue0 = ["Sum", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName = "shop-production-emails" }]
      queue1 = ["Sum", "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName = "shop-production-receipts.fifo" }]
      tasks  = ["Average", "ECS/ContainerInsights", "RunningTaskCount", { ClusterName = "shop-production", ServiceName = "mailer" }]
      } == {
      for m in one(one(aws_appautoscaling_policy.backlog[0].target_tracking_scaling_policy_configuration).customized_metric_specification).metrics :
      m.id => [
        one(m.metric_stat).stat,
        one(one(m.metric_stat).metric).namespace,
        one(one(m.metric_stat).metric).metric_name,
        { for d in one(one(m.metric_stat).metric).dimensions : d.name => d.value },
      ] if !m.return_data
    }
    error_message = "The policy must read each queue's visible messages and the service's running task count."
  }
}

run "autoscaled_worker_without_backlog_policy" {
  command = plan

  variables {
    name                = "mailer"
    container_port      = null
    log_group_name      = "/ecs/shop-production/mailer"
    autoscaling_enabled = true
    autoscaling         = { min = 1, max = 4, cpu_target = 60 }
    backlog_queue_names = ["shop-production-emails"]
  }

  assert {
    condition     = length(aws_appautoscaling_policy.backlog) == 0 && length(aws_appautoscaling_policy.cpu) == 1
    error_message = "Without backlog_per_task there is no backlog policy."
  }
}

run "rejects_health_check_without_cmd" {
  command = plan

  variables {
    health_check_command = ["pgrep", "-f", "worker"]
  }

  expect_failures = [var.health_check_command]
}

run "rejects_load_balancer_without_port" {
  command = plan

  variables {
    container_port                  = null
    attach_load_balancer            = true
    target_group_arn                = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-api/0123456789abcdef"
    load_balancer_security_group_id = "sg-0123456789abcdef0"
  }

  expect_failures = [var.attach_load_balancer]
}

run "rejects_service_discovery_without_port" {
  command = plan

  variables {
    container_port                 = null
    service_discovery_enabled      = true
    service_discovery_namespace_id = "ns-0123456789abcdef"
  }

  expect_failures = [var.service_discovery_enabled]
}

run "rejects_internal_ingress_without_port" {
  command = plan

  variables {
    container_port               = null
    internal_ingress_cidr_blocks = ["10.0.64.0/19"]
  }

  expect_failures = [var.internal_ingress_cidr_blocks]
}

run "rejects_zero_backlog_per_task" {
  command = plan

  variables {
    autoscaling_enabled = true
    autoscaling         = { min = 1, max = 4, cpu_target = 60, backlog_per_task = 0 }
    backlog_queue_names = ["shop-production-emails"]
  }

  expect_failures = [var.autoscaling]
}

run "rejects_backlog_scaling_from_zero_tasks" {
  command = plan

  variables {
    autoscaling_enabled = true
    autoscaling         = { min = 0, max = 4, cpu_target = 60, backlog_per_task = 100 }
    backlog_queue_names = ["shop-production-emails"]
  }

  expect_failures = [var.autoscaling]
}

run "rejects_backlog_scaling_without_queues" {
  command = plan

  variables {
    autoscaling_enabled = true
    autoscaling         = { min = 1, max = 4, cpu_target = 60, backlog_per_task = 100 }
  }

  expect_failures = [var.backlog_queue_names]
}

run "rejects_backlog_scaling_over_ten_queues" {
  command = plan

  variables {
    autoscaling_enabled = true
    autoscaling         = { min = 1, max = 4, cpu_target = 60, backlog_per_task = 100 }
    backlog_queue_names = [for i in range(10) : "shop-production-q${i}"]
  }

  expect_failures = [var.backlog_queue_names]
}

run "accepts_backlog_scaling_over_nine_queues" {
  command = plan

  variables {
    autoscaling_enabled = true
    autoscaling         = { min = 1, max = 4, cpu_target = 60, backlog_per_task = 100 }
    backlog_queue_names = [for i in range(9) : "shop-production-q${i}"]
  }

  assert {
    condition     = length(one(one(aws_appautoscaling_policy.backlog[0].target_tracking_scaling_policy_configuration).customized_metric_specification).metrics) == 11
    error_message = "Nine queues, the task count and the expression make 11 metric queries (10 metrics)."
  }
}

run "rejects_backlog_queue_that_is_not_a_queue_name" {
  command = plan

  variables {
    backlog_queue_names = ["arn:aws:sqs:eu-west-1:123456789012:shop-production-emails"]
  }

  expect_failures = [var.backlog_queue_names]
}

run "execute_command_off_by_default" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.enable_execute_command == false
    error_message = "ECS Exec must be off unless asked for."
  }

  assert {
    condition     = length(aws_iam_role_policy.task_execute_command) == 0
    error_message = "Without ECS Exec the task role must get no session permissions."
  }
}

run "execute_command_on" {
  command = plan

  variables {
    enable_execute_command        = true
    read_only_root_filesystem     = false
    execute_command_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/plinth/shop-production/ecs-exec"
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command
    error_message = "enable_execute_command must turn ECS Exec on for the service."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.task_execute_command[0].policy).Statement[0].Action == [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    error_message = "The task role must be allowed the four Session Manager channel actions."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.task_execute_command[0].policy).Statement[2].Resource == "arn:aws:logs:eu-west-1:123456789012:log-group:/plinth/shop-production/ecs-exec:*"
    error_message = "Session logs may be written to the cluster's session log group only."
  }
}

run "rejects_execute_command_on_a_read_only_root_filesystem" {
  command = plan

  variables {
    enable_execute_command        = true
    execute_command_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/plinth/shop-production/ecs-exec"
  }

  expect_failures = [var.enable_execute_command]
}

run "rejects_execute_command_without_a_log_group" {
  command = plan

  variables {
    enable_execute_command    = true
    read_only_root_filesystem = false
  }

  expect_failures = [var.enable_execute_command]
}

run "sidecars_join_the_task_definition" {
  command = plan

  variables {
    secret_arns = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:dd-AbCdEf"]
    sidecars = [
      {
        name                      = "agent"
        image                     = "public.ecr.aws/datadog/agent:7.70.2"
        cpu                       = 128
        memory                    = 256
        port                      = 8126
        environment               = { ECS_FARGATE = "true" }
        secrets                   = { DD_API_KEY = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dd-AbCdEf" }
        health_check_command      = ["CMD-SHELL", "agent health"]
        read_only_root_filesystem = false
      },
      {
        name         = "setup"
        image        = "public.ecr.aws/docker/library/busybox:1.37"
        essential    = false
        command      = ["true"]
        dependencies = { agent = "START" }
      },
    ]
    container_dependencies = { setup = "SUCCESS", agent = "HEALTHY" }
  }

  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == [var.name, "agent", "setup"]
    error_message = "The service's own container must come first, then the sidecars in order."
  }

  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].cpu == 128 &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].memory == 256 &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].essential == true &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].portMappings == [{ containerPort = 8126, hostPort = 8126, protocol = "tcp" }] &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].secrets == [{ name = "DD_API_KEY", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dd-AbCdEf" }] &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].healthCheck.command == ["CMD-SHELL", "agent health"] &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[1].logConfiguration.options["awslogs-group"] == var.log_group_name
    )
    error_message = "A sidecar must get its size, port, secrets, health check and the service's log group."
  }

  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this.container_definitions)[2].essential == false &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[2].command == ["true"] &&
      !contains(keys(jsondecode(aws_ecs_task_definition.this.container_definitions)[2]), "user") &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[2].dependsOn == [{ containerName = "agent", condition = "START" }]
    )
    error_message = "A sidecar's command, essential flag and dependencies must be written; an unset user left out."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].dependsOn == [{ containerName = "agent", condition = "HEALTHY" }, { containerName = "setup", condition = "SUCCESS" }]
    error_message = "The service's container must wait for its dependencies, sorted by name."
  }

  assert {
    condition     = toset([for v in aws_ecs_task_definition.this.volume : v.name]) == toset(["tmp", "tmp-setup"])
    error_message = "Each read-only container must get its own scratch volume; a writable one none."
  }
}

run "rejects_a_sidecar_named_like_the_service" {
  command = plan

  variables {
    sidecars = [{ name = var.name, image = "public.ecr.aws/nginx/nginx:1.27" }]
  }

  expect_failures = [var.sidecars]
}

run "rejects_sidecars_that_leave_the_service_no_memory" {
  command = plan

  variables {
    sidecars = [{ name = "big", image = "public.ecr.aws/nginx/nginx:1.27", memory = var.memory - 64 }]
  }

  expect_failures = [var.sidecars]
}

run "rejects_an_unknown_dependency_condition" {
  command = plan

  variables {
    container_dependencies = { agent = "READY" }
  }

  expect_failures = [var.container_dependencies]
}

run "tracing_off_by_default" {
  command = plan

  assert {
    condition     = length(aws_iam_role_policy.task_tracing) == 0
    error_message = "Without tracing the task role must get no X-Ray permissions."
  }
}

run "tracing_lets_the_task_send_traces" {
  command = plan

  variables {
    tracing_enabled = true
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.task_tracing[0].policy).Statement[0].Action, "xray:PutTraceSegments")
    error_message = "Tracing must let the task role send segments to X-Ray."
  }
}
