use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Sp;

/// The `[compute]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputeRaw {
    /// `ecs` (Fargate, default) or `eks`.
    pub platform: Option<Sp<ComputePlatform>>,
    /// ECS only: the share of tasks, in percent, that run on Fargate Spot. Default 0.
    pub fargate_spot_percent: Option<Sp<u8>>,
    /// ECS only: whether the cluster has Container Insights. Default `true`.
    pub container_insights: Option<Sp<bool>>,
    /// EKS only: the Kubernetes version, e.g. `"1.33"`.
    pub kubernetes_version: Option<Sp<String>>,
    /// EKS only: whether the API server is reachable from the internet. Default `false`
    /// (private endpoint only).
    pub public_endpoint: Option<Sp<bool>>,
    /// EKS only: CIDRs allowed to reach a public API endpoint (not `0.0.0.0/0`). Required when
    /// `public_endpoint`.
    pub public_access_cidrs: Option<Sp<Vec<Sp<String>>>>,
    /// EKS only: IAM principal ARNs granted cluster-admin through access entries.
    pub admins: Option<Sp<Vec<Sp<String>>>>,
    /// EKS only: managed node groups, keyed by name. Default: one `default` group.
    pub node_groups: Option<IndexMap<Sp<String>, Sp<NodeGroupRaw>>>,
    /// EKS only: add-on versions that replace plinth's pins for the cluster version, e.g.
    /// `{ coredns = "v1.12.4-eksbuild.1" }`. Keys: `vpc-cni`, `kube-proxy`,
    /// `eks-pod-identity-agent`, `coredns`, `aws-ebs-csi-driver`.
    pub addon_versions: Option<IndexMap<Sp<String>, Sp<String>>>,
}

/// Which container platform runs the services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ComputePlatform {
    /// Amazon ECS on AWS Fargate.
    Ecs,
    /// Amazon EKS with managed node groups.
    Eks,
}

/// A `[compute.node_groups.<name>]` table (EKS only).
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeGroupRaw {
    /// EC2 instance types, e.g. `["t3.large"]`; several spread spot capacity. At most 20, all of
    /// one architecture (Graviton or x86). Default `["t3.medium"]`.
    pub instance_types: Option<Sp<Vec<Sp<String>>>>,
    /// `on-demand` or `spot`. Default: `on-demand` in production-like environments, else `spot`.
    pub capacity: Option<Sp<NodeCapacity>>,
    /// Minimum number of nodes. Default 1 (2 in production-like environments).
    pub min_size: Option<Sp<u32>>,
    /// Desired number of nodes. Default `min_size`.
    pub desired_size: Option<Sp<u32>>,
    /// Maximum number of nodes. Default `max(min_size, 3)`.
    pub max_size: Option<Sp<u32>>,
    /// Root volume size in GiB, 20 to 16384. Default 50.
    pub disk_size_gb: Option<Sp<u32>>,
    /// Kubernetes labels put on the nodes.
    pub labels: Option<Sp<IndexMap<String, String>>>,
    /// Kubernetes taints put on the nodes.
    pub taints: Option<Sp<Vec<Sp<TaintRaw>>>>,
}

/// On-demand or spot EC2 capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NodeCapacity {
    /// On-demand instances.
    OnDemand,
    /// Spot instances (cheaper, can be reclaimed).
    Spot,
}

/// A Kubernetes taint.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaintRaw {
    /// Taint key.
    pub key: String,
    /// Taint value.
    #[serde(default)]
    pub value: String,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: TaintEffect,
}

/// What a taint does to pods that do not tolerate it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
pub enum TaintEffect {
    /// Pods are not scheduled.
    NoSchedule,
    /// The scheduler avoids the node.
    PreferNoSchedule,
    /// Running pods are evicted.
    NoExecute,
}
