//! Acting on many chats: bounded concurrency, one shared pause on 429.

use futures::{Stream, StreamExt};

use crate::retry::RateGate;
use crate::{ChatAction, ChatPatched, Client, Result};

/// The outcome of one item of [`Client::perform_many`], tagged with its input.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkItem {
    /// The item's position in the input (0-based).
    pub index: usize,
    /// The chat id it was for.
    pub chat_id: String,
    /// The action it performed.
    pub action: ChatAction,
    /// What happened.
    pub result: Result<ChatPatched>,
}

impl Client {
    /// Performs many `(chat_id, action)` pairs with at most `concurrency` in
    /// flight (at least 1), yielding each result as it completes.
    ///
    /// A 429 from the server pauses every worker for the `Retry-After` it
    /// asks (1 s when absent) and the item is tried again, up to 8 times: a
    /// 429 proves the request was not processed, so this is safe for every
    /// action. A `Retry-After` beyond the retry policy's `max_retry_after`,
    /// or past its total-time bound, ends the item with the 429 instead. Other failures follow the client's [`RetryPolicy`](crate::RetryPolicy).
    /// Dropping the stream cancels the items not yet done; items are taken
    /// from `items` lazily.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use postpress::ChatAction;
    /// # async fn run(client: postpress::Client, ids: Vec<String>) {
    /// let items = ids.into_iter().map(|id| (id, ChatAction::SetReadStatus(true)));
    /// let mut results = client.perform_many(items, 16);
    /// while let Some(item) = results.next().await {
    ///     if let Err(e) = &item.result {
    ///         eprintln!("{}: {e}", item.chat_id);
    ///     }
    /// }
    /// # }
    /// ```
    pub fn perform_many<I, S>(
        &self,
        items: I,
        concurrency: usize,
    ) -> impl Stream<Item = BulkItem> + Send + 'static
    where
        I: IntoIterator<Item = (S, ChatAction)>,
        I::IntoIter: Send + 'static,
        S: Into<String>,
    {
        let client = self.clone();
        let gate = std::sync::Arc::new(RateGate::default());
        futures::stream::iter(items.into_iter().enumerate())
            .map(move |(index, (chat_id, action))| {
                let (client, gate) = (client.clone(), gate.clone());
                let chat_id: String = chat_id.into();
                async move {
                    let result = client.execute(&chat_id, &action, Some(&gate)).await;
                    BulkItem {
                        index,
                        chat_id,
                        action,
                        result,
                    }
                }
            })
            .buffer_unordered(concurrency.max(1))
    }
}
