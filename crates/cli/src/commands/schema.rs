//! `plinth schema`.

use crate::SchemaFormat;
use crate::exit::Failure;

/// Prints the blueprint's JSON Schema or its Markdown reference.
#[allow(
    clippy::unnecessary_wraps,
    reason = "every command returns the same Result"
)]
pub fn run(format: SchemaFormat) -> Result<(), Failure> {
    match format {
        SchemaFormat::Json => print!("{}", plinth_blueprint::schema::schema_json()),
        SchemaFormat::Markdown => print!("{}", plinth_blueprint::reference::reference_markdown()),
    }
    Ok(())
}
