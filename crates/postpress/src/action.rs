//! The actions a chat accepts, with the right value type for each.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::{Provider, ValueType};

/// The longest provider id, label or chat id the client sends, in bytes.
pub const MAX_INPUT_LEN: usize = 1024;

/// One action on a chat: the request body of `PATCH /api/v1/chats/{chat_id}`.
///
/// Serializes to exactly the documented wire JSON, for example
/// `{"action":"setReadStatus","value":true}` or `{"action":"getInviteLink"}`.
///
/// ```
/// use postpress::{ChatAction, ProviderId};
/// let add = ChatAction::AddParticipant(ProviderId::new("334455667788@s.whatsapp.net")?);
/// assert_eq!(add.name(), "addParticipant");
/// assert!(!add.is_idempotent());
/// assert_eq!(
///     serde_json::to_string(&ChatAction::SetMuteStatus(true))?,
///     r#"{"action":"setMuteStatus","value":true}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "action", content = "value", deny_unknown_fields)]
#[non_exhaustive]
pub enum ChatAction {
    /// `setReadStatus` (WhatsApp, LinkedIn): `true` marks the chat read, `false` unread.
    #[serde(rename = "setReadStatus")]
    SetReadStatus(bool),
    /// `setMuteStatus` (WhatsApp, LinkedIn): `true` mutes, `false` unmutes.
    #[serde(rename = "setMuteStatus")]
    SetMuteStatus(bool),
    /// `setArchiveStatus` (WhatsApp): `true` archives, `false` unarchives.
    #[serde(rename = "setArchiveStatus")]
    SetArchiveStatus(bool),
    /// `setPinnedStatus` (WhatsApp): `true` pins, `false` unpins.
    #[serde(rename = "setPinnedStatus")]
    SetPinnedStatus(bool),
    /// `addParticipant` (WhatsApp, Telegram): add a user to a group chat.
    #[serde(rename = "addParticipant")]
    AddParticipant(ProviderId),
    /// `removeParticipant` (WhatsApp, Telegram): remove a user from a group chat.
    #[serde(rename = "removeParticipant")]
    RemoveParticipant(ProviderId),
    /// `setLabel` (WhatsApp): assign a label, creating it if needed.
    #[serde(rename = "setLabel")]
    SetLabel(Label),
    /// `getInviteLink` (WhatsApp, Telegram): the group's invite link.
    #[serde(rename = "getInviteLink")]
    GetInviteLink,
}

impl ChatAction {
    /// The wire name of the action, such as `setReadStatus`.
    pub fn name(&self) -> &'static str {
        match self {
            ChatAction::SetReadStatus(_) => "setReadStatus",
            ChatAction::SetMuteStatus(_) => "setMuteStatus",
            ChatAction::SetArchiveStatus(_) => "setArchiveStatus",
            ChatAction::SetPinnedStatus(_) => "setPinnedStatus",
            ChatAction::AddParticipant(_) => "addParticipant",
            ChatAction::RemoveParticipant(_) => "removeParticipant",
            ChatAction::SetLabel(_) => "setLabel",
            ChatAction::GetInviteLink => "getInviteLink",
        }
    }

    /// The providers that support this action, from the spec's `x-providers`.
    ///
    /// ```
    /// use postpress::{ChatAction, Provider};
    /// assert_eq!(ChatAction::SetArchiveStatus(true).providers(), &[Provider::WhatsApp]);
    /// assert!(ChatAction::GetInviteLink.supports(Provider::Telegram));
    /// ```
    pub fn providers(&self) -> &'static [Provider] {
        postpress_api::action_info(self.name()).map_or(&[], |a| a.providers)
    }

    /// Whether `provider` supports this action.
    pub fn supports(&self, provider: Provider) -> bool {
        self.providers().contains(&provider)
    }

    /// The JSON type of this action's `value`, from the spec.
    pub fn value_type(&self) -> ValueType {
        postpress_api::action_info(self.name()).map_or(ValueType::None, |a| a.value)
    }

    /// Whether sending the action twice has the same effect as sending it
    /// once. Only `addParticipant` and `removeParticipant` are not: retries
    /// resend them only when the first request provably was not processed.
    pub fn is_idempotent(&self) -> bool {
        !matches!(
            self,
            ChatAction::AddParticipant(_) | ChatAction::RemoveParticipant(_)
        )
    }

    /// The wire JSON of actions without a string value, precomputed: the
    /// exact bytes `serde_json::to_vec` produces (a test checks).
    pub(crate) fn static_wire(&self) -> Option<&'static [u8]> {
        Some(match self {
            ChatAction::SetReadStatus(true) => br#"{"action":"setReadStatus","value":true}"#,
            ChatAction::SetReadStatus(false) => br#"{"action":"setReadStatus","value":false}"#,
            ChatAction::SetMuteStatus(true) => br#"{"action":"setMuteStatus","value":true}"#,
            ChatAction::SetMuteStatus(false) => br#"{"action":"setMuteStatus","value":false}"#,
            ChatAction::SetArchiveStatus(true) => br#"{"action":"setArchiveStatus","value":true}"#,
            ChatAction::SetArchiveStatus(false) => br#"{"action":"setArchiveStatus","value":false}"#,
            ChatAction::SetPinnedStatus(true) => br#"{"action":"setPinnedStatus","value":true}"#,
            ChatAction::SetPinnedStatus(false) => br#"{"action":"setPinnedStatus","value":false}"#,
            ChatAction::GetInviteLink => br#"{"action":"getInviteLink"}"#,
            _ => return None,
        })
    }

    /// The generated wire type for the same action.
    pub fn to_wire(&self) -> postpress_api::types::ChatActionRequest {
        use postpress_api::types::ChatActionRequest as W;
        match self {
            ChatAction::SetReadStatus(v) => W::SetReadStatus(*v),
            ChatAction::SetMuteStatus(v) => W::SetMuteStatus(*v),
            ChatAction::SetArchiveStatus(v) => W::SetArchiveStatus(*v),
            ChatAction::SetPinnedStatus(v) => W::SetPinnedStatus(*v),
            ChatAction::AddParticipant(id) => W::AddParticipant(id.as_str().to_string()),
            ChatAction::RemoveParticipant(id) => W::RemoveParticipant(id.as_str().to_string()),
            ChatAction::SetLabel(l) => W::SetLabel(l.as_str().to_string()),
            ChatAction::GetInviteLink => W::GetInviteLink,
        }
    }
}

/// Accepts exactly the documented shapes: `action` plus a `value` of the
/// action's type, no `value` at all for `getInviteLink` (not even `null`),
/// and no other field. Provider ids and labels are validated.
impl<'de> Deserialize<'de> for ChatAction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        use serde_json::Value;

        fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
            Value::deserialize(d).map(Some)
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            action: String,
            #[serde(default, deserialize_with = "present")]
            value: Option<Value>,
        }

        let Raw { action, value } = Raw::deserialize(deserializer)?;
        let info = postpress_api::action_info(&action)
            .ok_or_else(|| D::Error::custom(format_args!("unknown action `{action}`")))?;
        let wrong = || {
            let expected = match info.value {
                ValueType::Boolean => "a boolean `value`",
                ValueType::String => "a string `value`",
                ValueType::None => "no `value` field",
            };
            D::Error::custom(format_args!("`{action}` takes {expected}"))
        };
        let text = |v: Option<Value>| match v {
            Some(Value::String(s)) => Ok(s),
            _ => Err(wrong()),
        };
        let flag = |v: &Option<Value>| match v {
            Some(Value::Bool(b)) => Ok(*b),
            _ => Err(wrong()),
        };
        Ok(match action.as_str() {
            "setReadStatus" => ChatAction::SetReadStatus(flag(&value)?),
            "setMuteStatus" => ChatAction::SetMuteStatus(flag(&value)?),
            "setArchiveStatus" => ChatAction::SetArchiveStatus(flag(&value)?),
            "setPinnedStatus" => ChatAction::SetPinnedStatus(flag(&value)?),
            "addParticipant" => {
                ChatAction::AddParticipant(ProviderId::new(text(value)?).map_err(D::Error::custom)?)
            }
            "removeParticipant" => {
                ChatAction::RemoveParticipant(ProviderId::new(text(value)?).map_err(D::Error::custom)?)
            }
            "setLabel" => ChatAction::SetLabel(Label::new(text(value)?).map_err(D::Error::custom)?),
            "getInviteLink" if value.is_none() => ChatAction::GetInviteLink,
            "getInviteLink" => return Err(wrong()),
            other => {
                return Err(D::Error::custom(format_args!(
                    "action `{other}` has no ChatAction variant"
                )));
            }
        })
    }
}

impl TryFrom<postpress_api::types::ChatActionRequest> for ChatAction {
    type Error = Error;

    /// Converts the generated wire type, validating its strings.
    fn try_from(wire: postpress_api::types::ChatActionRequest) -> Result<Self, Error> {
        use postpress_api::types::ChatActionRequest as W;
        Ok(match wire {
            W::SetReadStatus(v) => ChatAction::SetReadStatus(v),
            W::SetMuteStatus(v) => ChatAction::SetMuteStatus(v),
            W::SetArchiveStatus(v) => ChatAction::SetArchiveStatus(v),
            W::SetPinnedStatus(v) => ChatAction::SetPinnedStatus(v),
            W::AddParticipant(id) => ChatAction::AddParticipant(ProviderId::new(id)?),
            W::RemoveParticipant(id) => ChatAction::RemoveParticipant(ProviderId::new(id)?),
            W::SetLabel(l) => ChatAction::SetLabel(Label::new(l)?),
            W::GetInviteLink => ChatAction::GetInviteLink,
        })
    }
}

impl fmt::Display for ChatAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChatAction::SetReadStatus(v)
            | ChatAction::SetMuteStatus(v)
            | ChatAction::SetArchiveStatus(v)
            | ChatAction::SetPinnedStatus(v) => write!(f, "{}({v})", self.name()),
            ChatAction::AddParticipant(id) | ChatAction::RemoveParticipant(id) => {
                write!(f, "{}({:?})", self.name(), id.as_str())
            }
            ChatAction::SetLabel(l) => write!(f, "{}({:?})", self.name(), l.as_str()),
            ChatAction::GetInviteLink => f.write_str(self.name()),
        }
    }
}

/// Checks a user-supplied string: not empty or blank, no control characters
/// (CR, LF, NUL, ...), at most [`MAX_INPUT_LEN`] bytes.
pub(crate) fn check_text(field: &'static str, value: &str) -> Result<(), Error> {
    let reason = if value.is_empty() {
        "is empty"
    } else if value.trim().is_empty() {
        "is only whitespace"
    } else if value.chars().any(char::is_control) {
        "contains a control character (such as CR, LF, TAB or NUL)"
    } else if value.len() > MAX_INPUT_LEN {
        "is longer than 1024 bytes"
    } else {
        return Ok(());
    };
    Err(Error::invalid_input(field, reason))
}

macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(try_from = "String", into = "String")]
        #[schemars(transparent)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Validates `value` as a ", $field, ": not empty or blank, no control characters, at most 1024 bytes.")]
            pub fn new(value: impl Into<String>) -> Result<Self, Error> {
                let value = value.into();
                check_text($field, &value)?;
                Ok(Self(value))
            }

            /// The string as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(value: String) -> Result<Self, Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(value: &str) -> Result<Self, Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(value: &str) -> Result<Self, Error> {
                Self::new(value)
            }
        }
    };
}

validated_string!(
    /// A user's id on the chat's provider, for `addParticipant` and
    /// `removeParticipant`: `334455667788@s.whatsapp.net` on WhatsApp; a user
    /// id, `@username` or phone number on Telegram.
    ProviderId,
    "provider_id"
);

validated_string!(
    /// A label name for `setLabel`. The label is created if it does not exist.
    Label,
    "label"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_wire_bodies_are_what_serde_writes() {
        let mut covered = 0;
        for v in [true, false] {
            for action in [
                ChatAction::SetReadStatus(v),
                ChatAction::SetMuteStatus(v),
                ChatAction::SetArchiveStatus(v),
                ChatAction::SetPinnedStatus(v),
                ChatAction::GetInviteLink,
            ] {
                let wire = action.static_wire().expect("precomputed");
                assert_eq!(
                    wire,
                    serde_json::to_vec(&action).expect("json").as_slice(),
                    "{action}"
                );
                assert_eq!(
                    wire,
                    serde_json::to_vec(&action.to_wire()).expect("json").as_slice(),
                    "{action}"
                );
                covered += 1;
            }
        }
        assert_eq!(covered, 10);
        let label = ChatAction::SetLabel(Label::new("x").expect("label"));
        assert!(label.static_wire().is_none());
    }
}
