//! A hand-written client for `PATCH /api/v1/chats/{chat_id}`: the same two
//! calls as ../lean, with the error envelope decoded and the status kept.

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(tag = "action", content = "value")]
enum Action {
    #[serde(rename = "setReadStatus")]
    SetReadStatus(bool),
    #[serde(rename = "getInviteLink")]
    GetInviteLink,
}

#[derive(Deserialize)]
struct Patched {
    invite_link: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Envelope {
    status: u16,
    r#type: String,
    title: Option<String>,
}

async fn patch(
    http: &reqwest::Client,
    base: &str,
    key: &str,
    chat: &str,
    action: &Action,
) -> Result<Patched, Box<dyn std::error::Error>> {
    let mut url = reqwest::Url::parse(base)?;
    url.path_segments_mut()
        .map_err(|_| "base URL cannot be a base")?
        .pop_if_empty()
        .extend(["api", "v1", "chats", chat]);
    let response = http.patch(url).header("X-API-KEY", key).json(action).send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status.is_success() {
        return Ok(serde_json::from_slice(&body)?);
    }
    match serde_json::from_slice::<Envelope>(&body) {
        Ok(e) => Err(format!("{} {} {:?}", e.status, e.r#type, e.title).into()),
        Err(_) => Err(format!("{status}: {}", String::from_utf8_lossy(&body)).into()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let chat = std::env::args().nth(1).ok_or("usage: postpress-handwritten CHAT_ID")?;
    let key = std::env::var("POSTPRESS_API_KEY")?;
    let base = std::env::var("POSTPRESS_BASE_URL").unwrap_or_else(|_| "https://api.postpress.io".into());
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()?;
    patch(&http, &base, &key, &chat, &Action::SetReadStatus(true)).await?;
    let link = patch(&http, &base, &key, &chat, &Action::GetInviteLink).await?.invite_link;
    println!("hand-written: {chat} marked read; invite link {link:?}");
    Ok(())
}
