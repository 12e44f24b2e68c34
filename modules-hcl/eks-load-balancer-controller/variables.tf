variable "name_prefix" {
  description = "Prefix of the IAM role name (\"<name_prefix>-lb-controller\"), usually <project>-<env>, so environments sharing an account never collide."
  type        = string

  validation {
    # "<prefix>-lb-controller" must fit IAM's 64-character role name limit.
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,49}$", var.name_prefix))
    error_message = "name_prefix must be 1-50 characters of letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "region" {
  description = "AWS region of the cluster; decides the partition of the ARNs in the policy (no data source: the module plans offline)."
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
  description = "Name of the EKS cluster the controller runs in; the Pod Identity association is created there."
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
  description = "Kubernetes namespace the controller is installed in (the Helm release's namespace)."
  type        = string
  default     = "kube-system"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "service_account" {
  description = "Kubernetes service account the controller runs as (the Helm chart's serviceAccount.name)."
  type        = string
  default     = "aws-load-balancer-controller"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.service_account))
    error_message = "service_account must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253 characters."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource, on top of the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
