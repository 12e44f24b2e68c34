mock_provider "aws" {
  # The provider validates configuration_info.arn as an ARN on apply.
  mock_resource "aws_msk_configuration" {
    defaults = {
      arn             = "arn:aws:kafka:eu-west-1:123456789012:configuration/shop-prod-events-3-6-0/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-3"
      latest_revision = 1
    }
  }
}

variables {
  name                   = "shop-prod-events"
  kafka_version          = "3.6.0"
  instance_type          = "kafka.m7g.large"
  number_of_broker_nodes = 3
  ebs_volume_size        = 100
  vpc_id                 = "vpc-0123456789abcdef0"
  subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
  tags = {
    component = "events"
  }
}

run "three_brokers_pinned_version" {
  command = plan

  assert {
    condition     = aws_msk_cluster.this.cluster_name == "shop-prod-events" && aws_msk_cluster.this.kafka_version == "3.6.0" && aws_msk_cluster.this.number_of_broker_nodes == 3
    error_message = "Cluster name, version and broker count must be passed through."
  }

  assert {
    condition     = aws_msk_configuration.this.kafka_versions == toset(["3.6.0"]) && aws_msk_configuration.this.name == "shop-prod-events-3-6-0"
    error_message = "A concrete version must pin the configuration, whose name carries the version."
  }

  assert {
    condition     = aws_msk_configuration.this.server_properties == "auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false"
    error_message = "Three brokers need replication factor 3, min.insync.replicas 2, no auto-created topics and no unclean leader election."
  }

  assert {
    condition     = aws_msk_cluster.this.client_authentication[0].sasl[0].iam && aws_msk_cluster.this.client_authentication[0].sasl[0].scram == false && aws_msk_cluster.this.client_authentication[0].unauthenticated == false && length(aws_msk_cluster.this.client_authentication[0].tls) == 0
    error_message = "IAM must be the only client authentication."
  }

  assert {
    condition     = aws_msk_cluster.this.encryption_info[0].encryption_in_transit[0].client_broker == "TLS" && aws_msk_cluster.this.encryption_info[0].encryption_in_transit[0].in_cluster
    error_message = "Client and inter-broker traffic must be TLS only."
  }

  assert {
    condition     = aws_msk_cluster.this.broker_node_group_info[0].connectivity_info[0].public_access[0].type == "DISABLED"
    error_message = "Brokers must not be publicly accessible."
  }

  assert {
    condition     = aws_msk_cluster.this.broker_node_group_info[0].instance_type == "kafka.m7g.large" && aws_msk_cluster.this.broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size == 100 && length(aws_msk_cluster.this.broker_node_group_info[0].client_subnets) == 3
    error_message = "Instance type, volume size and subnets must be passed through."
  }

  assert {
    condition     = aws_msk_cluster.this.logging_info[0].broker_logs[0].cloudwatch_logs[0].enabled && aws_msk_cluster.this.logging_info[0].broker_logs[0].cloudwatch_logs[0].log_group == "/aws/msk/shop-prod-events"
    error_message = "Broker logs must go to the module's log group."
  }

  assert {
    condition     = aws_cloudwatch_log_group.broker.name == "/aws/msk/shop-prod-events" && aws_cloudwatch_log_group.broker.retention_in_days == 30
    error_message = "The broker log group must keep logs for 30 days by default."
  }

  assert {
    condition     = aws_msk_cluster.this.enhanced_monitoring == "DEFAULT" && aws_msk_cluster.this.tags["component"] == "events"
    error_message = "Enhanced monitoring defaults to DEFAULT and tags must be applied."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.allowed) == 0 && aws_security_group.this.vpc_id == "vpc-0123456789abcdef0"
    error_message = "The security group must have no ingress rules without allowed_security_group_ids."
  }
}

run "floating_version_leaves_configuration_unpinned" {
  command = plan

  variables {
    kafka_version = "3.8.x"
  }

  assert {
    condition     = aws_msk_configuration.this.kafka_versions == null
    error_message = "An a.b.x version must not be written into the configuration's kafka_versions."
  }

  assert {
    condition     = aws_msk_configuration.this.name == "shop-prod-events-3-8-x" && aws_msk_cluster.this.kafka_version == "3.8.x"
    error_message = "The cluster must still run the requested version and the configuration name must carry it."
  }
}

run "floating_kraft_version_leaves_configuration_unpinned" {
  command = plan

  variables {
    kafka_version = "3.7.x.kraft"
  }

  assert {
    condition     = aws_msk_configuration.this.kafka_versions == null && aws_msk_configuration.this.name == "shop-prod-events-3-7-x-kraft"
    error_message = "A 3.7.x.kraft version must not pin the configuration either."
  }
}

run "long_name_keeps_configuration_name_within_64" {
  command = plan

  variables {
    name          = "a123456789b123456789c123456789d123456789e123456789f123456789wxyz"
    kafka_version = "3.7.x.kraft"
  }

  assert {
    condition     = length(aws_msk_configuration.this.name) == 64 && endswith(aws_msk_configuration.this.name, "-3-7-x-kraft")
    error_message = "The configuration name must be truncated to 64 characters and keep the version suffix."
  }
}

run "two_zones" {
  command = plan

  variables {
    subnet_ids             = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    number_of_broker_nodes = 2
    enhanced_monitoring    = "PER_TOPIC_PER_BROKER"
    log_retention_days     = 7
    kms_key_arn            = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = strcontains(aws_msk_configuration.this.server_properties, "default.replication.factor=2") && strcontains(aws_msk_configuration.this.server_properties, "min.insync.replicas=1")
    error_message = "Two brokers need replication factor 2 and min.insync.replicas 1."
  }

  assert {
    condition     = aws_msk_cluster.this.encryption_info[0].encryption_at_rest_kms_key_arn == var.kms_key_arn
    error_message = "kms_key_arn must encrypt the broker volumes."
  }

  assert {
    condition     = aws_msk_cluster.this.enhanced_monitoring == "PER_TOPIC_PER_BROKER" && aws_cloudwatch_log_group.broker.retention_in_days == 7
    error_message = "enhanced_monitoring and log_retention_days must be passed through."
  }
}

run "six_brokers" {
  command = plan

  variables {
    number_of_broker_nodes = 6
  }

  assert {
    condition     = strcontains(aws_msk_configuration.this.server_properties, "default.replication.factor=3") && strcontains(aws_msk_configuration.this.server_properties, "min.insync.replicas=2")
    error_message = "Replication factor caps at 3 and min.insync.replicas at 2."
  }
}

run "allowed_security_groups" {
  command = plan

  variables {
    allowed_security_group_ids = {
      orders   = "sg-0123456789abcdef0"
      shipping = "sg-0123456789abcdef1"
    }
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.allowed) == 2
    error_message = "One ingress rule per allowed security group."
  }

  assert {
    condition = alltrue([
      for key, rule in aws_vpc_security_group_ingress_rule.allowed :
      rule.referenced_security_group_id == var.allowed_security_group_ids[key] && rule.ip_protocol == "tcp" && rule.from_port == 9098 && rule.to_port == 9098
    ])
    error_message = "Ingress rules must open only the SASL/IAM port 9098 to the allowed groups."
  }
}

run "outputs" {
  command = apply

  override_resource {
    target = aws_msk_cluster.this
    values = {
      arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/shop-prod-events/7b3c6a1e-1d2f-4e5a-9b8c-0d1e2f3a4b5c-3"
      bootstrap_brokers_sasl_iam = "b-1.shopprodevents.abc123.c3.kafka.eu-west-1.amazonaws.com:9098,b-2.shopprodevents.abc123.c3.kafka.eu-west-1.amazonaws.com:9098"
    }
  }

  assert {
    condition     = output.cluster_arn == "arn:aws:kafka:eu-west-1:123456789012:cluster/shop-prod-events/7b3c6a1e-1d2f-4e5a-9b8c-0d1e2f3a4b5c-3" && output.cluster_name == "shop-prod-events"
    error_message = "cluster_arn and cluster_name must come from the cluster."
  }

  assert {
    condition     = output.bootstrap_brokers_sasl_iam == "b-1.shopprodevents.abc123.c3.kafka.eu-west-1.amazonaws.com:9098,b-2.shopprodevents.abc123.c3.kafka.eu-west-1.amazonaws.com:9098"
    error_message = "bootstrap_brokers_sasl_iam must come from the cluster."
  }

  assert {
    condition     = output.security_group_id == aws_security_group.this.id
    error_message = "security_group_id must be the cluster security group."
  }

  assert {
    condition = jsondecode(output.iam_policy_json).Statement[0].Resource == output.cluster_arn && toset(jsondecode(output.iam_policy_json).Statement[0].Action) == toset([
      "kafka-cluster:Connect",
      "kafka-cluster:DescribeCluster",
      "kafka-cluster:WriteDataIdempotently",
    ])
    error_message = "The policy must allow connecting to and describing this cluster only."
  }

  assert {
    condition = jsondecode(output.iam_policy_json).Statement[1].Resource == "arn:aws:kafka:eu-west-1:123456789012:topic/shop-prod-events/7b3c6a1e-1d2f-4e5a-9b8c-0d1e2f3a4b5c-3/*" && toset(jsondecode(output.iam_policy_json).Statement[1].Action) == toset([
      "kafka-cluster:CreateTopic",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:ReadData",
      "kafka-cluster:WriteData",
    ])
    error_message = "Topic permissions must be scoped to this cluster's topics."
  }

  assert {
    condition = jsondecode(output.iam_policy_json).Statement[2].Resource == "arn:aws:kafka:eu-west-1:123456789012:group/shop-prod-events/7b3c6a1e-1d2f-4e5a-9b8c-0d1e2f3a4b5c-3/*" && toset(jsondecode(output.iam_policy_json).Statement[2].Action) == toset([
      "kafka-cluster:AlterGroup",
      "kafka-cluster:DescribeGroup",
    ])
    error_message = "Group permissions must be scoped to this cluster's consumer groups."
  }

  assert {
    condition     = alltrue([for s in jsondecode(output.iam_policy_json).Statement : s.Effect == "Allow" && !strcontains(s.Resource, "cluster/*") && !contains(s.Action, "kafka-cluster:*")])
    error_message = "The policy must not use wildcard actions or other clusters."
  }
}

run "rejects_brokers_not_multiple_of_subnets" {
  command = plan

  variables {
    number_of_broker_nodes = 4
  }

  expect_failures = [var.number_of_broker_nodes]
}

run "rejects_single_subnet" {
  command = plan

  variables {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    number_of_broker_nodes = 2
  }

  expect_failures = [var.subnet_ids]
}

run "rejects_non_kafka_instance_type" {
  command = plan

  variables {
    instance_type = "m7g.large"
  }

  expect_failures = [var.instance_type]
}

run "rejects_long_name" {
  command = plan

  variables {
    name = "a123456789b123456789c123456789d123456789e123456789f123456789wxyz1"
  }

  expect_failures = [var.name]
}

run "rejects_bad_enhanced_monitoring" {
  command = plan

  variables {
    enhanced_monitoring = "PER_TOPIC"
  }

  expect_failures = [var.enhanced_monitoring]
}

run "rejects_bad_volume_size" {
  command = plan

  variables {
    ebs_volume_size = 20000
  }

  expect_failures = [var.ebs_volume_size]
}
