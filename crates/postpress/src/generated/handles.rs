// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: 141dc8a87ddc80d13bb06927e2bfc2cd1f74cfe2a2844384286bf3a38ee6927c

use crate::ChatAction;
/// One method per action, named after it, and the spec's helpers.
impl crate::Chat {
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub async fn set_read_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetReadStatus(value)).await
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub async fn mark_read(&self) -> crate::Result<()> {
        self.set_read_status(true).await
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub async fn mark_unread(&self) -> crate::Result<()> {
        self.set_read_status(false).await
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub async fn set_read(&self, value: bool) -> crate::Result<()> {
        self.set_read_status(value).await
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub async fn set_mute_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetMuteStatus(value)).await
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub async fn mute(&self) -> crate::Result<()> {
        self.set_mute_status(true).await
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub async fn unmute(&self) -> crate::Result<()> {
        self.set_mute_status(false).await
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub async fn set_muted(&self, value: bool) -> crate::Result<()> {
        self.set_mute_status(value).await
    }
    ///Performs `setArchiveStatus` (WhatsApp): Set the archive status of the chat. `value`: true archives the chat, false unarchives it.
    pub async fn set_archive_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetArchiveStatus(value)).await
    }
    ///Archives the chat. (`setArchiveStatus: true`; WhatsApp).
    pub async fn archive(&self) -> crate::Result<()> {
        self.set_archive_status(true).await
    }
    ///Unarchives the chat. (`setArchiveStatus: false`; WhatsApp).
    pub async fn unarchive(&self) -> crate::Result<()> {
        self.set_archive_status(false).await
    }
    ///Sets the archive status. (`setArchiveStatus`; WhatsApp). The same as [`set_archive_status`](Self::set_archive_status).
    pub async fn set_archived(&self, value: bool) -> crate::Result<()> {
        self.set_archive_status(value).await
    }
    ///Performs `setPinnedStatus` (WhatsApp): Set the pinned status of the chat. `value`: true pins the chat, false unpins it.
    pub async fn set_pinned_status(&self, value: bool) -> crate::Result<()> {
        self.run(ChatAction::SetPinnedStatus(value)).await
    }
    ///Pins the chat. (`setPinnedStatus: true`; WhatsApp).
    pub async fn pin(&self) -> crate::Result<()> {
        self.set_pinned_status(true).await
    }
    ///Unpins the chat. (`setPinnedStatus: false`; WhatsApp).
    pub async fn unpin(&self) -> crate::Result<()> {
        self.set_pinned_status(false).await
    }
    ///Sets the pinned status. (`setPinnedStatus`; WhatsApp). The same as [`set_pinned_status`](Self::set_pinned_status).
    pub async fn set_pinned(&self, value: bool) -> crate::Result<()> {
        self.set_pinned_status(value).await
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub async fn add_participant(
        &self,
        provider_id: impl AsRef<str>,
    ) -> crate::Result<()> {
        self.run(
                ChatAction::AddParticipant(crate::ProviderId::new(provider_id.as_ref())?),
            )
            .await
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub async fn remove_participant(
        &self,
        provider_id: impl AsRef<str>,
    ) -> crate::Result<()> {
        self.run(
                ChatAction::RemoveParticipant(
                    crate::ProviderId::new(provider_id.as_ref())?,
                ),
            )
            .await
    }
    ///Performs `setLabel` (WhatsApp): Add a label to the chat. If the label does not exist, it will be created and then assigned. `value`: The label name.
    pub async fn set_label(&self, label: impl AsRef<str>) -> crate::Result<()> {
        self.run(ChatAction::SetLabel(crate::Label::new(label.as_ref())?)).await
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub async fn get_invite_link(&self) -> crate::Result<crate::Url> {
        self.run_returning(ChatAction::GetInviteLink).await
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub async fn invite_link(&self) -> crate::Result<crate::Url> {
        self.get_invite_link().await
    }
}
/**A LinkedIn chat: `client.linkedin_chat(id)`. It has a method for each action LinkedIn supports (`setReadStatus`, `setMuteStatus`) and for their helpers, and no other: calling an action LinkedIn does not support is a compile error, not a 501 at run time. Built from the spec's `x-providers`.

```no_run
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.linkedin_chat("chat-id").set_read_status(true).await?;
# Ok(()) }
```

`setArchiveStatus` is not supported on LinkedIn, so this does not compile:

```compile_fail,E0599
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.linkedin_chat("chat-id").set_archive_status(true).await?;
# Ok(()) }
```

Nor does its helper:

```compile_fail,E0599
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.linkedin_chat("chat-id").archive().await?;
# Ok(()) }
```*/
#[derive(Debug, Clone)]
pub struct LinkedInChat {
    chat: crate::Chat,
}
impl LinkedInChat {
    /// The provider of this handle.
    pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::LinkedIn;
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }
    /// The untyped handle on the same chat, with every action.
    pub fn as_chat(&self) -> &crate::Chat {
        &self.chat
    }
    /// Turns this into the untyped handle on the same chat.
    pub fn into_chat(self) -> crate::Chat {
        self.chat
    }
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub async fn set_read_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_read_status(value).await
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub async fn mark_read(&self) -> crate::Result<()> {
        self.set_read_status(true).await
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub async fn mark_unread(&self) -> crate::Result<()> {
        self.set_read_status(false).await
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub async fn set_read(&self, value: bool) -> crate::Result<()> {
        self.set_read_status(value).await
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub async fn set_mute_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_mute_status(value).await
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub async fn mute(&self) -> crate::Result<()> {
        self.set_mute_status(true).await
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub async fn unmute(&self) -> crate::Result<()> {
        self.set_mute_status(false).await
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub async fn set_muted(&self, value: bool) -> crate::Result<()> {
        self.set_mute_status(value).await
    }
}
impl crate::Client {
    ///A handle on a LinkedIn chat, with only the actions LinkedIn supports. [`chat`](Self::chat) has every action.
    pub fn linkedin_chat(&self, chat_id: impl Into<String>) -> LinkedInChat {
        LinkedInChat {
            chat: self.chat(chat_id),
        }
    }
}
/**A Telegram chat: `client.telegram_chat(id)`. It has a method for each action Telegram supports (`addParticipant`, `removeParticipant`, `getInviteLink`) and for their helpers, and no other: calling an action Telegram does not support is a compile error, not a 501 at run time. Built from the spec's `x-providers`.

```no_run
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.telegram_chat("chat-id").add_participant("x").await?;
# Ok(()) }
```

`setReadStatus` is not supported on Telegram, so this does not compile:

```compile_fail,E0599
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.telegram_chat("chat-id").set_read_status(true).await?;
# Ok(()) }
```

Nor does its helper:

```compile_fail,E0599
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.telegram_chat("chat-id").mark_read().await?;
# Ok(()) }
```*/
#[derive(Debug, Clone)]
pub struct TelegramChat {
    chat: crate::Chat,
}
impl TelegramChat {
    /// The provider of this handle.
    pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::Telegram;
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }
    /// The untyped handle on the same chat, with every action.
    pub fn as_chat(&self) -> &crate::Chat {
        &self.chat
    }
    /// Turns this into the untyped handle on the same chat.
    pub fn into_chat(self) -> crate::Chat {
        self.chat
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub async fn add_participant(
        &self,
        provider_id: impl AsRef<str>,
    ) -> crate::Result<()> {
        self.chat.add_participant(provider_id).await
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub async fn remove_participant(
        &self,
        provider_id: impl AsRef<str>,
    ) -> crate::Result<()> {
        self.chat.remove_participant(provider_id).await
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub async fn get_invite_link(&self) -> crate::Result<crate::Url> {
        self.chat.get_invite_link().await
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub async fn invite_link(&self) -> crate::Result<crate::Url> {
        self.get_invite_link().await
    }
}
impl crate::Client {
    ///A handle on a Telegram chat, with only the actions Telegram supports. [`chat`](Self::chat) has every action.
    pub fn telegram_chat(&self, chat_id: impl Into<String>) -> TelegramChat {
        TelegramChat {
            chat: self.chat(chat_id),
        }
    }
}
/**A WhatsApp chat: `client.whatsapp_chat(id)`. It has a method for each action WhatsApp supports (`setReadStatus`, `setMuteStatus`, `setArchiveStatus`, `setPinnedStatus`, `addParticipant`, `removeParticipant`, `setLabel`, `getInviteLink`) and for their helpers, and no other: calling an action WhatsApp does not support is a compile error, not a 501 at run time. Built from the spec's `x-providers`.

```no_run
# async fn run(client: postpress::Client) -> postpress::Result<()> {
client.whatsapp_chat("chat-id").set_read_status(true).await?;
# Ok(()) }
```*/
#[derive(Debug, Clone)]
pub struct WhatsAppChat {
    chat: crate::Chat,
}
impl WhatsAppChat {
    /// The provider of this handle.
    pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::WhatsApp;
    /// The chat id.
    pub fn id(&self) -> &str {
        self.chat.id()
    }
    /// The untyped handle on the same chat, with every action.
    pub fn as_chat(&self) -> &crate::Chat {
        &self.chat
    }
    /// Turns this into the untyped handle on the same chat.
    pub fn into_chat(self) -> crate::Chat {
        self.chat
    }
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub async fn set_read_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_read_status(value).await
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub async fn mark_read(&self) -> crate::Result<()> {
        self.set_read_status(true).await
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub async fn mark_unread(&self) -> crate::Result<()> {
        self.set_read_status(false).await
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub async fn set_read(&self, value: bool) -> crate::Result<()> {
        self.set_read_status(value).await
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub async fn set_mute_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_mute_status(value).await
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub async fn mute(&self) -> crate::Result<()> {
        self.set_mute_status(true).await
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub async fn unmute(&self) -> crate::Result<()> {
        self.set_mute_status(false).await
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub async fn set_muted(&self, value: bool) -> crate::Result<()> {
        self.set_mute_status(value).await
    }
    ///Performs `setArchiveStatus` (WhatsApp): Set the archive status of the chat. `value`: true archives the chat, false unarchives it.
    pub async fn set_archive_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_archive_status(value).await
    }
    ///Archives the chat. (`setArchiveStatus: true`; WhatsApp).
    pub async fn archive(&self) -> crate::Result<()> {
        self.set_archive_status(true).await
    }
    ///Unarchives the chat. (`setArchiveStatus: false`; WhatsApp).
    pub async fn unarchive(&self) -> crate::Result<()> {
        self.set_archive_status(false).await
    }
    ///Sets the archive status. (`setArchiveStatus`; WhatsApp). The same as [`set_archive_status`](Self::set_archive_status).
    pub async fn set_archived(&self, value: bool) -> crate::Result<()> {
        self.set_archive_status(value).await
    }
    ///Performs `setPinnedStatus` (WhatsApp): Set the pinned status of the chat. `value`: true pins the chat, false unpins it.
    pub async fn set_pinned_status(&self, value: bool) -> crate::Result<()> {
        self.chat.set_pinned_status(value).await
    }
    ///Pins the chat. (`setPinnedStatus: true`; WhatsApp).
    pub async fn pin(&self) -> crate::Result<()> {
        self.set_pinned_status(true).await
    }
    ///Unpins the chat. (`setPinnedStatus: false`; WhatsApp).
    pub async fn unpin(&self) -> crate::Result<()> {
        self.set_pinned_status(false).await
    }
    ///Sets the pinned status. (`setPinnedStatus`; WhatsApp). The same as [`set_pinned_status`](Self::set_pinned_status).
    pub async fn set_pinned(&self, value: bool) -> crate::Result<()> {
        self.set_pinned_status(value).await
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub async fn add_participant(
        &self,
        provider_id: impl AsRef<str>,
    ) -> crate::Result<()> {
        self.chat.add_participant(provider_id).await
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub async fn remove_participant(
        &self,
        provider_id: impl AsRef<str>,
    ) -> crate::Result<()> {
        self.chat.remove_participant(provider_id).await
    }
    ///Performs `setLabel` (WhatsApp): Add a label to the chat. If the label does not exist, it will be created and then assigned. `value`: The label name.
    pub async fn set_label(&self, label: impl AsRef<str>) -> crate::Result<()> {
        self.chat.set_label(label).await
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub async fn get_invite_link(&self) -> crate::Result<crate::Url> {
        self.chat.get_invite_link().await
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub async fn invite_link(&self) -> crate::Result<crate::Url> {
        self.get_invite_link().await
    }
}
impl crate::Client {
    ///A handle on a WhatsApp chat, with only the actions WhatsApp supports. [`chat`](Self::chat) has every action.
    pub fn whatsapp_chat(&self, chat_id: impl Into<String>) -> WhatsAppChat {
        WhatsAppChat {
            chat: self.chat(chat_id),
        }
    }
}
