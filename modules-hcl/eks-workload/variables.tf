################################################################################
# Identity and placement
################################################################################

variable "name" {
  description = "Name of the workload; also the default Kubernetes service account name, so it must be a DNS-1123 label."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.name))
    error_message = "name must be a DNS-1123 label: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }

  validation {
    # The pod role is "<name_prefix>-<name>-pod" and IAM role names stop at 64 characters.
    condition     = length("${var.name_prefix}-${var.name}-pod") <= 64
    error_message = "The IAM role name \"<name_prefix>-<name>-pod\" would exceed 64 characters: shorten name or name_prefix."
  }
}

variable "name_prefix" {
  description = "Prefix of the account-wide names (IAM role, SSM parameter path), usually <project>-<env>, so environments sharing an account never collide."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,57}$", var.name_prefix))
    error_message = "name_prefix must be 1-58 characters of letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "region" {
  description = "AWS region of the cluster, used for the kms:ViaService conditions and the partition (no data source: the module plans offline)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "account_id" {
  description = "AWS account ID. The role's trust policy only lets EKS Pod Identity assume it on behalf of this account (aws:SourceAccount), which prevents the confused-deputy problem."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster the workload runs in; the Pod Identity association is created there."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", var.cluster_name))
    error_message = "cluster_name must be 1-100 characters of letters, digits, hyphens and underscores, starting with a letter or digit."
  }
}

variable "cluster_arn" {
  description = "ARN of the same EKS cluster. The trust policy accepts role assumptions only from this cluster (aws:SourceArn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:eks:[a-z0-9-]+:[0-9]{12}:cluster/[0-9A-Za-z][A-Za-z0-9_-]*$", var.cluster_arn))
    error_message = "cluster_arn must be an EKS cluster ARN (arn:aws:eks:<region>:<account>:cluster/<name>)."
  }

  validation {
    condition     = endswith(var.cluster_arn, ":${var.account_id}:cluster/${var.cluster_name}")
    error_message = "cluster_arn must name cluster_name in account_id."
  }
}

variable "namespace" {
  description = "Kubernetes namespace the workload's service account lives in."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "service_account" {
  description = "Kubernetes service account the workload's pods run as. null uses name."
  type        = string
  default     = null

  validation {
    condition     = var.service_account == null || can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.service_account))
    error_message = "service_account must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253 characters."
  }
}

################################################################################
# Permissions
################################################################################

variable "secret_arns" {
  description = "Full ARNs (including the random suffix) of the Secrets Manager secrets the pods may read (GetSecretValue, DescribeSecret), e.g. through the Secrets Store CSI driver. Must be a list literal: its length decides at plan time whether the policy exists."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.secret_arns : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", a))])
    error_message = "secret_arns must be Secrets Manager secret ARNs (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>)."
  }
}

variable "secret_kms_key_arns" {
  description = "ARNs of customer-managed KMS keys encrypting those secrets (kms:Decrypt through Secrets Manager only). Not needed for the AWS-managed aws/secretsmanager key."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:", a))])
    error_message = "secret_kms_key_arns must be KMS key ARNs."
  }

  validation {
    condition     = length(var.secret_kms_key_arns) == 0 || length(var.secret_arns) > 0
    error_message = "secret_kms_key_arns is set but secret_arns is empty: a decrypt grant without secrets to read is never needed."
  }
}

variable "bucket_arns" {
  description = "ARNs of S3 buckets whose objects the pods may list, read, write and delete. Must be a list literal: its length decides at plan time whether the policy exists."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.bucket_arns : can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", a))])
    error_message = "bucket_arns must be S3 bucket ARNs (arn:aws:s3:::<bucket>), without an object path."
  }
}

variable "bucket_kms_key_arns" {
  description = "ARNs of customer-managed KMS keys encrypting those buckets (kms:Decrypt and kms:GenerateDataKey through S3 only)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.bucket_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:", a))])
    error_message = "bucket_kms_key_arns must be KMS key ARNs."
  }

  validation {
    condition     = length(var.bucket_kms_key_arns) == 0 || length(var.bucket_arns) > 0
    error_message = "bucket_kms_key_arns is set but bucket_arns is empty: a key grant without buckets to use it with is never needed."
  }
}

variable "policy_documents" {
  description = "Extra IAM policy documents (JSON) attached to the pod role as inline policies, e.g. a Kafka client policy. Must be a list literal: its length decides at plan time how many policies exist."
  type        = list(string)
  default     = []
  nullable    = false
}

################################################################################
# Runtime configuration
################################################################################

variable "tracing_enabled" {
  description = "Let the pods send traces to AWS X-Ray (for a collector sidecar such as the AWS Distro for OpenTelemetry)."
  type        = bool
  default     = false
  nullable    = false
}

variable "config" {
  description = "Non-secret runtime configuration (endpoints, bucket names, secret ARNs for the Secrets Store CSI driver), written to the SSM parameter as a dotenv file the deploy workflow feeds to kustomize's configMapGenerator. Values may be unknown at plan time; never put credentials here."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.config) : can(regex("^[A-Za-z_][A-Za-z0-9_.-]*$", k))])
    error_message = "config keys must start with a letter or underscore and contain only letters, digits, '_', '.' and '-'."
  }

  validation {
    # One entry per line: a newline in a value would start a new, attacker-shaped entry.
    condition     = alltrue([for v in values(var.config) : !strcontains(v, "\n") && !strcontains(v, "\r")])
    error_message = "config values must not contain line breaks."
  }
}

variable "config_parameter_name" {
  description = "Name of the SSM parameter holding the dotenv configuration. null uses /plinth/<name_prefix>/<name>/kubernetes-config."
  type        = string
  default     = null

  validation {
    condition     = var.config_parameter_name == null || can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.config_parameter_name))
    error_message = "config_parameter_name must be a fully qualified SSM parameter path (/a/b/c) of letters, digits, '_', '.' and '-'."
  }

  validation {
    condition     = var.config_parameter_name == null ? true : !can(regex("^/(aws|ssm)", lower(var.config_parameter_name)))
    error_message = "config_parameter_name must not start with /aws or /ssm (reserved by AWS)."
  }
}

variable "config_kms_key_id" {
  description = "KMS key (ID, ARN or alias) encrypting the SecureString parameter. The default is the AWS-managed alias/aws/ssm; with a customer-managed key the deploy role also needs kms:Decrypt on it."
  type        = string
  default     = "alias/aws/ssm"
  nullable    = false

  validation {
    condition     = can(regex("^(alias/[A-Za-z0-9/_-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+)$", var.config_kms_key_id))
    error_message = "config_kms_key_id must be a KMS key ID, key ARN, alias name (alias/...) or alias ARN."
  }
}

variable "config_parameter_tier" {
  description = "SSM parameter tier: Standard (free, up to 4 KB) or Advanced (charged, up to 8 KB)."
  type        = string
  default     = "Standard"
  nullable    = false

  validation {
    condition     = contains(["Standard", "Advanced"], var.config_parameter_tier)
    error_message = "config_parameter_tier must be Standard or Advanced."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
