//! The facade against servers started on 127.0.0.1.

mod common;

use postpress::api::PATH_PREFIX;
use std::time::{Duration, Instant};

use common::{ClientFor, KEY, PATCHED, Reply, Server, envelope, json, json_with, response};
use postpress::{
    ChatAction, Client, ConfigError, Error, ErrorCategory, ErrorKind, Label, ProviderId, RetryPolicy,
};

fn spec() -> openapiv3::OpenAPI {
    postpress_codegen::parse(
        include_str!("../../../openapi/postpress.yaml"),
        "openapi/postpress.yaml",
    )
    .expect("spec parses")
}

#[tokio::test]
async fn each_helper_sends_exactly_the_documented_request() {
    let server = Server::start(|req, _| {
        if req.body_str().contains("getInviteLink") {
            json(
                200,
                r#"{"object":"ChatPatched","invite_link":"https://chat.whatsapp.com/AbC123"}"#,
            )
        } else {
            json(200, PATCHED)
        }
    })
    .await;
    let client = server.client().build().expect("client");
    let chat = client.chat("9f9uio56sopa456s");
    chat.mark_read().await.expect("mark_read");
    chat.mark_unread().await.expect("mark_unread");
    chat.set_read(true).await.expect("set_read");
    chat.mute().await.expect("mute");
    chat.unmute().await.expect("unmute");
    chat.set_muted(false).await.expect("set_muted");
    chat.archive().await.expect("archive");
    chat.unarchive().await.expect("unarchive");
    chat.set_archived(true).await.expect("set_archived");
    chat.pin().await.expect("pin");
    chat.unpin().await.expect("unpin");
    chat.set_pinned(false).await.expect("set_pinned");
    chat.add_participant("334455667788@s.whatsapp.net")
        .await
        .expect("add");
    chat.remove_participant("@durov").await.expect("remove");
    chat.set_label("VIP").await.expect("label");
    let link = chat.invite_link().await.expect("invite link");
    assert_eq!(link.as_str(), "https://chat.whatsapp.com/AbC123");
    let patched = client
        .perform("9f9uio56sopa456s", ChatAction::SetMuteStatus(true))
        .await
        .expect("perform");
    assert_eq!(patched.invite_link, None);

    let expected = [
        r#"{"action":"setReadStatus","value":true}"#,
        r#"{"action":"setReadStatus","value":false}"#,
        r#"{"action":"setReadStatus","value":true}"#,
        r#"{"action":"setMuteStatus","value":true}"#,
        r#"{"action":"setMuteStatus","value":false}"#,
        r#"{"action":"setMuteStatus","value":false}"#,
        r#"{"action":"setArchiveStatus","value":true}"#,
        r#"{"action":"setArchiveStatus","value":false}"#,
        r#"{"action":"setArchiveStatus","value":true}"#,
        r#"{"action":"setPinnedStatus","value":true}"#,
        r#"{"action":"setPinnedStatus","value":false}"#,
        r#"{"action":"setPinnedStatus","value":false}"#,
        r#"{"action":"addParticipant","value":"334455667788@s.whatsapp.net"}"#,
        r#"{"action":"removeParticipant","value":"@durov"}"#,
        r#"{"action":"setLabel","value":"VIP"}"#,
        r#"{"action":"getInviteLink"}"#,
        r#"{"action":"setMuteStatus","value":true}"#,
    ];
    let seen = server.requests();
    assert_eq!(seen.len(), expected.len());
    for (req, body) in seen.iter().zip(expected) {
        assert_eq!(req.method, "PATCH");
        assert_eq!(req.target, format!("{PATH_PREFIX}9f9uio56sopa456s"));
        assert_eq!(req.header("x-api-key"), Some(KEY));
        assert_eq!(req.header("content-type"), Some("application/json"));
        assert_eq!(req.header("accept"), Some("application/json"));
        assert!(
            req.header("user-agent")
                .is_some_and(|ua| ua.starts_with("postpress-rs/"))
        );
        assert_eq!(req.body_str(), body);
    }
    assert_eq!(
        server.connections(),
        1,
        "one kept-alive connection for sequential calls"
    );
}

#[tokio::test]
async fn every_documented_error_type_maps_to_its_kind_and_category() {
    // The table comes from the spec itself, not from the generated code.
    let documented = postpress_codegen::Model::new(spec())
        .expect("the spec's model")
        .error_types;
    assert_eq!(documented.len(), postpress::DOCUMENTED_ERROR_TYPES.len());
    assert!(!documented.is_empty());
    let server = Server::start(|req, _| {
        let t = req.target.trim_start_matches(PATH_PREFIX).replace("%2F", "/");
        let status: u16 = t.split('-').next().and_then(|s| s.parse().ok()).unwrap_or(500);
        let type_ = t.split_once('-').map(|(_, t)| t.to_string()).unwrap_or_default();
        json(status, &envelope(status, &type_))
    })
    .await;
    let client = server.client().build().expect("client");
    for t in &documented {
        let id = format!("{}-{}", t.status, t.type_name);
        let err = client
            .perform(&id, ChatAction::SetReadStatus(true))
            .await
            .expect_err("an error");
        let Error::Api(api) = &err else {
            panic!("{id}: expected Error::Api, got {err:?}")
        };
        assert_eq!(api.status().as_u16(), t.status);
        assert_eq!(api.kind().as_str(), t.type_name);
        assert!(api.kind().is_documented(), "{id}");
        assert_eq!(api.kind().documented_status(), Some(t.status));
        assert_eq!(api.kind().description(), Some(t.description.as_str()));
        assert_eq!(
            format!("ErrorKind::{:?}", api.kind()),
            format!("ErrorKind::{}", t.variant())
        );
        let category = match t.status {
            401 => ErrorCategory::Authentication,
            403 => ErrorCategory::Permission,
            404 => ErrorCategory::NotFound,
            500 => ErrorCategory::Server,
            501 => ErrorCategory::Unsupported,
            503 => ErrorCategory::Unavailable,
            504 => ErrorCategory::Timeout,
            other => panic!("undocumented status {other}"),
        };
        assert_eq!(api.kind().category(), category, "{id}");
        assert_eq!(err.category(), Some(category), "{id}");
        assert_eq!(api.title(), "Some title");
        assert_eq!(api.detail(), Some("Some detail"));
        assert_eq!(api.instance(), Some("req_123"));
        assert_eq!(api.body_status(), Some(t.status));
        let shown = err.to_string();
        for part in [
            &t.status.to_string(),
            t.type_name.as_str(),
            "Some title",
            "Some detail",
            "req_123",
        ] {
            assert!(shown.contains(part), "Display of {id} lacks {part}: {shown}");
        }
    }
    // A type the spec does not list.
    let err = client
        .perform("429-errors/too_many_requests", ChatAction::GetInviteLink)
        .await
        .expect_err("429");
    assert_eq!(
        err.kind(),
        Some(&ErrorKind::Unknown("errors/too_many_requests".into()))
    );
    assert_eq!(
        err.category(),
        Some(ErrorCategory::RateLimited),
        "category falls back to the status"
    );
    assert!(err.is_retryable());
    let err = client
        .perform("418-teapot", ChatAction::GetInviteLink)
        .await
        .expect_err("418");
    assert_eq!(err.kind(), Some(&ErrorKind::Unknown("teapot".into())));
    assert_eq!(err.category(), Some(ErrorCategory::Other));
}

#[tokio::test]
async fn bodies_that_are_not_the_envelope_keep_status_and_raw_body() {
    let cases: Vec<(u16, &'static str, &'static str, &'static str)> = vec![
        (
            502,
            "text/html",
            "<html><body>502 Bad Gateway</body></html>",
            "not the JSON error envelope",
        ),
        (503, "application/json", "", "empty"),
        (
            500,
            "application/json",
            r#"{"title":"Unexpected","type":"errors/unexp"#,
            "not the JSON error envelope",
        ),
        (
            401,
            "application/json",
            r#"{"error":"nope"}"#,
            "not the JSON error envelope",
        ),
        (200, "application/json", "", "empty"),
        (
            200,
            "application/json",
            r#"{"invite_link":"https://x.example"}"#,
            "not a ChatPatched",
        ),
        (
            200,
            "application/json",
            r#"{"object":"ChatPatc"#,
            "not a ChatPatched",
        ),
        (200, "text/html", "<html>ok</html>", "not a ChatPatched"),
    ];
    for (status, ct, body, reason) in cases {
        let server = Server::start(move |_, _| Reply::Raw(response(status, ct, &[], body.as_bytes()))).await;
        let client = server.client().build().expect("client");
        let err = client
            .perform("c", ChatAction::SetMuteStatus(true))
            .await
            .expect_err("an error");
        match &err {
            Error::UnexpectedResponse {
                status: s,
                body: b,
                reason: r,
                ..
            } => {
                assert_eq!(s.as_u16(), status);
                assert_eq!(&b[..], body.as_bytes());
                assert!(r.contains(reason), "{status} {body:?}: reason {r:?}");
            }
            other => panic!("{status} {body:?}: expected UnexpectedResponse, got {other:?}"),
        }
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(err.to_string().contains(&status.to_string()), "{err}");
    }
}

#[tokio::test]
async fn undocumented_statuses_with_the_envelope_are_api_errors() {
    for (status, type_, category) in [
        (400, "errors/invalid_parameters", ErrorCategory::InvalidRequest),
        (422, "errors/invalid_request", ErrorCategory::InvalidRequest),
        (429, "errors/too_many_requests", ErrorCategory::RateLimited),
        (502, "errors/bad_gateway", ErrorCategory::Unavailable),
    ] {
        let body = envelope(status, type_);
        let server = Server::start(move |_, _| json_with(status, &[("retry-after", "7")], &body)).await;
        let client = server.client().build().expect("client");
        let err = client
            .perform("c", ChatAction::SetMuteStatus(true))
            .await
            .expect_err("an error");
        let Error::Api(api) = &err else {
            panic!("{status}: {err:?}")
        };
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(api.kind(), &ErrorKind::Unknown(type_.into()));
        assert_eq!(api.category(), category);
        assert_eq!(api.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(err.is_retryable(), matches!(status, 429 | 502));
        assert_eq!(server.count(), 1, "no retries without a policy");
    }
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_for_and_retried() {
    let server = Server::start(|_, i| {
        if i == 0 {
            json_with(
                429,
                &[("retry-after", "1")],
                &envelope(429, "errors/too_many_requests"),
            )
        } else {
            json(200, PATCHED)
        }
    })
    .await;
    let client = server
        .client()
        .retry(RetryPolicy::exponential().base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    let start = Instant::now();
    client.chat("c").mute().await.expect("succeeds after one retry");
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(1000),
        "Retry-After: 1 was not honoured ({waited:?})"
    );
    assert!(
        waited < Duration::from_millis(2500),
        "waited too long ({waited:?})"
    );
    assert_eq!(server.count(), 2);

    // The same for a non-idempotent action: 429 proves it was not processed.
    let server = Server::start(|_, i| {
        if i == 0 {
            json_with(429, &[("retry-after", "0")], "{}")
        } else {
            json(200, PATCHED)
        }
    })
    .await;
    let client = server
        .client()
        .retry(RetryPolicy::exponential())
        .build()
        .expect("client");
    client
        .chat("g")
        .add_participant("@durov")
        .await
        .expect("retried after 429");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn add_and_remove_participant_are_not_retried_on_503_or_timeouts() {
    let server = Server::always(
        503,
        r#"{"title":"x","type":"errors/service_unavailable","status":503}"#,
    )
    .await;
    let client = server
        .client()
        .retry(RetryPolicy::exponential().base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = client.chat("g").add_participant("@durov").await.expect_err("503");
    assert_eq!(err.kind(), Some(&ErrorKind::ServiceUnavailable));
    assert_eq!(server.count(), 1, "addParticipant was resent after a 503");
    client
        .chat("g")
        .remove_participant("@durov")
        .await
        .expect_err("503");
    assert_eq!(server.count(), 2, "removeParticipant was resent after a 503");
    // An idempotent action on the same server is retried 3 times.
    client.chat("g").mute().await.expect_err("503");
    assert_eq!(server.count(), 2 + 4);

    let stall = Server::start(|_, _| Reply::Stall(Duration::from_secs(5))).await;
    let client = stall
        .client()
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::exponential().base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = client
        .chat("g")
        .add_participant("@durov")
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(stall.count(), 1, "addParticipant was resent after a timeout");
}

#[tokio::test]
async fn connect_errors_are_retried_even_for_add_participant() {
    // Bind then drop a listener: nothing listens on that port.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(
            RetryPolicy::exponential()
                .base_delay(Duration::from_millis(5))
                .without_jitter(),
        )
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client
        .chat("g")
        .add_participant("@durov")
        .await
        .expect_err("refused");
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.is_connect());
    assert!(err.provably_not_processed());
    // 3 retries with 5, 10 and 20 ms backoff.
    assert!(
        start.elapsed() >= Duration::from_millis(35),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn the_total_time_bound_holds() {
    let server = Server::always(503, r#"{"title":"x","type":"errors/no_channel","status":503}"#).await;
    let client = server
        .client()
        .retry(
            RetryPolicy::exponential()
                .max_retries(100)
                .base_delay(Duration::from_millis(100))
                .without_jitter()
                .max_elapsed(Duration::from_millis(700)),
        )
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.chat("c").pin().await.expect_err("503");
    let took = start.elapsed();
    assert_eq!(err.kind(), Some(&ErrorKind::NoChannel));
    assert!(
        took < Duration::from_millis(700),
        "the bound was exceeded: {took:?}"
    );
    // 100 + 200 + 400 ms would pass 700 ms: three attempts, two waits.
    assert_eq!(server.count(), 3);

    // A Retry-After longer than the remaining budget ends the call at once.
    let slow = Server::start(|_, _| json_with(429, &[("retry-after", "3600")], "{}")).await;
    let client = slow
        .client()
        .retry(RetryPolicy::exponential().max_retry_after(Duration::from_secs(3600)))
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.chat("c").pin().await.expect_err("429");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(slow.count(), 1);
}

#[tokio::test]
async fn a_timeout_fires_on_a_server_that_never_answers() {
    let server = Server::start(|_, _| Reply::Stall(Duration::from_secs(30))).await;
    let client = server
        .client()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let start = Instant::now();
    let err = client.chat("c").mute().await.expect_err("timeout");
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(err.is_retryable());
    assert_eq!(err.to_string(), "request timed out after 300ms");

    // Headers arrive, the body never ends.
    let server = Server::start(|_, _| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"obj"
                .to_vec(),
        )
    })
    .await;
    let client = server
        .client()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let err = client.chat("c").mute().await.expect_err("timeout");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn redirects_never_carry_the_key_to_another_origin() {
    let other = Server::always(200, PATCHED).await;
    let target = format!("{}{PATH_PREFIX}c", other.base);
    for status in [301u16, 302, 303, 307, 308] {
        let target = target.clone();
        let server = Server::start(move |_, _| {
            Reply::Raw(response(status, "", &[("location", target.as_str())], b""))
        })
        .await;
        let client = server.client().build().expect("client");
        let err = client.chat("c").mute().await.expect_err("redirect not followed");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(matches!(err, Error::UnexpectedResponse { .. }), "{err:?}");
    }
    assert_eq!(other.count(), 0, "a request reached another origin");

    // Same origin, method-preserving: followed, with the key.
    let server = Server::start(|req, _| {
        if req.target.ends_with("/old") {
            Reply::Raw(response(
                308,
                "",
                &[("location", &*format!("{PATH_PREFIX}new"))],
                b"",
            ))
        } else {
            json(200, PATCHED)
        }
    })
    .await;
    let client = server.client().build().expect("client");
    client.chat("old").mute().await.expect("followed");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].method, "PATCH");
    assert_eq!(seen[1].target, format!("{PATH_PREFIX}new"));
    assert_eq!(seen[1].body_str(), r#"{"action":"setMuteStatus","value":true}"#);
}

#[tokio::test]
async fn the_key_is_absent_from_debug_display_and_errors() {
    let builder = Client::builder().api_key(KEY).base_url("http://127.0.0.1:9");
    assert!(!format!("{builder:?}").contains(KEY));
    let client = builder.build().expect("client");
    assert!(!format!("{client:?}").contains(KEY));
    assert!(format!("{client:?}").contains("***"));
    // A server that echoes the key back in its error body.
    let echo = format!(
        r#"{{"title":"bad key {KEY}","detail":"you sent {KEY}","type":"errors/invalid_credentials","status":401}}"#
    );
    let server = Server::start(move |_, _| json(401, &echo)).await;
    let err = server
        .client()
        .build()
        .expect("client")
        .chat("c")
        .mute()
        .await
        .expect_err("401");
    for shown in [format!("{err}"), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!shown.contains(KEY), "the key leaked: {shown}");
    }
    let Error::Api(api) = &err else { panic!() };
    assert!(!String::from_utf8_lossy(api.body()).contains(KEY));
    // Configuration errors never show the key either.
    let bad = format!("{KEY}\r\n");
    let err = Client::builder().api_key(bad).build().expect_err("invalid");
    assert!(!format!("{err} {err:?}").contains(KEY));
}

#[tokio::test]
async fn chat_ids_are_one_percent_encoded_segment() {
    let server = Server::always(200, PATCHED).await;
    let client = server.client().build().expect("client");
    let cases = [
        ("a/b", "a%2Fb"),
        ("../etc", "..%2Fetc"),
        ("...", "..."),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("a?b#c", "a%3Fb%23c"),
        ("a+b", "a%2Bb"),
        ("чат", "%D1%87%D0%B0%D1%82"),
        ("120363041234567890@g.us", "120363041234567890@g.us"),
        ("emoji😀", "emoji%F0%9F%98%80"),
    ];
    for (id, encoded) in cases {
        client
            .chat(id)
            .mute()
            .await
            .unwrap_or_else(|e| panic!("{id:?}: {e}"));
        let seen = server.requests();
        let last = seen.last().expect("a request");
        assert_eq!(last.target, format!("{PATH_PREFIX}{encoded}"), "chat id {id:?}");
    }
    assert_eq!(server.count(), cases.len());
}

#[tokio::test]
async fn invalid_inputs_are_refused_before_sending() {
    let server = Server::always(200, PATCHED).await;
    let client = server.client().build().expect("client");
    let long = "x".repeat(postpress::MAX_INPUT_LEN + 1);
    for (id, why) in [
        ("", "empty"),
        ("   ", "whitespace"),
        ("a\r\nb", "control"),
        ("a\0b", "control"),
        ("a\tb", "control"),
        (".", "navigation"),
        ("..", "navigation"),
        (long.as_str(), "longer"),
    ] {
        let err = client.chat(id).mute().await.expect_err("invalid chat id");
        match &err {
            Error::InvalidInput { field, reason, .. } => {
                assert_eq!(*field, "chat_id");
                assert!(reason.contains(why), "{id:?}: {reason}");
            }
            other => panic!("{id:?}: {other:?}"),
        }
        assert!(err.to_string().starts_with("invalid chat_id: "));
    }
    let field_of = |r: postpress::Result<()>| match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    for bad in ["", " ", "a\nb", "\u{7f}", long.as_str()] {
        let chat = client.chat("c");
        assert_eq!(
            field_of(chat.add_participant(bad).await),
            "provider_id",
            "{bad:?}"
        );
        assert_eq!(
            field_of(chat.remove_participant(bad).await),
            "provider_id",
            "{bad:?}"
        );
        assert_eq!(field_of(chat.set_label(bad).await), "label", "{bad:?}");
        assert!(ProviderId::new(bad).is_err() && Label::new(bad).is_err());
    }
    assert_eq!(server.count(), 0, "an invalid input reached the server");
    // Deserializing a ChatAction validates too.
    assert!(serde_json::from_str::<ChatAction>(r#"{"action":"setLabel","value":"  "}"#).is_err());
}

#[test]
fn configuration_errors_name_the_problem() {
    let cfg = |b: postpress::ClientBuilder| match b.build() {
        Err(Error::Config(c)) => c,
        other => panic!("expected a configuration error, got {other:?}"),
    };
    assert!(matches!(cfg(Client::builder()), ConfigError::MissingApiKey));
    assert!(matches!(
        cfg(Client::builder().api_key("")),
        ConfigError::InvalidApiKey(_)
    ));
    assert!(matches!(
        cfg(Client::builder().api_key("  ")),
        ConfigError::InvalidApiKey(_)
    ));
    assert!(matches!(
        cfg(Client::builder().api_key("a\nb")),
        ConfigError::InvalidApiKey(_)
    ));
    for url in [
        "ftp://x.example",
        "not a url",
        "https://",
        "file:///etc/passwd",
        "https://u:p@x.example",
        "https://x.example/?q=1",
        "http://x\r\n.example",
    ] {
        let c = cfg(Client::builder().api_key("k").base_url(url));
        assert!(matches!(c, ConfigError::InvalidBaseUrl { .. }), "{url}: {c:?}");
        assert!(!c.to_string().contains(":p@"), "credentials shown: {c}");
    }
    let c = cfg(Client::builder().api_key("k").base_url("http://api.postpress.io"));
    assert!(matches!(c, ConfigError::InsecureHttp { .. }), "{c:?}");
    assert!(c.to_string().contains("api.postpress.io"));
    for ok in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:8080/",
        "https://api.postpress.io/",
    ] {
        Client::builder()
            .api_key("k")
            .base_url(ok)
            .build()
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    Client::builder()
        .api_key("k")
        .base_url("http://10.0.0.1")
        .allow_insecure_http(true)
        .build()
        .expect("allowed");
    assert!(matches!(
        cfg(Client::builder().api_key("k").timeout(Duration::ZERO)),
        ConfigError::ZeroTimeout("timeout")
    ));
    assert!(matches!(
        cfg(Client::builder().api_key("k").user_agent("a\nb")),
        ConfigError::InvalidUserAgent(_)
    ));
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_and_trailing_slash() {
    let server = Server::always(200, PATCHED).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/proxy/pp/", server.base))
        .build()
        .expect("client");
    client.chat("c").mute().await.expect("ok");
    assert_eq!(server.requests()[0].target, format!("/proxy/pp{PATH_PREFIX}c"));
}

#[tokio::test]
async fn invite_links_that_are_not_urls_are_unexpected() {
    for body in [
        r#"{"object":"ChatPatched","invite_link":"not a url"}"#,
        r#"{"object":"ChatPatched","invite_link":"javascript:alert(1)"}"#,
        r#"{"object":"ChatPatched"}"#,
    ] {
        let server = Server::always(200, body).await;
        let err = server
            .client()
            .build()
            .expect("client")
            .chat("g")
            .invite_link()
            .await
            .expect_err("bad link");
        assert!(matches!(err, Error::UnexpectedResponse { .. }), "{body}: {err:?}");
    }
    // Unknown extra fields are accepted (forward compatibility).
    let server = Server::always(
        200,
        r#"{"object":"ChatPatched","invite_link":"https://t.me/+abc","new":1}"#,
    )
    .await;
    let link = server
        .client()
        .build()
        .expect("client")
        .chat("g")
        .invite_link()
        .await
        .expect("link");
    assert_eq!(link.as_str(), "https://t.me/+abc");
}

#[tokio::test]
async fn the_escape_hatch_sends_the_key() {
    let server = Server::always(200, PATCHED).await;
    let client = server.client().build().expect("client");
    client
        .api()
        .perform_chat_action()
        .chat_id("c")
        .body(postpress::api::types::ChatActionRequest::SetPinnedStatus(true))
        .send()
        .await
        .expect("200");
    assert_eq!(server.requests()[0].header("x-api-key"), Some(KEY));
}

#[test]
fn from_env_names_the_missing_variable() {
    // Environment changes need a process of their own: rerun this binary
    // with a controlled environment and only the child test selected.
    let exe = std::env::current_exe().expect("test binary");
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["--exact", "from_env_child", "--nocapture"])
            .env_remove("POSTPRESS_API_KEY")
            .env_remove("POSTPRESS_BASE_URL")
            .env("POSTPRESS_FROM_ENV_CHILD", "1");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run child");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    assert!(run(&[]).contains("RESULT: error: environment variable POSTPRESS_API_KEY is not set"));
    let ok = run(&[
        ("POSTPRESS_API_KEY", "k"),
        ("POSTPRESS_BASE_URL", "http://127.0.0.1:1234"),
    ]);
    assert!(ok.contains("RESULT: ok http://127.0.0.1:1234/"), "{ok}");
    let insecure = run(&[
        ("POSTPRESS_API_KEY", "k"),
        ("POSTPRESS_BASE_URL", "http://example.com"),
    ]);
    assert!(
        insecure.contains("RESULT: error: refusing plain http to example.com"),
        "{insecure}"
    );
}

#[test]
fn from_env_child() {
    if std::env::var_os("POSTPRESS_FROM_ENV_CHILD").is_none() {
        return;
    }
    match Client::from_env() {
        Ok(c) => println!("RESULT: ok {}", c.base_url()),
        Err(e) => println!("RESULT: error: {e}"),
    }
}
