use indexmap::IndexMap;
use serde::Serialize;

use crate::raw::{NodeCapacity, TaintEffect};

/// The container platform of one environment.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "platform", rename_all = "lowercase")]
pub enum Compute {
    /// ECS on Fargate.
    Ecs(Ecs),
    /// EKS with managed node groups.
    Eks(Eks),
}

/// ECS on Fargate.
#[derive(Clone, Debug, Serialize)]
pub struct Ecs {
    /// Percentage of tasks on Fargate Spot.
    pub fargate_spot_percent: u8,
    /// Whether Container Insights is on.
    pub container_insights: bool,
}

/// EKS.
#[derive(Clone, Debug, Serialize)]
pub struct Eks {
    /// Kubernetes version.
    pub kubernetes_version: String,
    /// Whether the API endpoint is public.
    pub public_endpoint: bool,
    /// CIDRs allowed to reach the public endpoint.
    pub public_access_cidrs: Vec<String>,
    /// IAM principals with cluster-admin access.
    pub admins: Vec<String>,
    /// Managed node groups, in blueprint order.
    pub node_groups: Vec<NodeGroup>,
    /// The add-ons and their versions, in installation order.
    pub addon_versions: Vec<(String, String)>,
}

/// A managed node group.
#[derive(Clone, Debug, Serialize)]
pub struct NodeGroup {
    /// The group's name.
    pub name: String,
    /// EC2 instance types.
    pub instance_types: Vec<String>,
    /// On-demand or spot.
    pub capacity: NodeCapacity,
    /// Fewest nodes.
    pub min_size: u32,
    /// Desired nodes.
    pub desired_size: u32,
    /// Most nodes.
    pub max_size: u32,
    /// Root volume GiB.
    pub disk_size_gb: u32,
    /// Node labels.
    pub labels: IndexMap<String, String>,
    /// Node taints.
    pub taints: Vec<Taint>,
}

/// The CPU architecture of a node group's instances, which decides its AMI type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    /// Intel and AMD instances: `AL2023_x86_64_STANDARD`.
    X86_64,
    /// AWS Graviton instances: `AL2023_ARM_64_STANDARD`.
    Arm64,
}

impl Architecture {
    /// The Amazon Linux 2023 EKS AMI type for this architecture.
    pub fn ami_type(self) -> &'static str {
        match self {
            Self::X86_64 => "AL2023_x86_64_STANDARD",
            Self::Arm64 => "AL2023_ARM_64_STANDARD",
        }
    }

    /// The architecture of one EC2 instance type.
    pub fn of(instance_type: &str) -> Self {
        if crate::aws::kubernetes::is_graviton(instance_type) {
            Self::Arm64
        } else {
            Self::X86_64
        }
    }
}

impl NodeGroup {
    /// The architecture of the group's instances. The validator refuses groups that mix
    /// architectures (one AMI cannot boot on both), so the first type decides.
    pub fn architecture(&self) -> Architecture {
        self.instance_types
            .first()
            .map_or(Architecture::X86_64, |t| Architecture::of(t))
    }
}

/// A Kubernetes taint.
#[derive(Clone, Debug, Serialize)]
pub struct Taint {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
    /// Effect.
    pub effect: TaintEffect,
}
