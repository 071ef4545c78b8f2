//! Low-level postpress client and wire types, generated at build time from
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
//! * [`ErrorKind`], [`DOCUMENTED_ERROR_TYPES`], [`Provider`], [`ACTIONS`]:
//!   tables read from the spec's `x-error-types` and `x-providers`.
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
// The generated code is not ours to lint.
#![allow(
    clippy::all,
    clippy::unwrap_used,
    missing_debug_implementations,
    rust_2018_idioms
)]

use std::fmt;

use reqwest::header::{HeaderValue, InvalidHeaderValue};

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));

/// The name of the header that carries the API key (the spec's `ApiKeyAuth`).
pub const API_KEY_HEADER: &str = "x-api-key";

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
pub struct ActionInfo {
    /// The wire name, such as `setReadStatus`.
    pub name: &'static str,
    /// The type of its `value`.
    pub value: ValueType,
    /// The providers that support it (`x-providers`).
    pub providers: &'static [Provider],
    /// The spec's description.
    pub description: &'static str,
}

/// Looks an action up by its wire name.
pub fn action_info(name: &str) -> Option<&'static ActionInfo> {
    ACTIONS.iter().find(|a| a.name == name)
}

/// What kind of failure an error is, for deciding what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// 401: re-authenticate or reconnect the account.
    Authentication,
    /// 403: the account may not do this.
    Permission,
    /// 404: the chat does not exist or the id is malformed.
    NotFound,
    /// 400 or 422: the request itself is wrong.
    InvalidRequest,
    /// 429: slow down and retry later.
    RateLimited,
    /// 500: a server or upstream provider failure.
    Server,
    /// 501: the action is not supported for this chat's provider.
    Unsupported,
    /// 503 (and 502): temporarily unavailable, retry later.
    Unavailable,
    /// 504: the upstream provider did not answer in time.
    Timeout,
    /// Anything else.
    Other,
}

impl ErrorCategory {
    /// The category of an HTTP status.
    pub fn from_status(status: u16) -> Self {
        match status {
            401 => Self::Authentication,
            403 => Self::Permission,
            404 => Self::NotFound,
            400 | 422 => Self::InvalidRequest,
            429 => Self::RateLimited,
            500 => Self::Server,
            501 => Self::Unsupported,
            502 | 503 => Self::Unavailable,
            504 => Self::Timeout,
            _ => Self::Other,
        }
    }
}

impl ErrorKind {
    /// The category of this kind, from the status it is documented under;
    /// `Other` for `Unknown` (use the response status for those).
    pub fn category(&self) -> ErrorCategory {
        self.documented_status()
            .map_or(ErrorCategory::Other, ErrorCategory::from_status)
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
