//! Estimates as aligned text for people and as JSON for tools.

use std::fmt::Write as _;

use serde::Serialize;

use crate::EnvironmentEstimate;
use crate::prices::{self, Meta};

/// The JSON document `plinth cost --format json` prints.
#[derive(Serialize)]
struct Report<'a> {
    project: &'a str,
    currency: &'a str,
    price_table: PriceTableSummary<'a>,
    environments: &'a [EnvironmentEstimate],
}

#[derive(Serialize)]
struct PriceTableSummary<'a> {
    recorded: &'a str,
    prices_as_of: &'a str,
    sources: &'a [String],
}

/// The estimates as pretty JSON, with the price table's date and sources, ending in a newline.
pub fn to_json(project: &str, estimates: &[EnvironmentEstimate]) -> String {
    let meta = &prices::table().meta;
    let report = Report {
        project,
        currency: &meta.currency,
        price_table: PriceTableSummary {
            recorded: &meta.recorded,
            prices_as_of: &meta.prices_as_of,
            sources: &meta.sources,
        },
        environments: estimates,
    };
    // Only strings, numbers and sequences: serialisation cannot fail.
    serde_json::to_string_pretty(&report).expect("estimates serialise") + "\n"
}

/// The estimates as aligned text: per environment the lines, the total, the budget comparison,
/// anything unpriced and the assumptions.
pub fn to_table(project: &str, estimates: &[EnvironmentEstimate]) -> String {
    let meta: &Meta = &prices::table().meta;
    let mut out = format!(
        "Monthly cost estimate for {project}: on-demand list prices in {}, price table recorded {} ({}).\n",
        meta.currency, meta.recorded, meta.prices_as_of
    );
    for estimate in estimates {
        out.push('\n');
        environment(&mut out, estimate);
    }
    out
}

fn environment(out: &mut String, estimate: &EnvironmentEstimate) {
    let _ = writeln!(
        out,
        "== {} ({}) ==\nPrices: {}\n",
        estimate.environment, estimate.region, estimate.price_note
    );
    let mut rows: Vec<[String; 4]> = vec![[
        "Resource".to_owned(),
        "Quantity".to_owned(),
        "Unit price".to_owned(),
        "Monthly USD".to_owned(),
    ]];
    rows.extend(estimate.lines.iter().map(|line| {
        [
            line.resource.clone(),
            line.quantity.clone(),
            format!("{}/{}", unit_price(line.unit_price_usd), line.unit.suffix()),
            money(line.monthly_usd),
        ]
    }));
    rows.push([
        "Total".to_owned(),
        String::new(),
        String::new(),
        money(estimate.total_usd),
    ]);
    let widths: Vec<usize> = (0..4)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let line = format!(
            "{}  {}  {}  {}",
            pad_right(&row[0], widths[0]),
            pad_right(&row[1], widths[1]),
            pad_left(&row[2], widths[2]),
            pad_left(&row[3], widths[3]),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
    let _ = writeln!(out, "{}", budget(estimate));
    if !estimate.unpriced.is_empty() {
        out.push_str("Not priced (missing from the price table, left out of the total):\n");
        for item in &estimate.unpriced {
            let _ = writeln!(out, "  - {item}");
        }
    }
    out.push_str("Assumptions:\n");
    for assumption in &estimate.assumptions {
        let _ = writeln!(out, "  - {assumption}");
    }
}

/// The budget comparison line.
fn budget(estimate: &EnvironmentEstimate) -> String {
    match (estimate.budget_usd, estimate.over_budget_by()) {
        (None, _) => "Budget: none set ([budget] compares the estimate with a limit).".to_owned(),
        (Some(limit), Some(excess)) => format!(
            "Budget: ${} a month; exceeds budget by ${}.",
            money(limit),
            money(excess)
        ),
        (Some(limit), None) => format!(
            "Budget: ${} a month; within budget (${} to spare).",
            money(limit),
            money(prices::round_to(limit - estimate.total_usd, 2))
        ),
    }
}

/// `1234.5` → `1,234.50`.
fn money(value: f64) -> String {
    let text = format!("{value:.2}");
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{cents}")
}

/// A unit price with as many decimals as it has (at least two): `$0.0104`, `$5.00`.
fn unit_price(value: f64) -> String {
    let text = format!("{value:.6}");
    let trimmed = text.trim_end_matches('0');
    let decimals = trimmed.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals < 2 {
        format!("${value:.2}")
    } else {
        format!("${trimmed}")
    }
}

fn pad_right(text: &str, width: usize) -> String {
    let padding = width.saturating_sub(text.chars().count());
    format!("{text}{}", " ".repeat(padding))
}

fn pad_left(text: &str, width: usize) -> String {
    let padding = width.saturating_sub(text.chars().count());
    format!("{}{text}", " ".repeat(padding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_unit_prices_read_naturally() {
        assert_eq!(money(0.0), "0.00");
        assert_eq!(money(35.04), "35.04");
        assert_eq!(money(1234.5), "1,234.50");
        assert_eq!(money(1_234_567.891), "1,234,567.89");
        assert_eq!(unit_price(5.0), "$5.00");
        assert_eq!(unit_price(0.0104), "$0.0104");
        assert_eq!(unit_price(0.1), "$0.10");
        assert_eq!(unit_price(0.012_144), "$0.012144");
    }
}
