//! `postpress`: act on postpress chats from a shell, one at a time or in bulk.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use futures::StreamExt;
use postpress::{ACTIONS, ChatAction, ChatPatched, Client, Error, ErrorCategory, RetryPolicy, ValueType};
use serde_json::json;

mod key;

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

    /// Every exit code with its meaning: the one table `--help` prints.
    pub const TABLE: &[(u8, &str)] = &[
        (OK, "success"),
        (
            OTHER,
            "other failure (server error, invalid request, unexpected response)",
        ),
        (
            USAGE,
            "usage error (bad arguments, invalid chat id or value, missing API key)",
        ),
        (
            AUTHENTICATION,
            "authentication (401: missing, invalid or expired credentials, disconnected account)",
        ),
        (
            PERMISSION,
            "permission (403: restricted account, insufficient permissions)",
        ),
        (NOT_FOUND, "not found (404: unknown or malformed chat id)"),
        (
            UNSUPPORTED,
            "unsupported (501: the chat's provider does not support the action)",
        ),
        (
            RETRY_LATER,
            "retry later (429 rate limited, 502/503 unavailable, 504 or client timeout, connection failure)",
        ),
        (PARTIAL, "bulk: some chats failed, others succeeded"),
    ];
}

const EXAMPLES: &str = "\
Examples:
  postpress --api-key-file ~/.config/postpress/key chat 9f9uio56sopa456s read   # chmod 600
  export POSTPRESS_API_KEY=...                 # or POSTPRESS_API_KEY_FILE
  postpress chat 9f9uio56sopa456s read
  postpress chat 9f9uio56sopa456s set-read-status false
  postpress chat 120363041234567890@g.us add-participant 334455667788@s.whatsapp.net
  postpress chat 120363041234567890@g.us invite-link
  postpress --json chat 9f9uio56sopa456s label VIP
  postpress bulk mute --from chats.txt --concurrency 16
  cut -f1 export.tsv | postpress bulk read --from -";

fn after_help() -> String {
    let mut text = format!("{EXAMPLES}\n\nExit codes:\n");
    for (code, meaning) in code::TABLE {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text
}

/// The spelling of an action's value in help texts.
fn value_hint(value: ValueType) -> &'static str {
    match value {
        ValueType::Boolean => " <true|false>",
        ValueType::String => " <VALUE>",
        _ => "",
    }
}

/// Every action the command line accepts, from the spec: each action by its
/// kebab-case name, then its short forms (`x-helpers`), each with its
/// providers and value type.
fn action_values() -> Vec<PossibleValue> {
    let mut out = Vec::new();
    for a in ACTIONS {
        let providers: Vec<&str> = a.providers.iter().map(|p| p.name()).collect();
        let providers = providers.join(", ");
        out.push(PossibleValue::new(a.cli).help(format!(
            "{}{} ({providers}){}",
            a.name,
            value_hint(a.value),
            if a.idempotent { "" } else { "; not idempotent" }
        )));
        for h in a.helpers {
            let Some(cli) = h.cli else { continue };
            let help = match h.value {
                Some(b) => format!("= {} {b}", a.cli),
                None => format!("= {}{}", a.cli, value_hint(a.value)),
            };
            out.push(PossibleValue::new(cli).help(help));
        }
    }
    out
}

/// Turns an action name (kebab-case or a short form) and its VALUE into a
/// [`ChatAction`], validated like every other input.
fn action_for(name: &str, value: Option<String>) -> Result<ChatAction, String> {
    let found = ACTIONS.iter().find_map(|a| {
        if a.cli == name {
            return Some((a, None));
        }
        a.helpers
            .iter()
            .find(|h| h.cli == Some(name))
            .map(|h| (a, Some(h.value)))
    });
    let Some((info, helper)) = found else {
        return Err(format!("unknown action `{name}`"));
    };
    let fixed = helper.flatten();
    let value = match (fixed, value, info.value) {
        (Some(_), Some(v), _) => return Err(format!("`{name}` takes no VALUE (got `{v}`)")),
        (Some(b), None, _) => Some(serde_json::Value::Bool(b)),
        (None, None, ValueType::None) => None,
        (None, None, _) => return Err(format!("`{name}` needs a VALUE")),
        (None, Some(v), ValueType::Boolean) => match v.to_ascii_lowercase().as_str() {
            "true" => Some(serde_json::Value::Bool(true)),
            "false" => Some(serde_json::Value::Bool(false)),
            _ => return Err(format!("`{name}` takes true or false (got `{v}`)")),
        },
        (None, Some(v), ValueType::String) => Some(serde_json::Value::String(v)),
        (None, Some(v), _) => return Err(format!("`{name}` takes no VALUE (got `{v}`)")),
    };
    let mut body = serde_json::Map::new();
    body.insert("action".into(), serde_json::Value::String(info.name.into()));
    if let Some(v) = value {
        body.insert("value".into(), v);
    }
    serde_json::from_value::<ChatAction>(serde_json::Value::Object(body))
        .map_err(|e| format!("`{name}`: {e}"))
}

/// Act on postpress chats: mark read or unread, mute, archive, pin, manage
/// group participants, label, get invite links.
// No Debug: it holds the API key.
#[derive(Parser)]
#[command(name = "postpress", version, after_help = after_help())]
struct Cli {
    /// The API key (sent as X-API-KEY; never printed). On the command line
    /// it is visible to other users in `ps` and kept in shell history:
    /// prefer --api-key-file or the environment.
    #[arg(long, env = "POSTPRESS_API_KEY", hide_env_values = true, global = true)]
    api_key: Option<String>,
    /// Read the API key from FILE (`-`: stdin), one trailing newline
    /// trimmed. Refused when other users can read it (`chmod 600 FILE`).
    /// Takes precedence over POSTPRESS_API_KEY; not allowed with --api-key.
    #[arg(long, env = "POSTPRESS_API_KEY_FILE", value_name = "FILE", global = true)]
    api_key_file: Option<PathBuf>,
    /// Whether --api-key was given on the command line (not from the environment).
    #[arg(skip)]
    api_key_on_command_line: bool,
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
        /// The action: any action of the API by its kebab-case name, or a short form.
        #[arg(value_parser = PossibleValuesParser::new(action_values()), hide_possible_values = false)]
        action: String,
        /// The action's value: true or false, or a string (a provider id, a label name).
        value: Option<String>,
    },
    /// Perform one action on many chats, read one id per line from a file or stdin.
    #[command(after_help = "Lines are trimmed; empty lines and lines starting with # are skipped.")]
    Bulk {
        /// The action: any action of the API by its kebab-case name, or a short form.
        #[arg(value_parser = PossibleValuesParser::new(action_values()))]
        action: String,
        /// The action's value: true or false, or a string (a provider id, a label name).
        value: Option<String>,
        /// File with one chat id per line, or - for stdin.
        #[arg(long)]
        from: String,
        /// How many requests may be in flight at once.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
        concurrency: u16,
        /// Send at most N requests per second (spaced evenly; set it to the
        /// API's limit to avoid 429s). Default: as fast as concurrency allows.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        rate: Option<u32>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
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
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.api_key_on_command_line = matches.value_source("api_key") == Some(ValueSource::CommandLine);
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
    if let Command::Bulk { rate: Some(rate), .. } = &cli.command {
        builder = builder.rate_limit(*rate);
    }
    builder
        .timeout(cli.timeout)
        .allow_insecure_http(cli.allow_insecure_http)
        .build()
}

async fn run(mut cli: Cli) -> u8 {
    if let Command::Completions { shell } = &cli.command {
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "postpress", &mut script);
        return match std::io::stdout().write_all(&script) {
            Ok(()) => code::OK,
            Err(_) => code::OTHER,
        };
    }
    // The action first: a usage error needs no client.
    let (action, value) = match &cli.command {
        Command::Chat { action, value, .. } | Command::Bulk { action, value, .. } => (action, value),
        Command::Completions { .. } => return code::OK,
    };
    let action = match action_for(action, value.clone()) {
        Ok(a) => a,
        Err(m) => return usage_error(&m),
    };
    if let Some(path) = cli.api_key_file.clone() {
        if cli.api_key_on_command_line {
            return usage_error(
                "--api-key and --api-key-file both give the key: use one (preferably the file)",
            );
        }
        if path.as_os_str() == "-" && matches!(&cli.command, Command::Bulk { from, .. } if from == "-") {
            return usage_error(
                "stdin cannot carry both the API key (--api-key-file -) and the chat ids (--from -)",
            );
        }
        match key::read_key_file(&path) {
            Ok(k) => cli.api_key = Some(k),
            Err(m) => {
                eprintln!("error: {m}");
                return code::USAGE;
            }
        }
    }
    let client = match client(&cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code(&e);
        }
    };
    match &cli.command {
        Command::Chat { chat_id, .. } => {
            let result = client.perform(chat_id, action.clone()).await;
            // A closed stdout (`| head`) is not an error of the action.
            let mut stdout = std::io::stdout().lock();
            if cli.json {
                let _ = writeln!(stdout, "{}", result_json(chat_id, &action, &result));
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
            from, concurrency, ..
        } => bulk(&client, action, from, usize::from(*concurrency), cli.json).await,
        Command::Completions { .. } => code::OK,
    }
}

/// The chat ids of a bulk run, one per line, read lazily (a million ids
/// cost no more memory than ten): lines are trimmed, empty lines and `#`
/// comments skipped. Also the number of ids when it can be known up front
/// (a file: one quick pass), for the progress bar.
async fn open_ids(
    from: &str,
) -> std::io::Result<(impl futures::Stream<Item = IdLine> + Send + 'static, Option<u64>)> {
    use tokio::io::AsyncBufReadExt;
    let (reader, total): (Box<dyn tokio::io::AsyncRead + Send + Unpin>, Option<u64>) = if from == "-" {
        (Box::new(tokio::io::stdin()), None)
    } else {
        let file = tokio::fs::File::open(from).await?;
        // Only a regular file can be read twice; a pipe or FIFO
        // (`--from <(...)`) is read once, without a count.
        if file.metadata().await?.is_file() {
            let mut count = 0u64;
            let mut lines = tokio::io::BufReader::new(file).split(b'\n');
            while let Some(line) = lines.next_segment().await? {
                count += u64::from(std::str::from_utf8(&line).map_or(true, is_id));
            }
            (Box::new(tokio::fs::File::open(from).await?), Some(count))
        } else {
            (Box::new(file), None)
        }
    };
    let lines = tokio::io::BufReader::new(reader).split(b'\n');
    // The state is `None` once reading failed: the stream then ends.
    let stream = futures::stream::unfold((Some(lines), 0u64), |(lines, mut number)| async move {
        let mut lines = lines?;
        loop {
            number += 1;
            match lines.next_segment().await {
                Ok(Some(bytes)) => match String::from_utf8(bytes) {
                    Ok(line) if is_id(&line) => {
                        return Some((IdLine::Id(line.trim().to_string()), (Some(lines), number)));
                    }
                    Ok(_) => continue,
                    Err(_) => return Some((IdLine::NotUtf8(number), (Some(lines), number))),
                },
                Ok(None) => return None,
                Err(e) => return Some((IdLine::Error(e), (None, number))),
            }
        }
    });
    Ok((stream, total))
}

/// One line of bulk input.
enum IdLine {
    Id(String),
    /// A line that is not UTF-8 (its number): skipped, counted as failed.
    NotUtf8(u64),
    /// Reading stopped.
    Error(std::io::Error),
}

fn is_id(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with('#')
}

/// The whole-number rate for the progress bar (indicatif's `{per_sec}`
/// shows four decimals).
fn rate_style() -> indicatif::ProgressStyle {
    let base = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {rate} eta {eta} {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    base.with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", state.per_sec());
        },
    )
}

async fn bulk(client: &Client, action: ChatAction, from: &str, concurrency: usize, json: bool) -> u8 {
    let (ids, total) = match open_ids(from).await {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("error: cannot read chat ids from {from}: {e}");
            return code::USAGE;
        }
    };
    // On a terminal, the bar shows progress and only failures (and invite
    // links) are printed above it; piped, every result is one line (or one
    // JSON object).
    let interactive = !json && std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let bar = interactive.then(|| {
        let bar = match total {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::no_length(),
        };
        bar.set_style(rate_style());
        bar
    });
    let read_error: std::sync::Arc<std::sync::Mutex<Option<std::io::Error>>> = Default::default();
    let not_utf8: std::sync::Arc<std::sync::Mutex<Vec<u64>>> = Default::default();
    let items = {
        let (read_error, not_utf8) = (read_error.clone(), not_utf8.clone());
        let action = action.clone();
        ids.filter_map(move |line| {
            let item = match line {
                IdLine::Id(id) => Some((id, action.clone())),
                IdLine::NotUtf8(n) => {
                    not_utf8.lock().unwrap_or_else(|p| p.into_inner()).push(n);
                    None
                }
                IdLine::Error(e) => {
                    *read_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    None
                }
            };
            std::future::ready(item)
        })
    };
    let mut results = std::pin::pin!(client.perform_stream(items, concurrency));
    let (mut ok, mut failed, mut rate_limited) = (0usize, 0usize, 0u64);
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes: BTreeMap<u8, usize> = BTreeMap::new();
    let mut stdout = std::io::stdout().lock();
    while let Some(item) = results.next().await {
        rate_limited += u64::from(item.rate_limited);
        match &item.result {
            Ok(_) => ok += 1,
            Err(e) => {
                failed += 1;
                *by_kind.entry(error_label(e)).or_default() += 1;
                *codes.entry(exit_code(e)).or_default() += 1;
            }
        }
        let line = if json {
            Some(result_json(&item.chat_id, &item.action, &item.result).to_string())
        } else {
            match &item.result {
                Ok(p) if interactive && p.invite_link.is_none() => None,
                Ok(p) => Some(match &p.invite_link {
                    Some(link) => format!("ok\t{}\t{link}", item.chat_id),
                    None => format!("ok\t{}", item.chat_id),
                }),
                Err(e) => Some(format!("failed\t{}\t{e}", item.chat_id)),
            }
        };
        match (&bar, line) {
            (Some(bar), Some(line)) => {
                bar.suspend(|| {
                    let _ = writeln!(stdout, "{line}");
                });
                bar.inc(1);
            }
            (Some(bar), None) => bar.inc(1),
            (None, Some(line)) => {
                let _ = writeln!(stdout, "{line}");
            }
            (None, None) => {}
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let read_error = read_error.lock().unwrap_or_else(|p| p.into_inner()).take();
    let not_utf8 = std::mem::take(&mut *not_utf8.lock().unwrap_or_else(|p| p.into_inner()));
    if !not_utf8.is_empty() {
        failed += not_utf8.len();
        *by_kind.entry("NotUtf8Line".into()).or_default() += not_utf8.len();
        *codes.entry(code::USAGE).or_default() += not_utf8.len();
        let shown: Vec<String> = not_utf8.iter().take(10).map(u64::to_string).collect();
        eprintln!(
            "warning: skipped {} line(s) of {from} that are not UTF-8 (line {}{})",
            not_utf8.len(),
            shown.join(", "),
            if not_utf8.len() > 10 { ", ..." } else { "" }
        );
    }
    let total = ok + failed;
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    eprintln!(
        "{action}: {total} chats, {ok} succeeded, {failed} failed{}; {rate_limited} rate-limited answers (429) waited out",
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    if let Some(e) = read_error {
        // Work was done: not a usage error. Rerun only the ids after the
        // ones handled.
        eprintln!("error: reading chat ids from {from} stopped after {total} ids: {e}");
        return code::OTHER;
    }
    match (ok, failed) {
        (_, 0) => code::OK,
        (0, _) if codes.len() == 1 => codes.keys().next().copied().unwrap_or(code::OTHER),
        (0, _) => code::OTHER,
        _ => code::PARTIAL,
    }
}
