//! The request log keeps the newest `log_limit` entries; the totals count
//! every request, so a long run's memory stays flat.

mod common;

use postpress_mock::{MockServer, Stats};

const KEY: &str = "log-limit-key";

async fn send(server: &MockServer, n: usize) {
    for _ in 0..n {
        let status = common::patch(
            server,
            KEY,
            "wa-chat-1",
            r#"{"action":"setReadStatus","value":true}"#,
        )
        .await;
        assert_eq!(status, 200);
    }
}

async fn json(server: &MockServer, path: &str) -> serde_json::Value {
    reqwest::get(format!("{}{path}", server.base_url()))
        .await
        .expect("answer")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn the_log_keeps_the_newest_and_the_totals_count_all() {
    let server = MockServer::builder()
        .api_key(KEY)
        .demo()
        .log_limit(10)
        .start()
        .await
        .expect("mock");
    send(&server, 25).await;
    let seqs: Vec<u64> = server.requests().iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (16..=25).collect::<Vec<_>>());
    let stats: Stats = server.stats();
    assert_eq!((stats.requests, stats.logged, stats.log_limit), (25, 10, 10));
    assert_eq!(stats.by_status.get(&200), Some(&25));
    let page = json(&server, "/__mock/requests?since=20").await;
    let since: Vec<u64> = page
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(since, vec![21, 22, 23, 24, 25]);
    // A `since` older than the log: everything it still holds.
    let old = json(&server, "/__mock/requests?since=3&limit=4").await;
    let old: Vec<u64> = old
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(old, vec![22, 23, 24, 25]);
    let totals = json(&server, "/__mock/stats").await;
    assert_eq!(totals["requests"], 25);
    assert_eq!(totals["logged"], 10);
}

#[tokio::test]
async fn a_zero_limit_logs_nothing_and_still_counts() {
    let server = MockServer::builder()
        .api_key(KEY)
        .demo()
        .log_limit(0)
        .start()
        .await
        .expect("mock");
    send(&server, 5).await;
    assert!(server.requests().is_empty());
    assert_eq!(server.stats().requests, 5);
    assert_eq!(server.chat("wa-chat-1").map(|c| c.flag("read")), Some(true));
}

#[tokio::test]
async fn the_default_keeps_ten_thousand() {
    let server = MockServer::builder().api_key(KEY).start().await.expect("mock");
    assert_eq!(server.stats().log_limit, postpress_mock::DEFAULT_LOG_LIMIT);
    assert_eq!(postpress_mock::DEFAULT_LOG_LIMIT, 10_000);
}
