use ipnet::Ipv4Net;
use serde::Serialize;

use crate::raw::{Endpoint, NatMode};

/// The VPC of one environment.
#[derive(Clone, Debug, Serialize)]
pub struct Network {
    /// The VPC range.
    pub cidr: Ipv4Net,
    /// The zones, in order; subnet lists below follow this order.
    pub availability_zones: Vec<String>,
    /// NAT mode.
    pub nat: NatMode,
    /// Whether flow logs go to CloudWatch.
    pub flow_logs: bool,
    /// VPC endpoints to create, sorted.
    pub endpoints: Vec<Endpoint>,
    /// The subnet plan.
    pub subnets: Subnets,
}

/// Three tiers of subnets, one subnet per zone in each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subnets {
    /// Public subnets (load balancer, NAT gateways).
    pub public: Vec<Ipv4Net>,
    /// Private subnets for the services.
    pub app: Vec<Ipv4Net>,
    /// Private subnets for databases, caches and brokers.
    pub data: Vec<Ipv4Net>,
}

/// The smallest subnet AWS allows.
pub const SMALLEST_SUBNET_PREFIX: u8 = 28;

impl Subnets {
    /// Splits `cidr` into equal subnets for `zones` zones and three tiers, ordered public, app,
    /// data and by zone within each tier. `None` when the subnets would be smaller than /28.
    pub fn plan(cidr: Ipv4Net, zones: usize) -> Option<Self> {
        let count = 3 * zones.max(1);
        let extra_bits = u8::try_from(count.next_power_of_two().trailing_zeros()).ok()?;
        let prefix = cidr.prefix_len() + extra_bits;
        if prefix > SMALLEST_SUBNET_PREFIX {
            return None;
        }
        let all: Vec<Ipv4Net> = cidr.subnets(prefix).ok()?.take(count).collect();
        let mut tiers = all.chunks(zones.max(1)).map(<[Ipv4Net]>::to_vec);
        Some(Self {
            public: tiers.next()?,
            app: tiers.next()?,
            data: tiers.next()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn two_zones_in_a_slash_16_get_slash_19s() {
        let plan = Subnets::plan(net("10.0.0.0/16"), 2).unwrap();
        assert_eq!(plan.public, [net("10.0.0.0/19"), net("10.0.32.0/19")]);
        assert_eq!(plan.app, [net("10.0.64.0/19"), net("10.0.96.0/19")]);
        assert_eq!(plan.data, [net("10.0.128.0/19"), net("10.0.160.0/19")]);
    }

    #[test]
    fn a_slash_24_fits_four_zones_but_not_six() {
        let plan = Subnets::plan(net("10.1.2.0/24"), 4).unwrap();
        assert_eq!(plan.data[3], net("10.1.2.176/28"));
        assert!(Subnets::plan(net("10.1.2.0/24"), 6).is_none());
    }
}
