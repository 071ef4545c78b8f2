//! Options of one call (`ActionCall`): `.timeout`, `.header`, `.retry`,
//! refusals before anything is sent, the same on `perform`, and the
//! blocking client's `with_options`.

mod common;

use std::time::{Duration, Instant};

use common::*;
use postpress::{CallOptions, ChatAction, Error, RetryPolicy};

/// A stalled server: the call's `.timeout(300 ms)` ends it while the
/// client's own timeout is 30 s.
#[tokio::test]
async fn the_calls_timeout_beats_a_stalled_server() {
    let server = Server::start(|_, _| Reply::Stall(Duration::from_secs(20))).await;
    let client = server
        .client()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client
        .chat("c1")
        .mute()
        .timeout(Duration::from_millis(300))
        .await
        .expect_err("stalled");
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    // perform, the same.
    let start = Instant::now();
    let err = client
        .perform("c1", ChatAction::SetMuteStatus(true))
        .timeout(Duration::from_millis(300))
        .await
        .expect_err("stalled");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

/// `.header` reaches the server, on every attempt; the client's own
/// headers are still there.
#[tokio::test]
async fn the_calls_header_reaches_the_server() {
    let server = Server::always(200, postpress_api::SUCCESS_BODY).await;
    let client = server.client().build().expect("client");
    client
        .chat("c1")
        .archive()
        .header("x-request-id", "req-42")
        .header("x-tenant", "acme")
        .header("x-tenant", "acme-eu")
        .header("user-agent", "my-service/2.1")
        .await
        .expect("ok");
    client
        .perform("c2", ChatAction::SetPinnedStatus(true))
        .header("x-request-id", "req-43")
        .await
        .expect("ok");
    client.chat("c3").mark_read().await.expect("ok");
    let seen = server.requests();
    assert_eq!(seen[0].header("x-request-id"), Some("req-42"));
    assert_eq!(
        seen[0].header_values("x-tenant"),
        ["acme", "acme-eu"],
        "repeats are all sent"
    );
    assert_eq!(
        seen[0].header_values("user-agent"),
        ["my-service/2.1"],
        "the call's User-Agent replaces the client's"
    );
    assert!(
        seen[1]
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("postpress")),
        "{:?}",
        seen[1].header("user-agent")
    );
    assert_eq!(seen[0].header(postpress_api::API_KEY_HEADER), Some(KEY));
    assert_eq!(seen[1].header("x-request-id"), Some("req-43"));
    assert_eq!(seen[2].header("x-request-id"), None, "options belong to one call");
}

/// `.retry` retries a 503 on a client without retries; without it, the
/// same client does not.
#[tokio::test]
async fn the_calls_retry_policy_retries_a_503() {
    let server = Server::start(|_, n| {
        if n % 2 == 0 {
            json(503, &envelope(503, "errors/service_unavailable"))
        } else {
            json(200, postpress_api::SUCCESS_BODY)
        }
    })
    .await;
    let client = server
        .client()
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let policy = RetryPolicy::exponential()
        .base_delay(Duration::from_millis(5))
        .without_jitter();
    client
        .chat("c1")
        .mute()
        .retry(policy.clone())
        .await
        .expect("retried");
    assert_eq!(server.count(), 2);
    client
        .perform("c1", ChatAction::SetMuteStatus(true))
        .retry(policy)
        .await
        .expect("retried");
    assert_eq!(server.count(), 4);
    let err = client.chat("c1").mute().await.expect_err("no retry");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.count(), 5);
}

/// Headers the client owns, and names or values a header cannot carry,
/// are refused with nothing sent; the key never shows.
#[tokio::test]
async fn owned_and_invalid_headers_are_refused_before_sending() {
    let server = Server::always(200, postpress_api::SUCCESS_BODY).await;
    let client = server.client().build().expect("client");
    for (name, value) in [
        ("x-api-key", "other-key"),
        ("X-API-KEY", "other-key"),
        ("content-type", "text/plain"),
        ("host", "evil.example"),
        ("content-length", "1"),
        ("bad name", "v"),
        ("x-ok", "line\nbreak"),
    ] {
        let err = client
            .chat("c1")
            .mute()
            .header(name, value)
            .await
            .expect_err("refused");
        assert!(
            matches!(err, Error::InvalidInput { field: "header", .. }),
            "{name}: {err:?}"
        );
        let err = client
            .perform("c1", ChatAction::SetMuteStatus(true))
            .header(name, value)
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::InvalidInput { .. }), "{name}: {err:?}");
        assert!(!format!("{err:?}{err}").contains(KEY));
    }
    let err = client
        .chat("c1")
        .mute()
        .timeout(Duration::ZERO)
        .await
        .expect_err("zero timeout");
    assert!(
        matches!(err, Error::InvalidInput { field: "timeout", .. }),
        "{err:?}"
    );
    assert_eq!(server.count(), 0, "nothing sent");
    // A refused value of the action itself: also at await, nothing sent.
    let err = client
        .chat("c1")
        .add_participant("")
        .timeout(Duration::from_secs(1))
        .await
        .expect_err("empty provider id");
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert_eq!(server.count(), 0);
    // A header value never shows in Debug output.
    let options = CallOptions::new().header("x-secret", "hunter2-token");
    assert!(!format!("{options:?}").contains("hunter2"), "{options:?}");
}

/// The blocking client: options on the handle, each call carries them.
#[test]
fn the_blocking_client_takes_options_on_the_handle() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(Server::always(200, postpress_api::SUCCESS_BODY));
    let client = postpress::blocking::Client::builder()
        .api_key(KEY)
        .base_url(&server.base)
        .build()
        .expect("client");
    let chat = client
        .chat("c1")
        .with_options(CallOptions::new().header("x-request-id", "blk-1"));
    chat.mute().expect("ok");
    chat.invite_link().expect_err("no link in the plain success body");
    let refused = client
        .chat("c1")
        .with_options(CallOptions::new().header("x-api-key", "k2"))
        .mute()
        .expect_err("refused");
    assert!(matches!(refused, Error::InvalidInput { .. }), "{refused:?}");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.header("x-request-id") == Some("blk-1")));
}
