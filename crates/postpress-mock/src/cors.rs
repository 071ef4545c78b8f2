//! `--cors`: what a browser needs to call the mock from another origin (a
//! wasm test page, a single-page app in development): preflights answered,
//! every answer readable by any origin, `Retry-After` and `ETag` exposed.

use axum::extract::Request;
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, HeaderMap,
    HeaderValue,
};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The layer: a preflight gets 204 with the allowances; anything else is
/// handled as without `--cors`, its answer marked readable.
pub(crate) async fn layer(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS && request.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD) {
        let mut answer = StatusCode::NO_CONTENT.into_response();
        allow(answer.headers_mut());
        answer
            .headers_mut()
            .insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        return answer;
    }
    let mut answer = next.run(request).await;
    allow(answer.headers_mut());
    answer
}

fn allow(headers: &mut HeaderMap) {
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PATCH, DELETE, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("x-api-key, content-type, accept, if-none-match"),
    );
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after, etag"),
    );
}
