//! The command-line names of the actions: every action by its kebab-case
//! wire name (`setReadStatus` → `set-read-status`), then the short forms
//! the spec gives it (`x-helpers[].cli`, such as `read` for
//! `set-read-status true`). What the API says about each action (its value
//! type, providers, idempotency) is the wire crate's
//! ([`postpress::api::action_info`]).

/// One command-line action name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verb {
    /// The name on the command line, such as `set-read-status` or `read`.
    pub name: &'static str,
    /// The wire name of the action it performs, such as `setReadStatus`.
    pub action: &'static str,
    /// Whether it is a short form (`x-helpers`) rather than the action's own name.
    pub alias: bool,
    /// The boolean a short form sends, such as `true` for `read`; `None`
    /// when it takes the action's own VALUE.
    pub fixed: Option<bool>,
}

mod generated {
    #![allow(clippy::all)]
    include!(concat!(env!("POSTPRESS_GENERATED"), "/verbs.rs"));
}

pub use generated::VERBS;

/// The verb named `name`, if the spec has one.
pub fn find(name: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|v| v.name == name)
}
