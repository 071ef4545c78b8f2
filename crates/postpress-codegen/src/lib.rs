//! The one place where postpress-rs turns `openapi/postpress.yaml` into Rust.
//!
//! Both `crates/postpress-api/build.rs` and `cargo xtask codegen` call
//! [`generate`], so the generator settings (interface style, derives, the
//! mapping of the spec's `default` response) live here and nowhere else.
//!
//! Besides the progenitor client and wire types, the generated source holds
//! three tables read from the spec's extensions, so no list is typed twice:
//!
//! * `ErrorKind`: one variant per documented error type (`x-error-types` on
//!   each error response), with its status and description;
//! * `Provider`: the providers named in `components.x-providers`;
//! * `ACTIONS`: each request variant's action name, value type and
//!   providers (`x-providers` on each `oneOf` branch).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, ReferenceOr, Response, Schema, SchemaKind, StatusCode, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The first lines of every generated file.
pub const PREAMBLE: &str = "// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.\n\
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.\n";

/// Everything that can go wrong while reading the spec or generating code.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The spec file could not be read.
    #[error("{path}: cannot read the spec: {source}")]
    Read {
        /// The file that was read.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The spec is not valid YAML or not an OpenAPI 3.0 document.
    #[error("{origin}: not a valid OpenAPI 3.0 document: {message}")]
    Parse {
        /// The file (or `<string>`) that was parsed.
        origin: String,
        /// What the parser said, with its line and column.
        message: String,
    },
    /// The spec parses but breaks a rule this project relies on.
    #[error("{0}")]
    Invalid(String),
    /// progenitor rejected the spec (or panicked on it).
    #[error("progenitor could not generate a client: {0}")]
    Progenitor(String),
    /// The generated tokens are not valid Rust (a generator bug).
    #[error("the generated code does not parse as Rust: {0}")]
    Syntax(String),
}

/// Shorthand for results of this crate.
pub type Result<T, E = CodegenError> = std::result::Result<T, E>;

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<OpenAPI> {
    let text = std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses spec text (YAML or JSON); `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<OpenAPI> {
    let spec: OpenAPI = serde_norway::from_str(text).map_err(|e| CodegenError::Parse {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    if !spec.openapi.starts_with("3.0.") {
        return Err(CodegenError::Parse {
            origin: origin.to_string(),
            message: format!("`openapi: {}` is not 3.0.x", spec.openapi),
        });
    }
    Ok(spec)
}

/// One documented error type, as listed under `x-error-types`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ErrorType {
    /// The wire string, such as `errors/invalid_credentials`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The documented description.
    pub description: String,
    /// The HTTP status it is documented under (filled in from the response).
    #[serde(skip)]
    pub status: u16,
}

impl ErrorType {
    /// The Rust variant name: `errors/invalid_credentials` → `InvalidCredentials`.
    pub fn variant(&self) -> String {
        pascal(self.type_name.trim_start_matches("errors/"))
    }
}

/// One request variant: an action, its value type and its providers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The wire string, such as `setReadStatus`.
    pub name: String,
    /// `boolean`, `string`, or `None` when the action takes no `value`.
    pub value_type: Option<String>,
    /// Provider keys from `x-providers`, such as `whatsapp`.
    pub providers: Vec<String>,
    /// The branch's description.
    pub description: String,
}

/// A provider from `components.x-providers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The key used in `x-providers` lists, such as `whatsapp`.
    pub key: String,
    /// The display name, such as `WhatsApp` (also the Rust variant name).
    pub name: String,
}

/// The error types documented in the spec, in spec order, each with its status.
///
/// Every documented error status must carry an `x-error-types` list (the
/// `default` response may carry an empty one).
pub fn error_types(spec: &OpenAPI) -> Result<Vec<ErrorType>> {
    let mut out = Vec::new();
    for (path, op_name, op) in operations(spec) {
        for (code, resp) in &op.responses.responses {
            let StatusCode::Code(status) = code else {
                continue;
            };
            if *status < 400 {
                continue;
            }
            let resp = resolve_response(spec, resp)?;
            let where_ = format!("{op_name} {path} response {status}");
            let list = resp
                .extensions
                .get("x-error-types")
                .ok_or_else(|| CodegenError::Invalid(format!("{where_}: no `x-error-types` list")))?;
            let types: Vec<ErrorType> = serde_json::from_value(list.clone())
                .map_err(|e| CodegenError::Invalid(format!("{where_}: malformed `x-error-types`: {e}")))?;
            if types.is_empty() {
                return Err(CodegenError::Invalid(format!(
                    "{where_}: `x-error-types` is empty; a documented status lists its types"
                )));
            }
            for mut t in types {
                if !t.type_name.starts_with("errors/") || t.type_name.len() <= "errors/".len() {
                    return Err(CodegenError::Invalid(format!(
                        "{where_}: error type `{}` does not look like `errors/<name>`",
                        t.type_name
                    )));
                }
                if let Some(prev) = out.iter().find(|p: &&ErrorType| p.type_name == t.type_name) {
                    if prev.status != *status {
                        return Err(CodegenError::Invalid(format!(
                            "{where_}: `{}` is already documented under {}",
                            t.type_name, prev.status
                        )));
                    }
                    continue;
                }
                t.status = *status;
                out.push(t);
            }
        }
    }
    Ok(out)
}

/// The providers declared in `components.x-providers`.
pub fn providers(spec: &OpenAPI) -> Result<Vec<Provider>> {
    let declared = spec
        .components
        .as_ref()
        .and_then(|c| c.extensions.get("x-providers"))
        .ok_or_else(|| CodegenError::Invalid("components: no `x-providers` map".into()))?;
    #[derive(serde::Deserialize)]
    struct Entry {
        name: String,
    }
    let map: BTreeMap<String, Entry> = serde_json::from_value(declared.clone())
        .map_err(|e| CodegenError::Invalid(format!("components.x-providers: {e}")))?;
    let mut out: Vec<Provider> = map
        .into_iter()
        .map(|(key, e)| Provider { key, name: e.name })
        .collect();
    for p in &out {
        if !is_rust_ident(&p.name) {
            return Err(CodegenError::Invalid(format!(
                "components.x-providers.{}: name `{}` is not usable as a Rust identifier",
                p.key, p.name
            )));
        }
    }
    // Stable order: as the providers first appear in the action list would be
    // nicer, but the map's key order is what the spec guarantees.
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

/// The request variants of the one operation, in spec order.
pub fn actions(spec: &OpenAPI) -> Result<Vec<Action>> {
    let known: Vec<String> = providers(spec)?.into_iter().map(|p| p.key).collect();
    let schema = spec
        .components
        .as_ref()
        .and_then(|c| c.schemas.get("ChatActionRequest"))
        .ok_or_else(|| CodegenError::Invalid("components.schemas.ChatActionRequest is missing".into()))?;
    let ReferenceOr::Item(schema) = schema else {
        return Err(CodegenError::Invalid(
            "ChatActionRequest must be inline, not a $ref".into(),
        ));
    };
    let SchemaKind::OneOf { one_of } = &schema.schema_kind else {
        return Err(CodegenError::Invalid("ChatActionRequest must be a oneOf".into()));
    };
    let mut out = Vec::new();
    for (i, branch) in one_of.iter().enumerate() {
        let where_ = format!("ChatActionRequest.oneOf[{i}]");
        let ReferenceOr::Item(branch) = branch else {
            return Err(CodegenError::Invalid(format!("{where_}: must be inline")));
        };
        let SchemaKind::Type(Type::Object(obj)) = &branch.schema_kind else {
            return Err(CodegenError::Invalid(format!("{where_}: must be an object")));
        };
        let action = obj
            .properties
            .get("action")
            .and_then(inline)
            .ok_or_else(|| CodegenError::Invalid(format!("{where_}: no inline `action` property")))?;
        let name = match &action.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
            _ => None,
        }
        .ok_or_else(|| {
            CodegenError::Invalid(format!("{where_}: `action` must be a one-value string enum"))
        })?;
        let value_type = match obj.properties.get("value").and_then(inline) {
            None => None,
            Some(v) => Some(match &v.schema_kind {
                SchemaKind::Type(Type::Boolean(_)) => "boolean".to_string(),
                SchemaKind::Type(Type::String(_)) => "string".to_string(),
                _ => {
                    return Err(CodegenError::Invalid(format!(
                        "{where_} ({name}): `value` must be a boolean or a string"
                    )));
                }
            }),
        };
        let providers: Vec<String> = match branch.schema_data.extensions.get("x-providers") {
            None => {
                return Err(CodegenError::Invalid(format!(
                    "{where_} ({name}): no `x-providers` list"
                )));
            }
            Some(v) => serde_json::from_value(v.clone()).map_err(|e| {
                CodegenError::Invalid(format!("{where_} ({name}): malformed `x-providers`: {e}"))
            })?,
        };
        if providers.is_empty() {
            return Err(CodegenError::Invalid(format!(
                "{where_} ({name}): `x-providers` is empty"
            )));
        }
        if let Some(bad) = providers.iter().find(|p| !known.contains(p)) {
            return Err(CodegenError::Invalid(format!(
                "{where_} ({name}): provider `{bad}` is not declared in components.x-providers"
            )));
        }
        out.push(Action {
            name,
            value_type,
            providers,
            description: branch.schema_data.description.clone().unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Generates the whole `codegen.rs`: preamble, progenitor output, and the
/// error-kind, provider and action tables. The result is formatted Rust.
pub fn generate(spec: &OpenAPI) -> Result<String> {
    let client = progenitor_tokens(&progenitor_input(spec))?;
    let tables = tables(spec)?;
    let file: syn::File =
        syn::parse2(quote! { #client #tables }).map_err(|e| CodegenError::Syntax(e.to_string()))?;
    Ok(format!("{PREAMBLE}\n{}", prettyplease::unparse(&file)))
}

/// Loads the spec at `path` and generates; errors name the file.
pub fn generate_file(path: &Path) -> Result<String> {
    let spec = load(path)?;
    generate(&spec).map_err(|e| match e {
        CodegenError::Invalid(m) => CodegenError::Invalid(format!("{}: {m}", path.display())),
        other => other,
    })
}

/// The spec progenitor sees. progenitor 0.15 panics when an operation has both
/// a 2xx and a `default` response, and ranges (`4XX`) would shadow the
/// documented statuses in its generated match. So the `default` response is
/// left out of its input: the generated client decodes the documented
/// statuses and returns any other as `Error::UnexpectedResponse` with the
/// whole response. (The facade decodes every status itself.)
fn progenitor_input(spec: &OpenAPI) -> OpenAPI {
    let mut spec = spec.clone();
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for op in ops.into_iter().flatten() {
            op.responses.default = None;
        }
    }
    spec
}

fn progenitor_tokens(spec: &OpenAPI) -> Result<TokenStream> {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote!(crate::Credentials))
        .with_derive("PartialEq")
        .with_derive("schemars::JsonSchema");
    let mut generator = progenitor::Generator::new(&settings);
    // progenitor reports some spec problems by panicking; turn those into
    // errors without printing a backtrace from the build script.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate_tokens(spec)));
    std::panic::set_hook(prev);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(CodegenError::Progenitor(e.to_string())),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".to_string());
            Err(CodegenError::Progenitor(msg))
        }
    }
}

fn tables(spec: &OpenAPI) -> Result<TokenStream> {
    let errors = error_types(spec)?;
    let providers = providers(spec)?;
    let actions = actions(spec)?;

    // ErrorKind.
    let variants: Vec<_> = errors.iter().map(|e| format_ident!("{}", e.variant())).collect();
    let mut seen = BTreeMap::new();
    for e in &errors {
        if let Some(prev) = seen.insert(e.variant(), e.type_name.clone()) {
            return Err(CodegenError::Invalid(format!(
                "error types `{prev}` and `{}` map to the same Rust name",
                e.type_name
            )));
        }
    }
    let wires: Vec<_> = errors.iter().map(|e| e.type_name.as_str()).collect();
    let statuses: Vec<_> = errors.iter().map(|e| e.status).collect();
    let descs: Vec<_> = errors.iter().map(|e| e.description.as_str()).collect();
    let variant_docs: Vec<_> = errors
        .iter()
        .map(|e| format!("`{}` ({}): {}", e.type_name, e.status, e.description))
        .collect();
    let count = errors.len();

    // Provider.
    let p_idents: Vec<_> = providers.iter().map(|p| format_ident!("{}", p.name)).collect();
    let p_keys: Vec<_> = providers.iter().map(|p| p.key.as_str()).collect();
    let p_names: Vec<_> = providers.iter().map(|p| p.name.as_str()).collect();
    let p_docs: Vec<_> = providers
        .iter()
        .map(|p| format!("{} (`{}` in the spec).", p.name, p.key))
        .collect();
    let p_count = providers.len();

    // Actions.
    let a_entries: Vec<TokenStream> = actions
        .iter()
        .map(|a| {
            let name = &a.name;
            let value = match a.value_type.as_deref() {
                Some("boolean") => quote!(crate::ValueType::Boolean),
                Some(_) => quote!(crate::ValueType::String),
                None => quote!(crate::ValueType::None),
            };
            let provs: Vec<_> = a
                .providers
                .iter()
                .map(|k| {
                    let p = providers.iter().find(|p| &p.key == k).map(|p| p.name.as_str()).unwrap_or(k);
                    let id = format_ident!("{}", p);
                    quote!(Provider::#id)
                })
                .collect();
            let desc = a.description.trim();
            quote! {
                crate::ActionInfo { name: #name, value: #value, providers: &[#(#provs),*], description: #desc }
            }
        })
        .collect();
    let a_count = actions.len();
    // typify names each variant of the adjacently tagged request enum after
    // its `action` value with the first letter capitalised.
    let a_names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
    let a_variants: Vec<_> = actions
        .iter()
        .map(|a| format_ident!("{}", pascal(&a.name)))
        .collect();
    let a_arms: Vec<TokenStream> = actions
        .iter()
        .zip(&a_variants)
        .map(|(a, v)| match a.value_type {
            Some(_) => quote!(types::ChatActionRequest::#v(_)),
            None => quote!(types::ChatActionRequest::#v),
        })
        .collect();

    // JSON Schemas of the component schemas, for validators (mock, tests).
    let names: Vec<&String> = spec
        .components
        .as_ref()
        .map(|c| c.schemas.keys().collect())
        .unwrap_or_default();
    let schema_json: Vec<String> = names
        .iter()
        .map(|n| json_schema(spec, n).map(|v| v.to_string()))
        .collect::<Result<_>>()?;
    let schema_names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    let s_count = names.len();

    Ok(quote! {
        /// A documented error type (`type` in the error envelope), or `Unknown`
        /// with the raw string for any type the spec does not list.
        ///
        /// Generated from the `x-error-types` lists of `openapi/postpress.yaml`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A type the spec does not document; holds the raw `type` string.
            Unknown(String),
        }

        /// Every documented error type, in spec order: `(kind, wire type, status, description)`.
        pub const DOCUMENTED_ERROR_TYPES: [(ErrorKind, &str, u16, &str); #count] = [
            #( (ErrorKind::#variants, #wires, #statuses, #descs), )*
        ];

        impl ErrorKind {
            /// Maps a wire `type` to its kind; undocumented strings become `Unknown`.
            pub fn from_type(type_name: &str) -> Self {
                match type_name {
                    #( #wires => ErrorKind::#variants, )*
                    other => ErrorKind::Unknown(other.to_string()),
                }
            }

            /// The wire `type` string.
            pub fn as_str(&self) -> &str {
                match self {
                    #( ErrorKind::#variants => #wires, )*
                    ErrorKind::Unknown(raw) => raw.as_str(),
                }
            }

            /// The HTTP status the spec documents this type under; `None` for `Unknown`.
            pub fn documented_status(&self) -> Option<u16> {
                match self {
                    #( ErrorKind::#variants => Some(#statuses), )*
                    ErrorKind::Unknown(_) => None,
                }
            }

            /// The spec's description of this type; `None` for `Unknown`.
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #( ErrorKind::#variants => Some(#descs), )*
                    ErrorKind::Unknown(_) => None,
                }
            }
        }

        /// A messaging provider a chat belongs to.
        ///
        /// Generated from `components.x-providers` of `openapi/postpress.yaml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Provider {
            #(
                #[doc = #p_docs]
                #p_idents,
            )*
        }

        impl Provider {
            /// Every provider the spec declares.
            pub const ALL: [Provider; #p_count] = [#(Provider::#p_idents),*];

            /// The key the spec uses, such as `whatsapp`.
            pub fn key(self) -> &'static str {
                match self { #( Provider::#p_idents => #p_keys, )* }
            }

            /// The display name, such as `WhatsApp`.
            pub fn name(self) -> &'static str {
                match self { #( Provider::#p_idents => #p_names, )* }
            }

            /// Looks a provider up by its spec key (ASCII case-insensitive).
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|p| p.key().eq_ignore_ascii_case(key))
            }
        }

        /// Every action of `ChatActionRequest`, in spec order, with its value
        /// type and the providers that support it.
        pub const ACTIONS: [crate::ActionInfo; #a_count] = [#(#a_entries),*];

        impl types::ChatActionRequest {
            /// The wire name of the action, such as `setReadStatus`.
            pub fn name(&self) -> &'static str {
                match self { #( #a_arms => #a_names, )* }
            }
        }

        /// Each component schema of the spec as a standalone JSON Schema
        /// document (`$ref`s point into its `definitions`): `(name, json)`.
        pub const JSON_SCHEMAS: [(&str, &str); #s_count] = [#( (#schema_names, #schema_json) ),*];
    })
}

/// The component schema `name` as a standalone JSON Schema document: its
/// `$ref`s are rewritten to `#/definitions/...` and every component schema is
/// included under `definitions`.
pub fn json_schema(spec: &OpenAPI, name: &str) -> Result<serde_json::Value> {
    let schemas = spec
        .components
        .as_ref()
        .map(|c| &c.schemas)
        .ok_or_else(|| CodegenError::Invalid("the spec has no components".into()))?;
    let root = schemas
        .get(name)
        .ok_or_else(|| CodegenError::Invalid(format!("no component schema `{name}`")))?;
    let to_json = |s: &ReferenceOr<Schema>| -> Result<serde_json::Value> {
        let mut v = serde_json::to_value(s).map_err(|e| CodegenError::Invalid(e.to_string()))?;
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

fn operations(spec: &OpenAPI) -> Vec<(&str, &str, &openapiv3::Operation)> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            out.push((path.as_str(), method, op));
        }
    }
    out
}

fn resolve_response<'a>(spec: &'a OpenAPI, r: &'a ReferenceOr<Response>) -> Result<&'a Response> {
    match r {
        ReferenceOr::Item(r) => Ok(r),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/").ok_or_else(|| {
                CodegenError::Invalid(format!("response reference `{reference}` is not local"))
            })?;
            match spec.components.as_ref().and_then(|c| c.responses.get(name)) {
                Some(ReferenceOr::Item(r)) => Ok(r),
                Some(ReferenceOr::Reference { .. }) => Err(CodegenError::Invalid(format!(
                    "response `{name}` is a reference to a reference"
                ))),
                None => Err(CodegenError::Invalid(format!(
                    "response reference `{reference}` is dangling"
                ))),
            }
        }
    }
}

fn inline(s: &ReferenceOr<Box<Schema>>) -> Option<&Schema> {
    match s {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { .. } => None,
    }
}

fn pascal(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    for word in snake
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'E');
    }
    out
}

fn is_rust_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A one-line-per-item outline of the public surface of generated source:
/// used by `cargo xtask codegen` to say what changed.
pub fn surface(source: &str) -> Result<Vec<String>> {
    let file: syn::File = syn::parse_file(source).map_err(|e| CodegenError::Syntax(e.to_string()))?;
    let mut out = Vec::new();
    outline_items(&file.items, "", &mut out);
    Ok(out)
}

fn outline_items(items: &[syn::Item], prefix: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let name = f.ident.as_ref().map(|i| format!("{i}: ")).unwrap_or_default();
                        let ty = &f.ty;
                        format!("{name}{}", quote!(#ty))
                    })
                    .collect();
                out.push(format!("struct {prefix}{} {{ {} }}", s.ident, fields.join(", ")));
            }
            syn::Item::Enum(e) => {
                for v in &e.variants {
                    let fields = &v.fields;
                    let mut line = String::new();
                    let _ = write!(line, "enum {prefix}{}::{}", e.ident, v.ident);
                    if !fields.is_empty() {
                        let _ = write!(line, "{}", quote!(#fields));
                    }
                    out.push(line);
                }
            }
            syn::Item::Const(c) => {
                let ty = &c.ty;
                out.push(format!("const {prefix}{}: {}", c.ident, quote!(#ty)));
            }
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                let trait_ = i
                    .trait_
                    .as_ref()
                    .map(|(_, p)| format!("{} for ", quote!(#p)))
                    .unwrap_or_default();
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it
                        && matches!(f.vis, syn::Visibility::Public(_))
                    {
                        let sig = &f.sig;
                        out.push(format!("impl {trait_}{}: {}", quote!(#ty), quote!(#sig)));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    outline_items(items, &format!("{prefix}{}::", m.ident), out);
                }
            }
            _ => {}
        }
    }
}
