locals {
  # IAM accepts a name_prefix of at most 38 characters. The whole cluster name always leads, never
  # truncated: the deploy role may manage only roles named <project>-<env>-*, and the cluster name
  # is <project>-<env>. Names up to 29 characters keep the descriptive suffix (and so the roles of
  # trees made before); longer ones (up to 33, the longest <project>-<env>) take a short one.
  cluster_role_prefix = length(var.name) <= 29 ? "${var.name}-cluster-" : "${var.name}-cp-"
  ebs_csi_role_prefix = length(var.name) <= 29 ? "${var.name}-ebs-csi-" : "${var.name}-csi-"

  # All five control-plane log streams: audit and authenticator are the security
  # trail, the others are what an API-server or scheduling incident needs.
  cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  # The account that owns the cluster, read from the cluster role's ARN: the module
  # makes no caller-identity lookup, so it plans offline.
  account_id = split(":", aws_iam_role.cluster.arn)[4]

  # Add-ons that run as DaemonSets only. They become ACTIVE on a cluster without
  # nodes, and nodes need them to become Ready (no CNI, no pod networking), so they
  # are installed before any node group: node groups read cluster_name from an
  # output that waits for them. Every other add-on (coredns, aws-ebs-csi-driver, ...)
  # runs a Deployment that never becomes ACTIVE without nodes, so it waits for
  # var.node_group_arns instead.
  daemonset_addons = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]

  addons_before_compute = { for name, version in var.addon_versions : name => version if contains(local.daemonset_addons, name) }
  addons_after_compute  = { for name, version in var.addon_versions : name => version if !contains(local.daemonset_addons, name) }

  addon_configuration = {
    # The VPC CNI's network policy agent makes NetworkPolicy objects take effect;
    # without it Kubernetes accepts them and silently enforces nothing.
    "vpc-cni" = jsonencode({ enableNetworkPolicy = "true" })
  }

  create_ebs_csi_role = contains(keys(var.addon_versions), "aws-ebs-csi-driver")
  ebs_csi_namespace   = "kube-system"
  ebs_csi_sa          = "ebs-csi-controller-sa"

  # Cluster admin when the deployer must create namespaces, CRDs and cluster-wide
  # controllers; namespace admin when the namespaces are pre-created by an admin.
  deployer_cluster_wide = length(var.deployer_namespaces) == 0
  deployer_policy_arn = (
    local.deployer_cluster_wide
    ? "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    : "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  )
}

################################################################################
# Cluster IAM role
################################################################################

resource "aws_iam_role" "cluster" {
  # IAM names are account-wide, so a prefix keeps clusters of the same name in
  # different regions apart; see local.cluster_role_prefix.
  name_prefix = local.cluster_role_prefix
  description = "EKS control plane of ${var.name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "eks.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

# Envelope encryption of Secrets uses the key through the control plane's role.
resource "aws_iam_role_policy" "cluster_encryption" {
  name = "secrets-encryption"
  role = aws_iam_role.cluster.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "SecretsEnvelopeEncryption"
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]
        Resource = aws_kms_key.this.arn
      },
    ]
  })
}

################################################################################
# Secrets encryption key
################################################################################

resource "aws_kms_key" "this" {
  description             = "Envelope encryption of Kubernetes Secrets in EKS cluster ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  # The account root administers the key, which is what lets IAM policies in the
  # account (the cluster role above, administrators) grant its use; it is the
  # default key policy, written out so it is reviewed and not implied.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-eks-secrets"
  target_key_id = aws_kms_key.this.key_id
}

################################################################################
# Control-plane logs
################################################################################

# Created before the cluster so EKS writes into a group with retention (and
# optionally a customer-managed key) instead of creating one that never expires.
resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs always encrypts at rest; a customer-managed key is opt-in through log_kms_key_arn because its key policy must be written for the Logs service.
  #checkov:skip=CKV_AWS_338:Retention is an environment decision (log_retention_days); control-plane logs are voluminous and short-lived environments should not pay to keep them for a year.
  name              = "/aws/eks/${var.name}/cluster"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

################################################################################
# Cluster
################################################################################

resource "aws_eks_cluster" "this" {
  #checkov:skip=CKV_AWS_339:The version is var.kubernetes_version, validated against plinth's catalog of versions EKS supports; checkov's built-in list lags EKS releases and would reject a newly released version.
  #checkov:skip=CKV_AWS_39:The endpoint is private unless the blueprint opts into a public one (e.g. for GitHub-hosted runners); then public_access_cidrs must name specific networks and rejects 0.0.0.0/0 (CKV_AWS_38 checks it), and the private endpoint stays on.

  name     = var.name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = local.cluster_log_types

  # Core components come from the managed add-ons below, so EKS must not install
  # its unmanaged copies (they would conflict with the add-ons' ownership).
  # Changing this replaces the cluster.
  bootstrap_self_managed_addons = false

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = var.endpoint_public_access
    # Left unset when the endpoint is private: EKS reports 0.0.0.0/0 there, which
    # would otherwise show up as a perpetual diff.
    public_access_cidrs = var.endpoint_public_access ? var.public_access_cidrs : null
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.this.arn
    }
  }

  # Access entries only (no aws-auth ConfigMap), and nobody is admin implicitly:
  # the identity that runs Terraform gets no Kubernetes access unless it is listed
  # in admin_principal_arns.
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  upgrade_policy {
    support_type = var.support_type
  }

  tags = var.tags

  depends_on = [
    aws_iam_role_policy_attachment.cluster,
    aws_iam_role_policy.cluster_encryption,
    aws_cloudwatch_log_group.this,
  ]
}

################################################################################
# Access entries
################################################################################

resource "aws_eks_access_entry" "admin" {
  for_each = toset(var.admin_principal_arns)

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
  type          = "STANDARD"

  tags = var.tags
}

resource "aws_eks_access_policy_association" "admin" {
  for_each = toset(var.admin_principal_arns)

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.admin[each.key].principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "deployer" {
  count = var.grant_deployer_access ? 1 : 0

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = var.deployer_role_arn
  type          = "STANDARD"

  tags = var.tags
}

resource "aws_eks_access_policy_association" "deployer" {
  count = var.grant_deployer_access ? 1 : 0

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.deployer[0].principal_arn
  policy_arn    = local.deployer_policy_arn

  access_scope {
    type       = local.deployer_cluster_wide ? "cluster" : "namespace"
    namespaces = local.deployer_cluster_wide ? null : var.deployer_namespaces
  }
}

################################################################################
# EBS CSI driver role (EKS Pod Identity)
################################################################################

resource "aws_iam_role" "ebs_csi" {
  count = local.create_ebs_csi_role ? 1 : 0

  name_prefix = local.ebs_csi_role_prefix
  description = "EBS CSI controller of EKS cluster ${var.name}"

  # Pod Identity tags the session with the cluster, namespace and service account,
  # so the role can be held to the driver's controller in this cluster only.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EksPodIdentity"
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "aws:RequestTag/eks-cluster-name"           = var.name
            "aws:RequestTag/kubernetes-namespace"       = local.ebs_csi_namespace
            "aws:RequestTag/kubernetes-service-account" = local.ebs_csi_sa
          }
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  count = local.create_ebs_csi_role ? 1 : 0

  role       = aws_iam_role.ebs_csi[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

################################################################################
# Add-ons
################################################################################

resource "aws_eks_addon" "before_compute" {
  for_each = local.addons_before_compute

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  addon_version               = each.value
  configuration_values        = lookup(local.addon_configuration, each.key, null)
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"

  tags = var.tags
}

resource "aws_eks_addon" "after_compute" {
  for_each = local.addons_after_compute

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  addon_version               = each.value
  configuration_values        = lookup(local.addon_configuration, each.key, null)
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"

  dynamic "pod_identity_association" {
    for_each = each.key == "aws-ebs-csi-driver" ? aws_iam_role.ebs_csi[*].arn : []

    content {
      role_arn        = pod_identity_association.value
      service_account = local.ebs_csi_sa
    }
  }

  tags = var.tags

  # Deployments need nodes to become ACTIVE: wait for the caller's node groups
  # (and for the Pod Identity agent, which serves the EBS CSI driver's credentials).
  depends_on = [
    var.node_group_arns,
    aws_eks_addon.before_compute,
    aws_iam_role_policy_attachment.ebs_csi,
  ]
}
