//! `plinth schema`.

use crate::exit::Failure;

/// Prints the blueprint's JSON Schema.
#[allow(clippy::unnecessary_wraps)]
pub fn run() -> Result<(), Failure> {
    print!("{}", plinth_blueprint::schema::schema_json());
    Ok(())
}
