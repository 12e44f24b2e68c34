//! CloudWatch Logs retention periods.
//!
//! `PutRetentionPolicy` accepts only a fixed set of day counts and rejects anything else
//! at apply time, so the validator checks the value and offers the nearest legal one.
//!
//! Source (checked late 2026): CloudWatch Logs API Reference, `PutRetentionPolicy`
//! (`retentionInDays`). Terraform's `retention_in_days = 0` means "never expire" and is
//! deliberately not listed: blueprints express that as an absent retention.

use std::cmp::Reverse;

/// Retention periods, in days, that CloudWatch Logs accepts, ascending.
pub const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// Whether CloudWatch Logs accepts a retention of `days`.
pub fn is_valid_retention(days: u32) -> bool {
    RETENTION_DAYS.binary_search(&days).is_ok()
}

/// The accepted retention closest to `days`, for "did you mean" help. Ties go to the
/// longer period, since keeping logs a little longer is the safer surprise.
pub fn nearest_retention(days: u32) -> u32 {
    RETENTION_DAYS
        .iter()
        .copied()
        .min_by_key(|&allowed| (allowed.abs_diff(days), Reverse(allowed)))
        .unwrap_or(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(RETENTION_DAYS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(RETENTION_DAYS.len(), 22);
    }

    #[test]
    fn validity() {
        for days in [1, 7, 30, 365, 731, 3653] {
            assert!(is_valid_retention(days), "{days}");
        }
        for days in [0, 2, 10, 31, 366, 730, 3650, 3654] {
            assert!(!is_valid_retention(days), "{days}");
        }
    }

    #[test]
    fn nearest() {
        assert_eq!(nearest_retention(0), 1);
        assert_eq!(nearest_retention(2), 3);
        assert_eq!(nearest_retention(10), 7);
        assert_eq!(nearest_retention(11), 14);
        assert_eq!(nearest_retention(45), 60);
        assert_eq!(nearest_retention(31), 30);
        assert_eq!(nearest_retention(366), 365);
        assert_eq!(nearest_retention(730), 731);
        assert_eq!(nearest_retention(1095), 1096);
        assert_eq!(nearest_retention(10_000), 3653);
        assert_eq!(nearest_retention(90), 90);
    }
}
