locals {
  # Account-wide names carry the environment prefix; the container name does not.
  qualified_name = "${var.name_prefix}-${var.name}"

  partition = (
    startswith(var.region, "cn-") ? "aws-cn" :
    startswith(var.region, "us-gov-") ? "aws-us-gov" :
    "aws"
  )

  # The policies name resources by ARN without looking anything up; without account_id the
  # account part is "*", as the module plans offline and never reads the caller's identity.
  arn = {
    for service in ["ecs", "events", "states"] :
    service => "arn:${local.partition}:${service}:${var.region}:${coalesce(var.account_id, "*")}"
  }

  # Built from the name rather than read from the resource: the state machine waits for the
  # role policies (depends_on below), so a policy naming its ARN attribute would be a cycle.
  state_machine_arn = "${local.arn.states}:stateMachine:${local.qualified_name}"

  # A run is a single task, so there is no base: the weights pick the provider, and a provider
  # with weight 0 is left out (RunTask wants at least one positive weight).
  capacity_provider_strategy = [
    for provider, weight in { FARGATE = 100 - var.fargate_spot_percent, FARGATE_SPOT = var.fargate_spot_percent } :
    { CapacityProvider = provider, Weight = weight } if weight > 0
  ]

  # Counts and for_each keys read only static inputs: the lengths of list literals are known at
  # plan time even when their elements are ARNs of resources not created yet.
  create_secrets_policy = length(var.secret_arns) > 0
  create_s3_policy      = length(var.bucket_arns) > 0

  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
}

################################################################################
# Logs: the container's output, and the runs' own errors (a task that could not start, a
# timeout). Step Functions delivers the latter as vended logs, which need a CloudWatch Logs
# resource policy naming the log group; AWS recommends the /aws/vendedlogs/ prefix, which one
# policy statement covers, so that policy does not outgrow its 5120 characters as jobs are added.
# https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs always encrypts at rest; a customer-managed key is opt-in through log_kms_key_arn because its key policy must admit the Logs service.
  #checkov:skip=CKV_AWS_338:Retention is an environment decision (log_retention_days); a job's output is mostly useful for the next few runs.
  for_each = {
    container = var.log_group_name
    runs      = "/aws/vendedlogs/states/${local.qualified_name}"
  }

  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

################################################################################
# IAM. Four roles, one per principal: the ECS agent (exec: pull the image, write logs, resolve
# secrets), the job's own code (task), Step Functions (sfn: run and watch the task) and
# EventBridge Scheduler (schd: start a run). The suffixes are no longer than "-exec", the name
# plinth checks against IAM's 64 characters.
################################################################################

locals {
  roles = {
    exec = { service = "ecs", principal = "ecs-tasks", purpose = "ECS task execution role: image pull, log delivery, secret injection" }
    task = { service = "ecs", principal = "ecs-tasks", purpose = "ECS task role: the permissions the job itself runs with" }
    sfn  = { service = "states", principal = "states", purpose = "Step Functions role: runs the job's task and waits for it" }
    schd = { service = "scheduler", principal = "scheduler", purpose = "EventBridge Scheduler role: starts a run on schedule" }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.roles

  name        = "${local.qualified_name}-${each.key}"
  description = "${each.value.purpose} (job ${var.name})."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      merge(
        {
          Effect    = "Allow"
          Principal = { Service = "${each.value.principal}.amazonaws.com" }
          Action    = "sts:AssumeRole"
        },
        # Confused-deputy protection needs the account id, which the module never looks up.
        var.account_id == null ? {} : {
          Condition = {
            StringEquals = { "aws:SourceAccount" = var.account_id }
            ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:${each.value.service}:${var.region}:${var.account_id}:*" }
          }
        },
      )
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.this["exec"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

locals {
  # Every inline policy of the module as "<role>/<policy>" => { Sid => statement }. A statement
  # whose resources are empty (no customer-managed key, concurrency "allow") is left out.
  policy_statements = {
    "exec/secrets" = {
      ReadJobSecrets = { actions = ["secretsmanager:GetSecretValue"], resources = var.secret_arns }
      DecryptJobSecrets = {
        actions   = ["kms:Decrypt"]
        resources = var.secret_kms_key_arns
        # Usable only through Secrets Manager, not as a general-purpose decrypt grant.
        condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com" } }
      }
    }

    "task/s3" = {
      ListBuckets      = { actions = ["s3:ListBucket", "s3:GetBucketLocation"], resources = var.bucket_arns }
      ReadWriteObjects = { actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources = [for bucket in var.bucket_arns : "${bucket}/*"] }
      UseBucketKeys = {
        actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
        resources = var.bucket_kms_key_arns
        condition = { StringEquals = { "kms:ViaService" = "s3.${var.region}.amazonaws.com" } }
      }
    }

    # What the ecs:runTask.sync integration needs: RunTask on the family (any revision, as each
    # run takes the latest), StopTask and DescribeTasks to follow and stop the task, and the
    # managed EventBridge rule through which Step Functions learns that the task stopped. The
    # AWS policy template grants StopTask and DescribeTasks on "*" because the task ID is unknown
    # until the run; the cluster is known, so both are held to it.
    # https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html
    "sfn/run" = {
      RunJobTask = {
        actions   = ["ecs:RunTask"]
        resources = ["${local.arn.ecs}:task-definition/${aws_ecs_task_definition.this.family}:*"]
        condition = { ArnEquals = { "ecs:cluster" = var.cluster_arn } }
      }
      FollowJobTask = {
        actions   = ["ecs:StopTask", "ecs:DescribeTasks"]
        resources = ["${local.arn.ecs}:task/${var.cluster_name}/*"]
        condition = { ArnEquals = { "ecs:cluster" = var.cluster_arn } }
      }
      # PropagateTags copies the task definition's tags (the provider's default_tags at least)
      # onto the task, and ECS authorizes tags applied on creation as ecs:TagResource.
      # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html
      TagJobTaskOnCreation = {
        actions   = ["ecs:TagResource"]
        resources = ["${local.arn.ecs}:task/${var.cluster_name}/*"]
        condition = { StringEquals = { "ecs:CreateAction" = "RunTask" } }
      }
      PassTaskRoles = {
        actions   = ["iam:PassRole"]
        resources = [aws_iam_role.this["exec"].arn, aws_iam_role.this["task"].arn]
        condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      }
      ManageTaskStateRule = {
        actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
        resources = ["${local.arn.events}:rule/StepFunctionsGetEventsForECSTaskRule"]
      }
      ListOwnExecutions = {
        actions   = ["states:ListExecutions"]
        resources = var.concurrency == "forbid" ? [local.state_machine_arn] : []
      }
      # Vended log delivery is configured through account-level APIs without resource-level
      # permissions; Step Functions checks the role holds them when the state machine is saved.
      # https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
      ConfigureRunLogDelivery = {
        actions = [
          "logs:CreateLogDelivery",
          "logs:GetLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
          "logs:DescribeLogGroups",
        ]
        resources = ["*"]
      }
      WriteRunLogs = {
        actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        resources = ["${aws_cloudwatch_log_group.this["runs"].arn}:*"]
      }
    }

    "schd/start" = {
      StartJobRun = { actions = ["states:StartExecution"], resources = [local.state_machine_arn] }
    }
  }

  policy_enabled = {
    "exec/secrets" = local.create_secrets_policy
    "task/s3"      = local.create_s3_policy
  }

  inline_policies = merge(
    {
      for key, statements in local.policy_statements : key => jsonencode({
        Version = "2012-10-17"
        Statement = [
          for sid, s in statements : merge(
            { Sid = sid, Effect = "Allow", Action = s.actions, Resource = s.resources },
            { for k, v in { Condition = try(s.condition, null) } : k => v if v != null },
          ) if length(s.resources) > 0
        ]
      }) if lookup(local.policy_enabled, key, true)
    },
    { for i, document in var.task_policy_documents : "task/extra-${i}" => document },
  )
}

resource "aws_iam_role_policy" "this" {
  for_each = local.inline_policies

  name   = split("/", each.key)[1]
  role   = aws_iam_role.this[split("/", each.key)[0]].id
  policy = each.value
}

################################################################################
# Task definition. Terraform registers the family's shape; CI registers later revisions with new
# images, and every run starts whichever revision of the family is the latest ACTIVE one.
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
      mountPoints = [
        for volume in local.scratch_volumes : { sourceVolume = volume, containerPath = "/tmp", readOnly = false }
      ]

      privileged = false
    },
    # Left out rather than null or empty, so ECS keeps the image's USER and CMD and the
    # definition does not drift. A job serves nothing: no port mappings, no health check.
    { for k, v in { user = var.container_user, command = var.command } : k => v if try(length(v), 0) > 0 },
    local.main_dependencies,
  )
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.qualified_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.this["exec"].arn
  task_role_arn            = aws_iam_role.this["task"].arn
  container_definitions    = jsonencode(concat([local.container_definition], local.sidecar_definitions))

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  dynamic "volume" {
    for_each = local.scratch_volumes

    content {
      name = volume.value
    }
  }

  tags = var.tags
}

################################################################################
# Security group: no inbound rule (a job serves nothing) and, as for services, a single
# allow-all egress rule, since tasks reach ECR, Secrets Manager, CloudWatch Logs, the database and
# the cache, and those peers restrict who may connect to them.
################################################################################

resource "aws_security_group" "this" {
  #checkov:skip=CKV2_AWS_5:Each run attaches the group to its task through the state machine's RunTask parameters (NetworkConfiguration), a JSON document checkov does not follow.
  name_prefix = "${local.qualified_name}-tasks-"
  description = "ECS tasks of job ${var.name}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.qualified_name}-tasks" })

  # A replacement (new VPC, new name) must exist before the state machine moves off the old one.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  description       = "All outbound traffic (ECR, Secrets Manager, logs, database, cache)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

################################################################################
# State machine: one execution is one run. With concurrency "forbid" it first counts the
# state machine's running executions (its own included) and ends at once when another is in
# progress. Nothing is ignored: the definition names the task definition family, not a
# revision, so CI's revisions never show as drift.
################################################################################

locals {
  run_task_state = merge(
    {
      Type     = "Task"
      Comment  = "Run the job's task and wait until it stops; a non-zero exit fails the state."
      Resource = "arn:${local.partition}:states:::ecs:runTask.sync"
      Parameters = {
        Cluster = var.cluster_arn
        # The family without a revision: ECS starts its latest ACTIVE revision.
        TaskDefinition           = aws_ecs_task_definition.this.family
        CapacityProviderStrategy = local.capacity_provider_strategy
        NetworkConfiguration = {
          AwsvpcConfiguration = {
            Subnets        = var.subnet_ids
            SecurityGroups = [aws_security_group.this.id]
            AssignPublicIp = "DISABLED"
          }
        }
        PropagateTags        = "TASK_DEFINITION"
        EnableECSManagedTags = true
      }
      # On timeout Step Functions stops the task (ecs:StopTask) and fails the run.
      TimeoutSeconds = var.timeout_seconds
      End            = true
    },
    # States.TaskFailed matches every error except States.Timeout: a run that timed out is not
    # started again. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
    {
      for k, v in {
        Retry = [{ ErrorEquals = ["States.TaskFailed"], MaxAttempts = var.retries, IntervalSeconds = 60, BackoffRate = 2 }]
      } : k => v if var.retries > 0
    },
  )

  forbid_states = {
    for k, v in {
      CheckRunning = {
        Type     = "Task"
        Comment  = "Count the running executions of this state machine, this one included."
        Resource = "arn:${local.partition}:states:::aws-sdk:sfn:listExecutions"
        Parameters = {
          "StateMachineArn.$" = "$$.StateMachine.Id"
          StatusFilter        = "RUNNING"
        }
        # A Choice state cannot call intrinsic functions; the result selector can.
        # https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
        ResultSelector = { "running.$" = "States.ArrayLength($.Executions)" }
        Retry          = [{ ErrorEquals = ["States.TaskFailed"], MaxAttempts = 3, IntervalSeconds = 5, BackoffRate = 2 }]
        Next           = "SkipIfRunning"
      }
      SkipIfRunning = {
        Type    = "Choice"
        Choices = [{ Variable = "$.running", NumericGreaterThan = 1, Next = "AlreadyRunning" }]
        Default = "RunTask"
      }
      AlreadyRunning = {
        Type    = "Succeed"
        Comment = "A run is already in progress; this one ends without starting a task."
      }
    } : k => v if var.concurrency == "forbid"
  }

  definition = {
    Comment = "One run of job ${var.name}."
    StartAt = var.concurrency == "forbid" ? "CheckRunning" : "RunTask"
    States  = merge(local.forbid_states, { RunTask = local.run_task_state })
  }
}

resource "aws_sfn_state_machine" "this" {
  #checkov:skip=CKV_AWS_284:X-Ray tracing is the platform's tracing feature's to turn on, which does not exist yet; the execution history and the ERROR-level run log record every run.
  #checkov:skip=CKV_AWS_285:Execution logging is on at level ERROR; execution data is left out on purpose, since a run's input and output (the whole ECS task description) add nothing to the execution history but could carry job parameters into another log group.
  name       = local.qualified_name
  type       = "STANDARD"
  role_arn   = aws_iam_role.this["sfn"].arn
  definition = jsonencode(local.definition)

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this["runs"].arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  tracing_configuration {
    enabled = false
  }

  tags = var.tags

  # Step Functions checks the role's log-delivery permissions when the state machine is saved,
  # and each run needs the run permissions.
  depends_on = [aws_iam_role_policy.this]
}

################################################################################
# Schedule. Its retry policy is about delivering StartExecution (throttling, a transient
# service error), never about the job: a run that fails is the state machine's business.
# Scheduler retries with backoff until either limit is reached; a start more than 15 minutes late
# is dropped rather than run long after its time.
# https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-retry-policy.html
################################################################################

resource "aws_scheduler_schedule" "this" {
  #checkov:skip=CKV_AWS_297:The schedule's only payload is the empty input {}; a customer-managed key would protect nothing.
  name        = local.qualified_name
  group_name  = "default"
  description = "Starts a run of job ${var.name}."

  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.timezone
  state                        = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_sfn_state_machine.this.arn
    role_arn = aws_iam_role.this["schd"].arn
    input    = jsonencode({})

    retry_policy {
      maximum_event_age_in_seconds = 900
      maximum_retry_attempts       = 3
    }
  }

  # A run must find its permissions in place, and on destroy the schedule goes first.
  depends_on = [aws_iam_role_policy.this, aws_iam_role_policy_attachment.execution]
}

################################################################################
# Alarm, unless alarms_enabled is false (the environment's alarms are off). It notifies only when
# alarm_topic_arn is set. A run skipped because another was in progress succeeds and is no
# failure; periods without runs are not breaching.
# https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
################################################################################

resource "aws_cloudwatch_metric_alarm" "failed" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${local.qualified_name}-job-failed"
  alarm_description   = "A run of job ${var.name} failed, timed out or was aborted: see its execution in Step Functions (${local.qualified_name}) and the container logs in ${var.log_group_name}."
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "unsuccessful"
    expression  = "FILL(failed, 0) + FILL(timed_out, 0) + FILL(aborted, 0)"
    label       = "Failed, timed-out and aborted runs"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { failed = "ExecutionsFailed", timed_out = "ExecutionsTimedOut", aborted = "ExecutionsAborted" }

    content {
      id = metric_query.key

      metric {
        namespace   = "AWS/States"
        metric_name = metric_query.value
        dimensions  = { StateMachineArn = aws_sfn_state_machine.this.arn }
        period      = 300
        stat        = "Sum"
      }
    }
  }

  tags = var.tags
}
