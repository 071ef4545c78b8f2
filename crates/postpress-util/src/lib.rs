//! The small pieces every postpress crate shares, written once:
//!
//! * [`redact`]: a secret (the API key, a Redis password) kept out of text,
//!   URLs and response bytes. The facade, the jobs, the command line and
//!   the mock all use it.
//! * [`excerpt`]: at most a bounded, escaped piece of a bad input, with its
//!   length, for error messages that must not repeat a 300 MB line.
//! * [`fnv`]: FNV-1a 64, the stable hash job shards are pinned to.
//! * [`line`](mod@line): lines of any length read in bounded pieces.
//!
//! No dependencies.
#![deny(missing_docs)]

pub mod excerpt;
pub mod fnv;
pub mod line;
pub mod redact;
