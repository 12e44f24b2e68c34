output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "account_id" {
  description = "ID of the AWS account the VPC was created in (the VPC's owner), for policies that must name the account without a data source."
  value       = aws_vpc.this.owner_id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, in availability_zones order."
  value       = aws_subnet.public[*].id
}

output "app_subnet_ids" {
  description = "IDs of the private application subnets, in availability_zones order."
  value       = aws_subnet.app[*].id
}

output "data_subnet_ids" {
  description = "IDs of the isolated data subnets, in availability_zones order."
  value       = aws_subnet.data[*].id
}

output "app_route_table_ids" {
  description = "IDs of the app subnets' route tables, one per availability zone, in availability_zones order."
  value       = aws_route_table.app[*].id
}

output "data_route_table_ids" {
  description = "IDs of the data subnets' route tables (a single shared table, as a list)."
  value       = [aws_route_table.data.id]
}

output "nat_gateway_public_ips" {
  description = "Public IPv4 addresses of the NAT gateways (the VPC's egress IPs, e.g. for third-party allow lists); empty when nat_mode is \"none\"."
  value       = aws_eip.nat[*].public_ip
}

output "vpc_endpoint_security_group_id" {
  description = "ID of the security group on the interface VPC endpoints; null when no interface endpoint is created."
  value       = one(aws_security_group.vpc_endpoints[*].id)
}

output "flow_log_group_name" {
  description = "Name of the CloudWatch Logs log group receiving the VPC flow logs; null when flow logs are disabled."
  value       = one(aws_cloudwatch_log_group.flow_logs[*].name)
}
