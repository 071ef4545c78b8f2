//! Typed Rust client for the postpress chat-action API,
//! `PATCH /api/v1/chats/{chat_id}`: mark a chat read or unread, mute,
//! archive, pin, add or remove group participants, label it, or get its
//! invite link.
//!
//! ```no_run
//! use std::time::Duration;
//! use postpress::{ChatAction, Client, ErrorCategory, ErrorKind, RetryPolicy};
//!
//! # async fn run() -> Result<(), postpress::Error> {
//! let client = Client::builder()
//!     .api_key(std::env::var("POSTPRESS_API_KEY").unwrap_or_default())
//!     .timeout(Duration::from_secs(15))
//!     .retry(RetryPolicy::exponential())
//!     .user_agent("myapp/1.0")
//!     .build()?;
//!
//! let chat = client.chat("9f9uio56sopa456s");
//! chat.mark_read().await?;
//! chat.mute().await?;
//! chat.set_label("VIP").await?;
//!
//! // The general form, and typed errors:
//! match client.perform("9f9uio56sopa456s", ChatAction::SetArchiveStatus(true)).await {
//!     Ok(_) => println!("archived"),
//!     Err(postpress::Error::Api(e)) if *e.kind() == ErrorKind::FeatureNotImplemented => {
//!         println!("this chat's provider cannot archive: {e}");
//!     }
//!     Err(e) if e.category() == Some(ErrorCategory::Authentication) => {
//!         println!("reconnect the account: {e}");
//!     }
//!     Err(e) => return Err(e),
//! }
//!
//! let link: url::Url = client.chat("120363041234567890@g.us").invite_link().await?;
//! println!("{link}");
//! # Ok(()) }
//! ```
//!
//! # What the client guarantees
//!
//! * **Validation before any byte is sent.** Chat ids, provider ids and
//!   labels that are empty, blank, contain control characters or exceed
//!   1024 bytes are refused with [`Error::InvalidInput`] naming the field.
//!   A chat id always travels as one percent-encoded path segment (`a/b`
//!   becomes `a%2Fb`; `.` and `..` are refused).
//! * **Typed errors.** The documented envelope becomes [`Error::Api`] with
//!   an [`ErrorKind`] generated from the spec's documented types (plus
//!   `Unknown(String)`), a category, `Retry-After`, the request id and the
//!   raw body. Anything else (an HTML 502, an empty or truncated body, a 200
//!   without `object`) is [`Error::UnexpectedResponse`] with the status and
//!   the raw body (at most 64 KiB are read). Nothing panics on server data.
//! * **Timeouts** per attempt (30 s by default, 10 s to connect) and
//!   **opt-in retries** ([`RetryPolicy`]) that never resend
//!   `addParticipant`/`removeParticipant` unless the first request provably
//!   was not processed.
//! * **Key safety.** The key is a sensitive header value, shown as `***` in
//!   `Debug`, absent from errors and tracing, and never sent to another
//!   origin: the built-in HTTP client follows only same-origin 307/308
//!   redirects, and plain `http` is refused except to loopback.
//! * **Tracing.** Each call runs in a `postpress.perform` span with
//!   `chat_id`, `action`, `attempt`, `status` and `elapsed_ms`, and
//!   OpenTelemetry's HTTP client conventions, so a `tracing-opentelemetry`
//!   pipeline exports it as a client span that backends group by method,
//!   server and status: `otel.kind = "client"`, `http.request.method`,
//!   `server.address`, `server.port`, `url.full` (the request URL: it never
//!   carries the key), `http.response.status_code`, `error.type` (the API
//!   error type such as `errors/resource_not_found`, the status of an
//!   unexpected answer, or `timeout`, `connect_error`, `transport_error`,
//!   `invalid_input`) and `http.request.resend_count` when retried. With no
//!   subscriber interested, none of it is computed.
//!
//! # Many chats
//!
//! [`Client::perform_stream`] runs many calls with bounded concurrency and
//! one shared 429 pause. What a long job needs beyond that (a journal to
//! resume from, shards across machines, a rate limit shared through
//! Redis) is the `postpress-jobs` crate, built on the hooks this one offers:
//! [`Client::perform_item`] with a hook before the first send, and a
//! [`pace::Pace`] for a shared limit. A user of this crate alone compiles
//! no job code.
//!
//! # Generated from the spec
//!
//! [`ChatAction`], the value types ([`ProviderId`], [`Label`]), the methods
//! of [`Chat`] and the provider-typed handles ([`WhatsAppChat`],
//! [`LinkedInChat`], [`TelegramChat`]) are generated from
//! `openapi/postpress.yaml`, the same file `postpress-api` is generated
//! from: a new action in the spec is a new variant, a new method and a new
//! command-line action with no other edit.
//!
//! A provider-typed handle has only the actions its provider supports, so a
//! wrong call is a compile error instead of a 501:
//!
//! ```compile_fail,E0599
//! # async fn run(client: postpress::Client) -> postpress::Result<()> {
//! client.linkedin_chat("li-chat-1").archive().await?; // LinkedIn cannot archive
//! # Ok(()) }
//! ```
//!
//! ```no_run
//! # async fn run(client: postpress::Client) -> postpress::Result<()> {
//! client.linkedin_chat("li-chat-1").mark_read().await?;
//! let whatsapp = client.whatsapp_chat("120363041234567890@g.us");
//! whatsapp.archive().await?;
//! whatsapp.add_participant(postpress::ProviderId::whatsapp_phone("+44 7700 900123")?).await?;
//! # Ok(()) }
//! ```
//!
//! The generated low-level client is available through [`Client::api`] for
//! anything this crate does not wrap. The generated code ships in
//! `postpress-api`'s package, so a build of this crate runs no generator.
//!
//! # Features
//!
//! * `rustls` (default): TLS with rustls and aws-lc (builds C code).
//! * `native-tls`: the platform's TLS (OpenSSL on Linux).
//! * neither (`default-features = false`): no TLS stack; pass your own
//!   `reqwest::Client` with [`ClientBuilder::http_client`], or talk plain
//!   `http` to loopback.
//! * `schemars`: `schemars::JsonSchema` (schemars 0.8) on [`ChatAction`],
//!   its value types and `postpress-api`'s wire types.
//! * `blocking`: `postpress::blocking`, the same client for code without
//!   `async` (its own one-thread tokio runtime under the hood).
//! * `middleware`: `ClientBuilder::http_client_with_middleware`, every
//!   attempt through your own `reqwest-middleware` stack (re-exported as
//!   `postpress::reqwest_middleware`).
#![deny(missing_docs)]

// The layers, top down; each imports only from those below it
// (`tests/layers.rs` checks): the client (builder, configuration, chat
// handles, bulk runs), the call path (retry loop, attempt, decoding, span,
// URL), pacing (the local limiter, the 429 gate, the pacing hook), the
// actions (validation, provider ids, strict `Deserialize`), then errors.
mod action;
#[cfg(all(feature = "blocking", not(target_arch = "wasm32")))]
pub mod blocking;
mod call;
mod client;
mod error;
pub mod pace;
mod rt;

pub use action::*;
pub use call::attempt::ChatPatched;
pub use call::options::CallOptions;
pub use call::policy::RetryPolicy;
pub use client::builder::ClientBuilder;
pub use client::bulk::{BulkItem, NotSent, SharedPause};
pub use client::chat::*;
pub use client::request::{ActionCall, Perform};
pub use client::{
    Client, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_BASE_URL,
};
pub use error::{ApiError, ConfigError, Error, MAX_BODY_BYTES, Result, TransportError};

pub use postpress_api::{
    ACTIONS, API_KEY_HEADER, ActionInfo, DOCUMENTED_ERROR_TYPES, ErrorCategory, ErrorKind, Provider,
    ValueType,
};
pub use rt::MaybeSend;
pub use url::Url;

/// The generated crate, for the escape hatch ([`Client::api`]) and its wire types.
pub use postpress_api as api;
/// The reqwest-middleware this crate is built with (feature `middleware`),
/// for [`ClientBuilder::http_client_with_middleware`]: build your stack
/// with it so the versions match.
#[cfg(feature = "middleware")]
pub use reqwest_middleware;

/// The crate README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
