//! Chat ids in the request path: validated, then sent as exactly one
//! percent-encoded segment after the spec's path prefix.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::action::check_text;
use url::Url;

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

/// The request URL of `chat_id`, validated first: `chats_url` (the base
/// URL with the path up to the chat id, no trailing `/`) with the encoded
/// id as its last segment. An id with nothing to encode (the common case)
/// is appended as it is, and `url` parses only it; any other is encoded
/// here and the path set whole (`chats_path` has the trailing `/`).
pub(crate) fn request_url(chats_url: &Url, chats_path: &str, chat_id: &str) -> Result<Url> {
    validate_chat_id(chat_id)?;
    let mut url = chats_url.clone();
    if chat_id.bytes().all(kept_in_segment) {
        // url's own path-segment set encodes none of these bytes.
        let pushed = match url.path_segments_mut() {
            Ok(mut segments) => {
                segments.push(chat_id);
                true
            }
            Err(()) => false,
        };
        if pushed {
            return Ok(url);
        }
    }
    url.set_path(&encoded_path(chats_path, chat_id));
    Ok(url)
}

/// `{prefix}{encoded chat id}` (a path), the id validated first.
#[cfg(test)]
fn chat_url(prefix: &str, chat_id: &str) -> Result<String> {
    validate_chat_id(chat_id)?;
    Ok(encoded_path(prefix, chat_id))
}

/// `{prefix}{encoded chat id}`, the id already validated.
fn encoded_path(prefix: &str, chat_id: &str) -> String {
    let mut url = String::with_capacity(prefix.len() + chat_id.len() * 3);
    url.push_str(prefix);
    if chat_id.bytes().all(kept_in_segment) {
        url.push_str(chat_id);
    } else {
        url.extend(utf8_percent_encode(chat_id, SEGMENT));
    }
    url
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
    fn both_ways_give_the_same_url() {
        let base = Url::parse("https://h.example/p/api/v1/chats").expect("url");
        for id in [
            "120363@g.us",
            "9f9uio56sopa456s",
            "a-b_c.d~e:f",
            "a/b c",
            "ü",
            "a%2F",
        ] {
            let fast = request_url(&base, "/p/api/v1/chats/", id).expect("url");
            let mut slow = base.clone();
            slow.set_path(&chat_url("/p/api/v1/chats/", id).expect("path"));
            assert_eq!(fast.as_str(), slow.as_str(), "{id}");
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
