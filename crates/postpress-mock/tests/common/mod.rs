//! What the mock's test files share: one PATCH of the endpoint.

use postpress_mock::MockServer;

/// Sends `body` (JSON text) to the endpoint for `chat` with `key`; returns
/// the status.
pub async fn patch(server: &MockServer, key: &str, chat: &str, body: &str) -> u16 {
    let url = format!(
        "{}{}",
        server.base_url(),
        postpress_mock::PATH_TEMPLATE.replace("{chat_id}", chat)
    );
    reqwest::Client::new()
        .patch(url)
        .header(postpress_mock::API_KEY_HEADER, key)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("the mock answers")
        .status()
        .as_u16()
}
