################################################################################
# Identity and placement
################################################################################

variable "name" {
  description = "Name of the service within its cluster; also the container name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,53}$", var.name))
    error_message = "name must be 1-54 characters of letters, digits, hyphens and underscores, starting with a letter or digit."
  }
}

variable "name_prefix" {
  description = "Prefix of the account-wide names (IAM roles, task definition family, security group), usually <project>-<env>, so environments sharing an account never collide."
  type        = string

  validation {
    # "<prefix>-<name>-exec" must fit IAM's 64-character role name limit.
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$", var.name_prefix))
    error_message = "name_prefix must be 1-40 characters of letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster the service runs in. The cluster must have the FARGATE and FARGATE_SPOT capacity providers associated."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]+$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  }
}

variable "cluster_name" {
  description = "Name of the same ECS cluster; Application Auto Scaling addresses services as service/<cluster>/<service>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1-255 characters of letters, digits, hyphens and underscores."
  }
}

variable "region" {
  description = "AWS region the service runs in, used by the awslogs log driver (no data source: the module plans offline)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "account_id" {
  description = "AWS account ID. When set, the roles' trust policies only let ECS assume them on behalf of this account (aws:SourceAccount), which prevents the confused-deputy problem."
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
  description = "Full container image reference including an explicit tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2."
  type        = string

  validation {
    condition     = can(regex("^([^\\s/]+/)*[^\\s/:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$", var.image)) && can(regex("(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", element(split("/", var.image), length(split("/", var.image)) - 1)))
    error_message = "image must be a full image reference with an explicit tag or @sha256 digest."
  }
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

variable "container_port" {
  description = "Port the container listens on. null for a worker that serves nothing: no port mapping, no load balancer, no service discovery and no inbound rule."
  type        = number
  default     = null

  validation {
    condition     = var.container_port == null ? true : var.container_port >= 1 && var.container_port <= 65535 && floor(var.container_port) == var.container_port
    error_message = "container_port must be an integer between 1 and 65535."
  }
}

variable "health_check_command" {
  description = "Container health check command, e.g. [\"CMD-SHELL\", \"pgrep -f worker || exit 1\"]: CMD runs the arguments directly, CMD-SHELL with the container's shell; exit status 0 means healthy. ECS runs it every 30 seconds (5-second timeout, 3 retries, 60-second start period) and replaces an unhealthy task. null: no container health check."
  type        = list(string)
  default     = null

  validation {
    condition     = var.health_check_command == null ? true : length(var.health_check_command) >= 2 && contains(["CMD", "CMD-SHELL"], try(var.health_check_command[0], ""))
    error_message = "health_check_command must start with CMD or CMD-SHELL, followed by the command."
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
    error_message = "secrets is set but secret_arns is empty: the execution role could not read the secrets and tasks would fail to start."
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
  description = "Run the container with a read-only root filesystem. A writable scratch volume is mounted at /tmp so most applications still work."
  type        = bool
  default     = true
  nullable    = false
}

variable "enable_execute_command" {
  description = "Turn on ECS Exec: `aws ecs execute-command` runs a command (or opens a shell) in a running task through SSM Session Manager, each session logged by the cluster's execute-command configuration. ECS Exec needs a writable root filesystem: its SSM agent writes to it (aws/containers-roadmap#1359)."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.enable_execute_command || !var.read_only_root_filesystem
    error_message = "ECS Exec needs a writable root filesystem: set read_only_root_filesystem = false to enable_execute_command."
  }

  validation {
    condition     = !var.enable_execute_command || var.execute_command_log_group_arn != null
    error_message = "enable_execute_command needs execute_command_log_group_arn, the log group the cluster logs sessions to."
  }
}

variable "execute_command_log_group_arn" {
  description = "ARN of the log group the cluster logs ECS Exec sessions to (the ecs-cluster module's execute_command_log_group_arn); the task role may write to it. Used with enable_execute_command."
  type        = string
  default     = null

  validation {
    condition     = var.execute_command_log_group_arn == null || can(regex("^arn:aws[a-z-]*:logs:", var.execute_command_log_group_arn))
    error_message = "execute_command_log_group_arn must be a CloudWatch Logs log group ARN."
  }
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

################################################################################
# Logging
################################################################################

variable "log_group_name" {
  description = "Name of the CloudWatch log group the container logs to, conventionally /ecs/<project>-<environment>/<service>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_./#-]{1,512}$", var.log_group_name)) && !startswith(var.log_group_name, "aws/")
    error_message = "log_group_name must be 1-512 characters of letters, digits and _ . / # - and must not start with aws/."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the container logs (0 = never expire)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch values: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "ARN of a customer-managed KMS key to encrypt the log group with (its key policy must allow the CloudWatch Logs service). null uses CloudWatch's own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a KMS key ARN."
  }
}

################################################################################
# Load balancing
################################################################################

variable "attach_load_balancer" {
  description = "Register the tasks with target_group_arn and accept traffic from load_balancer_security_group_id. A plain bool so resource counts are known at plan time."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.attach_load_balancer || (var.target_group_arn != null && var.load_balancer_security_group_id != null)
    error_message = "attach_load_balancer requires target_group_arn and load_balancer_security_group_id."
  }

  validation {
    condition     = !var.attach_load_balancer || var.container_port != null
    error_message = "attach_load_balancer requires container_port: the load balancer sends traffic to the container port."
  }
}

variable "target_group_arn" {
  description = "ARN of the target group (target_type = \"ip\") the service registers its tasks with. Used only when attach_load_balancer is true."
  type        = string
  default     = null

  validation {
    condition     = var.target_group_arn == null || can(regex("^arn:aws[a-z-]*:elasticloadbalancing:.*:targetgroup/", var.target_group_arn))
    error_message = "target_group_arn must be an Elastic Load Balancing target group ARN."
  }
}

variable "load_balancer_security_group_id" {
  description = "Security group of the load balancer; the only source allowed to reach the tasks. Used only when attach_load_balancer is true."
  type        = string
  default     = null

  validation {
    condition     = var.load_balancer_security_group_id == null || can(regex("^sg-[0-9a-f]+$", var.load_balancer_security_group_id))
    error_message = "load_balancer_security_group_id must be a security group ID (sg-...)."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores failing load balancer health checks after a task starts. Used only when attach_load_balancer is true."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647 && floor(var.health_check_grace_period_seconds) == var.health_check_grace_period_seconds
    error_message = "health_check_grace_period_seconds must be a non-negative integer."
  }
}

################################################################################
# Capacity and scaling
################################################################################

variable "desired_count" {
  description = "Number of tasks to run. With autoscaling it is only the initial count (clamped to min..max); the autoscaler owns it afterwards."
  type        = number
  nullable    = false

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a non-negative integer."
  }
}

variable "fargate_spot_percent" {
  description = "Share (0-100) of tasks placed on FARGATE_SPOT. The first task always runs on FARGATE unless this is 100."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.fargate_spot_percent >= 0 && var.fargate_spot_percent <= 100 && floor(var.fargate_spot_percent) == var.fargate_spot_percent
    error_message = "fargate_spot_percent must be a whole number between 0 and 100."
  }
}

variable "autoscaling" {
  description = "Target-tracking autoscaling: task count bounds, the average CPU utilisation target (%), and optional memory utilisation (%), ALB requests-per-task and queue backlog-per-task (messages waiting in backlog_queue_names per running task) targets. null disables autoscaling. Use literal numbers: which policies exist is decided at plan time."
  type = object({
    min                 = number
    max                 = number
    cpu_target          = number
    memory_target       = optional(number)
    requests_per_target = optional(number)
    backlog_per_task    = optional(number)
  })
  default = null

  validation {
    condition     = var.autoscaling == null ? true : var.autoscaling.min >= 0 && var.autoscaling.min <= var.autoscaling.max && floor(var.autoscaling.min) == var.autoscaling.min && floor(var.autoscaling.max) == var.autoscaling.max
    error_message = "autoscaling.min and autoscaling.max must be non-negative integers with min <= max."
  }

  validation {
    condition     = var.autoscaling == null ? true : var.autoscaling.max >= 1
    error_message = "autoscaling.max must be at least 1."
  }

  validation {
    # Conditionals rather than ||: Terraform evaluates both operands, and null > 0 is an error.
    condition = var.autoscaling == null ? true : (
      var.autoscaling.cpu_target > 0 && var.autoscaling.cpu_target <= 100 &&
      (var.autoscaling.memory_target == null ? true : var.autoscaling.memory_target > 0 && var.autoscaling.memory_target <= 100)
    )
    error_message = "autoscaling.cpu_target and autoscaling.memory_target are percentages in (0, 100]."
  }

  validation {
    condition     = try(var.autoscaling.requests_per_target, null) == null ? true : var.autoscaling.requests_per_target > 0
    error_message = "autoscaling.requests_per_target must be positive."
  }

  validation {
    condition     = try(var.autoscaling.backlog_per_task, null) == null ? true : var.autoscaling.backlog_per_task > 0
    error_message = "autoscaling.backlog_per_task must be positive."
  }

  validation {
    # The backlog per task is the backlog divided by the running tasks: with none running it has
    # no value, and target tracking does not scale on missing data, so the service would stay at
    # zero however long the queue grows.
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html
    condition     = try(var.autoscaling.backlog_per_task, null) == null ? true : var.autoscaling.min >= 1
    error_message = "autoscaling.backlog_per_task needs autoscaling.min of at least 1: with no task running there is no backlog per task, and the service would never scale out."
  }
}

variable "autoscaling_enabled" {
  description = "Static switch mirroring autoscaling != null, so counts never depend on the shape of an object at plan time."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = var.autoscaling_enabled == (var.autoscaling != null)
    error_message = "autoscaling_enabled must be true exactly when autoscaling is set."
  }
}

variable "target_group_resource_label" {
  description = "ALB request-count resource label, \"app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>\" (\"<alb arn_suffix>/<target group arn_suffix>\"). Required when autoscaling.requests_per_target is set."
  type        = string
  default     = null

  validation {
    condition     = var.target_group_resource_label == null || can(regex("^app/[^/]+/[^/]+/targetgroup/[^/]+/[^/]+$", var.target_group_resource_label))
    error_message = "target_group_resource_label must look like app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>."
  }

  validation {
    condition     = try(var.autoscaling.requests_per_target, null) == null || (var.attach_load_balancer && var.target_group_resource_label != null)
    error_message = "autoscaling.requests_per_target needs attach_load_balancer = true and target_group_resource_label."
  }
}

variable "backlog_queue_names" {
  description = "Names of the SQS queues (with .fifo for FIFO queues, i.e. the sqs-queue module's queue_name) whose visible messages, summed and divided by the running tasks, autoscaling.backlog_per_task tracks. Used only with backlog_per_task; needs Container Insights on the cluster (RunningTaskCount)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for q in var.backlog_queue_names : can(regex("^[A-Za-z0-9_-]{1,80}$", trimsuffix(q, ".fifo"))) && length(q) <= 80])
    error_message = "backlog_queue_names must be SQS queue names: up to 80 letters, digits, hyphens and underscores, with the .fifo suffix of a FIFO queue."
  }

  validation {
    condition     = try(var.autoscaling.backlog_per_task, null) == null ? true : length(var.backlog_queue_names) >= 1
    error_message = "autoscaling.backlog_per_task needs at least one queue in backlog_queue_names."
  }

  validation {
    # The policy reads one metric per queue plus the running task count, and the CloudWatch alarms
    # that target tracking creates from it can reference at most 10 metrics.
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html
    condition     = try(var.autoscaling.backlog_per_task, null) == null ? true : length(var.backlog_queue_names) <= 9
    error_message = "autoscaling.backlog_per_task can sum at most 9 queues in backlog_queue_names: with the running task count that makes the 10 metrics a metric-math alarm can reference."
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

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "task_policy_documents" {
  description = "Extra IAM policy documents (JSON) attached to the task role, e.g. a Kafka client policy. Must be a list literal: its length decides at plan time how many policies exist."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "service_discovery_enabled" {
  description = "Register the tasks in service_discovery_namespace_id as <name>.<namespace>."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.service_discovery_enabled || var.container_port != null
    error_message = "service_discovery_enabled requires container_port: callers reach the service on its port."
  }
}

variable "service_discovery_namespace_id" {
  description = "Cloud Map namespace (the cluster's private DNS namespace) the tasks register in; required with service_discovery_enabled."
  type        = string
  default     = null

  validation {
    condition     = !var.service_discovery_enabled || var.service_discovery_namespace_id != null
    error_message = "service_discovery_namespace_id is required when service_discovery_enabled is true."
  }
}

variable "internal_ingress_cidr_blocks" {
  description = "CIDR blocks allowed to reach the container port directly (the subnets of the services that call this one through service discovery)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for cidr in var.internal_ingress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "internal_ingress_cidr_blocks must be IPv4 CIDR blocks."
  }

  validation {
    condition     = length(var.internal_ingress_cidr_blocks) == 0 || var.container_port != null
    error_message = "internal_ingress_cidr_blocks requires container_port: the rules admit traffic to the container port."
  }
}

################################################################################
# Sidecars and tracing
################################################################################

variable "sidecars" {
  description = "More containers in each task, after the service's own: e.g. a log router, a proxy or a collector. They share the task's network (localhost) and its log group; their cpu (units reserved) and memory (MiB, a hard limit) come out of the task's `cpu` and `memory`. `dependencies` maps another container's name (a sidecar, or `name` for the service's own) to what this one waits for: START, HEALTHY, COMPLETE or SUCCESS."
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
    error_message = "Each sidecar needs its own name, different from the service's (name)."
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
    error_message = "The sidecars must leave the service's own container at least 128 MiB of the task's memory and 64 of its CPU units."
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
  description = "The sidecars the service's own container waits for, by name, with the condition: START, HEALTHY, COMPLETE or SUCCESS."
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
