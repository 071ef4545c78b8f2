//! Keeping a secret out of everything that may be shown: error messages,
//! logs, request logs, resume commands.
//!
//! Secrets shorter than [`MIN_SECRET`] bytes are not masked: replacing
//! every `k` would make a text unreadable, and such a secret protects
//! nothing.

use std::borrow::Cow;

/// The mask this crate puts in place of a secret.
pub const MASK: &str = "***";

/// Secrets shorter than this are left as they are.
pub const MIN_SECRET: usize = 4;

/// `text` with every occurrence of each secret of at least
/// [`MIN_SECRET`] bytes replaced by `mask`.
///
/// ```
/// use postpress_util::redact::{redact, MASK};
/// assert_eq!(redact("key=hunter22", &["hunter22"], MASK), "key=***");
/// ```
pub fn redact<'a>(text: &'a str, secrets: &[&str], mask: &str) -> Cow<'a, str> {
    redact_longer(text, secrets, mask, MIN_SECRET)
}

/// [`redact`] for secrets that are known to be secrets however short (a
/// password taken from a URL): every non-empty one is masked.
pub fn redact_any<'a>(text: &'a str, secrets: &[&str], mask: &str) -> Cow<'a, str> {
    redact_longer(text, secrets, mask, 1)
}

fn redact_longer<'a>(text: &'a str, secrets: &[&str], mask: &str, min: usize) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets {
        if secret.len() >= min && out.contains(secret) {
            out = Cow::Owned(out.replace(secret, mask));
        }
    }
    out
}

/// `bytes` with every occurrence of `secret` replaced by [`MASK`]; `None`
/// when there is nothing to replace (the caller keeps its bytes, with no
/// copy). When `complete` is false (the bytes were cut at a cap), a tail
/// that starts the secret is masked too.
pub fn redact_bytes(bytes: &[u8], complete: bool, secret: &[u8]) -> Option<Vec<u8>> {
    if secret.len() < MIN_SECRET {
        return None;
    }
    let whole = bytes.len() >= secret.len() && bytes.windows(secret.len()).any(|w| w == secret);
    let tail = if complete {
        0
    } else {
        (MIN_SECRET..secret.len().min(bytes.len() + 1))
            .rev()
            .find(|&n| bytes.ends_with(&secret[..n]))
            .unwrap_or(0)
    };
    if !whole && tail == 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest: &[u8] = &bytes[..bytes.len() - tail];
    while let Some(i) = rest.windows(secret.len()).position(|w| w == secret) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(MASK.as_bytes());
        rest = &rest[i + secret.len()..];
    }
    out.extend_from_slice(rest);
    if tail > 0 {
        out.extend_from_slice(MASK.as_bytes());
    }
    Some(out)
}

/// The secrets in a URL's user part: its password, and a user name given
/// alone (`redis://secret@host`, where the user part may be the password).
pub fn url_secrets(url: &str) -> Vec<&str> {
    let Some((user, pass)) = userinfo(url) else {
        return Vec::new();
    };
    match pass {
        Some(pass) => vec![pass],
        None => vec![user],
    }
}

/// `text` (an error message about a connection to `url`, say) with every
/// secret of `url`'s user part replaced by [`MASK`], however short.
///
/// ```
/// use postpress_util::redact::redact_url_secrets;
/// assert!(!redact_url_secrets("bad pw1 here", "redis://:pw1@h/").contains("pw1"));
/// ```
pub fn redact_url_secrets<'a>(text: &'a str, url: &str) -> Cow<'a, str> {
    redact_any(text, &url_secrets(url), MASK)
}

/// `url` with its password (or a user name given alone) replaced by
/// [`MASK`]: `redis://:secret@host/` → `redis://:***@host/`,
/// `redis://secret@host/` → `redis://***@host/`. A URL without a user
/// part comes back as it is.
///
/// ```
/// use postpress_util::redact::redact_url;
/// assert_eq!(redact_url("redis://user:hunter22@h:6379/0"), "redis://user:***@h:6379/0");
/// assert_eq!(redact_url("redis://h:6379/"), "redis://h:6379/");
/// ```
pub fn redact_url(url: &str) -> Cow<'_, str> {
    let Some((user, pass)) = userinfo(url) else {
        // Not `scheme://...`: whatever comes before an `@` may be a secret.
        return match (url.contains("://"), url.rfind('@')) {
            (false, Some(at)) => Cow::Owned(format!("{MASK}{}", &url[at..])),
            _ => Cow::Borrowed(url),
        };
    };
    let start = url.find("://").map_or(0, |i| i + 3);
    let at = start + user.len() + pass.map_or(0, |p| p.len() + 1);
    let shown = match pass {
        Some(_) => format!("{user}:{MASK}"),
        None => MASK.to_string(),
    };
    Cow::Owned(format!("{}{shown}{}", &url[..start], &url[at..]))
}

/// The user part of `scheme://user[:password]@host...`, if it has one.
fn userinfo(url: &str) -> Option<(&str, Option<&str>)> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let at = authority.rfind('@')?;
    let info = &authority[..at];
    Some(match info.split_once(':') {
        Some((user, pass)) => (user, Some(pass)),
        None => (info, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_texts_lose_the_url_password_however_short() {
        assert!(!redact_url_secrets("bad hunter22 here", "redis://:hunter22@h/").contains("hunter22"));
        assert!(!redact_url_secrets("bad pw1 here", "redis://:pw1@h/").contains("pw1"));
    }

    #[test]
    fn text() {
        assert_eq!(redact("a secret-key b", &["secret-key"], MASK), "a *** b");
        assert_eq!(redact("a k b", &["k"], MASK), "a k b");
        assert!(matches!(
            redact("nothing", &["secret-key"], MASK),
            Cow::Borrowed(_)
        ));
        assert_eq!(redact("x [k1234] y", &["k1234"], "[key]"), "x [[key]] y");
        assert_eq!(redact_any("bad pw1 here", &["pw1"], MASK), "bad *** here");
    }

    #[test]
    fn bytes() {
        let key = b"secret-key";
        let out = redact_bytes(b"a secret-key b secret-keysecret-key c", true, key);
        assert_eq!(out.as_deref(), Some(&b"a *** b ****** c"[..]));
        assert_eq!(redact_bytes(b"nothing here", true, key), None);
        // Cut at the cap in the middle of the key.
        assert_eq!(
            redact_bytes(b"x secret-key y secret-k", false, key).as_deref(),
            Some(&b"x *** y ***"[..])
        );
        assert_eq!(
            redact_bytes(b"x secret-key y secret-k", true, key).as_deref(),
            Some(&b"x *** y secret-k"[..])
        );
        assert_eq!(redact_bytes(b"sec", false, key), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            redact_url("redis://:hunter22@127.0.0.1:6379/0"),
            "redis://:***@127.0.0.1:6379/0"
        );
        assert_eq!(redact_url("redis://user:hunter22@h/"), "redis://user:***@h/");
        assert_eq!(redact_url("redis://hunter22@h/"), "redis://***@h/");
        assert_eq!(redact_url("redis://h:1/"), "redis://h:1/");
        assert_eq!(redact_url("redis://h/a@b"), "redis://h/a@b");
        assert_eq!(redact_url("not a url"), "not a url");
        assert_eq!(redact_url("redis//:pw@host"), "***@host");
        assert_eq!(redact_url("rediss://u:p@ss:w0rd@h/"), "rediss://u:***@h/");
        assert_eq!(url_secrets("redis://u:pw12@h/"), vec!["pw12"]);
        assert_eq!(url_secrets("redis://h/"), Vec::<&str>::new());
    }
}
