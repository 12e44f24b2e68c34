//! Offline monthly cost estimates of a blueprint's environments.
//!
//! [`estimate`] walks each resolved environment the way the Terraform emitter does (the same
//! NAT gateways, load balancer, tasks or nodes, data stores, secrets, keys, alarms and logs) and
//! prices every billable item from the price table shipped in `prices/aws-prices.json`. What a
//! blueprint cannot say (traffic, log volume, stored data) comes from the named constants in
//! [`assumptions`], and each estimate lists the assumptions it used in words.
//!
//! The figures are on-demand list prices with no free tier, no Savings Plans or reserved
//! capacity and no data transfer beyond NAT and endpoint processing: a planning aid that is
//! the same on every machine, not a bill.
#![deny(missing_docs)]

pub mod assumptions;
mod estimate;
pub mod prices;
mod render;

use serde::Serialize;

use plinth_blueprint::model::{Blueprint, Environment};

pub use prices::Basis;
pub use render::{to_json, to_table};

/// The estimate of one environment.
#[derive(Clone, Debug, Serialize)]
pub struct EnvironmentEstimate {
    /// The environment's name.
    pub environment: String,
    /// Its AWS region.
    pub region: String,
    /// Whether the region's prices are published or derived from us-east-1's.
    pub price_basis: Basis,
    /// How the region's prices were obtained, in words.
    pub price_note: String,
    /// The billable items, in a fixed order (network, compute, data, operations).
    pub lines: Vec<CostLine>,
    /// The sum of the lines, USD a month.
    pub total_usd: f64,
    /// The environment's `[budget]` limit, USD a month.
    pub budget_usd: Option<f64>,
    /// Whether the total is within the budget (`None` without a budget).
    pub within_budget: Option<bool>,
    /// The usage the estimate assumed, in words.
    pub assumptions: Vec<String>,
    /// Items the price table has no price for; they are not in the total.
    pub unpriced: Vec<String>,
}

/// One billable item: `billed_units` × `unit_price_usd` = `monthly_usd`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostLine {
    /// What is billed, e.g. `NAT gateway` or `Fargate vCPU (api)`.
    pub resource: String,
    /// How the billed units come about, e.g. `2 gateways × 730 h`.
    pub quantity: String,
    /// The number of billed units.
    pub billed_units: f64,
    /// The unit.
    pub unit: Unit,
    /// The price of one unit, USD.
    pub unit_price_usd: f64,
    /// The monthly cost, USD, rounded to cents.
    pub monthly_usd: f64,
}

/// The unit a line is billed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// An hour of a resource.
    Hour,
    /// A GB processed or ingested.
    Gb,
    /// A GB stored for a month.
    GbMonth,
    /// A resource kept for a month.
    Month,
    /// A vCPU for an hour.
    VcpuHour,
    /// A GB of memory for an hour.
    GbHour,
    /// A load balancer capacity unit for an hour.
    LcuHour,
    /// An Aurora capacity unit for an hour.
    AcuHour,
    /// A million requests.
    MillionRequests,
    /// A thousand requests.
    ThousandRequests,
    /// A thousand Step Functions state transitions.
    ThousandTransitions,
    /// A million X-Ray traces recorded.
    MillionTraces,
}

impl Unit {
    /// The short suffix after a unit price, e.g. `h` in `$0.045/h`.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Hour => "h",
            Self::Gb => "GB",
            Self::GbMonth => "GB-mo",
            Self::Month => "mo",
            Self::VcpuHour => "vCPU-h",
            Self::GbHour => "GB-h",
            Self::LcuHour => "LCU-h",
            Self::AcuHour => "ACU-h",
            Self::MillionRequests => "M req",
            Self::ThousandRequests => "k req",
            Self::ThousandTransitions => "k transitions",
            Self::MillionTraces => "M traces",
        }
    }
}

impl EnvironmentEstimate {
    /// How much the total exceeds the budget, USD (`None` within budget or without one).
    pub fn over_budget_by(&self) -> Option<f64> {
        let budget = self.budget_usd?;
        (self.total_usd > budget).then(|| prices::round_to(self.total_usd - budget, 2))
    }
}

/// An environment whose estimate exceeds its `[budget]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverBudget<'a> {
    /// The environment's name.
    pub environment: &'a str,
    /// Its estimated monthly total, USD.
    pub total_usd: f64,
    /// Its monthly budget, USD.
    pub budget_usd: f64,
}

/// The monthly estimate of every environment of `blueprint`, in promotion order.
pub fn estimate(blueprint: &Blueprint) -> Vec<EnvironmentEstimate> {
    blueprint
        .environments
        .iter()
        .map(estimate_environment)
        .collect()
}

/// The monthly estimate of one environment.
pub fn estimate_environment(environment: &Environment) -> EnvironmentEstimate {
    estimate::environment(environment, &prices::table().regional(&environment.region))
}

/// The environments whose estimate exceeds their budget, in the order given.
pub fn over_budget(estimates: &[EnvironmentEstimate]) -> Vec<OverBudget<'_>> {
    estimates
        .iter()
        .filter_map(|estimate| {
            estimate.over_budget_by()?;
            Some(OverBudget {
                environment: &estimate.environment,
                total_usd: estimate.total_usd,
                budget_usd: estimate.budget_usd?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
