//! What the mock takes from the spec beyond the wire facts of
//! `postpress-api`: each action's effect on a chat (`x-effect`), and the
//! operations it does not emulate. Generated into `src/generated/rules.rs`
//! by `postpress-codegen` (checked by the build script, regenerated in the
//! workspace), so an action or an operation added to the spec reaches the
//! mock with no edit here.

/// What an action does to a chat's state (the spec's `x-effect`), as the
/// mock applies it: [`effect_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Effect {
    /// Sets the boolean flag of this name to the action's value.
    Set(&'static str),
    /// Adds the action's value to the collection of this name.
    Add(&'static str),
    /// Removes the action's value from the collection of this name.
    Remove(&'static str),
    /// Stores the action's value under this name (a string action without
    /// `x-effect`; the spec of today has none, a grown one may).
    Assign(&'static str),
    /// Changes nothing.
    None,
}

/// An operation of the spec that the mock answers with
/// `501 errors/feature_not_implemented` (after checking the key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unemulated {
    /// Its `operationId`, such as `get_chat`.
    pub(crate) operation_id: &'static str,
    /// Its method, upper case.
    pub(crate) method: &'static str,
    /// Its path template (axum's route syntax is OpenAPI's).
    pub(crate) path: &'static str,
}

/// An error type the API family uses beyond the documented list
/// (`x-other-types`), with the status the mock answers it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct OtherErrorType {
    /// The wire `type`, such as `errors/too_many_requests`.
    pub(crate) type_name: &'static str,
    /// The status it comes with.
    pub(crate) status: u16,
    /// What it means.
    pub(crate) description: &'static str,
}

mod generated {
    #![allow(clippy::all)]
    include!(concat!(env!("POSTPRESS_GENERATED"), "/rules.rs"));
}

pub(crate) use generated::{EFFECTS, JSON_SCHEMAS, OTHER_ERROR_TYPES, UNEMULATED, other_error_types};

/// The spec's component schema `name` (such as `ChatActionRequest`) as a
/// standalone JSON Schema document: what the mock validates request bodies
/// against.
pub fn json_schema(name: &str) -> Option<&'static str> {
    JSON_SCHEMAS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The effect the mock gives the action named `action` (the wire name,
/// such as `setMuteStatus`); [`Effect::None`] for a name the spec does not
/// have.
pub fn effect_of(action: &str) -> Effect {
    EFFECTS
        .iter()
        .find(|(name, _)| *name == action)
        .map_or(Effect::None, |(_, e)| *e)
}

/// The operation the mock does not emulate at `method` on the route `path`.
pub(crate) fn unemulated(method: &str, path: &str) -> Option<&'static Unemulated> {
    UNEMULATED.iter().find(|o| o.method == method && o.path == path)
}

/// The methods the spec declares on the route `path`, for `Allow`.
pub(crate) fn allowed_methods(path: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if path == postpress_api::PATH_TEMPLATE {
        out.push(postpress_api::METHOD_NAME);
    }
    out.extend(UNEMULATED.iter().filter(|o| o.path == path).map(|o| o.method));
    out
}
