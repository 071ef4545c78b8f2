//! The chat ids of a bulk run: one per line, from a file or stdin, read
//! lazily.

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use postpress_jobs::Shard;
use postpress_util::excerpt::excerpt_of;

/// The longest input line kept: a chat id is at most
/// [`postpress::MAX_INPUT_LEN`] bytes, with room for whitespace around it.
/// The rest of a longer line is read and dropped, never kept: a 300 MB
/// line costs no more memory than a short one.
const MAX_LINE: usize = postpress::MAX_INPUT_LEN + 1024;

/// The chat ids of a bulk run, one per line, read lazily in bounded
/// pieces (a million ids cost no more memory than ten): lines are trimmed,
/// empty lines and `#` comments skipped. Also the number of ids of `shard`
/// when it can be known up front (a file: one quick pass), for the
/// progress bar and the count of chats not started.
pub(crate) async fn open_ids(
    from: &str,
    shard: Shard,
) -> std::io::Result<(impl futures::Stream<Item = IdLine> + Send + 'static, Option<u64>)> {
    let (reader, total): (Box<dyn tokio::io::AsyncRead + Send + Unpin>, Option<u64>) = if from == "-" {
        (Box::new(tokio::io::stdin()), None)
    } else {
        let file = tokio::fs::File::open(from).await?;
        // Only a regular file can be read twice; a pipe or FIFO
        // (`--from <(...)`) is read once, without a count.
        if file.metadata().await?.is_file() {
            let mut count = 0u64;
            let mut lines = Lines::new(file);
            while let Some(line) = lines.next().await? {
                count += u64::from(match line {
                    IdLine::Id(id) => shard.contains(&id),
                    IdLine::NotUtf8(_) | IdLine::TooLong { .. } => shard.index() == 1,
                    IdLine::Error(_) => false,
                });
            }
            (Box::new(tokio::fs::File::open(from).await?), Some(count))
        } else {
            (Box::new(file), None)
        }
    };
    // The state is `None` once reading failed: the stream then ends.
    let stream = futures::stream::unfold(Some(Lines::new(reader)), |lines| async move {
        let mut lines = lines?;
        match lines.next().await {
            Ok(Some(line)) => Some((line, Some(lines))),
            Ok(None) => None,
            Err(e) => Some((IdLine::Error(e), None)),
        }
    });
    Ok((stream, total))
}

/// One line of bulk input.
pub(crate) enum IdLine {
    Id(String),
    /// A line that is not UTF-8 (its number): skipped, counted as failed.
    NotUtf8(u64),
    /// A line longer than [`MAX_LINE`] (or an id longer than
    /// [`postpress::MAX_INPUT_LEN`]): never sent, counted as an invalid
    /// chat id, shown only as an excerpt.
    TooLong {
        /// The first bytes, escaped, with the length.
        excerpt: String,
    },
    /// Reading stopped.
    Error(std::io::Error),
}

/// The lines of an input, each read into a buffer of at most [`MAX_LINE`]
/// bytes.
struct Lines<R> {
    reader: tokio::io::BufReader<R>,
    buf: Vec<u8>,
    number: u64,
}

impl<R: tokio::io::AsyncRead + Unpin> Lines<R> {
    fn new(reader: R) -> Self {
        Self {
            reader: tokio::io::BufReader::new(reader),
            buf: Vec::with_capacity(256),
            number: 0,
        }
    }

    /// The next line that is an id or a bad input (blank lines and
    /// comments skipped); `None` at the end.
    async fn next(&mut self) -> std::io::Result<Option<IdLine>> {
        loop {
            let Some(len) = self.read_line().await? else {
                return Ok(None);
            };
            self.number += 1;
            if len > self.buf.len() as u64 {
                return Ok(Some(IdLine::TooLong {
                    excerpt: excerpt_of(&self.buf, len),
                }));
            }
            let Ok(line) = std::str::from_utf8(&self.buf) else {
                return Ok(Some(IdLine::NotUtf8(self.number)));
            };
            let id = line.trim();
            if id.is_empty() || id.starts_with('#') {
                continue;
            }
            if id.len() > postpress::MAX_INPUT_LEN {
                return Ok(Some(IdLine::TooLong {
                    excerpt: excerpt_of(id.as_bytes(), id.len() as u64),
                }));
            }
            return Ok(Some(IdLine::Id(id.to_string())));
        }
    }

    /// Reads one line into `buf` (its first [`MAX_LINE`] bytes, without
    /// the newline) and returns its whole length; `None` at the end.
    async fn read_line(&mut self) -> std::io::Result<Option<u64>> {
        use tokio::io::AsyncBufReadExt;
        self.buf.clear();
        let mut len = 0u64;
        let mut any = false;
        loop {
            let chunk = self.reader.fill_buf().await?;
            if chunk.is_empty() {
                return Ok(any.then_some(len));
            }
            any = true;
            // The same step as the journal's blocking reader.
            let (used, covered, done) = postpress_util::line::take(chunk, &mut self.buf, MAX_LINE);
            len += covered as u64;
            self.reader.consume(used);
            if done {
                return Ok(Some(len));
            }
        }
    }
}

/// What reading the input met besides ids, for the summary and the exit
/// code.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    /// Why reading stopped early, if it did.
    pub(crate) read_error: Option<std::io::Error>,
    /// How many lines are not UTF-8, and the numbers of the first
    /// [`KEPT_EXCERPTS`] (reported by shard 1 only, so that each is
    /// reported once across the shards).
    pub(crate) not_utf8: u64,
    pub(crate) not_utf8_lines: Vec<u64>,
    /// Lines too long to be a chat id (shard 1 only): how many, and the
    /// excerpts of the first [`KEPT_EXCERPTS`].
    pub(crate) too_long: u64,
    pub(crate) too_long_excerpts: Vec<String>,
}

/// How many excerpts of too-long lines are kept for the report.
pub(crate) const KEPT_EXCERPTS: usize = 10;

/// Where the stream of ids leaves its [`Problems`]; read it when the
/// stream is done.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProblemLog(Arc<Mutex<Problems>>);

impl ProblemLog {
    /// What was met, taken out.
    pub(crate) fn take(&self) -> Problems {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The ids of `lines`, the rest set aside in the returned log.
pub(crate) fn ids_of(
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
                    let mut p = kept.0.lock().unwrap_or_else(|p| p.into_inner());
                    p.not_utf8 += 1;
                    if p.not_utf8_lines.len() < KEPT_EXCERPTS {
                        p.not_utf8_lines.push(n);
                    }
                }
                None
            }
            IdLine::TooLong { excerpt } => {
                if shard.index() == 1 {
                    let mut p = kept.0.lock().unwrap_or_else(|p| p.into_inner());
                    p.too_long += 1;
                    if p.too_long_excerpts.len() < KEPT_EXCERPTS {
                        p.too_long_excerpts.push(excerpt);
                    }
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
