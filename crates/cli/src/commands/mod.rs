//! One module per subcommand.

pub mod explain;
pub mod init;
pub mod schema;
pub mod validate;
