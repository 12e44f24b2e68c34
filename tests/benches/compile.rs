//! Placeholder: the compile benchmark is being written.
fn main() {}
