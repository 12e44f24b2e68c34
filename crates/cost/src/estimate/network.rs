//! NAT gateways, VPC endpoints, the load balancer, public IPv4 addresses and the web ACL.

use plinth_blueprint::model::{Compute, Environment};
use plinth_blueprint::raw::{Endpoint, NatMode};

use crate::Unit;
use crate::assumptions::{
    ALB_AVERAGE_LCU, ALB_PUBLIC_IPS_PER_ZONE, ENDPOINT_GB_PER_ENDPOINT, HOURS_PER_MONTH,
    NAT_GB_PER_GATEWAY, WAF_MILLION_REQUESTS, number,
};

use super::{Builder, GbEach, count, plural};

/// The waf module's rules: three AWS managed rule groups (its default) and the rate limit.
const WAF_RULES: f64 = 4.0;

/// NAT gateways and interface endpoints; returns the number of NAT gateways.
pub(super) fn network(b: &mut Builder, env: &Environment) -> f64 {
    let network = &env.network;
    let zones = count(network.availability_zones.len());
    let gateways = match network.nat {
        NatMode::None => 0.0,
        NatMode::Single => 1.0,
        NatMode::PerAz => zones,
    };
    let p = b.prices;
    b.add(
        "NAT gateway",
        format!(
            "{} × {} h (nat = {})",
            plural(gateways, "gateway", "gateways"),
            number(HOURS_PER_MONTH),
            network.nat.as_str()
        ),
        gateways * HOURS_PER_MONTH,
        Unit::Hour,
        p.nat_gateway_hour,
    );
    b.add_gb_each(
        "NAT gateway data processed",
        GbEach {
            count: gateways,
            nouns: ("gateway", "gateways"),
            each: NAT_GB_PER_GATEWAY,
            assumption: "Each NAT gateway processes {} GB a month.",
        },
        Unit::Gb,
        p.nat_gateway_gb,
    );
    // The network module makes `ecr` two endpoints (ecr.api, ecr.dkr); `s3` is a free gateway.
    let interface: Vec<&str> = network
        .endpoints
        .iter()
        .flat_map(|endpoint| match endpoint {
            Endpoint::S3 => &[][..],
            Endpoint::Ecr => &["ecr.api", "ecr.dkr"][..],
            Endpoint::Logs => &["logs"][..],
            Endpoint::Secretsmanager => &["secretsmanager"][..],
            Endpoint::Sqs => &["sqs"][..],
            Endpoint::Sns => &["sns"][..],
        })
        .copied()
        .collect();
    let endpoints = count(interface.len());
    b.add(
        "VPC interface endpoints",
        format!(
            "{} ({}) × {} × {} h",
            plural(endpoints, "endpoint", "endpoints"),
            interface.join(", "),
            plural(zones, "zone", "zones"),
            number(HOURS_PER_MONTH)
        ),
        endpoints * zones * HOURS_PER_MONTH,
        Unit::Hour,
        p.vpc_interface_endpoint_hour,
    );
    b.add_gb_each(
        "VPC interface endpoint data processed",
        GbEach {
            count: endpoints,
            nouns: ("endpoint", "endpoints"),
            each: ENDPOINT_GB_PER_ENDPOINT,
            assumption: "Each interface VPC endpoint processes {} GB a month.",
        },
        Unit::Gb,
        p.vpc_interface_endpoint_gb,
    );
    gateways
}

/// The Application Load Balancer, when a service is public: Terraform's on ECS, the Ingress
/// group's on EKS (one ALB for every public service, made by the AWS Load Balancer Controller).
pub(super) fn load_balancer(b: &mut Builder, env: &Environment) -> bool {
    if !env.services.iter().any(|s| s.public_web().is_some()) {
        return false;
    }
    let resource = match env.compute {
        Compute::Ecs(_) => "Application Load Balancer",
        Compute::Eks(_) => "Application Load Balancer (Ingress)",
    };
    let p = b.prices;
    b.add(
        resource,
        format!("1 × {} h", number(HOURS_PER_MONTH)),
        HOURS_PER_MONTH,
        Unit::Hour,
        p.alb_hour,
    );
    b.add(
        "Load balancer capacity units",
        format!(
            "{} LCU × {} h",
            number(ALB_AVERAGE_LCU),
            number(HOURS_PER_MONTH)
        ),
        ALB_AVERAGE_LCU * HOURS_PER_MONTH,
        Unit::LcuHour,
        p.alb_lcu_hour,
    );
    b.assume(format!(
        "The load balancer averages {} LCU (new connections, active connections, processed bytes and rule evaluations, whichever is highest).",
        number(ALB_AVERAGE_LCU)
    ));
    if matches!(env.compute, Compute::Eks(_)) {
        b.assume(
            "On EKS the public services share one ALB, created by the AWS Load Balancer Controller for their Ingress group."
                .to_owned(),
        );
    }
    true
}

/// The NAT gateways' Elastic IPs and the load balancer's addresses.
pub(super) fn public_ipv4(
    b: &mut Builder,
    env: &Environment,
    nat_gateways: f64,
    load_balancer: bool,
) {
    let zones = count(env.network.availability_zones.len());
    let balancer = if load_balancer {
        zones * ALB_PUBLIC_IPS_PER_ZONE
    } else {
        0.0
    };
    let mut parts = Vec::new();
    if nat_gateways > 0.0 {
        parts.push(plural(nat_gateways, "NAT gateway IP", "NAT gateway IPs"));
    }
    if balancer > 0.0 {
        parts.push(plural(balancer, "load balancer IP", "load balancer IPs"));
        b.assume(format!(
            "The load balancer holds {} public IPv4 address per zone.",
            number(ALB_PUBLIC_IPS_PER_ZONE)
        ));
    }
    let price = b.prices.public_ipv4_hour;
    b.add(
        "Public IPv4 addresses",
        match parts.as_slice() {
            [only] => format!("{only} × {} h", number(HOURS_PER_MONTH)),
            _ => format!("({}) × {} h", parts.join(" + "), number(HOURS_PER_MONTH)),
        },
        (nat_gateways + balancer) * HOURS_PER_MONTH,
        Unit::Hour,
        price,
    );
}

/// The web ACL (ECS only: the EKS path refuses `[waf]`); returns whether there is one.
pub(super) fn waf(b: &mut Builder, env: &Environment) -> bool {
    if env.waf.is_none() || !matches!(env.compute, Compute::Ecs(_)) {
        return false;
    }
    let p = b.prices;
    b.add(
        "WAF web ACL",
        "1 web ACL".to_owned(),
        1.0,
        Unit::Month,
        p.waf_web_acl_month,
    );
    b.add(
        "WAF rules",
        "3 managed rule groups + 1 rate limit".to_owned(),
        WAF_RULES,
        Unit::Month,
        p.waf_rule_month,
    );
    b.add(
        "WAF requests",
        format!("{} million", number(WAF_MILLION_REQUESTS)),
        WAF_MILLION_REQUESTS,
        Unit::MillionRequests,
        p.waf_million_requests,
    );
    b.assume(format!(
        "The web ACL inspects {} million requests a month.",
        number(WAF_MILLION_REQUESTS)
    ));
    true
}
