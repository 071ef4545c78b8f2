//! What the generated action layer leans on: input validation, the
//! validated string types, and the pieces of the strict `Deserialize`.
//!
//! The actions themselves ([`ChatAction`], one method per action on
//! [`Chat`](crate::Chat), the provider-typed handles) are generated from the
//! spec into `generated.rs`.

use serde::Deserialize;

use crate::error::Error;
use postpress_api::{Provider, ValueType};

/// The longest provider id, label or chat id the client sends, in bytes.
pub const MAX_INPUT_LEN: usize = 1024;

impl ChatAction {
    /// The providers that support this action, from the spec's `x-providers`.
    ///
    /// ```
    /// use postpress::{ChatAction, Provider};
    /// assert_eq!(ChatAction::SetArchiveStatus(true).providers(), &[Provider::WhatsApp]);
    /// assert!(ChatAction::GetInviteLink.supports(Provider::Telegram));
    /// ```
    pub fn providers(&self) -> &'static [Provider] {
        self.info().providers
    }

    /// Whether `provider` supports this action.
    pub fn supports(&self, provider: Provider) -> bool {
        self.info().supports(provider)
    }

    /// The JSON type of this action's `value`, from the spec.
    pub fn value_type(&self) -> ValueType {
        self.info().value
    }

    /// Whether sending the action twice has the same effect as sending it
    /// once (the spec's `x-idempotent`; `addParticipant` and
    /// `removeParticipant` are not). Retries resend a non-idempotent action
    /// only when the first request provably was not processed.
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
    pub fn is_idempotent(&self) -> bool {
        self.info().idempotent
    }

    /// The `ChatPatched` property a success of this action carries (the
    /// spec's `x-returns`), such as `invite_link` for `getInviteLink`.
    pub fn returns(&self) -> Option<&'static str> {
        self.info().returns
    }
}

/// Checks a user-supplied string: not empty or blank, no control characters
/// (CR, LF, NUL, ...), at most [`MAX_INPUT_LEN`] bytes.
pub(crate) fn check_text(field: &'static str, value: &str) -> Result<(), Error> {
    // The common case in one pass over the bytes: printable ASCII, not
    // only spaces, within the bound (no control character is printable
    // ASCII; anything else takes the full check).
    if value.len() <= MAX_INPUT_LEN
        && value.bytes().all(|b| (0x20..0x7f).contains(&b))
        && value.bytes().any(|b| b != b' ')
    {
        return Ok(());
    }
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

/// Defines a string type validated by [`check_text`] on the way in. The
/// generated layer invokes it for each of the spec's `x-value-types`.
macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema), schemars(transparent))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Validates `value` as a ", $field, ": not empty or blank, no control characters, at most 1024 bytes.")]
            pub fn new(value: impl Into<String>) -> $crate::error::Result<Self> {
                let value = value.into();
                $crate::action::check_text($field, &value)?;
                Ok(Self(value))
            }

            /// The string as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::Error;
            fn try_from(value: String) -> $crate::error::Result<Self> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::error::Error;
            fn try_from(value: &str) -> $crate::error::Result<Self> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(value: &str) -> $crate::error::Result<Self> {
                Self::new(value)
            }
        }
    };
}
pub(crate) use validated_string;

validated_string!(
    /// The value of a string action the spec gives no `x-value-type`:
    /// validated like every string the client sends.
    Text,
    "value"
);

/// `action` and the raw `value` of a request body (`None` when absent; a
/// `null` is present). Unknown fields are refused.
pub(crate) fn raw_parts<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<(String, Option<serde_json::Value>), D::Error> {
    fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
        serde_json::Value::deserialize(d).map(Some)
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        action: String,
        #[serde(default, deserialize_with = "present")]
        value: Option<serde_json::Value>,
    }
    let Raw { action, value } = Raw::deserialize(deserializer)?;
    Ok((action, value))
}

fn wrong_value(action: &str) -> String {
    let expected = match postpress_api::action_info(action).map(|a| a.value) {
        Some(ValueType::Boolean) => "a boolean `value`",
        Some(ValueType::String) => "a string `value`",
        _ => "no `value` field",
    };
    format!("`{action}` takes {expected}")
}

pub(crate) fn flag_value(action: &str, value: Option<serde_json::Value>) -> Result<bool, String> {
    match value {
        Some(serde_json::Value::Bool(b)) => Ok(b),
        _ => Err(wrong_value(action)),
    }
}

pub(crate) fn text_value<T: TryFrom<String, Error = Error>>(
    action: &str,
    value: Option<serde_json::Value>,
) -> Result<T, String> {
    match value {
        Some(serde_json::Value::String(s)) => T::try_from(s).map_err(|e| e.to_string()),
        _ => Err(wrong_value(action)),
    }
}

pub(crate) fn no_value(action: &str, value: Option<serde_json::Value>) -> Result<(), String> {
    match value {
        None => Ok(()),
        Some(_) => Err(wrong_value(action)),
    }
}

pub(crate) fn unknown_action(action: &str) -> String {
    format!("unknown action `{action}`")
}

/// The characters people put between the digits of a phone number.
fn phone_digits(field: &'static str, raw: &str) -> Result<String, Error> {
    check_text(field, raw)?;
    let trimmed = raw.trim();
    let rest = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => {
                return Err(Error::invalid_input(
                    field,
                    format!(
                        "`{c}` is not a digit: give the number in international form, such as +44 7700 900123"
                    ),
                ));
            }
        }
    }
    if digits.starts_with('0') {
        return Err(Error::invalid_input(
            field,
            "starts with 0: give the number in international form with its country code, such as +44 7700 900123",
        ));
    }
    if !(7..=15).contains(&digits.len()) {
        return Err(Error::invalid_input(
            field,
            format!("has {} digits; an international number has 7 to 15", digits.len()),
        ));
    }
    Ok(digits)
}

impl ProviderId {
    /// The WhatsApp id of a phone number: `+44 7700 900123` gives
    /// `447700900123@s.whatsapp.net`. The number must be in international
    /// form (country code first; a leading `+` and the separators ` -.()`
    /// are dropped) with 7 to 15 digits.
    ///
    /// ```
    /// use postpress::ProviderId;
    /// let id = ProviderId::whatsapp_phone("+44 7700 900123")?;
    /// assert_eq!(id.as_str(), "447700900123@s.whatsapp.net");
    /// assert!(ProviderId::whatsapp_phone("07700 900123").is_err()); // no country code
    /// # Ok::<(), postpress::Error>(())
    /// ```
    pub fn whatsapp_phone(number: &str) -> crate::error::Result<Self> {
        let digits = phone_digits("provider_id", number)?;
        Self::new(format!("{digits}@s.whatsapp.net"))
    }

    /// A Telegram username: `durov` or `@durov` gives `@durov`. Telegram's
    /// rules: 5 to 32 characters, ASCII letters, digits and underscores,
    /// starting with a letter and not ending with an underscore.
    ///
    /// ```
    /// use postpress::ProviderId;
    /// assert_eq!(ProviderId::telegram_username("durov")?.as_str(), "@durov");
    /// assert!(ProviderId::telegram_username("@ab").is_err());
    /// # Ok::<(), postpress::Error>(())
    /// ```
    pub fn telegram_username(name: &str) -> crate::error::Result<Self> {
        check_text("provider_id", name)?;
        let bare = name.trim().strip_prefix('@').unwrap_or(name.trim());
        let reason = if !(5..=32).contains(&bare.len()) {
            Some("a Telegram username has 5 to 32 characters")
        } else if !bare.starts_with(|c: char| c.is_ascii_alphabetic()) {
            Some("a Telegram username starts with a letter")
        } else if !bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            Some("a Telegram username has only ASCII letters, digits and underscores")
        } else if bare.ends_with('_') {
            Some("a Telegram username does not end with an underscore")
        } else {
            None
        };
        match reason {
            Some(r) => Err(Error::invalid_input("provider_id", r)),
            None => Self::new(format!("@{bare}")),
        }
    }

    /// A Telegram user by phone number, in international form:
    /// `+44 7700 900123` gives `+447700900123`.
    ///
    /// ```
    /// use postpress::ProviderId;
    /// assert_eq!(ProviderId::telegram_phone("+44 7700 900123")?.as_str(), "+447700900123");
    /// # Ok::<(), postpress::Error>(())
    /// ```
    pub fn telegram_phone(number: &str) -> crate::error::Result<Self> {
        let digits = phone_digits("provider_id", number)?;
        Self::new(format!("+{digits}"))
    }

    /// A Telegram user by numeric id: `123456789`. Zero is not a user id.
    ///
    /// ```
    /// use postpress::ProviderId;
    /// assert_eq!(ProviderId::telegram_user_id(123456789)?.as_str(), "123456789");
    /// assert!(ProviderId::telegram_user_id(0).is_err());
    /// # Ok::<(), postpress::Error>(())
    /// ```
    pub fn telegram_user_id(id: u64) -> crate::error::Result<Self> {
        if id == 0 {
            return Err(Error::invalid_input("provider_id", "0 is not a Telegram user id"));
        }
        Self::new(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action of the spec, with a sample value.
    fn samples() -> Vec<ChatAction> {
        let mut out = Vec::new();
        for info in postpress_api::ACTIONS {
            let values: Vec<Option<serde_json::Value>> = match info.value {
                ValueType::Boolean => vec![Some(true.into()), Some(false.into())],
                ValueType::String => vec![Some("x".into())],
                _ => vec![None],
            };
            for value in values {
                let mut body = serde_json::json!({ "action": info.name });
                if let Some(v) = value {
                    body["value"] = v;
                }
                out.push(serde_json::from_value(body).expect("a valid action"));
            }
        }
        out
    }

    #[test]
    fn static_wire_bodies_are_what_serde_writes() {
        let mut precomputed = 0;
        for action in samples() {
            let serde = serde_json::to_vec(&action).expect("json");
            assert_eq!(
                serde,
                serde_json::to_vec(&action.to_wire()).expect("json"),
                "{action}"
            );
            match action.static_wire() {
                Some(wire) => {
                    assert_eq!(wire, serde.as_slice(), "{action}");
                    precomputed += 1;
                }
                None => assert_eq!(
                    action.value_type(),
                    ValueType::String,
                    "{action} is not precomputed"
                ),
            }
            // And back: the strict Deserialize and the wire conversion agree.
            let back: ChatAction = serde_json::from_slice(&serde).expect("round trip");
            assert_eq!(back, action);
            assert_eq!(ChatAction::try_from(action.to_wire()).expect("valid"), action);
        }
        assert!(precomputed > 0);
    }

    #[test]
    fn typed_provider_ids() {
        use super::ProviderId;
        let id = |r: crate::error::Result<ProviderId>| {
            r.map(|p| p.as_str().to_string()).map_err(|e| e.to_string())
        };
        assert_eq!(
            id(ProviderId::whatsapp_phone("+44 7700 900123")).as_deref(),
            Ok("447700900123@s.whatsapp.net")
        );
        assert_eq!(
            id(ProviderId::whatsapp_phone("(33) 6.11-22-33-44")).as_deref(),
            Ok("33611223344@s.whatsapp.net")
        );
        for bad in [
            "",
            "+",
            "0044 7700 900123",
            "+44 7700 9001x3",
            "123456",
            "+1234567890123456",
            "+44\n7700900123",
        ] {
            let err = id(ProviderId::whatsapp_phone(bad)).expect_err(bad);
            assert!(err.contains("provider_id"), "{bad:?}: {err}");
        }
        assert_eq!(
            id(ProviderId::telegram_username("@durov")).as_deref(),
            Ok("@durov")
        );
        assert_eq!(
            id(ProviderId::telegram_username("Durov_2")).as_deref(),
            Ok("@Durov_2")
        );
        for bad in ["@ab", "1durov", "durov_", "du rov", "@@durov", &"a".repeat(33)] {
            assert!(ProviderId::telegram_username(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            id(ProviderId::telegram_phone("+44 7700 900123")).as_deref(),
            Ok("+447700900123")
        );
        assert_eq!(id(ProviderId::telegram_user_id(42)).as_deref(), Ok("42"));
        assert!(ProviderId::telegram_user_id(0).is_err());
    }
}

// The action layer generated from the spec (`src/generated/actions.rs`,
// checked by the build script): `ChatAction`, its conversions and strict
// `Deserialize`, and the validated value types of `x-value-types`.
#[allow(clippy::all)]
mod generated {
    include!(concat!(env!("POSTPRESS_GENERATED"), "/actions.rs"));
}
pub use generated::*;
