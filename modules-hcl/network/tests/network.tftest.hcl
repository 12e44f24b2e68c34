mock_provider "aws" {
  # The flow-log role's trust policy embeds the VPC owner; give it a
  # realistic account id instead of a random string.
  mock_resource "aws_vpc" {
    defaults = {
      owner_id = "123456789012"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/flow-logs/shop-test"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/shop-test-vpc-flow-logs"
    }
  }
}

variables {
  name                = "shop-test"
  region              = "eu-west-1"
  cidr_block          = "10.20.0.0/16"
  availability_zones  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  public_subnet_cidrs = ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"]
  app_subnet_cidrs    = ["10.20.16.0/20", "10.20.32.0/20", "10.20.48.0/20"]
  data_subnet_cidrs   = ["10.20.64.0/24", "10.20.65.0/24", "10.20.66.0/24"]
  nat_mode            = "single"
  tags                = { team = "platform" }
}

run "base_layout" {
  command = apply

  assert {
    condition     = aws_vpc.this.enable_dns_support && aws_vpc.this.enable_dns_hostnames
    error_message = "VPC must have DNS support and DNS hostnames on."
  }

  assert {
    condition     = aws_vpc.this.cidr_block == "10.20.0.0/16"
    error_message = "VPC CIDR must come from cidr_block."
  }

  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group must have no rules."
  }

  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.app) == 3 && length(aws_subnet.data) == 3
    error_message = "One subnet per tier per availability zone expected."
  }

  assert {
    condition     = alltrue([for s in concat(aws_subnet.public, aws_subnet.app, aws_subnet.data) : s.map_public_ip_on_launch == false])
    error_message = "No subnet may map public IPs on launch."
  }

  assert {
    condition     = aws_subnet.app[1].availability_zone == "eu-west-1b" && aws_subnet.app[1].cidr_block == "10.20.32.0/20"
    error_message = "Subnet i must be in zone i with CIDR i."
  }

  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0"
    error_message = "The public route table needs a default route to the internet gateway."
  }

  assert {
    condition     = length(aws_route_table_association.public) == 3 && length(aws_route_table_association.app) == 3 && length(aws_route_table_association.data) == 3
    error_message = "Every subnet must be associated with a route table."
  }

  assert {
    condition     = length(aws_route_table.app) == 3
    error_message = "One app route table per availability zone expected."
  }

  assert {
    condition     = length(aws_route_table.data.route) == 0
    error_message = "The data route table must have no routes beyond local."
  }

  assert {
    condition     = aws_vpc.this.tags["Name"] == "shop-test" && aws_vpc.this.tags["team"] == "platform"
    error_message = "Tags must merge var.tags with the Name tag."
  }

  assert {
    condition     = aws_subnet.data[2].tags["Name"] == "shop-test-data-eu-west-1c"
    error_message = "Subnet Name tags must include the tier and zone."
  }
}

run "nat_single" {
  command = apply

  variables {
    nat_mode = "single"
  }

  assert {
    condition     = length(aws_eip.nat) == 1 && length(aws_nat_gateway.this) == 1
    error_message = "single mode must create exactly one EIP and one NAT gateway."
  }

  assert {
    condition     = aws_nat_gateway.this[0].subnet_id == aws_subnet.public[0].id
    error_message = "The NAT gateway must live in a public subnet."
  }

  assert {
    condition     = length(aws_route.app_nat) == 3
    error_message = "Every app route table needs a default route."
  }

  assert {
    condition     = alltrue([for r in aws_route.app_nat : r.nat_gateway_id == aws_nat_gateway.this[0].id && r.destination_cidr_block == "0.0.0.0/0"])
    error_message = "In single mode every app route table must use NAT gateway 0."
  }

  assert {
    condition     = length(output.nat_gateway_public_ips) == 1
    error_message = "nat_gateway_public_ips must list the one NAT address."
  }

  assert {
    condition     = length(output.app_route_table_ids) == 3 && length(output.data_route_table_ids) == 1
    error_message = "Route table outputs have the wrong length."
  }

  assert {
    condition     = length(output.public_subnet_ids) == 3 && length(output.app_subnet_ids) == 3 && length(output.data_subnet_ids) == 3
    error_message = "Subnet id outputs must have one entry per zone."
  }

  assert {
    condition     = output.vpc_id == aws_vpc.this.id && output.vpc_cidr_block == "10.20.0.0/16"
    error_message = "VPC outputs are wrong."
  }
}

run "nat_per_az" {
  command = apply

  variables {
    nat_mode = "per-az"
  }

  assert {
    condition     = length(aws_eip.nat) == 3 && length(aws_nat_gateway.this) == 3
    error_message = "per-az mode must create one EIP and one NAT gateway per zone."
  }

  assert {
    condition     = alltrue([for i in range(3) : aws_nat_gateway.this[i].subnet_id == aws_subnet.public[i].id])
    error_message = "NAT gateway i must live in public subnet i."
  }

  assert {
    condition     = alltrue([for i in range(3) : aws_route.app_nat[i].nat_gateway_id == aws_nat_gateway.this[i].id && aws_route.app_nat[i].route_table_id == aws_route_table.app[i].id])
    error_message = "App route table i must route through the NAT gateway of zone i."
  }

  assert {
    condition     = length(output.nat_gateway_public_ips) == 3
    error_message = "nat_gateway_public_ips must list one address per zone."
  }
}

run "nat_none" {
  command = apply

  variables {
    nat_mode = "none"
  }

  assert {
    condition     = length(aws_eip.nat) == 0 && length(aws_nat_gateway.this) == 0
    error_message = "none mode must create no EIP and no NAT gateway."
  }

  assert {
    condition     = length(aws_route.app_nat) == 0
    error_message = "none mode must create no default route for the app subnets."
  }

  assert {
    condition     = output.nat_gateway_public_ips == []
    error_message = "nat_gateway_public_ips must be empty in none mode."
  }

  assert {
    condition     = length(aws_route_table.app) == 3
    error_message = "App route tables exist regardless of NAT mode."
  }
}

run "endpoints_off_and_flow_logs_off_by_default" {
  command = apply

  assert {
    condition     = length(aws_vpc_endpoint.gateway) == 0 && length(aws_vpc_endpoint.interface) == 0
    error_message = "No endpoints may be created by default."
  }

  assert {
    condition     = length(aws_security_group.vpc_endpoints) == 0 && output.vpc_endpoint_security_group_id == null
    error_message = "The endpoint security group must not exist without interface endpoints."
  }

  assert {
    condition = (
      length(aws_cloudwatch_log_group.flow_logs) == 0
      && length(aws_iam_role.flow_logs) == 0
      && length(aws_iam_role_policy.flow_logs) == 0
      && length(aws_flow_log.this) == 0
    )
    error_message = "Flow log resources must not exist when flow_logs_enabled is false."
  }

  assert {
    condition     = output.flow_log_group_name == null
    error_message = "flow_log_group_name must be null when flow logs are off."
  }
}

run "all_endpoints" {
  command = apply

  variables {
    vpc_endpoints = ["s3", "ecr", "logs", "secretsmanager"]
  }

  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
    error_message = "ecr must expand to ecr.api + ecr.dkr next to logs and secretsmanager."
  }

  assert {
    condition     = alltrue([for k, e in aws_vpc_endpoint.interface : e.service_name == "com.amazonaws.eu-west-1.${k}" && e.vpc_endpoint_type == "Interface"])
    error_message = "Interface endpoint service names must be com.amazonaws.<region>.<service>."
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.private_dns_enabled && toset(e.subnet_ids) == toset(aws_subnet.app[*].id)])
    error_message = "Interface endpoints must use private DNS and live in the app subnets."
  }

  assert {
    condition     = alltrue([for e in aws_vpc_endpoint.interface : e.security_group_ids == toset([aws_security_group.vpc_endpoints[0].id])])
    error_message = "Interface endpoints must use the endpoint security group."
  }

  assert {
    condition     = keys(aws_vpc_endpoint.gateway) == ["s3"] && aws_vpc_endpoint.gateway["s3"].vpc_endpoint_type == "Gateway"
    error_message = "s3 must be a gateway endpoint."
  }

  assert {
    condition     = aws_vpc_endpoint.gateway["s3"].service_name == "com.amazonaws.eu-west-1.s3"
    error_message = "S3 service name is wrong."
  }

  assert {
    condition     = toset(aws_vpc_endpoint.gateway["s3"].route_table_ids) == toset(concat(aws_route_table.app[*].id, [aws_route_table.data.id]))
    error_message = "The S3 gateway endpoint must be attached to the app and data route tables only."
  }

  assert {
    condition     = length(aws_security_group.vpc_endpoints) == 1 && output.vpc_endpoint_security_group_id == aws_security_group.vpc_endpoints[0].id
    error_message = "Exactly one endpoint security group expected, exposed as an output."
  }

  assert {
    condition = (
      length(aws_security_group.vpc_endpoints[0].ingress) == 1
      && one(aws_security_group.vpc_endpoints[0].ingress).from_port == 443
      && one(aws_security_group.vpc_endpoints[0].ingress).to_port == 443
      && one(aws_security_group.vpc_endpoints[0].ingress).protocol == "tcp"
      && tolist(one(aws_security_group.vpc_endpoints[0].ingress).cidr_blocks) == tolist(["10.20.0.0/16"])
    )
    error_message = "The endpoint security group must admit only TCP 443 from the VPC CIDR."
  }

  assert {
    condition     = length(aws_security_group.vpc_endpoints[0].egress) == 0
    error_message = "The endpoint security group needs no egress rules."
  }
}

run "s3_gateway_only" {
  command = plan

  variables {
    vpc_endpoints = ["s3"]
  }

  assert {
    condition     = length(aws_vpc_endpoint.gateway) == 1 && length(aws_vpc_endpoint.interface) == 0
    error_message = "s3 alone must create only the gateway endpoint."
  }

  assert {
    condition     = length(aws_security_group.vpc_endpoints) == 0
    error_message = "No endpoint security group without interface endpoints."
  }
}

run "flow_logs_on" {
  command = apply

  variables {
    flow_logs_enabled        = true
    flow_logs_retention_days = 365
    flow_logs_kms_key_arn    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.flow_logs) == 1 && length(aws_iam_role.flow_logs) == 1 && length(aws_iam_role_policy.flow_logs) == 1 && length(aws_flow_log.this) == 1
    error_message = "Flow logs need a log group, a role, its policy and the flow log."
  }

  assert {
    condition     = aws_cloudwatch_log_group.flow_logs[0].retention_in_days == 365
    error_message = "Retention must come from flow_logs_retention_days."
  }

  assert {
    condition     = aws_cloudwatch_log_group.flow_logs[0].kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    error_message = "The log group must be encrypted with flow_logs_kms_key_arn."
  }

  assert {
    condition = (
      aws_flow_log.this[0].traffic_type == "ALL"
      && aws_flow_log.this[0].vpc_id == aws_vpc.this.id
      && aws_flow_log.this[0].log_destination == aws_cloudwatch_log_group.flow_logs[0].arn
      && aws_flow_log.this[0].iam_role_arn == aws_iam_role.flow_logs[0].arn
    )
    error_message = "The flow log must capture ALL traffic of the VPC into the log group via the role."
  }

  assert {
    condition = (
      toset(jsondecode(aws_iam_role_policy.flow_logs[0].policy).Statement[0].Resource)
      == toset([aws_cloudwatch_log_group.flow_logs[0].arn, "${aws_cloudwatch_log_group.flow_logs[0].arn}:*"])
    )
    error_message = "The flow log policy must be scoped to the flow log group."
  }

  assert {
    condition     = jsondecode(aws_iam_role.flow_logs[0].assume_role_policy).Statement[0].Principal.Service == "vpc-flow-logs.amazonaws.com"
    error_message = "Only the VPC flow logs service may assume the role."
  }

  assert {
    condition     = output.flow_log_group_name == "/aws/vpc/flow-logs/shop-test"
    error_message = "flow_log_group_name must name the log group."
  }
}

run "flow_logs_default_retention_without_kms" {
  command = plan

  variables {
    flow_logs_enabled = true
  }

  assert {
    condition     = aws_cloudwatch_log_group.flow_logs[0].retention_in_days == 90 && aws_cloudwatch_log_group.flow_logs[0].kms_key_id == null
    error_message = "Defaults must be 90 days and no customer-managed key."
  }
}

run "rejects_unknown_nat_mode" {
  command = plan

  variables {
    nat_mode = "double"
  }

  expect_failures = [var.nat_mode]
}

run "rejects_mismatched_subnet_lengths" {
  command = plan

  variables {
    app_subnet_cidrs = ["10.20.16.0/20", "10.20.32.0/20"]
  }

  expect_failures = [var.app_subnet_cidrs]
}

run "rejects_single_zone" {
  command = plan

  variables {
    availability_zones  = ["eu-west-1a"]
    public_subnet_cidrs = ["10.20.0.0/24"]
    app_subnet_cidrs    = ["10.20.16.0/20"]
    data_subnet_cidrs   = ["10.20.64.0/24"]
  }

  expect_failures = [var.availability_zones]
}

run "rejects_unknown_endpoint" {
  command = plan

  variables {
    vpc_endpoints = ["s3", "dynamodb"]
  }

  expect_failures = [var.vpc_endpoints]
}

run "rejects_subnet_outside_vpc" {
  command = plan

  variables {
    data_subnet_cidrs = ["10.20.64.0/24", "10.20.65.0/24", "10.99.66.0/24"]
  }

  expect_failures = [var.data_subnet_cidrs]
}

run "rejects_overlapping_subnets" {
  command = plan

  variables {
    # Inside the VPC, but 10.20.17.0/24 also sits inside app subnet 10.20.16.0/20.
    data_subnet_cidrs = ["10.20.64.0/24", "10.20.65.0/24", "10.20.17.0/24"]
  }

  expect_failures = [aws_vpc.this]
}
