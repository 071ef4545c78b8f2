//! The blocking client from a plain `fn main`, with no `async` anywhere:
//! provider-typed handles, an invite link, and typed 404 and 501 errors.
//!
//! Against a local mock (the demo chats):
//!
//! ```text
//! cargo run -p postpress-mock -- --port 8080 --api-key demo-key --seed demo &
//! POSTPRESS_BASE_URL=http://127.0.0.1:8080 POSTPRESS_API_KEY=demo-key \
//!   cargo run --example blocking
//! ```

use postpress::ErrorKind;
use postpress::blocking::Client;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;

    client.whatsapp_chat("wa-group-1").mark_read()?;
    client.whatsapp_chat("wa-group-1").archive()?;
    client.linkedin_chat("li-chat-1").mute()?;
    let link = client.telegram_chat("tg-group-1").invite_link()?;
    println!("blocking: wa-group-1 read and archived, li-chat-1 muted; tg-group-1 invite link {link}");

    // LinkedIn cannot archive: the untyped handle lets you try, and the
    // answer is a typed 501.
    match client.chat("li-chat-1").archive() {
        Err(e) if e.kind() == Some(&ErrorKind::FeatureNotImplemented) => {
            println!("blocking: archiving li-chat-1: {e}")
        }
        other => return Err(format!("expected 501 feature_not_implemented, got {other:?}").into()),
    }
    match client.chat("no-such-chat").mark_read() {
        Err(e) if e.kind() == Some(&ErrorKind::ResourceNotFound) => println!("blocking: no-such-chat: {e}"),
        other => return Err(format!("expected 404 resource_not_found, got {other:?}").into()),
    }
    Ok(())
}
