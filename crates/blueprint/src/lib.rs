//! The plinth blueprint language: the TOML a user writes, its JSON Schema, the
//! environment overlays, and the validated per-environment model emitters read.
//!
//! Data flows one way: text → [`parse`] (spanned TOML tree) → structural check
//! against [`schema`] → per-environment merge → [`resolve`] (defaults and
//! validation) → [`model::Blueprint`]. Every problem becomes a
//! [`Diagnostic`] that points at the blueprint text.
#![deny(missing_docs)]

pub mod aws;
pub mod diagnostic;
pub mod explain;
pub mod model;
pub mod names;
pub mod output;
pub mod raw;
pub mod reference;
pub mod schema;
pub mod source;
pub mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use source::SourceFile;
pub use span::{Sp, Span};

pub mod load;
mod parse;
mod prune;
mod resolve;
mod structure;

pub use load::{Loaded, load};
