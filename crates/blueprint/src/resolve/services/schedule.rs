//! EventBridge Scheduler's schedule expressions: checked as plinth reads them, and translated to
//! the five-field cron of a Kubernetes CronJob where one expresses the same schedule.
//!
//! Syntax: <https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html>.
//! `cron(minutes hours day-of-month month day-of-week year)`, where exactly one of the two day
//! fields is `?`; day-of-week counts 1 (Sunday) to 7, where Kubernetes counts 0 (Sunday) to 6.
//! `rate(value unit)`, with a singular unit for 1 and a plural one above.

use std::collections::BTreeSet;

use crate::model::Schedule;

/// Why an expression is refused: the message and how to fix it.
pub(super) struct Refusal {
    pub message: String,
    pub help: String,
}

fn refuse(message: impl Into<String>, help: impl Into<String>) -> Refusal {
    Refusal {
        message: message.into(),
        help: help.into(),
    }
}

const CRON_HELP: &str = "write `cron(minutes hours day-of-month month day-of-week year)` with `?` in one of the two day fields, e.g. `cron(0 3 * * ? *)` (03:00 every day) or `cron(30 6 ? * MON-FRI *)`";
const RATE_HELP: &str = "write `rate(<n> <unit>)`, e.g. `rate(1 hour)` or `rate(15 minutes)` (`minute(s)`, `hour(s)` or `day(s)`)";

const MINUTES_PER_MONTH: f64 = 30.0 * 24.0 * 60.0;
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// One field of a cron expression: its name, bounds and value names.
struct Field {
    name: &'static str,
    low: u32,
    high: u32,
    names: &'static [&'static str],
}

const FIELDS: [Field; 6] = [
    Field {
        name: "minutes",
        low: 0,
        high: 59,
        names: &[],
    },
    Field {
        name: "hours",
        low: 0,
        high: 23,
        names: &[],
    },
    Field {
        name: "day-of-month",
        low: 1,
        high: 31,
        names: &[],
    },
    Field {
        name: "month",
        low: 1,
        high: 12,
        names: &MONTHS,
    },
    Field {
        name: "day-of-week",
        low: 1,
        high: 7,
        names: &DAYS,
    },
    Field {
        name: "year",
        low: 1970,
        high: 2199,
        names: &[],
    },
];

/// A field as read: the values it matches (within its bounds) and whether it uses one of the
/// Quartz-only forms (`L`, `W`, `#`) that Kubernetes does not have.
struct Values {
    matched: BTreeSet<u32>,
    special: usize,
}

/// Reads `expression`, or says why EventBridge Scheduler would refuse it.
pub(super) fn parse(expression: &str) -> Result<Schedule, Refusal> {
    let trimmed = expression.trim();
    if let Some(inner) = trimmed
        .strip_prefix("rate(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return rate(expression, inner);
    }
    if let Some(inner) = trimmed
        .strip_prefix("cron(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return cron(expression, inner);
    }
    if trimmed.starts_with("at(") {
        return Err(refuse(
            "a job runs on a recurring schedule, not once at a time",
            format!("{CRON_HELP}; for a one-off command, see docs/jobs.md"),
        ));
    }
    Err(refuse(
        format!("`{expression}` is not a schedule expression"),
        format!("{CRON_HELP}, or {RATE_HELP}"),
    ))
}

fn rate(expression: &str, inner: &str) -> Result<Schedule, Refusal> {
    let mut parts = inner.split_whitespace();
    let (Some(value), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(refuse(format!("`{expression}` is not a rate"), RATE_HELP));
    };
    let Some(value) = value.parse::<u32>().ok().filter(|v| *v >= 1) else {
        return Err(refuse(
            format!("the rate's value `{value}` is not a whole number of at least 1"),
            RATE_HELP,
        ));
    };
    let (singular, minutes) = match unit {
        "minute" | "minutes" => ("minute", 1),
        "hour" | "hours" => ("hour", 60),
        "day" | "days" => ("day", 24 * 60),
        _ => return Err(refuse(format!("`{unit}` is not a rate unit"), RATE_HELP)),
    };
    // Scheduler refuses `rate(1 minutes)` and `rate(5 minute)`.
    let expected = if value == 1 {
        singular.to_owned()
    } else {
        format!("{singular}s")
    };
    if unit != expected {
        return Err(refuse(
            format!("`rate({value} {unit})` must be written `rate({value} {expected})`"),
            "the unit is singular for 1 and plural above",
        ));
    }
    let kubernetes = match (singular, value) {
        ("minute", 1) => Some("* * * * *".to_owned()),
        ("minute", v) if v < 60 && 60 % v == 0 => Some(format!("*/{v} * * * *")),
        ("hour", 1) => Some("0 * * * *".to_owned()),
        ("hour", v) if v < 24 && 24 % v == 0 => Some(format!("0 */{v} * * *")),
        ("day", 1) => Some("0 0 * * *".to_owned()),
        _ => None,
    };
    Ok(Schedule {
        expression: expression.to_owned(),
        kubernetes,
        runs_per_month: MINUTES_PER_MONTH / f64::from(value * minutes),
    })
}

fn cron(expression: &str, inner: &str) -> Result<Schedule, Refusal> {
    let written: Vec<&str> = inner.split_whitespace().collect();
    if written.len() != FIELDS.len() {
        return Err(refuse(
            format!(
                "a cron expression has six fields, and `{expression}` has {}",
                written.len()
            ),
            CRON_HELP,
        ));
    }
    let (day_of_month, day_of_week) = (written[2], written[4]);
    if (day_of_month == "?") == (day_of_week == "?") {
        return Err(refuse(
            "exactly one of day-of-month and day-of-week must be `?`",
            format!("Scheduler cannot match both day fields: {CRON_HELP}"),
        ));
    }
    let mut values = Vec::with_capacity(FIELDS.len());
    for (index, (field, text)) in FIELDS.iter().zip(&written).enumerate() {
        values.push(read_field(index, field, text)?);
    }
    let count = |index: usize| small(values[index].matched.len());
    let days_per_month = if day_of_month == "?" {
        (count(4) + small(values[4].special) * 7.0 / 30.0) * 30.0 / 7.0
    } else {
        // Day-of-month counts up to 31; a 30-day month has about 30/31 of them.
        (count(2) + small(values[2].special)) * 30.0 / 31.0
    };
    let runs_per_month = count(0) * count(1) * days_per_month * count(3) / 12.0;
    Ok(Schedule {
        expression: expression.to_owned(),
        kubernetes: kubernetes_cron(&written, &values),
        runs_per_month,
    })
}

/// A count of a field's values (at most a few hundred) as a float.
fn small(count: usize) -> f64 {
    f64::from(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Reads one field: `*`, `?`, or a comma-separated list of values, ranges `a-b` and steps
/// `a/n`, `*/n`, `a-b/n`; the day fields also take `L`, `W` and `#` forms.
fn read_field(index: usize, field: &Field, text: &str) -> Result<Values, Refusal> {
    let mut matched = BTreeSet::new();
    let mut special = 0;
    let is_day = matches!(index, 2 | 4);
    if text == "?" && is_day {
        return Ok(Values { matched, special });
    }
    for part in text.split(',') {
        if is_day && is_special(index, part) {
            special += 1;
            continue;
        }
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (part, None),
        };
        let (low, high) = match range {
            "*" => (field.low, field.high),
            _ => match range.split_once('-') {
                Some((a, b)) => (value(field, a)?, value(field, b)?),
                None => {
                    let start = value(field, range)?;
                    // `a/n` runs from a to the end of the field.
                    (start, if step.is_some() { field.high } else { start })
                }
            },
        };
        let step = match step {
            None => 1,
            Some(step) => step.parse::<u32>().ok().filter(|s| *s >= 1).ok_or_else(|| {
                refuse(
                    format!("the step `/{step}` in the {} field is not a whole number of at least 1", field.name),
                    CRON_HELP,
                )
            })?,
        };
        if low > high {
            return Err(refuse(
                format!(
                    "the range `{range}` in the {} field runs backwards",
                    field.name
                ),
                CRON_HELP,
            ));
        }
        matched.extend((low..=high).step_by(step as usize));
    }
    Ok(Values { matched, special })
}

/// `L` (last day), `15W` (nearest weekday), `LW` in day-of-month; `5L` (last Thursday), `3#2`
/// (second Tuesday), `L` in day-of-week.
fn is_special(index: usize, part: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match index {
        2 => part == "L" || part == "LW" || part.strip_suffix('W').is_some_and(digits),
        _ => {
            part == "L"
                || part.strip_suffix('L').is_some_and(digits)
                || part
                    .split_once('#')
                    .is_some_and(|(day, nth)| digits(day) && digits(nth))
        }
    }
}

fn value(field: &Field, text: &str) -> Result<u32, Refusal> {
    let upper = text.to_ascii_uppercase();
    if let Some(position) = field.names.iter().position(|name| *name == upper) {
        return Ok(field.low + u32::try_from(position).unwrap_or(0));
    }
    text.parse::<u32>()
        .ok()
        .filter(|v| (field.low..=field.high).contains(v))
        .ok_or_else(|| {
            refuse(
                format!(
                    "`{text}` is not a value of the {} field ({}–{}{})",
                    field.name,
                    field.low,
                    field.high,
                    if field.names.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " or {}–{}",
                            field.names[0],
                            field.names[field.names.len() - 1]
                        )
                    }
                ),
                CRON_HELP,
            )
        })
}

/// The Kubernetes form: the first five fields with `?` as `*` and day-of-week numbers counted
/// from 0; `None` when the expression needs a year or a Quartz-only form.
fn kubernetes_cron(written: &[&str], values: &[Values]) -> Option<String> {
    if written[5] != "*" || values.iter().any(|v| v.special > 0) {
        return None;
    }
    let day_of_week = if written[4] == "?" {
        "*".to_owned()
    } else {
        shift_days(written[4])
    };
    let day_of_month = if written[2] == "?" { "*" } else { written[2] };
    Some(format!(
        "{} {} {day_of_month} {} {day_of_week}",
        written[0], written[1], written[3]
    ))
}

/// Day-of-week numbers one lower (Scheduler's 1 = Sunday is Kubernetes' 0); names and steps stay.
fn shift_days(field: &str) -> String {
    let shift = |value: &str| match value.parse::<u32>() {
        Ok(day) => (day - 1).to_string(),
        Err(_) => value.to_owned(),
    };
    field
        .split(',')
        .map(|part| {
            let (range, step) = match part.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (part, None),
            };
            let range = match range.split_once('-') {
                Some((a, b)) => format!("{}-{}", shift(a), shift(b)),
                None => shift(range),
            };
            match step {
                Some(step) => format!("{range}/{step}"),
                None => range,
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn kubernetes(expression: &str) -> Option<String> {
        parse(expression).ok().and_then(|s| s.kubernetes)
    }

    fn refused(expression: &str) -> String {
        parse(expression)
            .err()
            .map(|r| r.message)
            .unwrap_or_default()
    }

    #[test]
    fn cron_expressions_become_kubernetes_schedules() {
        assert_eq!(
            kubernetes("cron(0 3 * * ? *)").as_deref(),
            Some("0 3 * * *")
        );
        assert_eq!(
            kubernetes("cron(30 6 ? * MON-FRI *)").as_deref(),
            Some("30 6 * * MON-FRI")
        );
        // Scheduler's 2-6 (Monday to Friday) is Kubernetes' 1-5.
        assert_eq!(
            kubernetes("cron(0 8 ? * 2-6 *)").as_deref(),
            Some("0 8 * * 1-5")
        );
        assert_eq!(
            kubernetes("cron(0 8 ? * 1,7 *)").as_deref(),
            Some("0 8 * * 0,6")
        );
        assert_eq!(
            kubernetes("cron(0/15 * * * ? *)").as_deref(),
            Some("0/15 * * * *")
        );
        assert_eq!(kubernetes("cron(0 0 L * ? *)"), None);
        assert_eq!(kubernetes("cron(0 0 ? * 6#3 *)"), None);
        assert_eq!(kubernetes("cron(0 0 1 1 ? 2030)"), None);
    }

    #[test]
    fn rates_become_kubernetes_schedules_when_they_divide_their_unit() {
        assert_eq!(kubernetes("rate(1 minute)").as_deref(), Some("* * * * *"));
        assert_eq!(
            kubernetes("rate(15 minutes)").as_deref(),
            Some("*/15 * * * *")
        );
        assert_eq!(kubernetes("rate(6 hours)").as_deref(), Some("0 */6 * * *"));
        assert_eq!(kubernetes("rate(1 day)").as_deref(), Some("0 0 * * *"));
        assert_eq!(kubernetes("rate(7 minutes)"), None);
        assert_eq!(kubernetes("rate(2 days)"), None);
    }

    #[test]
    fn runs_per_month_follow_the_schedule() {
        let runs = |e: &str| parse(e).ok().map(|s| s.runs_per_month.round());
        assert_eq!(runs("cron(0 3 * * ? *)"), Some(30.0));
        assert_eq!(runs("rate(1 hour)"), Some(720.0));
        assert_eq!(runs("cron(30 6 ? * MON-FRI *)"), Some(21.0));
        assert_eq!(runs("cron(0 0 1 * ? *)"), Some(1.0));
    }

    #[test]
    fn malformed_expressions_are_refused_with_the_reason() {
        assert!(refused("cron(0 3 * * *)").contains("six fields"));
        assert!(refused("cron(0 3 * * * *)").contains("exactly one"));
        assert!(refused("cron(61 3 * * ? *)").contains("minutes field"));
        assert!(refused("cron(0 3 ? * 8 *)").contains("day-of-week"));
        assert!(refused("cron(0 5-3 * * ? *)").contains("backwards"));
        assert!(refused("rate(1 hours)").contains("rate(1 hour)"));
        assert!(refused("rate(0 minutes)").contains("at least 1"));
        assert!(refused("rate(2 weeks)").contains("unit"));
        assert!(refused("every day").contains("not a schedule"));
        assert!(refused("at(2030-01-01T00:00:00)").contains("recurring"));
    }
}
