//! `plinth schema`.

use crate::SchemaFormat;
use crate::exit::Failure;
use crate::output::write_stdout;

/// Prints the blueprint's JSON Schema or its Markdown reference.
pub fn run(format: SchemaFormat) -> Result<(), Failure> {
    match format {
        SchemaFormat::Json => write_stdout(plinth_blueprint::schema::schema_json()),
        SchemaFormat::Markdown => write_stdout(plinth_blueprint::reference::reference_markdown()),
    }
}
