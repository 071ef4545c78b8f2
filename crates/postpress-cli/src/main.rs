//! `postpress`: act on postpress chats from a shell, one at a time or in bulk.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use futures::StreamExt;
use postpress::{ChatAction, ChatPatched, Client, Error, ErrorCategory, Label, ProviderId, RetryPolicy};
use serde_json::json;

/// Exit codes, by what went wrong.
mod code {
    pub const OK: u8 = 0;
    pub const OTHER: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const AUTHENTICATION: u8 = 3;
    pub const PERMISSION: u8 = 4;
    pub const NOT_FOUND: u8 = 5;
    pub const UNSUPPORTED: u8 = 6;
    pub const RETRY_LATER: u8 = 7;
    pub const PARTIAL: u8 = 8;
}

const AFTER_HELP: &str = "\
Examples:
  export POSTPRESS_API_KEY=...                 # or --api-key
  postpress chat 9f9uio56sopa456s read
  postpress chat 120363041234567890@g.us add-participant 334455667788@s.whatsapp.net
  postpress chat 120363041234567890@g.us invite-link
  postpress --json chat 9f9uio56sopa456s label VIP
  postpress bulk mute --from chats.txt --concurrency 16
  cut -f1 export.tsv | postpress bulk read --from -

Exit codes:
  0  success
  1  other failure (server error, invalid request, unexpected response)
  2  usage error (bad arguments, invalid chat id or value, missing API key)
  3  authentication (401: missing, invalid or expired credentials, disconnected account)
  4  permission (403: restricted account, insufficient permissions)
  5  not found (404: unknown or malformed chat id)
  6  unsupported (501: the chat's provider does not support the action)
  7  retry later (429 rate limited, 502/503 unavailable, 504 or client timeout, connection failure)
  8  bulk: some chats failed, others succeeded";

/// Act on postpress chats: mark read or unread, mute, archive, pin, manage
/// group participants, label, get invite links.
#[derive(Debug, Parser)]
#[command(name = "postpress", version, after_help = AFTER_HELP)]
struct Cli {
    /// The API key (sent as X-API-KEY; never printed).
    #[arg(long, env = "POSTPRESS_API_KEY", hide_env_values = true, global = true)]
    api_key: Option<String>,
    /// The API base URL.
    #[arg(long, env = "POSTPRESS_BASE_URL", global = true)]
    base_url: Option<String>,
    /// Time limit of one attempt, such as 30s, 1500ms or 2m.
    #[arg(long, global = true, default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// Retries with exponential backoff for retryable failures (0: none).
    #[arg(long, global = true, default_value_t = 0)]
    retries: u32,
    /// Print one JSON object per result on stdout.
    #[arg(long, global = true)]
    json: bool,
    /// Allow plain http to hosts other than loopback (sends the key unencrypted).
    #[arg(long, global = true)]
    allow_insecure_http: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Perform one action on one chat.
    Chat {
        /// The chat id.
        chat_id: String,
        /// The action.
        #[arg(value_enum)]
        action: ActionName,
        /// The provider id (add-participant, remove-participant) or label name (label).
        value: Option<String>,
    },
    /// Perform one action on many chats, read one id per line from a file or stdin.
    #[command(after_help = "Lines are trimmed; empty lines and lines starting with # are skipped.")]
    Bulk {
        /// The action.
        #[arg(value_enum)]
        action: ActionName,
        /// The provider id (add-participant, remove-participant) or label name (label).
        value: Option<String>,
        /// File with one chat id per line, or - for stdin.
        #[arg(long)]
        from: String,
        /// How many requests may be in flight at once.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
        concurrency: u16,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The actions, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ActionName {
    /// Mark the chat read (WhatsApp, LinkedIn).
    Read,
    /// Mark the chat unread (WhatsApp, LinkedIn).
    Unread,
    /// Mute the chat (WhatsApp, LinkedIn).
    Mute,
    /// Unmute the chat (WhatsApp, LinkedIn).
    Unmute,
    /// Archive the chat (WhatsApp).
    Archive,
    /// Unarchive the chat (WhatsApp).
    Unarchive,
    /// Pin the chat (WhatsApp).
    Pin,
    /// Unpin the chat (WhatsApp).
    Unpin,
    /// Add the participant VALUE (a provider id) to a group (WhatsApp, Telegram).
    AddParticipant,
    /// Remove the participant VALUE from a group (WhatsApp, Telegram).
    RemoveParticipant,
    /// Assign the label VALUE, creating it if needed (WhatsApp).
    Label,
    /// Print the group's invite link (WhatsApp, Telegram).
    InviteLink,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration such as 30s or 500ms"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        _ => return Err(format!("unknown unit `{unit}` (use ms, s or m)")),
    };
    if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
        return Err("the duration must be between 1ms and 24h".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

fn action_for(name: ActionName, value: Option<String>) -> Result<ChatAction, String> {
    let needs_value = matches!(
        name,
        ActionName::AddParticipant | ActionName::RemoveParticipant | ActionName::Label
    );
    let label = name
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    match (needs_value, &value) {
        (true, None) => return Err(format!("`{label}` needs a VALUE")),
        (false, Some(v)) => return Err(format!("`{label}` takes no VALUE (got `{v}`)")),
        _ => {}
    }
    let invalid = |e: Error| e.to_string();
    Ok(match (name, value) {
        (ActionName::Read, _) => ChatAction::SetReadStatus(true),
        (ActionName::Unread, _) => ChatAction::SetReadStatus(false),
        (ActionName::Mute, _) => ChatAction::SetMuteStatus(true),
        (ActionName::Unmute, _) => ChatAction::SetMuteStatus(false),
        (ActionName::Archive, _) => ChatAction::SetArchiveStatus(true),
        (ActionName::Unarchive, _) => ChatAction::SetArchiveStatus(false),
        (ActionName::Pin, _) => ChatAction::SetPinnedStatus(true),
        (ActionName::Unpin, _) => ChatAction::SetPinnedStatus(false),
        (ActionName::AddParticipant, Some(v)) => {
            ChatAction::AddParticipant(ProviderId::new(v).map_err(invalid)?)
        }
        (ActionName::RemoveParticipant, Some(v)) => {
            ChatAction::RemoveParticipant(ProviderId::new(v).map_err(invalid)?)
        }
        (ActionName::Label, Some(v)) => ChatAction::SetLabel(Label::new(v).map_err(invalid)?),
        (ActionName::InviteLink, _) => ChatAction::GetInviteLink,
        (_, None) => return Err(format!("`{label}` needs a VALUE")),
    })
}

fn exit_code(err: &Error) -> u8 {
    match err {
        Error::Config(postpress::ConfigError::HttpClient(_)) => code::OTHER,
        Error::InvalidInput { .. } | Error::Config(_) => code::USAGE,
        Error::Timeout { .. } | Error::Transport(_) => code::RETRY_LATER,
        _ => match err.category() {
            Some(ErrorCategory::Authentication) => code::AUTHENTICATION,
            Some(ErrorCategory::Permission) => code::PERMISSION,
            Some(ErrorCategory::NotFound) => code::NOT_FOUND,
            Some(ErrorCategory::Unsupported) => code::UNSUPPORTED,
            Some(ErrorCategory::RateLimited | ErrorCategory::Unavailable | ErrorCategory::Timeout) => {
                code::RETRY_LATER
            }
            _ => code::OTHER,
        },
    }
}

/// A short name for the summary: the error kind, or the variant.
fn error_label(err: &Error) -> String {
    match err {
        Error::Api(e) => format!("{:?}", e.kind()),
        Error::Timeout { .. } => "Timeout".into(),
        Error::Transport(_) => "Transport".into(),
        Error::InvalidInput { .. } => "InvalidInput".into(),
        Error::UnexpectedResponse { status, .. } => format!("UnexpectedResponse({})", status.as_u16()),
        Error::Config(_) => "Config".into(),
        _ => "Other".into(),
    }
}

fn result_json(chat_id: &str, action: &ChatAction, result: &Result<ChatPatched, Error>) -> serde_json::Value {
    match result {
        Ok(p) => json!({
            "chat_id": chat_id,
            "action": action.name(),
            "ok": true,
            "invite_link": p.invite_link.as_ref().map(|u| u.as_str()),
        }),
        Err(e) => {
            let mut v = json!({
                "chat_id": chat_id,
                "action": action.name(),
                "ok": false,
                "error": error_label(e),
                "message": e.to_string(),
                "status": e.status().map(|s| s.as_u16()),
                "category": e.category().map(|c| format!("{c:?}")),
                "exit_code": exit_code(e),
            });
            if let Error::Api(api) = e {
                v["type"] = json!(api.kind().as_str());
                v["title"] = json!(api.title());
                v["detail"] = json!(api.detail());
                v["instance"] = json!(api.instance());
            }
            v
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(code::OTHER);
        }
    };
    ExitCode::from(rt.block_on(run(cli)))
}

fn usage_error(message: &str) -> u8 {
    let mut cmd = Cli::command();
    let _ = cmd.error(clap::error::ErrorKind::InvalidValue, message).print();
    code::USAGE
}

fn client(cli: &Cli) -> Result<Client, Error> {
    let mut builder = match &cli.api_key {
        Some(key) => Client::builder().api_key(key),
        None => Client::builder(),
    };
    if let Some(url) = &cli.base_url {
        builder = builder.base_url(url);
    }
    if cli.retries > 0 {
        // Room for every attempt's full --timeout plus the backoff between them.
        let attempts = cli.retries.saturating_add(1);
        let bound = cli
            .timeout
            .saturating_mul(attempts)
            .saturating_add(Duration::from_secs(8).saturating_mul(cli.retries));
        builder = builder.retry(
            RetryPolicy::exponential()
                .max_retries(cli.retries)
                .max_elapsed(bound),
        );
    }
    builder
        .timeout(cli.timeout)
        .allow_insecure_http(cli.allow_insecure_http)
        .build()
}

async fn run(cli: Cli) -> u8 {
    if let Command::Completions { shell } = &cli.command {
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "postpress", &mut script);
        return match std::io::stdout().write_all(&script) {
            Ok(()) => code::OK,
            Err(_) => code::OTHER,
        };
    }
    let client = match client(&cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return code::USAGE;
        }
    };
    match cli.command {
        Command::Chat {
            chat_id,
            action,
            value,
        } => {
            let action = match action_for(action, value) {
                Ok(a) => a,
                Err(m) => return usage_error(&m),
            };
            let result = client.perform(&chat_id, action.clone()).await;
            // A closed stdout (`| head`) is not an error of the action.
            let mut stdout = std::io::stdout().lock();
            if cli.json {
                let _ = writeln!(stdout, "{}", result_json(&chat_id, &action, &result));
            }
            match result {
                Ok(p) => {
                    if !cli.json {
                        let _ = match p.invite_link {
                            Some(link) => writeln!(stdout, "{link}"),
                            None => writeln!(stdout, "ok: {action} on {chat_id}"),
                        };
                    }
                    code::OK
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    exit_code(&e)
                }
            }
        }
        Command::Bulk {
            action,
            value,
            from,
            concurrency,
        } => {
            let action = match action_for(action, value) {
                Ok(a) => a,
                Err(m) => return usage_error(&m),
            };
            bulk(&client, action, &from, usize::from(concurrency), cli.json).await
        }
        Command::Completions { .. } => code::OK,
    }
}

async fn read_ids(from: &str) -> std::io::Result<Vec<String>> {
    let text = if from == "-" {
        let mut buf = String::new();
        tokio::io::AsyncReadExt::read_to_string(&mut tokio::io::stdin(), &mut buf).await?;
        buf
    } else {
        tokio::fs::read_to_string(from).await?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

async fn bulk(client: &Client, action: ChatAction, from: &str, concurrency: usize, json: bool) -> u8 {
    let ids = match read_ids(from).await {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("error: cannot read chat ids from {from}: {e}");
            return code::USAGE;
        }
    };
    let total = ids.len();
    let bar = (!json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let items = ids.into_iter().map({
        let action = action.clone();
        move |id| (id, action.clone())
    });
    let mut results = client.perform_many(items, concurrency);
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes: BTreeMap<u8, usize> = BTreeMap::new();
    let mut stdout = std::io::stdout().lock();
    while let Some(item) = results.next().await {
        match &item.result {
            Ok(_) => ok += 1,
            Err(e) => {
                failed += 1;
                *by_kind.entry(error_label(e)).or_default() += 1;
                *codes.entry(exit_code(e)).or_default() += 1;
            }
        }
        let line = if json {
            result_json(&item.chat_id, &item.action, &item.result).to_string()
        } else {
            match &item.result {
                Ok(p) => match &p.invite_link {
                    Some(link) => format!("ok\t{}\t{link}", item.chat_id),
                    None => format!("ok\t{}", item.chat_id),
                },
                Err(e) => format!("failed\t{}\t{e}", item.chat_id),
            }
        };
        // Every result goes to stdout; the bar (on stderr) steps aside.
        match &bar {
            Some(bar) => {
                bar.suspend(|| {
                    let _ = writeln!(stdout, "{line}");
                });
                bar.inc(1);
            }
            None => {
                let _ = writeln!(stdout, "{line}");
            }
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    eprintln!(
        "{action}: {total} chats, {ok} succeeded, {failed} failed{}",
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    match (ok, failed) {
        (_, 0) => code::OK,
        (0, _) if codes.len() == 1 => codes.keys().next().copied().unwrap_or(code::OTHER),
        (0, _) => code::OTHER,
        _ => code::PARTIAL,
    }
}
