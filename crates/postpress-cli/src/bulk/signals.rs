//! SIGINT and SIGTERM during a bulk run: the first stops taking chats, the
//! second syncs the journal and exits.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use postpress_jobs::{Journal, Stopper};

use crate::output::code;

/// The signal that stopped a run, as its exit code (0: none yet).
#[derive(Debug, Clone, Default)]
pub(crate) struct StoppedBy(Arc<AtomicU8>);

impl StoppedBy {
    /// The signal's exit code (130, 143), or 0.
    pub(crate) fn code(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }
}

/// First SIGINT or SIGTERM: stop taking chats, let those in flight finish.
/// A second one: sync the journal and exit at once (every line is whole,
/// so the journal stays consistent). Returns what tells which signal
/// stopped the run.
pub(crate) fn watch(stopper: Stopper, journal: Option<Journal>) -> StoppedBy {
    let stopped_by = StoppedBy::default();
    let seen = stopped_by.clone();
    // Registered here, before the first request: a signal from now on is
    // this handler's, never the default's (which would exit unjournaled).
    let mut signals = Signals::new();
    tokio::spawn(async move {
        let first = signals.next().await;
        seen.0.store(first, Ordering::SeqCst);
        stopper.stop();
        eprintln!(
            "\n{}: not taking new chats; waiting for the requests in flight (again to exit now)",
            signal_name(first)
        );
        let second = signals.next().await;
        if let Some(j) = &journal {
            let _ = j.sync();
        }
        eprintln!(
            "{}: exiting now{}",
            signal_name(second),
            if journal.is_some() {
                "; the journal is consistent, --resume goes on"
            } else {
                ""
            }
        );
        std::process::exit(i32::from(first));
    });
    stopped_by
}

pub(crate) fn signal_name(code: u8) -> &'static str {
    if code == code::SIGTERM {
        "SIGTERM"
    } else {
        "SIGINT"
    }
}

/// SIGINT and SIGTERM, as exit codes.
struct Signals {
    #[cfg(unix)]
    unix: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let unix = match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
                (Ok(int), Ok(term)) => Some((int, term)),
                _ => None,
            };
            Self { unix }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Waits for the next SIGINT (returns 130) or SIGTERM (143).
    async fn next(&mut self) -> u8 {
        #[cfg(unix)]
        if let Some((int, term)) = &mut self.unix {
            return tokio::select! {
                _ = int.recv() => code::SIGINT,
                _ = term.recv() => code::SIGTERM,
            };
        }
        let _ = tokio::signal::ctrl_c().await;
        code::SIGINT
    }
}
