//! Options of one call: [`CallOptions`], what
//! [`ActionCall`](crate::ActionCall)'s `.timeout()`, `.retry()` and
//! `.header()` set, read by the retry loop and each attempt.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::call::policy::RetryPolicy;
use crate::error::Error;

/// Headers the client sets itself: a call may not set them.
const OWNED: [&str; 5] = [
    postpress_api::API_KEY_HEADER,
    "content-type",
    "host",
    "content-length",
    "transfer-encoding",
];

/// What one call changes of its client's settings: a timeout, a retry
/// policy, extra headers. Built with [`ActionCall`](crate::ActionCall)'s
/// methods (`chat.mute().timeout(d).await`), or whole for the blocking
/// client (`blocking::Chat::with_options`, feature `blocking`).
///
/// ```
/// use std::time::Duration;
/// let options = postpress::CallOptions::new()
///     .timeout(Duration::from_secs(2))
///     .retry(postpress::RetryPolicy::none())
///     .header("x-request-id", "req-42");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: HeaderMap,
    /// The first invalid option, reported when the call is awaited,
    /// before anything is sent.
    pub(crate) invalid: Option<(&'static str, String)>,
}

impl CallOptions {
    /// No change to the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit of each attempt of this call, instead of the
    /// client's (the retry policy's total bound still applies). Zero is
    /// refused when the call is awaited.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if timeout.is_zero() {
            self.refuse("timeout", "a zero timeout would fail every attempt".into());
        }
        self.timeout = Some(timeout);
        self
    }

    /// This call's retry policy, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Adds a header to every attempt of this call (a request id, say;
    /// repeated names are all sent; `User-Agent` or `Accept` replace the
    /// client's). The headers the client owns (the key
    /// header, `Content-Type`, `Host`, `Content-Length`,
    /// `Transfer-Encoding`) and names or values a header cannot carry are
    /// refused with [`Error::InvalidInput`] when the call is awaited,
    /// before anything is sent. The value is marked sensitive, so it never
    /// shows in `Debug` output.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        HeaderValue: TryFrom<V>,
    {
        let Ok(name) = HeaderName::try_from(name) else {
            self.refuse("header", "not a valid header name".into());
            return self;
        };
        if OWNED.contains(&name.as_str()) {
            self.refuse(
                "header",
                format!("`{name}` is set by the client and cannot be set per call"),
            );
            return self;
        }
        let Ok(mut value) = HeaderValue::try_from(value) else {
            self.refuse(
                "header",
                format!("the value of `{name}` is not a valid header value"),
            );
            return self;
        };
        value.set_sensitive(true);
        self.headers.append(name, value);
        self
    }

    fn refuse(&mut self, field: &'static str, reason: String) {
        if self.invalid.is_none() {
            self.invalid = Some((field, reason));
        }
    }

    /// The error for an invalid option, if one was given.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.invalid {
            Some((field, reason)) => Err(Error::invalid_input(field, reason.clone())),
            None => Ok(()),
        }
    }
}
