mock_provider "aws" {
  # The provider still validates ARN-typed arguments against mocked values, so attributes that
  # feed other resources must look like real ARNs/IDs.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/shop-production-reports-mock"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/shop-production-reports"
    }
  }

  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-reports:1"
    }
  }

  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0fedcba9876543210"
    }
  }

  mock_resource "aws_sfn_state_machine" {
    defaults = {
      arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:shop-production-reports"
    }
  }
}

variables {
  name                = "reports"
  name_prefix         = "shop-production"
  cluster_arn         = "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-production"
  cluster_name        = "shop-production"
  region              = "eu-west-1"
  account_id          = "123456789012"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  image               = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-production/reports:bootstrap"
  cpu                 = 512
  memory              = 1024
  log_group_name      = "/plinth/shop-production/reports"
  schedule_expression = "cron(0 3 * * ? *)"
  timezone            = "Europe/Berlin"
  alarm_topic_arn     = "arn:aws:sns:eu-west-1:123456789012:shop-production-alarms"
}

run "forbid_with_retries" {
  command = apply

  variables {
    retries         = 2
    timeout_seconds = 1800
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this.definition).StartAt == "CheckRunning"
    error_message = "With concurrency \"forbid\" a run must start by checking for running executions."
  }

  assert {
    condition = (
      jsondecode(aws_sfn_state_machine.this.definition).States.CheckRunning.Resource == "arn:aws:states:::aws-sdk:sfn:listExecutions" &&
      jsondecode(aws_sfn_state_machine.this.definition).States.CheckRunning.Parameters == { "StateMachineArn.$" = "$$.StateMachine.Id", StatusFilter = "RUNNING" } &&
      jsondecode(aws_sfn_state_machine.this.definition).States.CheckRunning.ResultSelector == { "running.$" = "States.ArrayLength($.Executions)" }
    )
    error_message = "The first state must count this state machine's RUNNING executions through listExecutions."
  }

  assert {
    condition = (
      jsondecode(aws_sfn_state_machine.this.definition).States.SkipIfRunning.Choices == [{ Variable = "$.running", NumericGreaterThan = 1, Next = "AlreadyRunning" }] &&
      jsondecode(aws_sfn_state_machine.this.definition).States.SkipIfRunning.Default == "RunTask" &&
      jsondecode(aws_sfn_state_machine.this.definition).States.AlreadyRunning.Type == "Succeed"
    )
    error_message = "A run must end successfully without a task when another execution is running, and run the task otherwise."
  }

  assert {
    condition = (
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Resource == "arn:aws:states:::ecs:runTask.sync" &&
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.TimeoutSeconds == 1800 &&
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.End
    )
    error_message = "The task state must run the task synchronously with timeout_seconds as its timeout."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Retry == [{ ErrorEquals = ["States.TaskFailed"], MaxAttempts = 2, IntervalSeconds = 60, BackoffRate = 2 }]
    error_message = "Failed attempts must be retried retries times on States.TaskFailed only (never on States.Timeout), from 60 s with backoff 2."
  }

  assert {
    condition = (
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.TaskDefinition == "shop-production-reports" &&
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.Cluster == "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-production"
    )
    error_message = "Runs must start the task definition family (its latest revision) in the cluster."
  }

  assert {
    condition = jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.NetworkConfiguration == {
      AwsvpcConfiguration = {
        Subnets        = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
        SecurityGroups = ["sg-0fedcba9876543210"]
        AssignPublicIp = "DISABLED"
      }
    }
    error_message = "Tasks must run in the given subnets with the job's security group and no public IP."
  }

  assert {
    condition = (
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.CapacityProviderStrategy == [{ CapacityProvider = "FARGATE", Weight = 100 }] &&
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.PropagateTags == "TASK_DEFINITION" &&
      jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.EnableECSManagedTags
    )
    error_message = "0% Spot must run on FARGATE only, with the task definition's tags and ECS managed tags."
  }

  assert {
    condition = (
      aws_sfn_state_machine.this.name == "shop-production-reports" &&
      aws_sfn_state_machine.this.type == "STANDARD" &&
      one(aws_sfn_state_machine.this.logging_configuration).level == "ERROR" &&
      one(aws_sfn_state_machine.this.logging_configuration).include_execution_data == false &&
      aws_cloudwatch_log_group.this["runs"].name == "/aws/vendedlogs/states/shop-production-reports"
    )
    error_message = "The state machine must be a STANDARD workflow logging errors, without execution data, to /aws/vendedlogs/states/<qualified name>."
  }

  assert {
    condition = contains(
      jsondecode(aws_iam_role_policy.this["sfn/run"].policy).Statement,
      { Sid = "ListOwnExecutions", Effect = "Allow", Action = ["states:ListExecutions"], Resource = ["arn:aws:states:eu-west-1:123456789012:stateMachine:shop-production-reports"] },
    )
    error_message = "With \"forbid\" the state machine's role must list its own executions, and nothing else's."
  }

  assert {
    condition = contains(
      jsondecode(aws_iam_role_policy.this["sfn/run"].policy).Statement,
      {
        Sid       = "RunJobTask"
        Effect    = "Allow"
        Action    = ["ecs:RunTask"]
        Resource  = ["arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-reports:*"]
        Condition = { ArnEquals = { "ecs:cluster" = "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-production" } }
      },
    )
    error_message = "RunTask must be limited to the job's family, in its cluster."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this["sfn/run"].policy).Statement : s.Resource if s.Sid == "PassTaskRoles"] == [["arn:aws:iam::123456789012:role/shop-production-reports-mock", "arn:aws:iam::123456789012:role/shop-production-reports-mock"]]
    error_message = "The state machine may pass the execution and task roles only."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.this["schd/start"].policy).Statement == [
      { Sid = "StartJobRun", Effect = "Allow", Action = ["states:StartExecution"], Resource = ["arn:aws:states:eu-west-1:123456789012:stateMachine:shop-production-reports"] },
    ]
    error_message = "The schedule's role may start this state machine and nothing else."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this["sfn"].assume_role_policy).Statement[0].Condition == { StringEquals = { "aws:SourceAccount" = "123456789012" }, ArnLike = { "aws:SourceArn" = "arn:aws:states:eu-west-1:123456789012:*" } }
    error_message = "With the account known, only Step Functions acting for this account may assume the state machine's role."
  }

  assert {
    condition     = toset([for r in aws_iam_role.this : r.name]) == toset(["shop-production-reports-exec", "shop-production-reports-task", "shop-production-reports-sfn", "shop-production-reports-schd"])
    error_message = "The roles must be <qualified name>-exec, -task, -sfn and -schd."
  }

  assert {
    condition     = keys(aws_iam_role_policy.this) == ["schd/start", "sfn/run"]
    error_message = "Without secrets, buckets or extra documents only the state machine's and the schedule's policies exist."
  }

  assert {
    condition = (
      aws_scheduler_schedule.this.name == "shop-production-reports" &&
      aws_scheduler_schedule.this.group_name == "default" &&
      aws_scheduler_schedule.this.schedule_expression == "cron(0 3 * * ? *)" &&
      aws_scheduler_schedule.this.schedule_expression_timezone == "Europe/Berlin" &&
      aws_scheduler_schedule.this.state == "ENABLED" &&
      one(aws_scheduler_schedule.this.flexible_time_window).mode == "OFF"
    )
    error_message = "The schedule must start runs at schedule_expression in timezone, without a flexible window."
  }

  assert {
    condition = (
      one(aws_scheduler_schedule.this.target).arn == "arn:aws:states:eu-west-1:123456789012:stateMachine:shop-production-reports" &&
      one(one(aws_scheduler_schedule.this.target).retry_policy).maximum_retry_attempts == 3 &&
      one(one(aws_scheduler_schedule.this.target).retry_policy).maximum_event_age_in_seconds == 900
    )
    error_message = "The schedule must start the state machine, retrying the delivery only briefly."
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.failed) == 1 &&
      aws_cloudwatch_metric_alarm.failed[0].alarm_name == "shop-production-reports-job-failed" &&
      aws_cloudwatch_metric_alarm.failed[0].alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:shop-production-alarms"]) &&
      aws_cloudwatch_metric_alarm.failed[0].ok_actions == toset(["arn:aws:sns:eu-west-1:123456789012:shop-production-alarms"]) &&
      aws_cloudwatch_metric_alarm.failed[0].treat_missing_data == "notBreaching"
    )
    error_message = "The failed-run alarm must exist and notify the alarm topic."
  }

  assert {
    condition = toset([
      for q in aws_cloudwatch_metric_alarm.failed[0].metric_query : one(q.metric).metric_name if length(q.metric) > 0
    ]) == toset(["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"])
    error_message = "The alarm must sum failed, timed-out and aborted executions."
  }

  assert {
    condition = (
      !can(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings) &&
      !can(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck) &&
      !can(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].command)
    )
    error_message = "A job's container has no port mappings and no health check, and without command runs the image's CMD."
  }

  assert {
    condition = (
      aws_ecs_task_definition.this.family == "shop-production-reports" &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].name == "reports" &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem &&
      jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints == [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }] &&
      [for v in aws_ecs_task_definition.this.volume : v.name] == ["tmp"]
    )
    error_message = "The task definition must be family <qualified name> with a read-only container named after the job and a writable /tmp."
  }

  assert {
    condition     = aws_security_group.this.name_prefix == "shop-production-reports-tasks-" && aws_vpc_security_group_egress_rule.all.ip_protocol == "-1"
    error_message = "The tasks' security group must follow the service naming and allow all egress."
  }

  assert {
    condition     = output.alarm_arn != null && output.task_definition_family == "shop-production-reports"
    error_message = "The outputs must expose the alarm and the family."
  }
}

run "allow_without_retries" {
  command = apply

  variables {
    concurrency          = "allow"
    retries              = 0
    command              = ["bin/rake", "reports:nightly"]
    fargate_spot_percent = 100
    account_id           = null
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this.definition).StartAt == "RunTask" && keys(jsondecode(aws_sfn_state_machine.this.definition).States) == ["RunTask"]
    error_message = "With concurrency \"allow\" the run task is the only state."
  }

  assert {
    condition     = !can(jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Retry)
    error_message = "With retries = 0 the task state has no Retry."
  }

  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.this["sfn/run"].policy).Statement : s if s.Sid == "ListOwnExecutions"]) == 0
    error_message = "Without the concurrency check the role must not list executions."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.CapacityProviderStrategy == [{ CapacityProvider = "FARGATE_SPOT", Weight = 100 }]
    error_message = "100% Spot must run on FARGATE_SPOT only."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].command == ["bin/rake", "reports:nightly"]
    error_message = "command must set the container's command."
  }

  assert {
    condition = (
      !can(jsondecode(aws_iam_role.this["schd"].assume_role_policy).Statement[0].Condition) &&
      jsondecode(aws_iam_role_policy.this["schd/start"].policy).Statement[0].Resource == ["arn:aws:states:eu-west-1:*:stateMachine:shop-production-reports"]
    )
    error_message = "Without the account id the trust policies have no source conditions and ARNs match any account."
  }
}

run "alarms_disabled_with_access" {
  command = plan

  variables {
    alarms_enabled       = false
    alarm_topic_arn      = null
    fargate_spot_percent = 30
    secrets = {
      REPORTS_API_KEY = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-reports-AbCdEf"
    }
    secret_arns           = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-reports-AbCdEf"]
    bucket_arns           = ["arn:aws:s3:::shop-production-reports"]
    task_policy_documents = ["{\"Version\":\"2012-10-17\",\"Statement\":[]}"]
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.failed) == 0
    error_message = "alarms_enabled = false must create no alarm."
  }

  assert {
    condition     = toset(keys(aws_iam_role_policy.this)) == toset(["exec/secrets", "task/s3", "task/extra-0", "sfn/run", "schd/start"])
    error_message = "Secrets, buckets and extra documents must add the execution role's secrets policy and the task role's S3 and extra policies."
  }

  assert {
    condition     = aws_iam_role_policy.this["task/extra-0"].name == "extra-0" && aws_iam_role_policy.this["exec/secrets"].name == "secrets"
    error_message = "Inline policies keep the ecs-service module's names."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this["task/s3"].policy).Statement : s.Sid] == ["ListBuckets", "ReadWriteObjects"]
    error_message = "Without bucket keys the S3 policy has no KMS statement."
  }
}

run "spot_share" {
  command = apply

  variables {
    fargate_spot_percent = 30
  }

  assert {
    condition = jsondecode(aws_sfn_state_machine.this.definition).States.RunTask.Parameters.CapacityProviderStrategy == [
      { CapacityProvider = "FARGATE", Weight = 70 },
      { CapacityProvider = "FARGATE_SPOT", Weight = 30 },
    ]
    error_message = "A Spot share must weight both providers, without a base."
  }
}

run "rejects_schedule_without_type" {
  command = plan

  variables {
    schedule_expression = "0 3 * * *"
  }

  expect_failures = [var.schedule_expression]
}

run "rejects_cron_with_five_fields" {
  command = plan

  variables {
    schedule_expression = "cron(0 3 * * ?)"
  }

  expect_failures = [var.schedule_expression]
}

run "rejects_zero_rate" {
  command = plan

  variables {
    schedule_expression = "rate(0 minutes)"
  }

  expect_failures = [var.schedule_expression]
}

run "accepts_rate_and_at" {
  command = plan

  variables {
    schedule_expression = "rate(15 minutes)"
  }

  assert {
    condition     = aws_scheduler_schedule.this.schedule_expression == "rate(15 minutes)"
    error_message = "rate() expressions must be accepted."
  }
}

run "rejects_short_timeout" {
  command = plan

  variables {
    timeout_seconds = 59
  }

  expect_failures = [var.timeout_seconds]
}

run "rejects_timeout_beyond_a_year" {
  command = plan

  variables {
    timeout_seconds = 31536001
  }

  expect_failures = [var.timeout_seconds]
}

run "rejects_too_many_retries" {
  command = plan

  variables {
    retries = 11
  }

  expect_failures = [var.retries]
}

run "rejects_fractional_retries" {
  command = plan

  variables {
    retries = 1.5
  }

  expect_failures = [var.retries]
}

run "rejects_unknown_concurrency" {
  command = plan

  variables {
    concurrency = "replace"
  }

  expect_failures = [var.concurrency]
}

run "rejects_non_topic_alarm_target" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sqs:eu-west-1:123456789012:shop-production-alarms"
  }

  expect_failures = [var.alarm_topic_arn]
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
    error_message = "The job's own container must come first, then the sidecars in order."
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
    error_message = "A sidecar must get its size, port, secrets, health check and the job's log group."
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
    error_message = "The job's container must wait for its dependencies, sorted by name."
  }

  assert {
    condition     = toset([for v in aws_ecs_task_definition.this.volume : v.name]) == toset(["tmp", "tmp-setup"])
    error_message = "Each read-only container must get its own scratch volume; a writable one none."
  }
}

run "rejects_a_sidecar_named_like_the_job" {
  command = plan

  variables {
    sidecars = [{ name = var.name, image = "public.ecr.aws/nginx/nginx:1.27" }]
  }

  expect_failures = [var.sidecars]
}

run "rejects_sidecars_that_leave_the_job_no_memory" {
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
