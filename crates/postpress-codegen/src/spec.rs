//! Reading the spec: the facts every generated layer is built from.
//!
//! Everything here is plain data read from `openapi/postpress.yaml` and
//! checked against the rules this project relies on; nothing generates code.

use std::collections::BTreeMap;
use std::path::Path;

use openapiv3::{OpenAPI, ReferenceOr, Response, Schema, SchemaKind, StatusCode, Type};
use serde::Deserialize;

use crate::{CodegenError, Result, invalid, is_rust_ident, pascal};

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<OpenAPI> {
    let text = std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses spec text (YAML or JSON); `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<OpenAPI> {
    let spec: OpenAPI = serde_norway::from_str(text).map_err(|e| CodegenError::Parse {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    if !spec.openapi.starts_with("3.0.") {
        return Err(CodegenError::Parse {
            origin: origin.to_string(),
            message: format!("`openapi: {}` is not 3.0.x", spec.openapi),
        });
    }
    Ok(spec)
}

/// One documented error type, as listed under `x-error-types`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorType {
    /// The wire string, such as `errors/invalid_credentials`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The documented description.
    pub description: String,
    /// The HTTP status it is documented under (filled in from the response).
    #[serde(skip)]
    pub status: u16,
}

impl ErrorType {
    /// The Rust variant name: `errors/invalid_credentials` → `InvalidCredentials`.
    pub fn variant(&self) -> String {
        pascal(self.type_name.trim_start_matches("errors/"))
    }

    /// The Rust constant name: `errors/too_many_requests` → `TOO_MANY_REQUESTS`.
    pub fn const_name(&self) -> String {
        let name: String = self
            .type_name
            .trim_start_matches("errors/")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            format!("E{name}")
        } else {
            name
        }
    }
}

/// The JSON type of an action's `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A JSON boolean.
    Boolean,
    /// A JSON string.
    String,
    /// No `value` field at all.
    None,
}

/// What an action does to a chat's state, as the mock applies it
/// (`x-effect` on the branch; a default per value type otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A boolean action sets the flag of this name to its value.
    Set(String),
    /// A string action adds its value to the collection of this name.
    Add(String),
    /// A string action removes its value from the collection of this name.
    Remove(String),
    /// A string action stores its value under this name.
    Assign(String),
    /// Nothing changes (an action that only reads).
    None,
}

/// A convenience method or command-line alias for an action (`x-helpers`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helper {
    /// The Rust method name on chat handles, such as `mark_read`; absent
    /// for a command-line alias only.
    #[serde(default)]
    pub rust: Option<String>,
    /// The command-line name, such as `read`.
    #[serde(default)]
    pub cli: Option<String>,
    /// The fixed boolean the helper sends; absent when it takes the
    /// action's own value.
    #[serde(default)]
    pub value: Option<bool>,
    /// What the method does, one sentence (required with `rust`).
    #[serde(default)]
    pub doc: Option<String>,
}

/// One request variant: an action and everything the spec says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The wire string, such as `setReadStatus`.
    pub name: String,
    /// The type of its `value`.
    pub value: ValueKind,
    /// For string values: the validated Rust type (`x-value-type`), or
    /// `None` for the default `Text`.
    pub value_type: Option<String>,
    /// Provider keys from `x-providers`, such as `whatsapp`.
    pub providers: Vec<String>,
    /// Whether sending it twice equals sending it once (`x-idempotent`,
    /// default `true`).
    pub idempotent: bool,
    /// Whether it only applies to group chats (`x-group-only`).
    pub group_only: bool,
    /// The `ChatPatched` property its success answer carries (`x-returns`).
    pub returns: Option<String>,
    /// Its effect on a chat's state.
    pub effect: Effect,
    /// Convenience methods and aliases.
    pub helpers: Vec<Helper>,
    /// The branch's description.
    pub description: String,
    /// The description of its `value` property.
    pub value_description: String,
}

impl Action {
    /// The Rust variant name: `setReadStatus` → `SetReadStatus`.
    pub fn variant(&self) -> String {
        pascal(&self.name)
    }

    /// The Rust method name: `setReadStatus` → `set_read_status`.
    pub fn method(&self) -> String {
        snake(&self.name)
    }

    /// The command-line name: `setReadStatus` → `set-read-status`.
    pub fn kebab(&self) -> String {
        snake(&self.name).replace('_', "-")
    }
}

/// A provider from `components.x-providers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The key used in `x-providers` lists, such as `whatsapp`.
    pub key: String,
    /// The display name, such as `WhatsApp` (also the Rust variant name).
    pub name: String,
}

/// A validated string type for action values (`components.x-value-types`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueType {
    /// The Rust type name, such as `ProviderId`.
    pub name: String,
    /// The field named in validation errors, such as `provider_id`.
    pub field: String,
    /// Its documentation.
    pub description: String,
}

/// An error category (`components.x-error-categories`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The key, such as `rate_limited` (`RateLimited` in Rust).
    pub key: String,
    /// The statuses it covers; the category with none is the fallback.
    pub statuses: Vec<u16>,
    /// Whether trying again later may succeed.
    pub retryable: bool,
    /// Whether an answer in it proves the request was not processed.
    pub unprocessed: bool,
    /// Its documentation.
    pub description: String,
}

/// The facts of the one operation that every layer shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// The path template, such as `/api/v1/chats/{chat_id}`.
    pub path_template: String,
    /// The path up to the chat id, such as `/api/v1/chats/`.
    pub path_prefix: String,
    /// The HTTP method, upper case, such as `PATCH`.
    pub method: String,
    /// The header that carries the API key, lower case (`securitySchemes`).
    pub api_key_header: String,
    /// The exact success body of an action that returns nothing, such as
    /// `{"object":"ChatPatched"}`.
    pub success_body: String,
}

/// The extension that marks the operation carrying the actions
/// (`x-chat-actions: true`): the action layer, the CLI and the mock's rules
/// come from its request body.
pub const ACTIONS_MARK: &str = "x-chat-actions";

/// The request body schema of the operation marked [`ACTIONS_MARK`].
pub const ACTIONS_SCHEMA_REF: &str = "#/components/schemas/ChatActionRequest";

/// One operation of the spec, as the generated client has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Its `operationId`: the generated client's method name.
    pub id: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, such as `/api/v1/chats/{chat_id}`.
    pub path: String,
    /// Its summary.
    pub summary: String,
    /// Whether it is the operation marked [`ACTIONS_MARK`].
    pub carries_actions: bool,
}

/// The spec, parsed and validated once: every emitter reads this.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Model {
    /// The parsed document (for progenitor and the JSON Schemas).
    pub spec: OpenAPI,
    /// Every operation, in path order.
    pub operations: Vec<Operation>,
    /// The facts of the action operation.
    pub wire: Wire,
    /// The actions (request variants of the action operation), in spec order.
    pub actions: Vec<Action>,
    /// The providers, sorted by key.
    pub providers: Vec<Provider>,
    /// The validated string types of action values.
    pub value_types: Vec<ValueType>,
    /// The error categories.
    pub categories: Vec<Category>,
    /// The documented error types, in spec order (each shared response read once).
    pub error_types: Vec<ErrorType>,
    /// The error types the API family uses beyond the documented ones.
    pub other_types: Vec<ErrorType>,
}

impl Model {
    /// Reads every fact of `spec` and checks the rules this project relies on.
    pub fn new(spec: OpenAPI) -> Result<Self> {
        let operations = operations(&spec)?;
        let marked = operations
            .iter()
            .find(|o| o.carries_actions)
            .ok_or_else(|| invalid("no action operation"))?;
        let wire = wire(&spec, marked)?;
        let providers = providers(&spec)?;
        let value_types = value_types(&spec)?;
        let actions = actions(&spec, &providers, &value_types)?;
        let error_types = error_types(&spec)?;
        let other_types = other_types(&spec, &error_types)?;
        let categories = categories(&spec, &error_types)?;
        Ok(Self {
            spec,
            operations,
            wire,
            actions,
            providers,
            value_types,
            categories,
            error_types,
            other_types,
        })
    }

    /// [`parse`] then [`Model::new`].
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        Self::new(parse(text, origin)?)
    }

    /// [`load`] then [`Model::new`].
    pub fn load(path: &Path) -> Result<Self> {
        Self::new(load(path)?)
    }

    /// The operations other than the action operation.
    pub fn other_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(|o| !o.carries_actions)
    }
}

/// The error types documented in the spec, in spec order, each with its status.
///
/// Every documented error status must carry an `x-error-types` list (the
/// `default` response may carry an empty one).
fn error_types(spec: &OpenAPI) -> Result<Vec<ErrorType>> {
    let mut out = Vec::new();
    for (where_, code, resp) in responses(spec)? {
        {
            let StatusCode::Code(status) = code else {
                continue;
            };
            if *status < 400 {
                continue;
            }
            let list = resp
                .extensions
                .get("x-error-types")
                .ok_or_else(|| invalid(format!("{where_}: no `x-error-types` list")))?;
            let types: Vec<ErrorType> = serde_json::from_value(list.clone())
                .map_err(|e| invalid(format!("{where_}: malformed `x-error-types`: {e}")))?;
            if types.is_empty() {
                return Err(invalid(format!(
                    "{where_}: `x-error-types` is empty; a documented status lists its types"
                )));
            }
            for mut t in types {
                if !t.type_name.starts_with("errors/") || t.type_name.len() <= "errors/".len() {
                    return Err(invalid(format!(
                        "{where_}: error type `{}` does not look like `errors/<name>`",
                        t.type_name
                    )));
                }
                if let Some(prev) = out.iter().find(|p: &&ErrorType| p.type_name == t.type_name) {
                    if prev.status != *status {
                        return Err(invalid(format!(
                            "{where_}: `{}` is already documented under {}",
                            t.type_name, prev.status
                        )));
                    }
                    continue;
                }
                let variant = t.variant();
                if !crate::is_rust_ident(&variant) || variant == "Unknown" || is_keyword(&variant) {
                    return Err(invalid(format!(
                        "{where_}: error type `{}` does not make a Rust name (ASCII letters, digits and `_` after `errors/`; not `errors/unknown`)",
                        t.type_name
                    )));
                }
                t.status = *status;
                out.push(t);
            }
        }
    }
    let mut seen = BTreeMap::new();
    for e in &out {
        if let Some(prev) = seen.insert(e.variant(), e.type_name.clone()) {
            return Err(invalid(format!(
                "error types `{prev}` and `{}` map to the same Rust name",
                e.type_name
            )));
        }
    }
    Ok(out)
}

/// The error types the API family uses beyond the documented list, as the
/// `default` response lists them under `x-other-types`, each with the
/// status it comes with. They are not `ErrorKind` variants (clients see
/// them as `Unknown`); servers that emulate the API (the mock) answer with
/// them.
fn other_types(spec: &OpenAPI, documented: &[ErrorType]) -> Result<Vec<ErrorType>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        #[serde(rename = "type")]
        type_name: String,
        status: u16,
        description: String,
    }
    let mut out: Vec<ErrorType> = Vec::new();
    for (where_, resp) in default_responses(spec)? {
        let Some(list) = resp.extensions.get("x-other-types") else {
            continue;
        };
        let entries: Vec<Entry> = serde_json::from_value(list.clone())
            .map_err(|e| invalid(format!("{where_}: malformed `x-other-types`: {e}")))?;
        for e in entries {
            let t = ErrorType {
                type_name: e.type_name,
                description: e.description,
                status: e.status,
            };
            let name = t.const_name();
            if !(400..=599).contains(&t.status)
                || !t.type_name.starts_with("errors/")
                || !crate::is_rust_ident(&name)
            {
                return Err(invalid(format!(
                    "{where_}: other type `{}` ({}) must be `errors/<name>` with an error status",
                    t.type_name, t.status
                )));
            }
            if documented
                .iter()
                .chain(&out)
                .any(|d| d.type_name == t.type_name || d.const_name() == name)
            {
                return Err(invalid(format!(
                    "{where_}: `{}` is listed twice (or is a documented type)",
                    t.type_name
                )));
            }
            out.push(t);
        }
    }
    Ok(out)
}

/// The providers declared in `components.x-providers`, sorted by key.
fn providers(spec: &OpenAPI) -> Result<Vec<Provider>> {
    #[derive(Deserialize)]
    struct Entry {
        name: String,
    }
    let map: BTreeMap<String, Entry> = component_extension(spec, "x-providers")?
        .ok_or_else(|| invalid("components: no `x-providers` map"))?;
    let out: Vec<Provider> = map
        .into_iter()
        .map(|(key, e)| Provider { key, name: e.name })
        .collect();
    for (i, p) in out.iter().enumerate() {
        if out[..i].iter().any(|q| q.name == p.name) {
            return Err(invalid(format!(
                "components.x-providers: two providers are named `{}`",
                p.name
            )));
        }
        if !is_rust_ident(&p.name) || !is_snake_ident(&p.key) || is_keyword(&p.name) || is_keyword(&p.key) {
            return Err(invalid(format!(
                "components.x-providers.{}: the key must be lower-case snake case and the name `{}` a Rust identifier",
                p.key, p.name
            )));
        }
    }
    Ok(out)
}

/// The validated string types declared in `components.x-value-types`.
fn value_types(spec: &OpenAPI) -> Result<Vec<ValueType>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        field: String,
        description: String,
    }
    let map: BTreeMap<String, Entry> = component_extension(spec, "x-value-types")?.unwrap_or_default();
    let mut out = Vec::new();
    for (name, e) in map {
        // Names the facade's crate root already has, and names whose
        // snake-case parameter would be a keyword.
        const TAKEN: &[&str] = &[
            "Text",
            "Error",
            "Result",
            "Chat",
            "ChatAction",
            "ChatPatched",
            "Client",
            "ClientBuilder",
            "Url",
            "Provider",
            "ErrorKind",
            "ErrorCategory",
            "ApiError",
            "ConfigError",
            "RetryPolicy",
            "BulkItem",
            "ActionInfo",
            "ValueType",
            "Effect",
            "Helper",
            "TransportError",
        ];
        if !is_rust_ident(&name)
            || TAKEN.contains(&name.as_str())
            || is_keyword(&snake(&name))
            || !is_snake_ident(&e.field)
        {
            return Err(invalid(format!(
                "components.x-value-types.{name}: the name must be a Rust type name the facade does not already use (such as `Text`, `Error`, `Url`), the field snake case"
            )));
        }
        out.push(ValueType {
            name,
            field: e.field,
            description: e.description,
        });
    }
    Ok(out)
}

/// The error categories declared in `components.x-error-categories`.
///
/// Exactly one category lists no statuses: the fallback for any status
/// no category names.
fn categories(spec: &OpenAPI, errors: &[ErrorType]) -> Result<Vec<Category>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        statuses: Vec<u16>,
        #[serde(default)]
        retryable: bool,
        #[serde(default)]
        unprocessed: bool,
        description: String,
    }
    let map: BTreeMap<String, Entry> = component_extension(spec, "x-error-categories")?
        .ok_or_else(|| invalid("components: no `x-error-categories` map"))?;
    let mut out = Vec::new();
    let mut seen: BTreeMap<u16, String> = BTreeMap::new();
    for (key, e) in map {
        if !is_snake_ident(&key) {
            return Err(invalid(format!(
                "components.x-error-categories.{key}: not snake case"
            )));
        }
        for s in &e.statuses {
            if !(400..=599).contains(s) {
                return Err(invalid(format!(
                    "components.x-error-categories.{key}: {s} is not an error status"
                )));
            }
            if let Some(prev) = seen.insert(*s, key.clone()) {
                return Err(invalid(format!(
                    "status {s} is in two error categories: `{prev}` and `{key}`"
                )));
            }
        }
        out.push(Category {
            key,
            statuses: e.statuses,
            retryable: e.retryable,
            unprocessed: e.unprocessed,
            description: e.description,
        });
    }
    if out.iter().filter(|c| c.statuses.is_empty()).count() != 1 {
        return Err(invalid(
            "components.x-error-categories: exactly one category (the fallback) must list no statuses",
        ));
    }
    // Every documented error status must fall in a category of its own.
    for e in errors {
        if !seen.contains_key(&e.status) {
            return Err(invalid(format!(
                "status {} (`{}`) is in no `x-error-categories` entry",
                e.status, e.type_name
            )));
        }
    }
    Ok(out)
}

/// The request variants of the action operation, in spec order.
fn actions(spec: &OpenAPI, providers: &[Provider], value_types: &[ValueType]) -> Result<Vec<Action>> {
    let known: Vec<&str> = providers.iter().map(|p| p.key.as_str()).collect();
    let value_types: Vec<&str> = value_types.iter().map(|v| v.name.as_str()).collect();
    let returnable = returnable_fields(spec)?;
    let schema = spec
        .components
        .as_ref()
        .and_then(|c| c.schemas.get("ChatActionRequest"))
        .ok_or_else(|| invalid("components.schemas.ChatActionRequest is missing"))?;
    let ReferenceOr::Item(schema) = schema else {
        return Err(invalid("ChatActionRequest must be inline, not a $ref"));
    };
    let SchemaKind::OneOf { one_of } = &schema.schema_kind else {
        return Err(invalid("ChatActionRequest must be a oneOf"));
    };
    let mut out: Vec<Action> = Vec::new();
    for (i, branch) in one_of.iter().enumerate() {
        let where_ = format!("ChatActionRequest.oneOf[{i}]");
        let ReferenceOr::Item(branch) = branch else {
            return Err(invalid(format!("{where_}: must be inline")));
        };
        let SchemaKind::Type(Type::Object(obj)) = &branch.schema_kind else {
            return Err(invalid(format!("{where_}: must be an object")));
        };
        let action = obj
            .properties
            .get("action")
            .and_then(inline)
            .ok_or_else(|| invalid(format!("{where_}: no inline `action` property")))?;
        let name = match &action.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
            _ => None,
        }
        .ok_or_else(|| invalid(format!("{where_}: `action` must be a one-value string enum")))?;
        if !name.starts_with(|c: char| c.is_ascii_lowercase())
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(invalid(format!(
                "{where_}: action `{name}` must be lowerCamelCase ASCII letters and digits"
            )));
        }
        let where_ = format!("{where_} ({name})");
        let value_schema = obj.properties.get("value").and_then(inline);
        let value_description = value_schema
            .and_then(|v| v.schema_data.description.clone())
            .unwrap_or_default();
        let value = match value_schema {
            None => ValueKind::None,
            Some(v) => match &v.schema_kind {
                SchemaKind::Type(Type::Boolean(_)) => ValueKind::Boolean,
                SchemaKind::Type(Type::String(_)) => ValueKind::String,
                _ => {
                    return Err(invalid(format!(
                        "{where_}: `value` must be a boolean or a string"
                    )));
                }
            },
        };
        let ext = &branch.schema_data.extensions;
        let get = |key: &str| ext.get(key).cloned();
        let typed = |key: &str, what: &str| -> Result<Option<serde_json::Value>> {
            let v = get(key);
            if let Some(v) = &v {
                let ok = match what {
                    "bool" => v.is_boolean(),
                    "string" => v.is_string(),
                    _ => true,
                };
                if !ok {
                    return Err(invalid(format!("{where_}: `{key}` must be a {what}")));
                }
            }
            Ok(v)
        };
        let providers: Vec<String> = match get("x-providers") {
            None => return Err(invalid(format!("{where_}: no `x-providers` list"))),
            Some(v) => serde_json::from_value(v)
                .map_err(|e| invalid(format!("{where_}: malformed `x-providers`: {e}")))?,
        };
        if providers.is_empty() {
            return Err(invalid(format!("{where_}: `x-providers` is empty")));
        }
        if let Some(bad) = providers.iter().find(|p| !known.contains(&p.as_str())) {
            return Err(invalid(format!(
                "{where_}: provider `{bad}` is not declared in components.x-providers"
            )));
        }
        let idempotent = typed("x-idempotent", "bool")?
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        let group_only = typed("x-group-only", "bool")?
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let value_type = typed("x-value-type", "string")?.and_then(|v| v.as_str().map(str::to_string));
        if let Some(t) = &value_type {
            if value != ValueKind::String {
                return Err(invalid(format!(
                    "{where_}: `x-value-type` is for string values only"
                )));
            }
            if !value_types.contains(&t.as_str()) {
                return Err(invalid(format!(
                    "{where_}: `x-value-type: {t}` is not declared in components.x-value-types"
                )));
            }
        }
        let returns = typed("x-returns", "string")?.and_then(|v| v.as_str().map(str::to_string));
        if let Some(r) = &returns
            && !returnable.contains(r)
        {
            return Err(invalid(format!(
                "{where_}: `x-returns: {r}` must name a `format: uri` string property of ChatPatched"
            )));
        }
        let effect = effect(&where_, &name, value, get("x-effect"))?;
        let helpers: Vec<Helper> = match get("x-helpers") {
            None => Vec::new(),
            Some(v) => serde_json::from_value(v)
                .map_err(|e| invalid(format!("{where_}: malformed `x-helpers`: {e}")))?,
        };
        for h in &helpers {
            if h.rust.is_none() && h.cli.is_none() {
                return Err(invalid(format!("{where_}: a helper needs `rust`, `cli` or both")));
            }
            if let Some(r) = &h.rust
                && (!is_snake_ident(r) || h.doc.as_deref().is_none_or(|d| d.trim().is_empty()))
            {
                return Err(invalid(format!(
                    "{where_}: helper `{r}` must be a snake_case name with a `doc`"
                )));
            }
            if let Some(c) = &h.cli
                && !is_kebab(c)
            {
                return Err(invalid(format!(
                    "{where_}: command-line name `{c}` must be kebab-case"
                )));
            }
            if h.value.is_some() && value != ValueKind::Boolean {
                return Err(invalid(format!(
                    "{where_}: a helper's fixed `value` is for boolean actions"
                )));
            }
        }
        let description = branch.schema_data.description.clone().unwrap_or_default();
        out.push(Action {
            name,
            value,
            value_type,
            providers,
            idempotent,
            group_only,
            returns,
            effect,
            helpers,
            description,
            value_description,
        });
    }
    check_names(&out)?;
    Ok(out)
}

/// Rust method names and command-line names must be unique across actions
/// and helpers, and must not hide the built-in methods of chat handles.
fn check_names(actions: &[Action]) -> Result<()> {
    // Hand-written methods of the chat handles, then every Rust keyword
    // (strict and reserved), none of which a generated method may be named.
    const RESERVED: &[&str] = &[
        "id",
        "client",
        "perform",
        "run",
        "run_returning",
        "as_chat",
        "into_chat",
        "new",
        "clone",
        "fmt",
    ];

    let mut rust: BTreeMap<String, String> = BTreeMap::new();
    let mut cli: BTreeMap<String, String> = BTreeMap::new();
    let mut variants: BTreeMap<String, String> = BTreeMap::new();
    for a in actions {
        let claim = |map: &mut BTreeMap<String, String>, what: &str, name: String| -> Result<()> {
            if what == "method" && (RESERVED.contains(&name.as_str()) || is_keyword(&name)) {
                return Err(invalid(format!("{}: method name `{name}` is reserved", a.name)));
            }
            match map.insert(name.clone(), a.name.clone()) {
                Some(prev) => Err(invalid(format!(
                    "{what} `{name}` is claimed by both `{prev}` and `{}`",
                    a.name
                ))),
                None => Ok(()),
            }
        };
        claim(&mut variants, "variant", a.variant())?;
        claim(&mut rust, "method", a.method())?;
        claim(&mut cli, "command-line name", a.kebab())?;
        for h in &a.helpers {
            if let Some(r) = &h.rust {
                claim(&mut rust, "method", r.clone())?;
            }
            if let Some(c) = &h.cli {
                claim(&mut cli, "command-line name", c.clone())?;
            }
        }
    }
    Ok(())
}

fn effect(where_: &str, name: &str, value: ValueKind, raw: Option<serde_json::Value>) -> Result<Effect> {
    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase", deny_unknown_fields)]
    enum Raw {
        Set(String),
        Add(String),
        Remove(String),
        Assign(String),
    }
    let derived = || {
        // setStarredStatus → starred; setNickname → nickname.
        let core = name.strip_prefix("set").unwrap_or(name);
        let core = core.strip_suffix("Status").unwrap_or(core);
        snake(core)
    };
    let effect = match raw {
        None => match value {
            ValueKind::Boolean => Effect::Set(derived()),
            ValueKind::String => Effect::Assign(derived()),
            ValueKind::None => Effect::None,
        },
        Some(v) => match serde_json::from_value::<Raw>(v)
            .map_err(|e| invalid(format!("{where_}: malformed `x-effect`: {e}")))?
        {
            Raw::Set(f) => Effect::Set(f),
            Raw::Add(f) => Effect::Add(f),
            Raw::Remove(f) => Effect::Remove(f),
            Raw::Assign(f) => Effect::Assign(f),
        },
    };
    let ok = match (&effect, value) {
        (Effect::Set(f), ValueKind::Boolean) => is_snake_ident(f),
        (Effect::Add(f) | Effect::Remove(f) | Effect::Assign(f), ValueKind::String) => is_snake_ident(f),
        (Effect::None, ValueKind::None) => true,
        _ => false,
    };
    if !ok {
        return Err(invalid(format!(
            "{where_}: `x-effect` must be `{{set: <flag>}}` for a boolean value, `{{add|remove|assign: <name>}}` for a string, none without a value (names in snake case)"
        )));
    }
    Ok(effect)
}

/// The `format: uri` string properties of `ChatPatched` (what `x-returns`
/// may name).
fn returnable_fields(spec: &OpenAPI) -> Result<Vec<String>> {
    let obj = chat_patched(spec)?;
    Ok(obj
        .properties
        .iter()
        .filter_map(|(name, s)| match inline(s).map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(st)))
                if matches!(&st.format, openapiv3::VariantOrUnknownOrEmpty::Unknown(f) if f == "uri") =>
            {
                Some(name.clone())
            }
            _ => None,
        })
        .collect())
}

fn chat_patched(spec: &OpenAPI) -> Result<&openapiv3::ObjectType> {
    match spec
        .components
        .as_ref()
        .and_then(|c| c.schemas.get("ChatPatched"))
    {
        Some(ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Object(obj)),
            ..
        })) => Ok(obj),
        _ => Err(invalid("components.schemas.ChatPatched must be an inline object")),
    }
}

/// The facts of the action operation: path, method, key header, success body.
fn wire(spec: &OpenAPI, op: &Operation) -> Result<Wire> {
    let (path, method) = (op.path.as_str(), op.method.as_str());
    let path_prefix = path
        .strip_suffix("{chat_id}")
        .filter(|p| p.starts_with('/') && p.ends_with('/') && !p.contains(['{', '}', '?', '#']))
        .ok_or_else(|| {
            invalid(format!(
                "path `{path}` must be a fixed prefix ending in `/` followed by `{{chat_id}}`"
            ))
        })?;
    let schemes = spec
        .components
        .as_ref()
        .map(|c| &c.security_schemes)
        .ok_or_else(|| invalid("components: no securitySchemes"))?;
    let header = schemes
        .values()
        .find_map(|s| match s {
            ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            }) => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .ok_or_else(|| invalid("components.securitySchemes: no `apiKey` scheme `in: header`"))?;
    if header.is_empty() || !header.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(invalid(format!(
            "security scheme header `{header}` is not a plain header name"
        )));
    }
    // The success body of an action that returns nothing: the required
    // properties of ChatPatched, each a one-value string enum.
    let obj = chat_patched(spec)?;
    let mut body = serde_json::Map::new();
    for name in &obj.required {
        let value = obj
            .properties
            .get(name)
            .and_then(inline)
            .and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => st.enumeration[0].clone(),
                _ => None,
            });
        let Some(value) = value else {
            return Err(invalid(format!(
                "ChatPatched.{name}: a required property must be a one-value string enum"
            )));
        };
        body.insert(name.clone(), serde_json::Value::String(value));
    }
    Ok(Wire {
        path_template: path.to_string(),
        path_prefix: path_prefix.to_string(),
        method: method.to_ascii_uppercase(),
        api_key_header: header,
        success_body: serde_json::Value::Object(body).to_string(),
    })
}

fn component_extension<T: serde::de::DeserializeOwned>(spec: &OpenAPI, key: &str) -> Result<Option<T>> {
    let Some(v) = spec.components.as_ref().and_then(|c| c.extensions.get(key)) else {
        return Ok(None);
    };
    serde_json::from_value(v.clone())
        .map(Some)
        .map_err(|e| invalid(format!("components.{key}: {e}")))
}

/// Every operation of the spec, in path order, and the one that carries
/// the actions (`x-chat-actions: true`).
fn operations(spec: &OpenAPI) -> Result<Vec<Operation>> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(invalid(format!("{path}: path items must be inline, not a $ref")));
        };
        for (method, op) in item.iter() {
            let method = method.to_ascii_uppercase();
            let where_ = format!("{method} {path}");
            let id = op
                .operation_id
                .clone()
                .ok_or_else(|| invalid(format!("{where_}: no operationId")))?;
            // progenitor names the client's method after it, in snake case
            // (`getChat` and `get_chat` both give `get_chat()`).
            let method_name = snake(&id).replace('-', "_").to_ascii_lowercase();
            if !id.starts_with(|c: char| c.is_ascii_alphabetic())
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                || is_keyword(&method_name)
            {
                return Err(invalid(format!(
                    "{where_}: operationId `{id}` must be ASCII letters, digits, `_` or `-`, start with a letter, and not be a Rust keyword (it names the client's method)"
                )));
            }
            let carries_actions = match op.extensions.get(ACTIONS_MARK) {
                None => false,
                Some(serde_json::Value::Bool(b)) => *b,
                Some(_) => return Err(invalid(format!("{where_}: `{ACTIONS_MARK}` must be a boolean"))),
            };
            if let Some(prev) = out
                .iter()
                .find(|o: &&Operation| snake(&o.id).replace('-', "_").to_ascii_lowercase() == method_name)
            {
                return Err(invalid(format!(
                    "{where_}: operationId `{id}` names the same client method as `{}`",
                    prev.id
                )));
            }
            out.push(Operation {
                id,
                method,
                path: path.clone(),
                summary: op.summary.clone().unwrap_or_default(),
                carries_actions,
            });
        }
    }
    let marked: Vec<&Operation> = out.iter().filter(|o| o.carries_actions).collect();
    match marked.as_slice() {
        [op] => {
            let item = spec.paths.paths.get(&op.path).and_then(|i| i.as_item());
            let body = item
                .and_then(|i| i.iter().find(|(m, _)| m.eq_ignore_ascii_case(&op.method)))
                .and_then(|(_, o)| o.request_body.as_ref());
            let refers = match body {
                Some(ReferenceOr::Item(b)) => {
                    b.content.get("application/json").and_then(|m| m.schema.as_ref())
                }
                _ => None,
            };
            if !matches!(refers, Some(ReferenceOr::Reference { reference }) if reference == ACTIONS_SCHEMA_REF)
            {
                return Err(invalid(format!(
                    "{} {}: the operation marked `{ACTIONS_MARK}` must take an inline `application/json` request body whose schema is `$ref: '{ACTIONS_SCHEMA_REF}'`",
                    op.method, op.path
                )));
            }
        }
        [] => {
            return Err(invalid(format!(
                "no operation is marked `{ACTIONS_MARK}: true` (found {} operations); mark the one whose request body is ChatActionRequest",
                out.len()
            )));
        }
        more => {
            return Err(invalid(format!(
                "{} operations are marked `{ACTIONS_MARK}: true`; exactly one carries the actions",
                more.len()
            )));
        }
    }
    Ok(out)
}

/// Every response of every operation, each shared (`$ref`) response once,
/// with where it was first met: `(where, status, response)`.
fn responses(spec: &OpenAPI) -> Result<Vec<(String, &StatusCode, &Response)>> {
    let mut seen: Vec<*const Response> = Vec::new();
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            for (code, resp) in &op.responses.responses {
                let resp = resolve_response(spec, resp)?;
                if seen.contains(&(resp as *const Response)) {
                    continue;
                }
                seen.push(resp);
                out.push((
                    format!("{} {path} response {code}", method.to_ascii_uppercase()),
                    code,
                    resp,
                ));
            }
        }
    }
    Ok(out)
}

/// The `default` response of every operation, each shared one once.
fn default_responses(spec: &OpenAPI) -> Result<Vec<(String, &Response)>> {
    let mut seen: Vec<*const Response> = Vec::new();
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            let Some(resp) = &op.responses.default else {
                continue;
            };
            let resp = resolve_response(spec, resp)?;
            if seen.contains(&(resp as *const Response)) {
                continue;
            }
            seen.push(resp);
            out.push((
                format!("{} {path} response default", method.to_ascii_uppercase()),
                resp,
            ));
        }
    }
    Ok(out)
}

fn resolve_response<'a>(spec: &'a OpenAPI, r: &'a ReferenceOr<Response>) -> Result<&'a Response> {
    match r {
        ReferenceOr::Item(r) => Ok(r),
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/responses/")
                .ok_or_else(|| invalid(format!("response reference `{reference}` is not local")))?;
            match spec.components.as_ref().and_then(|c| c.responses.get(name)) {
                Some(ReferenceOr::Item(r)) => Ok(r),
                Some(ReferenceOr::Reference { .. }) => Err(invalid(format!(
                    "response `{name}` is a reference to a reference"
                ))),
                None => Err(invalid(format!("response reference `{reference}` is dangling"))),
            }
        }
    }
}

fn inline(s: &ReferenceOr<Box<Schema>>) -> Option<&Schema> {
    match s {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { .. } => None,
    }
}

/// `setReadStatus` → `set_read_status`; `getInviteLink` → `get_invite_link`.
pub fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every Rust keyword, strict and reserved (2024 edition).
pub(crate) fn is_keyword(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
        "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
        "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv",
        "try", "typeof", "unsized", "virtual", "yield", "union", "raw", "safe",
    ];
    KEYWORDS.contains(&s)
}

fn is_snake_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !s.ends_with('_')
}

fn is_kebab(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.ends_with('-')
}
