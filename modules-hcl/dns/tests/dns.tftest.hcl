mock_provider "aws" {}

variables {
  domain                = "shop.example.com"
  alternative_names     = ["www.shop.example.com", "*.shop.example.com"]
  zone_id               = "Z0123456789ABCDEFGHIJ"
  alias_target_dns_name = "shop-prod-1234567890.eu-west-1.elb.amazonaws.com"
  alias_target_zone_id  = "Z32O12XQLNTSW2"
  tags = {
    component = "edge"
  }
}

# ACM answers with one validation option per name; a wildcard shares the record of its base name.
override_resource {
  target = aws_acm_certificate.this
  values = {
    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b7f6c2e-1111-2222-3333-444455556666"
    domain_validation_options = [
      {
        domain_name           = "shop.example.com"
        resource_record_name  = "_a1.shop.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_b1.acm-validations.aws."
      },
      {
        domain_name           = "www.shop.example.com"
        resource_record_name  = "_a2.www.shop.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_b2.acm-validations.aws."
      },
      {
        domain_name           = "*.shop.example.com"
        resource_record_name  = "_a1.shop.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_b1.acm-validations.aws."
      },
    ]
  }
}

run "certificate_and_records_with_two_alternative_names" {
  command = plan

  assert {
    condition = (
      aws_acm_certificate.this.domain_name == "shop.example.com" &&
      aws_acm_certificate.this.subject_alternative_names == toset(["www.shop.example.com", "*.shop.example.com"]) &&
      aws_acm_certificate.this.validation_method == "DNS" &&
      aws_acm_certificate.this.key_algorithm == "RSA_2048"
    )
    error_message = "The certificate must cover domain and alternative_names, be DNS-validated and use RSA_2048."
  }

  assert {
    condition     = aws_acm_certificate.this.options[0].certificate_transparency_logging_preference == "ENABLED"
    error_message = "Certificate transparency logging must stay enabled."
  }

  assert {
    condition     = aws_acm_certificate.this.tags["component"] == "edge" && aws_acm_certificate.this.tags["Name"] == "shop.example.com"
    error_message = "The tags variable and a Name tag must be applied to the certificate."
  }

  assert {
    condition     = length(aws_route53_record.validation) == 3 && toset(keys(aws_route53_record.validation)) == toset(["shop.example.com", "www.shop.example.com", "*.shop.example.com"])
    error_message = "One validation record per certificate name, keyed by the name (known at plan time)."
  }

  assert {
    condition = alltrue([for record in aws_route53_record.validation :
      record.zone_id == "Z0123456789ABCDEFGHIJ" && record.ttl == 60 && record.allow_overwrite
    ])
    error_message = "Validation records live in zone_id with a 60 s TTL and allow_overwrite."
  }

  assert {
    condition     = length(aws_route53_record.alias) == 3 && toset(keys(aws_route53_record.alias)) == toset(["shop.example.com", "www.shop.example.com", "*.shop.example.com"])
    error_message = "One alias record per certificate name when alias_enabled is true."
  }

  assert {
    condition = alltrue([for name, record in aws_route53_record.alias :
      record.name == name && record.type == "A" && record.zone_id == "Z0123456789ABCDEFGHIJ" && record.records == null
    ])
    error_message = "Alias records must be A records named after the certificate names, in zone_id."
  }

  assert {
    condition = alltrue([for record in aws_route53_record.alias :
      record.alias[0].name == "shop-prod-1234567890.eu-west-1.elb.amazonaws.com" &&
      record.alias[0].zone_id == "Z32O12XQLNTSW2" &&
      record.alias[0].evaluate_target_health
    ])
    error_message = "Alias records must point at the load balancer and evaluate its health."
  }
}

run "validated_certificate" {
  command = apply

  assert {
    condition = (
      aws_route53_record.validation["www.shop.example.com"].name == "_a2.www.shop.example.com." &&
      aws_route53_record.validation["www.shop.example.com"].type == "CNAME" &&
      aws_route53_record.validation["www.shop.example.com"].records == toset(["_b2.acm-validations.aws."])
    )
    error_message = "Each validation record must carry the CNAME ACM issued for its name."
  }

  assert {
    condition = (
      aws_route53_record.validation["*.shop.example.com"].name == aws_route53_record.validation["shop.example.com"].name &&
      aws_route53_record.validation["*.shop.example.com"].records == aws_route53_record.validation["shop.example.com"].records
    )
    error_message = "A wildcard and its base name share one validation record."
  }

  assert {
    condition = (
      aws_acm_certificate_validation.this.certificate_arn == aws_acm_certificate.this.arn &&
      length(aws_acm_certificate_validation.this.validation_record_fqdns) == 3 &&
      toset(aws_acm_certificate_validation.this.validation_record_fqdns) == toset([for record in aws_route53_record.validation : record.fqdn])
    )
    error_message = "The validation must wait for every validation record."
  }

  assert {
    condition     = output.certificate_arn == aws_acm_certificate_validation.this.certificate_arn && output.certificate_arn == "arn:aws:acm:eu-west-1:123456789012:certificate/0b7f6c2e-1111-2222-3333-444455556666"
    error_message = "certificate_arn must come from the validation resource."
  }

  assert {
    condition = output.fqdns == tolist([
      aws_route53_record.alias["shop.example.com"].fqdn,
      aws_route53_record.alias["www.shop.example.com"].fqdn,
      aws_route53_record.alias["*.shop.example.com"].fqdn,
    ])
    error_message = "fqdns must list the alias records, domain first, then alternative_names in order."
  }
}

run "alias_disabled" {
  command = apply

  variables {
    alias_enabled         = false
    alias_target_dns_name = null
    alias_target_zone_id  = null
  }

  assert {
    condition     = length(aws_route53_record.alias) == 0 && length(output.fqdns) == 0
    error_message = "No alias records and an empty fqdns list when alias_enabled is false."
  }

  assert {
    condition     = length(aws_route53_record.validation) == 3 && output.certificate_arn == aws_acm_certificate_validation.this.certificate_arn
    error_message = "The certificate is still validated without alias records."
  }
}

run "single_name" {
  command = plan

  variables {
    alternative_names = []
  }

  assert {
    condition     = length(aws_route53_record.validation) == 1 && length(aws_route53_record.alias) == 1 && keys(aws_route53_record.alias) == ["shop.example.com"]
    error_message = "Without alternative names there is one validation and one alias record."
  }

  assert {
    condition     = length(aws_acm_certificate.this.subject_alternative_names) == 0
    error_message = "Without alternative names the certificate carries only domain."
  }
}

run "rejects_alias_without_target" {
  command = plan

  variables {
    alias_target_dns_name = null
    alias_target_zone_id  = null
  }

  expect_failures = [var.alias_target_dns_name, var.alias_target_zone_id]
}

run "rejects_domain_with_trailing_dot" {
  command = plan

  variables {
    domain = "shop.example.com."
  }

  expect_failures = [var.domain]
}

run "rejects_upper_case_domain" {
  command = plan

  variables {
    domain = "Shop.Example.com"
  }

  expect_failures = [var.domain]
}

run "rejects_repeated_names" {
  command = plan

  variables {
    alternative_names = ["www.shop.example.com", "shop.example.com"]
  }

  expect_failures = [var.alternative_names]
}

run "rejects_hosted_zone_path" {
  command = plan

  variables {
    zone_id = "/hostedzone/Z0123456789ABCDEFGHIJ"
  }

  expect_failures = [var.zone_id]
}
