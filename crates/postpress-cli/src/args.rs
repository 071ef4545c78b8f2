//! The command line: arguments, and actions from the spec's names.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{CommandFactory, Parser, Subcommand};
use postpress::api::action_info;
use postpress::{ChatAction, ValueType};
use postpress_cli::verbs::{self, VERBS};
use postpress_jobs::Shard;

use crate::output::code;

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
  cut -f1 export.tsv | postpress bulk read --from -
  postpress bulk add-participant 334455667788@s.whatsapp.net --from groups.txt --journal job.jsonl
  postpress bulk add-participant 334455667788@s.whatsapp.net --from groups.txt --journal job.jsonl --resume
  postpress bulk read --from all.txt --shard 2/4 --journal part2.jsonl --redis redis://10.0.0.5:6379 --rate 200";

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
    for verb in VERBS {
        let Some(a) = action_info(verb.action) else {
            continue;
        };
        let help = if verb.alias {
            let own = VERBS
                .iter()
                .find(|v| v.action == verb.action && !v.alias)
                .map_or("", |v| v.name);
            match verb.fixed {
                Some(b) => format!("= {own} {b}"),
                None => format!("= {own}{}", value_hint(a.value)),
            }
        } else {
            let providers: Vec<&str> = a.providers.iter().map(|p| p.name()).collect();
            format!(
                "{}{} ({}){}",
                a.name,
                value_hint(a.value),
                providers.join(", "),
                if a.idempotent { "" } else { "; not idempotent" }
            )
        };
        out.push(PossibleValue::new(verb.name).help(help));
    }
    out
}

/// Turns an action name (kebab-case or a short form) and its VALUE into a
/// [`ChatAction`], validated like every other input.
pub(crate) fn action_for(name: &str, value: Option<String>) -> Result<ChatAction, String> {
    let Some((verb, info)) = verbs::find(name).and_then(|v| Some((v, action_info(v.action)?))) else {
        return Err(format!("unknown action `{name}`"));
    };
    let value = match (verb.fixed, value, info.value) {
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
pub(crate) struct Cli {
    /// The API key (sent as X-API-KEY; never printed). On the command line
    /// it is visible to other users in `ps` and kept in shell history:
    /// prefer --api-key-file or the environment.
    #[arg(long, env = "POSTPRESS_API_KEY", hide_env_values = true, global = true)]
    pub(crate) api_key: Option<String>,
    /// Read the API key from FILE (`-`: stdin), one trailing newline
    /// trimmed. Refused when other users can read it (`chmod 600 FILE`).
    /// Takes precedence over POSTPRESS_API_KEY; not allowed with --api-key.
    #[arg(long, env = "POSTPRESS_API_KEY_FILE", value_name = "FILE", global = true)]
    pub(crate) api_key_file: Option<PathBuf>,
    /// Whether --api-key was given on the command line (not from the environment).
    #[arg(skip)]
    pub(crate) api_key_on_command_line: bool,
    /// The API base URL.
    #[arg(long, env = "POSTPRESS_BASE_URL", global = true)]
    pub(crate) base_url: Option<String>,
    /// Time limit of one attempt, such as 30s, 1500ms or 2m.
    #[arg(long, global = true, default_value = "30s", value_parser = parse_duration)]
    pub(crate) timeout: Duration,
    /// Retries with exponential backoff for retryable failures (0: none).
    #[arg(long, global = true, default_value_t = 0)]
    pub(crate) retries: u32,
    /// Print one JSON object per result on stdout.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Allow plain http to hosts other than loopback (sends the key unencrypted).
    #[arg(long, global = true)]
    pub(crate) allow_insecure_http: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    #[command(after_help = BULK_HELP)]
    Bulk(BulkArgs),
    /// Jobs whose state lives in Redis: any number of workers, on any
    /// machines, finish one job, and no action that is not idempotent is
    /// sent twice.
    #[command(subcommand, after_help = JOB_HELP)]
    Job(JobCommand),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

pub(crate) fn parse_duration(s: &str) -> Result<Duration, String> {
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

const BULK_HELP: &str = "\
Lines are trimmed; empty lines and lines starting with # are skipped.

With --journal FILE every chat's intent is written before its request and
its outcome after it (JSON lines). Ctrl-C or SIGTERM stop taking new chats,
let those in flight finish, and print the command that resumes (exit 130 on
SIGINT, 143 on SIGTERM; a second Ctrl-C exits at once). --resume skips the
chats done; a chat whose request went out without a recorded outcome is
resent when the action is idempotent, and reported as unknown (not resent)
when it is not (add-participant, remove-participant).

--shard I/N takes the ids whose stable hash falls in share I of N: N
machines running the same input with 1/N ... N/N cover every id once.
--redis URL with --rate N shares the N per second (and any 429 pause) with
every process using the same Redis, API key and base URL; if Redis is lost
mid-run, each process paces at N / (shard count) until it is back.";

/// The arguments of `postpress bulk`.
#[derive(Debug, clap::Args)]
pub(crate) struct BulkArgs {
    /// The action: any action of the API by its kebab-case name, or a short form.
    #[arg(value_parser = PossibleValuesParser::new(action_values()))]
    pub(crate) action: String,
    /// The action's value: true or false, or a string (a provider id, a label name).
    pub(crate) value: Option<String>,
    /// File with one chat id per line, or - for stdin.
    #[arg(long)]
    pub(crate) from: String,
    /// How many requests may be in flight at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub(crate) concurrency: u16,
    /// Send at most N requests per second (spaced evenly; set it to the
    /// API's limit to avoid 429s). Default: as fast as concurrency allows.
    /// With --redis: N per second across every process sharing the limit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) rate: Option<u32>,
    /// Journal the job in FILE (JSON lines: intent before each request,
    /// outcome after it), so that it can be resumed. A new job refuses a
    /// FILE that already holds one.
    #[arg(long, value_name = "FILE")]
    pub(crate) journal: Option<PathBuf>,
    /// Go on with the job journaled in --journal FILE: skip every chat
    /// done. Refused (exit 2) when the journal records another action,
    /// value or shard.
    #[arg(long, requires = "journal")]
    pub(crate) resume: bool,
    /// With --resume: also resend the chats whose outcome is unknown
    /// (non-idempotent requests that may have gone out; may act twice).
    #[arg(long, requires = "resume")]
    pub(crate) retry_unknown: bool,
    /// With --resume: also resend the chats whose action failed.
    #[arg(long, requires = "resume")]
    pub(crate) retry_failed: bool,
    /// Make each intent durable (fdatasync) before its request, not once
    /// a second: survives a power loss too, at a disk flush per chat.
    #[arg(long, requires = "journal")]
    pub(crate) sync_each_intent: bool,
    /// Take only share I of N of the ids (I counts from 1), by a stable hash
    /// of each id.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub(crate) shard: Option<Shard>,
    /// Share the --rate limit through Redis at URL (redis://host:port) with
    /// every process using the same API key and base URL. Needs --rate;
    /// POSTPRESS_REDIS_URL alone (set for `postpress job`) is not used
    /// without it.
    #[arg(long, value_name = "URL", env = "POSTPRESS_REDIS_URL", hide_env_values = true)]
    pub(crate) redis: Option<String>,
    /// Whether --redis was given on the command line (not from the environment).
    #[arg(skip)]
    pub(crate) redis_on_command_line: bool,
}

const JOB_HELP: &str = "\
  postpress job start add-vip add-participant 334455667788@s.whatsapp.net --from groups.txt --redis redis://10.0.0.5:6379
  postpress job work add-vip --redis redis://10.0.0.5:6379 --rate 200      # on each machine
  postpress job status add-vip --redis redis://10.0.0.5:6379

Redis must keep every write on disk before it answers (appendonly yes,
appendfsync always): a job of an action that is not idempotent is refused
otherwise, unless --accept-redis-loss. Exit codes of `job work`: 0 when the
job is done and every chat is ok; 8 when some failed or are unknown; 2 for
usage errors and an unreachable Redis; 130 or 143 on a signal (its chunks
are handed back at once).";

/// Where a job's state lives.
#[derive(Debug, clap::Args)]
pub(crate) struct RedisArg {
    /// The Redis holding the job's state: a redis:// URL, with a password, port and database number when needed.
    #[arg(long, value_name = "URL", env = "POSTPRESS_REDIS_URL", hide_env_values = true)]
    pub(crate) redis: String,
}

/// `postpress job ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum JobCommand {
    /// Load a job into Redis: the action, its value and the chat ids.
    /// Starting the same job again does nothing; another job under a name
    /// in use is refused (exit 2).
    Start {
        /// The job's name (with the API key and base URL, it names its Redis keys).
        name: String,
        /// The action: any action of the API by its kebab-case name, or a short form.
        #[arg(value_parser = PossibleValuesParser::new(action_values()))]
        action: String,
        /// The action's value: true or false, or a string.
        value: Option<String>,
        /// File with one chat id per line, or - for stdin.
        #[arg(long)]
        from: String,
        #[command(flatten)]
        redis: RedisArg,
        /// Go on although Redis may lose recorded intents on a crash (no
        /// `appendonly yes` with `appendfsync always`).
        #[arg(long)]
        accept_redis_loss: bool,
    },
    /// Work on a job until it is done, with any number of other workers.
    Work {
        /// The job's name.
        name: String,
        #[command(flatten)]
        redis: RedisArg,
        /// How many requests may be in flight at once.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
        concurrency: u16,
        /// At most N requests per second across every worker (shared
        /// through the same Redis, with any 429 pause).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        rate: Option<u32>,
        /// How long a chunk stays this worker's without a renewal; a dead
        /// worker's chats wait about this long.
        #[arg(long, default_value = "15s", value_parser = parse_duration)]
        lease: Duration,
        /// Go on although Redis may lose recorded intents on a crash.
        #[arg(long)]
        accept_redis_loss: bool,
    },
    /// Show a job's progress and its workers (--json: one object).
    Status {
        /// The job's name.
        name: String,
        #[command(flatten)]
        redis: RedisArg,
    },
    /// List the chats whose outcome is unknown, one per line.
    Unknown {
        /// The job's name.
        name: String,
        #[command(flatten)]
        redis: RedisArg,
    },
    /// List the chats whose action failed, one per line.
    Failed {
        /// The job's name.
        name: String,
        #[command(flatten)]
        redis: RedisArg,
    },
    /// Put the unknown or failed chats back into the job, for `job work`.
    Retry {
        /// The job's name.
        name: String,
        /// The chats whose outcome is unknown (resending may act twice).
        #[arg(long, required_unless_present = "failed", conflicts_with = "failed")]
        unknown: bool,
        /// The chats whose action failed.
        #[arg(long)]
        failed: bool,
        #[command(flatten)]
        redis: RedisArg,
    },
}

impl JobCommand {
    pub(crate) fn redis(&self) -> &str {
        match self {
            JobCommand::Start { redis, .. }
            | JobCommand::Work { redis, .. }
            | JobCommand::Status { redis, .. }
            | JobCommand::Unknown { redis, .. }
            | JobCommand::Failed { redis, .. }
            | JobCommand::Retry { redis, .. } => &redis.redis,
        }
    }
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    s.parse::<Shard>().map_err(|e| e.to_string())
}

/// Prints `message` as clap prints a usage error; returns the exit code.
pub(crate) fn usage_error(message: &str) -> u8 {
    let mut cmd = Cli::command();
    let _ = cmd.error(clap::error::ErrorKind::InvalidValue, message).print();
    code::USAGE
}
