//! Cost estimates (work in progress).
#![deny(missing_docs)]
