//! Must not compile: in the grown spec `setStarredStatus` is WhatsApp only
//! and `setNickname` WhatsApp and Telegram, so the LinkedIn and Telegram
//! handles lack these methods, async and blocking alike. The drill expects
//! exactly these six errors.

#[tokio::main]
async fn main() {
    let client = postpress::Client::builder().api_key("k").build().expect("client");
    let _ = client.linkedin_chat("li").set_starred_status(true).await;
    let _ = client.telegram_chat("tg").set_starred_status(true).await;
    let _ = client.linkedin_chat("li").set_nickname("Bob").await;
    let _ = client.linkedin_chat("li").star().await;
    let blocking = postpress::blocking::Client::builder().api_key("k").build().expect("client");
    let _ = blocking.linkedin_chat("li").unstar();
    let _ = blocking.telegram_chat("tg").star();
}
