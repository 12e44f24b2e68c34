mock_provider "aws" {}

# The provider validates ARN-typed arguments even against mocked values, so the role ARN the
# association receives must look real.
override_resource {
  target = aws_iam_role.this
  values = {
    arn = "arn:aws:iam::123456789012:role/shop-production-lb-controller"
  }
}

variables {
  name_prefix  = "shop-production"
  region       = "eu-west-1"
  account_id   = "123456789012"
  cluster_name = "shop-production"
  cluster_arn  = "arn:aws:eks:eu-west-1:123456789012:cluster/shop-production"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_iam_role.this.name == "shop-production-lb-controller"
    error_message = "The role must be named <name_prefix>-lb-controller."
  }

  assert {
    condition = (
      aws_eks_pod_identity_association.this.cluster_name == "shop-production" &&
      aws_eks_pod_identity_association.this.namespace == "kube-system" &&
      aws_eks_pod_identity_association.this.service_account == "aws-load-balancer-controller"
    )
    error_message = "The association must bind kube-system/aws-load-balancer-controller by default."
  }

  assert {
    condition = jsondecode(aws_iam_role.this.assume_role_policy).Statement == [
      {
        Sid       = "EKSPodIdentityAssumeRole"
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "aws:SourceAccount"                         = "123456789012"
            "aws:RequestTag/kubernetes-namespace"       = "kube-system"
            "aws:RequestTag/kubernetes-service-account" = "aws-load-balancer-controller"
          }
          ArnEquals = { "aws:SourceArn" = "arn:aws:eks:eu-west-1:123456789012:cluster/shop-production" }
        }
      },
    ]
    error_message = "Only EKS Pod Identity, for this account, cluster and service account, may assume the role."
  }
}

run "upstream_policy" {
  command = plan

  assert {
    condition     = length(jsondecode(aws_iam_role_policy.this.policy).Statement) == 16
    error_message = "The policy must carry all 16 statements of the upstream iam_policy.json."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this.policy).Statement[0] == { Effect = "Allow", Action = ["iam:CreateServiceLinkedRole"], Resource = "*", Condition = { StringEquals = { "iam:AWSServiceName" = "elasticloadbalancing.amazonaws.com" } } }
    error_message = "iam:CreateServiceLinkedRole must be limited to the Elastic Load Balancing service-linked role."
  }

  assert {
    condition = alltrue([
      for a in [
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ] : contains(jsondecode(aws_iam_role_policy.this.policy).Statement[1].Action, a)
    ])
    error_message = "The describe statement must include the permissions added up to v2.13."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement :
      try(s.Condition.Null["aws:ResourceTag/elbv2.k8s.aws/cluster"], "missing") == "false"
      if contains(s.Action, "elasticloadbalancing:DeleteLoadBalancer") || contains(s.Action, "ec2:DeleteSecurityGroup")
    ])
    error_message = "Deleting load balancers and security groups must require the controller's cluster tag."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement[12].Action == [
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
    ] && jsondecode(aws_iam_role_policy.this.policy).Statement[12].Condition == { Null = { "aws:ResourceTag/elbv2.k8s.aws/cluster" = "false" } }
    error_message = "Load balancer and target group mutations must be limited to resources tagged by the controller."
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.this.policy).Statement[15].Action, "elasticloadbalancing:SetRulePriorities")
    error_message = "elasticloadbalancing:SetRulePriorities (required since v2.13) must be granted."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this.policy).Statement[14] == { Effect = "Allow", Action = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource = "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*" }
    error_message = "Target registration must be limited to target groups."
  }
}

run "partition_follows_region" {
  command = plan

  variables {
    region      = "cn-north-1"
    cluster_arn = "arn:aws-cn:eks:cn-north-1:123456789012:cluster/shop-production"
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this.policy).Statement[5].Resource == "arn:aws-cn:ec2:*:*:security-group/*"
    error_message = "ARNs in the policy must use the region's partition."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.this.policy, "arn:aws:")
    error_message = "No ARN may keep the commercial partition in China regions."
  }
}

run "apply_custom_service_account" {
  command = apply

  variables {
    namespace       = "aws-lbc"
    service_account = "lbc"
  }

  assert {
    condition     = output.role_arn == "arn:aws:iam::123456789012:role/shop-production-lb-controller" && output.role_name == "shop-production-lb-controller"
    error_message = "role_arn and role_name must describe the controller role."
  }

  assert {
    condition     = output.namespace == "aws-lbc" && output.service_account == "lbc"
    error_message = "namespace and service_account overrides must reach the association and the outputs."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"] == "lbc"
    error_message = "The trust policy must follow the service account override."
  }

  assert {
    condition     = aws_eks_pod_identity_association.this.role_arn == output.role_arn
    error_message = "The association must bind the controller role."
  }
}

run "rejects_foreign_cluster_arn" {
  command = plan

  variables {
    cluster_arn = "arn:aws:eks:eu-west-1:210987654321:cluster/shop-production"
  }

  expect_failures = [var.cluster_arn]
}

run "rejects_invalid_namespace" {
  command = plan

  variables {
    namespace = "Kube_System"
  }

  expect_failures = [var.namespace]
}
