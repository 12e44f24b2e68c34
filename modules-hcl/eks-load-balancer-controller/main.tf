locals {
  partition = (
    startswith(var.region, "cn-") ? "aws-cn" :
    startswith(var.region, "us-gov-") ? "aws-us-gov" :
    "aws"
  )

  elb_arn = "arn:${local.partition}:elasticloadbalancing:*:*"
  ec2_arn = "arn:${local.partition}:ec2:*:*"

  # Resources the controller creates carry this tag; the mutating statements below only touch
  # resources that have it (aws:ResourceTag) or are being created with it (aws:RequestTag).
  cluster_tag = "elbv2.k8s.aws/cluster"

  load_balancers_and_target_groups = [
    "${local.elb_arn}:targetgroup/*/*",
    "${local.elb_arn}:loadbalancer/net/*/*",
    "${local.elb_arn}:loadbalancer/app/*/*",
  ]
}

################################################################################
# IAM role, assumable only through EKS Pod Identity, from this cluster and account, by the
# controller's service account.
################################################################################

resource "aws_iam_role" "this" {
  name        = "${var.name_prefix}-lb-controller"
  description = "EKS Pod Identity role of the AWS Load Balancer Controller (${var.namespace}/${var.service_account} on ${var.cluster_name})."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EKSPodIdentityAssumeRole"
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        # TagSession: Pod Identity attaches the cluster/namespace/service-account session tags.
        Action = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "aws:SourceAccount"                         = var.account_id
            "aws:RequestTag/kubernetes-namespace"       = var.namespace
            "aws:RequestTag/kubernetes-service-account" = var.service_account
          }
          ArnEquals = { "aws:SourceArn" = var.cluster_arn }
        }
      },
    ]
  })

  tags = var.tags
}

# The controller's official policy, kubernetes-sigs/aws-load-balancer-controller
# docs/install/iam_policy.json (v2.13, unchanged in v2.14), statement for statement; only the
# partition of the ARNs is parameterised (the upstream -cn/-us-gov variants differ just in that).
# Keep it in sync when upgrading the chart: a missing permission surfaces only as reconcile errors.
resource "aws_iam_role_policy" "this" {
  #checkov:skip=CKV_AWS_355:Upstream controller policy. Describe*/List*/Get* calls and ec2:CreateSecurityGroup, elasticloadbalancing:Create* do not support resource-level scoping (the resource does not exist yet); creation is constrained by the cluster request tag instead.
  #checkov:skip=CKV_AWS_290:Upstream controller policy. The unscoped writes (security group ingress, listeners, rules, WAF/Shield association) act on resources the controller discovers at runtime from Ingress/Service objects; everything it creates or deletes is constrained by the elbv2.k8s.aws/cluster tag.
  name = "aws-load-balancer-controller"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iam:CreateServiceLinkedRole"]
        Resource = "*"
        Condition = {
          StringEquals = { "iam:AWSServiceName" = "elasticloadbalancing.amazonaws.com" }
        }
      },
      {
        Effect = "Allow"
        Action = [
          "ec2:DescribeAccountAttributes",
          "ec2:DescribeAddresses",
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeInternetGateways",
          "ec2:DescribeVpcs",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeTags",
          "ec2:GetCoipPoolUsage",
          "ec2:DescribeCoipPools",
          "ec2:GetSecurityGroupsForVpc",
          "ec2:DescribeIpamPools",
          "ec2:DescribeRouteTables",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeListenerCertificates",
          "elasticloadbalancing:DescribeSSLPolicies",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTrustStores",
          "elasticloadbalancing:DescribeListenerAttributes",
          "elasticloadbalancing:DescribeCapacityReservation",
        ]
        Resource = "*"
      },
      {
        Effect = "Allow"
        Action = [
          "cognito-idp:DescribeUserPoolClient",
          "acm:ListCertificates",
          "acm:DescribeCertificate",
          "iam:ListServerCertificates",
          "iam:GetServerCertificate",
          "waf-regional:GetWebACL",
          "waf-regional:GetWebACLForResource",
          "waf-regional:AssociateWebACL",
          "waf-regional:DisassociateWebACL",
          "wafv2:GetWebACL",
          "wafv2:GetWebACLForResource",
          "wafv2:AssociateWebACL",
          "wafv2:DisassociateWebACL",
          "shield:GetSubscriptionState",
          "shield:DescribeProtection",
          "shield:CreateProtection",
          "shield:DeleteProtection",
        ]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:CreateSecurityGroup"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:CreateTags"]
        Resource = "${local.ec2_arn}:security-group/*"
        Condition = {
          StringEquals = { "ec2:CreateAction" = "CreateSecurityGroup" }
          Null         = { "aws:RequestTag/${local.cluster_tag}" = "false" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:CreateTags", "ec2:DeleteTags"]
        Resource = "${local.ec2_arn}:security-group/*"
        Condition = {
          Null = {
            "aws:RequestTag/${local.cluster_tag}"  = "true"
            "aws:ResourceTag/${local.cluster_tag}" = "false"
          }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"]
        Resource = "*"
        Condition = {
          Null = { "aws:ResourceTag/${local.cluster_tag}" = "false" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"]
        Resource = "*"
        Condition = {
          Null = { "aws:RequestTag/${local.cluster_tag}" = "false" }
        }
      },
      {
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:CreateListener",
          "elasticloadbalancing:DeleteListener",
          "elasticloadbalancing:CreateRule",
          "elasticloadbalancing:DeleteRule",
        ]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"]
        Resource = local.load_balancers_and_target_groups
        Condition = {
          Null = {
            "aws:RequestTag/${local.cluster_tag}"  = "true"
            "aws:ResourceTag/${local.cluster_tag}" = "false"
          }
        }
      },
      {
        Effect = "Allow"
        Action = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"]
        Resource = [
          "${local.elb_arn}:listener/net/*/*/*",
          "${local.elb_arn}:listener/app/*/*/*",
          "${local.elb_arn}:listener-rule/net/*/*/*",
          "${local.elb_arn}:listener-rule/app/*/*/*",
        ]
      },
      {
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:ModifyLoadBalancerAttributes",
          "elasticloadbalancing:SetIpAddressType",
          "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets",
          "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:ModifyListenerAttributes",
          "elasticloadbalancing:ModifyCapacityReservation",
          "elasticloadbalancing:ModifyIpPools",
        ]
        Resource = "*"
        Condition = {
          Null = { "aws:ResourceTag/${local.cluster_tag}" = "false" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:AddTags"]
        Resource = local.load_balancers_and_target_groups
        Condition = {
          StringEquals = { "elasticloadbalancing:CreateAction" = ["CreateTargetGroup", "CreateLoadBalancer"] }
          Null         = { "aws:RequestTag/${local.cluster_tag}" = "false" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]
        Resource = "${local.elb_arn}:targetgroup/*/*"
      },
      {
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:SetWebAcl",
          "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:AddListenerCertificates",
          "elasticloadbalancing:RemoveListenerCertificates",
          "elasticloadbalancing:ModifyRule",
          "elasticloadbalancing:SetRulePriorities",
        ]
        Resource = "*"
      },
    ]
  })
}

resource "aws_eks_pod_identity_association" "this" {
  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.this.arn

  tags = var.tags

  # The controller starts reconciling as soon as it has credentials; give it the full policy first
  # and keep the policy until the association is gone on destroy.
  depends_on = [aws_iam_role_policy.this]
}
