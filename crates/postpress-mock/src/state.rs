//! Chats, accounts and faults: the mock's state.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use postpress_api::Provider;

use crate::rules::{EFFECTS, Effect};
use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject};
use serde::{Deserialize, Serialize};

/// Whether a chat is a one-to-one conversation or a group.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatKind {
    /// Two people.
    OneToOne,
    /// A group: participants, invite links.
    Group,
}

/// The state of the account a chat belongs to.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// Works normally.
    #[default]
    Connected,
    /// Disconnected from its provider: every action fails with 401
    /// `errors/disconnected_account`.
    Disconnected,
    /// Restricted by its provider: every action fails with 403
    /// `errors/account_restricted`.
    Restricted,
}

/// One piece of a chat's state, named after what the spec's `x-effect`
/// of an action says it changes.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Field {
    /// A flag (`x-effect: {set: <name>}` of a boolean action).
    Flag(bool),
    /// A string (`x-effect: {assign: <name>}`).
    Text(String),
    /// A sorted set of strings (`x-effect: {add|remove: <name>}`).
    Items(BTreeSet<String>),
}

/// A chat as the mock holds it; `GET /__mock/chats/{id}` returns this as
/// JSON, each [`Field`] under its own name (`"muted": true`,
/// `"participants": [...]`).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatState {
    /// The chat id.
    pub id: String,
    /// Its provider (`whatsapp`, `linkedin`, `telegram`).
    #[serde(with = "provider_key")]
    pub provider: Provider,
    /// One-to-one or group.
    pub kind: ChatKind,
    /// The state of its account.
    pub account: AccountState,
    /// How many actions changed or read this chat.
    pub actions_applied: u64,
    /// What the actions change, by the names in the spec's `x-effect`:
    /// every flag and collection an action of the spec touches, from the start.
    #[serde(flatten)]
    pub fields: BTreeMap<String, Field>,
}

impl ChatState {
    /// A chat with default state: every flag of the spec's actions `false`,
    /// every collection empty, connected account.
    pub fn new(id: impl Into<String>, provider: Provider, kind: ChatKind) -> Self {
        let mut fields = BTreeMap::new();
        for (_, effect) in EFFECTS {
            match *effect {
                Effect::Set(name) => {
                    fields.insert(name.to_string(), Field::Flag(false));
                }
                Effect::Add(name) | Effect::Remove(name) => {
                    fields.insert(name.to_string(), Field::Items(BTreeSet::new()));
                }
                _ => {}
            }
        }
        Self {
            id: id.into(),
            provider,
            kind,
            account: AccountState::Connected,
            actions_applied: 0,
            fields,
        }
    }

    /// Sets the account state.
    pub fn account(mut self, account: AccountState) -> Self {
        self.account = account;
        self
    }

    /// Adds strings to the collection `name`, such as `participants`.
    pub fn with_items<I: IntoIterator<Item = S>, S: Into<String>>(mut self, name: &str, items: I) -> Self {
        self.edit_items(name, |set| set.extend(items.into_iter().map(Into::into)));
        self
    }

    /// Adds participants: [`with_items`](Self::with_items) for `participants`.
    pub fn participants<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Self {
        self.with_items("participants", ids)
    }

    /// The flag `name` (`false` when the chat has none of that name).
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.fields.get(name), Some(Field::Flag(true)))
    }

    /// The collection `name` (empty when the chat has none of that name).
    pub fn items(&self, name: &str) -> BTreeSet<String> {
        match self.fields.get(name) {
            Some(Field::Items(items)) => items.clone(),
            _ => BTreeSet::new(),
        }
    }

    /// The string `name`, if set.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.fields.get(name) {
            Some(Field::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Runs `edit` on the collection `name`, making it one if needed.
    fn edit_items(&mut self, name: &str, edit: impl FnOnce(&mut BTreeSet<String>)) {
        let field = self
            .fields
            .entry(name.to_string())
            .or_insert_with(|| Field::Items(BTreeSet::new()));
        if let Field::Items(items) = field {
            edit(items);
        } else {
            let mut items = BTreeSet::new();
            edit(&mut items);
            *field = Field::Items(items);
        }
    }

    /// Applies an action's effect with its value (a JSON boolean or string,
    /// or nothing).
    pub(crate) fn apply(&mut self, effect: Effect, value: Option<&serde_json::Value>) {
        match (effect, value) {
            (Effect::Set(name), Some(serde_json::Value::Bool(b))) => {
                self.fields.insert(name.to_string(), Field::Flag(*b));
            }
            (Effect::Add(name), Some(serde_json::Value::String(s))) => {
                self.edit_items(name, |set| {
                    set.insert(s.clone());
                });
            }
            (Effect::Remove(name), Some(serde_json::Value::String(s))) => {
                self.edit_items(name, |set| {
                    set.remove(s);
                });
            }
            (Effect::Assign(name), Some(serde_json::Value::String(s))) => {
                self.fields.insert(name.to_string(), Field::Text(s.clone()));
            }
            _ => {}
        }
    }

    /// The chat's stable link for a field an action returns (`x-returns`,
    /// such as `invite_link`): the same for the same chat and field, in
    /// every run.
    pub fn link(&self, field: &str) -> String {
        // FNV-1a over the id and field: stable across runs and processes.
        use postpress_util::fnv::{fnv1a64, fnv1a64_from};
        let hash = fnv1a64_from(fnv1a64(self.id.as_bytes()), field.as_bytes());
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut code = String::with_capacity(22);
        let mut h = hash;
        for i in 0..22 {
            if i == 11 {
                h = hash.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15;
            }
            code.push(char::from(ALPHABET[(h % 62) as usize]));
            h /= 62;
        }
        // Shaped like each provider's own invite links, where the mock knows
        // them; any other provider gets a link of the same form under its key.
        match self.provider {
            Provider::Telegram => format!("https://t.me/+{code}"),
            Provider::WhatsApp => format!("https://chat.whatsapp.com/{code}"),
            other => format!("https://{}.example/{field}/{code}", other.key()),
        }
    }
}

mod provider_key {
    use postpress_api::Provider;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Provider, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Provider, D::Error> {
        let key = String::deserialize(d)?;
        Provider::from_key(&key).ok_or_else(|| serde::de::Error::custom(format!("unknown provider `{key}`")))
    }
}

/// What an injected fault does to a request.
///
/// `GET /__mock/faults/schema` serves the JSON Schema derived from this
/// type (and [`Fault`]), so the inspector page builds its form from it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this error type in the envelope. The status is the one the
    /// spec documents for the type, or `status` for other types.
    Error {
        /// The error type, such as `errors/no_channel`.
        #[serde(rename = "type")]
        #[schemars(schema_with = "error_type_schema")]
        type_: String,
        /// The status for types the spec does not document (default 500;
        /// anything outside 400..=599 is answered as 500).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        /// A `Retry-After` value to send (seconds or HTTP-date), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<String>,
    },
    /// 429 `errors/too_many_requests` with `Retry-After: {retry_after}`.
    RateLimited {
        /// Seconds to ask the client to wait.
        retry_after: u64,
    },
    /// 503 `errors/service_unavailable` with `Retry-After: {retry_after}`.
    Unavailable {
        /// Seconds to ask the client to wait.
        retry_after: u64,
    },
    /// 504 `errors/request_timeout`.
    GatewayTimeout,
    /// Wait this long, then handle the request normally.
    Latency {
        /// Milliseconds to wait.
        ms: u64,
    },
    /// Close the connection without answering.
    DropConnection,
    /// A 502 with an HTML body, as a proxy would send.
    #[serde(rename = "html_502")]
    Html502,
}

/// `Retry-After` carries whole seconds: round up so that 500 ms is not 0.
fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// A fault injected into the next matching requests.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fault {
    /// What happens.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many matching requests it applies to; without it, every one
    /// until the faults are cleared.
    #[serde(default)]
    pub times: Option<u32>,
    /// Only requests to this chat.
    #[serde(default)]
    pub chat_id: Option<String>,
    /// Only requests with this action (wire name, such as `setMuteStatus`).
    #[serde(default)]
    #[schemars(schema_with = "action_schema")]
    pub action: Option<String>,
}

/// A string schema whose `examples` are `names`.
fn string_with_examples<'a>(names: impl Iterator<Item = &'a str>, nullable: bool) -> Schema {
    let mut schema = SchemaObject {
        instance_type: Some(if nullable {
            vec![InstanceType::String, InstanceType::Null].into()
        } else {
            InstanceType::String.into()
        }),
        ..Default::default()
    };
    schema.metadata().examples = names.map(|n| serde_json::Value::String(n.to_string())).collect();
    Schema::Object(schema)
}

/// The `type` of an error fault: any string, with the spec's documented
/// types and the other types it names as examples.
fn error_type_schema(_: &mut SchemaGenerator) -> Schema {
    let documented = postpress_api::DOCUMENTED_ERROR_TYPES
        .iter()
        .map(|(_, wire, _, _)| *wire);
    let others = crate::rules::OTHER_ERROR_TYPES.iter().map(|t| t.type_name);
    string_with_examples(documented.chain(others), false)
}

/// The `action` a fault is limited to, with the spec's actions as examples.
fn action_schema(_: &mut SchemaGenerator) -> Schema {
    string_with_examples(postpress_api::ACTIONS.iter().map(|a| a.name), true)
}

impl Fault {
    /// A fault for every matching request until cleared.
    pub fn new(kind: FaultKind) -> Self {
        Self {
            kind,
            times: None,
            chat_id: None,
            action: None,
        }
    }

    /// The error `type_` (documented status, or 500 for undocumented types).
    pub fn error(type_: impl Into<String>) -> Self {
        Self::new(FaultKind::Error {
            type_: type_.into(),
            status: None,
            retry_after: None,
        })
    }

    /// 429 with `Retry-After` (whole seconds, rounded up).
    pub fn rate_limited(retry_after: Duration) -> Self {
        Self::new(FaultKind::RateLimited {
            retry_after: whole_seconds(retry_after),
        })
    }

    /// 503 with `Retry-After` (whole seconds, rounded up).
    pub fn unavailable(retry_after: Duration) -> Self {
        Self::new(FaultKind::Unavailable {
            retry_after: whole_seconds(retry_after),
        })
    }

    /// Applies to the next `n` matching requests only.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// Applies only to requests for `chat_id`.
    pub fn for_chat(mut self, chat_id: impl Into<String>) -> Self {
        self.chat_id = Some(chat_id.into());
        self
    }

    /// Applies only to requests with `action` (wire name).
    pub fn for_action(mut self, action: impl Into<String>) -> Self {
        self.action = Some(action.into());
        self
    }

    pub(crate) fn matches(&self, chat_id: Option<&str>, action: Option<&str>) -> bool {
        self.times != Some(0)
            && self.chat_id.as_deref().is_none_or(|c| Some(c) == chat_id)
            && self.action.as_deref().is_none_or(|a| Some(a) == action)
    }
}

/// One request the mock received (the API key itself is never stored).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// Its place in the log: 1 for the first request, then one more for
    /// each (`GET /__mock/requests?since=N` returns those after `N`).
    pub seq: u64,
    /// The request id sent back as `instance`.
    pub instance: String,
    /// The HTTP method.
    pub method: String,
    /// The raw request path (percent-encoded as received).
    pub path: String,
    /// The decoded chat id, when the path had one.
    pub chat_id: Option<String>,
    /// The action, when the body named one.
    pub action: Option<String>,
    /// Whether an `X-API-KEY` header was present.
    pub had_api_key: bool,
    /// The status answered (0 when the connection was dropped).
    pub status: u16,
    /// The error type answered, if any.
    pub error_type: Option<String>,
    /// The `detail` of the error answered, if any.
    pub detail: Option<String>,
    /// The request body as received (lossy UTF-8, the first
    /// [`MAX_LOGGED_BODY`] bytes), with any accepted API key, and the key
    /// the request sent, replaced by `[key]`; `None` when it was empty.
    pub body: Option<String>,
    /// Requests being handled when this one arrived (itself included).
    pub in_flight: usize,
    /// Milliseconds since the server started.
    pub at_ms: u64,
}

/// How much of a request body the log keeps.
pub const MAX_LOGGED_BODY: usize = 4096;

/// The totals of the mock: `GET /__mock/stats` returns this as JSON.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// A counter that grows whenever anything the control endpoints show
    /// changes (a request, a chat, a fault); it is also their `ETag`.
    pub version: u64,
    /// Requests received on the endpoint.
    pub requests: u64,
    /// Requests by the status answered (`0`: connection dropped).
    pub by_status: BTreeMap<u16, u64>,
    /// Requests answered 429 `errors/too_many_requests` (the rate limit or
    /// a fault).
    pub too_many_requests: u64,
    /// The per-key limit in requests per second, if one is set.
    pub rate_limit: Option<u32>,
    /// How many chats the mock holds.
    pub chats: usize,
    /// How many faults are waiting.
    pub faults: usize,
    /// How many requests the log holds now (the newest ones).
    pub logged: usize,
    /// The most it keeps (`--log-limit`, default 10,000).
    pub log_limit: usize,
    /// When the server started, in milliseconds since the Unix epoch (add a
    /// logged request's `at_ms` for its time).
    pub started_unix_ms: u64,
}

/// Everything mutable, behind one lock. Reach it through
/// [`crate::Shared::lock`], whose guard bumps `version` on the first
/// mutable access.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub chats: BTreeMap<String, ChatState>,
    pub faults: Vec<Fault>,
    /// The newest `log_limit` requests, oldest first.
    pub log: VecDeque<LoggedRequest>,
    /// How many requests the log keeps (`--log-limit`).
    pub log_limit: usize,
    /// The `seq` of the last request logged (kept past the log's trimming).
    pub last_seq: u64,
    /// See [`Stats::version`].
    pub version: u64,
    /// The version at which each chat last changed.
    pub chat_changed: HashMap<String, u64>,
    /// Requests by status.
    pub by_status: BTreeMap<u16, u64>,
}

impl State {
    /// Adds or replaces a chat; call on a guard already bumped.
    pub fn insert_chat(&mut self, chat: ChatState) {
        self.chat_changed.insert(chat.id.clone(), self.version);
        self.chats.insert(chat.id.clone(), chat);
    }

    /// Records that chat `id` changed at the current version.
    pub fn chat_touched(&mut self, id: &str) {
        let version = self.version;
        match self.chat_changed.get_mut(id) {
            Some(v) => *v = version,
            None => {
                self.chat_changed.insert(id.to_string(), version);
            }
        }
    }

    /// Appends to the log, numbering the entry and counting its status;
    /// beyond `log_limit` entries the oldest is dropped (the totals keep
    /// counting), so memory stays flat however long the mock runs.
    pub fn push_log(&mut self, mut entry: LoggedRequest) {
        self.last_seq += 1;
        entry.seq = self.last_seq;
        *self.by_status.entry(entry.status).or_default() += 1;
        if self.log_limit == 0 {
            return;
        }
        if self.log.len() >= self.log_limit {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }
}
