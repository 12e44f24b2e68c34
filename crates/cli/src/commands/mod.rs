//! One module per subcommand.

pub mod cost;
pub mod explain;
pub mod generate;
pub mod graph;
pub mod init;
pub mod schema;
pub mod validate;
