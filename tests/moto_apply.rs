//! The tests that apply generated Terraform to moto, in one binary so they run side by side (each
//! starts its own moto server; most of their time is spent waiting on moto's waiters).

#[path = "e2e.rs"]
mod e2e;
#[path = "rename.rs"]
mod rename;
