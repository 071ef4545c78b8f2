//! A call not yet sent: what every action method and `perform` return.
//! `.await` sends it; `.timeout()`, `.retry()` and `.header()` first
//! change it for this call alone. With no option set it is the call
//! itself: the builder holds a closure and no options, and awaiting it
//! yields the call path's own future, not a boxed one.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::call::options::CallOptions;
use crate::call::policy::RetryPolicy;

/// One action call, not yet sent: `.await` sends it. Set options for this
/// call alone first, if you need any:
///
/// ```no_run
/// use std::time::Duration;
/// # async fn run(client: postpress::Client) -> postpress::Result<()> {
/// let chat = client.chat("120363041234567890@g.us");
/// chat.mute().await?; // as the client is configured
/// chat.archive()
///     .timeout(Duration::from_secs(2))
///     .retry(postpress::RetryPolicy::none())
///     .header("x-request-id", "req-42")
///     .await?;
/// # Ok(()) }
/// ```
///
/// An invalid option (a header the client owns, such as the key header, or
/// a name or value a header cannot carry) is [`Error::InvalidInput`] when
/// the call is awaited, and nothing is sent.
///
/// [`Error::InvalidInput`]: crate::Error::InvalidInput
#[must_use = "a call does nothing until it is awaited"]
pub struct ActionCall<M> {
    make: M,
    options: Option<Box<CallOptions>>,
}

impl<M> fmt::Debug for ActionCall<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionCall")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<M> ActionCall<M> {
    pub(crate) fn new(make: M) -> Self {
        Self { make, options: None }
    }

    fn with(mut self, change: impl FnOnce(CallOptions) -> CallOptions) -> Self {
        let options = self.options.take().map(|o| *o).unwrap_or_default();
        self.options = Some(Box::new(change(options)));
        self
    }

    /// The time limit of each attempt of this call: see [`CallOptions::timeout`].
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with(|o| o.timeout(timeout))
    }

    /// This call's retry policy: see [`CallOptions::retry`].
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.with(|o| o.retry(policy))
    }

    /// A header on every attempt of this call: see [`CallOptions::header`].
    pub fn header<K, V>(self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        HeaderValue: TryFrom<V>,
    {
        self.with(|o| o.header(name, value))
    }

    /// Every option at once (replacing those set before).
    pub fn options(mut self, options: CallOptions) -> Self {
        self.options = Some(Box::new(options));
        self
    }
}

/// How an [`ActionCall`] becomes the call path's future: implemented by
/// the closures this crate builds. You meet it only as
/// `ActionCall<impl Perform<Output = ...>>` in signatures.
pub trait Perform {
    /// What the call yields.
    type Output;
    /// The call's future.
    type Future: Future<Output = Self::Output>;
    /// Starts the call with these options.
    fn perform(self, options: Option<Box<CallOptions>>) -> Self::Future;
}

impl<F, Fut> Perform for F
where
    F: FnOnce(Option<Box<CallOptions>>) -> Fut,
    Fut: Future,
{
    type Output = Fut::Output;
    type Future = Fut;
    fn perform(self, options: Option<Box<CallOptions>>) -> Fut {
        self(options)
    }
}

impl<M: Perform> IntoFuture for ActionCall<M> {
    type Output = M::Output;
    type IntoFuture = M::Future;
    fn into_future(self) -> M::Future {
        self.make.perform(self.options)
    }
}
