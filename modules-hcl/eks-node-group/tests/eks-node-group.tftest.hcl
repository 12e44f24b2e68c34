mock_provider "aws" {
  mock_data "aws_default_tags" {
    defaults = {
      tags = { project = "shop", environment = "prod" }
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/shop-prod-general-node-mock"
    }
  }

  mock_resource "aws_launch_template" {
    defaults = {
      id             = "lt-0123456789abcdef0"
      latest_version = 1
    }
  }
}

variables {
  cluster_name       = "shop-prod"
  name               = "general"
  kubernetes_version = "1.35"
  subnet_ids         = ["subnet-0a", "subnet-0b", "subnet-0c"]
  instance_types     = ["m6i.large"]
  min_size           = 2
  desired_size       = 3
  max_size           = 6
}

run "secure_on_demand_group_by_default" {
  command = apply

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_tokens == "required" && aws_launch_template.this.metadata_options[0].http_endpoint == "enabled"
    error_message = "Nodes require IMDSv2."
  }

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The IMDS hop limit keeps pods away from the node role."
  }

  assert {
    condition     = length(aws_launch_template.this.block_device_mappings) == 1 && aws_launch_template.this.block_device_mappings[0].device_name == "/dev/xvda"
    error_message = "AL2023 nodes have one root volume."
  }

  assert {
    condition     = aws_launch_template.this.block_device_mappings[0].ebs[0].encrypted == "true" && aws_launch_template.this.block_device_mappings[0].ebs[0].volume_type == "gp3" && aws_launch_template.this.block_device_mappings[0].ebs[0].volume_size == 50
    error_message = "The root volume is an encrypted 50 GiB gp3 volume."
  }

  assert {
    condition     = aws_launch_template.this.monitoring[0].enabled && aws_launch_template.this.image_id == null
    error_message = "Detailed monitoring is on and EKS picks the AMI."
  }

  assert {
    condition     = length(aws_launch_template.this.tag_specifications) == 3 && alltrue([for t in aws_launch_template.this.tag_specifications : t.tags["Name"] == "shop-prod-general" && t.tags["project"] == "shop"])
    error_message = "Instances, volumes and network interfaces carry the Name and default tags."
  }

  assert {
    condition     = aws_eks_node_group.this.ami_type == "AL2023_x86_64_STANDARD" && aws_eks_node_group.this.capacity_type == "ON_DEMAND" && aws_eks_node_group.this.version == "1.35"
    error_message = "Defaults: AL2023 x86_64, on-demand, the given version."
  }

  assert {
    condition     = aws_eks_node_group.this.scaling_config[0].min_size == 2 && aws_eks_node_group.this.scaling_config[0].desired_size == 3 && aws_eks_node_group.this.scaling_config[0].max_size == 6
    error_message = "Scaling follows min/desired/max."
  }

  assert {
    condition     = aws_eks_node_group.this.update_config[0].max_unavailable_percentage == 33 && aws_eks_node_group.this.node_repair_config[0].enabled
    error_message = "Rolling updates replace a third of the nodes at a time, and node repair is on."
  }

  assert {
    condition     = aws_eks_node_group.this.launch_template[0].id == "lt-0123456789abcdef0" && aws_eks_node_group.this.launch_template[0].version == "1"
    error_message = "The group uses the latest launch template version."
  }

  assert {
    condition     = aws_eks_node_group.this.node_group_name_prefix == "general-" && length(aws_eks_node_group.this.taint) == 0
    error_message = "The group is named from a prefix and has no taints by default."
  }

  assert {
    condition     = toset(keys(aws_iam_role_policy_attachment.this)) == toset(["worker", "ecr", "cni"])
    error_message = "The node role has the worker, ECR pull and CNI policies only."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.this["ecr"].policy_arn == "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"
    error_message = "Nodes may only pull from ECR."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "ec2.amazonaws.com"
    error_message = "Only EC2 can assume the node role."
  }

  assert {
    condition     = output.launch_template_id == "lt-0123456789abcdef0" && output.node_role_arn == aws_iam_role.this.arn
    error_message = "Outputs expose the launch template and node role."
  }
}

run "bottlerocket_spot_group_with_taints_and_ssm" {
  command = plan

  variables {
    name           = "batch"
    ami_type       = "BOTTLEROCKET_ARM_64"
    capacity_type  = "SPOT"
    instance_types = ["m7g.large", "m6g.large"]
    disk_size_gb   = 80
    labels         = { workload = "batch" }
    taints = [
      { key = "workload", value = "batch", effect = "NO_SCHEDULE" },
      { key = "spot", effect = "PREFER_NO_SCHEDULE" },
    ]
    enable_ssm_access = true
    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = [for b in aws_launch_template.this.block_device_mappings : b.device_name] == ["/dev/xvda", "/dev/xvdb"]
    error_message = "Bottlerocket has an OS volume and a data volume."
  }

  assert {
    condition     = aws_launch_template.this.block_device_mappings[1].ebs[0].volume_size == 80 && alltrue([for b in aws_launch_template.this.block_device_mappings : b.ebs[0].encrypted == "true" && b.ebs[0].kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"])
    error_message = "disk_size_gb sizes the data volume, and both volumes use the given key."
  }

  assert {
    condition     = aws_eks_node_group.this.capacity_type == "SPOT" && aws_eks_node_group.this.instance_types == tolist(["m7g.large", "m6g.large"])
    error_message = "Spot capacity across the given types."
  }

  assert {
    condition     = length(aws_eks_node_group.this.taint) == 2
    error_message = "Both taints are set."
  }

  assert {
    condition     = anytrue([for t in aws_eks_node_group.this.taint : t.key == "workload" && t.value == "batch" && t.effect == "NO_SCHEDULE"])
    error_message = "Taints keep their key, value and effect."
  }

  assert {
    condition     = aws_eks_node_group.this.labels == tomap({ workload = "batch" })
    error_message = "Labels reach the nodes."
  }

  assert {
    condition     = length(aws_iam_role_policy_attachment.this) == 4 && aws_iam_role_policy_attachment.this["ssm"].policy_arn == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    error_message = "SSM access adds AmazonSSMManagedInstanceCore."
  }
}

run "rejects_desired_above_max" {
  command = plan

  variables {
    desired_size = 7
  }

  expect_failures = [var.desired_size]
}

run "rejects_an_unknown_taint_effect" {
  command = plan

  variables {
    taints = [{ key = "dedicated", value = "gpu", effect = "NoSchedule" }]
  }

  expect_failures = [var.taints]
}

run "rejects_an_unknown_capacity_type" {
  command = plan

  variables {
    capacity_type = "CAPACITY_BLOCK"
  }

  expect_failures = [var.capacity_type]
}

run "rejects_amazon_linux_2" {
  command = plan

  variables {
    ami_type = "AL2_x86_64"
  }

  expect_failures = [var.ami_type]
}

run "rejects_max_below_min" {
  command = plan

  variables {
    min_size     = 3
    desired_size = 3
    max_size     = 2
  }

  expect_failures = [var.max_size]
}

# The longest <project>-<env> (20 + 1 + 12 characters) must lead the node role's name
# untruncated, because the deploy role may manage only roles named <project>-<env>-*.
run "node_role_keeps_a_long_cluster_name_whole" {
  command = plan

  variables {
    cluster_name = "abcdefghijklmnopqrst-production12"
  }

  assert {
    condition     = startswith(aws_iam_role.this.name_prefix, "abcdefghijklmnopqrst-production12-") && length(aws_iam_role.this.name_prefix) <= 38
    error_message = "The node role's name prefix must start with the whole cluster name and a hyphen, within 38 characters."
  }
}

run "node_role_keeps_its_name_for_short_cluster_names" {
  command = plan

  assert {
    condition     = aws_iam_role.this.name_prefix == "shop-prod-general-node-"
    error_message = "Short names must keep the prefix of earlier trees, so upgrading plinth does not replace the node role."
  }
}

run "rejects_a_cluster_name_too_long_for_the_role_prefix" {
  command = plan

  variables {
    cluster_name = "abcdefghijklmnopqrst-production1234"
  }

  expect_failures = [var.cluster_name]
}
