//! The client layer: the builder and its configuration, the [`Client`]
//! handle, the chat handles, and bulk runs: the ways into the call path.

pub(crate) mod builder;
pub(crate) mod bulk;
pub(crate) mod chat;
pub(crate) mod request;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::action::ChatAction;
use crate::call;
use crate::call::attempt::Outcome;
use crate::call::config::Inner;
use crate::call::options::CallOptions;
use crate::client::chat::Chat;
use crate::client::request::{ActionCall, Perform};
use crate::error::Result;
use crate::rt::MaybeSend;

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

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
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
    /// segment. Retries follow the client's [`RetryPolicy`](crate::RetryPolicy).
    ///
    /// Like every action method it returns an [`ActionCall`]: `.await` it,
    /// after setting options for this call alone if you need any.
    pub fn perform<'a>(
        &'a self,
        chat_id: &'a str,
        action: ChatAction,
    ) -> ActionCall<impl Perform<Output = Result<crate::call::attempt::ChatPatched>, Future: MaybeSend> + 'a>
    {
        ActionCall::new(move |options: Option<Box<CallOptions>>| async move {
            self.execute(chat_id, &action, options.as_deref()).await
        })
    }

    /// One call down the call path (retry loop, then attempts).
    pub(crate) async fn execute<T: Outcome>(
        &self,
        chat_id: &str,
        action: &ChatAction,
        options: Option<&CallOptions>,
    ) -> Result<T> {
        call::execute(&self.inner, chat_id, action, options).await
    }

    /// One call of a bulk run down the call path.
    pub(crate) async fn execute_in<'a, T: Outcome>(
        &self,
        chat_id: &'a str,
        action: &'a ChatAction,
        bulk: call::Bulk<'a>,
    ) -> std::result::Result<T, call::Stopped> {
        call::execute_in(&self.inner, chat_id, action, Some(bulk)).await
    }
}
