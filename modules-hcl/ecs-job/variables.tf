################################################################################
# Identity and placement (the same inputs, names and rules as the ecs-service module)
################################################################################

variable "name" {
  description = "Name of the job; also the container name and the last part of every account-wide name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,53}$", var.name))
    error_message = "name must be 1-54 characters of letters, digits, hyphens and underscores, starting with a letter or digit."
  }
}

variable "name_prefix" {
  description = "Prefix of the account-wide names (IAM roles, task definition family, security group, state machine, schedule), usually <project>-<env>, so environments sharing an account never collide."
  type        = string

  validation {
    # "<prefix>-<name>-exec" must fit IAM's 64-character role name limit; the job's other roles
    # use suffixes no longer than "-exec".
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$", var.name_prefix))
    error_message = "name_prefix must be 1-40 characters of letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster the job's tasks run in. The cluster must have the FARGATE and FARGATE_SPOT capacity providers associated."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]+$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  }
}

variable "cluster_name" {
  description = "Name of the same ECS cluster; task ARNs embed it (task/<cluster>/<id>), which scopes the state machine's permissions on the job's tasks."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1-255 characters of letters, digits, hyphens and underscores."
  }
}

variable "region" {
  description = "AWS region the job runs in, used by the awslogs log driver and in the ARNs the IAM policies name (no data source: the module plans offline)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "account_id" {
  description = "AWS account ID. When set, the trust policies only let ECS, Step Functions and EventBridge Scheduler assume the roles on behalf of this account (aws:SourceAccount), and the IAM policies name it in their ARNs; with null they use \"*\" for the account."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the tasks' security group is created in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Private subnets the tasks are placed in (the tasks never get a public IP); use one per availability zone."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least one subnet ID (subnet-...)."
  }
}

################################################################################
# Task
################################################################################

variable "image" {
  description = "Full container image reference including an explicit tag or digest. Only the first revision uses it: CI registers later revisions of the family with new images, and every run starts the family's latest ACTIVE revision."
  type        = string

  validation {
    condition     = can(regex("^([^\\s/]+/)*[^\\s/:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$", var.image)) && can(regex("(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", element(split("/", var.image), length(split("/", var.image)) - 1)))
    error_message = "image must be a full image reference with an explicit tag or @sha256 digest."
  }
}

variable "command" {
  description = "Command the container runs, e.g. [\"bin/rake\", \"reports:nightly\"]. null (or an empty list) leaves it out of the container definition, so the image's CMD runs."
  type        = list(string)
  default     = null
}

variable "cpu" {
  description = "Task CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384)."
  type        = number

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be one of the Fargate sizes: 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB; must be a combination Fargate supports for the chosen cpu."
  type        = number

  validation {
    condition = (
      var.cpu == 256 ? contains([512, 1024, 2048], var.memory) :
      var.cpu == 512 ? var.memory >= 1024 && var.memory <= 4096 && var.memory % 1024 == 0 :
      var.cpu == 1024 ? var.memory >= 2048 && var.memory <= 8192 && var.memory % 1024 == 0 :
      var.cpu == 2048 ? var.memory >= 4096 && var.memory <= 16384 && var.memory % 1024 == 0 :
      var.cpu == 4096 ? var.memory >= 8192 && var.memory <= 30720 && var.memory % 1024 == 0 :
      var.cpu == 8192 ? var.memory >= 16384 && var.memory <= 61440 && var.memory % 4096 == 0 :
      var.cpu == 16384 ? var.memory >= 32768 && var.memory <= 122880 && var.memory % 8192 == 0 :
      false
    )
    error_message = "memory is not a valid Fargate size for this cpu (see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size)."
  }
}

variable "environment" {
  description = "Plain environment variables for the container. Never put credentials here: use secrets."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "environment keys must be valid environment variable names."
  }
}

variable "secrets" {
  description = "Environment variables ECS resolves from Secrets Manager at task start: name => valueFrom (a secret ARN, optionally with a \":json-key::\" suffix to pick one key of a JSON secret)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "secrets keys must be valid environment variable names."
  }

  validation {
    condition     = alltrue([for v in values(var.secrets) : can(regex("^arn:aws[a-z-]*:secretsmanager:", v))])
    error_message = "secrets values must be Secrets Manager secret ARNs, optionally with a :json-key:: suffix."
  }

  validation {
    condition     = length(setintersection(keys(var.secrets), keys(var.environment))) == 0
    error_message = "A variable name cannot be both in environment and in secrets."
  }
}

variable "secret_arns" {
  description = "Base ARNs of the Secrets Manager secrets referenced by secrets; the execution role may read exactly these. Must be a list literal (its length decides whether the policy exists at plan time)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.secret_arns : can(regex("^arn:aws[a-z-]*:secretsmanager:", a))])
    error_message = "secret_arns must be Secrets Manager secret ARNs."
  }

  validation {
    condition     = length(var.secrets) == 0 || length(var.secret_arns) > 0
    error_message = "secrets is set but secret_arns is empty: the execution role could not read the secrets and every run would fail to start."
  }
}

variable "secret_kms_key_arns" {
  description = "ARNs of customer-managed KMS keys encrypting those secrets (kms:Decrypt for the execution role). Not needed for the AWS-managed aws/secretsmanager key."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:", a))])
    error_message = "secret_kms_key_arns must be KMS key ARNs."
  }
}

variable "read_only_root_filesystem" {
  description = "Run the container with a read-only root filesystem. A writable scratch volume is mounted at /tmp so most jobs still work."
  type        = bool
  default     = true
  nullable    = false
}

variable "container_user" {
  description = "User (and optionally group) the container runs as, e.g. \"1000:1000\". null keeps the image's USER."
  type        = string
  default     = null

  validation {
    condition     = var.container_user == null || can(regex("^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$", var.container_user))
    error_message = "container_user must look like \"user\", \"uid\", \"user:group\" or \"uid:gid\"."
  }
}

variable "fargate_spot_percent" {
  description = "Weight (0-100) of FARGATE_SPOT against FARGATE when ECS places a run's task. 0 always uses FARGATE and 100 always FARGATE_SPOT; a Spot interruption fails the run like any other task failure (see retries)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.fargate_spot_percent >= 0 && var.fargate_spot_percent <= 100 && floor(var.fargate_spot_percent) == var.fargate_spot_percent
    error_message = "fargate_spot_percent must be a whole number between 0 and 100."
  }
}

################################################################################
# Schedule and run policy
################################################################################

variable "schedule_expression" {
  description = "When EventBridge Scheduler starts a run: cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), rate(<n> minute(s)|hour(s)|day(s)) or, for a single run, at(yyyy-mm-ddThh:mm:ss). Evaluated in timezone."
  type        = string

  validation {
    # The three expression types of EventBridge Scheduler: a cron expression has six fields, a
    # rate a positive whole number and a unit, a one-time schedule a local date and time.
    # https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
    condition     = can(regex("^(cron\\(\\S+( \\S+){5}\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|at\\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\))$", var.schedule_expression))
    error_message = "schedule_expression must be cron(<six fields>), rate(<positive whole number> minute|minutes|hour|hours|day|days) or at(yyyy-mm-ddThh:mm:ss)."
  }
}

variable "timezone" {
  description = "IANA time zone the schedule expression is evaluated in, e.g. Europe/Berlin (cron schedules then follow daylight saving time)."
  type        = string
  default     = "UTC"
  nullable    = false
}

variable "timeout_seconds" {
  description = "Seconds one attempt may run, counted from the RunTask call (so including image pull and start-up), before Step Functions stops the task and fails the run with States.Timeout, which is never retried (60-31536000)."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    # Upper bound: a Standard workflow execution lasts at most one year, so a longer state
    # timeout could never fire. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
    # Lower bound: a Fargate task needs tens of seconds to be placed and to pull its image, so
    # anything under a minute would time out runs that never got to start.
    condition     = var.timeout_seconds >= 60 && var.timeout_seconds <= 31536000 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number of seconds from 60 to 31536000 (one year, the longest a Standard workflow execution can run)."
  }
}

variable "retries" {
  description = "How many times a failed attempt (non-zero exit, task that could not start or was stopped, Spot interruption) is run again, after 60 s, then 120 s, 240 s and so on (0-10). Timeouts are not retried. Use 0 for a job that is not safe to run twice."
  type        = number
  default     = 0
  nullable    = false

  validation {
    # Step Functions accepts far more attempts, but with a backoff rate of 2 the tenth retry
    # already waits 60 * 2^9 seconds (8.5 hours); more would outlast any sensible schedule.
    # https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
    condition     = var.retries >= 0 && var.retries <= 10 && floor(var.retries) == var.retries
    error_message = "retries must be a whole number from 0 to 10."
  }
}

variable "concurrency" {
  description = "What a run does while an earlier run is still in progress: \"forbid\" ends it at once without starting a task, \"allow\" starts another task next to the running one."
  type        = string
  default     = "forbid"
  nullable    = false

  validation {
    condition     = contains(["allow", "forbid"], var.concurrency)
    error_message = "concurrency must be \"allow\" or \"forbid\"."
  }
}

################################################################################
# Logging
################################################################################

variable "log_group_name" {
  description = "Name of the CloudWatch log group the container logs to, conventionally /plinth/<project>-<environment>/<job>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_./#-]{1,512}$", var.log_group_name)) && !startswith(var.log_group_name, "aws/")
    error_message = "log_group_name must be 1-512 characters of letters, digits and _ . / # - and must not start with aws/."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the container logs and the runs' error log (0 = never expire)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch values: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "ARN of a customer-managed KMS key to encrypt both log groups with (its key policy must allow the CloudWatch Logs service). null uses CloudWatch's own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a KMS key ARN."
  }
}

################################################################################
# Alarms
################################################################################

variable "alarms_enabled" {
  description = "Whether the job has its failed-run alarm (the environment's alarms are on)."
  type        = bool
  default     = true
  nullable    = false
}

variable "alarm_topic_arn" {
  description = "ARN of the SNS topic that receives the job's alarm and OK notifications (the environment's alarm topic). With null the alarm has no actions and only shows in the console."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be an SNS topic ARN."
  }
}

################################################################################
# Permissions
################################################################################

variable "bucket_arns" {
  description = "ARNs of S3 buckets whose objects the task role may list, read, write and delete."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", a))])
    error_message = "bucket_arns must be S3 bucket ARNs (arn:aws:s3:::<bucket>), without an object path."
  }
}

variable "bucket_kms_key_arns" {
  description = "ARNs of customer-managed KMS keys encrypting those buckets (kms:Decrypt and kms:GenerateDataKey for the task role)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.bucket_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:", a))])
    error_message = "bucket_kms_key_arns must be KMS key ARNs."
  }
}

variable "task_policy_documents" {
  description = "Extra IAM policy documents (JSON) attached to the task role, e.g. a queue producer policy. Must be a list literal: its length decides at plan time how many policies exist."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags. Runs' tasks inherit the task definition's tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Sidecars and tracing
################################################################################

variable "sidecars" {
  description = "More containers in each task, after the job's own: e.g. a log router, a proxy or a collector. They share the task's network (localhost) and its log group; their cpu (units reserved) and memory (MiB, a hard limit) come out of the task's `cpu` and `memory`. `dependencies` maps another container's name (a sidecar, or `name` for the job's own) to what this one waits for: START, HEALTHY, COMPLETE or SUCCESS."
  type = list(object({
    name                      = string
    image                     = string
    essential                 = optional(bool, true)
    cpu                       = optional(number, 64)
    memory                    = optional(number, 128)
    port                      = optional(number)
    command                   = optional(list(string))
    environment               = optional(map(string), {})
    secrets                   = optional(map(string), {})
    health_check_command      = optional(list(string))
    dependencies              = optional(map(string), {})
    user                      = optional(string)
    read_only_root_filesystem = optional(bool, true)
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(distinct([for s in var.sidecars : s.name])) == length(var.sidecars) && !contains([for s in var.sidecars : s.name], var.name)
    error_message = "Each sidecar needs its own name, different from the job's (name)."
  }

  validation {
    condition     = alltrue([for s in var.sidecars : can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", s.name))])
    error_message = "A sidecar name is lowercase letters, digits and hyphens, starting with a letter, at most 63 characters."
  }

  validation {
    condition     = alltrue([for s in var.sidecars : s.memory >= 6 && s.cpu >= 0])
    error_message = "A sidecar needs at least 6 MiB of memory (ECS's smallest container limit) and a cpu reservation of 0 or more."
  }

  validation {
    condition     = sum(concat([0], [for s in var.sidecars : s.memory])) + 128 <= var.memory && sum(concat([0], [for s in var.sidecars : s.cpu])) + 64 <= var.cpu
    error_message = "The sidecars must leave the job's own container at least 128 MiB of the task's memory and 64 of its CPU units."
  }

  validation {
    condition = alltrue(flatten([
      for s in var.sidecars : [for c in values(s.dependencies) : contains(["START", "HEALTHY", "COMPLETE", "SUCCESS"], c)]
    ]))
    error_message = "A dependency's condition is START, HEALTHY, COMPLETE or SUCCESS."
  }

  validation {
    condition = alltrue([
      for s in var.sidecars : s.health_check_command == null ? true : length(s.health_check_command) >= 2 && contains(["CMD", "CMD-SHELL"], try(s.health_check_command[0], ""))
    ])
    error_message = "A sidecar's health_check_command must start with CMD or CMD-SHELL, followed by the command."
  }
}

variable "container_dependencies" {
  description = "The sidecars the job's own container waits for, by name, with the condition: START, HEALTHY, COMPLETE or SUCCESS."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.container_dependencies) : contains(["START", "HEALTHY", "COMPLETE", "SUCCESS"], c)])
    error_message = "A dependency's condition is START, HEALTHY, COMPLETE or SUCCESS."
  }
}

variable "tracing_enabled" {
  description = "Let the task role send traces to AWS X-Ray (for a collector sidecar such as the AWS Distro for OpenTelemetry)."
  type        = bool
  default     = false
  nullable    = false
}
