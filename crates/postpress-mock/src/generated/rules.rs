// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: c9d564a41bbb2584dca60b95aaffd7f08b1eff35f8db46e47aafeeb00dad21ee

use crate::rules::{Effect, Unemulated};
/// Each action's effect on a chat (`x-effect`), in spec order.
pub(crate) const EFFECTS: &[(&str, Effect)] = &[
    ("setReadStatus", Effect::Set("read")),
    ("setMuteStatus", Effect::Set("muted")),
    ("setArchiveStatus", Effect::Set("archived")),
    ("setPinnedStatus", Effect::Set("pinned")),
    ("addParticipant", Effect::Add("participants")),
    ("removeParticipant", Effect::Remove("participants")),
    ("setLabel", Effect::Add("labels")),
    ("getInviteLink", Effect::None),
];
/// The spec's operations other than the chat action, which the mock
/// answers with `501 errors/feature_not_implemented`.
pub(crate) const UNEMULATED: &[Unemulated] = &[];
