//! `postpress-bench`: raw reqwest, the generated client and the facade (and,
//! with `--node`, the official Node SDK) against one minimal loopback HTTP
//! server, side by side in one run. Run it through `cargo xtask bench`.
//!
//! The server runs in a child process (this binary with `serve`), so the
//! counting allocator sees only the clients' allocations. On a machine with
//! two or more cores the server is pinned to core 0 and the clients to
//! core 1 (`taskset`), so the client's own CPU per call is what limits the
//! throughput at high concurrency.
//!
//! `--bulk` adds the bulk scenario: the `postpress` CLI against the
//! `postpress-mock` binary with a real rate limit.

use std::alloc::System;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

mod bulk;
mod fleet;
mod job;
mod redis_jobs;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const CHAT_ID: &str = "9f9uio56sopa456s";
const KEY: &str = "bench-api-key";
/// What the server answers: the spec's success body.
const RESPONSE_BODY: &[u8] = postpress_api::SUCCESS_BODY.as_bytes();
const CONCURRENCY: [usize; 3] = [1, 16, 64];
/// The timeout every client of the comparison is configured with (the
/// facade's default), so that the timer it costs is on both sides.
const TIMEOUT: Duration = postpress::DEFAULT_TIMEOUT;
const NODE_SDK: &str = "unipile-node-sdk@1.9.3";

struct Opts {
    requests: usize,
    warmup: usize,
    rounds: usize,
    node: bool,
    out: Option<String>,
    node_dir: String,
    only: Option<String>,
    concurrency: Vec<usize>,
    pin: bool,
    bulk: Option<BulkOpts>,
}

struct BulkOpts {
    bin_dir: String,
    chats: usize,
    concurrency: usize,
    limit: u32,
    rounds: usize,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => return serve(),
        Some("job") => return job::run(&args[1..]),
        Some("fleet") => return fleet::run(&args[1..]),
        Some("redis-jobs") => return redis_jobs::run(&args[1..]),
        _ => {}
    }
    let mut opts = Opts {
        requests: 5_000,
        warmup: 1_000,
        rounds: 15,
        node: false,
        out: None,
        node_dir: "target/bench/node".into(),
        only: None,
        concurrency: CONCURRENCY.to_vec(),
        pin: std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2),
        bulk: None,
    };
    let mut bulk_rounds = 3;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => {
                opts.requests = 2_000;
                opts.warmup = 200;
                opts.rounds = 3;
                bulk_rounds = 1;
            }
            "--no-pin" => opts.pin = false,
            "--bulk" => {
                opts.bulk = Some(BulkOpts {
                    bin_dir: it.next().context("--bulk BIN_DIR")?.clone(),
                    chats: 2_000,
                    concurrency: 32,
                    limit: 200,
                    rounds: 0,
                })
            }
            "--node" => opts.node = true,
            "--requests" => opts.requests = it.next().context("--requests N")?.parse()?,
            "--rounds" => opts.rounds = it.next().context("--rounds N")?.parse()?,
            "--warmup" => opts.warmup = it.next().context("--warmup N")?.parse()?,
            // A real subscriber that filters postpress's spans off: what
            // disabled tracing costs an application that logs.
            "--subscriber-off" => {
                tracing_subscriber::fmt()
                    .with_env_filter(tracing_subscriber::EnvFilter::new("warn,postpress=off"))
                    .with_writer(std::io::stderr)
                    .init();
            }
            "--out" => opts.out = Some(it.next().context("--out PATH")?.clone()),
            "--node-dir" => opts.node_dir = it.next().context("--node-dir PATH")?.clone(),
            // For profiling: one client, chosen concurrency levels.
            "--only" => opts.only = Some(it.next().context("--only raw-reqwest|generated|facade")?.clone()),
            "--concurrency" => {
                opts.concurrency = it
                    .next()
                    .context("--concurrency 1,16,64")?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?
            }
            other => bail!("unknown argument {other}"),
        }
    }
    if let Some(b) = &mut opts.bulk {
        b.rounds = bulk_rounds;
    }
    let server = Server::spawn(opts.pin)?;
    if opts.pin {
        // This thread, and so the runtime's threads it spawns, on core 1.
        pin_self(1)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let mut samples: Vec<Sample> = Vec::new();
    if opts.node {
        install_node_sdk(&opts.node_dir)?;
    }
    for round in 0..opts.rounds {
        eprintln!("round {}/{}", round + 1, opts.rounds);
        for &c in &opts.concurrency {
            // Rotate the order each round so no client always runs first.
            let mut kinds = Kind::ALL;
            kinds.rotate_left(round % Kind::ALL.len());
            for kind in kinds {
                if opts.only.as_deref().is_some_and(|o| o != kind.name()) {
                    continue;
                }
                let s = rt.block_on(run_rust(kind, &server, c, round, &opts))?;
                eprintln!("  {:<10} c={c:<3} {:>9.0} req/s", kind.name(), s.rps);
                samples.push(s);
            }
            if opts.node {
                let s = run_node(&server, c, round, &opts)?;
                eprintln!("  {:<10} c={c:<3} {:>9.0} req/s", "node-sdk", s.rps);
                samples.push(s);
            }
        }
    }
    let mut report = report(&samples, &opts);
    if let Some(b) = &opts.bulk {
        drop(server);
        report.push_str(&bulk::run(b)?);
    }
    println!("{report}");
    if let Some(path) = &opts.out {
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, &report)?;
        eprintln!("wrote {path}");
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// reqwest with a hand-built request and no timeout.
    Raw,
    /// The same, on a client with the 30 s timeout: the reference.
    RawTimeout,
    /// A careful hand-written client: `Url` and `HeaderMap` built once and
    /// cloned per call, static body bytes, the body read as bytes, the
    /// same 30 s timeout and the same headers as the facade. The floor
    /// the facade is measured against under callgrind.
    Prebuilt,
    Generated,
    /// `client.perform(id, ChatAction::SetReadStatus(true))`.
    Facade,
    /// `client.chat(id).mark_read()` on a client with retries: the README's path.
    FacadeChat,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Raw,
        Kind::RawTimeout,
        Kind::Prebuilt,
        Kind::Generated,
        Kind::Facade,
        Kind::FacadeChat,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Raw => "raw-reqwest",
            Kind::RawTimeout => "raw-reqwest+timeout",
            Kind::Prebuilt => "raw-reqwest prebuilt",
            Kind::Generated => "generated",
            Kind::Facade => "facade perform",
            Kind::FacadeChat => "facade chat().mark_read()",
        }
    }
}

/// Pins the calling thread (and the threads it spawns later) to `core`.
fn pin_self(core: usize) -> Result<()> {
    let status = Command::new("taskset")
        .args(["-cp", &core.to_string(), &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()
        .context("running taskset (util-linux) to pin the client")?;
    if !status.success() {
        bail!("taskset could not pin the client to core {core}");
    }
    Ok(())
}

struct Sample {
    round: usize,
    client: &'static str,
    concurrency: usize,
    rps: f64,
    p50_us: f64,
    p99_us: f64,
    allocs_per_req: Option<f64>,
    bytes_per_req: Option<f64>,
    /// The client process's CPU time per request (all its threads).
    cpu_us_per_req: Option<f64>,
    connections: usize,
}

/// CPU time of this process so far, all threads, from
/// `/proc/self/task/*/schedstat` (nanosecond resolution); `None` where
/// there is no such file.
fn process_cpu() -> Option<Duration> {
    let mut total = 0u64;
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let path = entry.ok()?.path().join("schedstat");
        let text = std::fs::read_to_string(path).ok()?;
        total += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// One of the three Rust clients, ready to send the same request.
enum Target {
    Raw {
        http: reqwest::Client,
        url: String,
        key: reqwest::header::HeaderValue,
        body: bytes::Bytes,
    },
    Prebuilt {
        http: reqwest::Client,
        url: reqwest::Url,
        headers: reqwest::header::HeaderMap,
        body: &'static [u8],
    },
    Generated(postpress_api::Client),
    Facade(postpress::Client),
    FacadeChat(postpress::Client),
}

impl Target {
    fn new(kind: Kind, base: &str) -> Result<Self> {
        Ok(match kind {
            Kind::Raw | Kind::RawTimeout => Target::Raw {
                // Built as the facade builds its own toward loopback:
                // no_proxy(), so no side pays for proxy matching.
                http: if kind == Kind::RawTimeout {
                    reqwest::Client::builder().no_proxy().timeout(TIMEOUT).build()?
                } else {
                    reqwest::Client::builder().no_proxy().build()?
                },
                url: format!("{base}{}{CHAT_ID}", postpress_api::PATH_PREFIX),
                key: reqwest::header::HeaderValue::from_static(KEY),
                // The body a user would hand-build, serialized once.
                body: bytes::Bytes::from(serde_json::to_vec(&postpress::ChatAction::SetReadStatus(true))?),
            },
            Kind::Prebuilt => {
                use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
                // The facade's wire bytes for `setReadStatus(true)`, made
                // 'static once, so each call sends them as a careful
                // hand-written client sends a static body.
                let body: &'static [u8] = Box::leak(
                    serde_json::to_vec(&postpress::ChatAction::SetReadStatus(true))?.into_boxed_slice(),
                );
                let mut headers = HeaderMap::new();
                let mut key = HeaderValue::from_static(KEY);
                key.set_sensitive(true);
                headers.insert(postpress_api::API_KEY_HEADER, key);
                headers.insert(USER_AGENT, HeaderValue::from_static("postpress-bench/prebuilt"));
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
                Target::Prebuilt {
                    // As the facade builds its own toward loopback:
                    // no_proxy(), and the same timeout.
                    http: reqwest::Client::builder().no_proxy().timeout(TIMEOUT).build()?,
                    url: reqwest::Url::parse(&format!("{base}{}{CHAT_ID}", postpress_api::PATH_PREFIX))?,
                    headers,
                    body,
                }
            }
            Kind::Generated => Target::Generated(postpress_api::Client::new_with_client(
                base,
                reqwest::Client::builder().no_proxy().build()?,
                postpress_api::Credentials::api_key(KEY)?,
            )),
            Kind::Facade => Target::Facade(
                postpress::Client::builder()
                    .api_key(KEY)
                    .base_url(base)
                    .timeout(TIMEOUT)
                    .build()?,
            ),
            // Configured as the README shows it: a 15 s timeout and
            // retries (the timeout's value costs nothing; its timer does).
            Kind::FacadeChat => Target::FacadeChat(
                postpress::Client::builder()
                    .api_key(KEY)
                    .base_url(base)
                    .timeout(Duration::from_secs(15))
                    .retry(postpress::RetryPolicy::exponential())
                    .build()?,
            ),
        })
    }

    async fn call(&self) -> Result<()> {
        match self {
            Target::Raw { http, url, key, body } => {
                let resp = http
                    .patch(url)
                    .header(postpress_api::API_KEY_HEADER, key.clone())
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone())
                    .send()
                    .await?;
                if !resp.status().is_success() {
                    bail!("status {}", resp.status());
                }
                let _body = resp.bytes().await?;
            }
            Target::Prebuilt {
                http,
                url,
                headers,
                body,
            } => {
                let resp = http
                    .request(reqwest::Method::PATCH, url.clone())
                    .headers(headers.clone())
                    .body(bytes::Bytes::from_static(body))
                    .send()
                    .await?;
                if !resp.status().is_success() {
                    bail!("status {}", resp.status());
                }
                let _body = resp.bytes().await?;
            }
            Target::Generated(api) => {
                api.perform_chat_action()
                    .chat_id(CHAT_ID)
                    .body(postpress_api::types::ChatActionRequest::SetReadStatus(true))
                    .send()
                    .await?;
            }
            Target::Facade(client) => {
                client
                    .perform(CHAT_ID, postpress::ChatAction::SetReadStatus(true))
                    .await?;
            }
            Target::FacadeChat(client) => {
                client.chat(CHAT_ID).mark_read().await?;
            }
        }
        Ok(())
    }
}

async fn drive(target: &Arc<Target>, concurrency: usize, total: usize) -> Result<Vec<Vec<Duration>>> {
    let next = Arc::new(AtomicUsize::new(0));
    let per_worker = total / concurrency + 1;
    let mut handles = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (target, next) = (target.clone(), next.clone());
        let mut lats = Vec::with_capacity(per_worker);
        handles.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let t = Instant::now();
                target.call().await?;
                lats.push(t.elapsed());
            }
            anyhow::Ok(lats)
        }));
    }
    let mut out = Vec::with_capacity(concurrency);
    for h in handles {
        out.push(h.await??);
    }
    Ok(out)
}

async fn run_rust(
    kind: Kind,
    server: &Server,
    concurrency: usize,
    round: usize,
    opts: &Opts,
) -> Result<Sample> {
    server.control("reset")?;
    let target = Arc::new(Target::new(kind, &server.base)?);
    drive(&target, concurrency, opts.warmup).await?;
    let region = Region::new(GLOBAL);
    let cpu_start = process_cpu();
    let start = Instant::now();
    let lats = drive(&target, concurrency, opts.requests).await?;
    let elapsed = start.elapsed();
    let cpu = cpu_start.zip(process_cpu()).map(|(a, b)| b.saturating_sub(a));
    let stats = region.change();
    let connections = server.control("count")?;
    let mut all: Vec<Duration> = lats.into_iter().flatten().collect();
    all.sort_unstable();
    let n = opts.requests as f64;
    Ok(Sample {
        round,
        client: kind.name(),
        concurrency,
        rps: n / elapsed.as_secs_f64(),
        p50_us: percentile(&all, 0.50),
        p99_us: percentile(&all, 0.99),
        allocs_per_req: Some(stats.allocations as f64 / n),
        bytes_per_req: Some(stats.bytes_allocated as f64 / n),
        cpu_us_per_req: cpu.map(|c| c.as_secs_f64() * 1e6 / n),
        connections,
    })
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1e6
}

// ---- the Node SDK -------------------------------------------------------

const NODE_SCRIPT: &str = r#"
const { UnipileClient } = require('unipile-node-sdk');
const [base, total, conc, warm] = process.argv.slice(2).map((v, i) => i === 0 ? v : Number(v));
const client = new UnipileClient(base, 'bench-api-key');
async function drive(n, lats) {
  let next = 0;
  async function worker() {
    while (next++ < n) {
      const t = process.hrtime.bigint();
      await client.messaging.setChatStatus({ chat_id: '9f9uio56sopa456s', action: 'setReadStatus', value: true });
      if (lats) lats.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  await Promise.all(Array.from({ length: conc }, worker));
}
(async () => {
  const origLog = console.log; console.log = () => {};
  await drive(warm, null);
  const lats = [];
  const t = process.hrtime.bigint();
  await drive(total, lats);
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  lats.sort((a, b) => a - b);
  const pct = (q) => lats[Math.min(lats.length - 1, Math.round((lats.length - 1) * q))];
  origLog(JSON.stringify({ rps: total / secs, p50_us: pct(0.5), p99_us: pct(0.99) }));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

fn install_node_sdk(dir: &str) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(format!("{dir}/bench.js"), NODE_SCRIPT)?;
    if std::path::Path::new(&format!("{dir}/node_modules/unipile-node-sdk/package.json")).exists() {
        return Ok(());
    }
    if !std::path::Path::new(&format!("{dir}/package.json")).exists() {
        std::fs::write(
            format!("{dir}/package.json"),
            "{\"name\":\"postpress-bench-node\",\"private\":true}\n",
        )?;
    }
    eprintln!("installing {NODE_SDK} into {dir}");
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", NODE_SDK])
        .current_dir(dir)
        .status()
        .context("running npm (is Node.js installed?)")?;
    if !status.success() {
        bail!("npm install {NODE_SDK} failed");
    }
    Ok(())
}

fn run_node(server: &Server, concurrency: usize, round: usize, opts: &Opts) -> Result<Sample> {
    server.control("reset")?;
    let out = Command::new("node")
        .arg(format!("{}/bench.js", opts.node_dir))
        .args([
            server.base.clone(),
            opts.requests.to_string(),
            concurrency.to_string(),
            opts.warmup.to_string(),
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("running node")?;
    if !out.status.success() {
        bail!("the Node SDK bench failed");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("node output")?;
    let num = |k: &str| v.get(k).and_then(serde_json::Value::as_f64).unwrap_or(0.0);
    Ok(Sample {
        round,
        client: "node-sdk",
        concurrency,
        rps: num("rps"),
        p50_us: num("p50_us"),
        p99_us: num("p99_us"),
        allocs_per_req: None,
        bytes_per_req: None,
        cpu_us_per_req: None,
        connections: server.control("count")?,
    })
}

// ---- the report ---------------------------------------------------------

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn report(samples: &[Sample], opts: &Opts) -> String {
    let mut clients: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    clients.push("node-sdk");
    let reference = Kind::RawTimeout.name();
    let pick = |client: &str, c: usize| -> Vec<&Sample> {
        samples
            .iter()
            .filter(|s| s.client == client && s.concurrency == c)
            .collect()
    };
    let mut out = String::new();
    out.push_str(
        "| client | concurrency | req/s | × raw+timeout (median of rounds) | rounds: lowest–highest | client CPU µs/req | CPU × raw+timeout | p50 µs | p99 µs | allocs/req | bytes/req | connections |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for &c in &opts.concurrency {
        let raw_rounds = pick(reference, c);
        for &client in &clients {
            let s = pick(client, c);
            if s.is_empty() {
                continue;
            }
            let rps = median(s.iter().map(|s| s.rps).collect());
            // The ratio is the median of per-round ratios: each round runs the
            // clients back to back, so machine noise mostly cancels out.
            let ratios: Vec<f64> = s
                .iter()
                .filter_map(|s| {
                    let raw = raw_rounds.iter().find(|r| r.round == s.round)?;
                    (raw.rps > 0.0).then(|| s.rps / raw.rps)
                })
                .collect();
            let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let ratio = median(ratios);
            let cpu = s.iter().filter_map(|s| s.cpu_us_per_req).collect::<Vec<_>>();
            let cpu_ratio = median(
                s.iter()
                    .filter_map(|s| {
                        let raw = raw_rounds.iter().find(|r| r.round == s.round)?;
                        Some(s.cpu_us_per_req? / raw.cpu_us_per_req?)
                    })
                    .collect(),
            );
            let p50 = median(s.iter().map(|s| s.p50_us).collect());
            let p99 = median(s.iter().map(|s| s.p99_us).collect());
            let allocs = s.iter().filter_map(|s| s.allocs_per_req).collect::<Vec<_>>();
            let bytes = s.iter().filter_map(|s| s.bytes_per_req).collect::<Vec<_>>();
            let conns = s.iter().map(|s| s.connections).max().unwrap_or(0);
            let fmt_opt = |v: Vec<f64>, prec: usize| {
                if v.is_empty() {
                    "n/a".to_string()
                } else {
                    format!("{:.prec$}", median(v))
                }
            };
            let cpu_ratio = if cpu.is_empty() {
                "n/a".to_string()
            } else {
                format!("{cpu_ratio:.3}")
            };
            out.push_str(&format!(
                "| {client} | {c} | {rps:.0} | {:.3} | {lo:.2}–{hi:.2} | {} | {cpu_ratio} | {p50:.0} | {p99:.0} | {} | {} | {conns} |\n",
                ratio,
                fmt_opt(cpu, 2),
                fmt_opt(allocs, 1),
                fmt_opt(bytes, 0),
            ));
        }
    }
    out.push_str(&format!(
        "\n{} requests per cell after {} warm-up requests; median of {} rounds (each round runs every client \
         back to back, order rotated; a ratio is taken within a round); one loopback server \
         (hyper, 1 thread, separate process){}; Rust clients on a 1-worker tokio runtime, every \
         client but raw-reqwest with a {} s client-level timeout. Allocations counted by a global \
         allocator in the client process during the measured requests.\n",
        opts.requests,
        opts.warmup,
        opts.rounds,
        if opts.pin {
            " pinned to core 0, the clients pinned to core 1 (taskset)"
        } else {
            ", not pinned"
        },
        TIMEOUT.as_secs()
    ));
    out
}

// ---- the server (child process) -----------------------------------------

struct Server {
    base: String,
    control: SocketAddr,
    child: std::process::Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn spawn(pin: bool) -> Result<Self> {
        let exe = std::env::current_exe()?;
        let mut command = if pin {
            let mut c = Command::new("taskset");
            c.args(["-c", "0"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        let mut child = command.arg("serve").stdout(Stdio::piped()).spawn()?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let mut parts = line.split_whitespace().skip(1);
        let (Some(port), Some(control)) = (parts.next(), parts.next()) else {
            bail!("the bench server did not start: {line:?}");
        };
        Ok(Server {
            base: format!("http://127.0.0.1:{port}"),
            control: format!("127.0.0.1:{control}").parse()?,
            child,
        })
    }

    /// `reset` zeroes the accepted-connection count; `count` reads it.
    fn control(&self, command: &str) -> Result<usize> {
        let mut s = TcpStream::connect(self.control)?;
        s.write_all(format!("{command}\n").as_bytes())?;
        let mut line = String::new();
        BufReader::new(s).read_line(&mut line)?;
        Ok(line.trim().parse()?)
    }
}

fn serve() -> Result<()> {
    use http_body_util::{BodyExt, Full};
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let control = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!(
            "ports {} {}",
            listener.local_addr()?.port(),
            control.local_addr()?.port()
        );
        std::io::stdout().flush()?;
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = control.accept().await {
                let (r, mut w) = sock.into_split();
                let mut line = String::new();
                let _ = tokio::io::BufReader::new(r).read_line(&mut line).await;
                let n = if line.trim() == "reset" {
                    counter.store(0, Ordering::SeqCst);
                    0
                } else {
                    counter.load(Ordering::SeqCst)
                };
                let _ = w.write_all(format!("{n}\n").as_bytes()).await;
            }
        });
        loop {
            let (sock, _) = listener.accept().await?;
            let _ = sock.set_nodelay(true);
            accepted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(|req: hyper::Request<hyper::body::Incoming>| async move {
                        let _ = req.into_body().collect().await;
                        hyper::Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(bytes::Bytes::from_static(RESPONSE_BODY)))
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(sock), service)
                    .await;
            });
        }
        #[allow(unreachable_code)]
        anyhow::Ok(())
    })
}
