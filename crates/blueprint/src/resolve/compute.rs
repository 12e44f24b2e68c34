use crate::aws::kubernetes::{
    DEFAULT_EKS_VERSION, EKS_ADDONS, EKS_VERSIONS, addon_versions, check_ec2_instance_type,
    is_addon_version,
};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::did_you_mean;
use crate::model::{Compute, Ecs, Eks, NodeGroup, Taint};
use crate::names::MAX_COMPONENT_NAME;
use crate::raw::{ComputePlatform, ComputeRaw, NodeCapacity, NodeGroupRaw};
use crate::span::{Sp, Span};

use super::project::check_name;
use super::{Context, list, or};

pub(super) fn compute(raw: Option<&Sp<ComputeRaw>>, cx: &mut Context<'_>) -> Compute {
    let default = ComputeRaw::default();
    let raw = raw.map_or(&default, |r| r.get());
    let platform = or(raw.platform.as_ref(), ComputePlatform::Ecs);
    match platform {
        ComputePlatform::Ecs => {
            let eks_only: [(&str, Option<Span>); 6] = [
                (
                    "kubernetes_version",
                    raw.kubernetes_version.as_ref().map(Sp::span),
                ),
                (
                    "public_endpoint",
                    raw.public_endpoint.as_ref().map(Sp::span),
                ),
                (
                    "public_access_cidrs",
                    raw.public_access_cidrs.as_ref().map(Sp::span),
                ),
                ("admins", raw.admins.as_ref().map(Sp::span)),
                (
                    "addon_versions",
                    raw.addon_versions
                        .as_ref()
                        .and_then(|a| a.keys().next())
                        .map(Sp::span),
                ),
                (
                    "node_groups",
                    raw.node_groups
                        .as_ref()
                        .and_then(|g| g.keys().next())
                        .map(Sp::span),
                ),
            ];
            wrong_platform(&eks_only, "EKS", "eks", cx);
            let fargate_spot_percent = or(raw.fargate_spot_percent.as_ref(), 0);
            if let Some(spot) = &raw.fargate_spot_percent
                && *spot.get() > 100
            {
                cx.push(
                    Diagnostic::error(
                        spot.span(),
                        "`fargate_spot_percent` is a percentage",
                        "more than 100",
                    )
                    .with_help("use a value from 0 (no Spot) to 100 (all Spot)"),
                );
            }
            if fargate_spot_percent > 0 && cx.production {
                let span = raw
                    .fargate_spot_percent
                    .as_ref()
                    .map_or_else(|| cx.anchor.clone(), Sp::span);
                cx.push(
                    Diagnostic::warning(span, "Fargate Spot tasks can be stopped at two minutes' notice", "Spot in production")
                        .with_help("keep a base of on-demand tasks in production-like environments, or set this to 0"),
                );
            }
            Compute::Ecs(Ecs {
                fargate_spot_percent,
                container_insights: or(raw.container_insights.as_ref(), true),
            })
        }
        ComputePlatform::Eks => {
            let ecs_only: [(&str, Option<Span>); 2] = [
                (
                    "fargate_spot_percent",
                    raw.fargate_spot_percent.as_ref().map(Sp::span),
                ),
                (
                    "container_insights",
                    raw.container_insights.as_ref().map(Sp::span),
                ),
            ];
            wrong_platform(&ecs_only, "ECS", "ecs", cx);
            Compute::Eks(eks(raw, cx))
        }
    }
}

fn wrong_platform(
    fields: &[(&str, Option<Span>)],
    owner: &str,
    platform: &str,
    cx: &mut Context<'_>,
) {
    for (field, span) in fields {
        if let Some(span) = span {
            cx.push(
                Diagnostic::error(
                    span.clone(),
                    format!("`compute.{field}` applies only to {owner}"),
                    format!("{owner}-only setting"),
                )
                .with_help(format!(
                    "remove it, or set `compute.platform = \"{platform}\"`"
                )),
            );
        }
    }
}

fn eks(raw: &ComputeRaw, cx: &mut Context<'_>) -> Eks {
    let kubernetes_version = or(
        raw.kubernetes_version.as_ref(),
        DEFAULT_EKS_VERSION.to_owned(),
    );
    if let Some(version) = &raw.kubernetes_version
        && !EKS_VERSIONS.contains(&version.as_str())
    {
        cx.push(
            Diagnostic::error(
                version.span(),
                format!("EKS does not offer Kubernetes `{}`", version.get()),
                "unsupported version",
            )
            .with_help(format!("use one of {}", EKS_VERSIONS.join(", "))),
        );
    }
    let public_endpoint = or(raw.public_endpoint.as_ref(), false);
    let public_access_cidrs = list(raw.public_access_cidrs.as_ref());
    for cidr in raw
        .public_access_cidrs
        .iter()
        .flat_map(|cidrs| cidrs.iter())
    {
        if cidr.parse::<ipnet::Ipv4Net>().is_err() {
            cx.push(
                Diagnostic::error(
                    cidr.span(),
                    format!("`{}` is not an IPv4 CIDR block", cidr.get()),
                    "not a CIDR",
                )
                .with_help("e.g. \"203.0.113.0/24\""),
            );
        }
    }
    if let Some(public) = &raw.public_endpoint
        && *public.get()
        && public_access_cidrs.is_empty()
    {
        cx.push(
            Diagnostic::error(
                public.span(),
                "a public API endpoint needs `public_access_cidrs`",
                "open to the internet",
            )
            .with_help(
                "list the CIDRs allowed to reach the Kubernetes API, e.g. your office or VPN range",
            ),
        );
    }
    super::node_groups::check_cluster(raw, cx);
    for admin in raw.admins.iter().flat_map(|admins| admins.iter()) {
        if !super::node_groups::is_principal_arn(admin.get()) {
            cx.push(
                Diagnostic::error(
                    admin.span(),
                    format!("`{}` is not an IAM principal ARN", admin.get()),
                    "not an ARN",
                )
                .with_help(
                    "use a role or user ARN, e.g. arn:aws:iam::123456789012:role/platform-admin",
                ),
            );
        }
    }
    let node_groups = match &raw.node_groups {
        Some(groups) if !groups.is_empty() => groups
            .iter()
            .map(|(name, group)| node_group(name, group, cx))
            .collect(),
        _ => vec![node_group_defaults(
            "default".to_owned(),
            &NodeGroupRaw::default(),
            cx,
        )],
    };
    super::node_groups::check_schedulable(raw.node_groups.as_ref(), &node_groups, cx);
    let addon_versions = addons(raw, &kubernetes_version, cx);
    Eks {
        kubernetes_version,
        public_endpoint,
        public_access_cidrs,
        admins: list(raw.admins.as_ref()),
        node_groups,
        addon_versions,
    }
}

/// The add-on versions: plinth's pins for the cluster version, with the blueprint's overrides.
fn addons(
    raw: &ComputeRaw,
    kubernetes_version: &str,
    cx: &mut Context<'_>,
) -> Vec<(String, String)> {
    // An unsupported version was reported above; any pins keep the rest of the checks going.
    let pinned = addon_versions(kubernetes_version)
        .or_else(|| addon_versions(DEFAULT_EKS_VERSION))
        .expect("the default version is pinned");
    let mut versions: Vec<(String, String)> = EKS_ADDONS
        .iter()
        .zip(pinned)
        .map(|(name, version)| ((*name).to_owned(), version.to_owned()))
        .collect();
    for (name, version) in raw.addon_versions.iter().flatten() {
        let Some(slot) = versions.iter_mut().find(|(n, _)| n == name.get()) else {
            let mut diagnostic = Diagnostic::error(
                name.span(),
                format!("`{}` is not an add-on plinth installs", name.get()),
                "unknown add-on",
            )
            .with_help(format!("plinth installs {}", EKS_ADDONS.join(", ")));
            if let Some(suggestion) = did_you_mean(name.get(), EKS_ADDONS.iter().copied()) {
                diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
            }
            cx.push(diagnostic);
            continue;
        };
        if !is_addon_version(version.get()) {
            cx.push(
                Diagnostic::error(
                    version.span(),
                    format!("`{}` is not an EKS add-on version", version.get()),
                    "not v<major>.<minor>.<patch>-eksbuild.<n>",
                )
                .with_help("list the versions with `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <version>`"),
            );
        }
        slot.1.clone_from(version.get());
    }
    versions
}

fn node_group(name: &Sp<String>, raw: &Sp<NodeGroupRaw>, cx: &mut Context<'_>) -> NodeGroup {
    check_name(name, "node group", MAX_COMPONENT_NAME, &mut cx.diagnostics);
    for instance_type in raw.instance_types.iter().flat_map(|types| types.iter()) {
        if let Err(reason) = check_ec2_instance_type(instance_type.get()) {
            cx.push(
                Diagnostic::error(
                    instance_type.span(),
                    format!("`{}` is not an EC2 instance type", instance_type.get()),
                    "unknown type",
                )
                .with_help(reason),
            );
        }
    }
    if let Some(types) = &raw.instance_types
        && types.is_empty()
    {
        cx.push(
            Diagnostic::error(
                types.span(),
                "a node group needs at least one instance type",
                "empty",
            )
            .with_help("e.g. [\"t3.large\"]"),
        );
    }
    super::node_groups::check_group(raw, cx);
    let group = node_group_defaults(name.get().clone(), raw.get(), cx);
    let sizes = [
        ("min_size", group.min_size, raw.min_size.as_ref()),
        (
            "desired_size",
            group.desired_size,
            raw.desired_size.as_ref(),
        ),
        ("max_size", group.max_size, raw.max_size.as_ref()),
    ];
    check_ordered(&sizes, name.span(), "node group sizes", cx);
    if group.max_size == 0 {
        let span = raw.max_size.as_ref().map_or_else(|| name.span(), Sp::span);
        cx.push(
            Diagnostic::error(span, "`max_size` must be at least 1", "no nodes")
                .with_help("a node group with no nodes runs nothing"),
        );
    }
    group
}

fn node_group_defaults(name: String, raw: &NodeGroupRaw, cx: &Context<'_>) -> NodeGroup {
    let min_size = or(raw.min_size.as_ref(), if cx.production { 2 } else { 1 });
    let desired_size = or(raw.desired_size.as_ref(), min_size);
    NodeGroup {
        name,
        instance_types: match &raw.instance_types {
            Some(_) => list(raw.instance_types.as_ref()),
            None => vec!["t3.medium".to_owned()],
        },
        capacity: or(
            raw.capacity.as_ref(),
            if cx.production {
                NodeCapacity::OnDemand
            } else {
                NodeCapacity::Spot
            },
        ),
        min_size,
        desired_size,
        max_size: or(raw.max_size.as_ref(), desired_size.max(3)),
        disk_size_gb: or(raw.disk_size_gb.as_ref(), 50),
        labels: raw
            .labels
            .as_ref()
            .map(|labels| labels.get().clone())
            .unwrap_or_default(),
        taints: raw
            .taints
            .iter()
            .flat_map(|taints| taints.iter())
            .map(|taint| Taint {
                key: taint.key.clone(),
                value: taint.value.clone(),
                effect: taint.effect,
            })
            .collect(),
    }
}

/// A named count, its resolved value and where it was written (if it was).
pub(super) type Bound<'a> = (&'a str, u32, Option<&'a Sp<u32>>);

/// Checks that `values` are in non-decreasing order, pointing at the first written value that
/// breaks it.
pub(super) fn check_ordered(
    values: &[Bound<'_>],
    fallback: Span,
    what: &str,
    cx: &mut Context<'_>,
) {
    // When the outer bounds cross, that is the mistake; the middle value only follows from it.
    let pairs: Vec<[Bound<'_>; 2]> = match (values.first(), values.last()) {
        (Some(low), Some(high)) if values.len() > 2 && low.1 > high.1 => vec![[*low, *high]],
        _ => values.windows(2).map(|pair| [pair[0], pair[1]]).collect(),
    };
    for [(low_name, low, low_at), (high_name, high, high_at)] in pairs {
        if low > high {
            let span = high_at
                .or(low_at)
                .map_or_else(|| fallback.clone(), Sp::span);
            cx.push(
                Diagnostic::error(
                    span,
                    format!("{what} must satisfy {low_name} ≤ {high_name}, but {low_name} is {low} and {high_name} is {high}"),
                    "out of order",
                )
                .with_help(format!("raise `{high_name}` to at least {low}, or lower `{low_name}`")),
            );
        }
    }
}
