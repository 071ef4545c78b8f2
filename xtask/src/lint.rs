//! `cargo xtask lint-spec`: the rules openapi/postpress.yaml must keep.

use std::path::Path;

use anyhow::{Result, anyhow};
use openapiv3::{OpenAPI, ReferenceOr};
use postpress_codegen::ValueKind;
use serde_json::{Value, json};

use crate::util::SPEC;

pub(crate) fn run(root: &Path) -> Result<bool> {
    let path = root.join(SPEC);
    let spec = postpress_codegen::load(&path).map_err(|e| anyhow!("{e}"))?;
    let mut problems: Vec<String> = Vec::new();
    let mut checked_examples = 0usize;

    // Every action has a non-empty, declared provider list.
    // The generator's own model: every rule it relies on, checked once.
    let (actions, errors, others) = match postpress_codegen::Model::new(spec.clone()) {
        Ok(m) => (m.actions, m.error_types, m.other_types),
        Err(e) => {
            problems.push(e.to_string());
            (Vec::new(), Vec::new(), Vec::new())
        }
    };

    let validator = |name: &str| -> Result<jsonschema::Validator> {
        let schema = postpress_codegen::json_schema(&spec, name).map_err(|e| anyhow!("{e}"))?;
        jsonschema::draft7::new(&schema).map_err(|e| anyhow!("schema {name} is not valid JSON Schema: {e}"))
    };

    // A shared response (`$ref: '#/components/responses/...'`) is checked
    // once, however many operations refer to it.
    let mut checked_refs: Vec<&str> = Vec::new();
    for (path_name, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            problems.push(format!("{path_name}: path items must be inline"));
            continue;
        };
        for (method, op) in item.iter() {
            let at = format!("{} {path_name}", method.to_uppercase());
            if op.operation_id.is_none() {
                problems.push(format!("{at}: no operationId"));
            }
            if op.summary.is_none() || op.description.is_none() {
                problems.push(format!("{at}: needs a summary and a description"));
            }
            // Request examples validate against the request schema.
            if let Some(ReferenceOr::Reference { .. }) = &op.request_body {
                problems.push(format!(
                    "{at}: the request body must be inline (its examples are checked)"
                ));
            }
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                for (mime, media) in &body.content {
                    let Some(name) = schema_name(&media.schema) else {
                        problems.push(format!("{at}: request {mime} schema must be a component $ref"));
                        continue;
                    };
                    let v = validator(&name)?;
                    for (ex_name, value) in examples(media, &mut problems, &at) {
                        checked_examples += 1;
                        check(
                            &v,
                            &value,
                            &format!("{at} request example {ex_name}"),
                            &mut problems,
                        );
                    }
                }
            }
            // Response examples validate against their schema.
            let mut responses: Vec<(String, &ReferenceOr<openapiv3::Response>)> = op
                .responses
                .responses
                .iter()
                .map(|(c, r)| (c.to_string(), r))
                .collect();
            if let Some(d) = &op.responses.default {
                responses.push(("default".into(), d));
            } else {
                problems.push(format!("{at}: no `default` response for undocumented statuses"));
            }
            for (code, resp) in responses {
                if let ReferenceOr::Reference { reference } = resp {
                    if checked_refs.contains(&reference.as_str()) {
                        continue;
                    }
                    checked_refs.push(reference);
                }
                let resp = match resolve(&spec, resp) {
                    Some(r) => r,
                    None => {
                        problems.push(format!("{at} {code}: dangling response reference"));
                        continue;
                    }
                };
                for (mime, media) in &resp.content {
                    if !is_json(mime) {
                        // A body a proxy sends (HTML, plain text): an inline
                        // string schema and a string example.
                        if !is_inline_string(&media.schema) {
                            problems.push(format!(
                                "{at} {code} {mime}: schema must be an inline `type: string`"
                            ));
                        }
                        let exs = examples(media, &mut problems, &format!("{at} {code}"));
                        if exs.is_empty() {
                            problems.push(format!("{at} {code} {mime}: no example"));
                        }
                        for (ex_name, value) in exs {
                            checked_examples += 1;
                            if !value.is_string() {
                                problems.push(format!("{at} {code} {mime} example {ex_name}: not a string"));
                            }
                        }
                        continue;
                    }
                    let Some(name) = schema_name(&media.schema) else {
                        problems.push(format!("{at} {code} {mime}: schema must be a component $ref"));
                        continue;
                    };
                    let v = validator(&name)?;
                    let exs = examples(media, &mut problems, &format!("{at} {code}"));
                    if exs.is_empty() {
                        problems.push(format!("{at} {code}: no example"));
                    }
                    for (ex_name, value) in exs {
                        checked_examples += 1;
                        let what = format!("{at} {code} example {ex_name}");
                        check(&v, &value, &what, &mut problems);
                        let body_status = value.get("status").and_then(Value::as_u64);
                        if let (Ok(status), Some(body_status)) = (code.parse::<u64>(), body_status)
                            && status != body_status
                        {
                            problems.push(format!("{what}: `status` {body_status} is not {status}"));
                        }
                        let type_ = value.get("type").and_then(Value::as_str);
                        if let ("default", Some(t)) = (code.as_str(), type_)
                            && !others.iter().any(|o| o.type_name == t)
                        {
                            problems.push(format!("{what}: type `{t}` is not listed under `x-other-types`"));
                        }
                        if let (Ok(_), Some(t)) = (code.parse::<u16>(), type_)
                            && !errors
                                .iter()
                                .any(|e| e.type_name == t && e.status.to_string() == code)
                        {
                            problems.push(format!("{what}: type `{t}` is not listed for {code}"));
                        }
                    }
                }
            }
        }
    }

    // The request schema accepts exactly the documented instances.
    let request = validator("ChatActionRequest")?;
    for a in &actions {
        let (good, bad): (Vec<Value>, Vec<Value>) = match a.value {
            ValueKind::Boolean => (
                vec![
                    json!({"action": a.name, "value": true}),
                    json!({"action": a.name, "value": false}),
                ],
                vec![
                    json!({"action": a.name}),
                    json!({"action": a.name, "value": "true"}),
                    json!({"action": a.name, "value": 1}),
                    json!({"action": a.name, "value": null}),
                ],
            ),
            ValueKind::String => (
                vec![json!({"action": a.name, "value": "x"})],
                vec![
                    json!({"action": a.name}),
                    json!({"action": a.name, "value": true}),
                    json!({"action": a.name, "value": null}),
                ],
            ),
            ValueKind::None => (
                vec![json!({"action": a.name})],
                vec![
                    json!({"action": a.name, "value": true}),
                    json!({"action": a.name, "value": "x"}),
                ],
            ),
        };
        // No variant takes fields beyond `action` and `value`.
        let mut extra = good.first().cloned().unwrap_or_default();
        extra["extra"] = json!(1);
        for g in good {
            checked_examples += 1;
            check(&request, &g, &format!("documented instance {g}"), &mut problems);
        }
        // No variant takes fields beyond `action` and `value`.
        for b in bad.into_iter().chain([extra]) {
            checked_examples += 1;
            if request.is_valid(&b) {
                problems.push(format!("ChatActionRequest accepts the undocumented instance {b}"));
            }
        }
    }
    let mut undocumented = vec![
        json!({}),
        json!({"action": "deleteChat", "value": true}),
        json!([]),
    ];
    // An action's bare name, not an object.
    undocumented.extend(actions.first().map(|a| json!(a.name)));
    for b in undocumented {
        if request.is_valid(&b) {
            problems.push(format!("ChatActionRequest accepts the undocumented instance {b}"));
        }
    }

    if problems.is_empty() {
        let statuses: std::collections::BTreeSet<u16> = errors.iter().map(|e| e.status).collect();
        println!(
            "lint-spec: {} OK: {} actions with providers, {} error types over {} statuses, {} examples and instances checked",
            SPEC,
            actions.len(),
            errors.len(),
            statuses.len(),
            checked_examples
        );
        Ok(true)
    } else {
        eprintln!("lint-spec: {} problem(s) in {}:", problems.len(), SPEC);
        for p in &problems {
            eprintln!("  - {p}");
        }
        Ok(false)
    }
}

fn check(v: &jsonschema::Validator, value: &Value, what: &str, problems: &mut Vec<String>) {
    for err in v.iter_errors(value) {
        problems.push(format!("{what}: {err} (at {})", err.instance_path()));
    }
}

/// `application/json` and `application/*+json`.
fn is_json(mime: &str) -> bool {
    let essence = mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn is_inline_string(s: &Option<ReferenceOr<openapiv3::Schema>>) -> bool {
    matches!(
        s,
        Some(ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(_)),
            ..
        }))
    )
}

fn schema_name(s: &Option<ReferenceOr<openapiv3::Schema>>) -> Option<String> {
    match s {
        Some(ReferenceOr::Reference { reference }) => reference
            .strip_prefix("#/components/schemas/")
            .map(str::to_string),
        _ => None,
    }
}

/// The inline examples of a media type; an example that is a `$ref` or has
/// no inline `value` is reported as a problem instead of being skipped.
fn examples(media: &openapiv3::MediaType, problems: &mut Vec<String>, at: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (n, e) in &media.examples {
        match e {
            ReferenceOr::Item(openapiv3::Example { value: Some(v), .. }) => out.push((n.clone(), v.clone())),
            _ => problems.push(format!(
                "{at}: example {n} must be inline with a `value` (so it can be validated)"
            )),
        }
    }
    if let Some(v) = &media.example {
        out.push(("example".into(), v.clone()));
    }
    out
}

fn resolve<'a>(
    spec: &'a OpenAPI,
    r: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    match r {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            spec.components.as_ref()?.responses.get(name)?.as_item()
        }
    }
}
