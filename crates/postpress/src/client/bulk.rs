//! Acting on many chats: bounded concurrency, one shared pause on 429,
//! items pulled lazily from an iterator or a stream.

use std::sync::atomic::{AtomicU32, Ordering};

use futures_core::Stream;
use futures_util::StreamExt;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use crate::action::ChatAction;
use crate::call::attempt::ChatPatched;
use crate::call::{Bulk, Stopped};
use crate::client::Client;
use crate::error::Result;
use crate::pace::gate::RateGate;
use crate::rt::MaybeSend;

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
    ) -> impl Stream<Item = BulkItem> + MaybeSend + 'static
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
    ) -> impl Stream<Item = BulkItem> + MaybeSend + 'static
    where
        St: Stream<Item = (S, ChatAction)> + Send + 'static,
        S: Into<String>,
    {
        let client = self.clone();
        let pause = SharedPause::default();
        items
            .enumerate()
            .map(move |(index, (chat_id, action))| {
                let (client, pause) = (client.clone(), pause.clone());
                let chat_id: String = chat_id.into();
                async move {
                    // A hook that never refuses: its error type has no value.
                    match client
                        .perform_item(&pause, index, chat_id, action, || {
                            std::future::ready(Ok::<(), Infallible>(()))
                        })
                        .await
                    {
                        Ok(item) => item,
                        Err(not_sent) => match not_sent.reason {},
                    }
                }
            })
            .buffer_unordered(concurrency.max(1))
    }

    /// One item of a bulk run, the building block of
    /// [`perform_stream`](Self::perform_stream) and of job runners such as
    /// `postpress-jobs`': performed behind the run's shared 429 `pause`,
    /// retried as the client's policy says, with `before_first_send`
    /// called once, after the item's first rate-limit slot and right
    /// before its first request goes out, and awaited. When its future
    /// ends in `Err`, nothing is
    /// sent and the item comes back as [`NotSent`] with that reason (a job
    /// that could not record its intent, say). It is not called when the
    /// item fails before anything could be sent (an invalid chat id).
    pub async fn perform_item<E: Send, F>(
        &self,
        pause: &SharedPause,
        index: usize,
        chat_id: String,
        action: ChatAction,
        before_first_send: impl FnOnce() -> F + MaybeSend,
    ) -> std::result::Result<BulkItem, NotSent<E>>
    where
        F: std::future::Future<Output = std::result::Result<(), E>> + MaybeSend,
    {
        let (waited, attempts) = (AtomicU32::new(0), AtomicU32::new(0));
        let hook = Mutex::new(Some(before_first_send));
        let refused: Mutex<Option<E>> = Mutex::new(None);
        #[cfg(not(target_arch = "wasm32"))]
        type HookFuture<'h> = std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'h>>;
        #[cfg(target_arch = "wasm32")]
        type HookFuture<'h> = std::pin::Pin<Box<dyn std::future::Future<Output = bool> + 'h>>;
        let call_hook = || -> HookFuture<'_> {
            let f = hook.lock().unwrap_or_else(|p| p.into_inner()).take();
            let refused = &refused;
            Box::pin(async move {
                let Some(f) = f else { return true };
                match f().await {
                    Ok(()) => true,
                    Err(e) => {
                        *refused.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                        false
                    }
                }
            })
        };
        let bulk = Bulk {
            gate: &pause.gate,
            waited: &waited,
            attempts: &attempts,
            before_first_send: Some(&call_hook),
        };
        let result = match self.execute_in(&chat_id, &action, bulk).await {
            Ok(patched) => Ok(patched),
            Err(Stopped::Failed(e)) => Err(e),
            Err(Stopped::Held) => {
                let reason = refused.lock().unwrap_or_else(|p| p.into_inner()).take();
                return match reason {
                    Some(reason) => Err(NotSent {
                        index,
                        chat_id,
                        action,
                        reason,
                    }),
                    None => Ok(BulkItem {
                        index,
                        chat_id,
                        action,
                        result: Err(crate::error::Error::invalid_input(
                            "call",
                            "held before its first send",
                        )),
                        rate_limited: 0,
                        attempts: 0,
                    }),
                };
            }
        };
        Ok(BulkItem {
            index,
            chat_id,
            action,
            result,
            rate_limited: waited.load(Ordering::Relaxed),
            attempts: attempts.load(Ordering::Relaxed),
        })
    }
}

/// The pause shared by the items of one bulk run: a 429 answered to any of
/// them closes it for the `Retry-After` asked, and every item waits at it
/// before each attempt. Clones share it. [`Client::perform_stream`] makes
/// one per run; a job runner passes one to [`Client::perform_item`].
#[derive(Debug, Clone, Default)]
pub struct SharedPause {
    gate: Arc<RateGate>,
}

/// An item of a bulk run whose `before_first_send` hook refused it:
/// nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub struct NotSent<E> {
    /// The item's position in the input (0-based).
    pub index: usize,
    /// The chat id it was for.
    pub chat_id: String,
    /// The action it would have performed.
    pub action: ChatAction,
    /// What the hook said.
    pub reason: E,
}
