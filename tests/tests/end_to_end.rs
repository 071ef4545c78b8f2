//! The facade against the mock server, end to end.

use postpress::api::PATH_PREFIX;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use postpress::{ChatAction, Client, Error, ErrorKind, Provider, RetryPolicy};
use postpress_mock::{AccountState, ChatKind, ChatState, Fault, FaultKind, MockServer};

const KEY: &str = "e2e-key";

async fn server_with(chats: Vec<ChatState>) -> (MockServer, Client) {
    let mut builder = MockServer::builder().api_key(KEY);
    for c in chats {
        builder = builder.chat(c);
    }
    let server = builder.start().await.expect("mock starts");
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .build()
        .expect("client");
    (server, client)
}

/// A sample of every action of the spec, built from its table entry: `true`
/// for booleans, and for strings a value the chat's state can show
/// (`old-member` for a removal, so there is something to remove).
fn sample(info: &postpress::ActionInfo) -> (ChatAction, Option<serde_json::Value>) {
    let value = match (info.value, postpress_mock::effect_of(info.name)) {
        (postpress::ValueType::Boolean, _) => Some(serde_json::json!(true)),
        (postpress::ValueType::String, postpress_mock::Effect::Remove(_)) => {
            Some(serde_json::json!("old-member"))
        }
        (postpress::ValueType::String, _) => Some(serde_json::json!("new-member")),
        _ => None,
    };
    let mut body = serde_json::json!({ "action": info.name });
    if let Some(v) = &value {
        body["value"] = v.clone();
    }
    (serde_json::from_value(body).expect("a valid action"), value)
}

#[tokio::test]
async fn every_action_on_every_provider() {
    let chats: Vec<ChatState> = Provider::ALL
        .iter()
        .map(|p| {
            let mut chat = ChatState::new(format!("{}-group", p.key()), *p, ChatKind::Group);
            for info in postpress::ACTIONS {
                if let postpress_mock::Effect::Remove(name) = postpress_mock::effect_of(info.name) {
                    chat = chat.with_items(name, ["old-member"]);
                }
            }
            chat
        })
        .collect();
    let (server, client) = server_with(chats).await;
    let mut supported_pairs = 0;
    for info in postpress::ACTIONS {
        for &provider in Provider::ALL {
            let id = format!("{}-group", provider.key());
            let before = server.chat(&id).expect("chat");
            let (action, value) = sample(info);
            let result = client.perform(&id, action.clone()).await;
            let after = server.chat(&id).expect("chat");
            if action.supports(provider) {
                supported_pairs += 1;
                let patched = result.unwrap_or_else(|e| panic!("{} on {provider}: {e}", info.name));
                let text = value.as_ref().and_then(|v| v.as_str()).unwrap_or_default();
                match postpress_mock::effect_of(info.name) {
                    postpress_mock::Effect::Set(f) => {
                        assert!(after.flag(f) && !before.flag(f), "{}", info.name)
                    }
                    postpress_mock::Effect::Add(f) => assert!(after.items(f).contains(text), "{}", info.name),
                    postpress_mock::Effect::Remove(f) => {
                        assert!(before.items(f).contains(text) && !after.items(f).contains(text))
                    }
                    postpress_mock::Effect::Assign(f) => assert_eq!(after.text(f), Some(text)),
                    _ => assert_eq!(before.fields, after.fields, "{} changed state", info.name),
                }
                if let Some(field) = info.returns {
                    let link = patched.invite_link.expect("a link");
                    assert_eq!(link.as_str(), after.link(field));
                    // Stable: asking again gives the same link.
                    let again = client.perform(&id, action.clone()).await.expect("link");
                    assert_eq!(again.invite_link, Some(link));
                }
            } else {
                let err = result.expect_err("unsupported");
                assert_eq!(
                    err.kind(),
                    Some(&ErrorKind::FeatureNotImplemented),
                    "{} on {provider}",
                    info.name
                );
                assert_eq!(err.status().map(|s| s.as_u16()), Some(501));
                assert_eq!(before, after, "an unsupported action changed state");
            }
        }
    }
    let listed: usize = postpress::ACTIONS.iter().map(|a| a.providers.len()).sum();
    assert_eq!(supported_pairs, listed);
    assert!(supported_pairs > 0);
}

#[tokio::test]
async fn every_documented_error_type_through_injection() {
    let (server, client) = server_with(vec![ChatState::new("c", Provider::WhatsApp, ChatKind::Group)]).await;
    for (kind, wire, status, _) in postpress::DOCUMENTED_ERROR_TYPES {
        server.inject(Fault::error(*wire).times(1));
        let err = client.chat("c").mute().await.expect_err("injected");
        let Error::Api(api) = &err else {
            panic!("{wire}: {err:?}")
        };
        assert_eq!(api.kind(), kind, "{wire}");
        assert_eq!(api.status().as_u16(), *status, "{wire}");
        assert!(
            api.instance().is_some_and(|i| i.starts_with("mock-req-")),
            "{wire} has no instance"
        );
    }
    // Each fault was used once: the next call succeeds.
    client.chat("c").mute().await.expect("no fault left");
    assert!(server.chat("c").expect("chat").flag("muted"));
}

#[tokio::test]
async fn retries_converge_through_injected_503_and_429() {
    let (server, _) = server_with(vec![ChatState::new("c", Provider::WhatsApp, ChatKind::Group)]).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::exponential().base_delay(Duration::from_millis(10)))
        .build()
        .expect("client");
    server.inject(Fault::unavailable(Duration::ZERO).times(2));
    client.chat("c").pin().await.expect("converges after two 503s");
    assert!(server.chat("c").expect("chat").flag("pinned"));
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 200]);

    server.inject(
        Fault::rate_limited(Duration::from_secs(1))
            .times(1)
            .for_action("addParticipant"),
    );
    let start = Instant::now();
    client
        .chat("c")
        .add_participant("someone")
        .await
        .expect("converges after a 429");
    assert!(start.elapsed() >= Duration::from_secs(1), "Retry-After ignored");
    assert!(
        server
            .chat("c")
            .expect("chat")
            .items("participants")
            .contains("someone")
    );

    // 503 is not retried for addParticipant: it may have been processed.
    server.inject(Fault::unavailable(Duration::ZERO).times(1));
    let err = client.chat("c").add_participant("other").await.expect_err("503");
    assert_eq!(err.kind(), Some(&ErrorKind::ServiceUnavailable));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_actions_leave_consistent_state() {
    let (server, client) = server_with(vec![
        ChatState::new("g", Provider::WhatsApp, ChatKind::Group),
        ChatState::new("t", Provider::Telegram, ChatKind::Group),
    ])
    .await;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let chat = if i % 2 == 0 { "g" } else { "t" };
                let c = client.chat(chat);
                c.add_participant(format!("member-{i}")).await?;
                if chat == "g" {
                    c.set_label(format!("label-{}", i % 10)).await?;
                    c.mute().await
                } else {
                    c.invite_link().await.map(|_| ())
                }
            })
        })
        .collect();
    for t in futures::future::join_all(tasks).await {
        t.expect("task").expect("action");
    }
    let g = server.chat("g").expect("g");
    let t = server.chat("t").expect("t");
    assert_eq!(g.items("participants").len(), 100);
    assert_eq!(t.items("participants").len(), 100);
    let expected: BTreeSet<String> = (0..200).step_by(2).map(|i| format!("member-{i}")).collect();
    assert_eq!(g.items("participants"), expected);
    assert_eq!(g.items("labels").len(), 5, "labels 0, 2, 4, 6, 8");
    assert!(g.flag("muted"));
    assert_eq!(g.actions_applied, 300);
    assert_eq!(t.actions_applied, 200);
    assert_eq!(server.requests().len(), 500);
    assert!(server.requests().iter().all(|r| r.status == 200));
}

#[tokio::test]
async fn credentials_chat_ids_and_accounts() {
    let (server, client) = server_with(vec![
        ChatState::new("ok", Provider::WhatsApp, ChatKind::Group),
        ChatState::new("dm", Provider::WhatsApp, ChatKind::OneToOne),
        ChatState::new("gone", Provider::WhatsApp, ChatKind::Group).account(AccountState::Disconnected),
        ChatState::new("blocked", Provider::LinkedIn, ChatKind::OneToOne).account(AccountState::Restricted),
    ])
    .await;
    let wrong = Client::builder()
        .api_key("wrong")
        .base_url(server.base_url())
        .build()
        .expect("client");
    assert_eq!(
        wrong.chat("ok").mute().await.expect_err("401").kind(),
        Some(&ErrorKind::InvalidCredentials)
    );
    let kind = |r: postpress::Result<()>| r.expect_err("an error").kind().cloned();
    assert_eq!(
        kind(client.chat("a/b").mute().await),
        Some(ErrorKind::InvalidResourceIdentifier)
    );
    assert_eq!(
        kind(client.chat("a b").mute().await),
        Some(ErrorKind::InvalidResourceIdentifier)
    );
    assert_eq!(
        kind(client.chat("missing").mute().await),
        Some(ErrorKind::ResourceNotFound)
    );
    assert_eq!(
        kind(client.chat("gone").mute().await),
        Some(ErrorKind::DisconnectedAccount)
    );
    assert_eq!(
        kind(client.chat("blocked").mute().await),
        Some(ErrorKind::AccountRestricted)
    );
    assert_eq!(
        kind(client.chat("dm").add_participant("x").await),
        Some(ErrorKind::InsufficientPermissions)
    );
    assert_eq!(
        client.chat("dm").invite_link().await.expect_err("1:1").kind(),
        Some(&ErrorKind::InsufficientPermissions)
    );
    // The log keeps the decoded chat id and never the key.
    let log = server.requests();
    assert!(
        log.iter()
            .any(|r| r.chat_id.as_deref() == Some("a/b") && r.path == format!("{PATH_PREFIX}a%2Fb"))
    );
    assert!(log.iter().all(|r| r.had_api_key));
}

#[tokio::test]
async fn the_mock_validates_bodies_against_the_spec() {
    let (server, _) = server_with(vec![ChatState::new("c", Provider::WhatsApp, ChatKind::Group)]).await;
    let http = reqwest::Client::new();
    let url = format!("{}{PATH_PREFIX}c", server.base_url());
    let send = |body: &'static str, key: Option<&'static str>| {
        let mut req = http
            .patch(&url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        async move {
            let resp = req.send().await.expect("sent");
            let status = resp.status().as_u16();
            let json: serde_json::Value = resp.json().await.expect("json envelope");
            (
                status,
                json["type"].as_str().unwrap_or_default().to_string(),
                json,
            )
        }
    };
    let (s, t, _) = send(r#"{"action":"setReadStatus","value":true}"#, None).await;
    assert_eq!((s, t.as_str()), (401, "errors/missing_credentials"));
    for (body, type_) in [
        ("not json", "errors/malformed_request"),
        ("", "errors/malformed_request"),
        (
            r#"{"action":"deleteChat","value":true}"#,
            "errors/invalid_parameters",
        ),
        (
            r#"{"action":"setReadStatus","value":"yes"}"#,
            "errors/invalid_parameters",
        ),
        (r#"{"action":"setReadStatus"}"#, "errors/invalid_parameters"),
        (
            r#"{"action":"getInviteLink","value":true}"#,
            "errors/invalid_parameters",
        ),
        (
            r#"{"action":"getInviteLink","value":null}"#,
            "errors/invalid_parameters",
        ),
        (
            r#"{"action":"setLabel","value":"x","extra":1}"#,
            "errors/invalid_parameters",
        ),
        (
            r#"{"action":"addParticipant","value":5}"#,
            "errors/invalid_parameters",
        ),
    ] {
        let (s, t, json) = send(body, Some(KEY)).await;
        assert_eq!((s, t.as_str()), (400, type_), "{body}");
        assert_eq!(json["status"], 400);
        assert!(
            json["instance"]
                .as_str()
                .is_some_and(|i| i.starts_with("mock-req-"))
        );
        assert!(json["title"].is_string());
    }
    let (s, _, json) = send(r#"{"action":"getInviteLink"}"#, Some(KEY)).await;
    assert_eq!(s, 200);
    assert!(
        json["invite_link"]
            .as_str()
            .is_some_and(|l| l.starts_with("https://chat.whatsapp.com/"))
    );
    assert_eq!(
        server.chat("c").expect("chat").actions_applied,
        1,
        "an invalid body changed state"
    );
}

#[tokio::test]
async fn http_control_endpoints_and_transport_faults() {
    let (server, client) = server_with(vec![ChatState::new("c", Provider::WhatsApp, ChatKind::Group)]).await;
    let http = reqwest::Client::new();
    let base = server.base_url();
    // Faults over HTTP.
    let resp = http
        .post(format!("{base}/__mock/faults"))
        .body(r#"{"kind":"error","type":"errors/no_channel","times":1,"chat_id":"c","action":"setPinnedStatus"}"#)
        .send()
        .await
        .expect("post fault");
    assert_eq!(resp.status().as_u16(), 201);
    client
        .chat("c")
        .mute()
        .await
        .expect("another action is not affected");
    let err = client.chat("c").pin().await.expect_err("injected");
    assert_eq!(err.kind(), Some(&ErrorKind::NoChannel));
    // State over HTTP.
    let state: serde_json::Value = http
        .get(format!("{base}/__mock/chats/c"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(state["muted"], true);
    assert_eq!(state["pinned"], false);
    assert_eq!(state["provider"], "whatsapp");
    let log: Vec<serde_json::Value> = http
        .get(format!("{base}/__mock/requests"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(log.len(), 2);
    assert_eq!(log[1]["error_type"], "errors/no_channel");

    server.inject(Fault::new(FaultKind::DropConnection).times(1));
    let err = client.chat("c").mute().await.expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");

    server.inject(Fault::new(FaultKind::Html502).times(1));
    let err = client.chat("c").mute().await.expect_err("502");
    assert!(
        matches!(&err, Error::UnexpectedResponse { status, .. } if status.as_u16() == 502),
        "{err:?}"
    );

    server.inject(Fault::new(FaultKind::GatewayTimeout).times(1));
    assert_eq!(
        client.chat("c").mute().await.expect_err("504").kind(),
        Some(&ErrorKind::RequestTimeout)
    );

    server.inject(Fault::new(FaultKind::Latency { ms: 1500 }).times(1));
    let impatient = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let err = impatient.chat("c").mute().await.expect_err("timeout");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");

    let resp = http
        .delete(format!("{base}/__mock/faults"))
        .send()
        .await
        .expect("delete");
    assert_eq!(resp.status().as_u16(), 204);
    client.chat("c").mute().await.expect("no faults left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn perform_many_is_bounded_tagged_and_cancellable() {
    use futures::StreamExt;
    let chats: Vec<ChatState> = (0..50)
        .map(|i| ChatState::new(format!("c{i}"), Provider::WhatsApp, ChatKind::Group))
        .collect();
    let (server, client) = server_with(chats).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 30 }));
    let items: Vec<(String, ChatAction)> = (0..50)
        .map(|i| {
            (
                format!("c{i}"),
                if i == 7 {
                    ChatAction::SetMuteStatus(true)
                } else {
                    ChatAction::SetPinnedStatus(true)
                },
            )
        })
        .collect();
    let results: Vec<postpress::BulkItem> = client.perform_many(items, 4).collect().await;
    assert_eq!(results.len(), 50);
    let mut indexes: Vec<usize> = results.iter().map(|r| r.index).collect();
    indexes.sort_unstable();
    assert_eq!(indexes, (0..50).collect::<Vec<_>>());
    for r in &results {
        assert_eq!(r.chat_id, format!("c{}", r.index));
        assert!(r.result.is_ok(), "{r:?}");
        let expected = if r.index == 7 {
            "setMuteStatus"
        } else {
            "setPinnedStatus"
        };
        assert_eq!(r.action.name(), expected);
    }
    let max = server.requests().iter().map(|r| r.in_flight).max().unwrap_or(0);
    assert!((2..=4).contains(&max), "in flight: {max}");

    // Dropping the stream stops the rest.
    let before = server.requests().len();
    let items = (0..50).map(|i| (format!("c{i}"), ChatAction::SetReadStatus(true)));
    let mut stream = Box::pin(client.perform_many(items, 2));
    for _ in 0..4 {
        stream.next().await.expect("an item").result.expect("ok");
    }
    drop(stream);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.requests().len() - before;
    assert!(sent <= 6, "{sent} requests after dropping the stream");
}

#[tokio::test]
async fn the_mock_finds_stored_chats_whatever_their_id_and_checks_fault_statuses() {
    let (server, client) = server_with(vec![ChatState::new(
        "my_chat/with spaces",
        Provider::WhatsApp,
        ChatKind::Group,
    )])
    .await;
    client
        .chat("my_chat/with spaces")
        .pin()
        .await
        .expect("a stored id is found");
    assert!(server.chat("my_chat/with spaces").expect("chat").flag("pinned"));
    assert_eq!(
        client
            .chat("other chat")
            .pin()
            .await
            .expect_err("malformed")
            .kind(),
        Some(&ErrorKind::InvalidResourceIdentifier)
    );
    let http = reqwest::Client::new();
    let faults = format!("{}/__mock/faults", server.base_url());
    let bad = http
        .post(&faults)
        .body(r#"{"kind":"error","type":"errors/x","status":200}"#)
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status().as_u16(), 400, "a 200 error fault was accepted");
    let ok = http
        .post(&faults)
        .body(r#"{"kind":"html_502","times":1}"#)
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status().as_u16(), 201, "the README's fault name");
    let err = client.chat("my_chat/with spaces").pin().await.expect_err("502");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    // An undocumented type with an out-of-range status from Rust is answered as 500.
    server.inject(
        Fault::new(FaultKind::Error {
            type_: "errors/x".into(),
            status: Some(99),
            retry_after: None,
        })
        .times(1),
    );
    assert_eq!(
        client
            .chat("my_chat/with spaces")
            .pin()
            .await
            .expect_err("500")
            .status()
            .map(|s| s.as_u16()),
        Some(500)
    );
    let wrong = http
        .get(format!("{}{PATH_PREFIX}x", server.base_url()))
        .send()
        .await
        .expect("get");
    assert_eq!(wrong.status().as_u16(), 405);
    assert_eq!(
        wrong.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("PATCH")
    );
}
