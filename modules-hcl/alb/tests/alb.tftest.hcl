mock_provider "aws" {}

# The provider validates ARN arguments even against a mock, so every ARN another resource
# consumes gets a realistic, distinct value.
override_resource {
  target = aws_lb.this
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-prod/50dc6c495c0c9188"
    arn_suffix = "app/shop-prod/50dc6c495c0c9188"
  }
}

override_resource {
  target = aws_lb_target_group.this["web"]
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-web/73e2d6bc24d8a067"
    arn_suffix = "targetgroup/shop-prod-web/73e2d6bc24d8a067"
  }
}

override_resource {
  target = aws_lb_target_group.this["api"]
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-api/0467ef3c8400ae65"
    arn_suffix = "targetgroup/shop-prod-api/0467ef3c8400ae65"
  }
}

override_resource {
  target = aws_lb_target_group.this["admin"]
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-admin/9683b2d02a6cabee"
    arn_suffix = "targetgroup/shop-prod-admin/9683b2d02a6cabee"
  }
}

override_resource {
  target = aws_lb_listener.http
  values = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-prod/50dc6c495c0c9188/f2f7dc8efc522ab2"
  }
}

override_resource {
  target = aws_lb_listener.https[0]
  values = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-prod/50dc6c495c0c9188/3bf39ab2a3a5d8c1"
  }
}

variables {
  name           = "shop-prod"
  vpc_id         = "vpc-0123456789abcdef0"
  vpc_cidr_block = "10.20.0.0/16"
  subnet_ids     = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  tags           = { Team = "platform" }

  target_groups = {
    web = {
      port              = 3000
      health_check_path = "/healthz"
      priority          = 100
    }
    api = {
      port              = 8080
      health_check_path = "/api/health"
      priority          = 10
      path_patterns     = ["/api", "/api/*"]
    }
    admin = {
      port                 = 8080
      health_check_path    = "/health"
      priority             = 20
      path_patterns        = ["/admin/*"]
      host_headers         = ["admin.example.com"]
      deregistration_delay = 5
    }
  }
  default_target_group = "web"
}

run "http_only_with_default_target_group" {
  command = apply

  assert {
    condition     = length(aws_lb_listener.https) == 0 && output.https_listener_arn == null
    error_message = "No HTTPS listener may exist when https_enabled is false."
  }

  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.protocol == "HTTP"
    error_message = "The HTTP listener must listen on 80."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "forward" && aws_lb_listener.http.default_action[0].target_group_arn == aws_lb_target_group.this["web"].arn
    error_message = "Without HTTPS the HTTP listener must forward unmatched requests to the default target group."
  }

  assert {
    condition     = length(aws_lb_listener.http.default_action[0].redirect) == 0 && length(aws_lb_listener.http.default_action[0].fixed_response) == 0
    error_message = "A forwarding default action carries no redirect or fixed_response block."
  }

  assert {
    condition     = alltrue([for rule in aws_lb_listener_rule.this : rule.listener_arn == aws_lb_listener.http.arn])
    error_message = "Without HTTPS the listener rules must be attached to the HTTP listener."
  }

  assert {
    condition     = aws_lb.this.load_balancer_type == "application" && aws_lb.this.internal == false && aws_lb.this.drop_invalid_header_fields && aws_lb.this.enable_deletion_protection
    error_message = "The ALB must be an internet-facing application LB that drops invalid headers and is deletion protected by default."
  }

  assert {
    condition     = aws_lb.this.idle_timeout == 60 && length(aws_lb.this.access_logs) == 0
    error_message = "Defaults: idle timeout 60 s, no access logs."
  }

  assert {
    condition     = aws_lb.this.security_groups == toset([aws_security_group.this.id]) && output.security_group_id == aws_security_group.this.id
    error_message = "The ALB must use the module's security group."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.listener) == 1 && aws_vpc_security_group_ingress_rule.listener["http-0.0.0.0/0"].from_port == 80
    error_message = "Without HTTPS only port 80 is opened, once per ingress CIDR."
  }

  assert {
    condition     = length(aws_vpc_security_group_egress_rule.targets) == 1 && aws_vpc_security_group_egress_rule.targets[0].cidr_ipv4 == "10.20.0.0/16"
    error_message = "Egress must be one rule, only to the VPC CIDR."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.targets[0].ip_protocol == "tcp" && aws_vpc_security_group_egress_rule.targets[0].from_port == 1 && aws_vpc_security_group_egress_rule.targets[0].to_port == 65535
    error_message = "Egress must be TCP on every port, so a service whose port changes stays reachable while CI moves it."
  }

  assert {
    condition     = length(aws_lb_target_group.this) == 3 && aws_lb_target_group.this["api"].name == "shop-prod-api"
    error_message = "One target group per key, named <name>-<key>."
  }

  assert {
    condition = alltrue([for tg in aws_lb_target_group.this :
      tg.target_type == "ip" && tg.protocol == "HTTP" && tg.vpc_id == "vpc-0123456789abcdef0" && tg.health_check[0].matcher == "200-399"
    ])
    error_message = "Target groups must be HTTP ip targets in the VPC with a 200-399 health check matcher."
  }

  assert {
    condition     = aws_lb_target_group.this["api"].health_check[0].path == "/api/health" && aws_lb_target_group.this["api"].port == 8080
    error_message = "The health check path and port come from the target group input."
  }

  assert {
    condition     = aws_lb_target_group.this["web"].deregistration_delay == "30" && aws_lb_target_group.this["admin"].deregistration_delay == "5"
    error_message = "deregistration_delay defaults to 30 and can be overridden."
  }

  assert {
    condition     = output.target_group_arns["api"] == aws_lb_target_group.this["api"].arn && output.target_group_arn_suffixes["web"] == aws_lb_target_group.this["web"].arn_suffix
    error_message = "Target group outputs must map keys to ARNs and ARN suffixes."
  }

  assert {
    condition     = output.arn == aws_lb.this.arn && output.arn_suffix == aws_lb.this.arn_suffix && output.dns_name == aws_lb.this.dns_name && output.zone_id == aws_lb.this.zone_id
    error_message = "Load balancer outputs must come from aws_lb.this."
  }

  assert {
    condition     = output.http_listener_arn == aws_lb_listener.http.arn
    error_message = "http_listener_arn must be the HTTP listener's ARN."
  }

  assert {
    condition     = aws_lb.this.tags["Team"] == "platform" && aws_lb_target_group.this["api"].tags["Team"] == "platform" && aws_security_group.this.tags["Team"] == "platform"
    error_message = "The tags variable must be applied to taggable resources."
  }
}

run "rules_only_for_routed_target_groups" {
  command = plan

  assert {
    condition     = toset(keys(aws_lb_listener_rule.this)) == toset(["api", "admin"])
    error_message = "Only target groups with path_patterns or host_headers get a listener rule."
  }

  assert {
    condition     = aws_lb_listener_rule.this["api"].priority == 10 && aws_lb_listener_rule.this["admin"].priority == 20
    error_message = "Rule priorities come from the target group input."
  }

  assert {
    condition     = length(aws_lb_listener_rule.this["api"].condition) == 1 && one([for c in aws_lb_listener_rule.this["api"].condition : c.path_pattern[0].values]) == toset(["/api", "/api/*"])
    error_message = "A path-only target group gets a single path_pattern condition."
  }

  assert {
    condition     = length(aws_lb_listener_rule.this["admin"].condition) == 2
    error_message = "A target group with paths and hosts gets both conditions (ANDed)."
  }

  assert {
    condition     = toset(flatten([for c in aws_lb_listener_rule.this["admin"].condition : c.host_header[0].values if length(c.host_header) > 0])) == toset(["admin.example.com"]) && toset(flatten([for c in aws_lb_listener_rule.this["admin"].condition : c.path_pattern[0].values if length(c.path_pattern) > 0])) == toset(["/admin/*"])
    error_message = "The admin rule must match on both its host header and its path pattern."
  }

  assert {
    condition     = alltrue([for rule in aws_lb_listener_rule.this : rule.action[0].type == "forward"])
    error_message = "Listener rules forward to their target group."
  }
}

run "https_with_redirect" {
  command = apply

  variables {
    https_enabled        = true
    certificate_arn      = "arn:aws:acm:eu-west-1:123456789012:certificate/0b7f6c2e-1111-2222-3333-444455556666"
    default_target_group = null
    target_groups = {
      api = {
        port              = 8080
        health_check_path = "/health"
        priority          = 10
        path_patterns     = ["/api/*"]
      }
      web = {
        port              = 3000
        health_check_path = "/"
        priority          = 20
        host_headers      = ["www.example.com"]
      }
    }
    ingress_cidr_blocks = ["203.0.113.0/24", "198.51.100.0/24"]
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect"
    error_message = "With HTTPS the HTTP listener must redirect."
  }

  assert {
    condition = (
      aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" &&
      aws_lb_listener.http.default_action[0].redirect[0].port == "443" &&
      aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "The redirect must be a permanent redirect to HTTPS on 443."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && output.https_listener_arn == aws_lb_listener.https[0].arn
    error_message = "The HTTPS listener and its output must exist when https_enabled is true."
  }

  assert {
    condition = (
      aws_lb_listener.https[0].port == 443 &&
      aws_lb_listener.https[0].protocol == "HTTPS" &&
      aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" &&
      aws_lb_listener.https[0].certificate_arn == "arn:aws:acm:eu-west-1:123456789012:certificate/0b7f6c2e-1111-2222-3333-444455556666"
    )
    error_message = "The HTTPS listener must use 443, the TLS 1.3 policy and the given certificate."
  }

  assert {
    condition = (
      aws_lb_listener.https[0].default_action[0].type == "fixed-response" &&
      aws_lb_listener.https[0].default_action[0].fixed_response[0].status_code == "404"
    )
    error_message = "Without a default target group unmatched HTTPS requests get a fixed 404."
  }

  assert {
    condition     = length(aws_lb_listener_rule.this) == 2 && alltrue([for rule in aws_lb_listener_rule.this : rule.listener_arn == aws_lb_listener.https[0].arn])
    error_message = "With HTTPS the listener rules must be attached to the HTTPS listener."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.listener) == 4
    error_message = "With HTTPS, ports 80 and 443 are opened for each of the two CIDRs."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.listener["https-203.0.113.0/24"].from_port == 443 &&
      aws_vpc_security_group_ingress_rule.listener["https-203.0.113.0/24"].cidr_ipv4 == "203.0.113.0/24" &&
      aws_vpc_security_group_ingress_rule.listener["http-198.51.100.0/24"].to_port == 80
    )
    error_message = "Ingress rules must pair each listener port with each CIDR."
  }
}

run "http_only_without_default_target_group" {
  command = plan

  variables {
    default_target_group = null
    target_groups = {
      api = {
        port              = 8080
        health_check_path = "/health"
        priority          = 1
        path_patterns     = ["/*"]
      }
    }
  }

  assert {
    condition = (
      aws_lb_listener.http.default_action[0].type == "fixed-response" &&
      aws_lb_listener.http.default_action[0].fixed_response[0].status_code == "404" &&
      aws_lb_listener.http.default_action[0].target_group_arn == null
    )
    error_message = "Without HTTPS or a default target group the HTTP listener answers 404."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 0 && length(aws_lb_listener_rule.this) == 1
    error_message = "HTTP-only mode has no HTTPS listener and one rule per routed target group."
  }
}

run "https_with_default_target_group" {
  command = plan

  variables {
    https_enabled   = true
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b7f6c2e-1111-2222-3333-444455556666"
  }

  assert {
    condition     = aws_lb_listener.https[0].default_action[0].type == "forward" && length(aws_lb_listener.https[0].default_action[0].fixed_response) == 0
    error_message = "With a default target group the HTTPS listener forwards unmatched requests."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect"
    error_message = "The HTTP listener redirects regardless of the default target group."
  }
}

run "internal_with_access_logs" {
  command = plan

  variables {
    internal            = true
    deletion_protection = false
    idle_timeout        = 120
    access_logs_enabled = true
    access_logs_bucket  = "shop-prod-alb-logs"
    access_logs_prefix  = "alb"
    ingress_cidr_blocks = ["10.20.0.0/16"]
  }

  assert {
    condition     = aws_lb.this.internal && !aws_lb.this.enable_deletion_protection && aws_lb.this.idle_timeout == 120
    error_message = "internal, deletion_protection and idle_timeout must be passed through."
  }

  assert {
    condition = (
      length(aws_lb.this.access_logs) == 1 &&
      aws_lb.this.access_logs[0].enabled &&
      aws_lb.this.access_logs[0].bucket == "shop-prod-alb-logs" &&
      aws_lb.this.access_logs[0].prefix == "alb"
    )
    error_message = "Access logs must be written to the given bucket and prefix when enabled."
  }

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.listener) == ["http-10.20.0.0/16"]
    error_message = "Ingress must only come from the given CIDRs."
  }
}

run "no_target_groups" {
  command = plan

  variables {
    target_groups        = {}
    default_target_group = null
  }

  assert {
    condition     = length(aws_lb_target_group.this) == 0 && length(aws_lb_listener_rule.this) == 0 && length(aws_vpc_security_group_egress_rule.targets) == 0
    error_message = "Without target groups there are no target groups, rules or egress rules."
  }

  assert {
    condition     = output.target_group_arns == {} && output.target_group_arn_suffixes == {}
    error_message = "Target group outputs are empty maps without target groups."
  }
}

run "rejects_name_too_long" {
  command = plan

  variables {
    name                 = "this-load-balancer-name-is-far-too-long"
    target_groups        = {}
    default_target_group = null
  }

  expect_failures = [var.name]
}

run "rejects_https_without_certificate" {
  command = plan

  variables {
    https_enabled = true
  }

  expect_failures = [var.certificate_arn]
}

run "rejects_target_group_name_too_long" {
  command = plan

  # "shop-prod-checkout-and-payments-api" is 35 characters, over the 32-character target group limit.
  variables {
    target_groups = {
      checkout-and-payments-api = {
        port              = 8080
        health_check_path = "/health"
        priority          = 1
        path_patterns     = ["/checkout/*"]
      }
    }
    default_target_group = null
  }

  expect_failures = [var.target_groups]
}

run "rejects_unknown_default_target_group" {
  command = plan

  variables {
    default_target_group = "missing"
  }

  expect_failures = [var.default_target_group]
}

run "rejects_unrouted_target_group" {
  command = plan

  variables {
    default_target_group = null
  }

  expect_failures = [var.default_target_group]
}

run "rejects_duplicate_priorities" {
  command = plan

  variables {
    default_target_group = null
    target_groups = {
      api = {
        port              = 8080
        health_check_path = "/health"
        priority          = 10
        path_patterns     = ["/api/*"]
      }
      admin = {
        port              = 8080
        health_check_path = "/health"
        priority          = 10
        host_headers      = ["admin.example.com"]
      }
    }
  }

  expect_failures = [var.target_groups]
}

run "rejects_weak_ssl_policy" {
  command = plan

  variables {
    ssl_policy = "ELBSecurityPolicy-2016-08"
  }

  expect_failures = [var.ssl_policy]
}

run "rejects_access_logs_without_bucket" {
  command = plan

  variables {
    access_logs_enabled = true
  }

  expect_failures = [var.access_logs_bucket]
}

# A changed service port must not replace the target group: the listener still forwards to it
# (ResourceInUse), and ECS registers targets with the container port anyway.
run "target_groups_before_a_port_change" {
  command = apply
}

run "a_port_change_keeps_the_target_group" {
  command = apply

  variables {
    target_groups = {
      web = {
        port              = 3001
        health_check_path = "/healthz"
        priority          = 100
      }
      api = {
        port              = 8080
        health_check_path = "/api/health"
        priority          = 10
        path_patterns     = ["/api", "/api/*"]
      }
      admin = {
        port                 = 8080
        health_check_path    = "/health"
        priority             = 20
        path_patterns        = ["/admin/*"]
        host_headers         = ["admin.example.com"]
        deregistration_delay = 5
      }
    }
  }

  assert {
    condition     = aws_lb_target_group.this["web"].port == 3000 && one(aws_lb_target_group.this["web"].health_check).port == "traffic-port"
    error_message = "A port change must keep (not replace) the target group, whose health check follows the registered port."
  }
}
