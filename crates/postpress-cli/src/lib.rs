//! The spec facts of the `postpress` command line: its action names
//! ([`verbs`]), generated from `openapi/postpress.yaml` into this crate
//! (`src/generated/verbs.rs`, checked by the build script).
//!
//! The `postpress` binary is the product; this library holds only what is
//! generated for it, and makes no stability promise of its own.
#![deny(missing_docs)]

pub mod verbs;
