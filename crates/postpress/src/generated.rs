//! The action layer generated from `openapi/postpress.yaml` by
//! `postpress-codegen` (through `postpress-api`'s build script): the
//! [`ChatAction`] enum with its conversions and strict `Deserialize`, the
//! validated value types of the spec's `x-value-types`, one method per
//! action and helper on [`Chat`](crate::Chat), and one provider-typed handle
//! per provider. Insta snapshots in `postpress-api` pin it.
#![allow(clippy::all)]

include!(env!("POSTPRESS_FACADE_RS"));
