//! A blocking client for code without `async` (the `blocking` feature), in
//! the way of `reqwest::blocking`: the same builder settings, the same
//! handles and generated methods, returning plain [`Result`]s.
//!
//! ```no_run
//! fn main() -> postpress::Result<()> {
//!     let client = postpress::blocking::Client::builder()
//!         .api_key(std::env::var("POSTPRESS_API_KEY").unwrap_or_default())
//!         .build()?;
//!     client.chat("9f9uio56sopa456s").mark_read()?;
//!     let link = client.telegram_chat("tg-group-1").invite_link()?;
//!     println!("{link}");
//!     Ok(())
//! }
//! ```
//!
//! It sits on the async core: each [`Client`] owns a small tokio runtime
//! (one worker thread) that runs the async [`crate::client::Client`]'s calls, so
//! errors, retries, timeouts, the rate limit and key safety are exactly the
//! async client's. Clones share the runtime and the connection pool; the
//! runtime stops when the last clone is dropped.
//!
//! **Inside an async runtime it works, and blocks.** A call made from
//! within a tokio task does not panic (unlike `Runtime::block_on`): the
//! request runs on this client's own runtime thread while the calling
//! thread waits for it, which stalls that thread's other tasks for the
//! call's duration. In async code, use [`crate::client::Client`] instead.
//!
//! A provider-typed handle has only its provider's actions, as in the async
//! client:
//!
//! ```compile_fail,E0599
//! # fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
//! client.linkedin_chat("li-chat-1").archive()?; // LinkedIn cannot archive
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::action::ChatAction;
use crate::call::attempt::ChatPatched;
use crate::call::options::CallOptions;
use crate::call::policy::RetryPolicy;
use crate::error::{ConfigError, Result};

// One method per action and helper on the blocking `Chat`, and the
// blocking provider-typed handles, generated from the spec
// (`src/generated/blocking.rs`).
#[allow(clippy::all)]
mod handles {
    include!(concat!(env!("POSTPRESS_GENERATED"), "/blocking.rs"));
}
pub use handles::*;

/// A blocking postpress client. Cheap to clone (two `Arc`s), `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: crate::client::Client,
    runtime: Arc<Runtime>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client").field(&self.inner).finish()
    }
}

/// The runtime the calls run on; shut down without waiting when dropped, so
/// dropping the last clone inside an async context does not panic.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    fn start() -> Result<Self> {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("postpress-blocking")
            .enable_all()
            .build()
            .map(|rt| Self(Some(rt)))
            .map_err(|e| ConfigError::BlockingRuntime(format!("cannot start: {e}")).into())
    }

    /// Runs `call` on the runtime and waits for its result on this thread.
    fn run<T: Send + 'static>(&self, call: impl Future<Output = Result<T>> + Send + 'static) -> Result<T> {
        let Some(rt) = &self.0 else {
            return Err(ConfigError::BlockingRuntime("stopped".into()).into());
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        rt.spawn(async move {
            // The receiver only goes away with the caller: nothing to do then.
            let _ = tx.send(call.await);
        });
        rx.recv().unwrap_or_else(|_| {
            Err(ConfigError::BlockingRuntime("the runtime stopped before the call finished".into()).into())
        })
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl Client {
    /// A builder with the async client's defaults: production base URL,
    /// 30 s timeout per attempt, 10 s connect timeout, no retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder(crate::client::Client::builder())
    }

    /// A client configured from `POSTPRESS_API_KEY` and, if set,
    /// `POSTPRESS_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// A blocking client that runs its calls through `client` (sharing its
    /// connection pool, settings and rate limit).
    pub fn from_async(client: crate::client::Client) -> Result<Self> {
        Ok(Self {
            inner: client,
            runtime: Arc::new(Runtime::start()?),
        })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::client::Client {
        &self.inner
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        self.inner.base_url()
    }

    /// A handle on one chat, with one method per action (every action; the
    /// provider-typed handles such as [`whatsapp_chat`](Self::whatsapp_chat)
    /// have only those their provider supports).
    pub fn chat(&self, chat_id: impl Into<String>) -> Chat {
        Chat {
            chat: self.inner.chat(chat_id),
            runtime: self.runtime.clone(),
            options: None,
        }
    }

    /// Performs `action` on the chat `chat_id`: the general form of every
    /// [`Chat`] method, as [`crate::client::Client::perform`].
    pub fn perform(&self, chat_id: &str, action: ChatAction) -> Result<ChatPatched> {
        self.chat(chat_id).perform(action)
    }
}

/// A handle on one chat of a blocking [`Client`]: `client.chat(id)`. It has
/// the async [`crate::Chat`]'s methods (one per action of the spec, and the
/// spec's helpers), each blocking until the answer arrives.
///
/// ```no_run
/// # fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
/// let chat = client.chat("120363041234567890@g.us");
/// chat.mute()?;
/// chat.add_participant("334455667788@s.whatsapp.net")?;
/// println!("{}", chat.invite_link()?);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Chat {
    chat: crate::client::chat::Chat,
    runtime: Arc<Runtime>,
    options: Option<Box<CallOptions>>,
}

impl fmt::Debug for Chat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Chat").field(&self.chat.id()).finish()
    }
}

impl Chat {
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }

    /// This handle, with `options` applied to each of its calls (a
    /// timeout, a retry policy, headers; see [`CallOptions`]). The
    /// blocking client's idiom for per-call options: its methods return
    /// the result, not a builder, so the options ride on the handle
    /// (`client.chat(id).with_options(o).mute()?`), and every existing
    /// call stays as it is. An invalid option is
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) from each call,
    /// with nothing sent.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// # fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
    /// let quick = postpress::CallOptions::new().timeout(Duration::from_secs(2));
    /// client.chat("9f9uio56sopa456s").with_options(quick).mark_read()?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = Some(Box::new(options));
        self
    }

    /// Performs any action on this chat: the general form of its methods.
    pub fn perform(&self, action: ChatAction) -> Result<ChatPatched> {
        let (chat, options) = (self.chat.clone(), self.options.clone());
        self.runtime.run(async move {
            chat.perform(action)
                .options(options.map(|o| *o).unwrap_or_default())
                .await
        })
    }

    pub(crate) fn run(&self, action: ChatAction) -> Result<()> {
        self.perform(action).map(|_| ())
    }

    /// For an action with `x-returns`: the link its answer carries.
    pub(crate) fn run_returning(&self, action: ChatAction) -> Result<Url> {
        let (chat, options) = (self.chat.clone(), self.options.clone());
        self.runtime
            .run(async move { chat.run_returning(Ok(action), options).await })
    }
}

/// Configures a blocking [`Client`]: the same settings as
/// [`crate::client::builder::ClientBuilder`], checked the same way by [`build`](Self::build).
#[derive(Debug, Clone)]
pub struct ClientBuilder(crate::client::builder::ClientBuilder);

/// Each setter hands its argument to the async builder's setter of the same name.
macro_rules! same_setters {
    ($($(#[$doc:meta])* $name:ident($arg:ty);)*) => {
        $(
            $(#[$doc])*
            pub fn $name(self, value: $arg) -> Self {
                Self(self.0.$name(value))
            }
        )*
    };
}

impl ClientBuilder {
    /// A builder from `POSTPRESS_API_KEY` and, if set, `POSTPRESS_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        crate::client::builder::ClientBuilder::from_env().map(Self)
    }

    same_setters! {
        /// As [`crate::client::builder::ClientBuilder::api_key`].
        api_key(impl Into<String>);
        /// As [`crate::client::builder::ClientBuilder::base_url`].
        base_url(impl Into<String>);
        /// As [`crate::client::builder::ClientBuilder::timeout`].
        timeout(Duration);
        /// As [`crate::client::builder::ClientBuilder::connect_timeout`].
        connect_timeout(Duration);
        /// As [`crate::client::builder::ClientBuilder::retry`].
        retry(RetryPolicy);
        /// As [`crate::client::builder::ClientBuilder::user_agent`].
        user_agent(impl Into<String>);
        /// As [`crate::client::builder::ClientBuilder::http_client`] (an async `reqwest::Client`).
        http_client(reqwest::Client);
        /// As [`crate::client::builder::ClientBuilder::allow_insecure_http`].
        allow_insecure_http(bool);
        /// As [`crate::client::builder::ClientBuilder::rate_limit`].
        rate_limit(u32);
    }

    /// Checks every setting, starts the client's runtime and builds it.
    pub fn build(self) -> Result<Client> {
        Client::from_async(self.0.build()?)
    }
}

impl From<crate::client::builder::ClientBuilder> for ClientBuilder {
    fn from(builder: crate::client::builder::ClientBuilder) -> Self {
        Self(builder)
    }
}
