//! `postpress job`: jobs whose state lives in Redis
//! ([`postpress_jobs::redis_job`]). `start` loads one, `work` works on it
//! (any number of workers, on any machines), `status`, `unknown`,
//! `failed` and `retry` look after it.

use futures::StreamExt;
use postpress::ChatAction;
use postpress_jobs::JobItem;
use postpress_jobs::Shard;
use postpress_jobs::redis_job::{ChatState, Durability, JobStatus, RedisJobError, RedisJobs, Started};

use crate::args::{Cli, JobCommand};
use crate::bulk::report::{Output, Tally};
use crate::bulk::{input, signals};
use crate::output::code;

/// Runs `postpress job ...`; returns the exit code.
pub(crate) async fn run(cli: &Cli, command: &JobCommand, action: Option<ChatAction>) -> u8 {
    let Some(api_key) = cli.api_key.as_deref().filter(|k| !k.trim().is_empty()) else {
        eprintln!(
            "error: no API key: set POSTPRESS_API_KEY or use --api-key-file (a job's Redis keys are named by it)"
        );
        return code::USAGE;
    };
    let base = crate::scoped_base_url(cli);
    let jobs = match RedisJobs::connect(command.redis(), api_key, &base).await {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {e}");
            return code::USAGE;
        }
    };
    let result = match command {
        JobCommand::Start {
            name,
            from,
            accept_redis_loss,
            ..
        } => match action {
            Some(action) => start(&jobs, name, &action, from, *accept_redis_loss).await,
            None => return code::USAGE,
        },
        JobCommand::Work {
            name,
            concurrency,
            rate,
            lease,
            accept_redis_loss,
            redis,
        } => {
            return work(
                cli,
                &jobs,
                name,
                usize::from(*concurrency),
                *rate,
                *lease,
                *accept_redis_loss,
                &redis.redis,
            )
            .await;
        }
        JobCommand::Status { name, .. } => status(&jobs, name, cli.json).await,
        JobCommand::Unknown { name, .. } => list(&jobs, name, ChatState::Unknown).await,
        JobCommand::Failed { name, .. } => list(&jobs, name, ChatState::Failed).await,
        JobCommand::Retry { name, unknown, .. } => {
            let state = if *unknown {
                ChatState::Unknown
            } else {
                ChatState::Failed
            };
            match jobs.retry(name, state).await {
                Ok(n) => {
                    eprintln!(
                        "{n} {} chat(s) of `{name}` put back: run `postpress job work {name}` to send them",
                        if *unknown { "unknown" } else { "failed" }
                    );
                    Ok(code::OK)
                }
                Err(e) => Err(e),
            }
        }
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        code::USAGE
    })
}

/// The durability check of `start` and `work`: a job of an action that is
/// not idempotent needs every recorded intent on disk before Redis answers.
/// Returns false (after saying why) when the job must not go on.
async fn durable_enough(jobs: &RedisJobs, action: &ChatAction, accept_loss: bool) -> bool {
    let problem = match jobs.durability().await {
        Durability::Always => return true,
        Durability::Weaker(why) | Durability::Unknown(why) => why,
        _ => "an unknown persistence setting".to_string(),
    };
    if action.is_idempotent() {
        eprintln!(
            "warning: {problem}; {} is idempotent, so a lost intent only means a chat sent again",
            action.name()
        );
        true
    } else if accept_loss {
        eprintln!(
            "warning: {problem}; going on (--accept-redis-loss): a Redis crash may send {} twice to some chats",
            action.name()
        );
        true
    } else {
        eprintln!(
            "error: {problem}. {} is not idempotent: a lost intent would send it twice. Fix the setting, or add --accept-redis-loss",
            action.name()
        );
        false
    }
}

async fn start(
    jobs: &RedisJobs,
    name: &str,
    action: &ChatAction,
    from: &str,
    accept_loss: bool,
) -> Result<u8, RedisJobError> {
    if !durable_enough(jobs, action, accept_loss).await {
        return Ok(code::USAGE);
    }
    let (lines, _) = match input::open_ids(from, Shard::ALL).await {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("error: cannot read chat ids from {from}: {e}");
            return Ok(code::USAGE);
        }
    };
    let (ids, problems) = input::ids_of(lines, Shard::ALL);
    let ids: Vec<String> = ids.collect().await;
    let problems = problems.take();
    if let Some(e) = problems.read_error {
        eprintln!("error: reading chat ids from {from}: {e}; nothing loaded");
        return Ok(code::USAGE);
    }
    let skipped = problems.not_utf8 + problems.too_long;
    if skipped > 0 {
        eprintln!(
            "warning: {skipped} line(s) of {from} are not chat ids (not UTF-8, or too long) and are not part of the job"
        );
    }
    match jobs.start(name, action, ids).await {
        Ok(Started::Loaded { total, duplicates }) => {
            eprintln!(
                "job `{name}` loaded: {} on {total} chats{}; run `postpress job work {name}` on each machine",
                action.name(),
                if duplicates > 0 {
                    format!(" ({duplicates} duplicate id(s) counted once)")
                } else {
                    String::new()
                }
            );
            Ok(code::OK)
        }
        Ok(Started::AlreadyThere { total }) => {
            eprintln!(
                "job `{name}` is already loaded with this action and these {total} chats: nothing to do"
            );
            Ok(code::OK)
        }
        Ok(_) => Ok(code::OK),
        Err(e @ RedisJobError::Conflict { .. }) => {
            eprintln!("error: {e}");
            Ok(code::USAGE)
        }
        Err(e) => Err(e),
    }
}

#[allow(clippy::too_many_arguments)]
async fn work(
    cli: &Cli,
    jobs: &RedisJobs,
    name: &str,
    concurrency: usize,
    rate: Option<u32>,
    lease: std::time::Duration,
    accept_loss: bool,
    redis_url: &str,
) -> u8 {
    let worker = match jobs
        .worker(name)
        .concurrency(concurrency)
        .lease(lease)
        .open()
        .await
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return code::USAGE;
        }
    };
    let action = worker.action().clone();
    if !durable_enough(jobs, &action, accept_loss).await {
        return code::USAGE;
    }
    // Shared with every worker through the same Redis; while Redis is
    // lost, each paces at the whole rate (the number of workers is not
    // known), and the server's 429s pause it.
    let limit = match crate::bulk::shared_limit_of(Some(redis_url), rate, 1).await {
        Ok(l) => l,
        Err(m) => {
            eprintln!("error: {m}");
            return code::USAGE;
        }
    };
    let client = match crate::client(cli, limit) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::output::exit_code(&e);
        }
    };
    let total = jobs.status(name).await.ok().map(|s| s.not_started);
    let stopper = worker.stopper();
    let stopped_by = signals::watch(worker.stopper(), None);
    eprintln!("worker {} joined `{name}`: {}", worker.id(), action.name());
    let mut output = Output::new(cli.json, total);
    let mut tally = Tally::default();
    let mut halted = None;
    let mut items = worker.run(&client);
    while let Some(item) = items.next().await {
        if let JobItem::Halted { error } = &item {
            halted = Some(error.to_string());
            continue;
        }
        let line = tally.record(&item, &action, cli.json, output.is_interactive());
        output.show(line);
    }
    drop(items);
    output.finish();
    if stopper.is_stopped() && stopped_by.code() != 0 {
        eprintln!(
            "{}: this worker's chunks are handed back; the other workers (or the next `job work`) go on",
            signals::signal_name(stopped_by.code())
        );
        return stopped_by.code();
    }
    if let Some(e) = halted {
        eprintln!("error: {e}");
        return code::USAGE;
    }
    match jobs.status(name).await {
        Ok(s) => {
            print_status_line(name, &s);
            if s.failed + s.unknown > 0 {
                eprintln!("see them with `postpress job failed {name}` and `postpress job unknown {name}`");
                code::PARTIAL
            } else if s.is_done() {
                code::OK
            } else {
                // Stopped by a Redis that could not record an intent.
                code::OTHER
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            code::USAGE
        }
    }
}

fn print_status_line(name: &str, s: &JobStatus) {
    eprintln!(
        "job `{name}` ({}): {} chats: {} ok, {} failed, {} unknown, {} in flight, {} not started",
        s.action, s.total, s.ok, s.failed, s.unknown, s.in_flight, s.not_started
    );
}

async fn status(jobs: &RedisJobs, name: &str, json: bool) -> Result<u8, RedisJobError> {
    let s = jobs.status(name).await?;
    if json {
        let workers: Vec<serde_json::Value> = s
            .workers
            .iter()
            .map(|w| {
                serde_json::json!({
                    "id": w.id,
                    "last_heartbeat_ms_ago": w.last_heartbeat.as_millis() as u64,
                    "live": w.live,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "name": name,
                "action": s.action,
                "total": s.total,
                "ok": s.ok,
                "failed": s.failed,
                "unknown": s.unknown,
                "in_flight": s.in_flight,
                "not_started": s.not_started,
                "done": s.is_done(),
                "workers": workers,
            })
        );
    } else {
        println!(
            "{name}: {}\n  total        {}\n  ok           {}\n  failed       {}\n  unknown      {}\n  in flight    {}\n  not started  {}",
            s.action, s.total, s.ok, s.failed, s.unknown, s.in_flight, s.not_started
        );
        if s.workers.is_empty() {
            println!("  workers      none");
        }
        for w in &s.workers {
            println!(
                "  worker {}  last heartbeat {:.1} s ago{}",
                w.id,
                w.last_heartbeat.as_secs_f64(),
                if w.live {
                    ""
                } else {
                    " (lease ran out: presumed dead)"
                }
            );
        }
    }
    Ok(code::OK)
}

async fn list(jobs: &RedisJobs, name: &str, state: ChatState) -> Result<u8, RedisJobError> {
    use std::io::Write;
    let ids = jobs.list(name, state).await?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for id in ids {
        if writeln!(out, "{id}").is_err() {
            return Ok(code::OTHER);
        }
    }
    Ok(if out.flush().is_ok() {
        code::OK
    } else {
        code::OTHER
    })
}
