//! EKS rules that mirror the eks-cluster and eks-node-group modules' variable validations, and
//! node-group combinations AWS or the scheduler refuse.

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Architecture, NodeGroup};
use crate::raw::{ComputeRaw, NodeGroupRaw, TaintEffect};
use crate::span::Sp;

use super::Context;

/// The most instance types one managed node group takes (EKS `CreateNodegroup`).
const MAX_INSTANCE_TYPES: usize = 20;
/// The most taints one managed node group takes (EKS `CreateNodegroup`).
const MAX_TAINTS: usize = 50;

/// Checks the public endpoint CIDRs and admins of the cluster.
pub(super) fn check_cluster(raw: &ComputeRaw, cx: &mut Context<'_>) {
    for cidr in raw.public_access_cidrs.iter().flat_map(|c| c.iter()) {
        if cidr.ends_with("/0") {
            cx.push(
                Diagnostic::error(
                    cidr.span(),
                    format!("`{}` opens the Kubernetes API to the whole internet", cidr.get()),
                    "open to everyone",
                )
                .with_help("list the networks that need the API, e.g. your office or VPN range (\"203.0.113.0/24\"), or keep the endpoint private"),
            );
        }
    }
    // Without a repository there is no deploy role to collide with.
    if cx.project.repository.is_none() {
        return;
    }
    let deploy_role = cx.names.deploy_role();
    for admin in raw.admins.iter().flat_map(|a| a.iter()) {
        let Some((account, role)) = admin
            .strip_prefix("arn:aws")
            .and_then(|rest| rest.split_once(":iam::"))
            .and_then(|(_, rest)| rest.split_once(":role/"))
        else {
            continue;
        };
        let same_account = cx
            .names
            .account_id
            .as_deref()
            .is_none_or(|id| id == account);
        if same_account && role == deploy_role {
            cx.push(
                Diagnostic::error(
                    admin.span(),
                    format!("`{}` is the environment's GitHub deploy role, which already gets cluster access", admin.get()),
                    "deploy role",
                )
                .with_help("remove it from `admins`: EKS gives a principal only one access entry, and plinth already creates the deploy role's"),
            );
        }
    }
}

/// Whether `arn` is an IAM role or user ARN as EKS access entries take them.
pub(super) fn is_principal_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws") else {
        return false;
    };
    let Some((partition, rest)) = rest.split_once(":iam::") else {
        return false;
    };
    let Some((account, rest)) = rest.split_once(':') else {
        return false;
    };
    let Some(name) = rest
        .strip_prefix("role/")
        .or_else(|| rest.strip_prefix("user/"))
    else {
        return false;
    };
    partition
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'-')
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_/-".contains(&b))
}

/// Checks one node group against the node-group module and the EKS API.
pub(super) fn check_group(raw: &Sp<NodeGroupRaw>, cx: &mut Context<'_>) {
    if let Some(types) = &raw.instance_types {
        if types.len() > MAX_INSTANCE_TYPES {
            cx.push(
                Diagnostic::error(
                    types.span(),
                    format!(
                        "a node group takes at most {MAX_INSTANCE_TYPES} instance types, not {}",
                        types.len()
                    ),
                    "too many types",
                )
                .with_help("keep the types you need, or split them into two node groups"),
            );
        }
        check_one_architecture(types, cx);
    }
    if let Some(disk) = &raw.disk_size_gb
        && !(20..=16_384).contains(disk.get())
    {
        cx.push(
            Diagnostic::error(
                disk.span(),
                format!(
                    "a node's root volume must be 20 to 16384 GiB, not {}",
                    disk.get()
                ),
                "out of range",
            )
            .with_help("the EKS AMIs need at least 20 GiB; the default is 50"),
        );
    }
    if let Some(labels) = &raw.labels {
        for (key, value) in labels.get() {
            if key.is_empty() || !is_label_value(value) {
                cx.push(
                    Diagnostic::error(
                        labels.span(),
                        format!("node label `{key}` = \"{value}\" is not a valid Kubernetes label"),
                        "invalid label",
                    )
                    .with_help("label keys are non-empty; values are at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"),
                );
            }
        }
    }
    if let Some(taints) = &raw.taints {
        if taints.len() > MAX_TAINTS {
            cx.push(
                Diagnostic::error(
                    taints.span(),
                    format!("a node group takes at most {MAX_TAINTS} taints"),
                    "too many taints",
                )
                .with_help("remove taints"),
            );
        }
        let mut seen: IndexMap<(String, TaintEffect), ()> = IndexMap::new();
        for taint in taints.iter() {
            if seen.insert((taint.key.clone(), taint.effect), ()).is_some() {
                cx.push(
                    Diagnostic::error(
                        taint.span(),
                        format!(
                            "taint `{}` with effect {:?} is listed twice",
                            taint.key, taint.effect
                        ),
                        "duplicate taint",
                    )
                    .with_help("each key and effect pair can be set once per node group"),
                );
            }
        }
    }
}

/// A node group's instance types must share one architecture: one AMI type boots on all of them.
///
/// EKS managed node groups take one `ami_type`, and the Amazon Linux 2023 AMIs are per
/// architecture (`AL2023_x86_64_STANDARD`, `AL2023_ARM_64_STANDARD`); an arm64 AMI does not boot
/// on an x86 instance or the other way round (EKS User Guide, "Create nodes with optimized Amazon
/// Linux AMIs", Arm AMIs; EKS API `Nodegroup.amiType`).
fn check_one_architecture(types: &Sp<Vec<Sp<String>>>, cx: &mut Context<'_>) {
    let Some(first) = types.first() else {
        return;
    };
    let architecture = Architecture::of(first.get());
    if let Some(other) = types
        .iter()
        .find(|t| Architecture::of(t.get()) != architecture)
    {
        let name = |a: Architecture| match a {
            Architecture::Arm64 => "Graviton (arm64)",
            Architecture::X86_64 => "x86_64",
        };
        cx.push(
            Diagnostic::error(
                other.span(),
                format!(
                    "`{}` is {} but `{}` is {}: one node group cannot mix architectures",
                    other.get(),
                    name(Architecture::of(other.get())),
                    first.get(),
                    name(architecture)
                ),
                "other architecture",
            )
            .with_help("a node group boots one AMI type; put Graviton types (m7g, c7g, t4g, …) and x86 types in separate node groups"),
        );
    }
}

fn is_label_value(value: &str) -> bool {
    value.is_empty()
        || (value.len() <= 63
            && value
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && value
                .bytes()
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
}

/// Pods get no tolerations from plinth, so at least one node group must take untainted pods.
pub(super) fn check_schedulable(
    raw: Option<&IndexMap<Sp<String>, Sp<NodeGroupRaw>>>,
    groups: &[NodeGroup],
    cx: &mut Context<'_>,
) {
    let repels =
        |effect: TaintEffect| matches!(effect, TaintEffect::NoSchedule | TaintEffect::NoExecute);
    if groups.is_empty()
        || groups
            .iter()
            .any(|g| !g.taints.iter().any(|t| repels(t.effect)))
    {
        return;
    }
    let Some(span) = raw
        .and_then(|groups| groups.values().last())
        .and_then(|group| group.taints.as_ref())
        .map(Sp::span)
    else {
        return;
    };
    cx.push(
        Diagnostic::error(
            span,
            "every node group is tainted, and nothing tolerates the taints",
            "no node for the pods",
        )
        .with_note("plinth's pods (the services, CoreDNS, the load balancer controller) have no tolerations for these taints, so they would stay Pending")
        .with_help("keep at least one node group without `NoSchedule`/`NoExecute` taints, or use `PreferNoSchedule`"),
    );
}
