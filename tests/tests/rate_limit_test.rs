//! Rate limits end to end: the mock's per-key token bucket, the client's
//! own limiter, the bulk gate that absorbs 429s, and bulk input pulled
//! lazily from a stream.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use postpress::{ChatAction, Client, ErrorCategory};
use postpress_mock::MockServer;

const KEY: &str = "rate-key";

async fn mock(chats: usize, rate_limit: u32) -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .api_key("other-key")
        .rate_limit(rate_limit)
        .group_chats("c", chats)
        .start()
        .await
        .expect("mock starts")
}

fn client(server: &MockServer, key: &str) -> postpress::ClientBuilder {
    Client::builder().api_key(key).base_url(server.base_url())
}

fn answered_429(server: &MockServer) -> usize {
    server.requests().iter().filter(|r| r.status == 429).count()
}

#[tokio::test]
async fn the_mock_limits_each_key_with_a_token_bucket() {
    let server = mock(1, 10).await;
    let c = client(&server, KEY).build().expect("client");
    let mut limited = Vec::new();
    for _ in 0..15 {
        if let Err(e) = c.chat("c0").mark_read().await {
            limited.push(e);
        }
    }
    // A burst of one second's worth (10), then 429 with Retry-After.
    assert_eq!(limited.len(), 5, "{limited:?}");
    for e in &limited {
        assert_eq!(e.category(), Some(ErrorCategory::RateLimited));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(1)));
        assert!(e.provably_not_processed());
    }
    // Another key has its own bucket.
    let other = client(&server, "other-key").build().expect("client");
    other
        .chat("c0")
        .mark_read()
        .await
        .expect("another key is not limited");
}

#[tokio::test]
async fn a_client_at_the_limit_never_meets_it() {
    let server = mock(40, 20).await;
    let c = client(&server, KEY).rate_limit(20).build().expect("client");
    let start = Instant::now();
    let items = (0..40).map(|i| (format!("c{i}"), ChatAction::SetReadStatus(true)));
    let results: Vec<_> = c.perform_many(items, 8).collect().await;
    let elapsed = start.elapsed();
    assert!(results.iter().all(|r| r.result.is_ok() && r.rate_limited == 0));
    assert_eq!(answered_429(&server), 0, "the client stayed under the limit");
    // 40 requests spaced 50 ms apart: the last starts 1.95 s after the first.
    assert!(elapsed >= Duration::from_millis(1900), "{elapsed:?}");
}

#[tokio::test]
async fn bulk_absorbs_429s_and_counts_them() {
    let server = mock(60, 20).await;
    let c = client(&server, KEY).build().expect("client");
    let items = (0..60).map(|i| (format!("c{i}"), ChatAction::SetMuteStatus(true)));
    let results: Vec<_> = c.perform_many(items, 16).collect().await;
    for r in &results {
        assert!(r.result.is_ok(), "{}: {:?}", r.chat_id, r.result);
    }
    let waited: u32 = results.iter().map(|r| r.rate_limited).sum();
    let seen = answered_429(&server);
    assert!(seen > 0, "60 requests at once against a limit of 20/s meet it");
    assert_eq!(
        waited as usize, seen,
        "every 429 the server sent was waited out and counted"
    );
    assert!(server.chats().iter().all(|c| c.flag("muted")));
}

#[tokio::test]
async fn a_stream_of_items_is_pulled_lazily() {
    let server = mock(1, 0).await;
    let c = client(&server, KEY).build().expect("client");
    let pulled = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let most_ahead = Arc::new(AtomicUsize::new(0));
    const N: usize = 2_000;
    const CONCURRENCY: usize = 8;
    let items = futures::stream::iter(0..N).map({
        let (pulled, done, most_ahead) = (pulled.clone(), done.clone(), most_ahead.clone());
        move |_| {
            let ahead = pulled.fetch_add(1, Ordering::SeqCst) + 1 - done.load(Ordering::SeqCst);
            most_ahead.fetch_max(ahead, Ordering::SeqCst);
            ("c0".to_string(), ChatAction::SetPinnedStatus(true))
        }
    });
    let mut results = c.perform_stream(items, CONCURRENCY);
    let mut ok = 0;
    while let Some(item) = results.next().await {
        done.fetch_add(1, Ordering::SeqCst);
        ok += usize::from(item.result.is_ok());
    }
    assert_eq!(ok, N);
    assert_eq!(pulled.load(Ordering::SeqCst), N);
    // Never more than the workers plus the one being handed over.
    let ahead = most_ahead.load(Ordering::SeqCst);
    assert!(
        ahead <= CONCURRENCY + 1,
        "the stream was read {ahead} items ahead"
    );
}

#[tokio::test]
async fn a_zero_rate_limit_is_refused() {
    let err = Client::builder()
        .api_key(KEY)
        .rate_limit(0)
        .build()
        .expect_err("0/s");
    assert!(matches!(
        err,
        postpress::Error::Config(postpress::ConfigError::ZeroRateLimit)
    ));
}
