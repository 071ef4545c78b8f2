//! The rate limit shared through a real `redis-server` (started here on a
//! free loopback port): pacing across clients, the shared 429 pause, keys
//! that never hold the API key, `NOSCRIPT` after a restart, and local
//! pacing while Redis is gone. Skipped (with a message) on a machine without
//! `redis-server`, failed under `CI=true`.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use postpress::{ChatAction, Client};
use postpress_jobs::{SharedLimit, SharedLimitError, SharedStatus};
use postpress_mock::{Fault, FaultKind, MockServer};
use postpress_testkit::redis_server::RedisServer;

const KEY: &str = "shared-limit-test-key-7f3a9c";

async fn mock(chats: usize) -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .group_chats("c-", chats)
        .start()
        .await
        .expect("mock starts")
}

fn rate(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("non-zero")
}

async fn client(server: &MockServer, limit: SharedLimit) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .pacer(limit.pacer(KEY, &server.base_url()))
        .build()
        .expect("client")
}

/// A client of `server` paced by a limit of `per_second` shared through
/// `redis`, on a connection of its own (as another process would be).
async fn shared_client(server: &MockServer, redis: &RedisServer, per_second: u32) -> Client {
    let limit = SharedLimit::connect(&redis.url(), rate(per_second))
        .await
        .expect("connects");
    client(server, limit).await
}

/// Two clients (two "processes", each with its own connection) share 50/s:
/// 60 requests between them take at least 59 intervals of 20 ms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_share_one_rate() {
    let Some(redis) = RedisServer::start() else { return };
    let server = mock(60).await;
    let a = shared_client(&server, &redis, 50).await;
    let b = shared_client(&server, &redis, 50).await;
    let before = redis.command_calls("evalsha");
    let start = Instant::now();
    let items = |from: usize| (from..from + 30).map(|i| (format!("c-{i}"), ChatAction::SetReadStatus(true)));
    let (ra, rb) = tokio::join!(
        a.perform_many(items(0), 8).collect::<Vec<_>>(),
        b.perform_many(items(30), 8).collect::<Vec<_>>()
    );
    let elapsed = start.elapsed();
    assert!(ra.iter().chain(&rb).all(|i| i.result.is_ok()));
    assert!(
        elapsed >= Duration::from_millis(59 * 20 - 30),
        "60 requests at 50/s shared took {elapsed:?}"
    );
    // One script call per request.
    assert_eq!(redis.command_calls("evalsha") - before, 60);

    // The keys name a hash, never the key or the URL.
    let keys = redis.command(&["KEYS", "*"]).expect("KEYS");
    let keys: Vec<&str> = keys.lines().collect();
    assert_eq!(keys.len(), 1, "{keys:?}"); // the pause key exists only after a 429
    for k in &keys {
        assert!(!k.contains(KEY) && !k.contains("127.0.0.1"), "{k}");
        let hash = k
            .strip_prefix("postpress:{")
            .and_then(|r| r.strip_suffix("}:tat"))
            .unwrap_or_else(|| panic!("unexpected key {k}"));
        assert_eq!(hash.len(), 40);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    // It expires once idle: an integer PX TTL within a second and a bit.
    let ttl: i64 = redis
        .command(&["PTTL", keys[0]])
        .expect("PTTL")
        .parse()
        .expect("integer");
    assert!((0..=1_100).contains(&ttl), "{ttl}");

    // Another API key is not paced by this one's limit (its own keys).
    let other = Client::builder()
        .api_key("another-key-0000")
        .base_url(server.base_url())
        .pacer(
            SharedLimit::connect(&redis.url(), rate(50))
                .await
                .expect("connects")
                .pacer("another-key-0000", &server.base_url()),
        )
        .build()
        .expect("client");
    let _ = other.perform("c-0", ChatAction::SetReadStatus(true)).await;
    assert_eq!(redis.command(&["KEYS", "*"]).expect("KEYS").lines().count(), 2);
}

/// A 429 seen by one client pauses the other, which never saw one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_in_one_client_pauses_the_other() {
    let Some(redis) = RedisServer::start() else { return };
    let server = mock(4).await;
    let a = shared_client(&server, &redis, 100).await;
    let b = shared_client(&server, &redis, 100).await;
    let mut fault = Fault::new(FaultKind::RateLimited { retry_after: 1 });
    fault.times = Some(1);
    fault.chat_id = Some("c-0".into());
    server.inject(fault);
    let start = Instant::now();
    let done: Vec<_> = a
        .perform_many([("c-0", ChatAction::SetReadStatus(true))], 1)
        .collect()
        .await;
    assert!(done[0].result.is_ok(), "{:?}", done[0].result);
    assert_eq!(done[0].rate_limited, 1);
    // b's first request waits for the rest of the second a's 429 asked.
    b.perform("c-1", ChatAction::SetReadStatus(true))
        .await
        .expect("ok");
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "b went ahead after {:?}",
        start.elapsed()
    );
    assert_eq!(server.stats().too_many_requests, 1);
}

/// After a restart Redis has no scripts: the next call reloads it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_is_reloaded_after_script_flush() {
    let Some(redis) = RedisServer::start() else { return };
    let server = mock(2).await;
    let a = shared_client(&server, &redis, 100).await;
    a.perform("c-0", ChatAction::SetReadStatus(true))
        .await
        .expect("ok");
    redis.command(&["SCRIPT", "FLUSH"]).expect("flush");
    // Redis 7 counts `script|load`, Redis 6 every `script` subcommand.
    let loads = || redis.command_calls("script|load") + redis.command_calls("script");
    let before = loads();
    a.perform("c-1", ChatAction::SetReadStatus(true))
        .await
        .expect("ok");
    assert_eq!(loads(), before + 1, "reloaded once");
}

/// Redis killed mid-run: one "lost", local pacing (never unpaced, never a
/// hang), then "restored" once it is back, and shared pacing again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_lost_then_back() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let server = mock(200).await;
    let events: Arc<Mutex<Vec<SharedStatus>>> = Arc::default();
    let seen = events.clone();
    let limit = SharedLimit::connect(&redis.url(), rate(100))
        .await
        .expect("connects")
        .local_share(rate(2))
        .timeout(Duration::from_millis(200))
        .on_status(move |s| seen.lock().expect("lock").push(s));
    let a = client(&server, limit).await;
    for i in 0..5 {
        a.perform(&format!("c-{i}"), ChatAction::SetReadStatus(true))
            .await
            .expect("ok");
    }
    redis.kill();
    // Local pacing at 100 / 2 = 50/s: 40 requests take at least 39 × 20 ms.
    let start = Instant::now();
    let items = (5..45).map(|i| (format!("c-{i}"), ChatAction::SetReadStatus(true)));
    let results: Vec<_> = a.perform_many(items, 8).collect().await;
    let elapsed = start.elapsed();
    assert!(results.iter().all(|r| r.result.is_ok()));
    assert!(
        elapsed >= Duration::from_millis(39 * 20 - 30),
        "unpaced: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(5), "hung: {elapsed:?}");
    {
        let ev = events.lock().expect("lock");
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert!(
            matches!(&ev[0], SharedStatus::Lost { local_rate: 50, .. }),
            "{ev:?}"
        );
    }
    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    while events.lock().expect("lock").len() < 2 {
        assert!(Instant::now() < deadline, "never restored");
        a.perform("c-0", ChatAction::SetReadStatus(true))
            .await
            .expect("ok");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(events.lock().expect("lock")[1], SharedStatus::Restored);
    let before = redis.command_calls("evalsha");
    a.perform("c-1", ChatAction::SetReadStatus(true))
        .await
        .expect("ok");
    assert!(redis.command_calls("evalsha") > before, "shared again");
}

/// Nothing listens: a clear error, quickly, with no password in it.
#[tokio::test]
async fn unreachable_redis_is_an_error_at_connect() {
    let port = postpress_testkit::free_port();
    let url = format!("redis://:hunter2secret@127.0.0.1:{port}/");
    let start = Instant::now();
    let err = SharedLimit::connect(&url, rate(10))
        .await
        .expect_err("nothing listens");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
    assert!(matches!(err, SharedLimitError::Unreachable { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("hunter2secret"), "{text}");
    assert!(text.contains(&port.to_string()), "{text}");
    let err = SharedLimit::connect("http://example/", rate(10))
        .await
        .expect_err("not redis");
    assert!(matches!(err, SharedLimitError::InvalidUrl { .. }), "{err:?}");
}

/// A Redis that accepts the connection and never answers (a stalled
/// server) is not waited on past the timeout.
#[tokio::test]
async fn a_silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let start = Instant::now();
    let err = SharedLimit::connect(&format!("redis://127.0.0.1:{port}/"), rate(10))
        .await
        .expect_err("silent");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
    assert!(matches!(err, SharedLimitError::Unreachable { .. }), "{err:?}");
}

/// A clock that jumped back (a failover to a host whose clock is behind)
/// leaves the next slot an hour ahead: it is started afresh, not waited for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_far_ahead_is_a_clock_jump_not_a_wait() {
    let Some(redis) = RedisServer::start() else { return };
    let server = mock(2).await;
    let a = shared_client(&server, &redis, 10).await;
    a.perform("c-0", ChatAction::SetReadStatus(true))
        .await
        .expect("ok");
    let keys = redis.command(&["KEYS", "*:tat"]).expect("KEYS");
    let key = keys.lines().next().expect("the slot key");
    let now_us: u64 = {
        let t = redis.command(&["TIME"]).expect("TIME");
        let mut parts = t.lines().map(|p| p.parse::<u64>().expect("integer"));
        parts.next().expect("secs") * 1_000_000 + parts.next().expect("micros")
    };
    let ahead = (now_us + 3_600 * 1_000_000).to_string();
    redis.command(&["SET", key, &ahead, "PX", "60000"]).expect("SET");
    let start = Instant::now();
    tokio::time::timeout(
        Duration::from_secs(5),
        a.perform("c-1", ChatAction::SetReadStatus(true)),
    )
    .await
    .expect("not an hour")
    .expect("ok");
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
}
