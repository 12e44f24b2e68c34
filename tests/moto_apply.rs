//! The tests that apply generated Terraform to moto, in one binary so they run side by side (each
//! starts its own moto server; most of their time is spent waiting on moto's waiters).

#[path = "apply_all.rs"]
mod apply_all;
#[path = "day2.rs"]
mod day2;
#[path = "day2_eks.rs"]
mod day2_eks;
#[path = "e2e.rs"]
mod e2e;
#[path = "rename.rs"]
mod rename;
