use ipnet::Ipv4Net;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{Network, SMALLEST_SUBNET_PREFIX, Subnets};
use crate::raw::{Endpoint, NatMode, NetworkRaw};
use crate::span::Sp;

use super::{Context, list, or, span_or};

const DEFAULT_CIDR: &str = "10.0.0.0/16";

pub(super) fn network(raw: Option<&Sp<NetworkRaw>>, region: &str, cx: &mut Context<'_>) -> Network {
    let section_span = raw.map_or_else(|| cx.anchor.clone(), Sp::span);
    let default = NetworkRaw::default();
    let raw = raw.map_or(&default, |r| r.get());

    let cidr = match &raw.cidr {
        Some(text) => parse_cidr(text, cx),
        None => DEFAULT_CIDR.parse().ok(),
    }
    .unwrap_or_else(|| DEFAULT_CIDR.parse().expect("the default CIDR parses"));

    let availability_zones = match (&raw.availability_zones, cx.region) {
        (Some(zones), _) => {
            check_zones(zones, region, cx);
            list(Some(zones))
        }
        (None, Some(known)) => known.default_availability_zones(),
        (None, None) => Vec::new(),
    };

    let subnets = Subnets::plan(cidr, availability_zones.len()).unwrap_or_else(|| {
        cx.push(
            Diagnostic::error(
                span_or(raw.cidr.as_ref(), &section_span),
                format!(
                    "{cidr} has no room for {} subnets of at least /{SMALLEST_SUBNET_PREFIX}",
                    3 * availability_zones.len()
                ),
                "too small",
            )
            .with_help("use a larger range (a smaller prefix length) or fewer availability zones"),
        );
        Subnets::plan(DEFAULT_CIDR.parse().expect("valid"), 2).expect("the default plan fits")
    });

    let nat = or(
        raw.nat.as_ref(),
        if cx.production {
            NatMode::PerAz
        } else {
            NatMode::Single
        },
    );
    let mut endpoints = match &raw.endpoints {
        Some(_) => list(raw.endpoints.as_ref()),
        None if nat == NatMode::None => {
            vec![
                Endpoint::S3,
                Endpoint::Ecr,
                Endpoint::Logs,
                Endpoint::Secretsmanager,
            ]
        }
        None => Vec::new(),
    };
    endpoints.sort();
    endpoints.dedup();
    if nat == NatMode::None
        && let Some(given) = &raw.endpoints
    {
        let missing: Vec<&str> = [
            (Endpoint::S3, "s3"),
            (Endpoint::Ecr, "ecr"),
            (Endpoint::Logs, "logs"),
        ]
        .into_iter()
        .filter(|(endpoint, _)| !endpoints.contains(endpoint))
        .map(|(_, name)| name)
        .collect();
        if !missing.is_empty() {
            cx.push(
                Diagnostic::warning(
                    given.span(),
                    format!(
                        "without NAT, tasks cannot pull images or ship logs unless these endpoints exist: {}",
                        missing.join(", ")
                    ),
                    "missing endpoints",
                )
                .with_help("add them to `endpoints`, or choose `nat = \"single\"`"),
            );
        }
    }

    Network {
        cidr,
        availability_zones,
        nat,
        flow_logs: or(raw.flow_logs.as_ref(), cx.production),
        endpoints,
        subnets,
    }
}

fn parse_cidr(text: &Sp<String>, cx: &mut Context<'_>) -> Option<Ipv4Net> {
    let Ok(cidr) = text.parse::<Ipv4Net>() else {
        cx.push(
            Diagnostic::error(
                text.span(),
                format!("`{}` is not an IPv4 CIDR block", text.get()),
                "not a CIDR",
            )
            .with_help("write it as address/prefix, e.g. \"10.0.0.0/16\""),
        );
        return None;
    };
    if !(16..=24).contains(&cidr.prefix_len()) {
        cx.push(
            Diagnostic::error(
                text.span(),
                format!("a VPC range must be between /16 and /24, not /{}", cidr.prefix_len()),
                "prefix out of range",
            )
            .with_help("AWS allows VPCs from /16 (65,536 addresses) to /28; plinth needs /24 or larger for its subnets"),
        );
        return None;
    }
    if cidr.network() != cidr.addr() {
        cx.push(
            Diagnostic::error(
                text.span(),
                format!("`{}` has host bits set", text.get()),
                "not a network address",
            )
            .with_help(format!("did you mean \"{}\"?", cidr.trunc())),
        );
        return None;
    }
    if !cidr.addr().is_private() {
        cx.push(
            Diagnostic::warning(
                text.span(),
                format!("{cidr} is not a private (RFC 1918) range"),
                "public range",
            )
            .with_help("VPCs normally use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"),
        );
    }
    Some(cidr)
}

fn check_zones(zones: &Sp<Vec<Sp<String>>>, region: &str, cx: &mut Context<'_>) {
    if zones.len() < 2 {
        cx.push(
            Diagnostic::error(
                zones.span(),
                "at least two availability zones are needed",
                "too few zones",
            )
            .with_help(
                "a load balancer and a database subnet group each need subnets in two zones",
            ),
        );
    }
    let mut seen = Vec::new();
    for zone in zones.iter() {
        if seen.contains(zone.get()) {
            cx.push(
                Diagnostic::error(
                    zone.span(),
                    format!("zone `{}` is listed twice", zone.get()),
                    "duplicate",
                )
                .with_help("list each availability zone once"),
            );
        }
        seen.push(zone.get().clone());
        let Some(known) = cx.region else { continue };
        if !known.has_zone(zone.get()) {
            let diagnostic = Diagnostic::error(
                zone.span(),
                format!("`{}` is not an availability zone of {region}", zone.get()),
                "unknown zone",
            );
            let zones = known.availability_zones;
            // A zone of another region is a copy-paste slip, not a typo: say whose zone it is.
            let other_region = zone
                .get()
                .strip_suffix(|c: char| c.is_ascii_lowercase())
                .filter(|prefix| {
                    *prefix != region && crate::aws::regions::region(prefix).is_some()
                });
            if let Some(other) = other_region {
                cx.push(diagnostic.with_help(format!(
                    "`{}` is in {other}, but this environment is in {region}, which has {}",
                    zone.get(),
                    zones.join(", ")
                )));
                continue;
            }
            cx.push(match did_you_mean(zone.get(), zones.iter().copied()) {
                Some(close) => diagnostic.with_help(format!(
                    "did you mean `{close}`? {region} has {}",
                    zones.join(", ")
                )),
                None => diagnostic.with_help(format!("{region} has {}", zones.join(", "))),
            });
        }
    }
}
