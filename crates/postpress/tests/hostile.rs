//! The hostile-server matrix: servers on 127.0.0.1 that misbehave on purpose.
//! Each case asserts the typed outcome, that the call ends in bounded time,
//! and (through `run_case`) that the key appears in no Debug, Display or
//! TRACE-level tracing output. `docs/reliability.md` is generated from the
//! `/// matrix:` lines (see the `reliability_doc` test).

mod common;

use postpress::api::PATH_PREFIX;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::{Capture, ClientFor, KEY, PATCHED, Reply, Server, Step, json, json_with, response};
use postpress::{ChatAction, ChatPatched, ClientBuilder, Error, ErrorKind, RetryPolicy};

struct Outcome {
    result: Result<ChatPatched, Error>,
    elapsed: Duration,
}

impl Outcome {
    fn err(self) -> Error {
        match self.result {
            Err(e) => e,
            Ok(p) => panic!("expected an error, got {p:?}"),
        }
    }

    fn unexpected(self) -> (u16, usize, String) {
        match self.err() {
            Error::UnexpectedResponse {
                status, body, reason, ..
            } => (status.as_u16(), body.len(), reason),
            other => panic!("expected UnexpectedResponse, got {other:?}"),
        }
    }
}

/// Runs `action` against `server` with a 1 s timeout, under a TRACE
/// subscriber, and checks that the call ended within 10 s and that the key
/// shows up nowhere the client writes to.
async fn run_case(
    server: &Server,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
    action: ChatAction,
) -> Outcome {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = configure(server.client().timeout(Duration::from_secs(1)))
        .build()
        .expect("client");
    let start = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(10), client.perform("c", action))
        .await
        .expect("the call did not end within 10 s");
    let elapsed = start.elapsed();
    tracing::trace!(?result, ?client, "outcome");
    let mut shown = format!("{result:?} {result:#?} {client:?}");
    if let Err(e) = &result {
        let _ = write!(shown, " {e} {e:#}");
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            let _ = write!(shown, " {s} {s:?}");
            source = s.source();
        }
    }
    let trace = capture.contents();
    assert!(!shown.contains(KEY), "the key leaked into Debug/Display: {shown}");
    assert!(!trace.contains(KEY), "the key leaked into tracing:\n{trace}");
    assert!(trace.contains("postpress.perform"), "no span was recorded");
    Outcome { result, elapsed }
}

fn mute() -> ChatAction {
    ChatAction::SetMuteStatus(true)
}

fn script(steps: Vec<Step>) -> impl Fn(&common::Seen, usize) -> Reply + Send + Sync + 'static {
    move |_, _| Reply::Script(steps.clone())
}

fn w(bytes: &[u8]) -> Step {
    Step::Write(bytes.to_vec())
}

const HEAD_200: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n";

/// matrix: status line and headers start, then never finish => Timeout after the attempt timeout
#[tokio::test]
async fn headers_that_never_finish() {
    let server = Server::start(script(vec![
        w(b"HTTP/1.1 200 OK\r\ncontent-type: appl"),
        Step::Sleep(Duration::from_secs(30)),
    ]))
    .await;
    let out = run_case(&server, |b| b, mute()).await;
    assert!(out.elapsed < Duration::from_secs(3));
    assert!(matches!(out.err(), Error::Timeout { .. }));
}

/// matrix: no answer at all => Timeout after the attempt timeout
#[tokio::test]
async fn silence() {
    let server = Server::start(|_, _| Reply::Stall(Duration::from_secs(30))).await;
    let out = run_case(&server, |b| b, mute()).await;
    assert!(out.elapsed >= Duration::from_millis(900) && out.elapsed < Duration::from_secs(3));
    assert!(matches!(out.err(), Error::Timeout { .. }));
}

/// matrix: Content-Length 100, 10 bytes sent, then silence => Timeout
#[tokio::test]
async fn body_that_stalls() {
    let server = Server::start(script(vec![
        w(HEAD_200),
        w(b"content-length: 100\r\n\r\n{\"object\":"),
        Step::Sleep(Duration::from_secs(30)),
    ]))
    .await;
    assert!(matches!(
        run_case(&server, |b| b, mute()).await.err(),
        Error::Timeout { .. }
    ));
}

/// matrix: chunked 200 body that never ends => UnexpectedResponse after 64 KiB, not buffered further
#[tokio::test]
async fn body_that_never_ends() {
    let server = Server::start(script(vec![
        w(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"),
        Step::Repeat {
            chunk: b"1000\r\n"
                .iter()
                .copied()
                .chain([b' '; 4096])
                .chain(*b"\r\n")
                .collect(),
            limit: 1 << 30,
        },
    ]))
    .await;
    let out = run_case(&server, |b| b, mute()).await;
    assert!(out.elapsed < Duration::from_secs(3));
    let (status, len, reason) = out.unexpected();
    assert_eq!((status, len), (200, postpress::MAX_BODY_BYTES));
    assert!(reason.contains("64 KiB"));
    assert!(
        server.repeated_bytes_written() < 64 << 20,
        "the client kept reading"
    );
}

/// matrix: 10 MB 200 body with Content-Length => UnexpectedResponse with the first 64 KiB
#[tokio::test]
async fn ten_megabyte_success_body() {
    let server = Server::start(script(vec![
        w(HEAD_200),
        w(b"content-length: 10485760\r\n\r\n"),
        Step::Repeat {
            chunk: vec![b'x'; 65536],
            limit: 10 << 20,
        },
    ]))
    .await;
    let (status, len, _) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!((status, len), (200, postpress::MAX_BODY_BYTES));
}

/// matrix: 10 MB 500 body => UnexpectedResponse with the first 64 KiB
#[tokio::test]
async fn ten_megabyte_error_body() {
    let server = Server::start(script(vec![
        w(b"HTTP/1.1 500 Oops\r\ncontent-length: 10485760\r\n\r\n"),
        Step::Repeat {
            chunk: vec![b'{'; 65536],
            limit: 10 << 20,
        },
    ]))
    .await;
    let (status, len, reason) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!((status, len), (500, postpress::MAX_BODY_BYTES));
    assert!(reason.contains("larger than 64 KiB"));
}

/// matrix: 200 body that is not UTF-8 => UnexpectedResponse with the raw bytes
#[tokio::test]
async fn invalid_utf8_success_body() {
    let server = Server::start(|_, _| {
        Reply::Raw(response(
            200,
            "application/json",
            &[],
            b"{\"object\":\"\xff\xfe\"}",
        ))
    })
    .await;
    let (status, len, _) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!((status, len), (200, 15));
}

/// matrix: error envelope with invalid UTF-8 in a string => UnexpectedResponse 401
#[tokio::test]
async fn invalid_utf8_error_body() {
    let body = b"{\"title\":\"\xc3\x28\",\"type\":\"errors/invalid_credentials\",\"status\":401}";
    let server = Server::start(move |_, _| Reply::Raw(response(401, "application/json", &[], body))).await;
    let (status, _, _) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!(status, 401);
}

/// matrix: valid ChatPatched sent as text/plain => Ok (content type is not trusted or required)
#[tokio::test]
async fn wrong_content_type_on_success() {
    let server = Server::start(|_, _| Reply::Raw(response(200, "text/plain", &[], PATCHED.as_bytes()))).await;
    run_case(&server, |b| b, mute()).await.result.expect("accepted");
}

/// matrix: valid ChatPatched without Content-Type => Ok
#[tokio::test]
async fn missing_content_type_on_success() {
    let server = Server::start(|_, _| Reply::Raw(response(200, "", &[], PATCHED.as_bytes()))).await;
    run_case(&server, |b| b, mute()).await.result.expect("accepted");
}

/// matrix: gzip-encoded body the client never asked for => UnexpectedResponse (bytes kept)
#[tokio::test]
async fn unsolicited_gzip_body() {
    // gzip of {"object":"ChatPatched"}
    let gz: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56, 0xca, 0x4f, 0xca, 0x4a, 0x4d,
        0x2e, 0x51, 0xb2, 0x52, 0x72, 0xce, 0x48, 0x2c, 0x09, 0x48, 0x2c, 0x49, 0xce, 0x48, 0x4d, 0x51, 0xaa,
        0x05, 0x00,
    ];
    let server = Server::start(move |_, _| {
        Reply::Raw(response(
            200,
            "application/json",
            &[("content-encoding", "gzip")],
            gz,
        ))
    })
    .await;
    let (status, len, _) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!((status, len), (200, gz.len()));
}

/// matrix: deflate-encoded error body => UnexpectedResponse 503 (retryable by status)
#[tokio::test]
async fn unsolicited_deflate_body() {
    let body: &[u8] = &[
        0x78, 0x9c, 0xab, 0x56, 0x2a, 0xa9, 0x2c, 0x48, 0x55, 0xb2, 0x52, 0x02, 0x00,
    ];
    let server = Server::start(move |_, _| {
        Reply::Raw(response(
            503,
            "application/json",
            &[("content-encoding", "deflate")],
            body,
        ))
    })
    .await;
    let err = run_case(&server, |b| b, mute()).await.err();
    assert!(err.is_retryable());
    assert!(matches!(err, Error::UnexpectedResponse { .. }));
}

/// matrix: connection reset in the middle of the body => Transport error
#[tokio::test]
async fn reset_mid_body() {
    let server = Server::start(script(vec![
        w(HEAD_200),
        w(b"content-length: 50\r\n\r\n{\"obj"),
        Step::Sleep(Duration::from_millis(50)),
        Step::Reset,
    ]))
    .await;
    let err = run_case(&server, |b| b, mute()).await.err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

/// matrix: connection closed before any header => Transport error
#[tokio::test]
async fn close_before_headers() {
    let server = Server::start(|_, _| Reply::Close).await;
    let err = run_case(&server, |b| b, mute()).await.err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

/// matrix: reset before any header => Transport error, and retried for idempotent actions
#[tokio::test]
async fn reset_before_headers_is_retried() {
    let server = Server::start(|_, i| {
        if i == 0 {
            Reply::Script(vec![Step::Reset])
        } else {
            json(200, PATCHED)
        }
    })
    .await;
    let out = run_case(
        &server,
        |b| b.retry(RetryPolicy::exponential().base_delay(Duration::from_millis(1))),
        mute(),
    )
    .await;
    out.result.expect("the retry succeeded");
    assert_eq!(server.count(), 2);
}

/// matrix: HTTP/1.0 answer whose body ends when the connection closes => Ok
#[tokio::test]
async fn http10_close_delimited_body() {
    let server = Server::start(|_, _| {
        Reply::RawThenClose(
            format!("HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{PATCHED}").into_bytes(),
        )
    })
    .await;
    run_case(&server, |b| b, mute()).await.result.expect("accepted");
}

/// matrix: 100 Continue, then the 200 => Ok (1xx skipped)
#[tokio::test]
async fn informational_then_ok() {
    let server = Server::start(|_, _| {
        let mut bytes = b"HTTP/1.1 100 Continue\r\n\r\n".to_vec();
        bytes.extend(response(200, "application/json", &[], PATCHED.as_bytes()));
        Reply::Raw(bytes)
    })
    .await;
    run_case(&server, |b| b, mute()).await.result.expect("accepted");
}

/// matrix: same-origin 307 redirect loop => UnexpectedResponse 307 after at most 5 hops
#[tokio::test]
async fn redirect_loop() {
    let server = Server::start(|_, _| {
        Reply::Raw(response(
            307,
            "",
            &[("location", &*format!("{PATH_PREFIX}c"))],
            b"",
        ))
    })
    .await;
    let (status, _, reason) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!(status, 307);
    assert!(reason.contains("not followed"));
    assert!(server.count() <= 6, "{} requests", server.count());
}

/// matrix: 308 to another host => UnexpectedResponse 308; the other host receives nothing
#[tokio::test]
async fn redirect_to_another_host() {
    let other = Server::always(200, PATCHED).await;
    let location = format!("http://localhost:{}{PATH_PREFIX}c", other.port);
    let server =
        Server::start(move |_, _| Reply::Raw(response(308, "", &[("location", location.as_str())], b"")))
            .await;
    let (status, _, _) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!(status, 308);
    assert_eq!(other.count(), 0, "the key was sent to another origin");
}

/// matrix: 307 to the same host over https => UnexpectedResponse 307 (another origin)
#[tokio::test]
async fn redirect_to_another_scheme() {
    let server = Server::start(|req, _| {
        let host = req.header("host").unwrap_or_default().to_string();
        Reply::Raw(response(
            307,
            "",
            &[("location", &format!("https://{host}{PATH_PREFIX}c"))],
            b"",
        ))
    })
    .await;
    let (status, _, _) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!(status, 307);
    assert_eq!(server.count(), 1);
}

/// matrix: 302 on the same origin (would turn PATCH into GET) => UnexpectedResponse 302
#[tokio::test]
async fn method_changing_redirect() {
    let server =
        Server::start(|_, _| Reply::Raw(response(302, "", &[("location", "/elsewhere")], b""))).await;
    assert_eq!(run_case(&server, |b| b, mute()).await.unexpected().0, 302);
    assert_eq!(server.count(), 1);
}

/// matrix: 200 carrying an error envelope => UnexpectedResponse 200 (no `object`)
#[tokio::test]
async fn success_status_with_error_envelope() {
    let server = Server::always(
        200,
        r#"{"title":"x","type":"errors/unexpected_error","status":500}"#,
    )
    .await;
    let (status, _, reason) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!(status, 200);
    assert!(reason.contains("not a ChatPatched"));
}

/// matrix: 200 `{}` => UnexpectedResponse 200
#[tokio::test]
async fn success_without_object() {
    let server = Server::always(200, "{}").await;
    assert_eq!(run_case(&server, |b| b, mute()).await.unexpected().0, 200);
}

/// matrix: 200 with `object` other than ChatPatched => UnexpectedResponse 200
#[tokio::test]
async fn success_with_another_object() {
    let server = Server::always(200, r#"{"object":"ChatDeleted"}"#).await;
    assert_eq!(run_case(&server, |b| b, mute()).await.unexpected().0, 200);
}

/// matrix: getInviteLink answered with an `invite_link` that is not a URL => UnexpectedResponse 200
#[tokio::test]
async fn invite_link_not_a_url() {
    let server = Server::always(
        200,
        r#"{"object":"ChatPatched","invite_link":"chat.whatsapp.com/x y"}"#,
    )
    .await;
    let (_, _, reason) = run_case(&server, |b| b, ChatAction::GetInviteLink)
        .await
        .unexpected();
    assert!(reason.contains("invite_link"));
}

/// matrix: unknown extra fields in a 200 => Ok (forward compatibility)
#[tokio::test]
async fn unknown_fields_are_accepted() {
    let server = Server::always(
        200,
        r#"{"object":"ChatPatched","invite_link":"https://t.me/+a","chat":{"id":1},"x":[null]}"#,
    )
    .await;
    let patched = run_case(&server, |b| b, ChatAction::GetInviteLink)
        .await
        .result
        .expect("accepted");
    assert_eq!(
        patched.invite_link.map(|u| u.to_string()).as_deref(),
        Some("https://t.me/+a")
    );
}

/// matrix: error envelope without `title` => Api error titled with the reason phrase
#[tokio::test]
async fn envelope_without_title() {
    let server = Server::always(403, r#"{"type":"errors/account_restricted","status":403}"#).await;
    let Error::Api(api) = run_case(&server, |b| b, mute()).await.err() else {
        panic!("not Api")
    };
    assert_eq!(api.kind(), &ErrorKind::AccountRestricted);
    assert_eq!(api.title(), "Forbidden");
}

/// matrix: envelope `status` disagreeing with the HTTP status => Api error with the HTTP status; body status kept apart
#[tokio::test]
async fn envelope_status_disagrees() {
    let server = Server::always(503, r#"{"title":"x","type":"errors/no_handler","status":200}"#).await;
    let Error::Api(api) = run_case(&server, |b| b, mute()).await.err() else {
        panic!("not Api")
    };
    assert_eq!(api.status().as_u16(), 503);
    assert_eq!(api.body_status(), Some(200));
    assert!(api.is_retryable());
}

/// matrix: envelope `status` as a float, a string, or out of range => Api error; body status only when a valid integer
#[tokio::test]
async fn envelope_status_of_odd_types() {
    for (status_json, expected) in [
        ("504.0", Some(504)),
        ("\"504\"", None),
        ("1e9", None),
        ("-1", None),
        ("null", None),
    ] {
        let body = format!(r#"{{"title":"t","type":"errors/request_timeout","status":{status_json}}}"#);
        let server = Server::start(move |_, _| json(504, &body)).await;
        let Error::Api(api) = run_case(&server, |b| b, mute()).await.err() else {
            panic!("not Api")
        };
        assert_eq!(api.body_status(), expected, "{status_json}");
    }
}

/// matrix: envelope whose `type` is not a string => UnexpectedResponse
#[tokio::test]
async fn envelope_type_not_a_string() {
    let server = Server::always(500, r#"{"title":"x","type":42,"status":500}"#).await;
    assert_eq!(run_case(&server, |b| b, mute()).await.unexpected().0, 500);
}

/// matrix: unknown error type => Api error with ErrorKind::Unknown(raw) and the status's category
#[tokio::test]
async fn unknown_error_type() {
    let server = Server::always(
        401,
        r#"{"title":"x","type":"errors/brand_new_failure","status":401}"#,
    )
    .await;
    let err = run_case(&server, |b| b, mute()).await.err();
    assert_eq!(
        err.kind(),
        Some(&ErrorKind::Unknown("errors/brand_new_failure".into()))
    );
    assert_eq!(err.category(), Some(postpress::ErrorCategory::Authentication));
}

/// matrix: JSON array as an error body => UnexpectedResponse
#[tokio::test]
async fn error_body_is_an_array() {
    let server = Server::always(404, r#"[{"type":"errors/resource_not_found"}]"#).await;
    assert_eq!(run_case(&server, |b| b, mute()).await.unexpected().0, 404);
}

/// matrix: 204 No Content => UnexpectedResponse 204
#[tokio::test]
async fn no_content() {
    let server = Server::start(|_, _| Reply::Raw(b"HTTP/1.1 204 No Content\r\n\r\n".to_vec())).await;
    let (status, len, reason) = run_case(&server, |b| b, mute()).await.unexpected();
    assert_eq!((status, len), (204, 0));
    assert!(reason.contains("empty"));
}

/// matrix: garbage instead of a status line => Transport error
#[tokio::test]
async fn not_http_at_all() {
    let server = Server::start(|_, _| Reply::RawThenClose(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec())).await;
    assert!(matches!(
        run_case(&server, |b| b, mute()).await.err(),
        Error::Transport(_)
    ));
}

/// matrix: a 1 MB header line => Transport error (hyper's header limit), no unbounded buffering
#[tokio::test]
async fn enormous_header() {
    let server = Server::start(script(vec![
        w(b"HTTP/1.1 200 OK\r\nx-big: "),
        Step::Repeat {
            chunk: vec![b'a'; 8192],
            limit: 1 << 20,
        },
        w(b"\r\ncontent-length: 0\r\n\r\n"),
    ]))
    .await;
    assert!(matches!(
        run_case(&server, |b| b, mute()).await.err(),
        Error::Transport(_)
    ));
}

/// matrix: two different Content-Length headers => Transport error
#[tokio::test]
async fn conflicting_content_lengths() {
    let server = Server::start(|_, _| {
        Reply::RawThenClose(
            format!("HTTP/1.1 200 OK\r\ncontent-length: 24\r\ncontent-length: 5\r\n\r\n{PATCHED}")
                .into_bytes(),
        )
    })
    .await;
    assert!(matches!(
        run_case(&server, |b| b, mute()).await.err(),
        Error::Transport(_)
    ));
}

/// matrix: body shorter than Content-Length, then close => Transport error
#[tokio::test]
async fn truncated_body_then_close() {
    let server = Server::start(|_, _| {
        Reply::RawThenClose(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"object\"".to_vec())
    })
    .await;
    assert!(matches!(
        run_case(&server, |b| b, mute()).await.err(),
        Error::Transport(_)
    ));
}

fn rate_limited(retry_after: &'static str) -> impl Fn(&common::Seen, usize) -> Reply + Send + Sync + 'static {
    move |_, i| {
        if i == 0 {
            json_with(
                429,
                &[("retry-after", retry_after)],
                r#"{"title":"slow down","type":"errors/too_many_requests","status":429}"#,
            )
        } else {
            json(200, PATCHED)
        }
    }
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::exponential()
        .base_delay(Duration::from_millis(20))
        .without_jitter()
}

/// matrix: Retry-After of 10^20 seconds => waited no longer than the policy's cap, and only if it fits the total bound
#[tokio::test]
async fn retry_after_huge() {
    let server = Server::start(rate_limited("100000000000000000000")).await;
    let out = run_case(&server, |b| b.retry(quick_retries()), mute()).await;
    assert!(out.elapsed < Duration::from_secs(2), "waited {:?}", out.elapsed);
    let err = out.err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        server.count(),
        1,
        "a 30 s capped wait does not fit the 30 s bound: give up at once"
    );
}

/// matrix: negative Retry-After => ignored; backoff used; retried
#[tokio::test]
async fn retry_after_negative() {
    let server = Server::start(rate_limited("-5")).await;
    let out = run_case(&server, |b| b.retry(quick_retries()), mute()).await;
    out.result.expect("retried");
    assert_eq!(server.count(), 2);
}

/// matrix: garbage Retry-After => ignored; backoff used; retried
#[tokio::test]
async fn retry_after_garbage() {
    let server = Server::start(rate_limited("soon, maybe")).await;
    let out = run_case(&server, |b| b.retry(quick_retries()), mute()).await;
    assert!(out.elapsed < Duration::from_secs(1));
    out.result.expect("retried");
}

/// matrix: Retry-After HTTP-date in the past => retried at once
#[tokio::test]
async fn retry_after_date_in_the_past() {
    let server = Server::start(rate_limited("Wed, 21 Oct 2015 07:28:00 GMT")).await;
    let out = run_case(&server, |b| b.retry(quick_retries()), mute()).await;
    assert!(out.elapsed < Duration::from_millis(500));
    out.result.expect("retried");
}

/// matrix: Retry-After HTTP-date 1 s ahead => waited for, then retried
#[tokio::test]
async fn retry_after_date_in_the_future() {
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let leaked: &'static str = Box::leak(date.into_boxed_str());
    let server = Server::start(rate_limited(leaked)).await;
    let out = run_case(&server, |b| b.retry(quick_retries()), mute()).await;
    assert!(out.elapsed >= Duration::from_millis(900), "{:?}", out.elapsed);
    out.result.expect("retried");
}

/// matrix: endless 429 storm => gives up after max_retries + 1 attempts, inside the total-time bound
#[tokio::test]
async fn storm_of_429s() {
    let server = Server::start(|_, _| {
        json_with(
            429,
            &[("retry-after", "0")],
            r#"{"title":"x","type":"errors/too_many_requests","status":429}"#,
        )
    })
    .await;
    let policy = quick_retries().max_retries(5).max_elapsed(Duration::from_secs(3));
    let out = run_case(&server, |b| b.retry(policy), mute()).await;
    assert!(out.elapsed < Duration::from_secs(3));
    assert_eq!(out.err().status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.count(), 6);
}

/// matrix: 503 storm with a long backoff => stops when the next wait would pass the total bound
#[tokio::test]
async fn storm_of_503s_against_the_total_bound() {
    let server = Server::always(503, r#"{"title":"x","type":"errors/network_down","status":503}"#).await;
    let policy = RetryPolicy::exponential()
        .max_retries(50)
        .base_delay(Duration::from_millis(200))
        .without_jitter()
        .max_elapsed(Duration::from_millis(1000));
    let out = run_case(&server, |b| b.retry(policy), mute()).await;
    assert!(out.elapsed < Duration::from_millis(1000), "{:?}", out.elapsed);
    assert_eq!(out.err().kind(), Some(&ErrorKind::NetworkDown));
}

/// matrix: an attempt cut short by the total bound => Timeout no later than the bound
#[tokio::test]
async fn slow_retries_are_cut_by_the_total_bound() {
    let server = Server::start(|_, i| {
        if i == 0 {
            json(503, r#"{"title":"x","type":"errors/no_channel","status":503}"#)
        } else {
            Reply::Stall(Duration::from_secs(30))
        }
    })
    .await;
    let policy = quick_retries().max_elapsed(Duration::from_millis(600));
    let out = run_case(
        &server,
        |b| b.retry(policy).timeout(Duration::from_secs(5)),
        mute(),
    )
    .await;
    assert!(out.elapsed < Duration::from_millis(900), "{:?}", out.elapsed);
    assert!(matches!(out.err(), Error::Timeout { .. }));
}

/// matrix: first attempt stalls while the total bound is shorter than the attempt timeout => Timeout at the bound
#[tokio::test]
async fn first_attempt_is_cut_by_the_total_bound() {
    let server = Server::start(|_, _| Reply::Stall(Duration::from_secs(30))).await;
    let policy = quick_retries().max_elapsed(Duration::from_millis(400));
    let out = run_case(
        &server,
        |b| b.retry(policy).timeout(Duration::from_secs(5)),
        mute(),
    )
    .await;
    assert!(out.elapsed < Duration::from_millis(700), "{:?}", out.elapsed);
    assert!(matches!(out.err(), Error::Timeout { .. }));
}

/// matrix: 200 echoing the request headers, key included => UnexpectedResponse with the key replaced by ***
#[tokio::test]
async fn success_body_echoing_the_key() {
    let body = format!(r#"{{"headers":{{"x-api-key":"{KEY}"}}}}"#);
    let server = Server::start(move |_, _| json(200, &body)).await;
    let err = run_case(&server, |b| b, mute()).await.err();
    let Error::UnexpectedResponse { body, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        String::from_utf8_lossy(body).contains(r#""x-api-key":"***""#),
        "{body:?}"
    );
}

/// matrix: error envelope spelling the key with JSON escapes => Api error whose strings show *** instead
#[tokio::test]
async fn envelope_echoing_the_key_with_json_escapes() {
    let escaped: String = KEY.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let body = format!(
        r#"{{"title":"bad {escaped}","detail":"{escaped}","instance":"{escaped}","type":"errors/{escaped}","status":401}}"#
    );
    let server = Server::start(move |_, _| json(401, &body)).await;
    let Error::Api(api) = run_case(&server, |b| b, mute()).await.err() else {
        panic!("not Api")
    };
    assert_eq!(api.title(), "bad ***");
    assert_eq!(api.detail(), Some("***"));
    assert_eq!(api.instance(), Some("***"));
    assert_eq!(api.kind(), &ErrorKind::Unknown("errors/***".into()));
}

/// matrix: 10 MB error body whose 64 KiB cut falls inside an echoed key => the partial key is removed too
#[tokio::test]
async fn key_cut_at_the_body_cap() {
    let cap = postpress::MAX_BODY_BYTES;
    let mut body = vec![b' '; cap - 10];
    body.extend_from_slice(KEY.as_bytes());
    body.resize(cap + 1000, b' ');
    let server = Server::start(move |_, _| Reply::Raw(response(500, "text/plain", &[], &body))).await;
    let err = run_case(&server, |b| b, mute()).await.err();
    let Error::UnexpectedResponse { body, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        body.ends_with(b"***"),
        "the partial key stayed: {:?}",
        &body[body.len() - 20..]
    );
    assert!(!body.windows(10).any(|w| w == &KEY.as_bytes()[..10]));
}

/// matrix: a stray invalid invite_link on an action that is not getInviteLink => Ok (the action was applied)
#[tokio::test]
async fn stray_invite_link_is_ignored() {
    let server = Server::always(200, r#"{"object":"ChatPatched","invite_link":""}"#).await;
    let patched = run_case(&server, |b| b, mute()).await.result.expect("applied");
    assert_eq!(patched.invite_link, None);
}

/// matrix: 503 carrying a type documented under 500 => category Unavailable (the HTTP status wins), retryable
#[tokio::test]
async fn category_follows_the_http_status() {
    let server = Server::always(
        503,
        r#"{"title":"x","type":"errors/unexpected_error","status":503}"#,
    )
    .await;
    let err = run_case(&server, |b| b, mute()).await.err();
    assert_eq!(err.kind(), Some(&ErrorKind::UnexpectedError));
    assert_eq!(err.category(), Some(postpress::ErrorCategory::Unavailable));
    assert!(err.is_retryable());
}

/// matrix: 429 asking for longer than the policy's max_retry_after => ends at once with the 429; retry_after() tells the wait
#[tokio::test]
async fn retry_after_beyond_the_cap_is_not_cut_short() {
    let server = Server::start(rate_limited("120")).await;
    let out = run_case(&server, |b| b.retry(quick_retries()), mute()).await;
    assert!(out.elapsed < Duration::from_millis(500));
    let err = out.err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(server.count(), 1);
}
