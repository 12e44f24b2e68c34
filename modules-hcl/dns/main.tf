locals {
  # Every name on the certificate. It is built from the inputs, not from the certificate's
  # domain_validation_options, so the validation and alias record keys are known at plan time
  # even when the certificate is only created by this apply.
  domain_names = concat([var.domain], var.alternative_names)

  # Validation record per name; unknown until ACM has issued the challenge, which only the
  # record values (not the keys) depend on.
  validation_options = {
    for dvo in aws_acm_certificate.this.domain_validation_options : dvo.domain_name => dvo
  }
}

################################################################################
# Certificate
################################################################################

resource "aws_acm_certificate" "this" {
  domain_name               = var.domain
  subject_alternative_names = var.alternative_names
  validation_method         = "DNS"
  key_algorithm             = "RSA_2048"

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  tags = merge(var.tags, { Name = var.domain })

  # A listener must never be left without a certificate: the replacement is issued and attached
  # before the old one is deleted (ACM refuses to delete a certificate that is in use).
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "validation" {
  for_each = toset(local.domain_names)

  zone_id = var.zone_id
  name    = local.validation_options[each.key].resource_record_name
  type    = local.validation_options[each.key].resource_record_type
  records = [local.validation_options[each.key].resource_record_value]
  ttl     = 60

  # A wildcard and its base name ("*.example.com", "example.com") share one validation record,
  # and a re-created certificate reuses the record of its predecessor; both must upsert.
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for record in aws_route53_record.validation : record.fqdn]
}

################################################################################
# Alias records
################################################################################

# A records only: the load balancer is IPv4-only. AAAA aliases need a dualstack ALB.
resource "aws_route53_record" "alias" {
  for_each = var.alias_enabled ? toset(local.domain_names) : toset([])

  zone_id = var.zone_id
  name    = each.key
  type    = "A"

  alias {
    name                   = var.alias_target_dns_name
    zone_id                = var.alias_target_zone_id
    evaluate_target_health = true
  }
}
