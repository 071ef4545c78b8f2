//! The per-chat handle. Its action methods (one per action in the spec,
//! plus the spec's helpers such as `mark_read` and `invite_link`) are
//! generated; see [`Chat`].

use url::Url;

use crate::action::ChatAction;
use crate::call::attempt::ChatPatched;
use crate::call::options::CallOptions;
use crate::client::Client;
use crate::client::request::{ActionCall, Perform};
use crate::error::Result;
use crate::rt::MaybeSend;

/// A handle on one chat: `client.chat(id)`. It has one method per action
/// of the spec, named after it (`set_read_status(bool)`,
/// `add_participant(id)`, `get_invite_link()`, ...), and the spec's helpers
/// (`mark_read()`, `mute()`, `archive()`, `invite_link()`, ...).
///
/// For a chat whose provider you know, the provider-typed handles
/// ([`Client::whatsapp_chat`], ...) offer only the actions it supports.
///
/// ```no_run
/// # async fn run(client: postpress::Client) -> postpress::Result<()> {
/// let chat = client.chat("120363041234567890@g.us");
/// chat.mute().await?;
/// chat.set_read_status(false).await?;
/// chat.add_participant("334455667788@s.whatsapp.net").await?;
/// let link = chat.invite_link().await?;
/// println!("{link}");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Chat {
    client: Client,
    id: String,
}

impl Chat {
    pub(crate) fn new(client: Client, id: String) -> Self {
        Self { client, id }
    }

    /// The chat id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Performs any action on this chat: the general form of its methods.
    /// Returns an [`ActionCall`]: `.await` it, after setting options for
    /// this call alone if you need any.
    pub fn perform(
        &self,
        action: ChatAction,
    ) -> ActionCall<impl Perform<Output = Result<ChatPatched>, Future: MaybeSend> + '_> {
        ActionCall::new(move |options: Option<Box<CallOptions>>| async move {
            self.client.execute(&self.id, &action, options.as_deref()).await
        })
    }

    /// The call of a generated method: `action` is its action, or why its
    /// value was refused (reported when awaited, nothing sent).
    pub(crate) async fn run(
        &self,
        action: Result<ChatAction>,
        options: Option<Box<CallOptions>>,
    ) -> Result<()> {
        let action = action?;
        self.client
            .execute::<ChatPatched>(&self.id, &action, options.as_deref())
            .await
            .map(|_| ())
    }

    /// For an action with `x-returns`: the link its answer carries.
    pub(crate) async fn run_returning(
        &self,
        action: Result<ChatAction>,
        options: Option<Box<CallOptions>>,
    ) -> Result<Url> {
        let action = action?;
        self.client
            .execute::<Url>(&self.id, &action, options.as_deref())
            .await
    }
}

// One method per action and helper on `Chat`, and the provider-typed
// handles, generated from the spec (`src/generated/handles.rs`).
#[allow(clippy::all)]
mod handles {
    include!(concat!(env!("POSTPRESS_GENERATED"), "/handles.rs"));
}
pub use handles::*;
