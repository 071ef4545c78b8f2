//! Drives every action through the generated client against a loopback
//! server and checks the exact bytes that arrive.

use postpress_api::types::ChatActionRequest;
use postpress_api::{Client, Credentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A one-connection-at-a-time HTTP/1.1 server that records each request and
/// answers with `body` (status 200).
async fn recorder(body: &'static str) -> (String, mpsc::UnboundedReceiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    // Read one request: head, then Content-Length bytes.
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        let mut chunk = [0u8; 4096];
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                    let mut lines = head.split("\r\n");
                    let mut first = lines.next().unwrap_or_default().split(' ');
                    let method = first.next().unwrap_or_default().to_string();
                    let target = first.next().unwrap_or_default().to_string();
                    let headers: Vec<(String, String)> = lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
                        .collect();
                    let len: usize = headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        let mut chunk = [0u8; 4096];
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let body_bytes = buf[head_end..head_end + len].to_vec();
                    buf.drain(..head_end + len);
                    let _ = tx.send(Seen {
                        method,
                        target,
                        headers,
                        body: body_bytes,
                    });
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
                        body.len(),
                        body
                    );
                    if sock.write_all(resp.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), rx)
}

#[tokio::test]
async fn every_action_sends_exactly_the_documented_request() {
    let (base, mut rx) = recorder(r#"{"object":"ChatPatched"}"#).await;
    let client = Client::new(&base, Credentials::api_key("key-123").expect("valid key"));
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
    for (action, wire) in cases {
        let resp = client
            .perform_chat_action()
            .chat_id("9f9uio56sopa456s")
            .body(action.clone())
            .send()
            .await
            .expect("200");
        assert_eq!(resp.status().as_u16(), 200);
        let seen = rx.recv().await.expect("a request arrived");
        assert_eq!(seen.method, "PATCH", "{action:?}");
        assert_eq!(seen.target, "/api/v1/chats/9f9uio56sopa456s");
        assert_eq!(seen.header("x-api-key"), ["key-123"]);
        assert_eq!(seen.header("content-type"), ["application/json"]);
        assert_eq!(String::from_utf8_lossy(&seen.body), wire);
    }
}

#[tokio::test]
async fn chat_ids_travel_as_one_percent_encoded_segment() {
    let (base, mut rx) =
        recorder(r#"{"object":"ChatPatched","invite_link":"https://chat.whatsapp.com/x"}"#).await;
    let client = Client::new(&base, Credentials::api_key("k").expect("valid key"));
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
        let seen = rx.recv().await.expect("a request arrived");
        assert_eq!(seen.target, format!("/api/v1/chats/{encoded}"), "chat id {id:?}");
        let segment = seen.target.trim_start_matches("/api/v1/chats/");
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

    let (base, mut rx) = recorder(r#"{"object":"ChatPatched"}"#).await;
    let client = Client::new(&base, Credentials::none());
    client
        .perform_chat_action()
        .chat_id("c")
        .body(ChatActionRequest::SetMuteStatus(false))
        .send()
        .await
        .expect("200");
    let seen = rx.recv().await.expect("a request arrived");
    assert!(seen.header("x-api-key").is_empty());
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
