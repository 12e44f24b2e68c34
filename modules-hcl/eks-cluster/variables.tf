variable "name" {
  description = "Name of the EKS cluster, e.g. shop-prod. Also names the control-plane log group (/aws/eks/<name>/cluster) and the secrets key alias (alias/<name>-eks-secrets), and prefixes the IAM roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$", var.name))
    error_message = "name must be 1-100 letters, digits, hyphens and underscores, starting with a letter or digit."
  }

  validation {
    condition     = length(var.name) <= 33
    error_message = "name must be at most 33 characters: it leads the IAM role name prefixes (<name>-csi-, at most 38 characters) untruncated."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane, e.g. \"1.35\". Raising it upgrades the cluster in place (one minor at a time)."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a Kubernetes minor version such as \"1.35\"."
  }
}

variable "subnet_ids" {
  description = "Private (application) subnets for the control plane's network interfaces, in at least two availability zones. Changing them replaces the cluster."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least two subnets (EKS requires two availability zones)."
  }
}

variable "endpoint_public_access" {
  description = "Expose the Kubernetes API endpoint on the internet (limited to public_access_cidrs). The private endpoint is always on."
  type        = bool
  default     = false
}

variable "public_access_cidrs" {
  description = "IPv4 CIDR blocks allowed to reach the public API endpoint. Required (non-empty) when endpoint_public_access is true, because EKS would otherwise open it to 0.0.0.0/0; ignored when it is false."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.public_access_cidrs : can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$", cidr)) && can(cidrhost(cidr, 0))])
    error_message = "public_access_cidrs must contain only IPv4 CIDR blocks such as 203.0.113.0/24."
  }

  validation {
    condition     = !anytrue([for cidr in var.public_access_cidrs : endswith(cidr, "/0")])
    error_message = "public_access_cidrs must not contain 0.0.0.0/0: list the networks that need the API instead."
  }

  validation {
    condition     = !var.endpoint_public_access || length(var.public_access_cidrs) > 0
    error_message = "public_access_cidrs must list at least one CIDR when endpoint_public_access is true."
  }
}

variable "support_type" {
  description = "EKS version support policy: STANDARD upgrades the cluster automatically when standard support for its version ends; EXTENDED keeps the version for up to 12 more months at extended-support prices."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXTENDED"], var.support_type)
    error_message = "support_type must be STANDARD or EXTENDED."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the control-plane logs (0 = never expire)."
  type        = number
  default     = 90

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch values: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "ARN of a customer-managed KMS key to encrypt the control-plane log group with (its key policy must allow the CloudWatch Logs service, e.g. the log-key module's key). Null uses CloudWatch's own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN."
  }
}

variable "admin_principal_arns" {
  description = "IAM role or user ARNs that get cluster-admin (AmazonEKSClusterAdminPolicy, cluster scope) through EKS access entries. Must be known at plan time (literals)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "admin_principal_arns must contain IAM role or user ARNs (arn:aws:iam::<account>:role/<name>), not assumed-role session ARNs."
  }
}

variable "grant_deployer_access" {
  description = "Create an access entry for deployer_role_arn (the CI deploy role). A plain switch so the count is known even while the role's ARN is not."
  type        = bool
  default     = false
}

variable "deployer_role_arn" {
  description = "ARN of the CI role that applies Kubernetes manifests. Required when grant_deployer_access is true; may be unknown at plan time. Must not also be in admin_principal_arns."
  type        = string
  default     = null

  validation {
    condition     = var.deployer_role_arn == null ? !var.grant_deployer_access : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", var.deployer_role_arn))
    error_message = "deployer_role_arn must be an IAM role ARN when grant_deployer_access is true."
  }

  validation {
    condition     = var.deployer_role_arn == null || !contains(var.admin_principal_arns, coalesce(var.deployer_role_arn, "-"))
    error_message = "deployer_role_arn is also in admin_principal_arns; a principal can have only one access entry."
  }
}

variable "deployer_namespaces" {
  description = "Namespaces the deployer may administer (AmazonEKSAdminPolicy, namespace scope); they must already exist. Empty (the default) gives the deployer cluster-admin instead, which it needs to create namespaces, CRDs and cluster-wide controllers."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for ns in var.deployer_namespaces : can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", ns))])
    error_message = "deployer_namespaces must contain Kubernetes namespace names (lowercase DNS labels of at most 63 characters)."
  }
}

variable "addon_versions" {
  description = "EKS add-ons to install, name => version (e.g. \"vpc-cni\" = \"v1.20.4-eksbuild.1\"). vpc-cni, kube-proxy and coredns are required because the cluster is created without EKS's unmanaged copies; aws-ebs-csi-driver gets a Pod Identity role and needs eks-pod-identity-agent. Keys must be known at plan time."
  type        = map(string)

  validation {
    condition     = alltrue([for name, version in var.addon_versions : can(regex("^[a-z0-9][a-z0-9-]*$", name)) && can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+$", version))])
    error_message = "addon_versions must map add-on names (lowercase, e.g. vpc-cni) to EKS add-on versions such as v1.20.4-eksbuild.1."
  }

  validation {
    condition     = alltrue([for name in ["vpc-cni", "kube-proxy", "coredns"] : contains(keys(var.addon_versions), name)])
    error_message = "addon_versions must include vpc-cni, kube-proxy and coredns: the cluster has no networking or DNS without them."
  }

  validation {
    condition     = !contains(keys(var.addon_versions), "aws-ebs-csi-driver") || contains(keys(var.addon_versions), "eks-pod-identity-agent")
    error_message = "aws-ebs-csi-driver gets its AWS credentials through EKS Pod Identity, so addon_versions must also include eks-pod-identity-agent."
  }
}

variable "node_group_arns" {
  description = "ARNs of the cluster's node groups (module.<group>.node_group_arn). Add-ons that run Deployments (coredns, aws-ebs-csi-driver and any not in vpc-cni/kube-proxy/eks-pod-identity-agent) are created after these, because without nodes they never become ACTIVE. Do not put depends_on = [module.<this module>] on the node groups: that would be a cycle."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Additional tags for every resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
