//! The client, its builder, and the per-chat handle.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument;
use url::Url;

use crate::action::{ChatAction, Label, ProviderId, check_text};
use crate::bulk::{MAX_GATED_RETRIES, RateGate};
use crate::error::{ApiError, ConfigError, Error, MAX_BODY_BYTES, Result, TransportError};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::{API_KEY_HEADER, ErrorKind};

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

const API_KEY_NAME: HeaderName = HeaderName::from_static(API_KEY_HEADER);

const DEFAULT_USER_AGENT: &str = concat!("postpress-rs/", env!("CARGO_PKG_VERSION"));

/// Bytes a chat id keeps as they are in its path segment: RFC 3986
/// unreserved characters plus `@` and `:` (WhatsApp ids such as
/// `120363@g.us`). Everything else, `/ ? # % +` and all non-ASCII included,
/// is percent-encoded, so an id is always exactly one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@')
    .remove(b':');

/// Whether `SEGMENT` leaves the byte as it is (the fast path of encoding).
fn kept_in_segment(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~@:".contains(&b)
}

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

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// `{base}/api/v1/chats/`, ready for one encoded segment.
    chats_prefix: String,
    api_key: HeaderValue,
    user_agent: HeaderValue,
    timeout: Duration,
    /// The timeout set on `http` itself, when this crate built it.
    client_timeout: Option<Duration>,
    retry: RetryPolicy,
    api: postpress_api::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &"***")
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// The result of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatPatched {
    /// The group invite link; present only for `getInviteLink`.
    pub invite_link: Option<Url>,
}

impl Client {
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

    /// A handle on one chat, with one method per action.
    pub fn chat(&self, chat_id: impl Into<String>) -> Chat {
        Chat {
            client: self.clone(),
            id: chat_id.into(),
        }
    }

    /// The generated low-level client, configured with the same HTTP client,
    /// base URL and key, for anything this crate does not wrap. It has no
    /// validation, retries or typed errors of this crate.
    pub fn api(&self) -> &postpress_api::Client {
        &self.inner.api
    }

    /// Performs `action` on the chat `chat_id`: the general form of every
    /// [`Chat`] method.
    ///
    /// The chat id is validated (not empty, no control characters, not `.`
    /// or `..`, at most 1024 bytes) and sent as one percent-encoded path
    /// segment. Retries follow the client's [`RetryPolicy`].
    pub async fn perform(&self, chat_id: &str, action: ChatAction) -> Result<ChatPatched> {
        self.perform_gated(chat_id, &action, None).await
    }

    /// `perform`, with every attempt held at `gate` and every 429 closing it
    /// (bulk mode: one pause for all workers).
    pub(crate) async fn perform_gated(
        &self,
        chat_id: &str,
        action: &ChatAction,
        gate: Option<&RateGate>,
    ) -> Result<ChatPatched> {
        validate_chat_id(chat_id)?;
        let inner = &*self.inner;
        let mut url = String::with_capacity(inner.chats_prefix.len() + chat_id.len() * 3);
        url.push_str(&inner.chats_prefix);
        if chat_id.bytes().all(kept_in_segment) {
            url.push_str(chat_id);
        } else {
            url.extend(utf8_percent_encode(chat_id, SEGMENT));
        }
        let body = match action.static_wire() {
            Some(wire) => Bytes::from_static(wire),
            None => Bytes::from(
                serde_json::to_vec(action).map_err(|e| Error::invalid_input("action", e.to_string()))?,
            ),
        };
        let span = tracing::info_span!(
            "postpress.perform",
            chat_id = %chat_id,
            action = action.name(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: skip entering the span on every poll.
            self.run(url, body, action, gate, span).await
        } else {
            self.run(url, body, action, gate, span.clone())
                .instrument(span)
                .await
        }
    }

    async fn run(
        &self,
        url: String,
        body: Bytes,
        action: &ChatAction,
        gate: Option<&RateGate>,
        span: tracing::Span,
    ) -> Result<ChatPatched> {
        let inner = &*self.inner;
        let policy = &inner.retry;
        let idempotent = action.is_idempotent();
        let start = tokio::time::Instant::now();
        let mut attempts: u32 = 0;
        let mut retries: u32 = 0;
        let mut gated_retries: u32 = 0;
        let mut last_err: Option<Error> = None;
        loop {
            if let Some(gate) = gate {
                gate.wait().await;
            }
            // No attempt may run past the policy's total-time bound.
            let timeout = match policy.max_elapsed_value() {
                Some(max) => inner.timeout.min(max.saturating_sub(start.elapsed())),
                None => inner.timeout,
            };
            if timeout.is_zero() {
                return Err(last_err.unwrap_or(Error::Timeout {
                    after: Duration::ZERO,
                }));
            }
            attempts += 1;
            span.record("attempt", attempts);
            let outcome = self.attempt(&url, body.clone(), timeout, action).await;
            let elapsed = start.elapsed();
            span.record("elapsed_ms", elapsed.as_millis() as u64);
            match &outcome {
                Ok(_) => span.record("status", 200u16),
                Err(e) => match e.status() {
                    Some(s) => span.record("status", s.as_u16()),
                    None => span.record("status", 0u16),
                },
            };
            let err = match outcome {
                Ok(patched) => return Ok(patched),
                Err(err) => err,
            };
            // Bulk mode: a 429 proves the request was not processed; pause
            // every worker for the time asked and try again (not counted
            // against the policy's retries, but within its time bound).
            if let Some(gate) = gate
                && err.status() == Some(StatusCode::TOO_MANY_REQUESTS)
                && gated_retries < MAX_GATED_RETRIES
            {
                let pause = err.retry_after().unwrap_or(Duration::from_secs(1));
                if pause <= policy.max_retry_after_value()
                    && policy.fits(elapsed.saturating_add(pause), idempotent, inner.timeout)
                {
                    gated_retries += 1;
                    tracing::info!(
                        pause_ms = pause.as_millis() as u64,
                        "rate limited: pausing every worker"
                    );
                    gate.close_for(pause);
                    last_err = Some(err);
                    continue;
                }
            }
            match policy.next_delay(&err, idempotent, retries, elapsed, inner.timeout) {
                Some(delay) => {
                    retries += 1;
                    tracing::warn!(attempt = attempts, delay_ms = delay.as_millis() as u64, error = %err, "retrying");
                    tokio::time::sleep(delay).await;
                    last_err = Some(err);
                }
                None => {
                    tracing::debug!(attempt = attempts, error = %err, "call failed");
                    return Err(err);
                }
            }
        }
    }

    async fn attempt(
        &self,
        url: &str,
        body: Bytes,
        timeout: Duration,
        action: &ChatAction,
    ) -> Result<ChatPatched> {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .request(Method::PATCH, url)
            .header(API_KEY_NAME, inner.api_key.clone())
            .header(USER_AGENT, inner.user_agent.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        // A client built here carries the timeout itself; a per-request one
        // costs reqwest an extensions map, so set it only when it differs.
        if inner.client_timeout != Some(timeout) {
            request = request.timeout(timeout);
        }
        let request = request.body(body);
        let mut response = request.send().await.map_err(|e| transport(e, timeout))?;
        let status = response.status();
        let (body, complete) = read_capped(&mut response)
            .await
            .map_err(|e| transport(e, timeout))?;
        let headers = response.headers();
        // The answer to every action but getInviteLink, byte for byte: the
        // same value serde would decode, without decoding.
        if status.is_success()
            && complete
            && !matches!(action, ChatAction::GetInviteLink)
            && body == PATCHED_BODY
        {
            return Ok(ChatPatched { invite_link: None });
        }
        // Anything else may end up in an error: never keep the key in it.
        let body = redact(body, complete, &inner.api_key);
        if status.is_success() {
            if !complete {
                return Err(unexpected(
                    status,
                    body,
                    "the body is larger than 64 KiB",
                    headers,
                ));
            }
            return decode_success(status, body, action, headers);
        }
        Err(decode_error(status, body, complete, headers, &inner.api_key))
    }
}

const PATCHED_BODY: &[u8] = br#"{"object":"ChatPatched"}"#;

fn transport(e: reqwest::Error, timeout: Duration) -> Error {
    if e.is_timeout() && !e.is_connect() {
        Error::Timeout { after: timeout }
    } else {
        Error::Transport(TransportError {
            source: e.without_url(),
        })
    }
}

/// Reads at most [`MAX_BODY_BYTES`]; the flag says whether the body was complete.
async fn read_capped(response: &mut reqwest::Response) -> std::result::Result<(Bytes, bool), reqwest::Error> {
    let hint = response.content_length().unwrap_or(0).min(MAX_BODY_BYTES as u64) as usize;
    let mut buf = BytesMut::with_capacity(hint);
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_BODY_BYTES + 1 - buf.len();
        if chunk.len() >= room {
            buf.extend_from_slice(&chunk[..room - 1]);
            return Ok((buf.freeze(), false));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf.freeze(), true))
}

fn unexpected(status: StatusCode, body: Bytes, reason: impl Into<String>, headers: &HeaderMap) -> Error {
    Error::UnexpectedResponse {
        status,
        body,
        reason: reason.into(),
        retry_after: parse_retry_after(headers),
    }
}

/// Decodes a complete 2xx body, already redacted.
fn decode_success(
    status: StatusCode,
    body: Bytes,
    action: &ChatAction,
    headers: &HeaderMap,
) -> Result<ChatPatched> {
    let wire: postpress_api::types::ChatPatched = match serde_json::from_slice(&body) {
        Ok(w) => w,
        Err(e) => {
            let reason = if body.is_empty() {
                "the success body is empty; expected {\"object\":\"ChatPatched\"}".to_string()
            } else {
                format!("the success body is not a ChatPatched object: {e}")
            };
            return Err(unexpected(status, body, reason, headers));
        }
    };
    // Only getInviteLink has an invite link; a stray one elsewhere is ignored
    // rather than failing an action that was applied.
    if !matches!(action, ChatAction::GetInviteLink) {
        return Ok(ChatPatched { invite_link: None });
    }
    match wire.invite_link.as_deref().map(Url::parse) {
        Some(Ok(url)) if matches!(url.scheme(), "https" | "http") => Ok(ChatPatched {
            invite_link: Some(url),
        }),
        Some(_) => Err(unexpected(
            status,
            body,
            "invite_link is not an http(s) URL",
            headers,
        )),
        None => Err(unexpected(
            status,
            body,
            "getInviteLink succeeded without an invite_link",
            headers,
        )),
    }
}

/// The error envelope, decoded leniently: only `type` is needed to call a
/// body an envelope; `status` may be any JSON number.
#[derive(serde::Deserialize)]
struct LenientEnvelope {
    #[serde(rename = "type")]
    type_: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    instance: Option<String>,
    #[serde(default)]
    status: Option<serde_json::Value>,
}

fn decode_error(
    status: StatusCode,
    body: Bytes,
    complete: bool,
    headers: &HeaderMap,
    key: &HeaderValue,
) -> Error {
    if status.is_redirection() {
        let location = headers
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(|l| redact_str(l.split(['?', '#']).next().unwrap_or_default().to_string(), key))
            .unwrap_or_default();
        return unexpected(
            status,
            body,
            format!("redirect to {location:?} not followed (only same-origin 307/308 redirects are)"),
            headers,
        );
    }
    let envelope = if complete {
        serde_json::from_slice::<LenientEnvelope>(&body).ok()
    } else {
        None
    };
    let Some(env) = envelope else {
        let reason = if !complete {
            "the error body is larger than 64 KiB".to_string()
        } else if body.is_empty() {
            "the error body is empty".to_string()
        } else {
            "the error body is not the JSON error envelope".to_string()
        };
        return unexpected(status, body, reason, headers);
    };
    // The body is redacted, but JSON escapes (`\u0041`, `\/`) could spell the
    // key again once decoded: redact the decoded strings too.
    let title = env
        .title
        .filter(|t| !t.trim().is_empty())
        .map(|t| redact_str(t, key))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let body_status = env
        .status
        .as_ref()
        .and_then(|v| v.as_f64())
        .and_then(|f| (f.fract() == 0.0 && (100.0..=599.0).contains(&f)).then_some(f as u16));
    ApiError {
        status,
        kind: ErrorKind::from_type(&redact_str(env.type_, key)),
        title,
        detail: env.detail.map(|d| redact_str(d, key)),
        instance: env.instance.map(|i| redact_str(i, key)),
        body_status,
        retry_after: parse_retry_after(headers),
        body,
    }
    .into()
}

/// Removes the API key from a body a server sent back, so that it cannot
/// reach logs through an error (a server echoing headers, say). When the body
/// was cut at the 64 KiB cap, a tail that starts the key is removed too.
fn redact(body: Bytes, complete: bool, key: &HeaderValue) -> Bytes {
    let key = key.as_bytes();
    if key.len() < 4 {
        return body;
    }
    let whole = body.len() >= key.len() && body.windows(key.len()).any(|w| w == key);
    let tail = if complete {
        0
    } else {
        (4..key.len().min(body.len() + 1))
            .rev()
            .find(|&n| body.ends_with(&key[..n]))
            .unwrap_or(0)
    };
    if !whole && tail == 0 {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest: &[u8] = &body[..body.len() - tail];
    while let Some(i) = rest.windows(key.len()).position(|w| w == key) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(b"***");
        rest = &rest[i + key.len()..];
    }
    out.extend_from_slice(rest);
    if tail > 0 {
        out.extend_from_slice(b"***");
    }
    Bytes::from(out)
}

/// [`redact`] for a decoded string.
fn redact_str(text: String, key: &HeaderValue) -> String {
    match key.to_str() {
        Ok(k) if k.len() >= 4 && text.contains(k) => text.replace(k, "***"),
        _ => text,
    }
}

fn validate_chat_id(chat_id: &str) -> Result<()> {
    check_text("chat_id", chat_id)?;
    if chat_id == "." || chat_id == ".." {
        return Err(Error::invalid_input(
            "chat_id",
            "`.` and `..` are path navigation, not chat ids",
        ));
    }
    Ok(())
}

/// A handle on one chat: `client.chat(id)`. Each method performs one action.
///
/// ```no_run
/// # async fn run(client: postpress::Client) -> postpress::Result<()> {
/// let chat = client.chat("120363041234567890@g.us");
/// chat.mute().await?;
/// chat.add_participant("334455667788@s.whatsapp.net").await?;
/// let link = chat.invite_link().await?;
/// println!("{link}");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Chat {
    client: Client,
    id: String,
}

impl Chat {
    /// The chat id.
    pub fn id(&self) -> &str {
        &self.id
    }

    async fn run(&self, action: ChatAction) -> Result<()> {
        self.client
            .perform_gated(&self.id, &action, None)
            .await
            .map(|_| ())
    }

    /// Marks the chat read (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub async fn mark_read(&self) -> Result<()> {
        self.set_read(true).await
    }
    /// Marks the chat unread (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub async fn mark_unread(&self) -> Result<()> {
        self.set_read(false).await
    }
    /// Sets the read status (`setReadStatus`; WhatsApp, LinkedIn).
    pub async fn set_read(&self, read: bool) -> Result<()> {
        self.run(ChatAction::SetReadStatus(read)).await
    }
    /// Mutes the chat (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub async fn mute(&self) -> Result<()> {
        self.set_muted(true).await
    }
    /// Unmutes the chat (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub async fn unmute(&self) -> Result<()> {
        self.set_muted(false).await
    }
    /// Sets the mute status (`setMuteStatus`; WhatsApp, LinkedIn).
    pub async fn set_muted(&self, muted: bool) -> Result<()> {
        self.run(ChatAction::SetMuteStatus(muted)).await
    }
    /// Archives the chat (`setArchiveStatus: true`; WhatsApp).
    pub async fn archive(&self) -> Result<()> {
        self.set_archived(true).await
    }
    /// Unarchives the chat (`setArchiveStatus: false`; WhatsApp).
    pub async fn unarchive(&self) -> Result<()> {
        self.set_archived(false).await
    }
    /// Sets the archive status (`setArchiveStatus`; WhatsApp).
    pub async fn set_archived(&self, archived: bool) -> Result<()> {
        self.run(ChatAction::SetArchiveStatus(archived)).await
    }
    /// Pins the chat (`setPinnedStatus: true`; WhatsApp).
    pub async fn pin(&self) -> Result<()> {
        self.set_pinned(true).await
    }
    /// Unpins the chat (`setPinnedStatus: false`; WhatsApp).
    pub async fn unpin(&self) -> Result<()> {
        self.set_pinned(false).await
    }
    /// Sets the pinned status (`setPinnedStatus`; WhatsApp).
    pub async fn set_pinned(&self, pinned: bool) -> Result<()> {
        self.run(ChatAction::SetPinnedStatus(pinned)).await
    }
    /// Adds a participant to the group (`addParticipant`; WhatsApp,
    /// Telegram). `id` is a provider id such as `334455667788@s.whatsapp.net`.
    pub async fn add_participant(&self, id: impl AsRef<str>) -> Result<()> {
        self.run(ChatAction::AddParticipant(ProviderId::new(id.as_ref())?))
            .await
    }
    /// Removes a participant from the group (`removeParticipant`; WhatsApp,
    /// Telegram).
    pub async fn remove_participant(&self, id: impl AsRef<str>) -> Result<()> {
        self.run(ChatAction::RemoveParticipant(ProviderId::new(id.as_ref())?))
            .await
    }
    /// Assigns a label, creating it if needed (`setLabel`; WhatsApp).
    pub async fn set_label(&self, label: impl AsRef<str>) -> Result<()> {
        self.run(ChatAction::SetLabel(Label::new(label.as_ref())?)).await
    }
    /// The group's invite link (`getInviteLink`; WhatsApp, Telegram).
    pub async fn invite_link(&self) -> Result<Url> {
        let patched = self
            .client
            .perform_gated(&self.id, &ChatAction::GetInviteLink, None)
            .await?;
        // decode_success guarantees the link for getInviteLink.
        patched.invite_link.ok_or_else(|| Error::UnexpectedResponse {
            status: StatusCode::OK,
            body: Bytes::new(),
            reason: "getInviteLink succeeded without an invite_link".into(),
            retry_after: None,
        })
    }
}

/// Configures a [`Client`]. Every setting is checked by [`build`](Self::build).
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::none(),
            user_agent: None,
            http_client: None,
            allow_insecure_http: false,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with the key from `POSTPRESS_API_KEY` and, if set, the base
    /// URL from `POSTPRESS_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        let key = match std::env::var(ENV_API_KEY) {
            Ok(k) => k,
            Err(std::env::VarError::NotPresent) => return Err(ConfigError::MissingEnv(ENV_API_KEY).into()),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(ConfigError::InvalidEnv {
                    var: ENV_API_KEY,
                    reason: "not valid UTF-8".into(),
                }
                .into());
            }
        };
        let mut builder = Self::default().api_key(key);
        match std::env::var(ENV_BASE_URL) {
            Ok(url) if !url.trim().is_empty() => builder = builder.base_url(url.trim()),
            Ok(_) | Err(std::env::VarError::NotPresent) => {}
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(ConfigError::InvalidEnv {
                    var: ENV_BASE_URL,
                    reason: "not valid UTF-8".into(),
                }
                .into());
            }
        }
        Ok(builder)
    }

    /// The API key, sent as `X-API-KEY` (marked sensitive; never printed).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Where the API lives (default `https://api.postpress.io`). May carry a
    /// path prefix (`https://proxy.example/postpress`); requests go to
    /// `{base_url}/api/v1/chats/{chat_id}`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The time limit of one attempt, from connecting to the last byte of
    /// the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit for establishing a connection (default 10 s). Ignored
    /// with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default: none).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (default `postpress-rs/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Uses your own reqwest client (proxies, TLS roots, pools). The key is
    /// still added per request. Configure it not to follow redirects to other
    /// hosts (`reqwest::redirect::Policy::none()`): reqwest's default policy
    /// would forward the `X-API-KEY` header. The client this crate builds
    /// itself follows only same-origin 307/308 redirects.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Allows plain `http` to hosts other than loopback (default `false`:
    /// the key would cross the network unencrypted). Loopback
    /// (`127.0.0.0/8`, `::1`, `localhost`) is always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<Client> {
        let key = self.api_key.ok_or(ConfigError::MissingApiKey)?;
        if key.trim().is_empty() {
            return Err(ConfigError::InvalidApiKey("it is empty").into());
        }
        if key.trim() != key {
            return Err(ConfigError::InvalidApiKey("it has leading or trailing whitespace").into());
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ConfigError::InvalidApiKey(
                "it must be printable ASCII without spaces or control characters",
            )
            .into());
        }
        let mut api_key = HeaderValue::from_str(&key).map_err(|_| {
            ConfigError::InvalidApiKey("it contains characters a header cannot carry (such as CR, LF or NUL)")
        })?;
        api_key.set_sensitive(true);
        let credentials = postpress_api::Credentials::api_key(&key)
            .map_err(|_| ConfigError::InvalidApiKey("it contains characters a header cannot carry"))?;

        let base_url = parse_base_url(&self.base_url, self.allow_insecure_http)?;
        if self.timeout.is_zero() {
            return Err(ConfigError::ZeroTimeout("timeout").into());
        }
        if self.connect_timeout.is_zero() {
            return Err(ConfigError::ZeroTimeout("connect_timeout").into());
        }
        let user_agent = match &self.user_agent {
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(ua) => HeaderValue::from_str(ua).map_err(|_| {
                ConfigError::InvalidUserAgent("it contains characters a header cannot carry".into())
            })?,
        };
        let (http, client_timeout) = match self.http_client {
            Some(client) => (client, None),
            None => {
                let origin = base_url.origin();
                let mut builder = reqwest::Client::builder();
                if base_url.scheme() == "http" && is_loopback(&base_url) {
                    // HTTP_PROXY must not see a loopback request (and its key)
                    // in clear text.
                    builder = builder.no_proxy();
                }
                let client = builder
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                        let same_origin = attempt.url().origin() == origin;
                        let keeps_method = matches!(attempt.status().as_u16(), 307 | 308);
                        if attempt.previous().len() >= 5 || !same_origin || !keeps_method {
                            attempt.stop()
                        } else {
                            attempt.follow()
                        }
                    }))
                    .build()
                    .map_err(ConfigError::HttpClient)?;
                (client, Some(self.timeout))
            }
        };
        let base = base_url.as_str().trim_end_matches('/').to_string();
        let chats_prefix = format!("{base}/api/v1/chats/");
        let api = postpress_api::Client::new_with_client(&base, http.clone(), credentials);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                chats_prefix,
                api_key,
                user_agent,
                timeout: self.timeout,
                client_timeout,
                retry: self.retry,
                api,
            }),
        })
    }
}

fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url> {
    let shown = |raw: &str| match Url::parse(raw) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        Err(_) => raw.chars().filter(|c| !c.is_control()).take(200).collect(),
    };
    let invalid = |reason: &str| -> Error {
        ConfigError::InvalidBaseUrl {
            url: shown(raw),
            reason: reason.to_string(),
        }
        .into()
    };
    if raw.chars().any(char::is_control) {
        return Err(invalid("it contains control characters"));
    }
    let url = Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    let Some(host) = url.host_str() else {
        return Err(invalid("it has no host"));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not carry a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    if url.scheme() == "http" && !allow_insecure_http && !is_loopback(&url) {
        return Err(ConfigError::InsecureHttp {
            host: host.to_string(),
        }
        .into());
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_the_encode_set() {
        for b in 0u8..128 {
            let text = char::from(b).to_string();
            let encoded = utf8_percent_encode(&text, SEGMENT).to_string();
            assert_eq!(kept_in_segment(b), encoded == text, "byte {b:#04x}");
        }
        for b in 128u8..=255 {
            assert!(!kept_in_segment(b));
        }
    }

    #[test]
    fn redaction_removes_every_copy_of_the_key() {
        let key = HeaderValue::from_static("secret-key");
        let body = Bytes::from_static(b"a secret-key b secret-keysecret-key c");
        assert_eq!(&redact(body, true, &key)[..], b"a *** b ****** c");
        let untouched = Bytes::from_static(b"nothing here");
        assert_eq!(&redact(untouched, true, &key)[..], b"nothing here");
        // A body cut at the cap in the middle of the key.
        let cut = Bytes::from_static(b"x secret-key y secret-k");
        assert_eq!(&redact(cut.clone(), false, &key)[..], b"x *** y ***");
        assert_eq!(&redact(cut, true, &key)[..], b"x *** y secret-k");
        assert_eq!(&redact(Bytes::from_static(b"sec"), false, &key)[..], b"sec");
        assert_eq!(redact_str("a secret-key".into(), &key), "a ***");
    }
}
