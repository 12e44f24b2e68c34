output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (\"app/<name>/<id>\"), the LoadBalancer dimension of its CloudWatch metrics."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "ID of the load balancer's security group; allow it as the source of ingress on the targets."
  value       = aws_security_group.this.id
}

output "target_group_arns" {
  description = "Map of target group key to target group ARN, for ECS service load_balancer blocks. Available only once the listeners and rules exist, because ECS refuses a target group no listener uses."
  value       = { for key, tg in aws_lb_target_group.this : key => tg.arn }

  depends_on = [aws_lb_listener.http, aws_lb_listener.https, aws_lb_listener_rule.this]
}

output "target_group_arn_suffixes" {
  description = "Map of target group key to target group ARN suffix, the TargetGroup dimension of CloudWatch metrics and part of the ALBRequestCountPerTarget resource label."
  value       = { for key, tg in aws_lb_target_group.this : key => tg.arn_suffix }
}

output "http_listener_arn" {
  description = "ARN of the HTTP listener on port 80."
  value       = aws_lb_listener.http.arn
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener on port 443; null when https_enabled is false."
  value       = one(aws_lb_listener.https[*].arn)
}
