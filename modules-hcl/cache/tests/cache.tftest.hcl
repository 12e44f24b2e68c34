mock_provider "aws" {}

variables {
  name                   = "shop-prod"
  engine                 = "redis"
  engine_version         = "7.1"
  parameter_group_family = "redis7"
  node_type              = "cache.t4g.small"
  replicas               = 2
  multi_az               = true
  vpc_id                 = "vpc-0123456789abcdef0"
  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  auth_token_secret_name = "shop-prod/cache-auth-token"
  tags = {
    component = "cache"
  }
}

run "replicas_with_multi_az" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 3
    error_message = "The group must have one primary plus replicas nodes."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.automatic_failover_enabled && aws_elasticache_replication_group.this.multi_az_enabled
    error_message = "multi_az must turn on automatic failover and Multi-AZ."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.replication_group_id == "shop-prod" && aws_elasticache_replication_group.this.engine == "redis" && aws_elasticache_replication_group.this.engine_version == "7.1" && aws_elasticache_replication_group.this.node_type == "cache.t4g.small" && aws_elasticache_replication_group.this.port == 6379
    error_message = "Engine, version, node type and port must be passed through."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.at_rest_encryption_enabled == "true" && aws_elasticache_replication_group.this.transit_encryption_enabled && aws_elasticache_replication_group.this.kms_key_id == null
    error_message = "At-rest and in-transit encryption must be on by default, with the AWS-managed key."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.auth_token_update_strategy == "ROTATE"
    error_message = "Token changes must ROTATE so the previous token keeps working during the switch."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.auto_minor_version_upgrade == "true" && aws_elasticache_replication_group.this.apply_immediately == false
    error_message = "Minor versions must upgrade automatically and changes wait for the maintenance window by default."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.snapshot_retention_limit == 0 && aws_elasticache_replication_group.this.snapshot_window == "03:00-04:00" && aws_elasticache_replication_group.this.maintenance_window == "sun:05:00-sun:06:00"
    error_message = "Snapshot and maintenance defaults must be applied."
  }

  assert {
    condition     = aws_elasticache_parameter_group.this.family == "redis7" && aws_elasticache_parameter_group.this.name == "shop-prod-redis7" && aws_elasticache_replication_group.this.parameter_group_name == "shop-prod-redis7"
    error_message = "The replication group must use its own parameter group of the given family."
  }

  assert {
    condition     = aws_elasticache_subnet_group.this.name == "shop-prod" && aws_elasticache_replication_group.this.subnet_group_name == "shop-prod" && length(aws_elasticache_subnet_group.this.subnet_ids) == 2
    error_message = "The replication group must use the module's subnet group of the data subnets."
  }

  assert {
    condition     = aws_cloudwatch_log_group.slow_log.name == "/aws/vendedlogs/elasticache/shop-prod/slow-log" && aws_cloudwatch_log_group.slow_log.retention_in_days == 30 && aws_cloudwatch_log_group.slow_log.kms_key_id == null
    error_message = "The slow-log log group must be named after the group and keep 30 days by default."
  }

  assert {
    condition = one([
      for c in aws_elasticache_replication_group.this.log_delivery_configuration : c
      if c.log_type == "slow-log" && c.destination_type == "cloudwatch-logs" && c.log_format == "json" && c.destination == "/aws/vendedlogs/elasticache/shop-prod/slow-log"
    ]) != null && length(aws_elasticache_replication_group.this.log_delivery_configuration) == 1
    error_message = "The slow log must be delivered as JSON to the module's log group."
  }

  assert {
    condition     = length(terraform_data.auth_token) == 1 && length(aws_secretsmanager_secret.auth_token) == 1 && length(aws_secretsmanager_secret_version.auth_token) == 1
    error_message = "Transit encryption must create the auth token and its secret."
  }

  assert {
    condition     = aws_secretsmanager_secret.auth_token[0].name == "shop-prod/cache-auth-token" && aws_secretsmanager_secret.auth_token[0].recovery_window_in_days == 7 && aws_secretsmanager_secret.auth_token[0].kms_key_id == null
    error_message = "The secret must use the given name and recovery window."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.allowed) == 0 && aws_security_group.this.name_prefix == "shop-prod-cache-" && aws_security_group.this.tags["Name"] == "shop-prod-cache"
    error_message = "No ingress rules without allowed_security_group_ids."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.tags["component"] == "cache" && aws_secretsmanager_secret.auth_token[0].tags["component"] == "cache" && aws_cloudwatch_log_group.slow_log.tags["component"] == "cache"
    error_message = "Tags must be applied."
  }

  assert {
    condition     = output.replication_group_id == "shop-prod" && output.port == 6379
    error_message = "replication_group_id and port must be known at plan time."
  }
}

run "single_node" {
  command = plan

  variables {
    replicas = 0
    multi_az = false
  }

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 1
    error_message = "replicas = 0 must create a single node."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.automatic_failover_enabled == false && aws_elasticache_replication_group.this.multi_az_enabled == false
    error_message = "A single node has neither automatic failover nor Multi-AZ."
  }
}

run "replicas_without_multi_az" {
  command = plan

  variables {
    replicas = 1
    multi_az = false
  }

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 2 && aws_elasticache_replication_group.this.automatic_failover_enabled == false && aws_elasticache_replication_group.this.multi_az_enabled == false
    error_message = "Failover and Multi-AZ follow multi_az, not the replica count."
  }
}

run "transit_encryption_off" {
  command = plan

  variables {
    replicas               = 0
    multi_az               = false
    transit_encryption     = false
    auth_token_secret_name = null
  }

  assert {
    condition     = length(terraform_data.auth_token) == 0 && length(aws_secretsmanager_secret.auth_token) == 0 && length(aws_secretsmanager_secret_version.auth_token) == 0
    error_message = "Without transit encryption there is no AUTH token and no secret."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.transit_encryption_enabled == false && aws_elasticache_replication_group.this.auth_token == null
    error_message = "Without transit encryption the group must have TLS off and no auth token."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.at_rest_encryption_enabled == "true"
    error_message = "At-rest encryption is independent of transit encryption."
  }

  assert {
    condition     = output.auth_token_secret_arn == null
    error_message = "auth_token_secret_arn must be null without transit encryption."
  }
}

run "auth_token_apply" {
  command = apply

  override_resource {
    target = aws_secretsmanager_secret.auth_token
    values = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/cache-auth-token-AbCdEf"
    }
  }

  override_resource {
    target = aws_elasticache_replication_group.this
    values = {
      primary_endpoint_address = "master.shop-prod.abc123.euw1.cache.amazonaws.com"
      reader_endpoint_address  = "replica.shop-prod.abc123.euw1.cache.amazonaws.com"
      member_clusters          = ["shop-prod-003", "shop-prod-001", "shop-prod-002"]
    }
  }

  assert {
    condition     = can(regex("^[0-9a-f]{64}$", terraform_data.auth_token[0].output))
    error_message = "The auth token must be 64 lowercase hex characters."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.auth_token == terraform_data.auth_token[0].output
    error_message = "The replication group must use the generated token."
  }

  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.auth_token[0].secret_string).auth_token == terraform_data.auth_token[0].output
    error_message = "The secret must hold the generated token as JSON {auth_token = ...}."
  }

  assert {
    condition     = aws_secretsmanager_secret_version.auth_token[0].secret_id == aws_secretsmanager_secret.auth_token[0].id
    error_message = "The secret version must belong to the module's secret."
  }

  assert {
    condition     = output.auth_token_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/cache-auth-token-AbCdEf"
    error_message = "auth_token_secret_arn must be the secret's ARN."
  }

  assert {
    condition     = output.primary_endpoint_address == "master.shop-prod.abc123.euw1.cache.amazonaws.com" && output.reader_endpoint_address == "replica.shop-prod.abc123.euw1.cache.amazonaws.com"
    error_message = "Endpoints must come from the replication group."
  }

  assert {
    condition     = output.member_clusters == tolist(["shop-prod-001", "shop-prod-002", "shop-prod-003"])
    error_message = "member_clusters must list the node ids in order."
  }

  assert {
    condition     = output.replication_group_id == "shop-prod" && output.port == 6379 && output.security_group_id == aws_security_group.this.id
    error_message = "replication_group_id, port and security_group_id must be passed through."
  }
}

run "transit_encryption_off_apply" {
  command = apply

  variables {
    replicas               = 0
    multi_az               = false
    transit_encryption     = false
    auth_token_secret_name = null
  }

  assert {
    condition     = output.auth_token_secret_arn == null && aws_elasticache_replication_group.this.auth_token == null
    error_message = "auth_token_secret_arn and the group's auth token must be null without transit encryption."
  }

  assert {
    condition     = length(terraform_data.auth_token) == 0 && length(aws_secretsmanager_secret.auth_token) == 0
    error_message = "Turning transit encryption off must remove the token and its secret."
  }
}

run "allowed_security_groups" {
  command = plan

  variables {
    port = 6380
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
    condition = alltrue([
      for k, r in aws_vpc_security_group_ingress_rule.allowed :
      r.from_port == 6380 && r.to_port == 6380 && r.ip_protocol == "tcp" && r.referenced_security_group_id == var.allowed_security_group_ids[k]
    ])
    error_message = "Ingress rules must open only the cache port to the allowed groups."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.allowed["api"].description == "redis from api" && aws_vpc_security_group_ingress_rule.allowed["worker"].tags["Name"] == "shop-prod-from-worker"
    error_message = "Ingress rules must be described and named after their key."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.port == 6380 && output.port == 6380
    error_message = "The port must be passed to the replication group and the output."
  }
}

run "valkey_with_kms_and_snapshots" {
  command = plan

  variables {
    engine                      = "valkey"
    engine_version              = "8.2"
    parameter_group_family      = "valkey8"
    kms_key_arn                 = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    log_kms_key_arn             = "arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000"
    snapshot_retention_days     = 7
    snapshot_window             = "01:00-02:00"
    maintenance_window          = "sat:03:00-sat:04:00"
    log_retention_days          = 90
    secret_recovery_window_days = 0
    apply_immediately           = true
  }

  assert {
    condition     = aws_elasticache_replication_group.this.engine == "valkey" && aws_elasticache_replication_group.this.engine_version == "8.2" && aws_elasticache_parameter_group.this.name == "shop-prod-valkey8"
    error_message = "Valkey must be passed through with a valkey parameter group."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.kms_key_id == var.kms_key_arn && aws_secretsmanager_secret.auth_token[0].kms_key_id == var.kms_key_arn
    error_message = "kms_key_arn must encrypt the cache and the secret."
  }

  assert {
    condition     = aws_cloudwatch_log_group.slow_log.kms_key_id == var.log_kms_key_arn && aws_cloudwatch_log_group.slow_log.retention_in_days == 90
    error_message = "log_kms_key_arn and log_retention_days must configure the log group."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.snapshot_retention_limit == 7 && aws_elasticache_replication_group.this.snapshot_window == "01:00-02:00" && aws_elasticache_replication_group.this.maintenance_window == "sat:03:00-sat:04:00"
    error_message = "Snapshot and maintenance settings must be passed through."
  }

  assert {
    condition     = aws_secretsmanager_secret.auth_token[0].recovery_window_in_days == 0 && aws_elasticache_replication_group.this.apply_immediately
    error_message = "Recovery window and apply_immediately must be passed through."
  }
}

run "redis6_family_name" {
  command = plan

  variables {
    engine_version         = "6.2"
    parameter_group_family = "redis6.x"
  }

  assert {
    condition     = aws_elasticache_parameter_group.this.family == "redis6.x" && aws_elasticache_parameter_group.this.name == "shop-prod-redis6-x"
    error_message = "Dots in the family must become hyphens in the parameter group name."
  }
}

run "at_rest_off_ignores_kms_key" {
  command = plan

  variables {
    at_rest_encryption = false
    kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_elasticache_replication_group.this.at_rest_encryption_enabled == "false" && aws_elasticache_replication_group.this.kms_key_id == null
    error_message = "Without at-rest encryption no KMS key may be set on the group."
  }

  assert {
    condition     = aws_secretsmanager_secret.auth_token[0].kms_key_id == var.kms_key_arn
    error_message = "The secret still uses kms_key_arn."
  }
}

run "rejects_multi_az_without_replicas" {
  command = plan

  variables {
    replicas = 0
    multi_az = true
  }

  expect_failures = [var.multi_az]
}

run "rejects_bad_engine" {
  command = plan

  variables {
    engine                 = "memcached"
    parameter_group_family = "memcached7"
  }

  expect_failures = [var.engine]
}

run "rejects_mismatched_family" {
  command = plan

  variables {
    parameter_group_family = "valkey8"
  }

  expect_failures = [var.parameter_group_family]
}

run "rejects_old_engine_version" {
  command = plan

  variables {
    engine_version         = "5.0"
    parameter_group_family = "redis5"
  }

  expect_failures = [var.engine_version]
}

run "rejects_missing_secret_name" {
  command = plan

  variables {
    auth_token_secret_name = null
  }

  expect_failures = [var.auth_token_secret_name]
}

run "rejects_long_name" {
  command = plan

  variables {
    name = "a123456789b123456789c123456789d123456789e"
  }

  expect_failures = [var.name]
}

run "rejects_too_many_replicas" {
  command = plan

  variables {
    replicas = 6
  }

  expect_failures = [var.replicas]
}

run "rejects_bad_recovery_window" {
  command = plan

  variables {
    secret_recovery_window_days = 3
  }

  expect_failures = [var.secret_recovery_window_days]
}

run "rejects_single_subnet_with_multi_az" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}
