//! Property tests (proptest).

mod common;

use postpress::api::PATH_PREFIX;
use std::sync::OnceLock;

use common::{ClientFor, PATCHED, Reply, Server};
use postpress::{ChatAction, Error, Label, ProviderId};
use proptest::prelude::*;

const CASES: u32 = 256;

fn spec_request_schema() -> &'static jsonschema::Validator {
    common::request_schema()
}

/// Any string the validation accepts as a provider id or label.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9@+._ -]{1,40}",
        any::<String>(),
        "\\PC{1,80}",
        Just("\"quoted\" \\ back/slash".to_string()),
    ]
    .prop_filter_map("valid text", |s| ProviderId::new(s.clone()).ok().map(|_| s))
}

fn action() -> impl Strategy<Value = ChatAction> {
    prop_oneof![
        any::<bool>().prop_map(ChatAction::SetReadStatus),
        any::<bool>().prop_map(ChatAction::SetMuteStatus),
        any::<bool>().prop_map(ChatAction::SetArchiveStatus),
        any::<bool>().prop_map(ChatAction::SetPinnedStatus),
        text().prop_map(|s| ChatAction::AddParticipant(ProviderId::new(s).expect("valid"))),
        text().prop_map(|s| ChatAction::RemoveParticipant(ProviderId::new(s).expect("valid"))),
        text().prop_map(|s| ChatAction::SetLabel(Label::new(s).expect("valid"))),
        Just(ChatAction::GetInviteLink),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Any ChatAction round-trips through its wire JSON, matches the
    /// generated type's bytes, and validates against the spec's schema.
    #[test]
    fn actions_round_trip_and_match_the_spec(action in action()) {
        let wire = serde_json::to_vec(&action).expect("serializes");
        prop_assert_eq!(&wire, &serde_json::to_vec(&action.to_wire()).expect("serializes"));
        let back: ChatAction = serde_json::from_slice(&wire).expect("deserializes");
        prop_assert_eq!(&back, &action);
        let value: serde_json::Value = serde_json::from_slice(&wire).expect("json");
        prop_assert!(spec_request_schema().is_valid(&value), "{} fails the spec schema", value);
    }

    /// Arbitrary JSON never panics the ChatAction decoder, and whatever it
    /// accepts the spec accepts too.
    #[test]
    fn arbitrary_json_decodes_or_fails_cleanly(
        action in prop_oneof![
            Just("setReadStatus".to_string()),
            Just("setLabel".to_string()),
            Just("getInviteLink".to_string()),
            "[a-zA-Z]{0,12}",
        ],
        value in prop_oneof![
            Just(None),
            any::<bool>().prop_map(|b| Some(serde_json::json!(b))),
            any::<String>().prop_map(|s| Some(serde_json::json!(s))),
            any::<i64>().prop_map(|n| Some(serde_json::json!(n))),
            Just(Some(serde_json::Value::Null)),
        ],
        extra in proptest::option::of("[a-z]{1,5}"),
    ) {
        let mut obj = serde_json::json!({ "action": action });
        if let Some(v) = value { obj["value"] = v; }
        if let Some(k) = extra { obj[k] = serde_json::json!(1); }
        if let Ok(parsed) = serde_json::from_value::<ChatAction>(obj.clone()) {
            prop_assert!(spec_request_schema().is_valid(&obj), "accepted {} which the spec rejects", obj);
            prop_assert_eq!(serde_json::to_value(&parsed).expect("json"), obj);
        }
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Any chat id either is refused as InvalidInput(chat_id) without a
    /// request, or reaches the server as exactly one path segment that
    /// decodes back to itself.
    #[test]
    fn any_chat_id_is_one_segment_or_refused(
        id in prop_oneof![any::<String>(), "[a-zA-Z0-9/%?#. @:+=-]{0,30}", "\\PC{0,20}", "(\\.|/|%2[fF]){1,6}"]
    ) {
        let (result, seen) = runtime().block_on(async {
            static SERVER: tokio::sync::OnceCell<Server> = tokio::sync::OnceCell::const_new();
            let server = SERVER.get_or_init(|| async { Server::always(200, PATCHED).await }).await;
            let client = server.client().build().expect("client");
            let before = server.count();
            let result = client.chat(id.clone()).mute().await;
            let seen = server.requests().get(before).map(|s| s.target.clone());
            (result, seen)
        });
        match result {
            Ok(_) => {
                let target = seen.expect("a request was seen");
                let segment = target.strip_prefix(PATH_PREFIX).expect("the chat path");
                prop_assert!(!segment.contains('/'), "{:?} became {}", id, target);
                prop_assert!(!segment.contains('?') && !segment.contains('#'));
                prop_assert_eq!(percent_decode(segment), Some(id.clone()));
            }
            Err(Error::InvalidInput { field: "chat_id", .. }) => {
                prop_assert!(
                    id.trim().is_empty() || id.chars().any(char::is_control) || id == "." || id == ".." || id.len() > 1024,
                    "{:?} was refused without a documented reason", id
                );
            }
            Err(other) => prop_assert!(false, "{:?}: unexpected {:?}", id, other),
        }
    }

    /// Arbitrary bytes with an arbitrary status never panic the decoder:
    /// the outcome is Ok only for a 2xx ChatPatched, otherwise a typed error
    /// that keeps the status.
    #[test]
    fn the_decoder_survives_arbitrary_answers(
        status in 200u16..600,
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300),
            "\\{\"(title|type|status|detail|object)\":(\"[a-z/_]{0,20}\"|[0-9.e-]{1,6}|null|true)\\}".prop_map(String::into_bytes),
            Just(br#"{"object":"ChatPatched"}"#.to_vec()),
        ],
    ) {
        let outcome = runtime().block_on(async {
            let reply = body.clone();
            let server = Server::start(move |_, _| Reply::Raw(common::response(status, "application/json", &[], &reply))).await;
            server.client().build().expect("client").chat("c").mute().await
        });
        match outcome {
            Ok(_) => prop_assert!((200..300).contains(&status)),
            Err(e) => {
                let shown = format!("{e} {e:?}");
                prop_assert!(!shown.is_empty());
                match e {
                    Error::Api(api) => {
                        prop_assert_eq!(api.status().as_u16(), status);
                        prop_assert!(status >= 300);
                    }
                    Error::UnexpectedResponse { status: s, body: b, .. } => {
                        prop_assert_eq!(s.as_u16(), status);
                        prop_assert!(b.len() <= postpress::MAX_BODY_BYTES);
                    }
                    // 1xx-like and bodies on 204/304 can end the exchange early.
                    Error::Transport(_) => prop_assert!(matches!(status, 204 | 304)),
                    other => prop_assert!(false, "unexpected {:?}", other),
                }
            }
        }
    }
}
