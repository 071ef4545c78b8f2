//! The one place where postpress-rs turns `openapi/postpress.yaml` into Rust.
//!
//! `cargo xtask codegen` calls [`generate_files`] to write the generated files
//! that ship in `postpress-api` (`src/generated/`); in the workspace,
//! `crates/postpress-api/build.rs` calls it too (its `regenerate` feature), so
//! the generator settings live here and nowhere else. By job:
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
//! * [`schema`]: component schemas as standalone JSON Schema documents;
//! * [`stamp`]: the `@generated` header with the spec's and the body's hash.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use quote::quote;

mod docs;
pub mod facade;
pub mod optional;
mod progenitor;
pub mod schema;
pub mod spec;
pub mod stamp;
mod tables;

pub use schema::json_schema;
pub use spec::{
    Action, Category, Effect, ErrorType, Helper, Provider, ValueKind, ValueType, Wire, actions, categories,
    error_types, load, other_types, parse, providers, value_types, wire,
};

pub use stamp::PREAMBLE;

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

/// Generates the body of `postpress-api`'s `api.rs`: progenitor output and
/// the tables, formatted, without the header ([`generate_files`] adds it).
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
    optional::gate_schemars(&mut file);
    Ok(format!("\n{}", prettyplease::unparse(&file)))
}

/// The generated files of one spec, each with its [`stamp`] header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `postpress-api`'s wire types, low-level client and tables
    /// (`src/generated/api.rs` in the package).
    pub api: String,
    /// The `postpress` crate's action layer (`src/generated/facade.rs` in
    /// `postpress-api`'s package).
    pub facade: String,
}

impl Generated {
    /// `(file name, text)` of each file, in the order they are written.
    pub fn files(&self) -> [(&'static str, &str); 2] {
        [(API_FILE, &self.api), (FACADE_FILE, &self.facade)]
    }
}

/// The file name of [`Generated::api`].
pub const API_FILE: &str = "api.rs";
/// The file name of [`Generated::facade`].
pub const FACADE_FILE: &str = "facade.rs";

/// Both generated files for the spec at `path`, stamped with the hash of
/// its bytes. Errors name the file.
pub fn generate_files(path: &Path) -> Result<Generated> {
    let bytes = std::fs::read(path).map_err(|source| CodegenError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let text = std::str::from_utf8(&bytes).map_err(|e| CodegenError::Parse {
        origin: origin.clone(),
        message: format!("not UTF-8: {e}"),
    })?;
    let spec = parse(text, &origin)?;
    let named = |e: CodegenError| match e {
        CodegenError::Invalid(m) => CodegenError::Invalid(format!("{origin}: {m}")),
        other => other,
    };
    let api = generate(&spec).map_err(named)?;
    let facade = facade::generate(&spec).map_err(named)?;
    Ok(Generated {
        api: stamp::stamp(&api, &bytes),
        facade: stamp::stamp(&facade, &bytes),
    })
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
