//! The user's reqwest-middleware stack (feature `middleware`): every
//! attempt goes through it, retries included; the server sees what it
//! adds and the key; a failing middleware is a typed, unretried error.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use postpress::reqwest_middleware::{self, ClientBuilder as Stack, Next};
use postpress::{Error, RetryPolicy};
use postpress_mock::{Fault, MockServer};

type Answer<'a> = Pin<Box<dyn Future<Output = reqwest_middleware::Result<reqwest::Response>> + Send + 'a>>;

/// How many requests `tag::<I>` saw: one counter per test, as tests run
/// at once.
static TAGGED: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];

/// Adds `x-request-id: mw-7` and counts what it sees.
fn tag<'a, const I: usize>(
    mut req: reqwest::Request,
    ext: &'a mut http::Extensions,
    next: Next<'a>,
) -> Answer<'a> {
    TAGGED[I].fetch_add(1, Ordering::SeqCst);
    req.headers_mut()
        .insert("x-request-id", reqwest::header::HeaderValue::from_static("mw-7"));
    Box::pin(next.run(req, ext))
}

static FAILED: AtomicUsize = AtomicUsize::new(0);

/// Fails every request before it is sent.
fn refuse<'a>(_req: reqwest::Request, _ext: &'a mut http::Extensions, _next: Next<'a>) -> Answer<'a> {
    FAILED.fetch_add(1, Ordering::SeqCst);
    Box::pin(async {
        Err(reqwest_middleware::Error::middleware(std::io::Error::other(
            "vault sealed",
        )))
    })
}

fn inner() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Against the mock: a 503 once, a client retrying it; the middleware sees
/// both attempts, the mock acts once and saw the key each time.
#[tokio::test]
async fn each_attempt_goes_through_the_stack() {
    let server = MockServer::builder()
        .api_key(KEY)
        .group_chats("g-", 1)
        .start()
        .await
        .expect("mock");
    server.inject(Fault::unavailable(Duration::from_millis(10)).times(1));
    let client = postpress::Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry(
            RetryPolicy::exponential()
                .base_delay(Duration::from_millis(5))
                .without_jitter(),
        )
        .http_client_with_middleware(Stack::new(inner()).with(tag::<0>).build())
        .build()
        .expect("client");
    let before = TAGGED[0].load(Ordering::SeqCst);
    client.chat("g-0").mute().await.expect("muted after a retry");
    assert_eq!(
        TAGGED[0].load(Ordering::SeqCst) - before,
        2,
        "the middleware saw each attempt"
    );
    let log = server.requests();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|r| r.had_api_key));
    assert_eq!(log[0].status, 503);
    assert_eq!(log[1].status, 200);
    // perform goes the same way.
    client
        .perform("g-0", postpress::ChatAction::SetPinnedStatus(true))
        .await
        .expect("pinned");
    assert_eq!(TAGGED[0].load(Ordering::SeqCst) - before, 3);
}

/// The server sees the middleware's header and the key (the raw test
/// server records headers).
#[tokio::test]
async fn the_server_sees_the_middlewares_header_and_the_key() {
    let server = Server::always(200, postpress_api::SUCCESS_BODY).await;
    let client = server
        .client()
        .http_client_with_middleware(Stack::new(inner()).with(tag::<1>).build())
        .build()
        .expect("client");
    client.chat("c1").mark_read().await.expect("ok");
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-request-id"), Some("mw-7"));
    assert_eq!(seen.header(postpress_api::API_KEY_HEADER), Some(KEY));
    assert_eq!(seen.header("content-type"), Some("application/json"));
}

/// A middleware that fails: a typed transport error, not retried, nothing
/// sent, and no key in it.
#[tokio::test]
async fn a_failing_middleware_is_typed_and_not_retried() {
    let server = Server::always(200, postpress_api::SUCCESS_BODY).await;
    let client = server
        .client()
        .retry(RetryPolicy::exponential().max_retries(3))
        .http_client_with_middleware(Stack::new(inner()).with(refuse).build())
        .build()
        .expect("client");
    let before = FAILED.load(Ordering::SeqCst);
    let err = client.chat("c1").archive().await.expect_err("refused");
    match &err {
        Error::Transport(t) => assert!(t.is_middleware(), "{t}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.to_string().contains("vault sealed"), "{err}");
    assert!(!format!("{err:?}{err}").contains(KEY));
    assert_eq!(FAILED.load(Ordering::SeqCst) - before, 1, "not retried");
    assert_eq!(server.count(), 0, "nothing sent");
}

/// reqwest-tracing's middleware, a well-kept one of the ecosystem, in the
/// stack: the call works, and its span is recorded beside ours.
#[tokio::test]
async fn reqwest_tracing_in_the_stack() {
    let server = MockServer::builder()
        .api_key(KEY)
        .group_chats("g-", 1)
        .start()
        .await
        .expect("mock");
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let stack = Stack::new(inner())
        .with(reqwest_tracing::TracingMiddleware::default())
        .build();
    let client = postpress::Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .http_client_with_middleware(stack)
        .build()
        .expect("client");
    let link = client.chat("g-0").get_invite_link().await.expect("invite link");
    assert_eq!(link.scheme(), "https");
    let out = capture.contents();
    assert!(out.contains("postpress.perform"), "{out}");
    assert!(out.contains("HTTP request"), "reqwest-tracing's span: {out}");
    assert!(!out.contains(KEY), "{out}");
}
