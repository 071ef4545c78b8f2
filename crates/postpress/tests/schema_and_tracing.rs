//! `ChatAction` against the spec's request schema, and what tracing emits.

mod common;

use common::{Capture, ClientFor, KEY, PATCHED, Server, json};
use postpress::{ChatAction, Label, Provider, ProviderId, ValueType};
use serde_json::{Value, json};

fn spec_request_schema() -> &'static jsonschema::Validator {
    common::request_schema()
}

fn facade_schema() -> jsonschema::Validator {
    let schema = serde_json::to_value(schemars::schema_for!(ChatAction)).expect("json");
    jsonschema::draft7::new(&schema).expect("valid schema")
}

/// Instances on both sides of every rule of the request body.
fn corpus() -> Vec<Value> {
    let mut out = vec![
        json!({}),
        json!(null),
        json!([]),
        json!("setReadStatus"),
        json!({"value": true}),
        json!({"action": "deleteChat", "value": true}),
        json!({"action": "SetReadStatus", "value": true}),
        json!({"action": null}),
        json!({"action": 1, "value": true}),
    ];
    let values = [
        json!(true),
        json!(false),
        json!("x"),
        json!(""),
        json!(1),
        json!(null),
        json!({}),
        json!([]),
    ];
    for a in postpress::ACTIONS {
        out.push(json!({"action": a.name}));
        for v in &values {
            out.push(json!({"action": a.name, "value": v}));
            out.push(json!({"action": a.name, "value": v, "extra": 1}));
        }
    }
    out
}

#[test]
fn chat_action_schema_accepts_exactly_what_the_spec_accepts() {
    let (spec, facade) = (spec_request_schema(), facade_schema());
    let mut accepted = 0;
    for instance in corpus() {
        let in_spec = spec.is_valid(&instance);
        assert_eq!(
            facade.is_valid(&instance),
            in_spec,
            "schemas disagree on {instance}"
        );
        // serde agrees with the schema, except that the facade refuses empty
        // provider ids and labels (the spec only says "string").
        let parsed = serde_json::from_value::<ChatAction>(instance.clone());
        let empty_string = instance.get("value") == Some(&json!(""));
        if !empty_string {
            assert_eq!(
                parsed.is_ok(),
                in_spec,
                "serde disagrees with the spec on {instance}: {parsed:?}"
            );
        }
        if let Ok(action) = parsed {
            accepted += 1;
            assert_eq!(
                serde_json::to_value(&action).expect("json"),
                instance,
                "round trip of {instance}"
            );
            assert_eq!(
                serde_json::to_value(action.to_wire()).expect("json"),
                instance,
                "generated type"
            );
        }
    }
    // Every action's valid shapes, counted from the spec's table: two per
    // boolean action (true, false), one per string or value-less action.
    let expected: usize = postpress::ACTIONS
        .iter()
        .map(|a| if a.value == ValueType::Boolean { 2 } else { 1 })
        .sum();
    assert_eq!(
        accepted, expected,
        "one accepted instance per valid shape of each action"
    );
}

/// Pins the spec to the reference doc: its actions are the doc's eight, in
/// order, with the doc's providers and value types (the facade's layer is
/// generated from the spec, so this is where a spec that drifted from the
/// doc is noticed).
#[test]
fn the_actions_are_the_eight_of_the_reference() {
    let all = [
        ChatAction::SetReadStatus(true),
        ChatAction::SetMuteStatus(true),
        ChatAction::SetArchiveStatus(true),
        ChatAction::SetPinnedStatus(true),
        ChatAction::AddParticipant(ProviderId::new("p").expect("id")),
        ChatAction::RemoveParticipant(ProviderId::new("p").expect("id")),
        ChatAction::SetLabel(Label::new("l").expect("label")),
        ChatAction::GetInviteLink,
    ];
    assert_eq!(
        all.len(),
        postpress::ACTIONS.len(),
        "the spec's actions are not the reference doc's eight"
    );
    for (action, info) in all.iter().zip(postpress::ACTIONS) {
        assert_eq!(action.name(), info.name);
        assert_eq!(action.providers(), info.providers);
        assert_eq!(action.value_type(), info.value);
    }
    use Provider::*;
    assert_eq!(all[0].providers(), &[WhatsApp, LinkedIn]);
    assert_eq!(all[2].providers(), &[WhatsApp]);
    assert_eq!(all[4].providers(), &[WhatsApp, Telegram]);
    assert_eq!(all[7].value_type(), ValueType::None);
    let idempotent: Vec<bool> = all.iter().map(ChatAction::is_idempotent).collect();
    assert_eq!(idempotent, [true, true, true, true, false, false, true, true]);
}

#[tokio::test]
async fn tracing_has_one_span_per_call_and_never_the_key() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let echo = format!(r#"{{"title":"{KEY}","type":"errors/unexpected_error","status":500}}"#);
    let server = Server::start(move |req, i| {
        if req.target.ends_with("/bad") && i < 10 {
            json(500, &echo)
        } else {
            json(200, PATCHED)
        }
    })
    .await;
    let client = server
        .client()
        .retry(postpress::RetryPolicy::exponential().base_delay(std::time::Duration::from_millis(1)))
        .build()
        .expect("client");
    client.chat("good").mute().await.expect("ok");
    client.chat("bad").mute().await.expect_err("500");
    tracing::debug!(client = ?client, "client");

    let out = capture.contents();
    assert!(!out.contains(KEY), "the key reached tracing output:\n{out}");
    assert!(out.contains("postpress.perform"), "{out}");
    assert!(out.contains("chat_id=good"), "{out}");
    assert!(out.contains("action=\"setMuteStatus\""), "{out}");
    assert!(out.contains("status=200"), "{out}");
    assert!(out.contains("status=500"), "{out}");
    assert!(out.contains("elapsed_ms="), "{out}");
    assert_eq!(out.matches("close").count(), 2, "one span per call:\n{out}");
}
