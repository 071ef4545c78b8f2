// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: eefd8640eab82e2faf2bf690e07db60f185ef0c08ec6a3dcad7889bb4ce0e61c

use crate::ChatAction;
/// One method per action, named after it, and the spec's helpers.
impl crate::blocking::Chat {
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub fn set_read_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetReadStatus(value))
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub fn mark_read(&self) -> crate::Result<()> {
        self.set_read_status(true)
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub fn mark_unread(&self) -> crate::Result<()> {
        self.set_read_status(false)
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub fn set_read(&self, value: bool) -> crate::Result<()> {
        self.set_read_status(value)
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub fn set_mute_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetMuteStatus(value))
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub fn mute(&self) -> crate::Result<()> {
        self.set_mute_status(true)
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub fn unmute(&self) -> crate::Result<()> {
        self.set_mute_status(false)
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub fn set_muted(&self, value: bool) -> crate::Result<()> {
        self.set_mute_status(value)
    }
    ///Performs `setArchiveStatus` (WhatsApp): Set the archive status of the chat. `value`: true archives the chat, false unarchives it.
    pub fn set_archive_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetArchiveStatus(value))
    }
    ///Archives the chat. (`setArchiveStatus: true`; WhatsApp).
    pub fn archive(&self) -> crate::Result<()> {
        self.set_archive_status(true)
    }
    ///Unarchives the chat. (`setArchiveStatus: false`; WhatsApp).
    pub fn unarchive(&self) -> crate::Result<()> {
        self.set_archive_status(false)
    }
    ///Sets the archive status. (`setArchiveStatus`; WhatsApp). The same as [`set_archive_status`](Self::set_archive_status).
    pub fn set_archived(&self, value: bool) -> crate::Result<()> {
        self.set_archive_status(value)
    }
    ///Performs `setPinnedStatus` (WhatsApp): Set the pinned status of the chat. `value`: true pins the chat, false unpins it.
    pub fn set_pinned_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetPinnedStatus(value))
    }
    ///Pins the chat. (`setPinnedStatus: true`; WhatsApp).
    pub fn pin(&self) -> crate::Result<()> {
        self.set_pinned_status(true)
    }
    ///Unpins the chat. (`setPinnedStatus: false`; WhatsApp).
    pub fn unpin(&self) -> crate::Result<()> {
        self.set_pinned_status(false)
    }
    ///Sets the pinned status. (`setPinnedStatus`; WhatsApp). The same as [`set_pinned_status`](Self::set_pinned_status).
    pub fn set_pinned(&self, value: bool) -> crate::Result<()> {
        self.set_pinned_status(value)
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub fn add_participant(&self, provider_id: impl AsRef<str>) -> crate::Result<()> {
        self.run(
            ChatAction::AddParticipant(crate::ProviderId::new(provider_id.as_ref())?),
        )
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub fn remove_participant(&self, provider_id: impl AsRef<str>) -> crate::Result<()> {
        self.run(
            ChatAction::RemoveParticipant(crate::ProviderId::new(provider_id.as_ref())?),
        )
    }
    ///Performs `setLabel` (WhatsApp): Add a label to the chat. If the label does not exist, it will be created and then assigned. `value`: The label name.
    pub fn set_label(&self, label: impl AsRef<str>) -> crate::Result<()> {
        self.run(ChatAction::SetLabel(crate::Label::new(label.as_ref())?))
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub fn get_invite_link(&self) -> crate::Result<crate::Url> {
        self.run_returning(ChatAction::GetInviteLink)
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub fn invite_link(&self) -> crate::Result<crate::Url> {
        self.get_invite_link()
    }
}
/**A LinkedIn chat: `client.linkedin_chat(id)`. It has a method for each action LinkedIn supports (`setReadStatus`, `setMuteStatus`) and for their helpers, and no other: calling an action LinkedIn does not support is a compile error, not a 501 at run time. Built from the spec's `x-providers`. Its methods block until the answer arrives.

```no_run
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.linkedin_chat("chat-id").set_read_status(true)?;
# Ok(()) }
```

`setArchiveStatus` is not supported on LinkedIn, so this does not compile:

```compile_fail,E0599
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.linkedin_chat("chat-id").set_archive_status(true)?;
# Ok(()) }
```

Nor does its helper:

```compile_fail,E0599
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.linkedin_chat("chat-id").archive()?;
# Ok(()) }
```*/
#[derive(Debug, Clone)]
pub struct LinkedInChat {
    chat: crate::blocking::Chat,
}
impl LinkedInChat {
    /// The provider of this handle.
    pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::LinkedIn;
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }
    /// The untyped handle on the same chat, with every action.
    pub fn as_chat(&self) -> &crate::blocking::Chat {
        &self.chat
    }
    /// Turns this into the untyped handle on the same chat.
    pub fn into_chat(self) -> crate::blocking::Chat {
        self.chat
    }
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub fn set_read_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_read_status(value)
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub fn mark_read(&self) -> crate::Result<()> {
        self.set_read_status(true)
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub fn mark_unread(&self) -> crate::Result<()> {
        self.set_read_status(false)
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub fn set_read(&self, value: bool) -> crate::Result<()> {
        self.set_read_status(value)
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub fn set_mute_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_mute_status(value)
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub fn mute(&self) -> crate::Result<()> {
        self.set_mute_status(true)
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub fn unmute(&self) -> crate::Result<()> {
        self.set_mute_status(false)
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub fn set_muted(&self, value: bool) -> crate::Result<()> {
        self.set_mute_status(value)
    }
}
impl crate::blocking::Client {
    ///A handle on a LinkedIn chat, with only the actions LinkedIn supports. [`chat`](Self::chat) has every action.
    pub fn linkedin_chat(&self, chat_id: impl Into<String>) -> LinkedInChat {
        LinkedInChat {
            chat: self.chat(chat_id),
        }
    }
}
/**A Telegram chat: `client.telegram_chat(id)`. It has a method for each action Telegram supports (`addParticipant`, `removeParticipant`, `getInviteLink`) and for their helpers, and no other: calling an action Telegram does not support is a compile error, not a 501 at run time. Built from the spec's `x-providers`. Its methods block until the answer arrives.

```no_run
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.telegram_chat("chat-id").add_participant("x")?;
# Ok(()) }
```

`setReadStatus` is not supported on Telegram, so this does not compile:

```compile_fail,E0599
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.telegram_chat("chat-id").set_read_status(true)?;
# Ok(()) }
```

Nor does its helper:

```compile_fail,E0599
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.telegram_chat("chat-id").mark_read()?;
# Ok(()) }
```*/
#[derive(Debug, Clone)]
pub struct TelegramChat {
    chat: crate::blocking::Chat,
}
impl TelegramChat {
    /// The provider of this handle.
    pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::Telegram;
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }
    /// The untyped handle on the same chat, with every action.
    pub fn as_chat(&self) -> &crate::blocking::Chat {
        &self.chat
    }
    /// Turns this into the untyped handle on the same chat.
    pub fn into_chat(self) -> crate::blocking::Chat {
        self.chat
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub fn add_participant(&self, provider_id: impl AsRef<str>) -> crate::Result<()> {
        self.chat.add_participant(provider_id)
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub fn remove_participant(&self, provider_id: impl AsRef<str>) -> crate::Result<()> {
        self.chat.remove_participant(provider_id)
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub fn get_invite_link(&self) -> crate::Result<crate::Url> {
        self.chat.get_invite_link()
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub fn invite_link(&self) -> crate::Result<crate::Url> {
        self.get_invite_link()
    }
}
impl crate::blocking::Client {
    ///A handle on a Telegram chat, with only the actions Telegram supports. [`chat`](Self::chat) has every action.
    pub fn telegram_chat(&self, chat_id: impl Into<String>) -> TelegramChat {
        TelegramChat {
            chat: self.chat(chat_id),
        }
    }
}
/**A WhatsApp chat: `client.whatsapp_chat(id)`. It has a method for each action WhatsApp supports (`setReadStatus`, `setMuteStatus`, `setArchiveStatus`, `setPinnedStatus`, `addParticipant`, `removeParticipant`, `setLabel`, `getInviteLink`) and for their helpers, and no other: calling an action WhatsApp does not support is a compile error, not a 501 at run time. Built from the spec's `x-providers`. Its methods block until the answer arrives.

```no_run
# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {
client.whatsapp_chat("chat-id").set_read_status(true)?;
# Ok(()) }
```*/
#[derive(Debug, Clone)]
pub struct WhatsAppChat {
    chat: crate::blocking::Chat,
}
impl WhatsAppChat {
    /// The provider of this handle.
    pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::WhatsApp;
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }
    /// The untyped handle on the same chat, with every action.
    pub fn as_chat(&self) -> &crate::blocking::Chat {
        &self.chat
    }
    /// Turns this into the untyped handle on the same chat.
    pub fn into_chat(self) -> crate::blocking::Chat {
        self.chat
    }
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub fn set_read_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_read_status(value)
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub fn mark_read(&self) -> crate::Result<()> {
        self.set_read_status(true)
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub fn mark_unread(&self) -> crate::Result<()> {
        self.set_read_status(false)
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub fn set_read(&self, value: bool) -> crate::Result<()> {
        self.set_read_status(value)
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub fn set_mute_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_mute_status(value)
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub fn mute(&self) -> crate::Result<()> {
        self.set_mute_status(true)
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub fn unmute(&self) -> crate::Result<()> {
        self.set_mute_status(false)
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub fn set_muted(&self, value: bool) -> crate::Result<()> {
        self.set_mute_status(value)
    }
    ///Performs `setArchiveStatus` (WhatsApp): Set the archive status of the chat. `value`: true archives the chat, false unarchives it.
    pub fn set_archive_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_archive_status(value)
    }
    ///Archives the chat. (`setArchiveStatus: true`; WhatsApp).
    pub fn archive(&self) -> crate::Result<()> {
        self.set_archive_status(true)
    }
    ///Unarchives the chat. (`setArchiveStatus: false`; WhatsApp).
    pub fn unarchive(&self) -> crate::Result<()> {
        self.set_archive_status(false)
    }
    ///Sets the archive status. (`setArchiveStatus`; WhatsApp). The same as [`set_archive_status`](Self::set_archive_status).
    pub fn set_archived(&self, value: bool) -> crate::Result<()> {
        self.set_archive_status(value)
    }
    ///Performs `setPinnedStatus` (WhatsApp): Set the pinned status of the chat. `value`: true pins the chat, false unpins it.
    pub fn set_pinned_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_pinned_status(value)
    }
    ///Pins the chat. (`setPinnedStatus: true`; WhatsApp).
    pub fn pin(&self) -> crate::Result<()> {
        self.set_pinned_status(true)
    }
    ///Unpins the chat. (`setPinnedStatus: false`; WhatsApp).
    pub fn unpin(&self) -> crate::Result<()> {
        self.set_pinned_status(false)
    }
    ///Sets the pinned status. (`setPinnedStatus`; WhatsApp). The same as [`set_pinned_status`](Self::set_pinned_status).
    pub fn set_pinned(&self, value: bool) -> crate::Result<()> {
        self.set_pinned_status(value)
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub fn add_participant(&self, provider_id: impl AsRef<str>) -> crate::Result<()> {
        self.chat.add_participant(provider_id)
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub fn remove_participant(&self, provider_id: impl AsRef<str>) -> crate::Result<()> {
        self.chat.remove_participant(provider_id)
    }
    ///Performs `setLabel` (WhatsApp): Add a label to the chat. If the label does not exist, it will be created and then assigned. `value`: The label name.
    pub fn set_label(&self, label: impl AsRef<str>) -> crate::Result<()> {
        self.chat.set_label(label)
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub fn get_invite_link(&self) -> crate::Result<crate::Url> {
        self.chat.get_invite_link()
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub fn invite_link(&self) -> crate::Result<crate::Url> {
        self.get_invite_link()
    }
}
impl crate::blocking::Client {
    ///A handle on a WhatsApp chat, with only the actions WhatsApp supports. [`chat`](Self::chat) has every action.
    pub fn whatsapp_chat(&self, chat_id: impl Into<String>) -> WhatsAppChat {
        WhatsAppChat {
            chat: self.chat(chat_id),
        }
    }
}
