//! Drives every action through the generated client against a loopback
//! server and checks the exact bytes that arrive.

use postpress_api::PATH_PREFIX;
use postpress_api::types::ChatActionRequest;
use postpress_api::{Client, Credentials};
use postpress_testkit::Server;

#[tokio::test]
async fn every_action_sends_exactly_the_documented_request() {
    let server = Server::always(200, r#"{"object":"ChatPatched"}"#).await;
    let client = Client::new(&server.base, Credentials::api_key("key-123").expect("valid key"));
    let cases = [
        (
            ChatActionRequest::SetReadStatus(true),
            r#"{"action":"setReadStatus","value":true}"#,
        ),
        (
            ChatActionRequest::SetReadStatus(false),
            r#"{"action":"setReadStatus","value":false}"#,
        ),
        (
            ChatActionRequest::SetMuteStatus(true),
            r#"{"action":"setMuteStatus","value":true}"#,
        ),
        (
            ChatActionRequest::SetArchiveStatus(false),
            r#"{"action":"setArchiveStatus","value":false}"#,
        ),
        (
            ChatActionRequest::SetPinnedStatus(true),
            r#"{"action":"setPinnedStatus","value":true}"#,
        ),
        (
            ChatActionRequest::AddParticipant("334455667788@s.whatsapp.net".into()),
            r#"{"action":"addParticipant","value":"334455667788@s.whatsapp.net"}"#,
        ),
        (
            ChatActionRequest::RemoveParticipant("@durov".into()),
            r#"{"action":"removeParticipant","value":"@durov"}"#,
        ),
        (
            ChatActionRequest::SetLabel("VIP".into()),
            r#"{"action":"setLabel","value":"VIP"}"#,
        ),
        (ChatActionRequest::GetInviteLink, r#"{"action":"getInviteLink"}"#),
    ];
    for (i, (action, wire)) in cases.into_iter().enumerate() {
        let resp = client
            .perform_chat_action()
            .chat_id("9f9uio56sopa456s")
            .body(action.clone())
            .send()
            .await
            .expect("200");
        assert_eq!(resp.status().as_u16(), 200);
        let seen = &server.requests()[i];
        assert_eq!(seen.method, "PATCH", "{action:?}");
        assert_eq!(seen.target, format!("{PATH_PREFIX}9f9uio56sopa456s"));
        assert_eq!(seen.header("x-api-key"), Some("key-123"));
        assert_eq!(seen.header("content-type"), Some("application/json"));
        assert_eq!(seen.body_str(), wire);
    }
}

#[tokio::test]
async fn chat_ids_travel_as_one_percent_encoded_segment() {
    let server = Server::always(
        200,
        r#"{"object":"ChatPatched","invite_link":"https://chat.whatsapp.com/x"}"#,
    )
    .await;
    let client = Client::new(&server.base, Credentials::api_key("k").expect("valid key"));
    let cases = [
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("a#b", "a%23b"),
        ("a?b=c", "a%3Fb=c"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("чат/é", "%D1%87%D0%B0%D1%82%2F%C3%A9"),
        ("120363@g.us", "120363@g.us"),
    ];
    for (id, encoded) in cases {
        let resp = client
            .perform_chat_action()
            .chat_id(id)
            .body(ChatActionRequest::GetInviteLink)
            .send()
            .await
            .expect("200");
        assert_eq!(
            resp.into_inner().invite_link.as_deref(),
            Some("https://chat.whatsapp.com/x")
        );
        let seen = server.requests().pop().expect("a request arrived");
        assert_eq!(seen.target, format!("{PATH_PREFIX}{encoded}"), "chat id {id:?}");
        let segment = seen.target.trim_start_matches(PATH_PREFIX);
        assert!(!segment.contains('/'), "{id:?} split into several segments");
        let decoded = percent_decode(segment);
        assert_eq!(decoded, id, "the segment does not decode back to the id");
    }
}

#[tokio::test]
async fn no_credentials_send_no_key_and_debug_hides_it() {
    let creds = Credentials::api_key("super-secret").expect("valid key");
    assert!(!format!("{creds:?}").contains("super-secret"));
    assert!(creds.header_value().expect("set").is_sensitive());
    assert!(Credentials::api_key("bad\r\nkey").is_err());

    let server = Server::always(200, r#"{"object":"ChatPatched"}"#).await;
    let client = Client::new(&server.base, Credentials::none());
    client
        .perform_chat_action()
        .chat_id("c")
        .body(ChatActionRequest::SetMuteStatus(false))
        .send()
        .await
        .expect("200");
    let seen = server.requests().pop().expect("a request arrived");
    assert_eq!(seen.header("x-api-key"), None);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}
