//! The journal's file: opened only when it is a regular file, locked for
//! one writer, and its I/O errors named.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::JournalError;

/// Opens (or creates) the journal at `path` for reading and appending, and
/// takes its one-writer lock.
pub(super) fn open(path: &Path) -> std::io::Result<File> {
    // A device or a FIFO (`/dev/zero`, a pipe) cannot be read back to
    // resume, and may never end: checked before opening, and after.
    let not_a_file = || std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file");
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(not_a_file()),
        _ => {}
    }
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_a_file());
    }
    lock(&file)?;
    Ok(file)
}

/// Takes the journal's one-writer lock: an exclusive `flock`, held while
/// the file is open (by this journal and its clones), released by the OS
/// when the process ends however it ends. Another writer, in this process
/// or another, gets `WouldBlock` ([`JournalError::Locked`]).
#[cfg(unix)]
fn lock(file: &File) -> std::io::Result<()> {
    use rustix::fs::{FlockOperation, flock};
    flock(file, FlockOperation::NonBlockingLockExclusive).map_err(|e| {
        if e == rustix::io::Errno::WOULDBLOCK {
            std::io::Error::new(std::io::ErrorKind::WouldBlock, "held by another writer")
        } else {
            std::io::Error::from(e)
        }
    })
}

/// No lock where `flock` is missing: one writer per journal is then the
/// caller's rule.
#[cfg(not(unix))]
fn lock(_file: &File) -> std::io::Result<()> {
    Ok(())
}

pub(super) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |source| match source.kind() {
        std::io::ErrorKind::WouldBlock => JournalError::Locked {
            path: path.to_path_buf(),
        },
        _ => JournalError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}
