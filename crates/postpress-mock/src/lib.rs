//! A spec-faithful local postpress server, for tests, examples and offline
//! development.
//!
//! It implements `PATCH /api/v1/chats/{chat_id}` as `openapi/postpress.yaml`
//! and the reference documentation describe it: API keys, chats with a
//! provider, a kind and an account state, the provider rules of every action,
//! and every documented error. Request bodies are validated against the
//! spec's own request schema. State, a request log and fault injection are
//! reachable from Rust and over HTTP (`/__mock/...`), and watchable in a
//! browser: [`MockServer::inspector_url`] (`/__mock/ui`, printed by the
//! binary at start-up) serves one self-contained page, embedded in the
//! crate, that shows every chat, the request log, the waiting faults and the
//! totals live, and injects or clears faults. It reads only the control
//! endpoints below and fetches nothing from anywhere else.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use postpress_mock::{ChatKind, ChatState, MockServer, Provider};
//!
//! let server = MockServer::builder()
//!     .api_key("test-key")
//!     .chat(ChatState::new("wa-group", Provider::WhatsApp, ChatKind::Group))
//!     .start()
//!     .await?;
//! println!("listening on {}", server.base_url());
//! assert!(!server.chat("wa-group").unwrap().flag("muted"));
//! # Ok(()) }
//! ```
//!
//! # HTTP control endpoints
//!
//! The same table is [`CONTROL_ENDPOINTS`], which `postpress-mock --help`
//! prints:
//!
#![doc = include_str!("control.md")]
//!
//! # Behaviour
//!
//! | request | answer |
//! |---|---|
//! | no `X-API-KEY` | 401 `errors/missing_credentials` |
//! | unknown key | 401 `errors/invalid_credentials` |
//! | any other operation of the spec (one the mock does not emulate, such as a `GET`), with a good key | 501 `errors/feature_not_implemented`, titled `Not emulated by postpress-mock: <operationId>` |
//! | body not JSON | 400 `errors/malformed_request` |
//! | body against the spec's request schema (unknown action, wrong `value` type, `value` with `getInviteLink`, missing `value`, extra fields) | 400 `errors/invalid_parameters` |
//! | an id of no stored chat, outside `[A-Za-z0-9._@:+=-]{1,256}` | 404 `errors/invalid_resource_identifier` |
//! | unknown chat | 404 `errors/resource_not_found` |
//! | disconnected account | 401 `errors/disconnected_account` |
//! | restricted account | 403 `errors/account_restricted` |
//! | action the chat's provider does not support | 501 `errors/feature_not_implemented` |
//! | an action the spec marks `x-group-only` (participants, invite link) on a one-to-one chat | 403 `errors/insufficient_permissions` |
//! | otherwise | 200 with the spec's success body, the action's `x-effect` applied to the chat's state (a flag such as `muted`, a collection such as `participants`), plus the field it `x-returns` (`invite_link`, stable per chat) |
//!
//! Every rule above that names an action comes from the spec: the wire
//! facts from [`postpress_api::ACTIONS`], each action's effect and the other
//! operations from the rules generated into this crate
//! (`src/generated/rules.rs`). An action or an operation added to the spec
//! is served (or answered 501), and its state shown, with no change here.
//!
//! Every error carries an `instance` request id, also kept in the log.
#![deny(missing_docs)]

mod cors;
mod handler;
mod inspector;
mod limit;
mod rules;
mod state;

pub use rules::{Effect, effect_of, json_schema};

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

pub use postpress_api::{API_KEY_HEADER, METHOD_NAME, PATH_TEMPLATE, Provider};
pub use state::{
    AccountState, ChatKind, ChatState, Fault, FaultKind, Field, LoggedRequest, MAX_LOGGED_BODY, Stats,
};

use state::State;

/// The control endpoints, as a Markdown table (also in the crate docs).
pub const CONTROL_ENDPOINTS: &str = include_str!("control.md");

/// The key [`MockServer::builder`] accepts unless told otherwise, and the
/// binary's default.
pub const DEFAULT_API_KEY: &str = "mock-api-key";

/// Where the inspector page is served: [`MockServer::inspector_url`].
pub const INSPECTOR_PATH: &str = "/__mock/ui";

/// Shared between the server task and the [`MockServer`] handle.
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub keys: BTreeSet<String>,
    pub started: Instant,
    /// `started` on the wall clock, in milliseconds since the Unix epoch.
    pub started_unix_ms: u64,
    pub next_request: AtomicU64,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    pub request_schema: jsonschema::Validator,
    /// The spec's success body, as JSON.
    pub success_body: serde_json::Value,
    /// The per-key rate limit, if any.
    pub rate_limit: Option<limit::RateLimit>,
    /// The JSON Schema of a fault (`GET /__mock/faults/schema`).
    pub fault_schema: serde_json::Value,
}

impl Shared {
    /// The state, locked. The first mutable access through the guard bumps
    /// [`Stats::version`], so nothing can change without the control
    /// endpoints' `ETag` changing too.
    pub(crate) fn lock(&self) -> StateGuard<'_> {
        // A panic while holding the lock cannot leave the state half-written
        // in a way that matters for a mock; keep serving.
        StateGuard {
            state: self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
            bumped: false,
        }
    }

    /// The totals (`GET /__mock/stats`), from a locked state.
    pub(crate) fn stats(&self, state: &State) -> Stats {
        let too_many = rules::other_error_types::TOO_MANY_REQUESTS.status;
        Stats {
            version: state.version,
            requests: state.by_status.values().sum(),
            by_status: state.by_status.clone(),
            too_many_requests: state.by_status.get(&too_many).copied().unwrap_or(0),
            rate_limit: self.rate_limit.as_ref().map(limit::RateLimit::per_second),
            chats: state.chats.len(),
            faults: state.faults.len(),
            logged: state.log.len(),
            log_limit: state.log_limit,
            started_unix_ms: self.started_unix_ms,
        }
    }
}

/// The locked state; see [`Shared::lock`].
pub(crate) struct StateGuard<'a> {
    state: MutexGuard<'a, State>,
    bumped: bool,
}

impl std::ops::Deref for StateGuard<'_> {
    type Target = State;

    fn deref(&self) -> &State {
        &self.state
    }
}

impl std::ops::DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut State {
        if !self.bumped {
            self.bumped = true;
            self.state.version += 1;
        }
        &mut self.state
    }
}

/// Configures a [`MockServer`].
#[derive(Debug)]
pub struct MockServerBuilder {
    keys: BTreeSet<String>,
    chats: Vec<ChatState>,
    addr: SocketAddr,
    rate_limit: Option<u32>,
    log_limit: usize,
    cors: bool,
}

/// How many requests the log keeps by default: the newest 10,000.
pub const DEFAULT_LOG_LIMIT: usize = 10_000;

/// A running mock server. Dropping it stops accepting connections.
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// A builder: no chats, the key [`DEFAULT_API_KEY`] unless
    /// [`api_key`](MockServerBuilder::api_key) is called, `127.0.0.1` on a
    /// free port.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder {
            keys: BTreeSet::new(),
            chats: Vec::new(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            rate_limit: None,
            log_limit: DEFAULT_LOG_LIMIT,
            cors: false,
        }
    }

    /// The demo chats of `--seed demo`: one per provider and kind, plus a
    /// disconnected and a restricted account.
    pub fn demo_chats() -> Vec<ChatState> {
        vec![
            ChatState::new("wa-group-1", Provider::WhatsApp, ChatKind::Group)
                .participants(["334455667788@s.whatsapp.net", "33611223344@s.whatsapp.net"]),
            ChatState::new("wa-chat-1", Provider::WhatsApp, ChatKind::OneToOne),
            ChatState::new("li-chat-1", Provider::LinkedIn, ChatKind::OneToOne),
            ChatState::new("tg-group-1", Provider::Telegram, ChatKind::Group).participants(["@durov"]),
            ChatState::new("wa-disconnected-1", Provider::WhatsApp, ChatKind::OneToOne)
                .account(AccountState::Disconnected),
            ChatState::new("wa-restricted-1", Provider::WhatsApp, ChatKind::Group)
                .account(AccountState::Restricted),
        ]
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A chat's current state.
    pub fn chat(&self, id: &str) -> Option<ChatState> {
        self.shared.lock().chats.get(id).cloned()
    }

    /// Every chat's current state, by id.
    pub fn chats(&self) -> Vec<ChatState> {
        self.shared.lock().chats.values().cloned().collect()
    }

    /// Adds or replaces a chat.
    pub fn insert_chat(&self, chat: ChatState) {
        self.shared.lock().insert_chat(chat);
    }

    /// The request log, oldest first: the newest
    /// [`log_limit`](MockServerBuilder::log_limit) requests.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().log.iter().cloned().collect()
    }

    /// The totals: requests by status, 429s, the rate limit
    /// (`GET /__mock/stats`).
    pub fn stats(&self) -> Stats {
        let state = self.shared.lock();
        self.shared.stats(&state)
    }

    /// The inspector page: `http://127.0.0.1:PORT/__mock/ui`.
    pub fn inspector_url(&self) -> String {
        format!("{}{INSPECTOR_PATH}", self.base_url())
    }

    /// The most requests that were being handled at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.shared
            .max_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Injects a fault. Faults are checked in the order they were injected;
    /// the first that matches a request applies.
    pub fn inject(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }
}

impl MockServerBuilder {
    /// Accepts `key` as a valid API key (may be called several times).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.keys.insert(key.into());
        self
    }

    /// Adds a chat.
    pub fn chat(mut self, chat: ChatState) -> Self {
        self.chats.push(chat);
        self
    }

    /// Adds `n` group chats, `{prefix}0` to `{prefix}{n-1}`, on the provider
    /// that supports the most actions of the spec (WhatsApp today, which
    /// supports them all), so that every action applies to them: what load
    /// tests, job tests and `postpress-mock --chats N` want.
    ///
    /// ```
    /// let builder = postpress_mock::MockServer::builder().group_chats("chat-", 1_000);
    /// ```
    pub fn group_chats(mut self, prefix: &str, n: usize) -> Self {
        let provider = Provider::ALL
            .iter()
            .copied()
            .max_by_key(|p| postpress_api::ACTIONS.iter().filter(|a| a.supports(*p)).count());
        if let Some(provider) = provider {
            self.chats
                .extend((0..n).map(|i| ChatState::new(format!("{prefix}{i}"), provider, ChatKind::Group)));
        }
        self
    }

    /// Adds the demo chats ([`MockServer::demo_chats`]).
    pub fn demo(mut self) -> Self {
        self.chats.extend(MockServer::demo_chats());
        self
    }

    /// Where to listen (default `127.0.0.1:0`, a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Answers CORS preflights and lets any origin read every answer
    /// (`Access-Control-Allow-Origin: *`), so that a page or a wasm test
    /// served from another origin can call it. Off by default: the real
    /// API's behaviour toward browsers is not documented.
    pub fn cors(mut self, yes: bool) -> Self {
        self.cors = yes;
        self
    }

    /// Limits each API key to `per_second` requests per second (a token
    /// bucket holding one second's worth): beyond it the endpoint answers
    /// 429 `errors/too_many_requests` with `Retry-After` (whole seconds,
    /// rounded up). `0` means no limit.
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = (per_second > 0).then_some(per_second);
        self
    }

    /// Keeps the newest `n` requests in the log ([`MockServer::requests`],
    /// `GET /__mock/requests`; default [`DEFAULT_LOG_LIMIT`]; `0` keeps
    /// none). The totals ([`MockServer::stats`]) count every request
    /// regardless, so a run of millions keeps its memory flat.
    pub fn log_limit(mut self, n: usize) -> Self {
        self.log_limit = n;
        self
    }

    /// Binds and starts serving on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let mut keys = self.keys;
        if keys.is_empty() {
            keys.insert(DEFAULT_API_KEY.to_string());
        }
        let schema = rules::json_schema("ChatActionRequest")
            .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
            .ok_or_else(|| std::io::Error::other("the spec has no ChatActionRequest schema"))?;
        let request_schema = jsonschema::draft7::new(&schema)
            .map_err(|e| std::io::Error::other(format!("the spec's request schema does not compile: {e}")))?;
        let success_body = serde_json::from_str(postpress_api::SUCCESS_BODY)
            .map_err(|e| std::io::Error::other(format!("the spec's success body is not JSON: {e}")))?;
        let fault_schema = serde_json::to_value(schemars::schema_for!(Fault))
            .map_err(|e| std::io::Error::other(format!("the fault schema is not JSON: {e}")))?;
        let mut state = State {
            log_limit: self.log_limit,
            log: std::collections::VecDeque::with_capacity(self.log_limit.min(1024)),
            ..State::default()
        };
        for chat in self.chats {
            state.insert_chat(chat);
        }
        let started = Instant::now();
        let started_unix_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            keys,
            started,
            started_unix_ms,
            next_request: AtomicU64::new(1),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            request_schema,
            success_body,
            rate_limit: self.rate_limit.map(limit::RateLimit::new),
            fault_schema,
        });
        let mut router = handler::router(shared.clone());
        if self.cors {
            router = router.layer(axum::middleware::from_fn(cors::layer));
        }
        let task = tokio::spawn(accept_loop(listener, router));
        Ok(MockServer { shared, addr, task })
    }
}

/// Marks a response whose connection must be dropped instead of answered.
#[derive(Clone, Copy)]
pub(crate) struct DropConnection;

async fn accept_loop(listener: tokio::net::TcpListener, router: axum::Router) {
    use tower::ServiceExt;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: back off briefly.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
        };
        // Answers go out as soon as they are written (no Nagle wait behind
        // the client's delayed ACK), as a real API server's do.
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let router = router.clone();
                async move {
                    let response = router
                        .oneshot(req.map(axum::body::Body::new))
                        .await
                        .unwrap_or_else(|never: Infallible| match never {});
                    if response.extensions().get::<DropConnection>().is_some() {
                        Err(std::io::Error::other("fault: drop the connection"))
                    } else {
                        Ok(response)
                    }
                }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                // Pipelined requests get their answers in one write.
                .pipeline_flush(true)
                .serve_connection(io, service)
                .await;
        });
    }
}
