//! Keeping the API key out of everything a server sends back.

use bytes::Bytes;
use reqwest::header::HeaderValue;

/// Removes the API key from a body a server sent back, so that it cannot
/// reach logs through an error (a server echoing headers, say). When the body
/// was cut at the 64 KiB cap, a tail that starts the key is removed too.
pub(crate) fn redact(body: Bytes, complete: bool, key: &HeaderValue) -> Bytes {
    let key = key.as_bytes();
    if key.len() < 4 {
        return body;
    }
    let whole = body.len() >= key.len() && body.windows(key.len()).any(|w| w == key);
    let tail = if complete {
        0
    } else {
        (4..key.len().min(body.len() + 1))
            .rev()
            .find(|&n| body.ends_with(&key[..n]))
            .unwrap_or(0)
    };
    if !whole && tail == 0 {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest: &[u8] = &body[..body.len() - tail];
    while let Some(i) = rest.windows(key.len()).position(|w| w == key) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(b"***");
        rest = &rest[i + key.len()..];
    }
    out.extend_from_slice(rest);
    if tail > 0 {
        out.extend_from_slice(b"***");
    }
    Bytes::from(out)
}

/// [`redact`] for a decoded string.
pub(crate) fn redact_str(text: String, key: &HeaderValue) -> String {
    match key.to_str() {
        Ok(k) if k.len() >= 4 && text.contains(k) => text.replace(k, "***"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_removes_every_copy_of_the_key() {
        let key = HeaderValue::from_static("secret-key");
        let body = Bytes::from_static(b"a secret-key b secret-keysecret-key c");
        assert_eq!(&redact(body, true, &key)[..], b"a *** b ****** c");
        let untouched = Bytes::from_static(b"nothing here");
        assert_eq!(&redact(untouched, true, &key)[..], b"nothing here");
        // A body cut at the cap in the middle of the key.
        let cut = Bytes::from_static(b"x secret-key y secret-k");
        assert_eq!(&redact(cut.clone(), false, &key)[..], b"x *** y ***");
        assert_eq!(&redact(cut, true, &key)[..], b"x *** y secret-k");
        assert_eq!(&redact(Bytes::from_static(b"sec"), false, &key)[..], b"sec");
        assert_eq!(redact_str("a secret-key".into(), &key), "a ***");
    }
}
