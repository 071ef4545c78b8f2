//! `postpress`: act on postpress chats from a shell, one at a time or in bulk.
//!
//! The modules follow the jobs: `args` (the command line and actions from
//! the spec), `single` (`postpress chat`), `bulk` (`postpress bulk`: input,
//! journal, shards, signals, summary), `output` (exit codes and result
//! lines) and `key` (reading the API key from a file). What survives a
//! crash and what is shared through Redis live in the `postpress-jobs`
//! crate; this one wires flags to them.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use postpress::{Client, Error, RetryPolicy};

mod args;
mod bulk;
mod job;
mod key;
mod output;
mod single;

use args::usage_error;
use args::{Cli, Command, JobCommand};
use output::{code, exit_code};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.api_key_on_command_line = matches.value_source("api_key") == Some(ValueSource::CommandLine);
    if let Command::Bulk(b) = &mut cli.command {
        b.redis_on_command_line = matches
            .subcommand_matches("bulk")
            .is_some_and(|m| m.value_source("redis") == Some(ValueSource::CommandLine));
    }
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(code::OTHER);
        }
    };
    let code = rt.block_on(run(cli));
    // Requests still in flight after a stop are bounded by --timeout; do
    // not wait for stragglers of the runtime beyond that.
    rt.shutdown_timeout(Duration::from_millis(100));
    ExitCode::from(code)
}

/// The client the flags describe; `limit` is the rate limit shared through
/// Redis, when `--redis` was given.
pub(crate) fn client(cli: &Cli, limit: Option<postpress_jobs::SharedLimit>) -> Result<Client, Error> {
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
    let rate = match &cli.command {
        Command::Bulk(b) => b.rate,
        Command::Job(JobCommand::Work { rate, .. }) => *rate,
        _ => None,
    };
    if let Some(rate) = rate {
        builder = builder.rate_limit(rate);
    }
    if let Some(limit) = limit {
        // Scoped to the key and the base URL as the client will parse it,
        // so every process of a job names the same Redis keys.
        builder =
            builder.pacer(limit.pacer(cli.api_key.as_deref().unwrap_or_default(), &scoped_base_url(cli)));
    }
    builder
        .timeout(cli.timeout)
        .allow_insecure_http(cli.allow_insecure_http)
        .build()
}

/// The base URL as the client parses it: what names a limit's and a
/// job's Redis keys, so every process of a job names the same ones.
pub(crate) fn scoped_base_url(cli: &Cli) -> String {
    let base = cli.base_url.as_deref().unwrap_or(postpress::DEFAULT_BASE_URL);
    postpress::Url::parse(base.trim()).map_or_else(|_| base.to_string(), |u| u.to_string())
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
    let named = match &cli.command {
        Command::Chat { action, value, .. } => Some((action, value)),
        Command::Bulk(b) => Some((&b.action, &b.value)),
        Command::Job(JobCommand::Start { action, value, .. }) => Some((action, value)),
        Command::Job(_) => None,
        Command::Completions { .. } => return code::OK,
    };
    let action = match named.map(|(a, v)| args::action_for(a, v.clone())).transpose() {
        Ok(a) => a,
        Err(m) => return usage_error(&m),
    };
    if let Some(path) = cli.api_key_file.clone() {
        if cli.api_key_on_command_line {
            return usage_error(
                "--api-key and --api-key-file both give the key: use one (preferably the file)",
            );
        }
        let ids_from_stdin = match &cli.command {
            Command::Bulk(b) => b.from == "-",
            Command::Job(JobCommand::Start { from, .. }) => from == "-",
            _ => false,
        };
        if path.as_os_str() == "-" && ids_from_stdin {
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
    if let Command::Job(j) = &cli.command {
        return job::run(&cli, j, action).await;
    }
    let Some(action) = action else {
        return code::OK;
    };
    if let Command::Bulk(b) = &cli.command
        && b.redis_on_command_line
        && b.rate.is_none()
    {
        return usage_error("--redis shares the --rate limit: give --rate N too");
    }
    let limit = match &cli.command {
        Command::Bulk(b) => match bulk::shared_limit(b).await {
            Ok(limit) => limit,
            Err(m) => {
                eprintln!("error: {m}");
                return code::USAGE;
            }
        },
        _ => None,
    };
    let client = match client(&cli, limit) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code(&e);
        }
    };
    match &cli.command {
        Command::Chat { chat_id, .. } => single::run(&client, chat_id, action, cli.json).await,
        Command::Bulk(b) => bulk::run(&client, action, b, cli.json).await,
        Command::Job(_) | Command::Completions { .. } => code::OK,
    }
}
