//! Static facts about AWS that the blueprint validator checks user input against.
//!
//! These are hand-maintained tables rather than live API calls so that validation stays
//! offline, fast and deterministic: a blueprint that validates today validates tomorrow on
//! any machine. The price is that the tables age, so each module records where its facts
//! came from and when they were checked. Everything here was last reviewed in late 2026;
//! refresh a table when AWS retires or adds versions rather than loosening the checks.

// The docs here are dense with product names (PostgreSQL, ElastiCache, MySQL) that
// `doc_markdown` mistakes for code identifiers; backticking them would hurt readability.

pub mod caches;
pub mod databases;
pub mod db_features;
pub mod fargate;
pub mod kafka;
pub mod kubernetes;
pub mod logs;
pub mod regions;

use std::fmt::Display;

/// Joins `items` as English prose ("a, b or c") for use in error and help messages.
pub(crate) fn join_or<T: Display>(items: &[T]) -> String {
    match items {
        [] => String::new(),
        [only] => only.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(ToString::to_string).collect();
            format!("{} or {last}", init.join(", "))
        }
    }
}

/// Splits an instance-type name such as `db.r7g.large` into family and size after
/// checking its service prefix, because RDS and ElastiCache classes share this shape.
pub(crate) fn split_class<'a>(name: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let rest = name.strip_prefix(prefix)?;
    let (family, size) = rest.split_once('.')?;
    let well_formed = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    (well_formed(family) && well_formed(size)).then_some((family, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_or_reads_naturally() {
        assert_eq!(join_or::<u32>(&[]), "");
        assert_eq!(join_or(&[1]), "1");
        assert_eq!(join_or(&[1, 2]), "1 or 2");
        assert_eq!(join_or(&["a", "b", "c"]), "a, b or c");
    }

    #[test]
    fn split_class_requires_prefix_and_two_parts() {
        assert_eq!(split_class("db.r7g.large", "db."), Some(("r7g", "large")));
        assert_eq!(split_class("r7g.large", "db."), None);
        assert_eq!(split_class("db.r7g", "db."), None);
        assert_eq!(split_class("db.r7g.large.x", "db."), None);
        assert_eq!(split_class("db.R7G.large", "db."), None);
        assert_eq!(split_class("db..large", "db."), None);
    }
}
