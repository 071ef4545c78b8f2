//! The client in headless Chromium, against `postpress-mock --cors` (its
//! base URL from `POSTPRESS_WASM_MOCK_URL` at build time, its key the
//! mock's default, its chats the demo seed): an action, an invite link, a
//! typed 501 and 404, a stalled request that times out, and a 503 retried
//! on the browser's timers.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use postpress::{Client, Error, ErrorKind, RetryPolicy};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: Option<&str> = option_env!("POSTPRESS_WASM_MOCK_URL");
const KEY: &str = "mock-api-key";

fn mock() -> &'static str {
    MOCK.expect("build with POSTPRESS_WASM_MOCK_URL set to a running postpress-mock --cors (see .ci/wasm.sh)")
}

fn client() -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(mock())
        .build()
        .expect("client")
}

/// Injects a fault through the mock's control endpoint.
async fn inject(fault: serde_json::Value) {
    let answer = reqwest::Client::new()
        .post(format!("{}/__mock/faults", mock()))
        .header("content-type", "application/json")
        .body(fault.to_string())
        .send()
        .await
        .expect("fault injected");
    assert!(answer.status().is_success(), "{}", answer.status());
}

#[wasm_bindgen_test]
async fn an_action_succeeds() {
    client()
        .chat("wa-group-1")
        .mark_read()
        .await
        .expect("marked read");
}

#[wasm_bindgen_test]
async fn an_invite_link_comes_back() {
    let link = client()
        .chat("tg-group-1")
        .get_invite_link()
        .await
        .expect("invite link");
    assert_eq!(link.scheme(), "https");
}

#[wasm_bindgen_test]
async fn archive_on_a_linkedin_chat_is_a_typed_501() {
    let err = client()
        .chat("li-chat-1")
        .archive()
        .await
        .expect_err("not supported");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(501), "{err}");
    assert_eq!(err.kind(), Some(&ErrorKind::FeatureNotImplemented), "{err}");
}

#[wasm_bindgen_test]
async fn an_unknown_chat_is_a_404() {
    let err = client().chat("no-such-chat").mute().await.expect_err("unknown");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    assert_eq!(err.kind(), Some(&ErrorKind::ResourceNotFound), "{err}");
}

#[wasm_bindgen_test]
async fn a_stalled_request_times_out() {
    inject(serde_json::json!({"kind": "latency", "ms": 5000, "times": 1, "chat_id": "wa-chat-1"})).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(mock())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let err = client.chat("wa-chat-1").pin().await.expect_err("stalled");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[wasm_bindgen_test]
async fn a_503_is_retried_on_the_browsers_timers() {
    inject(serde_json::json!({"kind": "unavailable", "retry_after": 0, "times": 1, "chat_id": "wa-group-1"}))
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(mock())
        .retry(RetryPolicy::exponential().base_delay(Duration::from_millis(50)))
        .rate_limit(20)
        .build()
        .expect("client");
    client
        .chat("wa-group-1")
        .mute()
        .await
        .expect("muted after a retry");
}
