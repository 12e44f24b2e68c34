locals {
  # Target groups that get a listener rule; the others are only reachable as the default action.
  routed_target_groups = {
    for key, tg in var.target_groups : key => tg
    if length(tg.path_patterns) + length(tg.host_headers) > 0
  }

  listener_ports = var.https_enabled ? { http = 80, https = 443 } : { http = 80 }

  # One ingress rule per listener port and client CIDR, keyed "<listener>-<cidr>".
  ingress_rules = {
    for pair in setproduct(keys(local.listener_ports), var.ingress_cidr_blocks) :
    "${pair[0]}-${pair[1]}" => {
      listener = pair[0]
      port     = local.listener_ports[pair[0]]
      cidr     = pair[1]
    }
  }

  # What the listener that serves traffic does when no rule matches.
  default_action_type = var.default_target_group != null ? "forward" : "fixed-response"
  http_action_type    = var.https_enabled ? "redirect" : local.default_action_type
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "this" {
  # A prefix plus create_before_destroy lets a replacement group be attached before the old one
  # is deleted; a fixed name would collide.
  name_prefix = "${var.name}-alb-"
  description = "Load balancer ${var.name}: listeners from the allowed CIDRs, egress to targets in the VPC"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "listener" {
  #checkov:skip=CKV_AWS_260:Port 80 is a load balancer listener; it is open to ingress_cidr_blocks by design and only redirects to HTTPS when HTTPS is enabled.
  for_each = local.ingress_rules

  security_group_id = aws_security_group.this.id
  description       = "${upper(each.value.listener)} listener from ${each.value.cidr}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = var.tags
}

# The ALB only opens connections to its targets (traffic and health checks), so egress stays
# inside the VPC. It spans every TCP port rather than the target groups' ports: ECS registers
# targets with the service's container port, and a changed port must be reachable from the
# moment CI moves the service onto it, before the apply that changes the blueprint's port
# removes the old one (a per-port rule would cut the running tasks off in between).
resource "aws_vpc_security_group_egress_rule" "targets" {
  count = length(var.target_groups) > 0 ? 1 : 0

  security_group_id = aws_security_group.this.id
  description       = "Traffic and health checks to targets in the VPC"
  ip_protocol       = "tcp"
  from_port         = 1
  to_port           = 65535
  cidr_ipv4         = var.vpc_cidr_block

  tags = var.tags
}

################################################################################
# Load balancer
################################################################################

resource "aws_lb" "this" {
  #checkov:skip=CKV_AWS_91:Access logging is the access_logs_enabled switch; the log bucket and its ELB delivery policy belong to the caller.
  #checkov:skip=CKV2_AWS_20:The HTTP listener redirects to HTTPS whenever https_enabled is true; without a certificate there is nothing to redirect to.
  #checkov:skip=CKV2_AWS_28:WAF is associated by the caller (aws_wafv2_web_acl_association) where the environment requires it.
  #checkov:skip=CKV_AWS_150:Deletion protection is an environment decision passed in as var.deletion_protection (on by default and in production-like environments); other environments must stay destroyable.
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = var.internal
  security_groups            = [aws_security_group.this.id]
  subnets                    = var.subnet_ids
  idle_timeout               = var.idle_timeout
  enable_deletion_protection = var.deletion_protection
  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"

  dynamic "access_logs" {
    for_each = var.access_logs_enabled ? [true] : []

    content {
      enabled = true
      bucket  = var.access_logs_bucket
      prefix  = var.access_logs_prefix
    }
  }

  tags = merge(var.tags, { Name = var.name })
}

################################################################################
# Target groups
################################################################################

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378:TLS terminates at the load balancer; targets sit in private subnets and only accept the ALB security group.
  for_each = var.target_groups

  name                 = "${var.name}-${each.key}"
  port                 = each.value.port
  protocol             = "HTTP"
  protocol_version     = "HTTP1"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = each.value.deregistration_delay

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = each.value.health_check_path
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })

  # A target group's port forces replacement, and its fixed name (the deploy role may manage
  # only target groups named <project>-<env>-*, and 32 characters leave no room for the port)
  # means the new group cannot be created before the old one goes, which the listener still
  # uses (ResourceInUse; provider issues #636, #16889). The port is only the default for
  # targets registered without one: ECS registers every task with the service's container
  # port, and the health check uses traffic-port, the registered port. So the group keeps the
  # port it was created with and a changed container port needs no new group.
  lifecycle {
    ignore_changes = [port]
  }
}

################################################################################
# Listeners
################################################################################

resource "aws_lb_listener" "http" {
  #checkov:skip=CKV_AWS_2:With https_enabled this listener only redirects to HTTPS; without it the environment has no certificate and serves plain HTTP by choice.
  #checkov:skip=CKV_AWS_103:Same as CKV_AWS_2: plain HTTP only while https_enabled is false, otherwise a redirect to HTTPS.
  #checkov:skip=CKV2_AWS_74:An HTTP listener negotiates no TLS, so it has no ssl_policy; the HTTPS listener sets one.
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = local.http_action_type
    target_group_arn = local.http_action_type == "forward" ? aws_lb_target_group.this[var.default_target_group].arn : null

    dynamic "redirect" {
      for_each = local.http_action_type == "redirect" ? [true] : []

      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }

    dynamic "fixed_response" {
      for_each = local.http_action_type == "fixed-response" ? [true] : []

      content {
        content_type = "text/plain"
        message_body = "Not Found"
        status_code  = "404"
      }
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  count = var.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = local.default_action_type
    target_group_arn = local.default_action_type == "forward" ? aws_lb_target_group.this[var.default_target_group].arn : null

    dynamic "fixed_response" {
      for_each = local.default_action_type == "fixed-response" ? [true] : []

      content {
        content_type = "text/plain"
        message_body = "Not Found"
        status_code  = "404"
      }
    }
  }

  tags = var.tags
}

################################################################################
# Listener rules
################################################################################

resource "aws_lb_listener_rule" "this" {
  for_each = local.routed_target_groups

  # With HTTPS on, the HTTP listener only redirects, so the rules belong on the HTTPS listener.
  listener_arn = var.https_enabled ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  # Separate condition blocks are ANDed: a target group with both paths and hosts needs both to match.
  dynamic "condition" {
    for_each = length(each.value.path_patterns) > 0 ? [each.value.path_patterns] : []

    content {
      path_pattern {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.host_headers) > 0 ? [each.value.host_headers] : []

    content {
      host_header {
        values = condition.value
      }
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
