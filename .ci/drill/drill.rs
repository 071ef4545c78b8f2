//! The drill's probe: uses what the grown spec added, through the facade,
//! against the mock built from the same copy. Copied into the copy as an
//! example of the postpress crate; never part of the product.

use postpress::{ChatAction, Client, Error, ErrorKind, Provider, Text};
use postpress_mock::{ChatKind, ChatState, Fault, MockServer};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The wire facts follow the spec.
    assert_eq!(postpress::api::PATH_PREFIX, "/api/v2/chats/");
    // The new error type, with the status the spec documents it under.
    let kind = ErrorKind::from_type("errors/maintenance_window");
    assert_eq!(kind, ErrorKind::MaintenanceWindow);
    assert_eq!(kind.documented_status(), Some(503));
    // The new variants, with the spec's value types and providers.
    let starred = ChatAction::SetStarredStatus(true);
    assert_eq!(starred.providers(), &[Provider::WhatsApp]);
    assert_eq!(
        serde_json::to_string(&starred)?,
        r#"{"action":"setStarredStatus","value":true}"#
    );
    let nick = ChatAction::SetNickname(Text::new("Bob")?);
    assert_eq!(nick.providers(), &[Provider::WhatsApp, Provider::Telegram]);
    assert!(Text::new("").is_err());

    let server = MockServer::builder()
        .api_key("drill-key")
        .chat(ChatState::new("wa", Provider::WhatsApp, ChatKind::Group))
        .chat(ChatState::new("tg", Provider::Telegram, ChatKind::Group))
        .chat(ChatState::new("li", Provider::LinkedIn, ChatKind::OneToOne))
        .start()
        .await?;
    let client = Client::builder()
        .api_key("drill-key")
        .base_url(server.base_url())
        .build()?;

    // The generated methods, on the untyped handle and the provider handles.
    client.whatsapp_chat("wa").unstar().await?;
    client.chat("wa").star().await?;
    assert!(server.chat("wa").ok_or("wa")?.flag("starred"));
    client.chat("wa").set_starred_status(true).await?;
    client.whatsapp_chat("wa").set_nickname("Bob").await?;
    client.telegram_chat("tg").set_nickname("Tom").await?;
    assert!(server.chat("wa").ok_or("wa")?.flag("starred"));
    assert_eq!(server.chat("wa").ok_or("wa")?.text("nickname"), Some("Bob"));
    assert_eq!(server.chat("tg").ok_or("tg")?.text("nickname"), Some("Tom"));
    // 501 for a provider the spec does not list.
    let err = client.chat("li").set_starred_status(true).await.expect_err("501");
    assert_eq!(err.kind(), Some(&ErrorKind::FeatureNotImplemented));
    // The new error type arrives typed.
    server.inject(Fault::error("errors/maintenance_window").times(1));
    match client.chat("wa").set_starred_status(false).await {
        Err(Error::Api(e)) => assert_eq!(e.kind(), &ErrorKind::MaintenanceWindow),
        other => panic!("expected the new error type, got {other:?}"),
    }
    // The blocking client has the same generated methods and handles.
    let base = server.base_url();
    tokio::task::spawn_blocking(move || -> Result<(), String> {
        let client = postpress::blocking::Client::builder()
            .api_key("drill-key")
            .base_url(base)
            .build()
            .map_err(|e| e.to_string())?;
        client.whatsapp_chat("wa").unstar().map_err(|e| e.to_string())?;
        client.chat("wa").set_starred_status(true).map_err(|e| e.to_string())?;
        client.telegram_chat("tg").set_nickname("Tim").map_err(|e| e.to_string())?;
        let err = client.chat("li").set_starred_status(true).expect_err("501");
        assert_eq!(err.kind(), Some(&ErrorKind::FeatureNotImplemented));
        Ok(())
    })
    .await??;
    assert_eq!(server.chat("tg").ok_or("tg")?.text("nickname"), Some("Tim"));
    println!("drill: the blocking client has the new methods too");
    // The request went to the new path.
    assert!(server.requests().iter().all(|r| r.path.starts_with("/api/v2/chats/")));

    // The grown spec's other operations (grow_ops.py): typed builder
    // methods of the generated client, sent with the client's key. The mock
    // does not emulate them: 501 for the right key, 401 for a wrong one.
    use postpress::api::Error as ApiError;
    let seen = server.requests().len();
    match client.api().get_chat().chat_id("wa").send().await {
        Err(ApiError::UnexpectedResponse(r)) => assert_eq!(r.status().as_u16(), 501),
        other => panic!("get_chat: expected the mock's 501, got {other:?}"),
    }
    let limit = std::num::NonZeroU64::new(5).ok_or("limit")?;
    match client.api().list_chats().limit(limit).send().await {
        Err(ApiError::UnexpectedResponse(r)) => assert_eq!(r.status().as_u16(), 501),
        other => panic!("list_chats: expected the mock's 501, got {other:?}"),
    }
    let log = server.requests();
    let new: Vec<_> = log.iter().skip(seen).collect();
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(new.iter().all(|r| r.had_api_key && r.method == "GET" && r.status == 501), "{new:?}");
    assert_eq!(new[0].path, "/api/v2/chats/wa");
    assert_eq!(new[1].path, "/api/v1/chats");
    assert_eq!(new[0].error_type.as_deref(), Some("errors/feature_not_implemented"));
    let wrong = Client::builder().api_key("wrong-key").base_url(server.base_url()).build()?;
    match wrong.api().get_chat().chat_id("wa").send().await {
        Err(ApiError::ErrorResponse(e)) => {
            assert_eq!(e.status().as_u16(), 401);
            assert_eq!(e.into_inner().type_, "errors/invalid_credentials");
        }
        other => panic!("get_chat with a wrong key: expected 401, got {other:?}"),
    }
    println!("drill: client.api().get_chat() and .list_chats().limit(5): typed, keyed; the mock answers 501, and 401 to a wrong key");
    println!("drill: facade, provider handles, ErrorKind and mock follow the grown spec");
    Ok(())
}
