//! The Redis jobs scenario (`postpress job`): what a job whose state lives
//! in Redis costs, measured with the release CLI against the mock binary
//! and a durable `redis-server` (append-only file, `appendfsync always`):
//!
//! * Redis commands per chat (an upper bound on round trips: a pipeline of
//!   two counts two), counted with `MONITOR` (commands run inside scripts
//!   are left out), rate-limit slots included;
//! * wall time against the ideal (chats / limit) for 1 and 3 workers at
//!   the mock's limit, and the requests answered 429;
//! * how long a dead worker's chats wait before another worker takes them
//!   (`--lease 3s`: the time from the `kill -9` to the next request);
//! * Redis memory per chat of a job of 1,000,000 ids (`INFO memory`).
//!
//! `postpress-bench redis-jobs --bin-dir DIR [--chats 3000] [--limit 200]
//! [--memory-ids 1000000] [--out FILE]`

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use postpress_testkit::redis_server::RedisServer;

use crate::bulk::{KEY, start_mock};

struct Opts {
    bin_dir: String,
    chats: usize,
    limit: u32,
    memory_ids: usize,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut o = Opts {
        bin_dir: String::new(),
        chats: 3_000,
        limit: 200,
        memory_ids: 1_000_000,
    };
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--bin-dir" => o.bin_dir = value()?.clone(),
            "--chats" => o.chats = value()?.parse()?,
            "--limit" => o.limit = value()?.parse()?,
            "--memory-ids" => o.memory_ids = value()?.parse()?,
            "--out" => out = Some(value()?.clone()),
            other => bail!("unknown argument {other}"),
        }
    }
    if o.bin_dir.is_empty() {
        bail!("--bin-dir DIR (with postpress and postpress-mock) is required");
    }
    let dir = std::env::temp_dir().join(format!("postpress-bench-redis-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut rows = Vec::new();
    for workers in [1usize, 3] {
        let r = paced(&o, &dir, workers)?;
        eprintln!(
            "redis jobs: {workers} worker(s): {:.2} s ({:.3} x ideal), {:.2} Redis commands per chat, {} answered 429",
            r.secs,
            r.secs / (o.chats as f64 / f64::from(o.limit)),
            r.commands as f64 / o.chats as f64,
            r.answered_429
        );
        rows.push((workers, r));
    }
    let takeover = takeover(&o, &dir)?;
    eprintln!("redis jobs: a dead worker's chats waited {takeover:.2} s (lease 3 s)");
    let memory = memory(&o, &dir)?;
    eprintln!("redis jobs: {memory:.1} bytes of Redis memory per chat");
    let _ = std::fs::remove_dir_all(&dir);
    let ideal = o.chats as f64 / f64::from(o.limit);
    let mut s = format!(
        "\n## Jobs in Redis: `postpress job work`\n\n\
         `mute` on {} chats against `postpress-mock --rate-limit {}` (ideal {ideal:.1} s), each worker \
         `--rate {} --concurrency 16`, Redis with `appendfsync always`.\n\n\
         | workers | wall time | x ideal | answered 429 | Redis commands per chat (rate slot included) |\n\
         |---:|---:|---:|---:|---:|\n",
        o.chats, o.limit, o.limit
    );
    for (workers, r) in &rows {
        s.push_str(&format!(
            "| {workers} | {:.2} s | {:.3} | {} | {:.2} |\n",
            r.secs,
            r.secs / ideal,
            r.answered_429,
            r.commands as f64 / o.chats as f64
        ));
    }
    s.push_str(&format!(
        "\nA worker `kill -9`'d with `--lease 3s`: its chats waited {takeover:.2} s for another worker.\n\
         Redis memory per chat of a job of {} ids (`INFO memory`, `used_memory` after `job start` less before): {memory:.1} bytes.\n",
        o.memory_ids
    ));
    println!("{s}");
    if let Some(path) = out {
        if let Some(parent) = std::path::Path::new(&path).parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &s)?;
        eprintln!("wrote {path}");
    }
    Ok(())
}

fn ids(dir: &std::path::Path, name: &str, n: usize) -> Result<std::path::PathBuf> {
    let p = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p)?);
    for i in 0..n {
        writeln!(f, "chat-{i}")?;
    }
    f.flush()?;
    Ok(p)
}

fn cli(o: &Opts, base: &str, redis: &RedisServer, args: &[&str]) -> Command {
    let mut c = Command::new(format!("{}/postpress", o.bin_dir));
    c.env("POSTPRESS_API_KEY", KEY)
        .env("POSTPRESS_BASE_URL", base)
        .env("POSTPRESS_REDIS_URL", redis.url())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn durable() -> Result<RedisServer> {
    RedisServer::start_durable()
        .context("the Redis jobs scenario needs redis-server (apt-get install redis-server)")
}

/// Counts the commands clients send Redis (not those scripts run).
struct Monitor {
    count: Arc<AtomicU64>,
}

impl Monitor {
    fn start(redis: &RedisServer) -> Result<Self> {
        let mut stream = TcpStream::connect(("127.0.0.1", redis.port()))?;
        stream.write_all(b"*1\r\n$7\r\nMONITOR\r\n")?;
        let count = Arc::new(AtomicU64::new(0));
        let seen = count.clone();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line)?; // +OK
        std::thread::spawn(move || {
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                if !line.contains(" lua] ") && !line.contains("\"monitor\"") {
                    seen.fetch_add(1, Ordering::Relaxed);
                }
                line.clear();
            }
        });
        Ok(Self { count })
    }
    fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
}

struct Paced {
    secs: f64,
    commands: u64,
    answered_429: u64,
}

fn paced(o: &Opts, dir: &std::path::Path, workers: usize) -> Result<Paced> {
    let redis = durable()?;
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
    let file = ids(dir, "paced.txt", o.chats)?;
    let name = format!("paced-{workers}");
    if !cli(o, &url, &redis, &["job", "start", &name, "mute", "--from"])
        .arg(&file)
        .status()?
        .success()
    {
        bail!("job start failed");
    }
    let monitor = Monitor::start(&redis)?;
    std::thread::sleep(Duration::from_millis(100));
    let before = monitor.count();
    let start = Instant::now();
    let rate = o.limit.to_string();
    let children: Vec<Child> = (0..workers)
        .map(|_| {
            cli(
                o,
                &url,
                &redis,
                &["job", "work", &name, "--rate", &rate, "--concurrency", "16"],
            )
            .spawn()
        })
        .collect::<std::io::Result<_>>()?;
    let mut failed = 0;
    for mut c in children {
        if !c.wait()?.success() {
            failed += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_millis(200));
    let commands = monitor.count() - before;
    let stats = mock_stats(&url)?;
    let _ = mock.kill();
    let _ = mock.wait();
    if failed > 0 {
        bail!("{failed} worker(s) failed");
    }
    Ok(Paced {
        secs,
        commands,
        answered_429: stats["too_many_requests"].as_u64().unwrap_or(0),
    })
}

fn mock_stats(url: &str) -> Result<serde_json::Value> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let v = reqwest::Client::new()
            .get(format!("{url}/__mock/stats"))
            .send()
            .await?
            .json()
            .await?;
        anyhow::Ok(v)
    })
}

/// One chunk, one worker killed in the middle of it, a second worker
/// started at once: the seconds from the kill to the next request.
fn takeover(o: &Opts, dir: &std::path::Path) -> Result<f64> {
    let redis = durable()?;
    let (mut mock, url) = start_mock(&o.bin_dir, &["--chats", "100", "--rate-limit", "20"])?;
    let file = ids(dir, "takeover.txt", 100)?;
    if !cli(o, &url, &redis, &["job", "start", "takeover", "mute", "--from"])
        .arg(&file)
        .status()?
        .success()
    {
        bail!("job start failed");
    }
    let args = ["job", "work", "takeover", "--lease", "3s", "--rate", "20"];
    let mut first = cli(o, &url, &redis, &args).spawn()?;
    std::thread::sleep(Duration::from_secs(1));
    first.kill()?;
    let _ = first.wait();
    let killed = Instant::now();
    let before = mock_stats(&url)?["requests"].as_u64().unwrap_or(0);
    let mut second = cli(o, &url, &redis, &args).spawn()?;
    let waited = loop {
        if mock_stats(&url)?["requests"].as_u64().unwrap_or(0) > before {
            break killed.elapsed().as_secs_f64();
        }
        if killed.elapsed() > Duration::from_secs(30) {
            bail!("no worker took the chunk over within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = second.kill();
    let _ = second.wait();
    let _ = mock.kill();
    let _ = mock.wait();
    Ok(waited)
}

/// Redis memory per chat of a loaded job.
fn memory(o: &Opts, dir: &std::path::Path) -> Result<f64> {
    let redis = durable()?;
    let used = |r: &RedisServer| -> Result<u64> {
        let info = r.command(&["INFO", "memory"])?;
        info.lines()
            .find_map(|l| l.strip_prefix("used_memory:")?.trim().parse().ok())
            .context("used_memory")
    };
    let file = ids(dir, "memory.txt", o.memory_ids)?;
    let before = used(&redis)?;
    if !cli(
        o,
        "http://127.0.0.1:9",
        &redis,
        &["job", "start", "memory", "mute", "--from"],
    )
    .arg(&file)
    .status()?
    .success()
    {
        bail!("job start failed");
    }
    let after = used(&redis)?;
    Ok(after.saturating_sub(before) as f64 / o.memory_ids as f64)
}
