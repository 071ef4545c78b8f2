//! The control endpoints the inspector page lives on: versions and
//! `ETag`s, `?since=`/`?limit=`, totals, the fault schema, key redaction.

mod common;

use postpress_mock::{CONTROL_ENDPOINTS, Fault, MockServer};
use serde_json::{Value, json};

const KEY: &str = "control-test-key";

async fn start() -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .demo()
        .rate_limit(7)
        .start()
        .await
        .expect("mock starts")
}

async fn patch(server: &MockServer, chat: &str, body: &str) -> u16 {
    common::patch(server, KEY, chat, body).await
}

async fn get(server: &MockServer, path: &str) -> Value {
    let response = reqwest::get(format!("{}{path}", server.base_url()))
        .await
        .expect("answer");
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.json().await.expect("json")
}

#[tokio::test]
async fn stats_carry_the_version_as_etag_and_an_unchanged_mock_answers_304() {
    let server = start().await;
    let http = reqwest::Client::new();
    let stats_url = format!("{}/__mock/stats", server.base_url());
    let first = http.get(&stats_url).send().await.expect("stats");
    let etag = first.headers()["etag"].to_str().expect("ascii").to_string();
    let stats: Value = first.json().await.expect("json");
    assert_eq!(etag, format!("\"{}\"", stats["version"]));
    assert_eq!(stats["rate_limit"], 7);
    assert_eq!(stats["requests"], 0);
    assert_eq!(stats["chats"], MockServer::demo_chats().len());

    // Nothing changed: 304, no body, same tag; for every versioned list.
    for path in [
        "/__mock/stats",
        "/__mock/chats",
        "/__mock/requests",
        "/__mock/faults",
    ] {
        let again = http
            .get(format!("{}{path}", server.base_url()))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("answer");
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert_eq!(again.headers()["etag"], etag.as_str());
        assert!(again.bytes().await.expect("body").is_empty());
    }

    // Each kind of change moves the version.
    let mut last = stats["version"].as_u64().expect("version");
    let mut moved = |stats: &Value, what: &str| {
        let now = stats["version"].as_u64().expect("version");
        assert!(now > last, "{what} did not move the version");
        last = now;
    };
    assert_eq!(
        patch(
            &server,
            "wa-group-1",
            r#"{"action":"setMuteStatus","value":true}"#
        )
        .await,
        200
    );
    moved(&get(&server, "/__mock/stats").await, "a request");
    server.inject(Fault::error("errors/no_channel"));
    moved(&get(&server, "/__mock/stats").await, "a fault injected from Rust");
    server.clear_faults();
    moved(&get(&server, "/__mock/stats").await, "faults cleared");
    server.insert_chat(postpress_mock::ChatState::new(
        "new-chat",
        postpress_mock::Provider::Telegram,
        postpress_mock::ChatKind::Group,
    ));
    let stats = get(&server, "/__mock/stats").await;
    moved(&stats, "a chat inserted");
    assert_eq!(stats["chats"], MockServer::demo_chats().len() + 1);

    let stale = http
        .get(&stats_url)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("answer");
    assert_eq!(stale.status().as_u16(), 200);
}

#[tokio::test]
async fn since_and_limit_return_only_what_changed() {
    let server = start().await;
    let v0 = get(&server, "/__mock/stats").await["version"].clone();
    assert_eq!(
        get(&server, &format!("/__mock/chats?since={v0}")).await,
        json!([])
    );
    assert_eq!(
        get(&server, "/__mock/chats?limit=2")
            .await
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    for value in ["true", "false", "true"] {
        let body = format!(r#"{{"action":"setPinnedStatus","value":{value}}}"#);
        assert_eq!(patch(&server, "wa-group-1", &body).await, 200);
    }
    assert_eq!(
        patch(&server, "nope", r#"{"action":"setPinnedStatus","value":true}"#).await,
        404
    );
    let changed = get(&server, &format!("/__mock/chats?since={v0}")).await;
    assert_eq!(changed.as_array().map(Vec::len), Some(1), "{changed}");
    assert_eq!(changed[0]["id"], "wa-group-1");
    assert_eq!(changed[0]["pinned"], true);

    let log = get(&server, "/__mock/requests").await;
    let seqs: Vec<u64> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|r| r["seq"].as_u64())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    let after_two = get(&server, "/__mock/requests?since=2").await;
    assert_eq!(after_two[0]["seq"], 3);
    assert_eq!(after_two.as_array().map(Vec::len), Some(2));
    let newest = get(&server, "/__mock/requests?limit=1").await;
    assert_eq!(newest[0]["seq"], 4);
    assert_eq!(newest[0]["error_type"], "errors/resource_not_found");
    assert!(newest[0]["detail"].as_str().is_some_and(|d| d.contains("nope")));
    assert_eq!(get(&server, "/__mock/requests?since=4").await, json!([]));

    let stats = get(&server, "/__mock/stats").await;
    assert_eq!(stats["requests"], 4);
    assert_eq!(stats["by_status"], json!({"200": 3, "404": 1}));

    let bad = reqwest::get(format!("{}/__mock/requests?since=soon", server.base_url()))
        .await
        .expect("answer");
    assert_eq!(bad.status().as_u16(), 400);
    let envelope: Value = bad.json().await.expect("the error envelope");
    assert_eq!(envelope["type"], "errors/invalid_parameters");
}

#[tokio::test]
async fn the_log_never_holds_the_key_and_counts_429s() {
    let server = start().await;
    // The key where a careless client might put it: in the body and the path.
    let body = format!(r#"{{"action":"setLabel","value":"{KEY}"}}"#);
    assert_eq!(patch(&server, "no-such-chat", &body).await, 404);
    assert_eq!(
        patch(&server, KEY, r#"{"action":"setMuteStatus","value":true}"#).await,
        404
    );
    let log = reqwest::get(format!("{}/__mock/requests", server.base_url()))
        .await
        .expect("log")
        .text()
        .await
        .expect("text");
    assert!(!log.contains(KEY), "{log}");
    let log: Value = serde_json::from_str(&log).expect("json");
    assert_eq!(log[0]["body"], r#"{"action":"setLabel","value":"[key]"}"#);
    assert_eq!(log[1]["chat_id"], "[key]");

    // 7 per second: the 8th request in a burst is refused.
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            patch(
                &server,
                "wa-group-1",
                r#"{"action":"setReadStatus","value":true}"#,
            )
            .await,
        );
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    let stats = server.stats();
    assert_eq!(
        stats.too_many_requests,
        statuses.iter().filter(|s| **s == 429).count() as u64
    );
    assert_eq!(stats.by_status.get(&429).copied(), Some(stats.too_many_requests));
}

#[tokio::test]
async fn the_fault_schema_lists_every_kind_the_docs_name_and_the_page_is_self_contained() {
    let server = start().await;
    let schema = get(&server, "/__mock/faults/schema").await;
    let kinds: Vec<String> = schema["oneOf"]
        .as_array()
        .expect("oneOf")
        .iter()
        .filter_map(|b| b["properties"]["kind"]["enum"][0].as_str().map(str::to_string))
        .collect();
    assert!(kinds.len() >= 7, "{kinds:?}");
    // The documented list names exactly the kinds the type has.
    let row = CONTROL_ENDPOINTS
        .lines()
        .find(|l| l.starts_with("| `POST /__mock/faults`"))
        .expect("the POST row");
    let named = row
        .split("kinds ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the kinds");
    let named: Vec<&str> = named.split('`').skip(1).step_by(2).collect();
    let named: Vec<&str> = named
        .into_iter()
        .filter(|n| !["type", "ms"].contains(n))
        .collect();
    assert_eq!(named, kinds, "control.md names other kinds than FaultKind has");
    // Every example error type is one the mock knows.
    let error = &schema["oneOf"][0]["properties"]["type"]["examples"];
    assert!(
        error
            .as_array()
            .is_some_and(|e| e.iter().any(|t| t == "errors/no_channel"))
    );

    // Every kind the schema gives is accepted as the schema describes it.
    let http = reqwest::Client::new();
    for branch in schema["oneOf"].as_array().expect("oneOf") {
        let mut fault = json!({"kind": branch["properties"]["kind"]["enum"][0], "times": 1});
        for field in branch["required"].as_array().expect("required") {
            let name = field.as_str().expect("name");
            if name == "kind" {
                continue;
            }
            let property = &branch["properties"][name];
            fault[name] = match property["examples"].get(0) {
                Some(example) => example.clone(),
                None if property["type"] == "integer" => json!(1),
                None => json!("x"),
            };
        }
        let answer = http
            .post(format!("{}/__mock/faults", server.base_url()))
            .json(&fault)
            .send()
            .await
            .expect("answer");
        assert_eq!(answer.status().as_u16(), 201, "{fault}");
    }
    assert_eq!(server.stats().faults, kinds.len());

    let page = reqwest::get(server.inspector_url()).await.expect("page");
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    let html = page.text().await.expect("html");
    assert!(html.contains("/__mock/stats") && !html.contains(KEY));
}

/// `--cors`: a preflight is answered 204 with the allowances, every answer
/// is readable by any origin; without it, neither.
#[tokio::test]
async fn cors_answers_preflights_and_marks_answers_readable() {
    let http = reqwest::Client::new();
    for cors in [true, false] {
        let server = MockServer::builder()
            .api_key(KEY)
            .demo()
            .cors(cors)
            .start()
            .await
            .expect("mock");
        let url = format!("{}/api/v1/chats/wa-group-1", server.base_url());
        let preflight = http
            .request(reqwest::Method::OPTIONS, &url)
            .header("origin", "http://127.0.0.1:1")
            .header("access-control-request-method", "PATCH")
            .header("access-control-request-headers", "x-api-key, content-type")
            .send()
            .await
            .expect("preflight");
        let answer = http
            .patch(&url)
            .header("x-api-key", KEY)
            .header("content-type", "application/json")
            .body(r#"{"action":"setReadStatus","value":true}"#)
            .send()
            .await
            .expect("patch");
        assert_eq!(answer.status(), 200);
        if cors {
            assert_eq!(preflight.status(), 204);
            let allowed = preflight.headers()["access-control-allow-headers"]
                .to_str()
                .expect("ascii");
            assert!(allowed.contains("x-api-key"), "{allowed}");
            assert!(
                preflight.headers()["access-control-allow-methods"]
                    .to_str()
                    .expect("ascii")
                    .contains("PATCH")
            );
            assert_eq!(answer.headers()["access-control-allow-origin"], "*");
        } else {
            assert_ne!(preflight.status(), 204);
            assert!(!answer.headers().contains_key("access-control-allow-origin"));
        }
    }
}
