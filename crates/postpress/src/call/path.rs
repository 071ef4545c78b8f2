//! Chat ids in the request path: validated, then sent as exactly one
//! percent-encoded segment after the spec's path prefix.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::action::check_text;
use crate::error::{Error, Result};

/// Bytes a chat id keeps as they are in its path segment: RFC 3986
/// unreserved characters plus `@` and `:` (WhatsApp ids such as
/// `120363@g.us`). Everything else, `/ ? # % +` and all non-ASCII included,
/// is percent-encoded, so an id is always exactly one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@')
    .remove(b':');

/// Whether `SEGMENT` leaves the byte as it is (the fast path of encoding).
fn kept_in_segment(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~@:".contains(&b)
}

/// Checks a chat id: [`check_text`], and not `.` or `..`.
pub(crate) fn validate_chat_id(chat_id: &str) -> Result<()> {
    check_text("chat_id", chat_id)?;
    if chat_id == "." || chat_id == ".." {
        return Err(Error::invalid_input(
            "chat_id",
            "`.` and `..` are path navigation, not chat ids",
        ));
    }
    Ok(())
}

/// `{prefix}{encoded chat id}` (a path), the id validated first.
pub(crate) fn chat_url(prefix: &str, chat_id: &str) -> Result<String> {
    validate_chat_id(chat_id)?;
    let mut url = String::with_capacity(prefix.len() + chat_id.len() * 3);
    url.push_str(prefix);
    if chat_id.bytes().all(kept_in_segment) {
        url.push_str(chat_id);
    } else {
        url.extend(utf8_percent_encode(chat_id, SEGMENT));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_the_encode_set() {
        for b in 0u8..128 {
            let text = char::from(b).to_string();
            let encoded = utf8_percent_encode(&text, SEGMENT).to_string();
            assert_eq!(kept_in_segment(b), encoded == text, "byte {b:#04x}");
        }
        for b in 128u8..=255 {
            assert!(!kept_in_segment(b));
        }
    }

    #[test]
    fn one_segment_whatever_the_id() {
        assert_eq!(chat_url("/p/", "a/b c").ok().as_deref(), Some("/p/a%2Fb%20c"));
        assert_eq!(
            chat_url("/p/", "120363@g.us").ok().as_deref(),
            Some("/p/120363@g.us")
        );
        assert!(chat_url("/p/", "..").is_err());
    }
}
