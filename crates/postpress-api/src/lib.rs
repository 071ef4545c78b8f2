//! Low-level postpress client and wire types, generated from
//! `openapi/postpress.yaml` by progenitor (settings in `postpress-codegen`).
//!
//! Most users want the `postpress` facade crate instead: it adds validation,
//! typed errors that keep the status and raw body, timeouts, retries and
//! tracing. This crate is its foundation and its escape hatch:
//!
//! * [`types`]: the wire types. [`types::ChatActionRequest`] is the request
//!   body (one variant per action, each with the right `value` type),
//!   [`types::ChatPatched`] the 200 body, [`types::ErrorEnvelope`] every
//!   error body.
//! * [`Client`]: the generated low-level client. It sends the `X-API-KEY`
//!   header from its [`Credentials`].
//! * [`ErrorKind`], [`DOCUMENTED_ERROR_TYPES`], [`ErrorCategory`],
//!   [`Provider`], [`ACTIONS`]: tables read from the spec's extensions
//!   (`x-error-types`, `x-error-categories`, `x-providers`, and the
//!   `x-` facts on each request variant).
//! * [`PATH_TEMPLATE`], [`PATH_PREFIX`], [`METHOD`], [`METHOD_NAME`], [`API_KEY_HEADER`],
//!   [`SUCCESS_BODY`]: the wire facts of the chat-action operation.
//!
//! [`Client`] has one builder method per operation of the spec, such as
//! `perform_chat_action()`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use postpress_api::{Client, Credentials, types::ChatActionRequest};
//! let client = Client::new("https://api.postpress.io", Credentials::api_key("my-key")?);
//! let patched = client
//!     .perform_chat_action()
//!     .chat_id("9f9uio56sopa456s")
//!     .body(ChatActionRequest::SetReadStatus(true))
//!     .send()
//!     .await?;
//! println!("{:?}", patched.into_inner());
//! # Ok(()) }
//! ```
//!
//! # Features
//!
//! * `rustls` (default) or `native-tls`: the TLS stack of [`Client::new`];
//!   with neither, pass your own `reqwest::Client` to `Client::new_with_client`.
//! * `schemars`: `schemars::JsonSchema` (schemars 0.8) on every wire type.
//! * `regenerate`: for the postpress-rs workspace only (see below).
//!
//! # Where the generated code comes from
//!
//! The package ships its generated code, `src/generated/api.rs`, written
//! by `cargo xtask codegen` from the spec that ships beside it (every other
//! package that compiles generated code ships its own the same way). A
//! registry build compiles no generator (no `postpress-codegen`,
//! progenitor, typify, openapiv3 or prettyplease): the build script
//! (`postpress-build`, no dependencies) reads the file's `@generated`
//! header and checks the SHA-256 of the spec it names and of the file's
//! own body, so code older than the spec, or edited
//! by hand, fails the build with one line that says to run
//! `cargo xtask codegen`. In the postpress-rs workspace the `regenerate`
//! feature is on instead: the build script runs the generator on the spec,
//! so an edit to the spec reaches the next `cargo build` or `cargo test`
//! with no other step, and warns while the shipped files lag behind. CI
//! (`cargo xtask codegen --check`, and `.ci/package.sh` on the unpacked
//! package) proves the shipped files are byte for byte what the spec
//! generates.
//!
//! Why ship the output rather than the alternatives:
//!
//! * *Generating in every consumer's build* (what this crate did before)
//!   puts the whole generator in every user's build graph: about 34 more
//!   crates and 1.7x the cold build time of a hand-written client.
//! * *A proc macro* (`progenitor::generate_api!`) has the same cost, and
//!   hides the code from review, docs.rs's source view and `grep`.
//! * *Generating into `OUT_DIR` behind an opt-in feature* only moves the
//!   cost to whoever turns it on, and leaves the default build with nothing
//!   to compile.
//!
//! Shipping the output is what the generated SDKs that users pick do
//! (oxide.rs, k8s-openapi, async-stripe; libsqlite3-sys's bundled
//! bindings). Its risk, shipped code that drifted from the spec, is closed
//! by the hash check in every build and the byte-for-byte check in CI. The
//! files are marked `linguist-generated` so diff tools fold them.

// The generated code is not ours to lint.
#![allow(
    clippy::all,
    clippy::unwrap_used,
    missing_debug_implementations,
    rust_2018_idioms
)]

use std::fmt;

use reqwest::header::{HeaderValue, InvalidHeaderValue};

// `src/generated/api.rs`, checked against the spec by the build script (or
// its fresh copy in OUT_DIR with the `regenerate` feature).
include!(concat!(env!("POSTPRESS_GENERATED"), "/api.rs"));

/// The credentials the generated [`Client`] sends with every request.
///
/// The key is stored as a header value marked sensitive, and `Debug` never
/// shows it.
#[derive(Clone, Default)]
pub struct Credentials {
    api_key: Option<HeaderValue>,
}

impl Credentials {
    /// Credentials that send `key` as `X-API-KEY`. Fails when the key is not a
    /// valid header value (control characters such as CR or LF).
    pub fn api_key(key: &str) -> Result<Self, InvalidHeaderValue> {
        let mut value = HeaderValue::from_str(key)?;
        value.set_sensitive(true);
        Ok(Self { api_key: Some(value) })
    }

    /// Credentials that send no key (the server answers 401).
    pub fn none() -> Self {
        Self::default()
    }

    /// The header value to send, if any (marked sensitive).
    pub fn header_value(&self) -> Option<&HeaderValue> {
        self.api_key.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .finish()
    }
}

impl ClientHooks<Credentials> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> std::result::Result<(), Error<E>> {
        if let Some(value) = self.inner().header_value() {
            request.headers_mut().insert(API_KEY_HEADER, value.clone());
        }
        Ok(())
    }
}

/// The JSON type of an action's `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueType {
    /// `value` is a JSON boolean.
    Boolean,
    /// `value` is a JSON string.
    String,
    /// The action takes no `value` at all.
    None,
}

/// One action of the request body, as the spec describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActionInfo {
    /// The wire name, such as `setReadStatus`.
    pub name: &'static str,
    /// The type of its `value`.
    pub value: ValueType,
    /// The providers that support it (`x-providers`).
    pub providers: &'static [Provider],
    /// Whether sending it twice has the same effect as once (`x-idempotent`).
    pub idempotent: bool,
    /// Whether it applies to group chats only (`x-group-only`).
    pub group_only: bool,
    /// The `ChatPatched` property a success carries (`x-returns`), such as `invite_link`.
    pub returns: Option<&'static str>,
    /// The spec's description.
    pub description: &'static str,
}

impl ActionInfo {
    /// Whether `provider` supports the action.
    pub fn supports(&self, provider: Provider) -> bool {
        self.providers.contains(&provider)
    }
}

/// Looks an action up by its wire name.
pub fn action_info(name: &str) -> Option<&'static ActionInfo> {
    ACTIONS.iter().find(|a| a.name == name)
}

impl ErrorKind {
    /// The category of this kind, from the status it is documented under;
    /// the fallback category for `Unknown` (use the response status for those).
    pub fn category(&self) -> ErrorCategory {
        self.documented_status()
            .map_or(ErrorCategory::from_status(0), ErrorCategory::from_status)
    }

    /// Whether the spec documents this type.
    pub fn is_documented(&self) -> bool {
        !matches!(self, ErrorKind::Unknown(_))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
