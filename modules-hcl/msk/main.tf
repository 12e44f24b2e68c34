locals {
  # MSK's "a.b.x" versions (3.7.x, 3.8.x, 3.7.x.kraft, ...) let AWS roll patch
  # releases; configurations only accept concrete versions, so for those the
  # configuration is left unpinned and works with any Kafka version.
  pin_configuration_version = !can(regex("\\.x(\\.|$)", var.kafka_version))

  # Configuration names cannot be reused and kafka_versions cannot be changed in
  # place, so the version is part of the name: an upgrade creates the new
  # configuration before the old one is deleted (create_before_destroy).
  version_suffix     = replace(var.kafka_version, ".", "-")
  configuration_name = "${substr(var.name, 0, 63 - length(local.version_suffix))}-${local.version_suffix}"

  # Three copies where there are three brokers, and producers with acks=all keep
  # writing while one replica is down. With two brokers min.insync.replicas is 1,
  # otherwise any broker restart (every patch upgrade) would block producers.
  replication_factor  = min(3, var.number_of_broker_nodes)
  min_insync_replicas = max(1, min(2, var.number_of_broker_nodes - 1))

  server_properties = {
    # Topics are declared by the services that own them, never created by a typo.
    "auto.create.topics.enable"      = "false"
    "default.replication.factor"     = tostring(local.replication_factor)
    "min.insync.replicas"            = tostring(local.min_insync_replicas)
    "unclean.leader.election.enable" = "false"
  }

  # Brokers accept SASL/IAM over TLS from inside the VPC on this port only.
  sasl_iam_port = 9098

  # Topic and group ARNs carry the cluster ARN's <name>/<uuid> path, so they are
  # derived from it without knowing the UUID at plan time.
  topic_arn_pattern = "${replace(aws_msk_cluster.this.arn, ":cluster/", ":topic/")}/*"
  group_arn_pattern = "${replace(aws_msk_cluster.this.arn, ":cluster/", ":group/")}/*"
}

################################################################################
# Network
################################################################################

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-msk-"
  description = "Kafka client access for MSK cluster ${var.name}"
  vpc_id      = var.vpc_id

  # No egress rules: brokers only answer client connections (security groups are
  # stateful) and replicate between themselves inside the MSK service network,
  # so Terraform's removal of the default allow-all egress rule is intended.

  tags = merge(var.tags, { Name = "${var.name}-msk" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "allowed" {
  for_each = var.allowed_security_group_ids

  security_group_id            = aws_security_group.this.id
  description                  = "Kafka SASL/IAM over TLS from ${each.key}"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = local.sasl_iam_port
  to_port                      = local.sasl_iam_port

  tags = merge(var.tags, { Name = "${var.name}-msk-from-${each.key}" })
}

################################################################################
# Broker configuration
################################################################################

resource "aws_msk_configuration" "this" {
  name              = local.configuration_name
  description       = "Broker defaults for ${var.name}: explicit topics, replicated writes, no unclean leader election"
  kafka_versions    = local.pin_configuration_version ? [var.kafka_version] : null
  server_properties = join("\n", [for key, value in local.server_properties : "${key}=${value}"])

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Logging
################################################################################

resource "aws_cloudwatch_log_group" "broker" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs always encrypts at rest; kms_key_arn is the broker storage key, whose policy need not admit the Logs service.
  #checkov:skip=CKV_AWS_338:Retention is an environment decision (log_retention_days); broker logs are operational, not an audit trail.

  name              = "/aws/msk/${var.name}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

################################################################################
# Cluster
################################################################################

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.number_of_broker_nodes
  enhanced_monitoring    = var.enhanced_monitoring

  broker_node_group_info {
    instance_type   = var.instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.this.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.ebs_volume_size
      }
    }

    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  # IAM is the only way in: every client is a workload role whose permissions
  # (see the iam_policy_json output) name the topics and groups it may use.
  client_authentication {
    unauthenticated = false

    sasl {
      iam   = true
      scram = false
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = var.kms_key_arn

    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.broker.name
      }
    }
  }

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}
