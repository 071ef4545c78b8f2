//! Reading a journal back to resume it: the header, then the last state of
//! each chat. Lines are read in bounded pieces: a line longer than
//! [`MAX_LINE`] (a torn or garbage line, since a journal line is a few
//! hundred bytes) is skipped without being kept and counted as torn, so a
//! journal costs memory in proportion to its chats, never to one line.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use serde_json::Value;

use super::{JournalError, MAGIC, ResumeReport, State, States, io_error};

/// The longest journal line kept: chat ids are at most 1,024 bytes, JSON
/// escaping can make one six times longer, and an error message is cut
/// well below this.
pub(crate) const MAX_LINE: usize = 16 * 1024;

/// One line into `buf` (its first [`MAX_LINE`] bytes): `Some(true)` when it
/// was kept whole, `Some(false)` when it was longer, `None` at the end.
fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    Ok(postpress_util::line::read_bounded(reader, buf, MAX_LINE)?.map(|len| len <= buf.len() as u64))
}

/// The non-blank lines of `file`, counted from its start in bounded pieces.
pub(super) fn count_lines(file: &mut File) -> std::io::Result<usize> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&mut *file);
    let (mut lines, mut buf) = (0, Vec::new());
    while let Some(fits) = next_line(&mut reader, &mut buf)? {
        if !fits || !buf.iter().all(u8::is_ascii_whitespace) {
            lines += 1;
        }
    }
    Ok(lines)
}

/// The journal in `file`: its header, the last state of each chat, and the
/// counts of what a resume will do. `None` for an empty file (the job
/// starts anew).
pub(super) fn read(
    file: &mut File,
    path: &Path,
) -> Result<Option<(Value, States, ResumeReport)>, JournalError> {
    let io = io_error(path);
    let not_a_journal = || JournalError::NotAJournal {
        path: path.to_path_buf(),
    };
    let mut reader = BufReader::new(&mut *file);
    let mut line = Vec::new();
    let first_fits = next_line(&mut reader, &mut line).map_err(&io)?;
    if first_fits.is_none() || (first_fits == Some(true) && line.iter().all(u8::is_ascii_whitespace)) {
        return Ok(None);
    }
    if first_fits == Some(false) {
        return Err(not_a_journal());
    }
    let header: Value = serde_json::from_slice(&line).map_err(|_| not_a_journal())?;
    if header.get("journal").and_then(Value::as_str) != Some(MAGIC) {
        return Err(not_a_journal());
    }
    let mut states = States::default();
    let mut report = ResumeReport::default();
    while let Some(fits) = next_line(&mut reader, &mut line).map_err(&io)? {
        if !fits {
            report.torn_lines += 1;
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(v) = serde_json::from_slice::<Value>(&line) else {
            report.torn_lines += 1;
            continue;
        };
        let Some(id) = v.get("chat_id").and_then(Value::as_str) else {
            continue;
        };
        let state = match (
            v.get("event").and_then(Value::as_str),
            v.get("outcome").and_then(Value::as_str),
        ) {
            (Some("intent"), _) => State::Intent,
            (_, Some("ok")) => State::Ok,
            (_, Some("failed")) => State::Failed,
            (_, Some("unknown")) => State::Unknown,
            _ => continue,
        };
        match states.get_mut(id) {
            Some(s) => *s = state,
            None => {
                states.insert(id.into(), state);
            }
        }
    }
    Ok(Some((header, states, report)))
}
