//! The one place where postpress-rs turns `openapi/postpress.yaml` into Rust.
//!
//! The spec is parsed and checked once into a [`Model`]; every emitter reads
//! that model and writes the file of the one package that compiles it
//! ([`Package`]): `cargo xtask codegen` calls [`generate_files`] to write
//! the files the packages ship (`src/generated/` in each), and in the
//! workspace each package's build script calls [`build`] (its `regenerate`
//! feature), so the generator settings live here and nowhere else. By job:
//!
//! * [`spec`]: the [`Model`]: every operation (the one marked
//!   `x-chat-actions` carries the actions), the actions with their value
//!   types, providers, idempotency, helpers and effects, error types and
//!   categories, the wire facts, each checked against the rules this
//!   project relies on;
//! * `progenitor` and `tables`: `postpress-api`'s `api.rs`, the wire types,
//!   a client method per operation, and the wire facts (`ErrorKind`,
//!   `ErrorCategory`, `Provider`, `ACTIONS`, the wire constants);
//! * [`facade`]: `postpress`'s `actions.rs`, `handles.rs` and
//!   `blocking.rs`, the action layer (`ChatAction`, one method per action,
//!   provider-typed chat handles);
//! * `mock`: `postpress-mock`'s `rules.rs` (each action's effect on a chat,
//!   the operations it answers with 501, the error types beyond the
//!   documented ones, the JSON Schemas it validates with);
//! * `cli`: `postpress-cli`'s `verbs.rs` (each command-line action name);
//! * [`schema`]: component schemas as standalone JSON Schema documents;
//! * [`stamp`]: the `@generated` header with the spec's and the body's hash
//!   (from `postpress-build`, which checks it in each package's build).

use std::path::{Path, PathBuf};

use quote::quote;

mod cli;
mod docs;
pub mod facade;
mod mock;
pub mod optional;
mod progenitor;
pub mod schema;
pub mod spec;
mod tables;

pub use schema::json_schema;
pub use spec::{
    ACTIONS_MARK, Action, Category, Effect, ErrorType, Helper, Model, Operation, Provider, ValueKind,
    ValueType, Wire, load, parse,
};

pub use postpress_build::stamp::{self, PREAMBLE};

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
pub fn generate(model: &Model) -> Result<String> {
    let client = progenitor::progenitor_tokens(&progenitor::progenitor_input(&model.spec))?;
    let tables = tables::tokens(model)?;
    let mut file: syn::File =
        syn::parse2(quote! { #client #tables }).map_err(|e| CodegenError::Syntax(e.to_string()))?;
    // Every public item documented, in the spec's words where it has them.
    let variant_docs = model
        .actions
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

/// A package of the workspace that ships code generated for it, under its
/// own `src/generated/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Package {
    /// `postpress-api`: the wire types, every operation's client, the tables
    /// of wire facts (`api.rs`).
    Api,
    /// `postpress`: the action layer (`actions.rs`), the chat handles'
    /// methods (`handles.rs`) and the blocking client's (`blocking.rs`).
    Facade,
    /// `postpress-mock`: its rules (`rules.rs`: each action's effect, the
    /// operations it does not emulate).
    Mock,
    /// `postpress-cli`: its verbs (`verbs.rs`).
    Cli,
}

impl Package {
    /// Every package, in the order they are written.
    pub const ALL: [Package; 4] = [Package::Api, Package::Facade, Package::Mock, Package::Cli];

    /// The crate name, such as `postpress-api`.
    pub fn name(self) -> &'static str {
        match self {
            Package::Api => "postpress-api",
            Package::Facade => "postpress",
            Package::Mock => "postpress-mock",
            Package::Cli => "postpress-cli",
        }
    }

    /// The package's directory in the workspace, such as `crates/postpress-api`.
    pub fn dir(self) -> &'static str {
        match self {
            Package::Api => "crates/postpress-api",
            Package::Facade => "crates/postpress",
            Package::Mock => "crates/postpress-mock",
            Package::Cli => "crates/postpress-cli",
        }
    }

    /// The files it ships under `src/generated/`.
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Package::Api => &["api.rs"],
            Package::Facade => &["actions.rs", "handles.rs", "blocking.rs"],
            Package::Mock => &["rules.rs"],
            Package::Cli => &["verbs.rs"],
        }
    }

    /// The package whose directory name (its last path component, or the
    /// unpacked `name-version` of a `.crate`) is `dir`.
    pub fn from_dir_name(dir: &str) -> Option<Package> {
        Package::ALL.into_iter().find(|p| {
            let base = p.dir().rsplit('/').next().unwrap_or_default();
            dir == base
                || dir
                    .strip_prefix(p.name())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        })
    }

    /// The bodies of [`files`](Self::files), in the same order.
    fn bodies(self, model: &Model) -> Result<Vec<String>> {
        Ok(match self {
            Package::Api => vec![generate(model)?],
            Package::Facade => facade::generate(model)?.to_vec(),
            Package::Mock => vec![mock::generate(model)?],
            Package::Cli => vec![cli::generate(model)?],
        })
    }
}

/// One generated file, with its [`stamp`] header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The package that ships it.
    pub package: Package,
    /// Its name under the package's `src/generated/`.
    pub name: &'static str,
    /// The stamped text.
    pub text: String,
}

/// The generated files of `packages` for the spec at `path`, stamped with
/// the hash of its bytes. The spec is read and checked once. Errors name
/// the file.
pub fn generate_files(path: &Path, packages: &[Package]) -> Result<Vec<GeneratedFile>> {
    let bytes = std::fs::read(path).map_err(|source| CodegenError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let text = std::str::from_utf8(&bytes).map_err(|e| CodegenError::Parse {
        origin: origin.clone(),
        message: format!("not UTF-8: {e}"),
    })?;
    let named = |e: CodegenError| match e {
        CodegenError::Invalid(m) => CodegenError::Invalid(format!("{origin}: {m}")),
        other => other,
    };
    let model = Model::parse(text, &origin).map_err(named)?;
    let mut out = Vec::new();
    for &package in packages {
        let bodies = package.bodies(&model).map_err(named)?;
        for (name, body) in package.files().iter().zip(bodies) {
            out.push(GeneratedFile {
                package,
                name,
                text: stamp::stamp(&body, &bytes),
            });
        }
    }
    Ok(out)
}

/// The generator as a crate's build script calls it (its `regenerate`
/// feature): `postpress_build::run(&["api.rs"], Some(postpress_codegen::build::api))`.
pub mod build {
    use std::path::Path;

    use crate::Package;

    fn one(spec: &Path, package: Package) -> Result<Vec<(String, String)>, String> {
        crate::generate_files(spec, &[package])
            .map(|files| files.into_iter().map(|f| (f.name.to_string(), f.text)).collect())
            .map_err(|e| e.to_string())
    }

    /// `postpress-api`'s files.
    pub fn api(spec: &Path) -> Result<Vec<(String, String)>, String> {
        one(spec, Package::Api)
    }

    /// `postpress`'s files.
    pub fn facade(spec: &Path) -> Result<Vec<(String, String)>, String> {
        one(spec, Package::Facade)
    }

    /// `postpress-mock`'s files.
    pub fn mock(spec: &Path) -> Result<Vec<(String, String)>, String> {
        one(spec, Package::Mock)
    }

    /// `postpress-cli`'s files.
    pub fn cli(spec: &Path) -> Result<Vec<(String, String)>, String> {
        one(spec, Package::Cli)
    }
}

/// Formats generated tokens as a file body (a leading blank line, as every
/// generated file has after its header).
pub(crate) fn unparse(tokens: proc_macro2::TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| CodegenError::Syntax(e.to_string()))?;
    Ok(format!("\n{}", prettyplease::unparse(&file)))
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
