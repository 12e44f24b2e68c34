################################################################################
# Queue
################################################################################

variable "name" {
  description = "Name of the queue, usually <project>-<env>-<queue>, without the .fifo suffix: a FIFO queue is named <name>.fifo and its dead-letter queue <name>-dlq(.fifo)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+$", var.name))
    error_message = "name must consist of letters, digits, hyphens and underscores (the characters SQS allows in a queue name)."
  }

  validation {
    # SQS queue names are at most 80 characters, ".fifo" included
    # (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html);
    # the longest name this module builds is the FIFO dead-letter queue's, <name>-dlq.fifo, 9
    # characters more than name.
    condition     = length(var.name) >= 1 && length(var.name) <= 71
    error_message = "name must be 1-71 characters long, so that <name>-dlq.fifo fits the 80 characters SQS allows in a queue name."
  }
}

variable "fifo" {
  description = "Create a FIFO queue (exactly-once processing, ordered per message group). Its dead-letter queue is FIFO too. Changing it replaces both queues."
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
    error_message = "content_based_deduplication applies to FIFO queues only (fifo = true)."
  }
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays hidden from other consumers (0-43200). Set it above the longest time a consumer spends on one message, or the message is delivered twice."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number of seconds from 0 to 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "Seconds SQS keeps a message that nobody deletes (60-1209600, i.e. 1 minute to 14 days). Default 4 days."
  type        = number
  default     = 345600
  nullable    = false

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number of seconds from 60 to 1209600 (14 days)."
  }
}

variable "delay_seconds" {
  description = "Seconds a new message stays invisible before its first delivery (0-900)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.delay_seconds >= 0 && var.delay_seconds <= 900 && floor(var.delay_seconds) == var.delay_seconds
    error_message = "delay_seconds must be a whole number of seconds from 0 to 900 (15 minutes)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Seconds a ReceiveMessage call waits for a message to arrive (0-20). The default 20 is long polling: fewer empty responses, lower cost."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20 && floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "receive_wait_time_seconds must be a whole number of seconds from 0 to 20."
  }
}

################################################################################
# Dead-letter queue
################################################################################

variable "dead_letter_enabled" {
  description = "Create a dead-letter queue (<name>-dlq) that receives the messages received max_receive_count times without being deleted, with an alarm on any message in it. A plain bool so resource counts are known at plan time."
  type        = bool
  default     = true
  nullable    = false
}

variable "max_receive_count" {
  description = "How many times a message is received before SQS moves it to the dead-letter queue (1-1000). Used only with dead_letter_enabled."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "dead_letter_retention_seconds" {
  description = "Seconds the dead-letter queue keeps a message (60-1209600). Default 14 days, the SQS maximum, to leave time to inspect and redrive failed messages."
  type        = number
  default     = 1209600
  nullable    = false

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600 && floor(var.dead_letter_retention_seconds) == var.dead_letter_retention_seconds
    error_message = "dead_letter_retention_seconds must be a whole number of seconds from 60 to 1209600 (14 days)."
  }

  validation {
    # A message moved from a standard queue keeps its original enqueue time, so a dead-letter
    # queue that keeps messages for less time than the source queue can expire them on arrival
    # (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
    condition     = var.dead_letter_retention_seconds >= var.message_retention_seconds
    error_message = "dead_letter_retention_seconds must be at least message_retention_seconds: a moved message keeps its original enqueue time, so a shorter retention could delete it as soon as it reaches the dead-letter queue."
  }
}

################################################################################
# Publishers
################################################################################

variable "publisher_topic_arns" {
  description = "ARNs of the SNS topics subscribed to this queue; the queue policy lets SNS send messages on behalf of exactly these topics (aws:SourceArn). The ARNs may be unknown at plan time: no count or for_each depends on them."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.publisher_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\\.fifo)?$", arn))])
    error_message = "publisher_topic_arns must be SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>)."
  }
}

################################################################################
# Alarms
################################################################################

variable "alarms_enabled" {
  description = "Whether the queue has its depth, age and dead-letter alarms (the environment's alarms are on)."
  type        = bool
  default     = true
  nullable    = false
}

variable "alarm_topic_arn" {
  description = "ARN of the SNS topic that receives the queue's alarm and OK notifications (the environment's alarm topic). With null the alarms have no actions and only show in the console."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be an SNS topic ARN."
  }
}

variable "depth_alarm_threshold" {
  description = "The backlog alarm fires when more than this many messages are visible (waiting) for three consecutive 5-minute periods: the consumers fall behind."
  type        = number
  default     = 1000
  nullable    = false

  validation {
    condition     = var.depth_alarm_threshold >= 1 && floor(var.depth_alarm_threshold) == var.depth_alarm_threshold
    error_message = "depth_alarm_threshold must be a whole number of messages, at least 1."
  }
}

variable "age_alarm_seconds" {
  description = "The age alarm fires when the oldest message has waited longer than this many seconds (60-1209600): messages are stuck or consumers are gone."
  type        = number
  default     = 900
  nullable    = false

  validation {
    condition     = var.age_alarm_seconds >= 60 && var.age_alarm_seconds <= 1209600 && floor(var.age_alarm_seconds) == var.age_alarm_seconds
    error_message = "age_alarm_seconds must be a whole number of seconds from 60 to 1209600."
  }

  validation {
    condition     = var.age_alarm_seconds < var.message_retention_seconds
    error_message = "age_alarm_seconds must be less than message_retention_seconds: SQS deletes a message when it reaches the retention period, so no message would ever be old enough to fire the alarm."
  }
}

variable "tags" {
  description = "Additional tags for every taggable resource, merged with the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}
