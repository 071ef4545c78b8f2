//! A registry user's program: the facade and the mock, both from their
//! packages. Every action of the spec on every chat of the mock's demo
//! seed: each succeeds where the chat's provider supports it, and fails
//! with 501 `FeatureNotImplemented` where it does not.

use postpress::{ACTIONS, ChatAction, Client, ErrorKind, Provider, ValueType};
use postpress_mock::{ChatKind, ChatState, MockServer};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = MockServer::builder().api_key("consumer-key");
    for (i, provider) in Provider::ALL.iter().enumerate() {
        builder = builder.chat(ChatState::new(format!("group-{i}"), *provider, ChatKind::Group));
    }
    let server = builder.start().await?;
    let client = Client::builder()
        .api_key("consumer-key")
        .base_url(server.base_url())
        .build()?;
    let (mut ok, mut unsupported) = (0, 0);
    for (i, provider) in Provider::ALL.iter().enumerate() {
        let chat = format!("group-{i}");
        for info in ACTIONS {
            let value = match info.value {
                ValueType::Boolean => "true",
                ValueType::String => "\"447700900123@s.whatsapp.net\"",
                _ => "",
            };
            let body = if value.is_empty() {
                format!(r#"{{"action":"{}"}}"#, info.name)
            } else {
                format!(r#"{{"action":"{}","value":{value}}}"#, info.name)
            };
            let action: ChatAction = serde_json::from_str(&body)?;
            match client.perform(&chat, action).await {
                Ok(_) if info.supports(*provider) => ok += 1,
                Err(e) if !info.supports(*provider) && e.kind() == Some(&ErrorKind::FeatureNotImplemented) => {
                    unsupported += 1
                }
                other => return Err(format!("{} on {provider}: {other:?}", info.name).into()),
            }
        }
    }
    // The typed handles from the package, too.
    client.whatsapp_chat("group-2").mark_read().await?;
    let link = client.telegram_chat("group-1").invite_link().await?;
    println!(
        "consumer: {ok} actions performed, {unsupported} refused with 501 as the spec says; invite link {link}"
    );
    Ok(())
}
