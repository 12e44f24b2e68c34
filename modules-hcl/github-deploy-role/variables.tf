variable "create_oidc_provider" {
  description = "Create the account's GitHub Actions OIDC provider. IAM allows one provider per URL and account, so create it with the first environment of each account and pass its ARN (output oidc_provider_arn) to the others as oidc_provider_arn."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of the account's existing GitHub Actions OIDC provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com). Required when create_oidc_provider is false, and must be null when it is true."
  type        = string
  default     = null

  validation {
    condition     = var.create_oidc_provider || var.oidc_provider_arn != null
    error_message = "oidc_provider_arn is required when create_oidc_provider is false."
  }

  validation {
    condition     = !var.create_oidc_provider || var.oidc_provider_arn == null
    error_message = "oidc_provider_arn must be null when create_oidc_provider is true; the module trusts the provider it creates."
  }

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be the ARN of a token.actions.githubusercontent.com OIDC provider."
  }
}

variable "role_name" {
  description = "Name of the deploy role, e.g. \"shop-prod-github\". Its managed policies are named <role_name>-<concern>."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and + = , . @ _ -."
  }
}

variable "repository" {
  description = "GitHub repository whose workflows may assume the role, as \"owner/name\". It is compared case-sensitively with the token's sub claim, so spell it as GitHub does."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.repository))
    error_message = "repository must be \"owner/name\": an owner of up to 39 letters, digits and hyphens, and a name of letters, digits, '.', '_' and '-'."
  }
}

variable "github_environment" {
  description = "GitHub environment whose jobs may assume the role (sub claim repo:<repository>:environment:<github_environment>); usually the plinth environment name. Protect it with required reviewers in GitHub for production."
  type        = string

  validation {
    condition     = length(var.github_environment) >= 1 && length(var.github_environment) <= 255 && !can(regex("[*?]", var.github_environment))
    error_message = "github_environment must be 1-255 characters without the wildcard characters * and ?."
  }
}

variable "restrict_to_environment" {
  description = "Trust only jobs that run in github_environment (use for production). When false, workflows on default_branch may assume the role as well, e.g. to plan before the apply. Pull requests never assume this role; see pull_request_plan_role."
  type        = bool
}

variable "pull_request_plan_role" {
  description = "Also create <role_name>-plan, a read-only role that pull-request workflows of the repository assume to run `terraform plan -lock=false`: it reads the environment's state and resources and writes nothing. Not for a production-like environment (restrict_to_environment), whose state must not be readable by unreviewed code."
  type        = bool
  default     = false

  validation {
    condition     = !(var.pull_request_plan_role && var.restrict_to_environment)
    error_message = "pull_request_plan_role cannot be combined with restrict_to_environment: pull requests run unreviewed code, which must not read a production-like environment's state."
  }
}

variable "default_branch" {
  description = "Branch whose workflows may assume the role when restrict_to_environment is false."
  type        = string
  default     = "main"

  validation {
    condition     = length(var.default_branch) >= 1 && !can(regex("[*?\\s]", var.default_branch)) && !startswith(var.default_branch, "refs/")
    error_message = "default_branch must be a branch name (without refs/heads/), without whitespace or the wildcard characters * and ?."
  }
}

variable "state_bucket_arn" {
  description = "ARN of the Terraform state bucket (output bucket_arn of the state-bucket module)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_arn))
    error_message = "state_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::<bucket>)."
  }
}

variable "state_key_prefix" {
  description = "Key prefix of the project's state objects ([state].key_prefix), \"\" for none. The role may read and write only <state_key_prefix>/<state_environment>/*: the environment's state, its .tflock lock file and its digest."
  type        = string

  validation {
    condition     = var.state_key_prefix == "" || can(regex("^[A-Za-z0-9!_.'()-]+(?:/[A-Za-z0-9!_.'()-]+)*$", var.state_key_prefix))
    error_message = "state_key_prefix must be empty or path segments of letters, digits and ! _ . ' ( ) -, separated by single slashes, without a leading or trailing slash."
  }
}

variable "state_environment" {
  description = "Environment segment of the state keys the role may use (<state_key_prefix>/<state_environment>/). Null means github_environment; set it when the GitHub environment is named differently from the plinth environment."
  type        = string
  default     = null

  validation {
    condition     = var.state_environment == null || can(regex("^[A-Za-z0-9!_.'()-]+$", var.state_environment))
    error_message = "state_environment must be a single path segment of letters, digits and ! _ . ' ( ) -."
  }
}

variable "state_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state (output kms_key_arn of the state-bucket module). The role may encrypt and decrypt with it but not administer it. Null when the state is not KMS-encrypted."
  type        = string
  default     = null

  validation {
    condition     = var.state_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$", var.state_kms_key_arn))
    error_message = "state_kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias."
  }
}

variable "state_kms_key_alias_arn" {
  description = "Alias ARN (arn:aws:kms:<region>:<account>:alias/<name>) of the state key when the state bucket lives in another AWS account, whose generated key ID is unknown here. The roles may use that account's keys carrying the alias; the bucket's key policy must admit them too (state-bucket reader_writer_role_arns / reader_role_arns). The account may be \"*\" when it is not known. Set at most one of state_kms_key_arn and state_kms_key_alias_arn."
  type        = string
  default     = null

  validation {
    condition     = var.state_kms_key_alias_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:(\\d{12}|\\*):alias/[A-Za-z0-9/_-]+$", var.state_kms_key_alias_arn))
    error_message = "state_kms_key_alias_arn must be a KMS alias ARN (arn:aws:kms:<region>:<account>:alias/<name>)."
  }

  validation {
    condition     = var.state_kms_key_alias_arn == null || var.state_kms_key_arn == null
    error_message = "Set at most one of state_kms_key_arn and state_kms_key_alias_arn."
  }
}

variable "assume_role_arns" {
  description = "Roles the deploy role may assume (sts:AssumeRole), for a provider `assume_role` block in the environment's root. Terraform then acts with that role's permissions, not this role's: each must trust this role's ARN and should be no broader than this role. The plan role never gets them."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.assume_role_arns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+$", arn))])
    error_message = "Every entry of assume_role_arns must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "dns_record_names" {
  description = "Domain names whose Route 53 records the environment manages (its certificate's names: the domain and alternative names). The role may change records named exactly so or below them (the certificate's validation records), and no others; with none, it changes no records."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.dns_record_names : can(regex("^(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+\\.?$", name))])
    error_message = "Every entry of dns_record_names must be a domain name such as shop.example.com (or *.shop.example.com)."
  }
}

variable "name_prefix" {
  description = "Name prefix of the environment's resources, \"<project>-<env>\", which is also the value of their Stack default tag. The role's write access to IAM, S3, ECR, Secrets Manager, RDS, ElastiCache, load balancers and other named resources is limited to names starting with it, and to EC2 networking, scalable targets, KMS keys, certificates and Cloud Map resources tagged Stack = name_prefix."
  type        = string

  validation {
    condition     = can(regex("^[a-z](?:-?[a-z0-9])*$", var.name_prefix)) && length(var.name_prefix) <= 40
    error_message = "name_prefix must be a lowercase DNS label of at most 40 characters (letters, digits, single hyphens)."
  }
}

variable "account_id" {
  description = "ID of the AWS account the role lives in and deploys to; used to build ARNs without a data source."
  type        = string

  validation {
    condition     = can(regex("^\\d{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "region" {
  description = "Region the environment is deployed to. Regional permissions are limited to it."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(?:-[a-z]+)+-\\d$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "max_session_duration" {
  description = "Longest session, in seconds, a workflow can request when assuming the role (3600-43200)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200 && floor(var.max_session_duration) == var.max_session_duration
    error_message = "max_session_duration must be a whole number of seconds between 3600 and 43200."
  }
}

variable "tags" {
  description = "Additional tags for every resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
