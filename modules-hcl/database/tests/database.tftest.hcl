mock_provider "aws" {
  # The IAM user ARN prefix is built from the ARN, which a mock would fill with a random string.
  mock_resource "aws_db_instance" {
    defaults = {
      arn = "arn:aws:rds:eu-west-1:123456789012:db:shop-prod-db"
    }
  }

  mock_resource "aws_rds_cluster" {
    defaults = {
      arn = "arn:aws:rds:eu-west-1:123456789012:cluster:shop-prod-aurora"
    }
  }
}

variables {
  identifier             = "shop-prod-db"
  engine                 = "postgres"
  engine_version         = "16.4"
  instance_class         = "db.t4g.medium"
  multi_az               = true
  backup_retention_days  = 14
  deletion_protection    = true
  skip_final_snapshot    = false
  database_name          = "shop"
  port                   = 5432
  parameter_group_family = "postgres16"
  vpc_id                 = "vpc-0123456789abcdef0"
  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  tags = {
    component = "database"
  }
}

run "postgres_rds" {
  command = plan

  assert {
    condition     = length(aws_db_instance.this) == 1 && length(aws_rds_cluster.this) == 0 && length(aws_rds_cluster_instance.this) == 0 && length(aws_rds_cluster_parameter_group.this) == 0
    error_message = "A postgres engine must create exactly one RDS instance and no Aurora resources."
  }

  assert {
    condition     = aws_db_instance.this[0].storage_encrypted && aws_db_instance.this[0].storage_type == "gp3" && aws_db_instance.this[0].max_allocated_storage == 100
    error_message = "Storage must be encrypted gp3 with autoscaling up to max_allocated_storage."
  }

  assert {
    condition     = aws_db_instance.this[0].manage_master_user_password && aws_db_instance.this[0].username == "app_admin"
    error_message = "RDS must manage the master password in Secrets Manager."
  }

  assert {
    condition     = aws_db_instance.this[0].publicly_accessible == false && aws_db_instance.this[0].multi_az
    error_message = "The instance must be private and honour multi_az."
  }

  assert {
    condition     = aws_db_instance.this[0].final_snapshot_identifier == "shop-prod-db-final" && aws_db_instance.this[0].deletion_protection && aws_db_instance.this[0].copy_tags_to_snapshot
    error_message = "Final snapshot, deletion protection and snapshot tag copying must be configured."
  }

  assert {
    condition     = aws_db_instance.this[0].backup_retention_period == 14 && aws_db_instance.this[0].auto_minor_version_upgrade
    error_message = "Backups and minor version upgrades must be configured."
  }

  assert {
    condition     = aws_db_instance.this[0].enabled_cloudwatch_logs_exports == toset(["postgresql", "upgrade"])
    error_message = "Postgres must export the postgresql and upgrade logs."
  }

  assert {
    condition     = aws_db_instance.this[0].performance_insights_enabled == false && aws_db_instance.this[0].monitoring_interval == 0 && aws_db_instance.this[0].iam_database_authentication_enabled == false
    error_message = "Performance Insights, Enhanced Monitoring and IAM auth must be off by default."
  }

  assert {
    condition     = length(aws_iam_role.monitoring) == 0 && length(aws_iam_role_policy_attachment.monitoring) == 0
    error_message = "No monitoring role without monitoring_interval."
  }

  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "rds.force_ssl=1")
    error_message = "The parameter group must force TLS."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.allowed) == 0
    error_message = "No ingress rules without allowed_security_group_ids."
  }

  assert {
    condition     = aws_db_instance.this[0].tags["component"] == "database" && aws_security_group.this.tags["Name"] == "shop-prod-db-db"
    error_message = "Tags must be applied."
  }
}

run "mysql_rds" {
  command = plan

  variables {
    engine                 = "mysql"
    engine_version         = "8.0"
    port                   = 3306
    parameter_group_family = "mysql8.0"
    skip_final_snapshot    = true
  }

  assert {
    condition     = aws_db_instance.this[0].enabled_cloudwatch_logs_exports == toset(["error", "general", "slowquery"])
    error_message = "MySQL must export the error, general and slowquery logs."
  }

  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "require_secure_transport=1")
    error_message = "The parameter group must require TLS."
  }

  assert {
    condition     = aws_db_instance.this[0].final_snapshot_identifier == null
    error_message = "No final snapshot identifier when skipping the final snapshot."
  }
}

run "aurora_postgresql_provisioned" {
  command = plan

  variables {
    identifier             = "shop-prod-aurora"
    engine                 = "aurora-postgresql"
    instance_class         = "db.r7g.large"
    instance_count         = 2
    parameter_group_family = "aurora-postgresql16"
  }

  assert {
    condition     = length(aws_db_instance.this) == 0 && length(aws_rds_cluster.this) == 1 && length(aws_rds_cluster_instance.this) == 2 && length(aws_rds_cluster_parameter_group.this) == 1
    error_message = "An Aurora engine must create one cluster, instance_count instances and no RDS instance."
  }

  assert {
    condition     = aws_rds_cluster_instance.this[0].identifier == "shop-prod-aurora-1" && aws_rds_cluster_instance.this[1].identifier == "shop-prod-aurora-2"
    error_message = "Aurora instances must be numbered from 1."
  }

  assert {
    condition     = aws_rds_cluster.this[0].storage_encrypted && aws_rds_cluster.this[0].manage_master_user_password && aws_rds_cluster.this[0].deletion_protection && aws_rds_cluster.this[0].copy_tags_to_snapshot
    error_message = "The cluster must be encrypted, manage its password and be protected."
  }

  assert {
    condition     = aws_rds_cluster.this[0].final_snapshot_identifier == "shop-prod-aurora-final" && aws_rds_cluster.this[0].backup_retention_period == 14
    error_message = "Final snapshot and backups must be configured on the cluster."
  }

  assert {
    condition     = aws_rds_cluster.this[0].enabled_cloudwatch_logs_exports == toset(["postgresql"])
    error_message = "Aurora PostgreSQL must export the postgresql log."
  }

  assert {
    condition     = length(aws_rds_cluster.this[0].serverlessv2_scaling_configuration) == 0
    error_message = "A provisioned cluster must have no Serverless v2 scaling configuration."
  }

  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.publicly_accessible == false && i.auto_minor_version_upgrade && i.instance_class == "db.r7g.large"])
    error_message = "Aurora instances must be private, auto-upgraded and use instance_class."
  }

  assert {
    condition     = contains([for p in aws_rds_cluster_parameter_group.this[0].parameter : "${p.name}=${p.value}"], "rds.force_ssl=1") && length(aws_db_parameter_group.this.parameter) == 0
    error_message = "Aurora must set parameters at cluster level only."
  }
}

run "aurora_serverless_v2" {
  command = plan

  variables {
    identifier              = "shop-dev-aurora"
    engine                  = "aurora-mysql"
    engine_version          = "8.0.mysql_aurora.3.08.0"
    instance_class          = "db.serverless"
    serverless_min_capacity = 0.5
    serverless_max_capacity = 8
    port                    = 3306
    parameter_group_family  = "aurora-mysql8.0"
  }

  assert {
    condition     = aws_rds_cluster.this[0].serverlessv2_scaling_configuration[0].min_capacity == 0.5 && aws_rds_cluster.this[0].serverlessv2_scaling_configuration[0].max_capacity == 8
    error_message = "Serverless v2 capacity must be passed to the cluster."
  }

  assert {
    condition     = aws_rds_cluster.this[0].engine_mode == "provisioned" && length(aws_rds_cluster_instance.this) == 1 && aws_rds_cluster_instance.this[0].instance_class == "db.serverless"
    error_message = "Serverless v2 runs db.serverless instances in a provisioned-mode cluster."
  }

  assert {
    condition     = aws_rds_cluster.this[0].enabled_cloudwatch_logs_exports == toset(["audit", "error", "general", "slowquery"])
    error_message = "Aurora MySQL must export audit, error, general and slowquery logs."
  }
}

run "rds_outputs" {
  command = apply

  override_resource {
    target = aws_db_instance.this
    values = {
      address     = "shop-prod-db.abc123.eu-west-1.rds.amazonaws.com"
      identifier  = "shop-prod-db"
      resource_id = "db-ABCDEFGHIJKLMNOPQRSTUVWXY0"
      arn         = "arn:aws:rds:eu-west-1:123456789012:db:shop-prod-db"
      master_user_secret = [
        {
          secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf"
          kms_key_id    = "alias/aws/secretsmanager"
          secret_status = "active"
        },
      ]
    }
  }

  assert {
    condition     = output.endpoint == "shop-prod-db.abc123.eu-west-1.rds.amazonaws.com" && output.reader_endpoint == output.endpoint
    error_message = "RDS endpoint and reader_endpoint must both be the instance address."
  }

  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf"
    error_message = "master_user_secret_arn must come from the instance."
  }

  assert {
    condition     = output.iam_user_arn_prefix == "arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY0/"
    error_message = "iam_user_arn_prefix must name the instance's resource id for rds-db:connect."
  }

  assert {
    condition     = output.port == 5432 && output.identifier == "shop-prod-db" && output.database_name == "shop" && output.engine == "postgres"
    error_message = "Scalar outputs must be passed through."
  }

  assert {
    condition     = output.security_group_id == aws_security_group.this.id
    error_message = "security_group_id must be the database security group."
  }
}

run "monitoring_and_insights_on" {
  command = apply

  variables {
    monitoring_interval                 = 60
    performance_insights_enabled        = true
    iam_database_authentication_enabled = true
    kms_key_arn                         = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  override_resource {
    target = aws_iam_role.monitoring
    values = {
      arn = "arn:aws:iam::123456789012:role/shop-prod-db-rds-monitoring-1"
    }
  }

  assert {
    condition     = length(aws_iam_role.monitoring) == 1 && length(aws_iam_role_policy_attachment.monitoring) == 1
    error_message = "monitoring_interval > 0 must create the monitoring role and its attachment."
  }

  assert {
    condition     = jsondecode(aws_iam_role.monitoring[0].assume_role_policy).Statement[0].Principal.Service == "monitoring.rds.amazonaws.com"
    error_message = "Only the RDS monitoring service may assume the role."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.monitoring[0].policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    error_message = "The monitoring role must have the AWS managed Enhanced Monitoring policy."
  }

  assert {
    condition     = aws_db_instance.this[0].monitoring_interval == 60 && aws_db_instance.this[0].monitoring_role_arn == "arn:aws:iam::123456789012:role/shop-prod-db-rds-monitoring-1"
    error_message = "The instance must use the monitoring role."
  }

  assert {
    condition     = aws_db_instance.this[0].performance_insights_enabled && aws_db_instance.this[0].performance_insights_retention_period == 7 && aws_db_instance.this[0].performance_insights_kms_key_id == var.kms_key_arn
    error_message = "Performance Insights must keep 7 days, encrypted with kms_key_arn."
  }

  assert {
    condition     = aws_db_instance.this[0].kms_key_id == var.kms_key_arn && aws_db_instance.this[0].iam_database_authentication_enabled
    error_message = "kms_key_arn and IAM auth must be passed through."
  }
}

run "aurora_monitoring_on" {
  command = plan

  variables {
    identifier             = "shop-prod-aurora"
    engine                 = "aurora-postgresql"
    instance_count         = 3
    parameter_group_family = "aurora-postgresql16"
    monitoring_interval    = 30
  }

  assert {
    condition     = length(aws_iam_role.monitoring) == 1 && alltrue([for i in aws_rds_cluster_instance.this : i.monitoring_interval == 30])
    error_message = "Every Aurora instance must use Enhanced Monitoring."
  }
}

run "allowed_security_groups" {
  command = plan

  variables {
    allowed_security_group_ids = {
      api    = "sg-0123456789abcdef0"
      worker = "sg-0123456789abcdef1"
    }
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.allowed) == 2
    error_message = "One ingress rule per allowed security group."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.allowed["api"].referenced_security_group_id == "sg-0123456789abcdef0" && aws_vpc_security_group_ingress_rule.allowed["api"].from_port == 5432 && aws_vpc_security_group_ingress_rule.allowed["api"].to_port == 5432 && aws_vpc_security_group_ingress_rule.allowed["api"].ip_protocol == "tcp"
    error_message = "Ingress rules must open only the database port to the allowed group."
  }
}

run "aurora_outputs" {
  command = apply

  variables {
    identifier             = "shop-prod-aurora"
    engine                 = "aurora-postgresql"
    instance_class         = "db.r7g.large"
    parameter_group_family = "aurora-postgresql16"
  }

  override_resource {
    target = aws_rds_cluster.this
    values = {
      endpoint            = "shop-prod-aurora.cluster-abc123.eu-west-1.rds.amazonaws.com"
      reader_endpoint     = "shop-prod-aurora.cluster-ro-abc123.eu-west-1.rds.amazonaws.com"
      cluster_identifier  = "shop-prod-aurora"
      arn                 = "arn:aws:rds:eu-west-1:123456789012:cluster:shop-prod-aurora"
      cluster_resource_id = "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0"
      master_user_secret = [
        {
          secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1234-AbCdEf"
          kms_key_id    = "alias/aws/secretsmanager"
          secret_status = "active"
        },
      ]
    }
  }

  assert {
    condition     = output.endpoint == "shop-prod-aurora.cluster-abc123.eu-west-1.rds.amazonaws.com" && output.reader_endpoint == "shop-prod-aurora.cluster-ro-abc123.eu-west-1.rds.amazonaws.com"
    error_message = "Aurora endpoints must come from the cluster."
  }

  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1234-AbCdEf" && output.identifier == "shop-prod-aurora"
    error_message = "master_user_secret_arn and identifier must come from the cluster."
  }
}

run "rejects_bad_engine" {
  command = plan

  variables {
    engine                 = "oracle"
    parameter_group_family = "oracle19"
  }

  expect_failures = [var.engine]
}

run "rejects_bad_monitoring_interval" {
  command = plan

  variables {
    monitoring_interval = 45
  }

  expect_failures = [var.monitoring_interval]
}

run "rejects_serverless_on_rds" {
  command = plan

  variables {
    serverless_min_capacity = 0.5
    serverless_max_capacity = 4
  }

  expect_failures = [var.serverless_min_capacity]
}

run "rejects_serverless_class_without_capacity" {
  command = plan

  variables {
    engine                 = "aurora-postgresql"
    instance_class         = "db.serverless"
    parameter_group_family = "aurora-postgresql16"
  }

  expect_failures = [var.instance_class]
}

run "rejects_mismatched_family" {
  command = plan

  variables {
    parameter_group_family = "aurora-postgresql16"
  }

  expect_failures = [var.parameter_group_family]
}

run "rejects_long_aurora_identifier" {
  command = plan

  variables {
    identifier             = "a123456789b123456789c123456789d123456789e123456789f123456789z"
    engine                 = "aurora-postgresql"
    parameter_group_family = "aurora-postgresql16"
  }

  expect_failures = [var.identifier]
}

# The longest <project>-<env> (20 + 1 + 12 characters) must lead the monitoring role's name
# untruncated, because the deploy role may manage only roles named <project>-<env>-*.
run "monitoring_role_keeps_a_long_identifier_whole" {
  command = plan

  variables {
    identifier          = "abcdefghijklmnopqrst-production12"
    monitoring_interval = 60
  }

  assert {
    condition     = startswith(aws_iam_role.monitoring[0].name_prefix, "abcdefghijklmnopqrst-production12-") && length(aws_iam_role.monitoring[0].name_prefix) <= 38
    error_message = "The monitoring role's name prefix must start with the whole identifier and a hyphen, within IAM's 38 characters."
  }
}

run "monitoring_role_keeps_its_name_for_short_identifiers" {
  command = plan

  variables {
    monitoring_interval = 60
  }

  assert {
    condition     = aws_iam_role.monitoring[0].name_prefix == "shop-prod-db-rds-monitoring-"
    error_message = "Short identifiers must keep the prefix of earlier trees, so upgrading plinth does not replace the role."
  }
}

run "rejects_monitoring_with_an_identifier_too_long_for_the_role" {
  command = plan

  variables {
    identifier          = "abcdefghijklmnopqrst-production1234"
    monitoring_interval = 60
  }

  expect_failures = [var.monitoring_interval]
}

# After RDS upgrades the minor (auto_minor_version_upgrade), a configured "16.4" would plan a
# downgrade; the major prefix is kept by the provider as long as it prefixes the running version.
run "only_the_major_is_configured_with_automatic_minor_upgrades" {
  command = plan

  assert {
    condition     = aws_db_instance.this[0].engine_version == "16" && aws_db_instance.this[0].auto_minor_version_upgrade
    error_message = "With automatic minor upgrades only the major version (from the parameter group family) must be configured."
  }

  assert {
    condition     = aws_db_instance.this[0].allow_major_version_upgrade
    error_message = "A major version change must be allowed to apply."
  }
}

run "mysql_major_is_two_components" {
  command = plan

  variables {
    engine                 = "mysql"
    engine_version         = "8.0.40"
    port                   = 3306
    parameter_group_family = "mysql8.0"
  }

  assert {
    condition     = aws_db_instance.this[0].engine_version == "8.0"
    error_message = "MySQL's major is 8.0."
  }
}

run "an_exact_pin_without_automatic_minor_upgrades" {
  command = plan

  variables {
    auto_minor_version_upgrade = false
  }

  assert {
    condition     = aws_db_instance.this[0].engine_version == "16.4" && !aws_db_instance.this[0].auto_minor_version_upgrade
    error_message = "Without automatic minor upgrades the exact version must be configured."
  }
}

run "aurora_major_upgrades_name_the_instance_parameter_group" {
  command = plan

  variables {
    identifier             = "shop-prod-aurora"
    engine                 = "aurora-postgresql"
    engine_version         = "16.6"
    instance_class         = "db.r7g.large"
    parameter_group_family = "aurora-postgresql16"
  }

  assert {
    condition     = aws_rds_cluster.this[0].engine_version == "16" && aws_rds_cluster.this[0].allow_major_version_upgrade
    error_message = "The cluster must configure only the major and allow major upgrades."
  }

  assert {
    condition     = startswith(aws_rds_cluster.this[0].db_instance_parameter_group_name, "shop-prod-aurora-") || aws_rds_cluster.this[0].db_instance_parameter_group_name == aws_db_parameter_group.this.name
    error_message = "A major upgrade needs the instance parameter group of the new family named on the cluster."
  }
}

# RDS rotates the managed master secret every seven days: an application that re-reads it at
# connect time needs the credentials policy; with IAM authentication each application connects
# as its own user.
run "policies_for_fresh_credentials_and_iam_users" {
  command = apply

  variables {
    iam_database_authentication_enabled = true
    iam_users                           = ["web", "api_worker"]
  }

  override_resource {
    target = aws_db_instance.this
    values = {
      arn         = "arn:aws:rds:eu-west-1:123456789012:db:shop-prod-db"
      resource_id = "db-ABCDEFGHIJKLMNOPQRSTUVWXY0"
      master_user_secret = [
        {
          secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf"
          kms_key_id    = "alias/aws/secretsmanager"
          secret_status = "active"
        },
      ]
    }
  }

  assert {
    condition     = jsondecode(output.credentials_policy_json).Statement[0].Action == "secretsmanager:GetSecretValue" && jsondecode(output.credentials_policy_json).Statement[0].Resource == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf"
    error_message = "The credentials policy must read exactly the managed master secret."
  }

  assert {
    condition     = jsondecode(output.iam_connect_policy_jsons["api_worker"]).Statement[0].Resource == "arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY0/api_worker" && length(output.iam_connect_policy_jsons) == 2
    error_message = "Each IAM user must get rds-db:connect on its own dbuser ARN."
  }
}

run "no_connect_policies_without_iam_authentication" {
  command = plan

  variables {
    iam_users = ["web"]
  }

  assert {
    condition     = length(output.iam_connect_policy_jsons) == 0
    error_message = "Without IAM authentication there is nothing to connect with."
  }
}

run "rejects_an_iam_user_with_a_hyphen" {
  command = plan

  variables {
    iam_users = ["api-worker"]
  }

  expect_failures = [var.iam_users]
}
