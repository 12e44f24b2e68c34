locals {
  full_name = "${var.cluster_name}-${var.name}"

  # Bottlerocket boots from a small OS volume (/dev/xvda) and keeps images and
  # container storage on a second one (/dev/xvdb), so disk_size_gb sizes the data
  # volume there and the OS volume keeps the AMI's size (null). Every volume is
  # listed so that every volume is encrypted.
  block_devices = startswith(var.ami_type, "BOTTLEROCKET_") ? {
    "/dev/xvda" = null
    "/dev/xvdb" = var.disk_size_gb
    } : {
    "/dev/xvda" = var.disk_size_gb
  }

  node_policy_arns = merge(
    {
      worker = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
      # Pull-only: nodes never need the rest of ECR read access.
      ecr = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"
      # The VPC CNI (aws-node, host network) assigns pod IPs with the node's
      # credentials. The simple, common path; moving it to a Pod Identity role of
      # its own would take ENI permissions off the node.
      cni = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
    },
    var.enable_ssm_access ? { ssm = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" } : {},
  )

  # Provider default_tags reach resources but not the instances and volumes a
  # launch template starts, so they are copied into its tag specifications.
  instance_tags = merge(data.aws_default_tags.this.tags, var.tags, { Name = local.full_name })
}

# Reads the provider's default_tags from its configuration; makes no AWS call.
data "aws_default_tags" "this" {}

################################################################################
# Node IAM role
################################################################################

resource "aws_iam_role" "this" {
  # IAM accepts a name_prefix of at most 38 characters. The whole cluster name always leads, never
  # truncated (the deploy role may manage only roles named <cluster_name>-*, the cluster name
  # being <project>-<env>): up to 32 characters keeps the form of trees made before (the group
  # name may be cut, the cluster name is not); 33 takes a short suffix.
  name_prefix = length(var.cluster_name) <= 32 ? "${substr(local.full_name, 0, 32)}-node-" : "${var.cluster_name}-ng-"
  description = "Nodes of EKS node group ${var.name} in cluster ${var.cluster_name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "ec2.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = local.node_policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

################################################################################
# Launch template
################################################################################

# No image_id: EKS picks the optimized AMI for ami_type and the Kubernetes version
# and writes the bootstrap user data. No security groups or network interfaces
# either, so nodes get the cluster security group.
resource "aws_launch_template" "this" {
  name_prefix = "${local.full_name}-"
  description = "Nodes of EKS node group ${var.name} in cluster ${var.cluster_name}"

  dynamic "block_device_mappings" {
    for_each = local.block_devices

    content {
      device_name = block_device_mappings.key

      ebs {
        volume_type           = "gp3"
        volume_size           = block_device_mappings.value
        encrypted             = true
        kms_key_id            = var.kms_key_arn
        delete_on_termination = true
      }
    }
  }

  # IMDSv2 only, and a hop limit of 1 so that only host-network processes (kubelet,
  # aws-node) reach the instance metadata service: pods cannot pick up the node
  # role's credentials and get theirs through EKS Pod Identity instead.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  monitoring {
    enabled = true
  }

  dynamic "tag_specifications" {
    for_each = toset(["instance", "volume", "network-interface"])

    content {
      resource_type = tag_specifications.value
      tags          = local.instance_tags
    }
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Node group
################################################################################

resource "aws_eks_node_group" "this" {
  cluster_name           = var.cluster_name
  node_group_name_prefix = "${var.name}-"
  version                = var.kubernetes_version
  node_role_arn          = aws_iam_role.this.arn
  subnet_ids             = var.subnet_ids

  ami_type       = var.ami_type
  capacity_type  = var.capacity_type
  instance_types = var.instance_types
  labels         = var.labels

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  scaling_config {
    min_size     = var.min_size
    desired_size = var.desired_size
    max_size     = var.max_size
  }

  update_config {
    max_unavailable_percentage = var.max_unavailable_percentage
  }

  node_repair_config {
    enabled = var.node_repair
  }

  dynamic "taint" {
    for_each = var.taints

    content {
      key    = taint.value.key
      value  = taint.value.value
      effect = taint.value.effect
    }
  }

  tags = var.tags

  lifecycle {
    # Changes to instance types, capacity type, AMI type or subnets replace the
    # group; with a name prefix the new one comes up before the old one drains.
    create_before_destroy = true

    # desired_size is only the initial size: a cluster autoscaler (or Karpenter)
    # moves it at runtime and Terraform must not scale the group back.
    ignore_changes = [scaling_config[0].desired_size]
  }

  # The node role must hold its policies before nodes join, and keep them until
  # the nodes are gone.
  depends_on = [aws_iam_role_policy_attachment.this]
}
