//! Lines of any length read in bounded pieces: what a user or a crash can
//! put in a file costs memory up to a bound, never in proportion to one
//! line. [`take`] is the one step both the blocking reader here and async
//! readers (the command line's, on tokio) are built on.

use std::io::BufRead;

/// One step of reading a line from a buffered chunk: appends to `line` the
/// part of `chunk` up to its first newline (or all of it), as far as `max`
/// bytes of `line` allow, and returns how many bytes of `chunk` to consume,
/// how many bytes of the line it covered (kept or not), and whether the
/// line ended.
pub fn take(chunk: &[u8], line: &mut Vec<u8>, max: usize) -> (usize, usize, bool) {
    let (piece, used, done) = match chunk.iter().position(|&b| b == b'\n') {
        Some(i) => (&chunk[..i], i + 1, true),
        None => (chunk, chunk.len(), false),
    };
    let room = max.saturating_sub(line.len());
    line.extend_from_slice(&piece[..piece.len().min(room)]);
    (used, piece.len(), done)
}

/// Reads one line (without its newline) into `line`, keeping at most `max`
/// bytes of it, and returns the line's whole length; `None` at the end of
/// the input. The rest of a longer line is read and dropped.
pub fn read_bounded(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<u64>> {
    line.clear();
    let (mut len, mut any) = (0u64, false);
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(len));
        }
        any = true;
        let (used, covered, done) = take(chunk, line, max);
        len += covered as u64;
        reader.consume(used);
        if done {
            return Ok(Some(len));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_in_bounded_pieces() {
        let text = b"short\n0123456789abcdef\n\nlast-no-newline";
        let mut r = std::io::BufReader::with_capacity(4, &text[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some(len) = read_bounded(&mut r, &mut buf, 8).expect("read") {
            got.push((String::from_utf8_lossy(&buf).into_owned(), len));
        }
        assert_eq!(
            got,
            [
                ("short".into(), 5),
                ("01234567".into(), 16),
                (String::new(), 0),
                ("last-no-".into(), 15),
            ]
        );
    }
}
