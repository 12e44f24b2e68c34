variable "name" {
  description = "Name of the topic, usually <project>-<env>-<topic>, without the .fifo suffix: a FIFO topic is named <name>.fifo."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+$", var.name))
    error_message = "name must consist of letters, digits, hyphens and underscores (the characters SNS allows in a topic name)."
  }

  validation {
    # SNS topic names are at most 256 characters, a FIFO topic's .fifo suffix included
    # (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
    condition     = length(var.name) >= 1 && length(var.name) <= 251
    error_message = "name must be 1-251 characters long, so that <name>.fifo fits the 256 characters SNS allows in a topic name."
  }
}

variable "fifo" {
  description = "Create a FIFO topic (ordered, deduplicated delivery). A FIFO topic delivers to FIFO and standard queues; a standard topic cannot deliver to a FIFO queue. Changing it replaces the topic."
  type        = bool
  default     = false
  nullable    = false
}

variable "content_based_deduplication" {
  description = "FIFO only: deduplicate messages by a SHA-256 hash of their body instead of an explicit deduplication id."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.content_based_deduplication || var.fifo
    error_message = "content_based_deduplication applies to FIFO topics only (fifo = true)."
  }
}

variable "kms_master_key_id" {
  description = "KMS key that encrypts messages at rest in the topic: an alias, key id or key ARN. The default AWS-managed alias/aws/sns needs no key policy and no KMS permission for publishers in the account; AWS services that publish themselves (CloudWatch alarms, EventBridge, S3) cannot use it and need a customer-managed key."
  type        = string
  default     = "alias/aws/sns"
  nullable    = false

  validation {
    condition     = can(regex("^(alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+)$", var.kms_master_key_id))
    error_message = "kms_master_key_id must be a KMS alias (alias/...), key id or key or alias ARN."
  }
}

variable "subscriptions" {
  description = "SQS queues that receive the topic's messages, keyed by a static name (e.g. the queue's name in the blueprint) so the keys are known at plan time even though the queue ARNs are not. filter_policy is a JSON filter policy (null: every message); filter_policy_scope says whether it matches message attributes (MessageAttributes) or the JSON body (MessageBody). raw_message_delivery delivers the message as published, without SNS's JSON envelope. Each queue's policy must let this topic send to it (the sqs-queue module's publisher_topic_arns)."
  type = map(object({
    queue_arn            = string
    raw_message_delivery = optional(bool, true)
    filter_policy        = optional(string)
    filter_policy_scope  = optional(string, "MessageAttributes")
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for s in values(var.subscriptions) : can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\\.fifo)?$", s.queue_arn))])
    error_message = "Every subscription's queue_arn must be an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)."
  }

  validation {
    # A FIFO topic delivers to FIFO and standard queues
    # (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html); a FIFO queue takes
    # only messages with a message group id, which a standard topic does not set.
    condition     = var.fifo || alltrue([for s in values(var.subscriptions) : !endswith(s.queue_arn, ".fifo")])
    error_message = "A standard topic cannot deliver to a FIFO queue: make the topic FIFO (fifo = true) or subscribe standard queues only."
  }

  validation {
    # "A filter policy can have a maximum of five keys."
    # https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
    condition = alltrue([
      for s in values(var.subscriptions) :
      s.filter_policy == null ? true : try(length(keys(jsondecode(s.filter_policy))) >= 1 && length(keys(jsondecode(s.filter_policy))) <= 5, false)
    ])
    error_message = "Every filter_policy must be a JSON object with 1 to 5 keys (SNS allows at most five)."
  }

  validation {
    condition     = alltrue([for s in values(var.subscriptions) : contains(["MessageAttributes", "MessageBody"], s.filter_policy_scope)])
    error_message = "filter_policy_scope must be MessageAttributes or MessageBody."
  }
}

variable "tags" {
  description = "Additional tags for every taggable resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
