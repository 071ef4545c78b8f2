//! One request attempt and the decoding of its answer.

use std::time::Duration;

use bytes::Bytes;
#[cfg(not(target_arch = "wasm32"))]
use bytes::BytesMut;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use url::Url;

use crate::call::Call;
use crate::call::config::Inner;
use crate::error::{ApiError, Error, MAX_BODY_BYTES, Result, TransportError, TransportSource};
use postpress_api::ErrorKind;

use crate::action::ChatAction;

/// The result of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatPatched {
    /// The link the action returns (the spec's `x-returns`, such as
    /// `getInviteLink`'s `invite_link`); `None` for every other action.
    pub invite_link: Option<Url>,
}

/// What a successful call yields, decoded from a complete 2xx body.
pub(crate) trait Outcome: Sized + Send {
    /// The value for the spec's exact success body, when an action that
    /// returns nothing gets it (the fast path: no decoding).
    fn plain() -> Option<Self>;

    /// Decodes a complete 2xx body, already redacted.
    fn decode(status: StatusCode, body: Bytes, action: &ChatAction, headers: &HeaderMap) -> Result<Self>;
}

impl Outcome for ChatPatched {
    fn plain() -> Option<Self> {
        Some(ChatPatched { invite_link: None })
    }

    fn decode(status: StatusCode, body: Bytes, action: &ChatAction, headers: &HeaderMap) -> Result<Self> {
        if action.returns().is_some() {
            let link = Url::decode(status, body, action, headers)?;
            return Ok(ChatPatched {
                invite_link: Some(link),
            });
        }
        // A stray link on another action is ignored rather than failing an
        // action that was applied.
        success_envelope(status, &body, headers)?;
        Ok(ChatPatched { invite_link: None })
    }
}

/// The link an action with `x-returns` (such as `getInviteLink`) answers with.
impl Outcome for Url {
    fn plain() -> Option<Self> {
        None
    }

    fn decode(status: StatusCode, body: Bytes, action: &ChatAction, headers: &HeaderMap) -> Result<Self> {
        let object = success_envelope(status, &body, headers)?;
        let Some(field) = action.returns() else {
            return Err(unexpected(status, body, "this action returns no link", headers));
        };
        match object.get(field) {
            Some(serde_json::Value::String(link)) => match Url::parse(link) {
                Ok(url) if matches!(url.scheme(), "https" | "http") => Ok(url),
                _ => Err(unexpected(
                    status,
                    body,
                    format!("{field} is not an http(s) URL"),
                    headers,
                )),
            },
            Some(_) => Err(unexpected(
                status,
                body,
                format!("{field} is not a string"),
                headers,
            )),
            None => Err(unexpected(
                status,
                body,
                format!("{} succeeded without an {field}", action.name()),
                headers,
            )),
        }
    }
}

/// Checks a success body against the generated `ChatPatched` wire type and
/// returns it as a JSON object.
fn success_envelope(
    status: StatusCode,
    body: &Bytes,
    headers: &HeaderMap,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let checked = serde_json::from_slice::<postpress_api::types::ChatPatched>(body)
        .and_then(|_| serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body));
    checked.map_err(|e| {
        let reason = if body.is_empty() {
            format!(
                "the success body is empty; expected {}",
                postpress_api::SUCCESS_BODY
            )
        } else {
            format!("the success body is not a ChatPatched object: {e}")
        };
        unexpected(status, body.clone(), reason, headers)
    })
}

/// Sends one request and decodes its answer.
pub(crate) async fn attempt<T: Outcome>(inner: &Inner, call: &Call<'_>, timeout: Duration) -> Result<T> {
    let (url, body, action) = (call.url.clone(), call.body.clone(), call.action);
    // The request, built directly: the client's four headers are one
    // prebuilt map, cloned (no header is hashed or inserted per call).
    let mut request = reqwest::Request::new(postpress_api::METHOD, url);
    *request.headers_mut() = inner.headers.clone();
    if let Some(options) = call.options {
        // A name the client sets too (`User-Agent`, `Accept`) is replaced
        // by the call's, not sent twice; repeats of a name are all sent.
        for name in options.headers.keys() {
            let mut values = options.headers.get_all(name).iter();
            if let Some(first) = values.next() {
                request.headers_mut().insert(name, first.clone());
            }
            for value in values {
                request.headers_mut().append(name, value.clone());
            }
        }
    }
    // A client built here carries the timeout itself; a per-request one
    // costs reqwest an extensions map, so set it only when it differs.
    if inner.client_timeout != Some(timeout) {
        *request.timeout_mut() = Some(timeout);
    }
    *request.body_mut() = Some(body.into());
    #[cfg(feature = "middleware")]
    let sent = match &inner.middleware {
        // The user's stack: the request as built here (headers, body,
        // this attempt's timeout), through every layer of theirs.
        Some(stack) => stack.execute(request).await.map_err(|e| match e {
            reqwest_middleware::Error::Reqwest(e) => transport(e, timeout),
            reqwest_middleware::Error::Middleware(e) => Error::Transport(TransportError {
                source: TransportSource::Middleware(e.into()),
            }),
        }),
        None => inner
            .http
            .execute(request)
            .await
            .map_err(|e| transport(e, timeout)),
    };
    #[cfg(not(feature = "middleware"))]
    let sent = inner
        .http
        .execute(request)
        .await
        .map_err(|e| transport(e, timeout));
    #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
    let mut response = sent?;
    let status = response.status();
    #[cfg(not(target_arch = "wasm32"))]
    let (body, complete) = read_capped(&mut response)
        .await
        .map_err(|e| transport(e, timeout))?;
    #[cfg(not(target_arch = "wasm32"))]
    let headers = response.headers();
    // fetch hands the body whole, and reading it takes the response.
    #[cfg(target_arch = "wasm32")]
    let headers = &response.headers().clone();
    #[cfg(target_arch = "wasm32")]
    let (body, complete) = read_whole(response).await.map_err(|e| transport(e, timeout))?;
    // The answer to an action that returns nothing, byte for byte: the
    // same value serde would decode, without decoding.
    if status.is_success()
        && complete
        && action.returns().is_none()
        && body == postpress_api::SUCCESS_BODY.as_bytes()
        && let Some(plain) = T::plain()
    {
        return Ok(plain);
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
        return T::decode(status, body, action, headers);
    }
    Err(decode_error(status, body, complete, headers, &inner.api_key))
}

fn transport(e: reqwest::Error, timeout: Duration) -> Error {
    let timed_out = e.is_timeout();
    let t = TransportError {
        source: TransportSource::Reqwest(e.without_url()),
    };
    // A connect timeout is a failure to connect, not a slow answer.
    if timed_out && !t.is_connect() {
        Error::Timeout { after: timeout }
    } else {
        Error::Transport(t)
    }
}

/// The body fetch hands whole, cut at [`MAX_BODY_BYTES`]; the flag says
/// whether it was complete.
#[cfg(target_arch = "wasm32")]
async fn read_whole(response: reqwest::Response) -> std::result::Result<(Bytes, bool), reqwest::Error> {
    let body = response.bytes().await?;
    if body.len() > MAX_BODY_BYTES {
        return Ok((body.slice(..MAX_BODY_BYTES), false));
    }
    Ok((body, true))
}

/// Reads at most [`MAX_BODY_BYTES`]; the flag says whether the body was complete.
#[cfg(not(target_arch = "wasm32"))]
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

/// The largest `Retry-After` the parser reports (one year).
const MAX_RETRY_AFTER_SECS: u64 = 365 * 24 * 3600;

/// Parses `Retry-After`: delay-seconds or an HTTP-date. A date in the past
/// means "now"; anything unparsable (negative, garbage, several values) is
/// ignored.
pub(crate) fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let mut values = headers.get_all(RETRY_AFTER).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Absurd values are clamped to a year: far beyond any cap, and safe
        // to add to an Instant.
        let secs = text.parse::<u64>().unwrap_or(u64::MAX).min(MAX_RETRY_AFTER_SECS);
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    let wait = date
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|at| at.checked_sub(crate::rt::unix_now()))
        .unwrap_or(Duration::ZERO);
    Some(wait.min(Duration::from_secs(MAX_RETRY_AFTER_SECS)))
}

/// `body` without the API key (a server echoing headers, say), so that it
/// cannot reach logs through an error; a body cut at the cap loses a tail
/// that starts the key too. See `postpress_util::redact`.
fn redact(body: Bytes, complete: bool, key: &HeaderValue) -> Bytes {
    match postpress_util::redact::redact_bytes(&body, complete, key.as_bytes()) {
        Some(clean) => Bytes::from(clean),
        None => body,
    }
}

/// [`redact`] for a decoded string.
fn redact_str(text: String, key: &HeaderValue) -> String {
    match key.to_str() {
        Ok(k) => match postpress_util::redact::redact(&text, &[k], postpress_util::redact::MASK) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(clean) => clean,
        },
        Err(_) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(v).expect("header"));
        h
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(&headers("3")), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(&headers(" 0 ")), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&headers("-1")), None);
        assert_eq!(parse_retry_after(&headers("1.5")), None);
        assert_eq!(parse_retry_after(&headers("soon")), None);
        assert_eq!(parse_retry_after(&headers("")), None);
        assert_eq!(
            parse_retry_after(&headers("99999999999999999999999")),
            Some(Duration::from_secs(MAX_RETRY_AFTER_SECS))
        );
        assert_eq!(
            parse_retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        let future = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(120));
        let d = parse_retry_after(&headers(&future)).expect("date");
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        assert_eq!(parse_retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn huge_retry_after_values_are_clamped() {
        let d = parse_retry_after(&headers("18446744073709551615")).expect("parsed");
        assert_eq!(d, Duration::from_secs(MAX_RETRY_AFTER_SECS));
        assert!(std::time::Instant::now().checked_add(d).is_some());
    }
}
