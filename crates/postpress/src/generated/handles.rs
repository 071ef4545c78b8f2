// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: 93a3d4061f42c7a85270a88edf0e238dc36c0623b1747f33cd799818a9eed22b

use crate::ChatAction;
/// One method per action, named after it, and the spec's helpers.
impl crate::Chat {
    ///Performs `setReadStatus` (WhatsApp, LinkedIn): Set the read status of the chat. `value`: true marks the chat read, false marks it unread.
    pub fn set_read_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = Ok(ChatAction::SetReadStatus(value));
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub fn mark_read<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(true)
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub fn mark_unread<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(false)
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub fn set_read<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(value)
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub fn set_mute_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = Ok(ChatAction::SetMuteStatus(value));
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub fn mute<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(true)
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub fn unmute<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(false)
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub fn set_muted<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(value)
    }
    ///Performs `setArchiveStatus` (WhatsApp): Set the archive status of the chat. `value`: true archives the chat, false unarchives it.
    pub fn set_archive_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = Ok(ChatAction::SetArchiveStatus(value));
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Archives the chat. (`setArchiveStatus: true`; WhatsApp).
    pub fn archive<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_archive_status(true)
    }
    ///Unarchives the chat. (`setArchiveStatus: false`; WhatsApp).
    pub fn unarchive<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_archive_status(false)
    }
    ///Sets the archive status. (`setArchiveStatus`; WhatsApp). The same as [`set_archive_status`](Self::set_archive_status).
    pub fn set_archived<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_archive_status(value)
    }
    ///Performs `setPinnedStatus` (WhatsApp): Set the pinned status of the chat. `value`: true pins the chat, false unpins it.
    pub fn set_pinned_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = Ok(ChatAction::SetPinnedStatus(value));
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Pins the chat. (`setPinnedStatus: true`; WhatsApp).
    pub fn pin<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_pinned_status(true)
    }
    ///Unpins the chat. (`setPinnedStatus: false`; WhatsApp).
    pub fn unpin<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_pinned_status(false)
    }
    ///Sets the pinned status. (`setPinnedStatus`; WhatsApp). The same as [`set_pinned_status`](Self::set_pinned_status).
    pub fn set_pinned<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_pinned_status(value)
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub fn add_participant<'a>(
        &'a self,
        provider_id: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = crate::ProviderId::new(provider_id.as_ref())
            .map(ChatAction::AddParticipant);
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub fn remove_participant<'a>(
        &'a self,
        provider_id: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = crate::ProviderId::new(provider_id.as_ref())
            .map(ChatAction::RemoveParticipant);
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Performs `setLabel` (WhatsApp): Add a label to the chat. If the label does not exist, it will be created and then assigned. `value`: The label name.
    pub fn set_label<'a>(
        &'a self,
        label: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        let action = crate::Label::new(label.as_ref()).map(ChatAction::SetLabel);
        crate::ActionCall::new(move |options| self.run(action, options))
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub fn get_invite_link<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<
            Output = crate::Result<crate::Url>,
            Future: crate::MaybeSend,
        > + 'a,
    > {
        let action = Ok(ChatAction::GetInviteLink);
        crate::ActionCall::new(move |options| self.run_returning(action, options))
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub fn invite_link<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<
            Output = crate::Result<crate::Url>,
            Future: crate::MaybeSend,
        > + 'a,
    > {
        self.get_invite_link()
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
    pub fn set_read_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_read_status(value)
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub fn mark_read<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(true)
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub fn mark_unread<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(false)
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub fn set_read<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(value)
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub fn set_mute_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_mute_status(value)
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub fn mute<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(true)
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub fn unmute<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(false)
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub fn set_muted<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(value)
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
    pub fn add_participant<'a>(
        &'a self,
        provider_id: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.add_participant(provider_id)
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub fn remove_participant<'a>(
        &'a self,
        provider_id: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.remove_participant(provider_id)
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub fn get_invite_link<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<
            Output = crate::Result<crate::Url>,
            Future: crate::MaybeSend,
        > + 'a,
    > {
        self.chat.get_invite_link()
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub fn invite_link<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<
            Output = crate::Result<crate::Url>,
            Future: crate::MaybeSend,
        > + 'a,
    > {
        self.get_invite_link()
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
    pub fn set_read_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_read_status(value)
    }
    ///Marks the chat read. (`setReadStatus: true`; WhatsApp, LinkedIn).
    pub fn mark_read<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(true)
    }
    ///Marks the chat unread. (`setReadStatus: false`; WhatsApp, LinkedIn).
    pub fn mark_unread<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(false)
    }
    ///Sets the read status. (`setReadStatus`; WhatsApp, LinkedIn). The same as [`set_read_status`](Self::set_read_status).
    pub fn set_read<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_read_status(value)
    }
    ///Performs `setMuteStatus` (WhatsApp, LinkedIn): Set the mute status of the chat. `value`: true mutes the chat, false unmutes it.
    pub fn set_mute_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_mute_status(value)
    }
    ///Mutes the chat. (`setMuteStatus: true`; WhatsApp, LinkedIn).
    pub fn mute<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(true)
    }
    ///Unmutes the chat. (`setMuteStatus: false`; WhatsApp, LinkedIn).
    pub fn unmute<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(false)
    }
    ///Sets the mute status. (`setMuteStatus`; WhatsApp, LinkedIn). The same as [`set_mute_status`](Self::set_mute_status).
    pub fn set_muted<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_mute_status(value)
    }
    ///Performs `setArchiveStatus` (WhatsApp): Set the archive status of the chat. `value`: true archives the chat, false unarchives it.
    pub fn set_archive_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_archive_status(value)
    }
    ///Archives the chat. (`setArchiveStatus: true`; WhatsApp).
    pub fn archive<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_archive_status(true)
    }
    ///Unarchives the chat. (`setArchiveStatus: false`; WhatsApp).
    pub fn unarchive<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_archive_status(false)
    }
    ///Sets the archive status. (`setArchiveStatus`; WhatsApp). The same as [`set_archive_status`](Self::set_archive_status).
    pub fn set_archived<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_archive_status(value)
    }
    ///Performs `setPinnedStatus` (WhatsApp): Set the pinned status of the chat. `value`: true pins the chat, false unpins it.
    pub fn set_pinned_status<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_pinned_status(value)
    }
    ///Pins the chat. (`setPinnedStatus: true`; WhatsApp).
    pub fn pin<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_pinned_status(true)
    }
    ///Unpins the chat. (`setPinnedStatus: false`; WhatsApp).
    pub fn unpin<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_pinned_status(false)
    }
    ///Sets the pinned status. (`setPinnedStatus`; WhatsApp). The same as [`set_pinned_status`](Self::set_pinned_status).
    pub fn set_pinned<'a>(
        &'a self,
        value: bool,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.set_pinned_status(value)
    }
    ///Performs `addParticipant` (WhatsApp, Telegram): Add a participant to the group chat. Make sure that the account owner has the Add other members permission in the group to perform this action. postpress may respond successfully without actually adding the member if this limitation is not respected. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to add.
    pub fn add_participant<'a>(
        &'a self,
        provider_id: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.add_participant(provider_id)
    }
    ///Performs `removeParticipant` (WhatsApp, Telegram): Remove a participant from the group chat. Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user ID/username/phone for Telegram) of the user as value. `value`: The provider id of the user to remove.
    pub fn remove_participant<'a>(
        &'a self,
        provider_id: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.remove_participant(provider_id)
    }
    ///Performs `setLabel` (WhatsApp): Add a label to the chat. If the label does not exist, it will be created and then assigned. `value`: The label name.
    pub fn set_label<'a>(
        &'a self,
        label: impl AsRef<str>,
    ) -> crate::ActionCall<
        impl crate::Perform<Output = crate::Result<()>, Future: crate::MaybeSend> + 'a,
    > {
        self.chat.set_label(label)
    }
    ///Performs `getInviteLink` (WhatsApp, Telegram): Generate or retrieve the full group invite link. The account owner must have the required invite permissions in the group. No `value` field. Returns the `invite_link` of the answer.
    pub fn get_invite_link<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<
            Output = crate::Result<crate::Url>,
            Future: crate::MaybeSend,
        > + 'a,
    > {
        self.chat.get_invite_link()
    }
    ///The group's invite link. (`getInviteLink`; WhatsApp, Telegram). The same as [`get_invite_link`](Self::get_invite_link).
    pub fn invite_link<'a>(
        &'a self,
    ) -> crate::ActionCall<
        impl crate::Perform<
            Output = crate::Result<crate::Url>,
            Future: crate::MaybeSend,
        > + 'a,
    > {
        self.get_invite_link()
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
