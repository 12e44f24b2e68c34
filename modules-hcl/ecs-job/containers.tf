################################################################################
# Containers: the job's own, then its sidecars, in one task definition
################################################################################

locals {
  # Every container of the task logs to the same group; ECS names each stream
  # `ecs/<container>/<task id>`.
  log_configuration = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.this["container"].name
      awslogs-region        = var.region
      awslogs-stream-prefix = "ecs"
    }
  }

  # Sidecars share the task's network and the job's container log group (stream `ecs/<container>/<task>`).
  sidecar_definitions = [
    for s in var.sidecars : merge(
      {
        name      = s.name
        image     = s.image
        essential = s.essential
        cpu       = s.cpu
        memory    = s.memory

        environment = [for k in sort(keys(s.environment)) : { name = k, value = s.environment[k] }]
        secrets     = [for k in sort(keys(s.secrets)) : { name = k, valueFrom = s.secrets[k] }]

        logConfiguration = local.log_configuration

        readonlyRootFilesystem = s.read_only_root_filesystem
        mountPoints = s.read_only_root_filesystem ? [
          { sourceVolume = "tmp-${s.name}", containerPath = "/tmp", readOnly = false },
        ] : []

        privileged = false
      },
      # Left out rather than null or empty, so ECS keeps the image's USER and CMD and the
      # definition does not drift.
      { for k, v in { user = s.user, command = s.command } : k => v if try(length(v), 0) > 0 },
      s.port == null ? {} : {
        portMappings = [{ containerPort = s.port, hostPort = s.port, protocol = "tcp" }]
      },
      s.health_check_command == null ? {} : {
        healthCheck = { command = s.health_check_command, interval = 30, timeout = 5, retries = 3, startPeriod = 30 }
      },
      length(s.dependencies) == 0 ? {} : {
        dependsOn = [for k in sort(keys(s.dependencies)) : { containerName = k, condition = s.dependencies[k] }]
      },
    )
  ]

  main_dependencies = length(var.container_dependencies) == 0 ? {} : {
    dependsOn = [
      for k in sort(keys(var.container_dependencies)) : { containerName = k, condition = var.container_dependencies[k] }
    ]
  }

  # Fargate backs a host-less volume with the task's ephemeral storage: writable scratch space for
  # an otherwise read-only container, one per container so that none reads another's files.
  scratch_volumes = concat(
    var.read_only_root_filesystem ? ["tmp"] : [],
    [for s in var.sidecars : "tmp-${s.name}" if s.read_only_root_filesystem],
  )
}

################################################################################
# Tracing: the collector sidecar sends the run's traces to X-Ray as the task role
# (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html,
# the AWSXrayWriteOnlyAccess actions). None of them has resource-level permissions.
################################################################################

resource "aws_iam_role_policy" "task_tracing" {
  count = var.tracing_enabled ? 1 : 0

  name = "tracing"
  role = aws_iam_role.this["task"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "SendTraces"
        Effect = "Allow"
        Action = [
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:GetSamplingStatisticSummaries",
        ]
        Resource = "*"
      },
    ]
  })
}
