locals {
  # Decided from the engine string alone so every count below is known at plan time.
  is_aurora  = startswith(var.engine, "aurora-")
  create_rds = !local.is_aurora

  create_monitoring_role = var.monitoring_interval > 0

  # Log streams each engine can export. RDS MySQL's audit stream needs an option
  # group (MARIADB_AUDIT_PLUGIN), so only Aurora MySQL exports audit logs.
  cloudwatch_logs_exports = {
    "aurora-mysql"      = ["audit", "error", "general", "slowquery"]
    "aurora-postgresql" = ["postgresql"]
    "mysql"             = ["error", "general", "slowquery"]
    "postgres"          = ["postgresql", "upgrade"]
  }[var.engine]

  # Parameters every environment gets: TLS-only connections, plus the slow-query
  # and DDL logging without which the exported log streams stay empty. All are
  # dynamic RDS parameters, so they apply without a reboot. The general log is left
  # off (it records every statement); its stream is exported so turning it on
  # later needs no infrastructure change.
  engine_parameters = {
    "aurora-mysql" = {
      require_secure_transport = "ON"
      slow_query_log           = "1"
      long_query_time          = "1"
      log_output               = "FILE"
      server_audit_logging     = "1"
      server_audit_events      = "CONNECT,QUERY_DCL,QUERY_DDL"
    }
    "aurora-postgresql" = {
      "rds.force_ssl"            = "1"
      log_min_duration_statement = "1000"
      log_statement              = "ddl"
    }
    "mysql" = {
      require_secure_transport = "1"
      slow_query_log           = "1"
      long_query_time          = "1"
      log_output               = "FILE"
    }
    "postgres" = {
      "rds.force_ssl"            = "1"
      log_min_duration_statement = "1000"
      log_statement              = "ddl"
    }
  }[var.engine]

  # Aurora takes the settings at cluster level and leaves the instance group empty.
  cluster_parameters  = local.engine_parameters
  instance_parameters = local.is_aurora ? {} : local.engine_parameters

  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.identifier}-final"
  monitoring_role_arn       = local.create_monitoring_role ? aws_iam_role.monitoring[0].arn : null

  # With automatic minor upgrades RDS moves the instance to newer minors in the maintenance window.
  # A pinned minor ("16.9") would then plan a downgrade ("Cannot upgrade postgres from 16.10 to
  # 16.9"): provider 5.x compares the configured version with the running one, and keeps a
  # configured version only when it is a prefix of the running one ("16" of "16.10"). So only
  # the major (what the parameter group family names: postgres16 -> "16", mysql8.0 -> "8.0",
  # aurora-mysql8.0 -> "8.0") is configured; a new database starts on the engine's default minor
  # of that major. The provider documents the prefix for use with auto_minor_version_upgrade
  # (aws_db_instance engine_version). A tree made before this configured the full version: its
  # first plan changes "16.9" to "16", and RDS then moves the database to the default minor of
  # 16 only if the running minor is lower, never down (ModifyDBInstance EngineVersion: "If you
  # specify only a major version, Amazon RDS updates the DB instance to the default minor version
  # if the current minor version is lower").
  engine_version = var.auto_minor_version_upgrade ? trimprefix(var.parameter_group_family, var.engine) : var.engine_version

  # rds-db:connect resources are arn:<partition>:rds-db:<region>:<account>:dbuser:<resource id>/<user>;
  # the partition, region and account come from the database's own ARN.
  database_arn        = split(":", local.is_aurora ? aws_rds_cluster.this[0].arn : aws_db_instance.this[0].arn)
  database_resource   = local.is_aurora ? aws_rds_cluster.this[0].cluster_resource_id : aws_db_instance.this[0].resource_id
  iam_user_arn_prefix = "arn:${local.database_arn[1]}:rds-db:${local.database_arn[3]}:${local.database_arn[4]}:dbuser:${local.database_resource}/"

  # Pin the current 2048-bit CA so new instances never start on a retiring one.
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}

################################################################################
# Network
################################################################################

resource "aws_db_subnet_group" "this" {
  name        = var.identifier
  description = "Private data subnets for ${var.identifier}"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name_prefix = "${var.identifier}-db-"
  description = "Database access for ${var.identifier}"
  vpc_id      = var.vpc_id

  # No egress rules: the database only answers connections (security groups are
  # stateful) and never initiates any, so Terraform's removal of the default
  # allow-all egress rule is intended.

  tags = merge(var.tags, { Name = "${var.identifier}-db" })

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

  tags = merge(var.tags, { Name = "${var.identifier}-from-${each.key}" })
}

################################################################################
# Enhanced Monitoring
################################################################################

resource "aws_iam_role" "monitoring" {
  count = local.create_monitoring_role ? 1 : 0

  # IAM names are global to the account, so a prefix avoids clashes between
  # regions. IAM accepts a prefix of at most 38 characters; the whole identifier
  # (<project>-<env>) always leads, never truncated, because the deploy role may
  # manage only roles named <project>-<env>-*. Up to 22 characters keeps the name
  # of trees made before; longer ones (up to 33) take a short suffix.
  name_prefix = length(var.identifier) <= 22 ? "${var.identifier}-rds-monitoring-" : "${var.identifier}-mon-"
  description = "Lets RDS publish Enhanced Monitoring metrics for ${var.identifier}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "monitoring.rds.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = local.create_monitoring_role ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

################################################################################
# Parameter groups
################################################################################

# Used by the RDS instance, or by every Aurora instance. A name prefix with
# create_before_destroy lets a major-version upgrade swap in a group of the new
# family while the old one is still attached.
resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  description = "Instance parameters for ${var.identifier}"
  family      = var.parameter_group_family

  dynamic "parameter" {
    for_each = local.instance_parameters

    content {
      name  = parameter.key
      value = parameter.value
    }
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_rds_cluster_parameter_group" "this" {
  count = local.is_aurora ? 1 : 0

  name_prefix = "${var.identifier}-"
  description = "Cluster parameters for ${var.identifier}"
  family      = var.parameter_group_family

  dynamic "parameter" {
    for_each = local.cluster_parameters

    content {
      name  = parameter.key
      value = parameter.value
    }
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# RDS (mysql, postgres)
################################################################################

resource "aws_db_instance" "this" {
  count = local.create_rds ? 1 : 0

  #checkov:skip=CKV_AWS_157:Multi-AZ is an environment decision passed in as var.multi_az
  #checkov:skip=CKV_AWS_293:Deletion protection is an environment decision passed in as var.deletion_protection
  #checkov:skip=CKV_AWS_118:Enhanced Monitoring is opt-in through var.monitoring_interval
  #checkov:skip=CKV_AWS_353:Performance Insights is opt-in through var.performance_insights_enabled
  #checkov:skip=CKV_AWS_354:Performance Insights uses the AWS-managed key unless var.kms_key_arn is set
  #checkov:skip=CKV_AWS_161:IAM authentication is opt-in; the master password is managed by RDS in Secrets Manager
  #checkov:skip=CKV2_AWS_69:TLS is enforced by rds.force_ssl / require_secure_transport in local.engine_parameters; checkov cannot render engine-dependent dynamic blocks inside a module

  identifier     = var.identifier
  engine         = var.engine
  engine_version = local.engine_version
  instance_class = var.instance_class

  db_name                       = var.database_name
  port                          = var.port
  username                      = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  storage_type          = "gp3"
  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  publicly_accessible    = false
  multi_az               = var.multi_az
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = local.ca_cert_identifier

  backup_retention_period   = var.backup_retention_days
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = local.final_snapshot_identifier
  deletion_protection       = var.deletion_protection

  auto_minor_version_upgrade = var.auto_minor_version_upgrade
  # A new major in engine_version (with a parameter group of the new family, swapped in by its
  # create_before_destroy) is applied instead of refused.
  allow_major_version_upgrade = true
  apply_immediately           = var.apply_immediately

  enabled_cloudwatch_logs_exports       = local.cloudwatch_logs_exports
  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null
  performance_insights_kms_key_id       = var.performance_insights_enabled ? var.kms_key_arn : null
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = local.monitoring_role_arn

  iam_database_authentication_enabled = var.iam_database_authentication_enabled

  tags = var.tags

  # RDS validates the monitoring role's permissions when the instance is created.
  depends_on = [aws_iam_role_policy_attachment.monitoring]

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}

################################################################################
# Aurora (aurora-mysql, aurora-postgresql)
################################################################################

resource "aws_rds_cluster" "this" {
  count = local.is_aurora ? 1 : 0

  #checkov:skip=CKV_AWS_139:Deletion protection is an environment decision passed in as var.deletion_protection
  #checkov:skip=CKV_AWS_162:IAM authentication is opt-in; the master password is managed by RDS in Secrets Manager
  #checkov:skip=CKV_AWS_327:Storage uses the AWS-managed aws/rds key unless var.kms_key_arn is set
  #checkov:skip=CKV_AWS_326:Recovery is point-in-time restore from automated backups; backtracking is Aurora MySQL only and adds cost
  #checkov:skip=CKV2_AWS_27:log_statement and log_min_duration_statement are set in local.engine_parameters; checkov cannot render engine-dependent dynamic blocks inside a module
  #checkov:skip=CKV2_AWS_8:Automated backups (backup_retention_days) protect the cluster; AWS Backup plans are an account-level concern

  cluster_identifier = var.identifier
  engine             = var.engine
  engine_mode        = "provisioned"
  engine_version     = local.engine_version

  database_name                 = var.database_name
  port                          = var.port
  master_username               = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  storage_encrypted = true
  kms_key_id        = var.kms_key_arn

  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.this.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this[0].name

  # A major upgrade of a cluster whose instances use a custom parameter group needs the instance
  # group of the new family named on the cluster (ModifyDBCluster DBInstanceParameterGroupName;
  # provider issues #17357, #27617); the provider sends it only with a major upgrade.
  allow_major_version_upgrade      = true
  db_instance_parameter_group_name = aws_db_parameter_group.this.name

  backup_retention_period   = var.backup_retention_days
  copy_tags_to_snapshot     = true
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = local.final_snapshot_identifier
  deletion_protection       = var.deletion_protection

  apply_immediately = var.apply_immediately

  enabled_cloudwatch_logs_exports     = local.cloudwatch_logs_exports
  iam_database_authentication_enabled = var.iam_database_authentication_enabled

  dynamic "serverlessv2_scaling_configuration" {
    for_each = var.serverless_min_capacity != null ? [1] : []

    content {
      min_capacity = var.serverless_min_capacity
      max_capacity = var.serverless_max_capacity
    }
  }

  tags = var.tags

  lifecycle {
    # plinth sets this to true in the copy of the module that production-like environments use
    # (modules/<name>-protected): Terraform allows no variable here.
    prevent_destroy = false
  }
}

resource "aws_rds_cluster_instance" "this" {
  count = local.is_aurora ? var.instance_count : 0

  #checkov:skip=CKV_AWS_118:Enhanced Monitoring is opt-in through var.monitoring_interval
  #checkov:skip=CKV_AWS_353:Performance Insights is opt-in through var.performance_insights_enabled
  #checkov:skip=CKV_AWS_354:Performance Insights uses the AWS-managed key unless var.kms_key_arn is set

  identifier         = "${var.identifier}-${count.index + 1}"
  cluster_identifier = aws_rds_cluster.this[0].id
  engine             = aws_rds_cluster.this[0].engine
  engine_version     = aws_rds_cluster.this[0].engine_version
  instance_class     = var.instance_class

  db_subnet_group_name    = aws_db_subnet_group.this.name
  db_parameter_group_name = aws_db_parameter_group.this.name
  publicly_accessible     = false
  ca_cert_identifier      = local.ca_cert_identifier

  copy_tags_to_snapshot      = true
  auto_minor_version_upgrade = var.auto_minor_version_upgrade
  apply_immediately          = var.apply_immediately

  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null
  performance_insights_kms_key_id       = var.performance_insights_enabled ? var.kms_key_arn : null
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = local.monitoring_role_arn

  tags = var.tags

  depends_on = [aws_iam_role_policy_attachment.monitoring]
}
