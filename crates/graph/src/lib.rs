//! Architecture diagrams (work in progress).
#![deny(missing_docs)]
