//! The data sections: the database, the cache, buckets, secrets and Kafka.

mod buckets;
mod cache;
mod database;
mod kafka;
mod messaging;
mod secrets;

pub(super) use buckets::buckets;
pub(super) use cache::cache;
pub(super) use database::database;
pub(super) use kafka::kafka;
pub(super) use messaging::{queues, topics};
pub(super) use secrets::secrets;

use crate::diagnostic::{Diagnostic, plural};
use crate::span::Span;

use super::Context;

/// Reports `name` when it is longer than AWS allows for `what`.
fn check_length(what: &str, name: &str, max: usize, span: &Span, cx: &mut Context<'_>) {
    if cx.names_valid && name.len() > max {
        cx.push(
            Diagnostic::error(
                span.clone(),
                format!(
                    "the {what} `{name}` would be {} characters; AWS allows {max}",
                    name.len()
                ),
                "name too long",
            )
            .with_help(format!(
                "shorten the project or environment name by {}",
                plural(name.len() - max, "character")
            )),
        );
    }
}
