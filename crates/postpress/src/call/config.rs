//! What every call of a client reads: the configuration
//! [`ClientBuilder`](crate::ClientBuilder) checked once, shared by every
//! clone. The bottom of the request path: the retry loop and each attempt
//! read it; nothing here calls up.

use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::call::policy::RetryPolicy;
use crate::pace::Pacer;

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The user's middleware stack, when given: every attempt goes through
    /// it instead of `http`.
    #[cfg(feature = "middleware")]
    pub(crate) middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    pub(crate) base_url: Url,
    /// The base URL with the path up to the chat id (`chats_path` without
    /// its trailing `/`), no query: each request appends the id to a copy.
    pub(crate) chats_url: Url,
    /// The base URL's path followed by `PATH_PREFIX`, ready for one
    /// encoded segment.
    pub(crate) chats_path: String,
    pub(crate) api_key: HeaderValue,
    /// The headers of every request: the key (sensitive), `User-Agent`,
    /// `Content-Type` and `Accept`.
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) timeout: Duration,
    /// The timeout set on `http` itself, when this crate built it.
    pub(crate) client_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// The client-side rate limit (local or shared), if any.
    pub(crate) limiter: Option<Pacer>,
    pub(crate) api: postpress_api::Client,
}
