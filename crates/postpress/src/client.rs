//! The client: configuration shared by every call, and the ways in.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::builder::ClientBuilder;
use crate::error::Result;
use crate::limit::RateLimiter;
use crate::retry::RetryPolicy;
use crate::{Chat, ChatAction};

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.postpress.io";
/// The environment variable [`Client::from_env`] reads the key from.
pub const ENV_API_KEY: &str = "POSTPRESS_API_KEY";
/// The environment variable [`Client::from_env`] reads an optional base URL from.
pub const ENV_BASE_URL: &str = "POSTPRESS_BASE_URL";
/// The default time limit of one attempt (connect, send, and read the answer).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A postpress client. Cheap to clone (one `Arc`), `Send + Sync`; share one
/// per process so connections are reused.
///
/// ```no_run
/// # async fn run() -> postpress::Result<()> {
/// let client = postpress::Client::from_env()?;
/// client.chat("9f9uio56sopa456s").mark_read().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// The base URL with the path up to the chat id (`chats_path`).
    pub(crate) chats_url: Url,
    /// The base URL's path followed by `PATH_PREFIX`, ready for one
    /// encoded segment.
    pub(crate) chats_path: String,
    pub(crate) api_key: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    /// The timeout set on `http` itself, when this crate built it.
    pub(crate) client_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// The client-side rate limit, if any.
    pub(crate) limiter: Option<RateLimiter>,
    pub(crate) api: postpress_api::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &"***")
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("rate_limited", &self.inner.limiter.is_some())
            .finish_non_exhaustive()
    }
}

/// The result of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatPatched {
    /// The link the action returns (the spec's `x-returns`, such as
    /// `getInviteLink`'s `invite_link`); `None` for every other action.
    pub invite_link: Option<Url>,
}

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// A builder with the defaults: production base URL, 30 s timeout per
    /// attempt, 10 s connect timeout, no retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `POSTPRESS_API_KEY` and, if set,
    /// `POSTPRESS_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// A handle on one chat, with one method per action (every action; the
    /// provider-typed handles such as [`whatsapp_chat`](Self::whatsapp_chat)
    /// have only those their provider supports).
    pub fn chat(&self, chat_id: impl Into<String>) -> Chat {
        Chat::new(self.clone(), chat_id.into())
    }

    /// The generated low-level client, for anything this crate does not
    /// wrap. It shares this client's reqwest client (connection pool,
    /// timeouts, redirect policy), base URL and key, and differs from it:
    ///
    /// * no validation: any string goes out as the chat id and any
    ///   [`types::ChatActionRequest`](postpress_api::types::ChatActionRequest) as the body;
    /// * progenitor's path encoding (a chat id is still one segment, but
    ///   `@` and `:` are percent-encoded);
    /// * an `api-version` header (the spec's `info.version`) on every
    ///   request;
    /// * no retries, no tracing span, and progenitor's error type instead of
    ///   [`Error`](crate::Error): a documented status whose body is not the
    ///   envelope loses its status there.
    pub fn api(&self) -> &postpress_api::Client {
        &self.inner.api
    }

    /// Performs `action` on the chat `chat_id`: the general form of every
    /// [`Chat`] method.
    ///
    /// The chat id is validated (not empty, no control characters, not `.`
    /// or `..`, at most 1024 bytes) and sent as one percent-encoded path
    /// segment. Retries follow the client's [`RetryPolicy`].
    pub async fn perform(&self, chat_id: &str, action: ChatAction) -> Result<crate::ChatPatched> {
        self.execute(chat_id, &action, None).await
    }
}
