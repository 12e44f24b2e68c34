//! One environment's estimate, item by item, following what the Terraform emitter generates for
//! it (`crates/terraform/src/ecs.rs`, `eks.rs`, `catalog.rs` and the modules they call).
//!
//! Each file prices one part of the environment into the shared [`Builder`].

mod compute;
mod data;
mod jobs;
mod messaging;
mod network;
mod observability;
mod secrets;
mod storage;

use plinth_blueprint::model::{Compute, Environment};

use crate::assumptions::{HOURS_PER_MONTH, number};
use crate::prices::{Prices, RegionalPrices, Rules, round_to};
use crate::{CostLine, EnvironmentEstimate, Unit};

#[cfg(test)]
pub(crate) use compute::fargate_split;
use compute::{ecs, eks};
use data::{cache, database, kafka};
use jobs::{ecs_jobs, eks_jobs};
#[cfg(test)]
pub(crate) use jobs::{fargate_run_split, run_minutes, transitions_per_run};
use messaging::{messaging, tracing};
use network::{load_balancer, network, public_ipv4, waf};
use observability::{alarms_and_dashboard, logs};
use secrets::secrets_and_keys;
use storage::storage;

/// `n` as a float; counts in a blueprint are far below where `f64` loses precision.
fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `"1 gateway"`, `"2 gateways"`, `"1.5 tasks"`.
fn plural(n: f64, one: &str, many: &str) -> String {
    let noun = if (n - 1.0).abs() < f64::EPSILON {
        one
    } else {
        many
    };
    format!("{} {noun}", number(n))
}

/// Things that each hold or move the same assumed amount of data, for [`Builder::add_gb_each`].
#[derive(Clone, Copy)]
struct GbEach<'a> {
    /// How many.
    count: f64,
    /// What one and several are called.
    nouns: (&'a str, &'a str),
    /// GB each.
    each: f64,
    /// The assumption in words, `{}` standing for `each`.
    assumption: &'a str,
}

/// Collects the lines, assumptions and unpriced items of one environment.
struct Builder<'a> {
    prices: &'a Prices,
    rules: Rules,
    lines: Vec<CostLine>,
    assumptions: Vec<String>,
    unpriced: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(regional: &'a RegionalPrices) -> Self {
        Self {
            prices: &regional.prices,
            rules: regional.rules,
            lines: Vec::new(),
            assumptions: vec![format!(
                "A month is {} hours; every resource runs all month.",
                number(HOURS_PER_MONTH)
            )],
            unpriced: Vec::new(),
        }
    }

    /// Adds a line unless nothing is billed.
    fn add(&mut self, resource: &str, quantity: String, billed: f64, unit: Unit, price: f64) {
        if billed <= 0.0 {
            return;
        }
        self.lines.push(CostLine {
            resource: resource.to_owned(),
            quantity,
            billed_units: round_to(billed, 6),
            unit,
            unit_price_usd: round_to(price, 6),
            monthly_usd: round_to(billed * price, 2),
        });
    }

    /// Adds the data of `count` things that each hold or move `each` GB (`nouns`: one, many),
    /// and the assumption `assumption` (with `{}` for `each`) when there are any.
    fn add_gb_each(&mut self, resource: &str, usage: GbEach<'_>, unit: Unit, price: f64) {
        let GbEach {
            count,
            nouns: (one, many),
            each,
            assumption,
        } = usage;
        self.add(
            resource,
            format!("{} × {} GB", plural(count, one, many), number(each)),
            count * each,
            unit,
            price,
        );
        if count > 0.0 {
            self.assume(assumption.replace("{}", &number(each)));
        }
    }

    fn assume(&mut self, text: String) {
        if !self.assumptions.contains(&text) {
            self.assumptions.push(text);
        }
    }
}

/// The estimate of `env` at `regional` prices.
pub(crate) fn environment(env: &Environment, regional: &RegionalPrices) -> EnvironmentEstimate {
    let mut b = Builder::new(regional);
    let nat_gateways = network(&mut b, env);
    let load_balancer = load_balancer(&mut b, env);
    public_ipv4(&mut b, env, nat_gateways, load_balancer);
    let waf = waf(&mut b, env);
    match &env.compute {
        Compute::Ecs(ecs) => {
            self::ecs(&mut b, env, ecs);
            ecs_jobs(&mut b, env, ecs);
        }
        Compute::Eks(eks) => {
            self::eks(&mut b, eks);
            eks_jobs(&mut b, env);
        }
    }
    database(&mut b, env);
    cache(&mut b, env);
    kafka(&mut b, env);
    storage(&mut b, env);
    messaging(&mut b, env);
    tracing(&mut b, env);
    secrets_and_keys(&mut b, env);
    alarms_and_dashboard(&mut b, env, load_balancer);
    logs(&mut b, env, waf);

    let total = round_to(b.lines.iter().map(|line| line.monthly_usd).sum(), 2);
    let budget = env.budget.as_ref().map(|budget| budget.monthly_limit_usd);
    EnvironmentEstimate {
        environment: env.name.clone(),
        region: env.region.clone(),
        price_basis: regional.basis,
        price_note: regional.note.clone(),
        lines: b.lines,
        total_usd: total,
        budget_usd: budget,
        within_budget: budget.map(|limit| total <= limit),
        assumptions: b.assumptions,
        unpriced: b.unpriced,
    }
}
