mock_provider "aws" {
  # The key policy reads the account from the cluster role's ARN.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mock"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    }
  }

  mock_resource "aws_eks_cluster" {
    defaults = {
      arn                   = "arn:aws:eks:eu-west-1:123456789012:cluster/shop-prod"
      endpoint              = "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
      certificate_authority = [{ data = "LS0tLS1CRUdJTg==" }]
      identity              = [{ oidc = [{ issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF" }] }]
    }
  }
}

variables {
  name               = "shop-prod"
  kubernetes_version = "1.35"
  subnet_ids         = ["subnet-0a", "subnet-0b", "subnet-0c"]

  addon_versions = {
    "vpc-cni"                = "v1.20.4-eksbuild.1"
    "kube-proxy"             = "v1.35.0-eksbuild.2"
    "coredns"                = "v1.12.4-eksbuild.1"
    "eks-pod-identity-agent" = "v1.3.9-eksbuild.3"
    "aws-ebs-csi-driver"     = "v1.51.1-eksbuild.1"
  }
}

run "secure_private_cluster_by_default" {
  command = apply

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_private_access && !aws_eks_cluster.this.vpc_config[0].endpoint_public_access
    error_message = "The API endpoint is private by default."
  }

  assert {
    condition     = length(aws_eks_cluster.this.enabled_cluster_log_types) == 5 && contains(aws_eks_cluster.this.enabled_cluster_log_types, "audit")
    error_message = "All five control-plane log types are enabled."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/eks/shop-prod/cluster" && aws_cloudwatch_log_group.this.retention_in_days == 90
    error_message = "The control-plane log group is pre-created with retention."
  }

  assert {
    condition     = one(aws_eks_cluster.this.encryption_config[0].resources) == "secrets" && aws_eks_cluster.this.encryption_config[0].provider[0].key_arn == aws_kms_key.this.arn
    error_message = "Secrets are envelope-encrypted with the module's key."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && jsondecode(aws_kms_key.this.policy).Statement[0].Principal.AWS == "arn:aws:iam::123456789012:root"
    error_message = "The secrets key rotates and is administered by the account root."
  }

  assert {
    condition     = aws_eks_cluster.this.access_config[0].authentication_mode == "API" && !aws_eks_cluster.this.access_config[0].bootstrap_cluster_creator_admin_permissions
    error_message = "Access entries only, and no implicit admin for the cluster creator."
  }

  assert {
    condition     = !aws_eks_cluster.this.bootstrap_self_managed_addons && aws_eks_cluster.this.upgrade_policy[0].support_type == "STANDARD"
    error_message = "No unmanaged core add-ons; standard support by default."
  }

  assert {
    condition     = length(aws_eks_access_entry.admin) == 0 && length(aws_eks_access_entry.deployer) == 0
    error_message = "No access entries without admins or a deployer."
  }

  assert {
    condition     = output.cluster_name == "shop-prod" && output.log_group_name == "/aws/eks/shop-prod/cluster"
    error_message = "Outputs name the cluster and its log group."
  }

  assert {
    condition     = output.cluster_certificate_authority_data == "LS0tLS1CRUdJTg==" && output.oidc_issuer_url == "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"
    error_message = "Outputs expose the CA data and the OIDC issuer."
  }
}

run "daemonset_addons_before_nodes_and_the_rest_after" {
  command = plan

  assert {
    condition     = length(aws_eks_addon.before_compute) + length(aws_eks_addon.after_compute) == 5
    error_message = "One add-on per addon_versions entry."
  }

  assert {
    condition     = toset(keys(aws_eks_addon.before_compute)) == toset(["vpc-cni", "kube-proxy", "eks-pod-identity-agent"])
    error_message = "The DaemonSet add-ons are installed before the node groups."
  }

  assert {
    condition     = toset(keys(aws_eks_addon.after_compute)) == toset(["coredns", "aws-ebs-csi-driver"])
    error_message = "Add-ons that need nodes wait for the node groups."
  }

  assert {
    condition     = jsondecode(aws_eks_addon.before_compute["vpc-cni"].configuration_values).enableNetworkPolicy == "true"
    error_message = "The VPC CNI enforces NetworkPolicy."
  }

  assert {
    condition     = alltrue([for a in merge(aws_eks_addon.before_compute, aws_eks_addon.after_compute) : a.resolve_conflicts_on_create == "OVERWRITE" && a.resolve_conflicts_on_update == "OVERWRITE"])
    error_message = "Add-ons overwrite conflicting fields on create and update."
  }

  assert {
    condition     = aws_eks_addon.after_compute["coredns"].addon_version == "v1.12.4-eksbuild.1"
    error_message = "Add-on versions are pinned from addon_versions."
  }
}

run "ebs_csi_driver_uses_pod_identity" {
  command = apply

  assert {
    condition     = length(aws_iam_role.ebs_csi) == 1 && length(aws_iam_role_policy_attachment.ebs_csi) == 1
    error_message = "The EBS CSI driver gets its own role."
  }

  assert {
    condition     = one(aws_eks_addon.after_compute["aws-ebs-csi-driver"].pod_identity_association).service_account == "ebs-csi-controller-sa"
    error_message = "The role is bound to the controller's service account through Pod Identity."
  }

  assert {
    condition     = one(aws_eks_addon.after_compute["aws-ebs-csi-driver"].pod_identity_association).role_arn == aws_iam_role.ebs_csi[0].arn
    error_message = "The Pod Identity association uses the module's role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.ebs_csi[0].assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com"
    error_message = "Only EKS Pod Identity can assume the role."
  }

  assert {
    condition     = toset(jsondecode(aws_iam_role.ebs_csi[0].assume_role_policy).Statement[0].Action) == toset(["sts:AssumeRole", "sts:TagSession"])
    error_message = "Pod Identity needs sts:AssumeRole and sts:TagSession."
  }

  assert {
    condition     = length(aws_eks_addon.after_compute["coredns"].pod_identity_association) == 0
    error_message = "Other add-ons get no Pod Identity association."
  }

  assert {
    condition     = output.ebs_csi_role_arn == aws_iam_role.ebs_csi[0].arn
    error_message = "The EBS CSI role ARN is an output."
  }
}

run "without_ebs_csi_there_is_no_driver_role" {
  command = plan

  variables {
    addon_versions = {
      "vpc-cni"    = "v1.20.4-eksbuild.1"
      "kube-proxy" = "v1.35.0-eksbuild.2"
      "coredns"    = "v1.12.4-eksbuild.1"
    }
  }

  assert {
    condition     = length(aws_iam_role.ebs_csi) == 0 && length(aws_eks_addon.after_compute) == 1 && length(aws_eks_addon.before_compute) == 2
    error_message = "Only the listed add-ons, and no EBS CSI role."
  }

  assert {
    condition     = output.ebs_csi_role_arn == null
    error_message = "ebs_csi_role_arn is null without the driver."
  }
}

run "one_access_entry_per_admin_and_a_cluster_admin_deployer" {
  command = plan

  variables {
    admin_principal_arns  = ["arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/alice"]
    grant_deployer_access = true
    deployer_role_arn     = "arn:aws:iam::123456789012:role/shop-prod-deploy"
  }

  assert {
    condition     = length(aws_eks_access_entry.admin) == 2 && length(aws_eks_access_policy_association.admin) == 2
    error_message = "Each admin gets an access entry and a policy association."
  }

  assert {
    condition     = alltrue([for a in aws_eks_access_policy_association.admin : a.policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" && a.access_scope[0].type == "cluster"])
    error_message = "Admins are cluster admins."
  }

  assert {
    condition     = length(aws_eks_access_entry.deployer) == 1 && aws_eks_access_entry.deployer[0].principal_arn == "arn:aws:iam::123456789012:role/shop-prod-deploy"
    error_message = "The deployer gets an access entry."
  }

  assert {
    condition     = aws_eks_access_policy_association.deployer[0].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" && aws_eks_access_policy_association.deployer[0].access_scope[0].type == "cluster"
    error_message = "Without deployer_namespaces the deployer is a cluster admin."
  }
}

run "deployer_scoped_to_namespaces" {
  command = plan

  variables {
    grant_deployer_access = true
    deployer_role_arn     = "arn:aws:iam::123456789012:role/shop-prod-deploy"
    deployer_namespaces   = ["web", "worker"]
  }

  assert {
    condition     = aws_eks_access_policy_association.deployer[0].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
    error_message = "A namespaced deployer gets AmazonEKSAdminPolicy."
  }

  assert {
    condition     = aws_eks_access_policy_association.deployer[0].access_scope[0].type == "namespace" && aws_eks_access_policy_association.deployer[0].access_scope[0].namespaces == toset(["web", "worker"])
    error_message = "The deployer's policy is scoped to its namespaces."
  }
}

run "public_endpoint_limited_to_cidrs" {
  command = plan

  variables {
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24"]
    support_type           = "EXTENDED"
    log_retention_days     = 365
    log_kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000"
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_public_access && aws_eks_cluster.this.vpc_config[0].public_access_cidrs == toset(["203.0.113.0/24"])
    error_message = "The public endpoint admits only public_access_cidrs."
  }

  assert {
    condition     = aws_eks_cluster.this.upgrade_policy[0].support_type == "EXTENDED"
    error_message = "support_type reaches the upgrade policy."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000" && aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "The log group uses the given key and retention."
  }
}

run "rejects_a_public_endpoint_without_cidrs" {
  command = plan

  variables {
    endpoint_public_access = true
  }

  expect_failures = [var.public_access_cidrs]
}

run "rejects_an_open_public_endpoint" {
  command = plan

  variables {
    endpoint_public_access = true
    public_access_cidrs    = ["0.0.0.0/0"]
  }

  expect_failures = [var.public_access_cidrs]
}

run "rejects_missing_core_addons" {
  command = plan

  variables {
    addon_versions = {
      "vpc-cni"    = "v1.20.4-eksbuild.1"
      "kube-proxy" = "v1.35.0-eksbuild.2"
    }
  }

  expect_failures = [var.addon_versions]
}

run "rejects_ebs_csi_without_the_pod_identity_agent" {
  command = plan

  variables {
    addon_versions = {
      "vpc-cni"            = "v1.20.4-eksbuild.1"
      "kube-proxy"         = "v1.35.0-eksbuild.2"
      "coredns"            = "v1.12.4-eksbuild.1"
      "aws-ebs-csi-driver" = "v1.51.1-eksbuild.1"
    }
  }

  expect_failures = [var.addon_versions]
}

run "rejects_a_deployer_switch_without_a_role" {
  command = plan

  variables {
    grant_deployer_access = true
  }

  expect_failures = [var.deployer_role_arn]
}

run "rejects_a_deployer_that_is_also_an_admin" {
  command = plan

  variables {
    admin_principal_arns  = ["arn:aws:iam::123456789012:role/shop-prod-deploy"]
    grant_deployer_access = true
    deployer_role_arn     = "arn:aws:iam::123456789012:role/shop-prod-deploy"
  }

  expect_failures = [var.deployer_role_arn]
}

run "rejects_a_patch_version" {
  command = plan

  variables {
    kubernetes_version = "1.35.2"
  }

  expect_failures = [var.kubernetes_version]
}

run "rejects_a_single_subnet" {
  command = plan

  variables {
    subnet_ids = ["subnet-0a"]
  }

  expect_failures = [var.subnet_ids]
}

# The longest <project>-<env> (20 + 1 + 12 characters) must lead the role names untruncated,
# because the deploy role may manage only roles named <project>-<env>-*.
run "roles_keep_a_long_cluster_name_whole" {
  command = plan

  variables {
    name = "abcdefghijklmnopqrst-production12"
  }

  assert {
    condition     = startswith(aws_iam_role.cluster.name_prefix, "abcdefghijklmnopqrst-production12-") && length(aws_iam_role.cluster.name_prefix) <= 38
    error_message = "The cluster role's name prefix must start with the whole cluster name and a hyphen, within 38 characters."
  }

  assert {
    condition     = startswith(aws_iam_role.ebs_csi[0].name_prefix, "abcdefghijklmnopqrst-production12-") && length(aws_iam_role.ebs_csi[0].name_prefix) <= 38
    error_message = "The EBS CSI role's name prefix must start with the whole cluster name and a hyphen, within 38 characters."
  }
}

run "roles_keep_their_names_for_short_cluster_names" {
  command = plan

  assert {
    condition     = aws_iam_role.cluster.name_prefix == "shop-prod-cluster-" && aws_iam_role.ebs_csi[0].name_prefix == "shop-prod-ebs-csi-"
    error_message = "Short names must keep the prefixes of earlier trees, so upgrading plinth does not replace the roles (and the cluster with its role)."
  }
}

run "rejects_a_name_too_long_for_the_role_prefixes" {
  command = plan

  variables {
    name = "abcdefghijklmnopqrst-production1234"
  }

  expect_failures = [var.name]
}
