//! The one place where postpress-rs turns `openapi/postpress.yaml` into Rust.
//!
//! `crates/postpress-api/build.rs` calls [`generate`] and [`facade::generate`];
//! `cargo xtask codegen` calls them too, so the generator settings live here
//! and nowhere else. By job:
//!
//! * [`spec`]: reading the spec into plain facts (actions with their value
//!   types, providers, idempotency, helpers and effects; error types and
//!   categories; the path, method, key header and success body), checking
//!   the rules this project relies on;
//! * `progenitor`: the wire types and the low-level client;
//! * `tables`: the tables `postpress-api` carries beside them
//!   (`ErrorKind`, `ErrorCategory`, `Provider`, `ACTIONS`, the wire
//!   constants, `JSON_SCHEMAS`);
//! * [`facade`]: the `postpress` crate's action layer (`ChatAction`, one
//!   method per action, provider-typed chat handles);
//! * [`schema`]: component schemas as standalone JSON Schema documents.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use quote::quote;

mod docs;
pub mod facade;
mod progenitor;
pub mod schema;
pub mod spec;
mod tables;

pub use schema::json_schema;
pub use spec::{
    Action, Category, Effect, ErrorType, Helper, Provider, ValueKind, ValueType, Wire, actions, categories,
    error_types, load, other_types, parse, providers, value_types, wire,
};

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

pub(crate) fn invalid(message: impl Into<String>) -> CodegenError {
    CodegenError::Invalid(message.into())
}

/// Generates `postpress-api`'s `codegen.rs`: preamble, progenitor output, and
/// the tables. The result is formatted Rust.
pub fn generate(spec: &OpenAPI) -> Result<String> {
    let client = progenitor::progenitor_tokens(&progenitor::progenitor_input(spec))?;
    let tables = tables::tokens(spec)?;
    let mut file: syn::File =
        syn::parse2(quote! { #client #tables }).map_err(|e| CodegenError::Syntax(e.to_string()))?;
    // Every public item documented, in the spec's words where it has them.
    let variant_docs = spec::actions(spec)?
        .iter()
        .map(|a| {
            (
                format!("ChatActionRequest::{}", a.variant()),
                format!("`{}`: {}", a.name, a.description.trim()),
            )
        })
        .collect();
    docs::fill(&mut file, &variant_docs);
    Ok(format!("{PREAMBLE}\n{}", prettyplease::unparse(&file)))
}

/// Both generated files for the spec at `path`: `(codegen.rs, facade.rs)`.
/// Errors name the file.
pub fn generate_files(path: &Path) -> Result<(String, String)> {
    let spec = load(path)?;
    let named = |e: CodegenError| match e {
        CodegenError::Invalid(m) => CodegenError::Invalid(format!("{}: {m}", path.display())),
        other => other,
    };
    let api = generate(&spec).map_err(named)?;
    let facade = facade::generate(&spec).map_err(named)?;
    Ok((api, facade))
}

/// `snake_case` → `SnakeCase`; a leading digit gets an `E` in front.
pub(crate) fn pascal(snake: &str) -> String {
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

pub(crate) fn is_rust_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
