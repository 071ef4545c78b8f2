//! The spec's component schemas as standalone JSON Schema documents, for
//! validators (the mock, tests, lint).

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::{Result, invalid};

/// The component schema `name` as a standalone JSON Schema document: its
/// `$ref`s are rewritten to `#/definitions/...` and every component schema is
/// included under `definitions`.
pub fn json_schema(spec: &OpenAPI, name: &str) -> Result<serde_json::Value> {
    let schemas = spec
        .components
        .as_ref()
        .map(|c| &c.schemas)
        .ok_or_else(|| invalid("the spec has no components"))?;
    let root = schemas
        .get(name)
        .ok_or_else(|| invalid(format!("no component schema `{name}`")))?;
    let to_json = |s: &ReferenceOr<Schema>| -> Result<serde_json::Value> {
        let mut v = serde_json::to_value(s).map_err(|e| invalid(e.to_string()))?;
        rewrite_refs(&mut v);
        Ok(v)
    };
    let mut doc = to_json(root)?;
    let mut defs = serde_json::Map::new();
    for (n, s) in schemas {
        defs.insert(n.clone(), to_json(s)?);
    }
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("definitions".into(), serde_json::Value::Object(defs));
    }
    Ok(doc)
}

/// Turns one OpenAPI 3.0 schema object into JSON Schema in place: drops the
/// OpenAPI-only keywords (`x-*`, `example`) and points `$ref`s at `definitions`.
fn rewrite_refs(v: &mut serde_json::Value) {
    let serde_json::Value::Object(map) = v else {
        return;
    };
    map.retain(|k, _| !k.starts_with("x-") && k != "example");
    for (k, child) in map.iter_mut() {
        match k.as_str() {
            "$ref" => {
                if let serde_json::Value::String(r) = child {
                    *r = r.replace("#/components/schemas/", "#/definitions/");
                }
            }
            "properties" => {
                if let serde_json::Value::Object(props) = child {
                    props.values_mut().for_each(rewrite_refs);
                }
            }
            "oneOf" | "anyOf" | "allOf" => {
                if let serde_json::Value::Array(items) = child {
                    items.iter_mut().for_each(rewrite_refs);
                }
            }
            "items" | "additionalProperties" | "not" => rewrite_refs(child),
            _ => {}
        }
    }
}
