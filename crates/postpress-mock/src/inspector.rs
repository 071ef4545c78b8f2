//! The inspector page (`GET /__mock/ui`): one self-contained HTML file with
//! its CSS and script inline, embedded in the binary, fed only by the
//! control endpoints.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The page. It fetches nothing but the mock's own control endpoints and
/// the favicon below.
const PAGE: &str = include_str!("inspector/index.html");

/// The favicon the page links to (so the browser asks for no other).
pub(crate) const FAVICON_PATH: &str = "/__mock/ui/favicon.svg";

const FAVICON: &str = include_str!("inspector/favicon.svg");

/// Only the mock's own origin, for everything: the page's inline style and
/// script, its favicon and the control endpoints it polls.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
     style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

fn with_headers(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

pub(crate) async fn page() -> Response {
    with_headers("text/html; charset=utf-8", PAGE)
}

pub(crate) async fn favicon() -> Response {
    with_headers("image/svg+xml", FAVICON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_links_its_favicon_and_nothing_outside() {
        assert!(PAGE.contains(&format!("href=\"{FAVICON_PATH}\"")));
        for outside in ["http://", "https://", "//cdn", "@import"] {
            assert!(!PAGE.contains(outside), "the page names {outside}");
        }
    }
}
