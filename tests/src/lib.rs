//! End-to-end tests of the `postpress` facade against `postpress-mock` live
//! in `tests/`; this crate has no library code.
