# The mocked AWS provider of tests/mock_apply.rs, copied into each generated root's tests/mock/.
#
# Without these defaults the mock provider returns 8 random characters for every computed string,
# which the modules' variable validations (ARNs, vpc-/subnet-/sg- ids, hosted zone ids) and the
# provider's own checks (ARN arguments, JSON policies) reject. Each type the generated roots use
# gets values shaped like AWS's. They are the same for every instance of a type (all subnets share
# one id) and name account 123456789012 in eu-west-1; the harness's MOCK_ACCOUNT must match it.
#
# Terraform does not merge these defaults into an override_resource: values that depend on the
# blueprint are written per root by the harness, with every computed attribute the modules read
# (the certificate's domain_validation_options, one per name; the EKS cluster's ARN, which must end
# in :<account>:cluster/<name>; the cache's member_clusters, one per node).

# No module reads a policy document today; a random string in a policy argument would fail.
mock_data "aws_iam_policy_document" {
  defaults = {
    json          = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"
    minified_json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"
  }
}

mock_data "aws_default_tags" {
  defaults = {
    tags = {}
  }
}

mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b0b5cde-1234-4a5b-8c9d-0123456789ab"
    id  = "arn:aws:acm:eu-west-1:123456789012:certificate/0b0b5cde-1234-4a5b-8c9d-0123456789ab"
  }
}

mock_resource "aws_acm_certificate_validation" {
  defaults = {
    id = "2025-01-01 00:00:00 +0000 UTC"
  }
}

mock_resource "aws_appautoscaling_target" {
  defaults = {
    arn = "arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0123456789abcdef0123456789abcdef"
    id  = "service/plinth/plinth"
  }
}

mock_resource "aws_appautoscaling_policy" {
  defaults = {
    arn        = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:01234567-89ab-cdef-0123-456789abcdef:resource/ecs/service/plinth/plinth:policyName/plinth"
    id         = "plinth"
    alarm_arns = ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:TargetTracking-plinth-AlarmHigh"]
  }
}

mock_resource "aws_budgets_budget" {
  defaults = {
    arn = "arn:aws:budgets::123456789012:budget/plinth"
    id  = "123456789012:plinth"
  }
}

mock_resource "aws_cloudwatch_dashboard" {
  defaults = {
    dashboard_arn = "arn:aws:cloudwatch::123456789012:dashboard/plinth"
    id            = "plinth"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/plinth/mock"
    id  = "/plinth/mock"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:plinth"
    id  = "plinth"
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    arn            = "arn:aws:rds:eu-west-1:123456789012:db:plinth"
    id             = "db-ABCDEFGHIJKLMNOPQRSTUVWXY0"
    resource_id    = "db-ABCDEFGHIJKLMNOPQRSTUVWXY0"
    address        = "plinth.c0123456789a.eu-west-1.rds.amazonaws.com"
    endpoint       = "plinth.c0123456789a.eu-west-1.rds.amazonaws.com:5432"
    hosted_zone_id = "Z29XKXDKYMONMX"
    master_user_secret = [{
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-45ef-67ab-89cd-0123456789ab"
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-01234567-89ab-cdef-0123-456789abcdef-AbCdEf"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_db_parameter_group" {
  defaults = {
    arn = "arn:aws:rds:eu-west-1:123456789012:pg:plinth"
  }
}

mock_resource "aws_db_subnet_group" {
  defaults = {
    arn    = "arn:aws:rds:eu-west-1:123456789012:subgrp:plinth"
    vpc_id = "vpc-0123456789abcdef0"
  }
}

mock_resource "aws_rds_cluster" {
  defaults = {
    arn                 = "arn:aws:rds:eu-west-1:123456789012:cluster:plinth"
    id                  = "plinth"
    cluster_resource_id = "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0"
    endpoint            = "plinth.cluster-c0123456789a.eu-west-1.rds.amazonaws.com"
    reader_endpoint     = "plinth.cluster-ro-c0123456789a.eu-west-1.rds.amazonaws.com"
    hosted_zone_id      = "Z29XKXDKYMONMX"
    master_user_secret = [{
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-45ef-67ab-89cd-0123456789ab"
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-01234567-89ab-cdef-0123-456789abcdef-AbCdEf"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_rds_cluster_instance" {
  defaults = {
    arn             = "arn:aws:rds:eu-west-1:123456789012:db:plinth-1"
    dbi_resource_id = "db-ABCDEFGHIJKLMNOPQRSTUVWXY1"
    endpoint        = "plinth-1.c0123456789a.eu-west-1.rds.amazonaws.com"
  }
}

mock_resource "aws_rds_cluster_parameter_group" {
  defaults = {
    arn = "arn:aws:rds:eu-west-1:123456789012:cluster-pg:plinth"
  }
}

mock_resource "aws_default_security_group" {
  defaults = {
    arn = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef1"
    id  = "sg-0123456789abcdef1"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/plinth"
    registry_id    = "123456789012"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/plinth"
  }
}

mock_resource "aws_ecr_lifecycle_policy" {
  defaults = {
    registry_id = "123456789012"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/plinth"
    id  = "arn:aws:ecs:eu-west-1:123456789012:cluster/plinth"
  }
}

mock_resource "aws_ecs_cluster_capacity_providers" {
  defaults = {
    id = "plinth"
  }
}

mock_resource "aws_ecs_service" {
  defaults = {
    id = "arn:aws:ecs:eu-west-1:123456789012:service/plinth/plinth"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn                  = "arn:aws:ecs:eu-west-1:123456789012:task-definition/plinth:1"
    arn_without_revision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/plinth"
    id                   = "plinth"
    revision             = 1
  }
}

mock_resource "aws_eip" {
  defaults = {
    id            = "eipalloc-0123456789abcdef0"
    allocation_id = "eipalloc-0123456789abcdef0"
    public_ip     = "203.0.113.10"
    public_dns    = "ec2-203-0-113-10.eu-west-1.compute.amazonaws.com"
    arn           = "arn:aws:ec2:eu-west-1:123456789012:elastic-ip/eipalloc-0123456789abcdef0"
  }
}

mock_resource "aws_eks_cluster" {
  defaults = {
    arn              = "arn:aws:eks:eu-west-1:123456789012:cluster/plinth"
    id               = "plinth"
    endpoint         = "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
    platform_version = "eks.1"
    certificate_authority = [{
      data = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="
    }]
    identity = [{
      oidc = [{
        issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
      }]
    }]
  }
}

mock_resource "aws_eks_access_entry" {
  defaults = {
    access_entry_arn = "arn:aws:eks:eu-west-1:123456789012:access-entry/plinth/role/123456789012/plinth/01234567-89ab-cdef-0123-456789abcdef"
  }
}

mock_resource "aws_eks_access_policy_association" {
  defaults = {
    id            = "plinth#arn:aws:iam::123456789012:role/plinth#arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    associated_at = "2025-01-01T00:00:00Z"
    modified_at   = "2025-01-01T00:00:00Z"
  }
}

mock_resource "aws_eks_addon" {
  defaults = {
    arn = "arn:aws:eks:eu-west-1:123456789012:addon/plinth/plinth/01234567-89ab-cdef-0123-456789abcdef"
  }
}

mock_resource "aws_eks_node_group" {
  defaults = {
    arn = "arn:aws:eks:eu-west-1:123456789012:nodegroup/plinth/plinth/01234567-89ab-cdef-0123-456789abcdef"
  }
}

mock_resource "aws_eks_pod_identity_association" {
  defaults = {
    association_arn = "arn:aws:eks:eu-west-1:123456789012:podidentityassociation/plinth/a-0123456789abcdefg"
    association_id  = "a-0123456789abcdefg"
    id              = "a-0123456789abcdefg"
  }
}

mock_resource "aws_elasticache_parameter_group" {
  defaults = {
    arn = "arn:aws:elasticache:eu-west-1:123456789012:parametergroup:plinth"
  }
}

mock_resource "aws_elasticache_subnet_group" {
  defaults = {
    arn = "arn:aws:elasticache:eu-west-1:123456789012:subnetgroup:plinth"
  }
}

mock_resource "aws_elasticache_replication_group" {
  defaults = {
    arn                      = "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:plinth"
    primary_endpoint_address = "master.plinth.abcdef.euw1.cache.amazonaws.com"
    reader_endpoint_address  = "replica.plinth.abcdef.euw1.cache.amazonaws.com"
    member_clusters          = ["plinth-001", "plinth-002"]
  }
}

mock_resource "aws_flow_log" {
  defaults = {
    arn = "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/fl-0123456789abcdef0"
    id  = "fl-0123456789abcdef0"
  }
}

mock_resource "aws_iam_openid_connect_provider" {
  defaults = {
    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    id  = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }
}

mock_resource "aws_iam_policy" {
  defaults = {
    arn       = "arn:aws:iam::123456789012:policy/plinth"
    id        = "arn:aws:iam::123456789012:policy/plinth"
    policy_id = "ANPA0123456789ABCDEFG"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn       = "arn:aws:iam::123456789012:role/plinth"
    unique_id = "AROA0123456789ABCDEFG"
  }
}

mock_resource "aws_iam_role_policy" {
  defaults = {
    id = "plinth:plinth"
  }
}

mock_resource "aws_iam_role_policy_attachment" {
  defaults = {
    id = "plinth-20250101000000000000000001"
  }
}

mock_resource "aws_internet_gateway" {
  defaults = {
    arn      = "arn:aws:ec2:eu-west-1:123456789012:internet-gateway/igw-0123456789abcdef0"
    id       = "igw-0123456789abcdef0"
    owner_id = "123456789012"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-45ef-67ab-89cd-0123456789ab"
    id     = "0123abcd-45ef-67ab-89cd-0123456789ab"
    key_id = "0123abcd-45ef-67ab-89cd-0123456789ab"
  }
}

mock_resource "aws_kms_alias" {
  defaults = {
    arn            = "arn:aws:kms:eu-west-1:123456789012:alias/plinth"
    target_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-45ef-67ab-89cd-0123456789ab"
  }
}

mock_resource "aws_kms_key_policy" {
  defaults = {
    id = "0123abcd-45ef-67ab-89cd-0123456789ab"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    arn            = "arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-0123456789abcdef0"
    id             = "lt-0123456789abcdef0"
    latest_version = 1
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/plinth/50dc6c495c0c9188"
    id         = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/plinth/50dc6c495c0c9188"
    arn_suffix = "app/plinth/50dc6c495c0c9188"
    dns_name   = "plinth-1234567890.eu-west-1.elb.amazonaws.com"
    zone_id    = "Z32O12XQLNTSW2"
    vpc_id     = "vpc-0123456789abcdef0"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/plinth/50dc6c495c0c9188/f2f7dc8efc522ab2"
    id  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/plinth/50dc6c495c0c9188/f2f7dc8efc522ab2"
  }
}

mock_resource "aws_lb_listener_rule" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/plinth/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
    id  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/plinth/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/plinth/73e2d6bc24d8a067"
    id         = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/plinth/73e2d6bc24d8a067"
    arn_suffix = "targetgroup/plinth/73e2d6bc24d8a067"
  }
}

mock_resource "aws_msk_configuration" {
  defaults = {
    arn             = "arn:aws:kafka:eu-west-1:123456789012:configuration/plinth/01234567-89ab-cdef-0123-456789abcdef-1"
    latest_revision = 1
  }
}

mock_resource "aws_msk_cluster" {
  defaults = {
    arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/plinth/01234567-89ab-cdef-0123-456789abcdef-1"
    id                         = "arn:aws:kafka:eu-west-1:123456789012:cluster/plinth/01234567-89ab-cdef-0123-456789abcdef-1"
    cluster_uuid               = "01234567-89ab-cdef-0123-456789abcdef-1"
    current_version            = "K3AEGXETSR30VB"
    bootstrap_brokers_sasl_iam = "b-1.plinth.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.plinth.abc123.c2.kafka.eu-west-1.amazonaws.com:9098"
    bootstrap_brokers_tls      = "b-1.plinth.abc123.c2.kafka.eu-west-1.amazonaws.com:9094,b-2.plinth.abc123.c2.kafka.eu-west-1.amazonaws.com:9094"
  }
}

mock_resource "aws_nat_gateway" {
  defaults = {
    id                   = "nat-0123456789abcdef0"
    network_interface_id = "eni-0123456789abcdef0"
    private_ip           = "10.0.0.10"
    public_ip            = "203.0.113.10"
  }
}

mock_resource "aws_route" {
  defaults = {
    id = "r-rtb-0123456789abcdef01080289494"
  }
}

mock_resource "aws_route_table" {
  defaults = {
    arn      = "arn:aws:ec2:eu-west-1:123456789012:route-table/rtb-0123456789abcdef0"
    id       = "rtb-0123456789abcdef0"
    owner_id = "123456789012"
  }
}

mock_resource "aws_route_table_association" {
  defaults = {
    id = "rtbassoc-0123456789abcdef0"
  }
}

mock_resource "aws_route53_record" {
  defaults = {
    fqdn = "plinth.example.com"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::plinth-mock-bucket"
    id                          = "plinth-mock-bucket"
    bucket_domain_name          = "plinth-mock-bucket.s3.amazonaws.com"
    bucket_regional_domain_name = "plinth-mock-bucket.s3.eu-west-1.amazonaws.com"
    hosted_zone_id              = "Z1BKCTXD74EZPE"
    region                      = "eu-west-1"
  }
}

mock_resource "aws_s3_bucket_lifecycle_configuration" {
  defaults = {
    id = "plinth-mock-bucket"
  }
}

mock_resource "aws_s3_bucket_ownership_controls" {
  defaults = {
    id = "plinth-mock-bucket"
  }
}

mock_resource "aws_s3_bucket_policy" {
  defaults = {
    id = "plinth-mock-bucket"
  }
}

mock_resource "aws_s3_bucket_public_access_block" {
  defaults = {
    id = "plinth-mock-bucket"
  }
}

mock_resource "aws_s3_bucket_server_side_encryption_configuration" {
  defaults = {
    id = "plinth-mock-bucket"
  }
}

mock_resource "aws_s3_bucket_versioning" {
  defaults = {
    id = "plinth-mock-bucket"
  }
}

mock_resource "aws_scheduler_schedule" {
  defaults = {
    arn = "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/plinth"
    id  = "default/plinth"
  }
}

mock_resource "aws_sfn_state_machine" {
  defaults = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:plinth"
    id  = "arn:aws:states:eu-west-1:123456789012:stateMachine:plinth"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:plinth-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:plinth-AbCdEf"
  }
}

mock_resource "aws_secretsmanager_secret_version" {
  defaults = {
    arn        = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:plinth-AbCdEf"
    version_id = "01234567-89ab-cdef-0123-456789abcdef"
  }
}

mock_resource "aws_security_group" {
  defaults = {
    arn      = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0"
    id       = "sg-0123456789abcdef0"
    owner_id = "123456789012"
  }
}

mock_resource "aws_service_discovery_private_dns_namespace" {
  defaults = {
    arn         = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-0123456789abcdef"
    id          = "ns-0123456789abcdef"
    hosted_zone = "Z0123456789ABCDEFGHIJ"
  }
}

mock_resource "aws_service_discovery_service" {
  defaults = {
    arn = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0123456789abcdef"
    id  = "srv-0123456789abcdef"
  }
}

mock_resource "aws_vpc_security_group_ingress_rule" {
  defaults = {
    arn                    = "arn:aws:ec2:eu-west-1:123456789012:security-group-rule/sgr-0123456789abcdef0"
    id                     = "sgr-0123456789abcdef0"
    security_group_rule_id = "sgr-0123456789abcdef0"
  }
}

mock_resource "aws_vpc_security_group_egress_rule" {
  defaults = {
    arn                    = "arn:aws:ec2:eu-west-1:123456789012:security-group-rule/sgr-0123456789abcdef1"
    id                     = "sgr-0123456789abcdef1"
    security_group_rule_id = "sgr-0123456789abcdef1"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn   = "arn:aws:sns:eu-west-1:123456789012:plinth"
    id    = "arn:aws:sns:eu-west-1:123456789012:plinth"
    owner = "123456789012"
  }
}

mock_resource "aws_sns_topic_policy" {
  defaults = {
    owner = "123456789012"
  }
}

mock_resource "aws_sns_topic_subscription" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:plinth:01234567-89ab-cdef-0123-456789abcdef"
    id  = "arn:aws:sns:eu-west-1:123456789012:plinth:01234567-89ab-cdef-0123-456789abcdef"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:plinth"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/plinth"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/plinth"
  }
}

mock_resource "aws_ssm_parameter" {
  defaults = {
    arn     = "arn:aws:ssm:eu-west-1:123456789012:parameter/plinth"
    version = 1
  }
}

mock_resource "aws_subnet" {
  defaults = {
    arn      = "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0123456789abcdef0"
    id       = "subnet-0123456789abcdef0"
    owner_id = "123456789012"
  }
}

mock_resource "aws_vpc" {
  defaults = {
    arn                       = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0"
    id                        = "vpc-0123456789abcdef0"
    owner_id                  = "123456789012"
    default_security_group_id = "sg-0123456789abcdef1"
    default_network_acl_id    = "acl-0123456789abcdef0"
    default_route_table_id    = "rtb-0123456789abcdef1"
    main_route_table_id       = "rtb-0123456789abcdef1"
    dhcp_options_id           = "dopt-0123456789abcdef0"
  }
}

mock_resource "aws_vpc_endpoint" {
  defaults = {
    arn            = "arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-0123456789abcdef0"
    id             = "vpce-0123456789abcdef0"
    owner_id       = "123456789012"
    prefix_list_id = "pl-6da54004"
  }
}

mock_resource "aws_wafv2_web_acl" {
  defaults = {
    arn        = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/plinth/01234567-89ab-cdef-0123-456789abcdef"
    id         = "01234567-89ab-cdef-0123-456789abcdef"
    capacity   = 50
    lock_token = "01234567-89ab-cdef-0123-456789abcdef"
  }
}

mock_resource "aws_wafv2_web_acl_association" {
  defaults = {
    id = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/plinth/01234567-89ab-cdef-0123-456789abcdef,arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/plinth/50dc6c495c0c9188"
  }
}

mock_resource "aws_wafv2_web_acl_logging_configuration" {
  defaults = {
    id = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/plinth/01234567-89ab-cdef-0123-456789abcdef"
  }
}
