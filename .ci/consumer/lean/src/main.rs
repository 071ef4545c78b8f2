//! Marks a chat read through the facade: `POSTPRESS_API_KEY`,
//! `POSTPRESS_BASE_URL` and the chat id as the first argument.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let chat = std::env::args().nth(1).ok_or("usage: postpress-lean-consumer CHAT_ID")?;
    let client = postpress::Client::from_env()?;
    client.chat(&chat).mark_read().await?;
    let link = client.chat(&chat).invite_link().await?;
    println!("lean consumer: {chat} marked read; invite link {link}");
    Ok(())
}
