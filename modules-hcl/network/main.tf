locals {
  az_count = length(var.availability_zones)

  nat_gateway_count = {
    none     = 0
    single   = 1
    "per-az" = local.az_count
  }[var.nat_mode]

  # "ecr" needs two interface endpoints: ecr.api for the registry API and
  # ecr.dkr for the Docker registry protocol. Keys come straight from the
  # input list, so they are known at plan time.
  interface_endpoint_services = toset(flatten([
    for e in distinct(var.vpc_endpoints) : e == "ecr" ? ["ecr.api", "ecr.dkr"] : e == "s3" ? [] : [e]
  ]))

  gateway_endpoint_services = toset([for e in distinct(var.vpc_endpoints) : e if e == "s3"])

  all_subnet_cidrs = concat(var.public_subnet_cidrs, var.app_subnet_cidrs, var.data_subnet_cidrs)

  # Two CIDRs overlap when masking both network addresses to the shorter of
  # the two prefixes gives the same network.
  overlapping_subnet_pairs = [
    for pair in setproduct(range(length(local.all_subnet_cidrs)), range(length(local.all_subnet_cidrs))) :
    [local.all_subnet_cidrs[pair[0]], local.all_subnet_cidrs[pair[1]]]
    if pair[0] < pair[1] && try(
      cidrhost("${cidrhost(local.all_subnet_cidrs[pair[0]], 0)}/${min(tonumber(split("/", local.all_subnet_cidrs[pair[0]])[1]), tonumber(split("/", local.all_subnet_cidrs[pair[1]])[1]))}", 0)
      == cidrhost("${cidrhost(local.all_subnet_cidrs[pair[1]], 0)}/${min(tonumber(split("/", local.all_subnet_cidrs[pair[0]])[1]), tonumber(split("/", local.all_subnet_cidrs[pair[1]])[1]))}", 0),
      false
    )
  ]
}

################################################################################
# VPC
################################################################################

resource "aws_vpc" "this" {
  #checkov:skip=CKV2_AWS_11:Flow logs are the flow_logs_enabled input (aws_flow_log.this); plinth turns them on in production-like environments and leaves them off elsewhere to save their CloudWatch cost.
  cidr_block = var.cidr_block

  # Both are required for private DNS on interface endpoints and for the
  # internal hostnames RDS/ElastiCache hand out.
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      condition     = length(local.overlapping_subnet_pairs) == 0
      error_message = "Subnet CIDRs must not overlap; overlapping pairs: ${jsonencode(local.overlapping_subnet_pairs)}."
    }
  }
}

# Taking over the default security group with no rules strips its
# allow-all-within-group ingress and allow-all egress, so anything launched
# without an explicit security group gets no network access.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-default-do-not-use" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = var.name })
}

################################################################################
# Subnets
################################################################################

resource "aws_subnet" "public" {
  count = local.az_count

  vpc_id            = aws_vpc.this.id
  availability_zone = var.availability_zones[count.index]
  cidr_block        = var.public_subnet_cidrs[count.index]

  # Only the load balancer and the NAT gateways live here and neither needs
  # an auto-assigned address; anything else launched here stays private.
  map_public_ip_on_launch = false

  tags = merge(var.tags, var.public_subnet_tags, {
    Name = "${var.name}-public-${var.availability_zones[count.index]}"
    Tier = "public"
  })
}

resource "aws_subnet" "app" {
  count = local.az_count

  vpc_id                  = aws_vpc.this.id
  availability_zone       = var.availability_zones[count.index]
  cidr_block              = var.app_subnet_cidrs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, var.app_subnet_tags, {
    Name = "${var.name}-app-${var.availability_zones[count.index]}"
    Tier = "app"
  })
}

resource "aws_subnet" "data" {
  count = local.az_count

  vpc_id                  = aws_vpc.this.id
  availability_zone       = var.availability_zones[count.index]
  cidr_block              = var.data_subnet_cidrs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, {
    Name = "${var.name}-data-${var.availability_zones[count.index]}"
    Tier = "data"
  })
}

################################################################################
# Public routing
################################################################################

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = local.az_count

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

################################################################################
# NAT gateways
################################################################################

resource "aws_eip" "nat" {
  #checkov:skip=CKV2_AWS_19:The address is allocated to a NAT gateway, not an EC2 instance.
  count = local.nat_gateway_count

  domain = "vpc"

  tags = merge(var.tags, { Name = "${var.name}-nat-${var.availability_zones[count.index]}" })

  # An EIP in a VPC cannot be associated before the VPC has an internet gateway.
  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  count = local.nat_gateway_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = merge(var.tags, { Name = "${var.name}-nat-${var.availability_zones[count.index]}" })

  depends_on = [aws_internet_gateway.this]
}

################################################################################
# App routing: one table per zone so per-az NAT keeps traffic in its zone
################################################################################

resource "aws_route_table" "app" {
  count = local.az_count

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-app-${var.availability_zones[count.index]}" })
}

resource "aws_route" "app_nat" {
  count = local.nat_gateway_count > 0 ? local.az_count : 0

  route_table_id         = aws_route_table.app[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.nat_mode == "per-az" ? count.index : 0].id
}

resource "aws_route_table_association" "app" {
  count = local.az_count

  subnet_id      = aws_subnet.app[count.index].id
  route_table_id = aws_route_table.app[count.index].id
}

################################################################################
# Data routing: local traffic (and the S3 gateway endpoint) only
################################################################################

resource "aws_route_table" "data" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-data" })
}

resource "aws_route_table_association" "data" {
  count = local.az_count

  subnet_id      = aws_subnet.data[count.index].id
  route_table_id = aws_route_table.data.id
}

################################################################################
# Flow logs
################################################################################

resource "aws_cloudwatch_log_group" "flow_logs" {
  #checkov:skip=CKV_AWS_158:KMS encryption is opt-in via flow_logs_kms_key_arn; without it CloudWatch Logs still encrypts at rest with service-managed keys.
  #checkov:skip=CKV_AWS_338:Retention is a per-environment input (flow_logs_retention_days); the 90-day default balances cost against investigation needs.
  count = var.flow_logs_enabled ? 1 : 0

  name              = "/aws/vpc/flow-logs/${var.name}"
  retention_in_days = var.flow_logs_retention_days
  kms_key_id        = var.flow_logs_kms_key_arn

  tags = merge(var.tags, { Name = "${var.name}-flow-logs" })
}

resource "aws_iam_role" "flow_logs" {
  count = var.flow_logs_enabled ? 1 : 0

  name        = "${var.name}-vpc-flow-logs"
  description = "Delivery role for the ${var.name} VPC flow logs"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "VpcFlowLogsAssumeRole"
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
      # Confused-deputy guard: only flow logs in the VPC's own account may
      # use this role. owner_id avoids needing the account id as an input.
      Condition = {
        StringEquals = { "aws:SourceAccount" = aws_vpc.this.owner_id }
        ArnLike      = { "aws:SourceArn" = "arn:*:ec2:${var.region}:${aws_vpc.this.owner_id}:vpc-flow-log/*" }
      }
    }]
  })

  tags = merge(var.tags, { Name = "${var.name}-vpc-flow-logs" })
}

resource "aws_iam_role_policy" "flow_logs" {
  count = var.flow_logs_enabled ? 1 : 0

  name = "write-flow-logs"
  role = aws_iam_role.flow_logs[0].id

  # The log group already exists (created above), so logs:CreateLogGroup and
  # account-wide resources are not needed.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "WriteFlowLogs"
      Effect = "Allow"
      Action = [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
      ]
      Resource = [
        aws_cloudwatch_log_group.flow_logs[0].arn,
        "${aws_cloudwatch_log_group.flow_logs[0].arn}:*",
      ]
    }]
  })
}

resource "aws_flow_log" "this" {
  count = var.flow_logs_enabled ? 1 : 0

  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn         = aws_iam_role.flow_logs[0].arn

  tags = merge(var.tags, { Name = "${var.name}-flow-logs" })

  # The first delivery attempt fails if the role has no permissions yet.
  depends_on = [aws_iam_role_policy.flow_logs]
}

################################################################################
# VPC endpoints
################################################################################

# Gateway endpoints are free and keep S3 traffic (including ECR image
# layers) off the NAT gateways.
resource "aws_vpc_endpoint" "gateway" {
  for_each = local.gateway_endpoint_services

  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(aws_route_table.app[*].id, [aws_route_table.data.id])

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_security_group" "vpc_endpoints" {
  count = length(local.interface_endpoint_services) > 0 ? 1 : 0

  name        = "${var.name}-vpc-endpoints"
  description = "HTTPS from inside the VPC to the ${var.name} interface VPC endpoints"
  vpc_id      = aws_vpc.this.id

  # No egress rules: endpoint ENIs only answer connections, and security
  # groups are stateful.
  ingress {
    description = "HTTPS from the VPC"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.this.cidr_block]
  }

  tags = merge(var.tags, { Name = "${var.name}-vpc-endpoints" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.interface_endpoint_services

  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.app[*].id
  security_group_ids  = [aws_security_group.vpc_endpoints[0].id]
  private_dns_enabled = true

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
