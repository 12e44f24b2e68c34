variable "name" {
  description = "Name of the MSK cluster; also the base name of its configuration, security group and broker log group."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9-]{0,63}$", var.name))
    error_message = "name must be 1-64 characters, start with a letter and contain only letters, digits and hyphens."
  }
}

variable "kafka_version" {
  description = "Apache Kafka version, e.g. \"3.8.x\" (MSK applies patch releases itself) or a pinned version such as \"3.6.0\"."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.(x|[0-9]+(\\.[0-9]+)?)([.-][a-z]+)?$", var.kafka_version))
    error_message = "kafka_version must look like 3.8.x, 3.7.x.kraft, 3.6.0 or 2.8.2.tiered."
  }
}

variable "instance_type" {
  description = "Broker instance type, e.g. kafka.m7g.large or kafka.t3.small."
  type        = string

  validation {
    condition     = can(regex("^kafka\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be a provisioned broker type such as kafka.m7g.large."
  }
}

variable "number_of_broker_nodes" {
  description = "Number of brokers; a multiple of the number of subnet_ids because MSK spreads brokers evenly across the subnets' zones."
  type        = number

  validation {
    condition     = var.number_of_broker_nodes >= 2 && floor(var.number_of_broker_nodes) == var.number_of_broker_nodes
    error_message = "number_of_broker_nodes must be a whole number of at least 2."
  }

  validation {
    # max() keeps the modulo defined while subnet_ids is itself invalid (empty).
    condition     = var.number_of_broker_nodes % max(1, length(var.subnet_ids)) == 0
    error_message = "number_of_broker_nodes must be a multiple of the number of subnet_ids (one broker group per availability zone)."
  }
}

variable "ebs_volume_size" {
  description = "EBS storage per broker in GiB."
  type        = number

  validation {
    condition     = var.ebs_volume_size >= 1 && var.ebs_volume_size <= 16384 && floor(var.ebs_volume_size) == var.ebs_volume_size
    error_message = "ebs_volume_size must be a whole number of GiB between 1 and 16384."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private data subnets for the brokers, one per availability zone: two or three (MSK accepts no other count)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && length(var.subnet_ids) <= 3
    error_message = "subnet_ids must contain two or three subnets in different availability zones."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the brokers on the IAM/TLS port 9098, keyed by a static name (e.g. the service name) so for_each works while the ids are still unknown."
  type        = map(string)
  default     = {}
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for data at rest on the broker volumes. Null uses the AWS-managed aws/kafka key."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "log_retention_days" {
  description = "Days to keep broker logs in CloudWatch Logs; 0 keeps them forever."
  type        = number
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch values: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "enhanced_monitoring" {
  description = "Level of CloudWatch metrics MSK publishes: DEFAULT (free), PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION."
  type        = string
  default     = "DEFAULT"

  validation {
    condition     = contains(["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"], var.enhanced_monitoring)
    error_message = "enhanced_monitoring must be one of DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION."
  }
}

variable "tags" {
  description = "Additional tags for every resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
}
