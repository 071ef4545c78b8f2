//! The fleet scenario: N `postpress bulk` processes (`--shard i/N`, the
//! same `--rate`) against one `postpress-mock --rate-limit`, with the limit
//! shared through a real `redis-server` and without it. Reports wall time
//! against the ideal (chats / limit), the share of requests answered 429,
//! and Redis round trips per request (`INFO commandstats`).
//!
//! `postpress-bench fleet --bin-dir DIR [--processes 4] [--chats 4000]
//! [--limit 200] [--concurrency 16] [--rounds 1]`

use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use postpress_testkit::redis_server::RedisServer;

use crate::bulk::{KEY, start_mock};

struct Opts {
    bin_dir: String,
    processes: u32,
    chats: usize,
    limit: u32,
    concurrency: u32,
    rounds: usize,
}

struct Run {
    shared: bool,
    secs: f64,
    requests: u64,
    answered_429: u64,
    done: usize,
    failed_processes: usize,
    redis_calls: u64,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut o = Opts {
        bin_dir: String::new(),
        processes: 4,
        chats: 4_000,
        limit: 200,
        concurrency: 16,
        rounds: 1,
    };
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--bin-dir" => o.bin_dir = value()?.clone(),
            "--processes" => o.processes = value()?.parse()?,
            "--chats" => o.chats = value()?.parse()?,
            "--limit" => o.limit = value()?.parse()?,
            "--concurrency" => o.concurrency = value()?.parse()?,
            "--rounds" => o.rounds = value()?.parse()?,
            "--out" => out = Some(value()?.clone()),
            other => bail!("unknown argument {other}"),
        }
    }
    if o.bin_dir.is_empty() {
        bail!("--bin-dir DIR (with postpress and postpress-mock) is required");
    }
    let Some(redis) = RedisServer::start() else {
        bail!("the fleet scenario needs redis-server (apt-get install redis-server)");
    };
    let dir = std::env::temp_dir().join(format!("postpress-bench-fleet-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ids = dir.join("ids.txt");
    let text: String = (0..o.chats).map(|i| format!("chat-{i}\n")).collect();
    std::fs::write(&ids, text)?;
    let mut runs = Vec::new();
    for round in 0..o.rounds {
        // Alternate which goes first.
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for shared in order {
            let r = one(&o, &ids, shared.then_some(&redis))?;
            eprintln!(
                "fleet round {}/{} {}: {:.2} s, {} requests, {} answered 429, {} chats done",
                round + 1,
                o.rounds,
                if shared { "--redis" } else { "no Redis" },
                r.secs,
                r.requests,
                r.answered_429,
                r.done
            );
            runs.push(r);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let report = report(&o, &runs);
    println!("{report}");
    if let Some(path) = out {
        if let Some(parent) = std::path::Path::new(&path).parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &report)?;
        eprintln!("wrote {path}");
    }
    Ok(())
}

fn one(o: &Opts, ids: &std::path::Path, redis: Option<&RedisServer>) -> Result<Run> {
    let (mut mock, url) = start_mock(
        &o.bin_dir,
        &[
            "--chats",
            &o.chats.to_string(),
            "--rate-limit",
            &o.limit.to_string(),
            "--log-limit",
            "0",
        ],
    )?;
    let calls_before = redis.map_or(0, |r| r.command_calls("evalsha"));
    let start = Instant::now();
    let mut children = Vec::new();
    for i in 1..=o.processes {
        let mut cli = Command::new(format!("{}/postpress", o.bin_dir));
        cli.args(["--base-url", &url, "--api-key", KEY, "bulk", "read", "--from"])
            .arg(ids)
            .args(["--shard", &format!("{i}/{}", o.processes)])
            .args(["--rate", &o.limit.to_string()])
            .args(["--concurrency", &o.concurrency.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(r) = redis {
            cli.args(["--redis", &r.url()]);
        }
        children.push(cli.spawn().context("starting postpress bulk")?);
    }
    let mut failed_processes = 0;
    for mut c in children {
        if !c.wait()?.success() {
            failed_processes += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let redis_calls = redis.map_or(0, |r| r.command_calls("evalsha")) - calls_before;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (stats, chats) = rt.block_on(async {
        let http = reqwest::Client::new();
        let stats: serde_json::Value = http
            .get(format!("{url}/__mock/stats"))
            .send()
            .await?
            .json()
            .await?;
        let chats: serde_json::Value = http
            .get(format!("{url}/__mock/chats"))
            .send()
            .await?
            .json()
            .await?;
        anyhow::Ok((stats, chats))
    })?;
    let _ = mock.kill();
    let _ = mock.wait();
    Ok(Run {
        shared: redis.is_some(),
        secs,
        requests: stats["requests"].as_u64().unwrap_or(0),
        answered_429: stats["too_many_requests"].as_u64().unwrap_or(0),
        done: chats
            .as_array()
            .map_or(0, |c| c.iter().filter(|c| c["read"] == true).count()),
        failed_processes,
        redis_calls,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn report(o: &Opts, runs: &[Run]) -> String {
    let ideal = o.chats as f64 / f64::from(o.limit);
    let mut s = format!(
        "\n## Fleet: {} processes sharing one API key\n\n\
         `postpress bulk read --shard i/{} --rate {} --concurrency {}` x {} over {} chats, \
         against `postpress-mock --rate-limit {}` (ideal {:.1} s); median of {} round(s).\n\n\
         | limit | wall time | x ideal | requests | answered 429 | 429 share | chats done | processes failed | Redis calls per request |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        o.processes, o.processes, o.limit, o.concurrency, o.processes, o.chats, o.limit, ideal, o.rounds
    );
    for shared in [true, false] {
        let mine: Vec<&Run> = runs.iter().filter(|r| r.shared == shared).collect();
        if mine.is_empty() {
            continue;
        }
        let secs = median(mine.iter().map(|r| r.secs).collect());
        let requests = median(mine.iter().map(|r| r.requests as f64).collect());
        let answered = median(mine.iter().map(|r| r.answered_429 as f64).collect());
        let done = median(mine.iter().map(|r| r.done as f64).collect());
        let failed = median(mine.iter().map(|r| r.failed_processes as f64).collect());
        let calls = median(
            mine.iter()
                .map(|r| r.redis_calls as f64 / r.requests.max(1) as f64)
                .collect(),
        );
        s.push_str(&format!(
            "| {} | {secs:.2} s | {:.3} | {requests:.0} | {answered:.0} | {:.2}% | {done:.0} | {failed:.0} | {} |\n",
            if shared {
                "shared through Redis (`--redis`)"
            } else {
                "each process alone"
            },
            secs / ideal,
            answered / requests.max(1.0) * 100.0,
            if shared { format!("{calls:.3}") } else { "-".into() }
        ));
    }
    s
}
