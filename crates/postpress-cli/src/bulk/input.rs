//! The chat ids of a bulk run: one per line, from a file or stdin, read
//! lazily.

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use postpress_jobs::Shard;

/// The chat ids of a bulk run, one per line, read lazily (a million ids
/// cost no more memory than ten): lines are trimmed, empty lines and `#`
/// comments skipped. Also the number of ids of `shard` when it can be known
/// up front (a file: one quick pass), for the progress bar and the count of
/// chats not started.
pub(super) async fn open_ids(
    from: &str,
    shard: Shard,
) -> std::io::Result<(impl futures::Stream<Item = IdLine> + Send + 'static, Option<u64>)> {
    use tokio::io::AsyncBufReadExt;
    let (reader, total): (Box<dyn tokio::io::AsyncRead + Send + Unpin>, Option<u64>) = if from == "-" {
        (Box::new(tokio::io::stdin()), None)
    } else {
        let file = tokio::fs::File::open(from).await?;
        // Only a regular file can be read twice; a pipe or FIFO
        // (`--from <(...)`) is read once, without a count.
        if file.metadata().await?.is_file() {
            let mut count = 0u64;
            let mut lines = tokio::io::BufReader::new(file).split(b'\n');
            while let Some(line) = lines.next_segment().await? {
                count += u64::from(match std::str::from_utf8(&line) {
                    Ok(line) => is_id(line) && shard.contains(line.trim()),
                    Err(_) => shard.index() == 1,
                });
            }
            (Box::new(tokio::fs::File::open(from).await?), Some(count))
        } else {
            (Box::new(file), None)
        }
    };
    let lines = tokio::io::BufReader::new(reader).split(b'\n');
    // The state is `None` once reading failed: the stream then ends.
    let stream = futures::stream::unfold((Some(lines), 0u64), |(lines, mut number)| async move {
        let mut lines = lines?;
        loop {
            number += 1;
            match lines.next_segment().await {
                Ok(Some(bytes)) => match String::from_utf8(bytes) {
                    Ok(line) if is_id(&line) => {
                        return Some((IdLine::Id(line.trim().to_string()), (Some(lines), number)));
                    }
                    Ok(_) => continue,
                    Err(_) => return Some((IdLine::NotUtf8(number), (Some(lines), number))),
                },
                Ok(None) => return None,
                Err(e) => return Some((IdLine::Error(e), (None, number))),
            }
        }
    });
    Ok((stream, total))
}

/// One line of bulk input.
pub(super) enum IdLine {
    Id(String),
    /// A line that is not UTF-8 (its number): skipped, counted as failed.
    NotUtf8(u64),
    /// Reading stopped.
    Error(std::io::Error),
}

fn is_id(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with('#')
}

/// What reading the input met besides ids, for the summary and the exit
/// code.
#[derive(Debug, Default)]
pub(super) struct Problems {
    /// Why reading stopped early, if it did.
    pub(super) read_error: Option<std::io::Error>,
    /// The numbers of the lines that are not UTF-8 (reported by shard 1
    /// only, so that each is reported once across the shards).
    pub(super) not_utf8: Vec<u64>,
}

/// Where the stream of ids leaves its [`Problems`]; read it when the
/// stream is done.
#[derive(Debug, Clone, Default)]
pub(super) struct ProblemLog(Arc<Mutex<Problems>>);

impl ProblemLog {
    /// What was met, taken out.
    pub(super) fn take(&self) -> Problems {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The ids of `lines`, the rest set aside in the returned log.
pub(super) fn ids_of(
    lines: impl futures::Stream<Item = IdLine> + Send + 'static,
    shard: Shard,
) -> (impl futures::Stream<Item = String> + Send + 'static, ProblemLog) {
    let log = ProblemLog::default();
    let kept = log.clone();
    let ids = lines.filter_map(move |line| {
        let id = match line {
            IdLine::Id(id) => Some(id),
            IdLine::NotUtf8(n) => {
                if shard.index() == 1 {
                    kept.0.lock().unwrap_or_else(|p| p.into_inner()).not_utf8.push(n);
                }
                None
            }
            IdLine::Error(e) => {
                kept.0.lock().unwrap_or_else(|p| p.into_inner()).read_error = Some(e);
                None
            }
        };
        std::future::ready(id)
    });
    (ids, log)
}
