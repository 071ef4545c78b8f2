//! The action layer generated from `openapi/postpress.yaml` by
//! `postpress-codegen` (`src/generated/actions.rs`, checked by the build
//! script): the
//! [`ChatAction`] enum with its conversions and strict `Deserialize`, the
//! validated value types of the spec's `x-value-types`, one method per
//! action and helper on [`Chat`](crate::Chat), and one provider-typed handle
//! per provider.
#![allow(clippy::all)]

include!(concat!(env!("POSTPRESS_GENERATED"), "/actions.rs"));
include!(concat!(env!("POSTPRESS_GENERATED"), "/handles.rs"));
