locals {
  # Parameter group names allow only letters, digits and hyphens, so redis6.x
  # becomes redis6-x. The family is part of the name so that a major-version
  # upgrade creates a new group next to the one still attached.
  parameter_group_name = "${var.name}-${replace(var.parameter_group_family, ".", "-")}"

  # The /aws/vendedlogs/ prefix lets CloudWatch Logs cover every vended-log group
  # with one wildcard statement in the delivery resource policy instead of one
  # entry per log group.
  slow_log_group_name = "/aws/vendedlogs/elasticache/${var.name}/slow-log"

  # ElastiCache accepts AUTH only over TLS, so the token (and its secret) exists
  # exactly when transit encryption is on. terraform_data marks only its input
  # as sensitive, not the output copied from it, hence sensitive() again here.
  create_auth_token = var.transit_encryption
  auth_token        = local.create_auth_token ? sensitive(terraform_data.auth_token[0].output) : null
}

################################################################################
# Network
################################################################################

resource "aws_elasticache_subnet_group" "this" {
  name        = var.name
  description = "Private data subnets for ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-cache-"
  description = "Cache access for ${var.name}"
  vpc_id      = var.vpc_id

  # No egress rules: the cache only answers connections (security groups are
  # stateful) and never initiates any, so Terraform's removal of the default
  # allow-all egress rule is intended. Replication between nodes is internal
  # to ElastiCache and does not go through this group.

  tags = merge(var.tags, { Name = "${var.name}-cache" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "allowed" {
  for_each = var.allowed_security_group_ids

  security_group_id            = aws_security_group.this.id
  description                  = "${var.engine} from ${each.key}"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port

  tags = merge(var.tags, { Name = "${var.name}-from-${each.key}" })
}

################################################################################
# Auth token
################################################################################

# The token is generated inside Terraform because the environment has no random
# provider and plans run offline (no data source or ephemeral resource may call
# AWS). uuid() returns a random version-4 UUID, so two of them without hyphens
# give 64 hex characters (244 random bits), well inside ElastiCache's 16-128
# printable-character limit. uuid() yields a new value on every run, so
# ignore_changes pins the first one: the token is generated once at apply and
# then lives only in state and in Secrets Manager, never in code. Rotate with
#   terraform apply -replace='module.<name>.terraform_data.auth_token[0]'
# which writes a new secret version and ROTATEs the token on the cluster.
resource "terraform_data" "auth_token" {
  count = local.create_auth_token ? 1 : 0

  input = sensitive("${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}")

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_secretsmanager_secret" "auth_token" {
  count = local.create_auth_token ? 1 : 0

  #checkov:skip=CKV2_AWS_57:The AUTH token is not a Secrets Manager-rotatable credential; it is rotated by replacing terraform_data.auth_token, which updates the secret and the cluster together
  #checkov:skip=CKV_AWS_149:The secret uses the AWS-managed aws/secretsmanager key unless var.kms_key_arn is set

  name                    = var.auth_token_secret_name
  description             = "AUTH token of the ${var.engine} replication group ${var.name}"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "auth_token" {
  count = local.create_auth_token ? 1 : 0

  secret_id     = aws_secretsmanager_secret.auth_token[0].id
  secret_string = jsonencode({ auth_token = local.auth_token })
}

################################################################################
# Logs
################################################################################

resource "aws_cloudwatch_log_group" "slow_log" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs always encrypts at rest; a customer-managed key is opt-in through log_kms_key_arn because its key policy must be written for the Logs service
  #checkov:skip=CKV_AWS_338:Retention is an environment decision (log_retention_days); slow-log entries carry no keys or values (ElastiCache redacts arguments) and are only useful for recent diagnosis

  name              = local.slow_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

################################################################################
# Parameter group
################################################################################

# A dedicated group (rather than default.<family>) so engine parameters can be
# tuned later without re-pointing the cluster; the defaults are fine to start
# with. create_before_destroy lets a major-version upgrade attach the group of
# the new family before the old one is deleted.
resource "aws_elasticache_parameter_group" "this" {
  name        = local.parameter_group_name
  description = "Engine parameters for ${var.name}"
  family      = var.parameter_group_family

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Replication group
################################################################################

resource "aws_elasticache_replication_group" "this" {
  #checkov:skip=CKV_AWS_191:At-rest encryption uses the AWS-managed ElastiCache key unless var.kms_key_arn is set
  #checkov:skip=CKV2_AWS_50:Multi-AZ with automatic failover is an environment decision passed in as var.multi_az (it needs at least one replica)

  replication_group_id = var.name
  description          = "${var.engine} cache for ${var.name}"
  engine               = var.engine
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = var.port
  parameter_group_name = aws_elasticache_parameter_group.this.name

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  # Cluster mode disabled: one primary plus read replicas.
  num_cache_clusters         = 1 + var.replicas
  automatic_failover_enabled = var.multi_az
  multi_az_enabled           = var.multi_az

  at_rest_encryption_enabled = var.at_rest_encryption
  kms_key_id                 = var.at_rest_encryption ? var.kms_key_arn : null
  transit_encryption_enabled = var.transit_encryption
  auth_token                 = local.auth_token
  # ROTATE keeps the previous token valid next to the new one, so clients can
  # pick up the new secret without an outage.
  auth_token_update_strategy = local.create_auth_token ? "ROTATE" : null

  snapshot_retention_limit = var.snapshot_retention_days
  snapshot_window          = var.snapshot_window
  maintenance_window       = var.maintenance_window

  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}
