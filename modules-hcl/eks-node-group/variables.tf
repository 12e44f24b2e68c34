variable "cluster_name" {
  description = "Name of the EKS cluster the nodes join (the eks-cluster module's cluster_name output, which waits for the networking add-ons)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$", var.cluster_name))
    error_message = "cluster_name must be 1-100 letters, digits, hyphens and underscores, starting with a letter or digit."
  }

  validation {
    condition     = length(var.cluster_name) <= 33
    error_message = "cluster_name must be at most 33 characters: it leads the node role's name prefix (at most 38 characters) untruncated."
  }
}

variable "name" {
  description = "Name of the node group within the cluster, e.g. general. The EKS node group is named <name>-<suffix> so a replacement can be created before the old group is removed; <cluster_name>-<name> names the launch template, prefixes the node role and is the instances' Name tag."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,35}$", var.name))
    error_message = "name must be 1-36 letters, digits, hyphens and underscores, starting with a letter or digit."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the nodes, e.g. \"1.35\". Pass the eks-cluster module's cluster_version so nodes follow control-plane upgrades; null takes the cluster's version at creation only."
  type        = string
  default     = null

  validation {
    condition     = var.kubernetes_version == null || can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be null or a Kubernetes minor version such as \"1.35\"."
  }
}

variable "subnet_ids" {
  description = "Private (application) subnets the nodes are launched in; one per availability zone the group should span."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must list at least one subnet."
  }
}

variable "instance_types" {
  description = "EC2 instance types, in order of preference for ON_DEMAND; SPOT draws from all of them, so list several of the same size for better Spot availability."
  type        = list(string)

  validation {
    condition     = length(var.instance_types) >= 1 && length(var.instance_types) <= 20 && alltrue([for t in var.instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$", t))])
    error_message = "instance_types must list 1-20 EC2 instance types such as t3.large."
  }
}

variable "capacity_type" {
  description = "ON_DEMAND or SPOT capacity. Changing it replaces the node group."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.capacity_type)
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "ami_type" {
  description = "EKS-optimized AMI family: Amazon Linux 2023 (AL2023_*) or Bottlerocket (BOTTLEROCKET_*), x86_64 or ARM_64 (Graviton instance types), standard or GPU/accelerator variants. Changing it replaces the node group."
  type        = string
  default     = "AL2023_x86_64_STANDARD"

  validation {
    condition = contains([
      "AL2023_x86_64_STANDARD",
      "AL2023_ARM_64_STANDARD",
      "AL2023_x86_64_NVIDIA",
      "AL2023_ARM_64_NVIDIA",
      "AL2023_x86_64_NEURON",
      "BOTTLEROCKET_x86_64",
      "BOTTLEROCKET_ARM_64",
      "BOTTLEROCKET_x86_64_FIPS",
      "BOTTLEROCKET_ARM_64_FIPS",
      "BOTTLEROCKET_x86_64_NVIDIA",
      "BOTTLEROCKET_ARM_64_NVIDIA",
    ], var.ami_type)
    error_message = "ami_type must be an AL2023_* or BOTTLEROCKET_* EKS AMI type, e.g. AL2023_x86_64_STANDARD or AL2023_ARM_64_STANDARD."
  }
}

variable "min_size" {
  description = "Fewest nodes."
  type        = number

  validation {
    condition     = var.min_size >= 0 && floor(var.min_size) == var.min_size
    error_message = "min_size must be a whole number >= 0."
  }
}

variable "desired_size" {
  description = "Nodes at creation. Terraform ignores later changes so an autoscaler can move it; resize through min_size/max_size."
  type        = number

  validation {
    condition     = floor(var.desired_size) == var.desired_size && var.desired_size >= var.min_size && var.desired_size <= var.max_size
    error_message = "desired_size must be a whole number with min_size <= desired_size <= max_size."
  }
}

variable "max_size" {
  description = "Most nodes."
  type        = number

  validation {
    condition     = var.max_size >= 1 && floor(var.max_size) == var.max_size && var.max_size >= var.min_size
    error_message = "max_size must be a whole number >= 1 and >= min_size."
  }
}

variable "disk_size_gb" {
  description = "Size in GiB of the encrypted gp3 volume holding images and container storage: the root volume on AL2023, the data volume (/dev/xvdb) on Bottlerocket."
  type        = number
  default     = 50

  validation {
    condition     = var.disk_size_gb >= 20 && var.disk_size_gb <= 16384 && floor(var.disk_size_gb) == var.disk_size_gb
    error_message = "disk_size_gb must be a whole number between 20 and 16384."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for the node volumes. Its key policy must let the AWSServiceRoleForAutoScaling service-linked role use it. Null uses the AWS-managed aws/ebs key."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "labels" {
  description = "Kubernetes labels put on every node."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.labels : length(k) > 0 && can(regex("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$", v))])
    error_message = "labels must have non-empty keys and values of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit."
  }
}

variable "taints" {
  description = "Kubernetes taints put on every node. effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE (the EKS spelling of NoSchedule, NoExecute, PreferNoSchedule)."
  type = list(object({
    key    = string
    value  = optional(string)
    effect = string
  }))
  default = []

  validation {
    condition     = alltrue([for t in var.taints : contains(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], t.effect)])
    error_message = "Every taint effect must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
  }

  validation {
    condition     = length(var.taints) <= 50 && length(distinct([for t in var.taints : "${t.key}:${t.effect}"])) == length(var.taints)
    error_message = "taints may hold at most 50 entries, each key/effect pair once."
  }
}

variable "max_unavailable_percentage" {
  description = "Percentage of nodes replaced at a time during a rolling update (new AMI release, launch template change, version upgrade)."
  type        = number
  default     = 33

  validation {
    condition     = var.max_unavailable_percentage >= 1 && var.max_unavailable_percentage <= 100 && floor(var.max_unavailable_percentage) == var.max_unavailable_percentage
    error_message = "max_unavailable_percentage must be a whole number between 1 and 100."
  }
}

variable "node_repair" {
  description = "Let EKS replace nodes that report unhealthy (node auto repair)."
  type        = bool
  default     = true
}

variable "enable_ssm_access" {
  description = "Attach AmazonSSMManagedInstanceCore to the node role so nodes can be reached with SSM Session Manager (there is no SSH)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Additional tags for every resource, merged with the provider's default_tags; the launch template also puts them (with the default tags) on the instances, volumes and network interfaces."
  type        = map(string)
  default     = {}
}
