//! Snapshots that pin what the generated types put on the wire: their JSON
//! Schemas, the JSON of every action and spec example, the error-type table.
//! Refresh them with `cargo xtask codegen` (never by hand) and review the
//! diff. The generated source itself is pinned by the shipped files in
//! `src/generated/` (see `tests/shipped.rs`).
//!
//! This binary holds snapshots only: `cargo xtask codegen` runs it to
//! refresh them, and regenerating must succeed whenever the spec is valid.
//! Pins to the reference document live in `tests/reference.rs`.

use postpress_api::types::{ChatActionRequest, ChatPatched, ErrorEnvelope};

const SPEC: &str = include_str!("../../../openapi/postpress.yaml");

fn spec() -> openapiv3::OpenAPI {
    postpress_codegen::parse(SPEC, "openapi/postpress.yaml").expect("the spec parses")
}

#[test]
fn json_schema_of_request() {
    insta::assert_json_snapshot!(
        "schema_chat_action_request",
        schemars::schema_for!(ChatActionRequest)
    );
}

#[test]
fn json_schema_of_responses() {
    insta::assert_json_snapshot!("schema_chat_patched", schemars::schema_for!(ChatPatched));
    insta::assert_json_snapshot!("schema_error_envelope", schemars::schema_for!(ErrorEnvelope));
}

#[test]
fn wire_json_of_every_action() {
    let all = [
        ChatActionRequest::SetReadStatus(true),
        ChatActionRequest::SetReadStatus(false),
        ChatActionRequest::SetMuteStatus(true),
        ChatActionRequest::SetArchiveStatus(true),
        ChatActionRequest::SetPinnedStatus(false),
        ChatActionRequest::AddParticipant("334455667788@s.whatsapp.net".into()),
        ChatActionRequest::RemoveParticipant("@durov".into()),
        ChatActionRequest::SetLabel("VIP".into()),
        ChatActionRequest::GetInviteLink,
    ];
    for a in &all {
        let v = serde_json::to_value(a).expect("serializes");
        assert_eq!(v["action"], a.name(), "name() disagrees with the wire for {a:?}");
    }
    let wire: Vec<String> = all
        .iter()
        .map(|a| serde_json::to_string(a).expect("serializes"))
        .collect();
    insta::assert_snapshot!("wire_requests", wire.join("\n"));
}

/// Every example in the spec, decoded into its generated type and encoded
/// again: the snapshot shows exactly the bytes the types put on the wire.
#[test]
fn wire_json_of_spec_examples() {
    let spec = spec();
    let mut lines = Vec::new();
    let op = spec.paths.paths[postpress_api::PATH_TEMPLATE]
        .as_item()
        .and_then(|p| p.patch.as_ref())
        .expect("the PATCH operation");
    let body = op
        .request_body
        .as_ref()
        .and_then(|b| b.as_item())
        .expect("inline request body");
    for (name, ex) in &body.content["application/json"].examples {
        let value = ex
            .as_item()
            .and_then(|e| e.value.clone())
            .expect("inline example");
        let typed: ChatActionRequest = serde_json::from_value(value.clone()).expect(name);
        let again = serde_json::to_value(&typed).expect("serializes");
        assert_eq!(again, value, "request example {name} does not round-trip");
        lines.push(format!(
            "request {name}: {}",
            serde_json::to_string(&typed).expect("json")
        ));
    }
    let resolve = |r: &openapiv3::ReferenceOr<openapiv3::Response>| -> openapiv3::Response {
        match r {
            openapiv3::ReferenceOr::Item(r) => r.clone(),
            openapiv3::ReferenceOr::Reference { reference } => {
                let name = reference.trim_start_matches("#/components/responses/");
                spec.components.as_ref().expect("components").responses[name]
                    .as_item()
                    .expect("inline")
                    .clone()
            }
        }
    };
    let mut all: Vec<(String, openapiv3::Response)> = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| (code.to_string(), resolve(r)))
        .collect();
    if let Some(d) = &op.responses.default {
        all.push(("default".into(), resolve(d)));
    }
    for (code, resp) in all {
        let media = &resp.content["application/json"];
        let mut examples: Vec<(String, serde_json::Value)> = media
            .examples
            .iter()
            .map(|(n, e)| {
                (
                    n.clone(),
                    e.as_item().and_then(|e| e.value.clone()).expect("inline"),
                )
            })
            .collect();
        if let Some(v) = &media.example {
            examples.push(("example".into(), v.clone()));
        }
        assert!(!examples.is_empty(), "response {code} has no example");
        for (name, value) in examples {
            let json = if code == "200" {
                let typed: ChatPatched = serde_json::from_value(value.clone()).expect(&name);
                serde_json::to_value(&typed).expect("json")
            } else {
                let typed: ErrorEnvelope = serde_json::from_value(value.clone()).expect(&name);
                serde_json::to_value(&typed).expect("json")
            };
            lines.push(format!("response {code} {name}: {json}"));
        }
    }
    insta::assert_snapshot!("wire_examples", lines.join("\n"));
}

#[test]
fn documented_error_types() {
    let table: Vec<String> = postpress_api::DOCUMENTED_ERROR_TYPES
        .iter()
        .map(|(kind, wire, status, desc)| format!("{status} {wire} {kind:?}: {desc}"))
        .collect();
    insta::assert_snapshot!("error_types", table.join("\n"));
}
