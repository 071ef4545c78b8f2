//! Acting on many chats: bounded concurrency, one shared pause on 429,
//! items pulled lazily from an iterator or a stream.

use std::sync::atomic::{AtomicU32, Ordering};

use futures_core::Stream;
use futures_util::StreamExt;

use crate::call::{Gated, Intent};
use crate::pace::gate::RateGate;
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
    /// How many 429 answers this item waited out before its result (each
    /// paused every worker of the run).
    pub rate_limited: u32,
    /// How many attempts were sent (0: none went out).
    pub attempts: u32,
}

impl Client {
    /// Performs many `(chat_id, action)` pairs with at most `concurrency` in
    /// flight (at least 1), yielding each result as it completes.
    ///
    /// A 429 from the server pauses every worker for the `Retry-After` it
    /// asks (1 s when absent) and the item is tried again, up to 8 times: a
    /// 429 proves the request was not processed, so this is safe for every
    /// action. A `Retry-After` beyond the retry policy's `max_retry_after`,
    /// or past its total-time bound, ends the item with the 429 instead.
    /// Other failures follow the client's [`RetryPolicy`](crate::RetryPolicy);
    /// a client [`rate_limit`](crate::ClientBuilder::rate_limit) spaces the
    /// requests so that the 429s do not come at all. Items are taken from
    /// `items` lazily (at most `concurrency` ahead of the results), and
    /// dropping the stream cancels the items not yet done.
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
        self.perform_stream(futures_util::stream::iter(items), concurrency)
    }

    /// [`perform_many`](Self::perform_many) over a [`Stream`] of items, such
    /// as ids read from a database cursor or a paginated listing. The stream
    /// is polled only when a worker is free, so memory stays flat however
    /// many items it yields.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use postpress::ChatAction;
    /// # async fn run(client: postpress::Client, ids: impl futures::Stream<Item = String> + Send + 'static) {
    /// let items = ids.map(|id| (id, ChatAction::SetMuteStatus(true)));
    /// let failed = client
    ///     .perform_stream(items, 32)
    ///     .filter(|item| std::future::ready(item.result.is_err()))
    ///     .count()
    ///     .await;
    /// # }
    /// ```
    pub fn perform_stream<St, S>(
        &self,
        items: St,
        concurrency: usize,
    ) -> impl Stream<Item = BulkItem> + Send + 'static
    where
        St: Stream<Item = (S, ChatAction)> + Send + 'static,
        S: Into<String>,
    {
        let client = self.clone();
        let gate = std::sync::Arc::new(RateGate::default());
        items
            .enumerate()
            .map(move |(index, (chat_id, action))| {
                let (client, gate) = (client.clone(), gate.clone());
                let chat_id: String = chat_id.into();
                async move { client.perform_item(&gate, index, chat_id, action, None).await }
            })
            .buffer_unordered(concurrency.max(1))
    }

    /// One item of a bulk run or a job: performed behind the run's shared
    /// 429 gate, with `intent` called right before its first attempt.
    pub(crate) async fn perform_item(
        &self,
        gate: &RateGate,
        index: usize,
        chat_id: String,
        action: ChatAction,
        intent: Option<Intent<'_>>,
    ) -> BulkItem {
        let (waited, attempts) = (AtomicU32::new(0), AtomicU32::new(0));
        let gated = Gated {
            gate,
            waited: &waited,
            attempts: Some(&attempts),
            intent,
        };
        let result = self.execute(&chat_id, &action, Some(gated)).await;
        BulkItem {
            index,
            chat_id,
            action,
            result,
            rate_limited: waited.load(Ordering::Relaxed),
            attempts: attempts.load(Ordering::Relaxed),
        }
    }
}
