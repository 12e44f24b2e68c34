output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.replication_group_id
}

output "primary_endpoint_address" {
  description = "Host name of the primary node (reads and writes; follows failover)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint_address" {
  description = "Host name that spreads connections over the replicas (the primary when there are none)."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "Port the cache listens on."
  value       = var.port
}

output "auth_token_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the AUTH token as JSON {\"auth_token\": \"...\"}; null when transit_encryption is false (no AUTH)."
  value       = one(aws_secretsmanager_secret.auth_token[*].arn)
}

output "security_group_id" {
  description = "ID of the cache security group; add further ingress rules to it if needed."
  value       = aws_security_group.this.id
}

output "member_clusters" {
  description = "Sorted IDs of the nodes (cache clusters) in the group, e.g. for per-node CloudWatch alarms on CacheClusterId; known after apply, 1 + replicas entries."
  value       = sort(aws_elasticache_replication_group.this.member_clusters)
}
