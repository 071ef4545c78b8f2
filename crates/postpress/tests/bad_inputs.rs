//! The bad-input matrix: every field of every action and every builder option
//! fed empty, blank, control characters, CR/LF, very long, non-ASCII and
//! path-trick values. Each is a typed error naming the field, or a request
//! that reaches exactly the right path with exactly the right JSON; never a
//! panic, never a request elsewhere. `docs/reliability.md` lists the
//! `/// matrix:` lines.

mod common;

use common::{ClientFor, KEY, PATCHED, Server};
use postpress::api::PATH_PREFIX;
use postpress::{ChatAction, Client, ConfigError, Error};

/// A call refused before sending, with `InvalidInput` for `$field`.
macro_rules! rejected {
    ($name:ident, $field:literal, |$chat:ident| $call:expr) => {
        #[tokio::test]
        async fn $name() {
            let server = Server::always(200, PATCHED).await;
            let client = server.client().build().expect("client");
            let $chat = client.chat("c");
            let err = $call.await.expect_err("rejected");
            match &err {
                Error::InvalidInput { field, .. } => assert_eq!(*field, $field),
                other => panic!("expected InvalidInput for {}, got {other:?}", $field),
            }
            assert!(
                err.to_string()
                    .starts_with(concat!("invalid ", $field, ": ")),
                "{err}"
            );
            assert_eq!(server.count(), 0, "a rejected input reached the server");
        }
    };
}

/// A chat id refused before sending.
macro_rules! chat_id_rejected {
    ($name:ident, $id:expr) => {
        #[tokio::test]
        async fn $name() {
            let server = Server::always(200, PATCHED).await;
            let client = server.client().build().expect("client");
            let id: String = $id;
            let err = client.chat(id).mute().await.expect_err("rejected");
            assert!(
                matches!(
                    err,
                    Error::InvalidInput {
                        field: "chat_id",
                        ..
                    }
                ),
                "{err:?}"
            );
            assert_eq!(server.count(), 0);
        }
    };
}

/// A chat id sent as exactly this one path segment.
macro_rules! chat_id_encoded {
    ($name:ident, $id:expr, $segment:expr) => {
        #[tokio::test]
        async fn $name() {
            let server = Server::always(200, PATCHED).await;
            let client = server.client().build().expect("client");
            let id: String = $id;
            client.chat(id.clone()).mute().await.expect("sent");
            let seen = server.requests();
            assert_eq!(seen.len(), 1);
            let segment: String = $segment;
            assert_eq!(seen[0].target, format!("{PATH_PREFIX}{segment}"));
            assert_eq!(
                seen[0].body_str(),
                r#"{"action":"setMuteStatus","value":true}"#
            );
        }
    };
}

/// A string value sent as exactly this JSON body.
macro_rules! value_sent {
    ($name:ident, |$chat:ident| $call:expr, $body:expr) => {
        #[tokio::test]
        async fn $name() {
            let server = Server::always(200, PATCHED).await;
            let client = server.client().build().expect("client");
            let $chat = client.chat("c");
            $call.await.expect("sent");
            let seen = server.requests();
            assert_eq!(seen[0].target, format!("{PATH_PREFIX}c"));
            let body: serde_json::Value = serde_json::from_slice(&seen[0].body).expect("JSON");
            let expected: serde_json::Value = $body;
            assert_eq!(body, expected);
        }
    };
}

/// A builder refused with this configuration error.
macro_rules! config_rejected {
    ($name:ident, |$b:ident| $builder:expr, $pattern:pat) => {
        #[test]
        fn $name() {
            let $b = Client::builder().api_key(KEY);
            match $builder.build() {
                Err(Error::Config(c)) => {
                    assert!(matches!(c, $pattern), "{c:?}");
                    assert!(!format!("{c} {c:?}").contains(KEY), "the key leaked: {c}");
                }
                other => panic!("expected a configuration error, got {other:?}"),
            }
        }
    };
}

// ---- chat_id ------------------------------------------------------------

// matrix: chat_id "" => InvalidInput(chat_id)
chat_id_rejected!(chat_id_empty, String::new());
// matrix: chat_id of spaces => InvalidInput(chat_id)
chat_id_rejected!(chat_id_blank, "   ".into());
// matrix: chat_id with CR/LF (header and request-line injection) => InvalidInput(chat_id)
chat_id_rejected!(chat_id_crlf, "c\r\nX-Evil: 1".into());
// matrix: chat_id with NUL => InvalidInput(chat_id)
chat_id_rejected!(chat_id_nul, "c\0".into());
// matrix: chat_id with TAB => InvalidInput(chat_id)
chat_id_rejected!(chat_id_tab, "a\tb".into());
// matrix: chat_id with DEL => InvalidInput(chat_id)
chat_id_rejected!(chat_id_del, "a\u{7f}".into());
// matrix: chat_id with a C1 control (U+0085) => InvalidInput(chat_id)
chat_id_rejected!(chat_id_c1_control, "a\u{85}b".into());
// matrix: chat_id "." => InvalidInput(chat_id) (would be normalised away)
chat_id_rejected!(chat_id_dot, ".".into());
// matrix: chat_id ".." => InvalidInput(chat_id) (would climb to /api/v1/)
chat_id_rejected!(chat_id_dot_dot, "..".into());
// matrix: chat_id of 1025 bytes => InvalidInput(chat_id)
chat_id_rejected!(chat_id_too_long, "x".repeat(1025));
// matrix: chat_id "../admin" => one segment ..%2Fadmin
chat_id_encoded!(chat_id_parent_path, "../admin".into(), "..%2Fadmin".into());
// matrix: chat_id "a/b" => one segment a%2Fb
chat_id_encoded!(chat_id_slash, "a/b".into(), "a%2Fb".into());
// matrix: chat_id "%2F" => %252F (no double decoding)
chat_id_encoded!(chat_id_encoded_slash, "%2F".into(), "%252F".into());
// matrix: chat_id "?x=1" => %3Fx%3D1 (no query string)
chat_id_encoded!(chat_id_query, "?x=1".into(), "%3Fx%3D1".into());
// matrix: chat_id "#frag" => %23frag (no fragment)
chat_id_encoded!(chat_id_fragment, "#frag".into(), "%23frag".into());
// matrix: chat_id with a backslash => %5C (no path separator on any server)
chat_id_encoded!(chat_id_backslash, "a\\..\\b".into(), "a%5C..%5Cb".into());
// matrix: chat_id "Ω chat" => %CE%A9%20chat
chat_id_encoded!(chat_id_non_ascii, "Ω chat".into(), "%CE%A9%20chat".into());
// matrix: chat_id with a zero-width space and an RTL override (format characters) => percent-encoded, not rejected
chat_id_encoded!(
    chat_id_format_characters,
    "a\u{200b}b\u{202e}".into(),
    "a%E2%80%8Bb%E2%80%AE".into()
);
// matrix: chat_id of exactly 1024 bytes => sent
chat_id_encoded!(chat_id_longest, "y".repeat(1024), "y".repeat(1024));
// matrix: chat_id "120363@g.us" => sent as is
chat_id_encoded!(chat_id_whatsapp_group, "120363@g.us".into(), "120363@g.us".into());

// ---- provider_id and label ---------------------------------------------

// matrix: addParticipant "" => InvalidInput(provider_id)
rejected!(add_participant_empty, "provider_id", |chat| chat
    .add_participant(""));
// matrix: addParticipant of spaces => InvalidInput(provider_id)
rejected!(add_participant_blank, "provider_id", |chat| chat
    .add_participant("  \u{3000} "));
// matrix: addParticipant with CR/LF => InvalidInput(provider_id)
rejected!(add_participant_crlf, "provider_id", |chat| chat
    .add_participant("@a\r\n@b"));
// matrix: removeParticipant with NUL => InvalidInput(provider_id)
rejected!(remove_participant_nul, "provider_id", |chat| chat
    .remove_participant("@a\0"));
// matrix: removeParticipant of 1025 bytes => InvalidInput(provider_id)
rejected!(remove_participant_too_long, "provider_id", |chat| chat
    .remove_participant("9".repeat(1025)));
// matrix: setLabel "" => InvalidInput(label)
rejected!(label_empty, "label", |chat| chat.set_label(""));
// matrix: setLabel of ideographic spaces => InvalidInput(label)
rejected!(label_blank, "label", |chat| chat.set_label("\u{3000}\u{3000}"));
// matrix: setLabel with a TAB => InvalidInput(label)
rejected!(label_tab, "label", |chat| chat.set_label("a\tb"));
// matrix: setLabel of 4 KiB => InvalidInput(label)
rejected!(label_too_long, "label", |chat| chat.set_label("L".repeat(4096)));
// matrix: addParticipant "+33 6 12 34 56 78" (a Telegram phone) => sent verbatim as a JSON string
value_sent!(
    add_participant_phone,
    |chat| chat.add_participant("+33 6 12 34 56 78"),
    serde_json::json!({"action": "addParticipant", "value": "+33 6 12 34 56 78"})
);
// matrix: setLabel with quotes, backslash and emoji => JSON-escaped exactly
value_sent!(
    label_needing_escapes,
    |chat| chat.set_label("VIP \"gold\" \\ ⭐"),
    serde_json::json!({"action": "setLabel", "value": "VIP \"gold\" \\ ⭐"})
);
// matrix: setLabel "../../x" => sent as a plain string (no path meaning in a body)
value_sent!(
    label_path_trick,
    |chat| chat.set_label("../../x"),
    serde_json::json!({"action": "setLabel", "value": "../../x"})
);

// ---- builder options ----------------------------------------------------

// matrix: api_key missing => Config(MissingApiKey)
#[test]
fn api_key_missing() {
    assert!(matches!(
        Client::builder().build(),
        Err(Error::Config(ConfigError::MissingApiKey))
    ));
}
// matrix: api_key "" => Config(InvalidApiKey)
config_rejected!(api_key_empty, |b| b.api_key(""), ConfigError::InvalidApiKey(_));
// matrix: api_key with CR/LF (header injection) => Config(InvalidApiKey), key not shown
config_rejected!(
    api_key_crlf,
    |b| b.api_key(format!("{KEY}\r\nX-Evil: 1")),
    ConfigError::InvalidApiKey(_)
);
// matrix: api_key with NUL => Config(InvalidApiKey)
config_rejected!(
    api_key_nul,
    |b| b.api_key(format!("{KEY}\0")),
    ConfigError::InvalidApiKey(_)
);
// matrix: api_key with surrounding spaces (copy-paste) => Config(InvalidApiKey)
config_rejected!(
    api_key_padded,
    |b| b.api_key(format!(" {KEY} ")),
    ConfigError::InvalidApiKey(_)
);
// matrix: api_key with non-ASCII => Config(InvalidApiKey)
config_rejected!(
    api_key_non_ascii,
    |b| b.api_key(format!("{KEY}é")),
    ConfigError::InvalidApiKey(_)
);
// matrix: base_url "" => Config(InvalidBaseUrl)
config_rejected!(
    base_url_empty,
    |b| b.base_url(""),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: base_url "ftp://..." => Config(InvalidBaseUrl)
config_rejected!(
    base_url_ftp,
    |b| b.base_url("ftp://api.postpress.io"),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: base_url "javascript:alert(1)" => Config(InvalidBaseUrl)
config_rejected!(
    base_url_javascript,
    |b| b.base_url("javascript:alert(1)"),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: base_url with CR/LF => Config(InvalidBaseUrl)
config_rejected!(
    base_url_crlf,
    |b| b.base_url("https://api.postpress.io\r\nHost: evil"),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: base_url with user:password => Config(InvalidBaseUrl), password not shown
config_rejected!(
    base_url_userinfo,
    |b| b.base_url("https://user:hunter2@api.postpress.io"),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: base_url with a query => Config(InvalidBaseUrl)
config_rejected!(
    base_url_query,
    |b| b.base_url("https://api.postpress.io/?x=1"),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: base_url plain http to a remote host => Config(InsecureHttp)
config_rejected!(
    base_url_plain_http,
    |b| b.base_url("http://api.postpress.io"),
    ConfigError::InsecureHttp { .. }
);
// matrix: base_url "https://[::1" => Config(InvalidBaseUrl)
config_rejected!(
    base_url_malformed_ipv6,
    |b| b.base_url("https://[::1"),
    ConfigError::InvalidBaseUrl { .. }
);
// matrix: user_agent with CR/LF => Config(InvalidUserAgent)
config_rejected!(
    user_agent_crlf,
    |b| b.user_agent("app/1\r\nX-Evil: 1"),
    ConfigError::InvalidUserAgent(_)
);
// matrix: timeout 0 => Config(ZeroTimeout)
config_rejected!(
    timeout_zero,
    |b| b.timeout(std::time::Duration::ZERO),
    ConfigError::ZeroTimeout("timeout")
);
// matrix: connect_timeout 0 => Config(ZeroTimeout)
config_rejected!(
    connect_timeout_zero,
    |b| b.connect_timeout(std::time::Duration::ZERO),
    ConfigError::ZeroTimeout("connect_timeout")
);

// matrix: base_url with a path prefix and "/../" => requests go to the normalised prefix, never above it
#[tokio::test]
async fn base_url_with_dot_segments() {
    let server = Server::always(200, PATCHED).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/a/../b/", server.base))
        .build()
        .expect("client");
    client.chat("c").mute().await.expect("sent");
    assert_eq!(server.requests()[0].target, format!("/b{PATH_PREFIX}c"));
}

// matrix: non-ASCII user_agent => sent as given (valid header bytes)
#[tokio::test]
async fn user_agent_non_ascii() {
    let server = Server::always(200, PATCHED).await;
    server
        .client()
        .user_agent("app/1 (Zürich)")
        .build()
        .expect("client")
        .chat("c")
        .mute()
        .await
        .expect("sent");
    assert!(server.requests()[0].raw_head.contains("app/1 (Z"));
}

// matrix: ChatAction::GetInviteLink through perform with a hostile chat id => InvalidInput(chat_id)
#[tokio::test]
async fn perform_with_hostile_chat_id() {
    let server = Server::always(200, PATCHED).await;
    let client = server.client().build().expect("client");
    let err = client
        .perform("a\r\nb", ChatAction::GetInviteLink)
        .await
        .expect_err("rejected");
    assert!(matches!(err, Error::InvalidInput { field: "chat_id", .. }));
    assert_eq!(server.count(), 0);
}
