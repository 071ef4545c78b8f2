//! Bulk jobs on the [`postpress`] client that survive: one action over a
//! stream of chat ids, with a [`Journal`] (resume after a crash without
//! resending what is done), a [`Shard`] (split one input across machines)
//! and a [`Stopper`] (stop taking new chats, let those in flight finish).
//! With the `redis` feature, a `SharedLimit` shares one rate limit and one
//! 429 pause between every process using the same API key and base URL.
//!
//! This crate sits above the client: it uses the hooks the client's call
//! path offers ([`postpress::Client::perform_item`] with a hook before the
//! first send, and a [`postpress::pace::Pace`] for the shared limit), and
//! the client knows nothing of journals.
//!
#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod journal;
#[cfg(feature = "redis")]
pub mod redis_job;
mod runner;
mod shard;
#[cfg(feature = "redis")]
mod shared_limit;

pub use journal::{Journal, JournalError, Previous, Resume, ResumeReport};
pub use runner::{Job, JobBuilder, JobItem, RecordError, Stopper};
pub use shard::{Shard, ShardError};
#[cfg(feature = "redis")]
pub use shared_limit::{SharedLimit, SharedLimitError, SharedPacer, SharedStatus};
