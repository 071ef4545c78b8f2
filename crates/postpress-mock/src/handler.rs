//! The endpoint and the control routes.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{MatchedPath, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use postpress_api::ErrorKind;

use crate::rules::{OtherErrorType, other_error_types};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::state::{
    AccountState, ChatKind, Fault, FaultKind, LoggedRequest, MAX_LOGGED_BODY, State as MockState,
};
use crate::{DropConnection, Shared};

const MAX_BODY: usize = 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    // The spec's other operations: answered with 501 after the key check
    // (`perform` tells them apart by the matched route and the method).
    let mut paths: Vec<&str> = crate::rules::UNEMULATED.iter().map(|o| o.path).collect();
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        if path != postpress_api::PATH_TEMPLATE && !path.starts_with("/__mock") {
            router = router.route(path, any(perform));
        }
    }
    router
        // The path the spec declares (axum's `{name}` syntax is OpenAPI's);
        // the method is checked in `perform` so a wrong one gets the spec's
        // in `Allow`.
        .route(postpress_api::PATH_TEMPLATE, any(perform))
        .route("/__mock/chats", get(list_chats))
        .route("/__mock/chats/{chat_id}", get(get_chat))
        .route("/__mock/requests", get(list_requests))
        .route(
            "/__mock/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__mock/faults/schema", get(fault_schema))
        .route("/__mock/stats", get(stats))
        .route(crate::INSPECTOR_PATH, get(crate::inspector::page))
        .route(crate::inspector::FAVICON_PATH, get(crate::inspector::favicon))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(shared)
}

/// An answer before it becomes a response: status, body, headers, and what
/// to log.
struct Answer {
    status: StatusCode,
    body: Value,
    error_type: Option<String>,
    retry_after: Option<String>,
    drop_connection: bool,
    html: Option<&'static str>,
}

impl Answer {
    fn ok(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            error_type: None,
            retry_after: None,
            drop_connection: false,
            html: None,
        }
    }

    fn error(status: u16, type_: &str, detail: impl Into<String>, instance: &str) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = json!({
            "title": title_of(type_),
            "detail": detail.into(),
            "instance": instance,
            "type": type_,
            "status": status.as_u16(),
        });
        Self {
            status,
            body,
            error_type: Some(type_.to_string()),
            retry_after: None,
            drop_connection: false,
            html: None,
        }
    }

    /// A documented type with its documented status and description.
    fn documented(kind: ErrorKind, detail: Option<String>, instance: &str) -> Self {
        let status = kind.documented_status().unwrap_or(500);
        let detail = detail.unwrap_or_else(|| kind.description().unwrap_or("").to_string());
        Self::error(status, kind.as_str(), detail, instance)
    }

    /// A type the API family uses beyond the documented list (the spec's
    /// `x-other-types`), with the status the spec gives it.
    fn other(t: OtherErrorType, detail: impl Into<String>, instance: &str) -> Self {
        Self::error(t.status, t.type_name, detail, instance)
    }

    /// 429 `too_many_requests` with `Retry-After` in whole seconds.
    fn too_many_requests(retry_after: u64, instance: &str) -> Self {
        let t = other_error_types::TOO_MANY_REQUESTS;
        let mut a = Self::other(t, t.description, instance);
        a.retry_after = Some(retry_after.to_string());
        a
    }

    fn into_response(self) -> Response {
        let mut response = match self.html {
            Some(html) => (
                self.status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            None => (self.status, axum::Json(self.body)).into_response(),
        };
        if let Some(ra) = self.retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
            response.headers_mut().insert(header::RETRY_AFTER, ra);
        }
        if self.drop_connection {
            response.extensions_mut().insert(DropConnection);
        }
        response
    }
}

/// `errors/no_client_session` → `No client session`.
fn title_of(type_: &str) -> String {
    let name = type_.trim_start_matches("errors/").replace('_', " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Error".to_string(),
    }
}

/// Chat ids the mock considers well-formed.
fn valid_chat_id(id: &str) -> bool {
    (1..=256).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._@:+=-".contains(&b))
}

/// Why a request body could not be used.
#[derive(Debug, Clone, Copy)]
enum BodyError {
    TooLarge,
    Unreadable,
}

struct InFlight<'a>(&'a Shared);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn perform(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    route: Option<MatchedPath>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let route = route
        .as_ref()
        .map_or(postpress_api::PATH_TEMPLATE, MatchedPath::as_str);
    let unemulated = crate::rules::unemulated(method.as_str(), route);
    if unemulated.is_none() && (method != postpress_api::METHOD || route != postpress_api::PATH_TEMPLATE) {
        return method_not_allowed(method, uri).await;
    }
    let in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.max_in_flight.fetch_max(in_flight, Ordering::SeqCst);
    let _guard = InFlight(&shared);

    let instance = format!(
        "mock-req-{:06}",
        shared.next_request.fetch_add(1, Ordering::SeqCst)
    );
    let chat_id = path.ok().map(|Path(id)| id);
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|e| {
        let too_large = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
            || e.to_string().contains("length limit");
        if too_large {
            BodyError::TooLarge
        } else {
            BodyError::Unreadable
        }
    });
    let json: Option<Value> = bytes.as_ref().ok().and_then(|b| serde_json::from_slice(b).ok());
    let action = json
        .as_ref()
        .and_then(|v| v.get("action"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let had_api_key = headers.contains_key(postpress_api::API_KEY_HEADER);
    let body = bytes
        .as_ref()
        .ok()
        .filter(|b| !b.is_empty())
        .map(|b| logged_body(b));

    // Faults first: they stand for whatever happens in front of the API.
    let answer = match take_fault(&shared, chat_id.as_deref(), action.as_deref()) {
        Some(kind) => fault_answer(kind, &instance).await,
        None => None,
    };
    let answer = match answer {
        Some(a) => a,
        None => handle(
            &shared,
            unemulated,
            chat_id.as_deref(),
            &headers,
            bytes.as_deref().map_err(|e| *e),
            json,
            &instance,
        ),
    };

    // The key is never stored: not the header, nor the key (sent or
    // accepted) wherever else a client put it.
    let sent_key = headers
        .get(postpress_api::API_KEY_HEADER)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let secrets: Vec<&str> = shared
        .keys
        .iter()
        .map(String::as_str)
        .chain(sent_key.as_deref())
        .collect();
    // `postpress_util::redact`, with the mock's own mask.
    let redact = |text: String| postpress_util::redact::redact(&text, &secrets, "[key]").into_owned();
    let detail = answer
        .error_type
        .as_ref()
        .and_then(|_| answer.body.get("detail"))
        .and_then(Value::as_str)
        .map(|d| redact(d.to_string()));
    let entry = LoggedRequest {
        seq: 0,
        instance: instance.clone(),
        method: method.to_string(),
        path: redact(uri.path().to_string()),
        chat_id: chat_id.map(redact),
        action: action.map(redact),
        had_api_key,
        status: if answer.drop_connection {
            0
        } else {
            answer.status.as_u16()
        },
        error_type: answer.error_type.clone(),
        detail,
        body: body.map(redact),
        in_flight,
        at_ms: u64::try_from(shared.started.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    shared.lock().push_log(entry);
    answer.into_response()
}

/// What the log keeps of a body: the first [`MAX_LOGGED_BODY`] bytes, as
/// lossy UTF-8, `…` marking a cut.
fn logged_body(bytes: &[u8]) -> String {
    let kept = &bytes[..bytes.len().min(MAX_LOGGED_BODY)];
    let mut text = String::from_utf8_lossy(kept).into_owned();
    if kept.len() < bytes.len() {
        text.push('…');
    }
    text
}

fn take_fault(shared: &Shared, chat_id: Option<&str>, action: Option<&str>) -> Option<FaultKind> {
    let mut state = shared.lock();
    let index = state.faults.iter().position(|f| f.matches(chat_id, action))?;
    let fault = &mut state.faults[index];
    let kind = fault.kind.clone();
    if let Some(n) = fault.times.as_mut() {
        *n -= 1;
        if *n == 0 {
            state.faults.remove(index);
        }
    }
    Some(kind)
}

/// The answer a fault gives instead of the endpoint's; `None` when the
/// request then goes on to the endpoint (latency).
async fn fault_answer(kind: FaultKind, instance: &str) -> Option<Answer> {
    Some(match kind {
        FaultKind::Error {
            type_,
            status,
            retry_after,
        } => {
            let kind = ErrorKind::from_type(&type_);
            let mut answer = match (kind.is_documented(), status) {
                (true, _) => Answer::documented(kind, None, instance),
                (false, status) => {
                    // An error fault must stay an error the spec allows.
                    let status = status.filter(|s| (400..=599).contains(s)).unwrap_or(500);
                    Answer::error(status, &type_, "injected fault", instance)
                }
            };
            answer.retry_after = retry_after;
            answer
        }
        FaultKind::RateLimited { retry_after } => Answer::too_many_requests(retry_after, instance),
        FaultKind::Unavailable { retry_after } => {
            let mut a = Answer::documented(ErrorKind::ServiceUnavailable, None, instance);
            a.retry_after = Some(retry_after.to_string());
            a
        }
        FaultKind::GatewayTimeout => Answer::documented(ErrorKind::RequestTimeout, None, instance),
        FaultKind::DropConnection => {
            let mut a = Answer::documented(ErrorKind::UnexpectedError, Some("dropped".into()), instance);
            a.drop_connection = true;
            a
        }
        FaultKind::Html502 => Answer {
            status: StatusCode::BAD_GATEWAY,
            body: Value::Null,
            error_type: None,
            retry_after: None,
            drop_connection: false,
            html: Some(
                "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n",
            ),
        },
        FaultKind::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            return None;
        }
    })
}

/// The endpoint's own behaviour, in the order the checks apply.
fn handle(
    shared: &Shared,
    unemulated: Option<&crate::rules::Unemulated>,
    chat_id: Option<&str>,
    headers: &HeaderMap,
    raw: Result<&[u8], BodyError>,
    json: Option<Value>,
    instance: &str,
) -> Answer {
    // 1. Credentials.
    let key = match headers
        .get(postpress_api::API_KEY_HEADER)
        .map(HeaderValue::to_str)
    {
        None => return Answer::documented(ErrorKind::MissingCredentials, None, instance),
        Some(Ok(k)) => k,
        Some(Err(_)) => "",
    };
    if !shared.keys.contains(key) {
        return Answer::documented(ErrorKind::InvalidCredentials, None, instance);
    }
    // An operation of the spec the mock does not emulate: 501, once the
    // key is known good.
    if let Some(op) = unemulated {
        let detail = format!(
            "{} {} ({}) is in the spec, but postpress-mock does not emulate it.",
            op.method, op.path, op.operation_id
        );
        let mut answer = Answer::documented(ErrorKind::FeatureNotImplemented, Some(detail), instance);
        answer.body["title"] = Value::String(format!("Not emulated by postpress-mock: {}", op.operation_id));
        return answer;
    }
    // The key's rate limit (`--rate-limit`), before anything else is done.
    if let Some(limit) = &shared.rate_limit
        && let Err(wait) = limit.take(key)
    {
        // Whole seconds, rounded up: never earlier than a token is back.
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Answer::too_many_requests(secs.max(1), instance);
    }

    // 2. The body, validated against the spec's request schema.
    let raw = match raw {
        Ok(raw) => raw,
        Err(BodyError::TooLarge) => {
            return Answer::other(
                other_error_types::PAYLOAD_TOO_LARGE,
                "The body is larger than 1 MiB.",
                instance,
            );
        }
        Err(BodyError::Unreadable) => {
            return Answer::other(
                other_error_types::MALFORMED_REQUEST,
                "The body could not be read.",
                instance,
            );
        }
    };
    let Some(value) = json else {
        let detail = if raw.is_empty() {
            "The request body is empty."
        } else {
            "The request body is not valid JSON."
        };
        return Answer::other(other_error_types::MALFORMED_REQUEST, detail, instance);
    };
    if let Some(err) = shared.request_schema.iter_errors(&value).next() {
        let detail = format!("The body does not match ChatActionRequest: {err}");
        return Answer::other(other_error_types::INVALID_PARAMETERS, detail, instance);
    }
    // The schema admits only the spec's actions; the table has each.
    let name = value.get("action").and_then(Value::as_str).unwrap_or_default();
    let Some(info) = postpress_api::action_info(name) else {
        let detail = format!("Unknown action `{name}`.");
        return Answer::other(other_error_types::INVALID_PARAMETERS, detail, instance);
    };

    // 3. The chat.
    // A chat the mock holds is found whatever its id looks like; the format
    // check only tells malformed ids from unknown ones.
    let Some(chat_id) = chat_id else {
        return Answer::documented(ErrorKind::InvalidResourceIdentifier, None, instance);
    };
    let mut state = shared.lock();
    if !state.chats.contains_key(chat_id) && !valid_chat_id(chat_id) {
        return Answer::documented(ErrorKind::InvalidResourceIdentifier, None, instance);
    }
    let Some(chat) = state.chats.get_mut(chat_id) else {
        let detail = format!("No chat with id {chat_id} is visible to this API key.");
        return Answer::documented(ErrorKind::ResourceNotFound, Some(detail), instance);
    };
    match chat.account {
        AccountState::Connected => {}
        AccountState::Disconnected => {
            return Answer::documented(ErrorKind::DisconnectedAccount, None, instance);
        }
        AccountState::Restricted => return Answer::documented(ErrorKind::AccountRestricted, None, instance),
    }

    // 4. Provider and chat-kind rules, from the spec (`x-providers`,
    //    `x-group-only`).
    if !info.supports(chat.provider) {
        let detail = format!("{name} is not supported for {} chats.", chat.provider.name());
        return Answer::documented(ErrorKind::FeatureNotImplemented, Some(detail), instance);
    }
    if info.group_only && chat.kind == ChatKind::OneToOne {
        let detail = format!("{name} needs a group chat; {chat_id} is a one-to-one chat.");
        return Answer::documented(ErrorKind::InsufficientPermissions, Some(detail), instance);
    }

    // 5. Apply the spec's `x-effect`, answer with `x-returns`.
    chat.actions_applied += 1;
    chat.apply(crate::rules::effect_of(name), value.get("value"));
    let returned = info.returns.map(|field| (field, chat.link(field)));
    state.chat_touched(chat_id);
    drop(state);
    let mut body = shared.success_body.clone();
    if let (Some((field, link)), Value::Object(map)) = (returned, &mut body) {
        map.insert(field.to_string(), Value::String(link));
    }
    Answer::ok(body)
}

async fn not_found(uri: Uri) -> Response {
    let detail = format!("No route for {}.", uri.path());
    Answer::documented(ErrorKind::ResourceNotFound, Some(detail), "mock-route").into_response()
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let path = uri.path();
    let detail = format!("{method} is not allowed on {path}.");
    let mut response =
        Answer::other(other_error_types::METHOD_NOT_ALLOWED, detail, "mock-route").into_response();
    let spec_route = std::iter::once(postpress_api::PATH_TEMPLATE)
        .chain(crate::rules::UNEMULATED.iter().map(|o| o.path))
        .find(|template| route_matches(template, path));
    let allow = match spec_route {
        Some(template) => crate::rules::allowed_methods(template).join(", "),
        None if path == "/__mock/faults" => "GET, POST, DELETE".to_string(),
        None => "GET".to_string(),
    };
    if let Ok(allow) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

/// Whether the request path `path` matches the route `template`
/// (`{name}` stands for one non-empty segment).
fn route_matches(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) if ts.starts_with('{') && ts.ends_with('}') => {
                if ps.is_empty() {
                    return false;
                }
            }
            (Some(ts), Some(ps)) if ts == ps => {}
            _ => return false,
        }
    }
}

/// `?since=N&limit=M` on the lists that grow.
#[derive(Debug, Deserialize)]
struct Window {
    since: Option<u64>,
    limit: Option<usize>,
}

/// The answer to a query string that does not parse.
fn bad_query(rejection: &QueryRejection) -> Response {
    let detail = format!("bad query: {}", rejection.body_text());
    Answer::other(other_error_types::INVALID_PARAMETERS, detail, "mock-control").into_response()
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

/// A control answer tagged with the state's version: `304 Not Modified`,
/// with no body and without running `view`, when the client already has
/// this version. The JSON is written after the lock is released.
fn versioned<T: Serialize>(
    shared: &Shared,
    headers: &HeaderMap,
    view: impl FnOnce(&MockState) -> T,
) -> Response {
    let (etag, body) = {
        let state = shared.lock();
        let etag = format!("\"{}\"", state.version);
        if etag_matches(headers, &etag) {
            (etag, None)
        } else {
            let body = view(&state);
            (etag, Some(body))
        }
    };
    let mut response = match body {
        Some(body) => axum::Json(body).into_response(),
        None => StatusCode::NOT_MODIFIED.into_response(),
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn list_chats(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Result<Query<Window>, QueryRejection>,
) -> Response {
    let Window { since, limit } = match query {
        Ok(Query(window)) => window,
        Err(rejection) => return bad_query(&rejection),
    };
    versioned(&shared, &headers, |state| {
        let changed = |id: &str| state.chat_changed.get(id).copied().unwrap_or(0);
        state
            .chats
            .values()
            .filter(|chat| since.is_none_or(|since| changed(&chat.id) > since))
            .take(limit.unwrap_or(usize::MAX))
            .cloned()
            .collect::<Vec<_>>()
    })
}

async fn get_chat(State(shared): State<Arc<Shared>>, path: Result<Path<String>, PathRejection>) -> Response {
    let chat = path
        .ok()
        .and_then(|Path(id)| shared.lock().chats.get(&id).cloned());
    match chat {
        Some(chat) => axum::Json(chat).into_response(),
        None => Answer::documented(
            ErrorKind::ResourceNotFound,
            Some("No such chat.".into()),
            "mock-control",
        )
        .into_response(),
    }
}

async fn list_requests(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Result<Query<Window>, QueryRejection>,
) -> Response {
    let Window { since, limit } = match query {
        Ok(Query(window)) => window,
        Err(rejection) => return bad_query(&rejection),
    };
    versioned(&shared, &headers, |state| {
        let after = since.map_or(0, |since| state.log.partition_point(|r| r.seq <= since));
        let newer = state.log.len() - after;
        let keep = limit.map_or(newer, |limit| limit.min(newer));
        state
            .log
            .range(state.log.len() - keep..)
            .cloned()
            .collect::<Vec<_>>()
    })
}

async fn list_faults(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    versioned(&shared, &headers, |state| state.faults.clone())
}

async fn stats(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    versioned(&shared, &headers, |state| shared.stats(state))
}

async fn fault_schema(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(shared.fault_schema.clone()).into_response()
}

async fn add_fault(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(Fault {
            kind: FaultKind::Error {
                status: Some(status), ..
            },
            ..
        }) if !(400..=599).contains(&status) => {
            let detail = format!("an error fault's status must be 400..=599, not {status}");
            Answer::other(other_error_types::INVALID_PARAMETERS, detail, "mock-control").into_response()
        }
        Ok(fault) => {
            shared.lock().faults.push(fault.clone());
            (StatusCode::CREATED, axum::Json(fault)).into_response()
        }
        Err(e) => Answer::other(
            other_error_types::INVALID_PARAMETERS,
            format!("not a fault: {e}"),
            "mock-control",
        )
        .into_response(),
    }
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_ids() {
        assert_eq!(title_of("errors/no_client_session"), "No client session");
        assert!(valid_chat_id("120363041234567890@g.us"));
        assert!(!valid_chat_id("a/b"));
        assert!(!valid_chat_id(""));
        assert!(!valid_chat_id("чат"));
    }
}
