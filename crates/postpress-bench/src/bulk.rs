//! The bulk scenario: `postpress bulk` against `postpress-mock` with a real
//! rate limit (`--rate-limit N`), N chats at a fixed concurrency,
//! (a) with `--rate N` (the client spaces its requests at the limit) and
//! (b) without it (429s come, and the shared gate absorbs them).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::BulkOpts;

pub(crate) const KEY: &str = "bench-bulk-key";

struct Run {
    with_rate: bool,
    secs: f64,
    requests: usize,
    answered_429: usize,
    updated: usize,
    reported_429: Option<u64>,
}

pub(crate) fn run(b: &BulkOpts) -> Result<String> {
    let dir = std::env::temp_dir().join(format!("postpress-bench-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ids = dir.join("ids.txt");
    let text: String = (0..b.chats).map(|i| format!("chat-{i}\n")).collect();
    std::fs::write(&ids, text)?;
    let mut runs = Vec::new();
    for round in 0..b.rounds {
        for with_rate in [true, false] {
            let r = one(b, &ids, with_rate)?;
            eprintln!(
                "bulk round {}/{} {}: {:.2} s, {} requests, {} answered 429, {} chats updated",
                round + 1,
                b.rounds,
                if with_rate { "--rate" } else { "no --rate" },
                r.secs,
                r.requests,
                r.answered_429,
                r.updated
            );
            runs.push(r);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(report(b, &runs))
}

/// Starts the mock binary of `bin_dir` on a free port with the bench key
/// and no seeded chats, plus `args`; returns it and its base URL.
pub(crate) fn start_mock(bin_dir: &str, args: &[&str]) -> Result<(std::process::Child, String)> {
    let mut mock = Command::new(format!("{bin_dir}/postpress-mock"))
        .args(["--port", "0", "--api-key", KEY, "--seed", "empty"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .context("starting postpress-mock")?;
    let stdout = mock.stdout.take().context("mock stdout")?;
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Keep draining what the mock prints after its first line.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let Some(url) = line.trim().strip_prefix("postpress-mock listening on ") else {
        let _ = mock.kill();
        bail!("postpress-mock did not start: {line:?}");
    };
    Ok((mock, url.to_string()))
}

fn one(b: &BulkOpts, ids: &std::path::Path, with_rate: bool) -> Result<Run> {
    let (mut mock, url) = start_mock(
        &b.bin_dir,
        &[
            "--chats",
            &b.chats.to_string(),
            "--rate-limit",
            &b.limit.to_string(),
        ],
    )?;
    let mut cli = Command::new(format!("{}/postpress", b.bin_dir));
    cli.args(["--base-url", &url, "--api-key", KEY, "bulk", "read", "--from"])
        .arg(ids)
        .args(["--concurrency", &b.concurrency.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if with_rate {
        cli.args(["--rate", &b.limit.to_string()]);
    }
    let start = Instant::now();
    let out = cli.output().context("running postpress bulk")?;
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    // "...; N rate-limited answers (429) waited out"
    let reported_429 = stderr
        .lines()
        .rev()
        .find_map(|l| l.split("; ").nth(1)?.split(' ').next()?.parse().ok());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (requests, answered_429, updated) = rt.block_on(async {
        let http = reqwest::Client::new();
        let get = |path: &str| {
            let request = http.get(format!("{url}{path}"));
            async move { anyhow::Ok(request.send().await?.json::<serde_json::Value>().await?) }
        };
        let log = get("/__mock/requests").await?;
        let chats = get("/__mock/chats").await?;
        let log = log.as_array().cloned().unwrap_or_default();
        let answered_429 = log.iter().filter(|r| r["status"] == 429).count();
        let updated = chats
            .as_array()
            .map_or(0, |c| c.iter().filter(|c| c["read"] == true).count());
        anyhow::Ok((log.len(), answered_429, updated))
    })?;
    let _ = mock.kill();
    let _ = mock.wait();
    if !out.status.success() {
        bail!("postpress bulk failed ({}): {stderr}", out.status);
    }
    Ok(Run {
        with_rate,
        secs,
        requests,
        answered_429,
        updated,
        reported_429,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn report(b: &BulkOpts, runs: &[Run]) -> String {
    let ideal = b.chats as f64 / f64::from(b.limit);
    let mut out = format!(
        "\nBulk: `postpress bulk read` over {} chats at `--concurrency {}` against `postpress-mock --rate-limit {}` \
         (ideal time {} / {} = {:.1} s); {} round(s).\n\n\
         | run | round | time s | × ideal | requests | answered 429 | 429 share | chats updated | 429s in the CLI summary |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        b.chats, b.concurrency, b.limit, b.chats, b.limit, ideal, b.rounds
    );
    for with_rate in [true, false] {
        let mine: Vec<&Run> = runs.iter().filter(|r| r.with_rate == with_rate).collect();
        let name = if with_rate {
            format!("(a) `--rate {}`", b.limit)
        } else {
            "(b) no `--rate`".to_string()
        };
        for (i, r) in mine.iter().enumerate() {
            out.push_str(&format!(
                "| {name} | {} | {:.2} | {:.3} | {} | {} | {:.2}% | {}/{} | {} |\n",
                i + 1,
                r.secs,
                r.secs / ideal,
                r.requests,
                r.answered_429,
                100.0 * r.answered_429 as f64 / r.requests.max(1) as f64,
                r.updated,
                b.chats,
                r.reported_429.map_or("n/a".into(), |n| n.to_string()),
            ));
        }
        if mine.len() > 1 {
            let secs = median(mine.iter().map(|r| r.secs).collect());
            let share = median(
                mine.iter()
                    .map(|r| 100.0 * r.answered_429 as f64 / r.requests.max(1) as f64)
                    .collect(),
            );
            out.push_str(&format!(
                "| {name} | median | {secs:.2} | {:.3} | | | {share:.2}% | | |\n",
                secs / ideal
            ));
        }
    }
    out
}
