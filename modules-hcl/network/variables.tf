variable "name" {
  description = "Prefix for the Name tag of every resource and for the names of the flow-log role, log group and endpoint security group (e.g. \"shop-prod\")."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}[A-Za-z0-9]$", var.name))
    error_message = "name must be 2-40 characters of letters, digits and hyphens, and must not start or end with a hyphen."
  }
}

variable "region" {
  description = "AWS region the VPC lives in; used to build VPC endpoint service names (com.amazonaws.<region>.<service>). Passed in because the module makes no AWS calls at plan time."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region code such as \"eu-west-1\"."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC (prefix length /16 to /28)."
  type        = string

  validation {
    condition = (
      can(cidrnetmask(var.cidr_block))
      && can(regex("^[0-9.]+/(1[6-9]|2[0-8])$", var.cidr_block))
      && try(cidrsubnet(var.cidr_block, 0, 0) == var.cidr_block, false)
    )
    error_message = "cidr_block must be an IPv4 network address in CIDR notation with a prefix length between /16 and /28, e.g. \"10.20.0.0/16\"."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over (names, e.g. \"eu-west-1a\"). At least two; index i of every subnet list is placed in zone i."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list at least two distinct zones."
  }

  validation {
    condition     = alltrue([for az in var.availability_zones : startswith(az, var.region) && length(az) > length(var.region)])
    error_message = "Every availability zone must be a zone name in var.region (e.g. \"eu-west-1a\" for region \"eu-west-1\")."
  }
}

variable "public_subnet_cidrs" {
  description = "CIDR blocks of the public subnets (load balancers, NAT gateways), one per availability zone, in the same order."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_cidrs) == length(var.availability_zones)
    error_message = "public_subnet_cidrs must have exactly one entry per availability zone."
  }

  validation {
    condition = alltrue([
      for c in var.public_subnet_cidrs : try(
        tonumber(split("/", c)[1]) >= tonumber(split("/", var.cidr_block)[1])
        && cidrsubnet(c, 0, 0) == c
        && cidrhost("${cidrhost(c, 0)}/${split("/", var.cidr_block)[1]}", 0) == cidrhost(var.cidr_block, 0),
        false
      )
    ])
    error_message = "Every entry of public_subnet_cidrs must be an IPv4 network address in CIDR notation inside cidr_block."
  }
}

variable "app_subnet_cidrs" {
  description = "CIDR blocks of the private application subnets (services, interface endpoints), one per availability zone, in the same order."
  type        = list(string)

  validation {
    condition     = length(var.app_subnet_cidrs) == length(var.availability_zones)
    error_message = "app_subnet_cidrs must have exactly one entry per availability zone."
  }

  validation {
    condition = alltrue([
      for c in var.app_subnet_cidrs : try(
        tonumber(split("/", c)[1]) >= tonumber(split("/", var.cidr_block)[1])
        && cidrsubnet(c, 0, 0) == c
        && cidrhost("${cidrhost(c, 0)}/${split("/", var.cidr_block)[1]}", 0) == cidrhost(var.cidr_block, 0),
        false
      )
    ])
    error_message = "Every entry of app_subnet_cidrs must be an IPv4 network address in CIDR notation inside cidr_block."
  }
}

variable "data_subnet_cidrs" {
  description = "CIDR blocks of the isolated data subnets (databases, caches), one per availability zone, in the same order. They get no route to the internet."
  type        = list(string)

  validation {
    condition     = length(var.data_subnet_cidrs) == length(var.availability_zones)
    error_message = "data_subnet_cidrs must have exactly one entry per availability zone."
  }

  validation {
    condition = alltrue([
      for c in var.data_subnet_cidrs : try(
        tonumber(split("/", c)[1]) >= tonumber(split("/", var.cidr_block)[1])
        && cidrsubnet(c, 0, 0) == c
        && cidrhost("${cidrhost(c, 0)}/${split("/", var.cidr_block)[1]}", 0) == cidrhost(var.cidr_block, 0),
        false
      )
    ])
    error_message = "Every entry of data_subnet_cidrs must be an IPv4 network address in CIDR notation inside cidr_block."
  }
}

variable "nat_mode" {
  description = "Outbound internet access for the app subnets: \"none\" (no NAT, no default route), \"single\" (one NAT gateway shared by all zones) or \"per-az\" (one NAT gateway per zone, survives a zone outage)."
  type        = string

  validation {
    condition     = contains(["none", "single", "per-az"], var.nat_mode)
    error_message = "nat_mode must be one of \"none\", \"single\" or \"per-az\"."
  }
}

variable "flow_logs_enabled" {
  description = "Whether to capture VPC flow logs (all traffic) to a CloudWatch Logs log group."
  type        = bool
  default     = false
}

variable "flow_logs_retention_days" {
  description = "Retention of the flow log group in days; must be a value CloudWatch Logs accepts (0 keeps logs forever)."
  type        = number
  default     = 90

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs_retention_days)
    error_message = "flow_logs_retention_days must be one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "flow_logs_kms_key_arn" {
  description = "ARN of a customer-managed KMS key to encrypt the flow log group with. Its key policy must allow the logs.<region>.amazonaws.com service principal. null uses CloudWatch Logs' default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.flow_logs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.flow_logs_kms_key_arn))
    error_message = "flow_logs_kms_key_arn must be null or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "vpc_endpoints" {
  description = "VPC endpoints to create. \"s3\" is a free Gateway endpoint on the app and data route tables; \"ecr\" creates the ecr.api and ecr.dkr Interface endpoints; \"logs\", \"secretsmanager\", \"sqs\" and \"sns\" are Interface endpoints. Interface endpoints live in the app subnets with private DNS."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.vpc_endpoints : contains(["s3", "ecr", "logs", "secretsmanager", "sqs", "sns"], e)])
    error_message = "vpc_endpoints entries must be from \"s3\", \"ecr\", \"logs\", \"secretsmanager\", \"sqs\" and \"sns\"."
  }
}

variable "public_subnet_tags" {
  description = "Extra tags for the public subnets, e.g. kubernetes.io/role/elb = \"1\" so the AWS Load Balancer Controller places internet-facing load balancers there."
  type        = map(string)
  default     = {}
}

variable "app_subnet_tags" {
  description = "Extra tags for the app subnets, e.g. kubernetes.io/role/internal-elb = \"1\" for internal load balancers."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Extra tags for every taggable resource, merged over the provider's default_tags."
  type        = map(string)
  default     = {}
}
