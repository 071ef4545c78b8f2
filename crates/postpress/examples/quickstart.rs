//! Performs every chat action and prints a table of the results.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! Without `POSTPRESS_API_KEY` it starts the local mock server in-process
//! and acts on its demo chats (no account, no network). With
//! `POSTPRESS_API_KEY` set it talks to the real API (or to
//! `POSTPRESS_BASE_URL`) and acts on the chat `POSTPRESS_CHAT_ID`;
//! `addParticipant`/`removeParticipant` run only when
//! `POSTPRESS_PARTICIPANT_ID` is set too.
//!
//! The exit code is 1 when anything went wrong, so that a script can use it
//! as a smoke test: against the mock, when an outcome is not the expected
//! one (success, or the expected error kind); against the real API, when an
//! action failed for any reason but `501 FeatureNotImplemented` (the chat's
//! provider does not support it).

use std::process::ExitCode;

use postpress::{ChatAction, Client, Error, ErrorKind, Label, ProviderId};
use postpress_mock::MockServer;

struct Row {
    chat: String,
    provider: String,
    action: String,
    outcome: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(failed) if failed => ExitCode::FAILURE,
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Returns whether any outcome was not the expected one.
async fn run() -> Result<bool, Box<dyn std::error::Error>> {
    if std::env::var_os(postpress::ENV_API_KEY).is_some() {
        return real_api().await;
    }
    let server = MockServer::builder()
        .api_key("quickstart-key")
        .demo()
        .start()
        .await?;
    println!(
        "No {} set: using the local mock server at {}\n",
        postpress::ENV_API_KEY,
        server.base_url()
    );
    let client = Client::builder()
        .api_key("quickstart-key")
        .base_url(server.base_url())
        .build()?;

    let pid = |s: &str| ProviderId::new(s);
    use ErrorKind::{DisconnectedAccount, FeatureNotImplemented, InsufficientPermissions, ResourceNotFound};
    // (chat, provider, action, expected outcome: None for success, or the error kind)
    let plan: Vec<(&str, &str, ChatAction, Option<ErrorKind>)> = vec![
        ("wa-group-1", "WhatsApp", ChatAction::SetReadStatus(true), None),
        ("wa-group-1", "WhatsApp", ChatAction::SetMuteStatus(true), None),
        ("wa-group-1", "WhatsApp", ChatAction::SetArchiveStatus(true), None),
        ("wa-group-1", "WhatsApp", ChatAction::SetPinnedStatus(true), None),
        (
            "wa-group-1",
            "WhatsApp",
            ChatAction::AddParticipant(pid("447700900123@s.whatsapp.net")?),
            None,
        ),
        (
            "wa-group-1",
            "WhatsApp",
            ChatAction::RemoveParticipant(pid("33611223344@s.whatsapp.net")?),
            None,
        ),
        (
            "wa-group-1",
            "WhatsApp",
            ChatAction::SetLabel(Label::new("VIP")?),
            None,
        ),
        ("wa-group-1", "WhatsApp", ChatAction::GetInviteLink, None),
        ("li-chat-1", "LinkedIn", ChatAction::SetReadStatus(false), None),
        ("li-chat-1", "LinkedIn", ChatAction::SetMuteStatus(true), None),
        (
            "li-chat-1",
            "LinkedIn",
            ChatAction::SetArchiveStatus(true),
            Some(FeatureNotImplemented),
        ),
        (
            "tg-group-1",
            "Telegram",
            ChatAction::AddParticipant(pid("@telegram_user")?),
            None,
        ),
        (
            "tg-group-1",
            "Telegram",
            ChatAction::RemoveParticipant(pid("@durov")?),
            None,
        ),
        ("tg-group-1", "Telegram", ChatAction::GetInviteLink, None),
        (
            "tg-group-1",
            "Telegram",
            ChatAction::SetLabel(Label::new("VIP")?),
            Some(FeatureNotImplemented),
        ),
        (
            "wa-chat-1",
            "WhatsApp",
            ChatAction::GetInviteLink,
            Some(InsufficientPermissions),
        ),
        (
            "wa-disconnected-1",
            "WhatsApp",
            ChatAction::SetReadStatus(true),
            Some(DisconnectedAccount),
        ),
        (
            "no-such-chat",
            "-",
            ChatAction::SetMuteStatus(true),
            Some(ResourceNotFound),
        ),
    ];
    let mut rows = Vec::new();
    let mut surprises = false;
    for (chat, provider, action, expected) in plan {
        let result = client.perform(chat, action.clone()).await;
        let as_expected = match (&result, &expected) {
            (Ok(_), None) => true,
            (Err(Error::Api(e)), Some(kind)) => e.kind() == kind,
            _ => false,
        };
        let mut outcome = describe(&result);
        if !as_expected {
            surprises = true;
            let wanted = expected.map_or("success".to_string(), |k| format!("{k:?}"));
            outcome = format!("UNEXPECTED (expected {wanted}): {outcome}");
        }
        rows.push(Row {
            chat: chat.into(),
            provider: provider.into(),
            action: action.to_string(),
            outcome,
        });
    }
    print_table(&rows);

    println!("\nState on the mock afterwards:");
    for id in ["wa-group-1", "li-chat-1", "tg-group-1"] {
        if let Some(c) = server.chat(id) {
            println!(
                "  {id:<11} read={} muted={} archived={} pinned={} participants={:?} labels={:?}",
                c.flag("read"),
                c.flag("muted"),
                c.flag("archived"),
                c.flag("pinned"),
                c.items("participants"),
                c.items("labels")
            );
        }
    }
    if surprises {
        eprintln!("\nan outcome was not the one the mock's rules give (marked UNEXPECTED)");
    }
    Ok(surprises)
}

async fn real_api() -> Result<bool, Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let chat_id = std::env::var("POSTPRESS_CHAT_ID")
        .map_err(|_| "POSTPRESS_API_KEY is set: also set POSTPRESS_CHAT_ID to the chat to act on")?;
    println!("Acting on chat {chat_id} at {}\n", client.base_url());
    let mut plan = vec![
        ChatAction::SetReadStatus(false),
        ChatAction::SetReadStatus(true),
        ChatAction::SetMuteStatus(true),
        ChatAction::SetMuteStatus(false),
        ChatAction::SetArchiveStatus(true),
        ChatAction::SetArchiveStatus(false),
        ChatAction::SetPinnedStatus(true),
        ChatAction::SetPinnedStatus(false),
        ChatAction::SetLabel(Label::new("postpress-rs")?),
        ChatAction::GetInviteLink,
    ];
    if let Ok(participant) = std::env::var("POSTPRESS_PARTICIPANT_ID") {
        plan.push(ChatAction::AddParticipant(ProviderId::new(participant.clone())?));
        plan.push(ChatAction::RemoveParticipant(ProviderId::new(participant)?));
    }
    let mut rows = Vec::new();
    let mut failed = 0;
    for action in plan {
        let result = client.perform(&chat_id, action.clone()).await;
        // The chat's provider not supporting an action is not a failure.
        let unsupported =
            matches!(&result, Err(Error::Api(e)) if *e.kind() == ErrorKind::FeatureNotImplemented);
        failed += usize::from(result.is_err() && !unsupported);
        rows.push(Row {
            chat: chat_id.clone(),
            provider: "-".into(),
            action: action.to_string(),
            outcome: describe(&result),
        });
    }
    print_table(&rows);
    if failed > 0 {
        eprintln!("\n{failed} action(s) failed (501 FeatureNotImplemented does not count)");
    }
    Ok(failed > 0)
}

fn describe(result: &Result<postpress::ChatPatched, Error>) -> String {
    match result {
        Ok(p) => match &p.invite_link {
            Some(link) => format!("ok: {link}"),
            None => "ok".to_string(),
        },
        Err(Error::Api(e)) => format!(
            "{} {:?}: {} [{}]",
            e.status().as_u16(),
            e.kind(),
            e.detail().unwrap_or(e.title()),
            e.instance().unwrap_or("-")
        ),
        Err(e) => format!("error: {e}"),
    }
}

fn print_table(rows: &[Row]) {
    let w = |f: fn(&Row) -> &str, title: &str| {
        rows.iter()
            .map(|r| f(r).chars().count())
            .chain([title.len()])
            .max()
            .unwrap_or(0)
    };
    let (wc, wp, wa) = (
        w(|r| &r.chat, "chat"),
        w(|r| &r.provider, "provider"),
        w(|r| &r.action, "action"),
    );
    println!("{:<wc$}  {:<wp$}  {:<wa$}  result", "chat", "provider", "action");
    println!(
        "{}  {}  {}  {}",
        "-".repeat(wc),
        "-".repeat(wp),
        "-".repeat(wa),
        "-".repeat(40)
    );
    for r in rows {
        println!(
            "{:<wc$}  {:<wp$}  {:<wa$}  {}",
            r.chat, r.provider, r.action, r.outcome
        );
    }
}
