//! End-to-end tests of the `postpress` facade against `postpress-mock` live
//! in `tests/`; this crate has no library code.

/// The repository README's Rust examples, compiled as doctests so they stay
/// true (the published crates carry their own READMEs).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// The Rust examples of `docs/client.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/client.md")]
struct ClientDoctests;

/// The Rust examples of `docs/jobs.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/jobs.md")]
struct JobsDoctests;

/// The Rust example of `docs/mock.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/mock.md")]
struct MockDoctests;
