output "certificate_arn" {
  description = "ARN of the certificate, taken from the validation resource so that a listener using it is only created once the certificate is issued."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "fqdns" {
  description = "Fully qualified names of the alias records (domain first, then alternative_names in order); empty when alias_enabled is false."
  value       = var.alias_enabled ? [for name in local.domain_names : aws_route53_record.alias[name].fqdn] : []
}
