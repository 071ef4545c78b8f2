// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: 45cc484b9c5f2b51c0e7327316b9c12aba475835b93e875c4de1c5ee249605f8

/**One action on a chat: the request body of `PATCH /api/v1/chats/{chat_id}`.

Generated from the `oneOf` branches of `ChatActionRequest` in `openapi/postpress.yaml`: one variant per action, with the right value type for each. Serializes to exactly the documented wire JSON, such as `{"action":"setReadStatus","value":true}`.*/
#[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize)]
#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
#[serde(tag = "action", content = "value", deny_unknown_fields)]
#[non_exhaustive]
pub enum ChatAction {
    ///`setReadStatus`: Set the read status of the chat. Value: true marks the chat read, false marks it unread.
    #[serde(rename = "setReadStatus")]
    SetReadStatus(bool),
    ///`setMuteStatus`: Set the mute status of the chat. Value: true mutes the chat, false unmutes it.
    #[serde(rename = "setMuteStatus")]
    SetMuteStatus(bool),
    ///`setArchiveStatus`: Set the archive status of the chat. Value: true archives the chat, false unarchives it.
    #[serde(rename = "setArchiveStatus")]
    SetArchiveStatus(bool),
    ///`setPinnedStatus`: Set the pinned status of the chat. Value: true pins the chat, false unpins it.
    #[serde(rename = "setPinnedStatus")]
    SetPinnedStatus(bool),
    ///`addParticipant`: Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. Value: The provider id of the user to add.
    #[serde(rename = "addParticipant")]
    AddParticipant(crate::ProviderId),
    ///`removeParticipant`: Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. Value: The provider id of the user to remove.
    #[serde(rename = "removeParticipant")]
    RemoveParticipant(crate::ProviderId),
    ///`setLabel`: Add a label to the chat. If the label does not exist, it will be created and then assigned. Value: The label name.
    #[serde(rename = "setLabel")]
    SetLabel(crate::Label),
    ///`getInviteLink`: Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field.
    #[serde(rename = "getInviteLink")]
    GetInviteLink,
}
impl ChatAction {
    /// The wire name of the action, such as `setReadStatus`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::SetReadStatus(..) => "setReadStatus",
            Self::SetMuteStatus(..) => "setMuteStatus",
            Self::SetArchiveStatus(..) => "setArchiveStatus",
            Self::SetPinnedStatus(..) => "setPinnedStatus",
            Self::AddParticipant(..) => "addParticipant",
            Self::RemoveParticipant(..) => "removeParticipant",
            Self::SetLabel(..) => "setLabel",
            Self::GetInviteLink => "getInviteLink",
        }
    }
    /// What the spec says about this action: value type, providers,
    /// idempotency, helpers.
    pub fn info(&self) -> &'static ::postpress_api::ActionInfo {
        match self {
            Self::SetReadStatus(..) => &::postpress_api::ACTIONS[0usize],
            Self::SetMuteStatus(..) => &::postpress_api::ACTIONS[1usize],
            Self::SetArchiveStatus(..) => &::postpress_api::ACTIONS[2usize],
            Self::SetPinnedStatus(..) => &::postpress_api::ACTIONS[3usize],
            Self::AddParticipant(..) => &::postpress_api::ACTIONS[4usize],
            Self::RemoveParticipant(..) => &::postpress_api::ACTIONS[5usize],
            Self::SetLabel(..) => &::postpress_api::ACTIONS[6usize],
            Self::GetInviteLink => &::postpress_api::ACTIONS[7usize],
        }
    }
    /// The wire JSON of actions without a string value, precomputed:
    /// the exact bytes `serde_json::to_vec` produces (a test checks).
    pub(crate) fn static_wire(&self) -> Option<&'static [u8]> {
        Some(
            match self {
                Self::SetReadStatus(true) => {
                    b"{\"action\":\"setReadStatus\",\"value\":true}"
                }
                Self::SetReadStatus(false) => {
                    b"{\"action\":\"setReadStatus\",\"value\":false}"
                }
                Self::SetMuteStatus(true) => {
                    b"{\"action\":\"setMuteStatus\",\"value\":true}"
                }
                Self::SetMuteStatus(false) => {
                    b"{\"action\":\"setMuteStatus\",\"value\":false}"
                }
                Self::SetArchiveStatus(true) => {
                    b"{\"action\":\"setArchiveStatus\",\"value\":true}"
                }
                Self::SetArchiveStatus(false) => {
                    b"{\"action\":\"setArchiveStatus\",\"value\":false}"
                }
                Self::SetPinnedStatus(true) => {
                    b"{\"action\":\"setPinnedStatus\",\"value\":true}"
                }
                Self::SetPinnedStatus(false) => {
                    b"{\"action\":\"setPinnedStatus\",\"value\":false}"
                }
                Self::GetInviteLink => b"{\"action\":\"getInviteLink\"}",
                #[allow(unreachable_patterns)]
                _ => return None,
            },
        )
    }
    /// The generated wire type for the same action.
    pub fn to_wire(&self) -> ::postpress_api::types::ChatActionRequest {
        use ::postpress_api::types::ChatActionRequest as W;
        match self {
            Self::SetReadStatus(value) => W::SetReadStatus(*value),
            Self::SetMuteStatus(value) => W::SetMuteStatus(*value),
            Self::SetArchiveStatus(value) => W::SetArchiveStatus(*value),
            Self::SetPinnedStatus(value) => W::SetPinnedStatus(*value),
            Self::AddParticipant(value) => W::AddParticipant(value.as_str().to_string()),
            Self::RemoveParticipant(value) => {
                W::RemoveParticipant(value.as_str().to_string())
            }
            Self::SetLabel(value) => W::SetLabel(value.as_str().to_string()),
            Self::GetInviteLink => W::GetInviteLink,
        }
    }
}
impl ::std::convert::TryFrom<::postpress_api::types::ChatActionRequest> for ChatAction {
    type Error = crate::Error;
    /// Converts the generated wire type, validating its strings.
    fn try_from(wire: ::postpress_api::types::ChatActionRequest) -> crate::Result<Self> {
        use ::postpress_api::types::ChatActionRequest as W;
        Ok(
            match wire {
                W::SetReadStatus(value) => Self::SetReadStatus(value),
                W::SetMuteStatus(value) => Self::SetMuteStatus(value),
                W::SetArchiveStatus(value) => Self::SetArchiveStatus(value),
                W::SetPinnedStatus(value) => Self::SetPinnedStatus(value),
                W::AddParticipant(value) => {
                    Self::AddParticipant(crate::ProviderId::new(value)?)
                }
                W::RemoveParticipant(value) => {
                    Self::RemoveParticipant(crate::ProviderId::new(value)?)
                }
                W::SetLabel(value) => Self::SetLabel(crate::Label::new(value)?),
                W::GetInviteLink => Self::GetInviteLink,
            },
        )
    }
}
/// Accepts exactly the documented shapes: `action` plus a `value` of
/// the action's type, no `value` at all for actions without one (not
/// even `null`), and no other field. String values are validated.
impl<'de> ::serde::Deserialize<'de> for ChatAction {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        use ::serde::de::Error as _;
        let (action, value) = crate::action::raw_parts(deserializer)?;
        let name = action.as_str();
        Ok(
            match name {
                "setReadStatus" => {
                    Self::SetReadStatus(
                        crate::action::flag_value(name, value).map_err(D::Error::custom)?,
                    )
                }
                "setMuteStatus" => {
                    Self::SetMuteStatus(
                        crate::action::flag_value(name, value).map_err(D::Error::custom)?,
                    )
                }
                "setArchiveStatus" => {
                    Self::SetArchiveStatus(
                        crate::action::flag_value(name, value).map_err(D::Error::custom)?,
                    )
                }
                "setPinnedStatus" => {
                    Self::SetPinnedStatus(
                        crate::action::flag_value(name, value).map_err(D::Error::custom)?,
                    )
                }
                "addParticipant" => {
                    Self::AddParticipant(
                        crate::action::text_value::<crate::ProviderId>(name, value)
                            .map_err(D::Error::custom)?,
                    )
                }
                "removeParticipant" => {
                    Self::RemoveParticipant(
                        crate::action::text_value::<crate::ProviderId>(name, value)
                            .map_err(D::Error::custom)?,
                    )
                }
                "setLabel" => {
                    Self::SetLabel(
                        crate::action::text_value::<crate::Label>(name, value)
                            .map_err(D::Error::custom)?,
                    )
                }
                "getInviteLink" => {
                    crate::action::no_value(name, value).map_err(D::Error::custom)?;
                    Self::GetInviteLink
                }
                other => {
                    return Err(D::Error::custom(crate::action::unknown_action(other)));
                }
            },
        )
    }
}
impl ::std::fmt::Display for ChatAction {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::SetReadStatus(value) => write!(f, "{}({value})", self.name()),
            Self::SetMuteStatus(value) => write!(f, "{}({value})", self.name()),
            Self::SetArchiveStatus(value) => write!(f, "{}({value})", self.name()),
            Self::SetPinnedStatus(value) => write!(f, "{}({value})", self.name()),
            Self::AddParticipant(value) => {
                write!(f, "{}({:?})", self.name(), value.as_str())
            }
            Self::RemoveParticipant(value) => {
                write!(f, "{}({:?})", self.name(), value.as_str())
            }
            Self::SetLabel(value) => write!(f, "{}({:?})", self.name(), value.as_str()),
            Self::GetInviteLink => f.write_str(self.name()),
        }
    }
}
crate::action::validated_string!(
    #[doc = "A label name for `setLabel`. The label is created if it does not exist."]
    Label, "label"
);
crate::action::validated_string!(
    #[doc =
    "A user's id on the chat's provider, for `addParticipant` and\n`removeParticipant`: `334455667788@s.whatsapp.net` on WhatsApp; a user\nid, `@username` or phone number on Telegram."]
    ProviderId, "provider_id"
);
