//! Typed errors: every outcome that is not a success has a variant here.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;

use postpress_api::{ErrorCategory, ErrorKind};

/// The most bytes of a response body the client keeps (and reads).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shorthand for `Result<T, postpress::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a call can fail with.
///
/// Match on the variant, or ask [`Error::is_retryable`], [`Error::category`]
/// and [`Error::status`]. No variant's `Display` or `Debug` contains the API
/// key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with the documented error envelope.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The attempt did not finish within the configured timeout (or within
    /// what was left of the retry policy's total-time bound).
    #[error("request timed out after {after:?}")]
    #[non_exhaustive]
    Timeout {
        /// The time limit that was hit.
        after: Duration,
    },

    /// The request could not be sent or its response could not be read
    /// (DNS, connection refused or reset, TLS, a malformed HTTP message).
    #[error(transparent)]
    Transport(TransportError),

    /// An argument was rejected before anything was sent.
    #[error("invalid {field}: {reason}")]
    #[non_exhaustive]
    InvalidInput {
        /// The argument, such as `chat_id`, `label` or `provider_id`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The server answered with something this API does not document: an
    /// undocumented status without the envelope, a body that is not JSON
    /// (an HTML page from a proxy, an empty or truncated body), a 200 without
    /// `object`, a redirect that was not followed, or a body over 64 KiB.
    #[error("unexpected response: HTTP {status}: {reason}{}", body_excerpt(body))]
    #[non_exhaustive]
    UnexpectedResponse {
        /// The HTTP status.
        status: StatusCode,
        /// The raw body, at most [`MAX_BODY_BYTES`].
        body: Bytes,
        /// Why the response was not accepted.
        reason: String,
        /// The parsed `Retry-After` header, if any.
        retry_after: Option<Duration>,
    },

    /// The client could not be configured.
    #[error(transparent)]
    Config(ConfigError),
}

fn body_excerpt(body: &Bytes) -> String {
    if body.is_empty() {
        return " (empty body)".to_string();
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let more = if body.len() > 200 { "…" } else { "" };
    format!(" (body: {}{more})", text.trim())
}

impl Error {
    pub(crate) fn invalid_input(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::UnexpectedResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The documented kind, for [`Error::Api`].
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            Error::Api(e) => Some(e.kind()),
            _ => None,
        }
    }

    /// The category of the failure, from the error type when documented and
    /// from the HTTP status otherwise. `None` when the server did not answer.
    pub fn category(&self) -> Option<ErrorCategory> {
        match self {
            Error::Api(e) => Some(e.category()),
            Error::UnexpectedResponse { status, .. } => Some(ErrorCategory::from_status(status.as_u16())),
            Error::Timeout { .. } => Some(ErrorCategory::Timeout),
            _ => None,
        }
    }

    /// The delay the server asked for with `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after(),
            Error::UnexpectedResponse { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short, low-cardinality name of what went wrong, for the
    /// `error.type` attribute of OpenTelemetry's HTTP conventions: the
    /// error type of an API error (`errors/resource_not_found`), the status
    /// of an unexpected answer (`502`), or the class of a failure without
    /// one (`timeout`, `connect_error`, `transport_error`, `invalid_input`,
    /// `config`).
    pub fn error_type(&self) -> &str {
        match self {
            Error::Api(e) => e.kind().as_str(),
            Error::Timeout { .. } => "timeout",
            Error::Transport(t) if t.is_connect() => "connect_error",
            Error::Transport(_) => "transport_error",
            Error::InvalidInput { .. } => "invalid_input",
            Error::UnexpectedResponse { status, .. } => status.as_str(),
            Error::Config(_) => "config",
        }
    }

    /// Whether trying again later may succeed: 429, 502, 503 and 504
    /// answers, timeouts, and connection failures. Whether the client retries
    /// by itself also depends on the [`RetryPolicy`](crate::RetryPolicy) and
    /// on whether the action is idempotent.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(_) | Error::UnexpectedResponse { .. } => {
                self.status().is_some_and(|s| retryable_status(s.as_u16()))
            }
            Error::Timeout { .. } => true,
            Error::Transport(t) => t.is_connect() || t.is_request(),
            Error::InvalidInput { .. } | Error::Config(_) => false,
        }
    }

    /// Whether the request provably was not processed by the API: the
    /// connection was never made, or the server answered 429.
    pub fn provably_not_processed(&self) -> bool {
        match self {
            Error::Transport(t) => t.is_connect(),
            _ => self
                .status()
                .is_some_and(|s| ErrorCategory::from_status(s.as_u16()).proves_unprocessed()),
        }
    }
}

/// Whether an answer with this status may succeed later (its category in
/// the spec's `x-error-categories` is retryable).
pub(crate) fn retryable_status(status: u16) -> bool {
    ErrorCategory::from_status(status).is_retryable()
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

/// An error answer in the documented envelope
/// (`{"title", "detail"?, "instance"?, "type", "status"}`).
#[derive(Clone, PartialEq)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) kind: ErrorKind,
    pub(crate) title: String,
    pub(crate) detail: Option<String>,
    pub(crate) instance: Option<String>,
    pub(crate) body_status: Option<u16>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Bytes,
}

impl ApiError {
    /// The HTTP status of the response (authoritative even when the body's
    /// `status` field disagrees).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The error type: a documented [`ErrorKind`] or `ErrorKind::Unknown`
    /// with the raw string.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The category: from the HTTP status, which is what the server means
    /// now (a 503 carrying a type documented under 500 is `Unavailable`);
    /// from the documented type when the status has no category of its own.
    pub fn category(&self) -> ErrorCategory {
        match ErrorCategory::from_status(self.status.as_u16()) {
            ErrorCategory::Other => self.kind.category(),
            c => c,
        }
    }

    /// The short title (`title`); the status's reason phrase if the body had none.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The human-readable explanation (`detail`), if any.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The request identifier for support (`instance`), if any.
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// The `status` field of the body, when present and a valid integer.
    pub fn body_status(&self) -> Option<u16> {
        self.body_status
    }

    /// The delay the server asked for with `Retry-After` (seconds or
    /// HTTP-date), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The raw response body (at most [`MAX_BODY_BYTES`]).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Whether trying again later may succeed (429, 502, 503, 504).
    pub fn is_retryable(&self) -> bool {
        retryable_status(self.status.as_u16())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} {}: {}", self.status.as_u16(), self.kind, self.title)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(instance) = &self.instance {
            write!(f, " (request {instance})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("kind", &self.kind)
            .field("title", &self.title)
            .field("detail", &self.detail)
            .field("instance", &self.instance)
            .field("retry_after", &self.retry_after)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl std::error::Error for ApiError {}

/// A failure below HTTP: connecting, TLS, or reading the response (or,
/// with the `middleware` feature, a middleware of yours that failed).
#[derive(Debug)]
pub struct TransportError {
    pub(crate) source: TransportSource,
}

/// What failed below HTTP.
#[derive(Debug)]
pub(crate) enum TransportSource {
    Reqwest(reqwest::Error),
    /// A middleware of the user's stack (`middleware` feature).
    #[cfg_attr(not(feature = "middleware"), allow(dead_code))]
    Middleware(Box<dyn std::error::Error + Send + Sync>),
}

impl TransportError {
    /// The connection was never established: the request provably did not
    /// reach the API.
    pub fn is_connect(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return matches!(&self.source, TransportSource::Reqwest(e) if e.is_connect());
        // fetch does not tell a refused connection from any other failure.
        #[cfg(target_arch = "wasm32")]
        return false;
    }

    /// The failure happened while sending the request or reading the answer.
    pub fn is_request(&self) -> bool {
        matches!(&self.source, TransportSource::Reqwest(e) if e.is_request() || e.is_body() || e.is_decode())
    }

    /// A middleware of your stack failed (`middleware` feature): the
    /// request may or may not have been sent, so it is not retried.
    pub fn is_middleware(&self) -> bool {
        matches!(self.source, TransportSource::Middleware(_))
    }

    fn inner(&self) -> &(dyn std::error::Error + 'static) {
        match &self.source {
            TransportSource::Reqwest(e) => e,
            TransportSource::Middleware(e) => e.as_ref(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_connect() {
            "could not connect"
        } else if self.is_middleware() {
            "middleware error"
        } else {
            "transport error"
        };
        let inner = self.inner();
        write!(f, "{what}: {inner}")?;
        let mut cause = inner.source();
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.inner())
    }
}

/// Why a [`Client`](crate::Client) could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key was given.
    #[error("no API key: call ClientBuilder::api_key or set POSTPRESS_API_KEY")]
    MissingApiKey,
    /// A required environment variable is not set.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// An environment variable is set but unusable.
    #[error("environment variable {var}: {reason}")]
    InvalidEnv {
        /// The variable.
        var: &'static str,
        /// What is wrong (never its value when it is the key).
        reason: String,
    },
    /// The API key is empty or not a valid header value. The key itself is
    /// never shown.
    #[error("invalid API key: {0}")]
    InvalidApiKey(&'static str),
    /// The base URL cannot be used.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL as given (with any userinfo removed).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Plain `http` to a host that is not loopback, without
    /// `allow_insecure_http(true)`: the key would travel in clear text.
    #[error(
        "refusing plain http to {host}: the API key would travel unencrypted (use https, or allow_insecure_http(true))"
    )]
    InsecureHttp {
        /// The host.
        host: String,
    },
    /// The user agent is not a valid header value.
    #[error("invalid user agent: {0}")]
    InvalidUserAgent(String),
    /// A timeout of zero.
    #[error("{0} must be greater than zero")]
    ZeroTimeout(&'static str),
    /// A rate limit of zero requests per second.
    #[error("the rate limit must be at least 1 request per second")]
    ZeroRateLimit,
    /// reqwest could not build its HTTP client (TLS set-up).
    #[error("could not build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// The blocking client's (`postpress::blocking`) runtime could not be started
    /// (the OS refused a thread), or stopped before a call finished.
    #[error("blocking client runtime: {0}")]
    BlockingRuntime(String),
}
