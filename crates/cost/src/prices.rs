//! The shipped price table (`prices/aws-prices.json`) and the prices it gives each region.
//!
//! The table holds us-east-1 list prices once and, per region, either "published" (the same
//! prices, or published figures for some items) or "derived" (us-east-1 scaled by a multiplier).
//! Keeping one base set and a multiplier per region, rather than thirty copies of every number,
//! makes plain which figures were read off a pricing page and which were extrapolated.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The price table, as shipped.
const TABLE_JSON: &str = include_str!("../prices/aws-prices.json");

/// Derived prices are rounded to this many decimal places, so a multiplier does not leave
/// binary noise (0.045760000000000005) in the output.
const PRICE_DECIMALS: i32 = 6;

static TABLE: LazyLock<PriceTable> = LazyLock::new(|| {
    // The table is compiled into the binary and checked whole by the tests
    // (`the_shipped_table_prices_every_region`), so a parse failure is a bug in the shipped file,
    // not a user error. A process only deserializes it and prices the regions it is asked for:
    // checking all of them again (`PriceTable::parse`) was a quarter of a small `generate`.
    serde_json::from_str(TABLE_JSON).expect("prices/aws-prices.json is a valid price table")
});

/// The shipped price table.
pub fn table() -> &'static PriceTable {
    &TABLE
}

/// The whole price table file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    /// Where the prices come from and when they were recorded.
    pub meta: Meta,
    /// The region whose prices `base` holds.
    pub base_region: String,
    /// Items priced the same in every region: never scaled by a multiplier.
    pub uniform: Vec<String>,
    /// Pricing rules that are not prices.
    pub rules: Rules,
    /// The base region's prices, as JSON so regions can scale them item by item.
    base: Map<String, Value>,
    /// How each supported region's prices relate to the base.
    pub regions: BTreeMap<String, RegionEntry>,
}

/// Where the prices come from.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// What the table is and how far to trust it.
    pub comment: String,
    /// The pricing pages and offer files the prices come from.
    pub sources: Vec<String>,
    /// The date the table was written (YYYY-MM-DD).
    pub recorded: String,
    /// Which published prices the table reflects.
    pub prices_as_of: String,
    /// Always `USD`.
    pub currency: String,
    /// Hours in a billing month.
    pub hours_per_month: f64,
    /// Caveats about particular items.
    pub notes: Vec<String>,
}

/// Pricing rules that are not per-unit prices.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The fraction Valkey nodes list below Redis OSS nodes of the same type.
    pub valkey_node_discount: f64,
    /// What Multi-AZ multiplies an RDS instance's and its storage's price by.
    pub rds_multi_az_factor: f64,
}

/// How one region's prices are obtained.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionEntry {
    /// `published` or `derived`.
    pub basis: Basis,
    /// What the base prices are multiplied by.
    pub multiplier: f64,
    /// The basis in words, e.g. `derived: us-east-1 × 1.10 (EC2 t3.micro $0.0114)`.
    pub note: String,
    /// Items with a published price of their own in this region, overriding the multiplier.
    #[serde(default)]
    pub published: Map<String, Value>,
}

/// Whether a region's prices were read off the pricing pages or extrapolated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Published list prices.
    Published,
    /// The base region's prices times a multiplier (with any published overrides).
    Derived,
}

/// Every price plinth's estimates use, for one region. Hourly prices are per hour, monthly per
/// month (730 hours), data prices per GB.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(
    missing_docs,
    reason = "each field is named after its unit; the table documents them"
)]
pub struct Prices {
    pub nat_gateway_hour: f64,
    pub nat_gateway_gb: f64,
    pub public_ipv4_hour: f64,
    pub vpc_interface_endpoint_hour: f64,
    pub vpc_interface_endpoint_gb: f64,
    pub alb_hour: f64,
    pub alb_lcu_hour: f64,
    pub fargate_vcpu_hour: f64,
    pub fargate_gb_hour: f64,
    pub eks_cluster_hour: f64,
    pub ebs_gp3_gb_month: f64,
    pub rds_gp3_gb_month: f64,
    pub rds_backup_gb_month: f64,
    pub aurora_storage_gb_month: f64,
    pub aurora_io_million_requests: f64,
    pub aurora_backup_gb_month: f64,
    pub aurora_serverless_v2_acu_hour: f64,
    pub msk_storage_gb_month: f64,
    pub cloudwatch_alarm_month: f64,
    pub cloudwatch_dashboard_month: f64,
    pub cloudwatch_metric_month: f64,
    pub cloudwatch_logs_ingest_gb: f64,
    pub cloudwatch_logs_storage_gb_month: f64,
    pub ecr_storage_gb_month: f64,
    pub s3_standard_gb_month: f64,
    pub s3_put_thousand_requests: f64,
    pub s3_get_thousand_requests: f64,
    pub sqs_million_requests: f64,
    pub sqs_fifo_million_requests: f64,
    pub sns_million_publishes: f64,
    pub xray_million_traces_recorded: f64,
    pub step_functions_thousand_transitions: f64,
    pub scheduler_million_invocations: f64,
    pub secrets_manager_secret_month: f64,
    pub kms_key_month: f64,
    pub waf_web_acl_month: f64,
    pub waf_rule_month: f64,
    pub waf_million_requests: f64,
    /// EC2 instance type → hourly price.
    pub ec2_instance_hour: BTreeMap<String, f64>,
    /// RDS instance class → hourly price (Single-AZ).
    pub rds_instance_hour: BTreeMap<String, f64>,
    /// Aurora instance class → hourly price.
    pub aurora_instance_hour: BTreeMap<String, f64>,
    /// ElastiCache node type → hourly price (Redis OSS).
    pub elasticache_node_hour: BTreeMap<String, f64>,
    /// MSK broker type → hourly price.
    pub msk_broker_hour: BTreeMap<String, f64>,
}

/// One region's prices and how they were obtained.
#[derive(Clone, Debug)]
pub struct RegionalPrices {
    /// The region the prices are for.
    pub region: String,
    /// The region whose prices were used: `region`, or the base region when the table has no
    /// entry for it.
    pub priced_as: String,
    /// The prices.
    pub prices: Prices,
    /// Pricing rules.
    pub rules: Rules,
    /// `published` or `derived`.
    pub basis: Basis,
    /// The basis in words, naming the items with published prices of their own.
    pub note: String,
}

impl PriceTable {
    /// Parses a price table and checks that every region yields a complete set of prices.
    pub fn parse(json: &str) -> Result<Self, String> {
        let table: Self = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if !table.regions.contains_key(&table.base_region) {
            return Err(format!(
                "the base region {} has no entry",
                table.base_region
            ));
        }
        for name in table.regions.keys() {
            table
                .prices(name)
                .map_err(|error| format!("region {name}: {error}"))?;
        }
        Ok(table)
    }

    /// The prices of `region`, or the base region's (with a note saying so) when the table
    /// has no entry for it.
    pub fn regional(&self, region: &str) -> RegionalPrices {
        let (priced_as, entry) = match self.regions.get(region) {
            Some(entry) => (region, entry),
            None => (
                self.base_region.as_str(),
                &self.regions[self.base_region.as_str()],
            ),
        };
        let prices = self
            .prices(priced_as)
            .expect("every region's prices are checked by the tests");
        let mut note = entry.note.clone();
        if !entry.published.is_empty() {
            let items: Vec<&str> = entry.published.keys().map(String::as_str).collect();
            note = format!("{note}; published: {}", items.join(", "));
        }
        if priced_as != region {
            note = format!(
                "no prices recorded for {region}; {} prices used ({note})",
                self.base_region
            );
        }
        RegionalPrices {
            region: region.to_owned(),
            priced_as: priced_as.to_owned(),
            prices,
            rules: self.rules,
            basis: entry.basis,
            note,
        }
    }

    /// The regions the table prices, sorted.
    pub fn region_names(&self) -> impl Iterator<Item = &str> {
        self.regions.keys().map(String::as_str)
    }

    /// The prices of a region the table lists: the base scaled by its multiplier (uniform
    /// items excepted), then its published overrides.
    fn prices(&self, region: &str) -> Result<Prices, String> {
        let entry = self
            .regions
            .get(region)
            .ok_or_else(|| format!("no entry for {region}"))?;
        if entry.multiplier <= 0.0 {
            return Err("the multiplier must be positive".to_owned());
        }
        let mut prices = self.base.clone();
        for (item, value) in &mut prices {
            if !self.uniform.contains(item) {
                scale(value, entry.multiplier);
            }
        }
        for (item, published) in &entry.published {
            match (prices.get_mut(item), published) {
                (Some(Value::Object(map)), Value::Object(overrides)) => {
                    map.extend(overrides.clone());
                }
                (Some(slot @ Value::Number(_)), Value::Number(_)) => *slot = published.clone(),
                _ => return Err(format!("published price `{item}` matches no base item")),
            }
        }
        serde_json::from_value(Value::Object(prices)).map_err(|e| e.to_string())
    }
}

/// Multiplies a price, or every price of a map, by `factor`.
fn scale(value: &mut Value, factor: f64) {
    match value {
        Value::Number(number) => {
            let scaled = round_to(number.as_f64().unwrap_or_default() * factor, PRICE_DECIMALS);
            if let Some(scaled) = serde_json::Number::from_f64(scaled) {
                *number = scaled;
            }
        }
        Value::Object(map) => map.values_mut().for_each(|v| scale(v, factor)),
        _ => {}
    }
}

/// `value` rounded to `decimals` decimal places.
pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10_f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use plinth_blueprint::aws::regions::REGIONS;

    use super::*;

    #[test]
    fn the_shipped_table_prices_every_region() {
        let table = PriceTable::parse(TABLE_JSON).expect("a valid price table");
        assert_eq!(
            table.regions.keys().collect::<Vec<_>>(),
            super::table().regions.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_supported_region_has_every_price() {
        let table = table();
        for region in REGIONS {
            let entry = table
                .regions
                .get(region.name)
                .unwrap_or_else(|| panic!("no price entry for {}", region.name));
            let regional = table.regional(region.name);
            assert_eq!(regional.priced_as, region.name);
            // Every price is positive, and every map holds the base's keys.
            let base = serde_json::to_value(&table.regional(&table.base_region).prices).unwrap();
            let prices = serde_json::to_value(&regional.prices).unwrap();
            for (item, value) in prices.as_object().unwrap() {
                match value {
                    Value::Object(map) => {
                        assert_eq!(
                            map.keys().collect::<Vec<_>>(),
                            base[item].as_object().unwrap().keys().collect::<Vec<_>>(),
                            "{}: {item}",
                            region.name
                        );
                        assert!(
                            map.values().all(|p| p.as_f64().unwrap() > 0.0),
                            "{}: {item}",
                            region.name
                        );
                    }
                    _ => assert!(value.as_f64().unwrap() > 0.0, "{}: {item}", region.name),
                }
            }
            // The note says how the prices were obtained, and derived ones say from what.
            match entry.basis {
                Basis::Published => assert!(entry.note.starts_with("published")),
                Basis::Derived => assert!(
                    entry
                        .note
                        .starts_with(&format!("derived: us-east-1 × {:.2}", entry.multiplier)),
                    "{}: {}",
                    region.name,
                    entry.note
                ),
            }
        }
        assert_eq!(
            table.regions.len(),
            REGIONS.len(),
            "the table prices a region plinth does not support"
        );
    }

    #[test]
    fn derived_regions_scale_the_base_and_keep_uniform_items() {
        let table = table();
        let frankfurt = table.regional("eu-central-1");
        assert_eq!(frankfurt.basis, Basis::Derived);
        // t3.micro: $0.0104 × 1.16 = $0.012064.
        assert!((frankfurt.prices.ec2_instance_hour["t3.micro"] - 0.012_064).abs() < 1e-9);
        // Published override, not 0.045 × 1.16.
        assert!((frankfurt.prices.nat_gateway_hour - 0.052).abs() < 1e-9);
        // Uniform: the same everywhere.
        assert!((frankfurt.prices.eks_cluster_hour - 0.10).abs() < 1e-9);
        assert!((frankfurt.prices.kms_key_month - 1.0).abs() < 1e-9);
        assert!(frankfurt.note.contains("published: "));
    }

    #[test]
    fn unknown_regions_fall_back_to_the_base_and_say_so() {
        let prices = table().regional("xx-nowhere-1");
        assert_eq!(prices.priced_as, "us-east-1");
        assert!(
            prices
                .note
                .starts_with("no prices recorded for xx-nowhere-1")
        );
    }

    #[test]
    fn uniform_items_name_base_prices() {
        let table = table();
        for item in &table.uniform {
            assert!(table.base.contains_key(item), "{item}");
        }
    }

    #[test]
    fn broken_tables_are_rejected() {
        let mut json: Value = serde_json::from_str(TABLE_JSON).unwrap();
        json["base"].as_object_mut().unwrap().remove("alb_hour");
        assert!(PriceTable::parse(&json.to_string()).is_err());
        let mut json: Value = serde_json::from_str(TABLE_JSON).unwrap();
        json["regions"]["eu-west-1"]["published"]["alb_hours"] = Value::from(1.0);
        assert!(PriceTable::parse(&json.to_string()).is_err());
    }
}
