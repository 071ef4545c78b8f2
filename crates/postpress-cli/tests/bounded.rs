//! Inputs meant to break it: a chat id file with one 300 MB line, and a
//! journal with a 200 MB torn line, cost no more memory than short ones
//! (peak RSS read from `/proc/<pid>/status`), and the output repeats only a
//! short excerpt. A line that is not UTF-8 is reported by exactly one shard
//! and never sent.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use postpress_mock::MockServer;

const BIN: &str = env!("CARGO_BIN_EXE_postpress");
const KEY: &str = "bounded-test-key";
/// The ceiling the issue sets for any input.
const MAX_RSS_KIB: u64 = 32 * 1024;

/// One test at a time: each measures a child's memory.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A temp dir of the test's own.
struct Dir(postpress_testkit::TempDir);

impl Dir {
    fn new(name: &str) -> Self {
        Self(postpress_testkit::TempDir::new(&format!("bounded-{name}")))
    }
}

async fn mock(chats: usize) -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .group_chats("chat-", chats)
        .start()
        .await
        .expect("mock starts")
}

/// What a run of the CLI left: exit code, stdout, stderr, and its peak
/// resident set (VmHWM, KiB), sampled from /proc while it ran.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_kib: u64,
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `postpress ARGS` against `server` on a thread of its own (the
/// mock answers on this test's runtime meanwhile).
async fn run(server: &MockServer, dir: &Path, args: &[&str]) -> Run {
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let mut cmd = Command::new(BIN);
    cmd.env("POSTPRESS_API_KEY", KEY)
        .env("POSTPRESS_BASE_URL", server.base_url())
        .env_remove("POSTPRESS_REDIS_URL")
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"));
    let mut child = cmd.spawn().expect("spawns");
    let (code, peak_kib) = tokio::task::spawn_blocking(move || {
        let mut peak = 0;
        loop {
            // Sampled until the process is gone: VmHWM only grows, so the
            // last sample is the peak up to a few milliseconds before exit.
            if let Some(kib) = vm_hwm_kib(child.id()) {
                peak = peak.max(kib);
            }
            if let Some(status) = child.try_wait().expect("wait") {
                return (status.code().unwrap_or(-1), peak);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    })
    .await
    .expect("joins");
    assert!(peak_kib > 0, "no /proc sample of the child was taken");
    Run {
        code,
        stdout: std::fs::read_to_string(out).unwrap_or_default(),
        stderr: std::fs::read_to_string(err).unwrap_or_default(),
        peak_kib,
    }
}

fn write_repeated(path: &Path, prefix: &[u8], byte: u8, len: usize, suffix: &[u8]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    f.write_all(prefix).expect("write");
    let chunk = vec![byte; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len());
        f.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    f.write_all(suffix).expect("write");
    f.flush().expect("flush");
}

/// matrix: `bulk --from` a file whose one line is 300 MB (and `--json`) => the line is read in bounded pieces and never sent; one `failed` line with its first 64 bytes and its length (`aaaa… (300,000,001 bytes)`), an invalid chat id (exit 8 beside good ids); peak RSS under 32 MB (measured about 13 MB)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_mb_id_line_costs_no_memory_and_is_shown_as_an_excerpt() {
    let _serial = SERIAL.lock().await;
    let server = mock(2).await;
    let dir = Dir::new("big-id");
    let ids = dir.0.join("big.txt");
    // A good id, one line of 300,000,001 bytes, another good id.
    write_repeated(&ids, b"chat-0\n", b'a', 300_000_001, b"\nchat-1\n");
    let r = run(
        &server,
        dir.0.path(),
        &["bulk", "read", "--from", ids.to_str().expect("utf-8")],
    )
    .await;
    assert!(
        r.peak_kib < MAX_RSS_KIB,
        "peak RSS {} KiB reading a 300 MB line (limit {MAX_RSS_KIB} KiB)",
        r.peak_kib
    );
    // The two good ids were sent, the long line was not.
    assert_eq!(server.stats().requests, 2, "{}", r.stderr);
    // Exit 8: some chats succeeded, one input failed (an invalid chat id).
    assert_eq!(r.code, 8, "{}\n{}", r.stdout, r.stderr);
    let failed: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("failed")).collect();
    assert_eq!(failed.len(), 1, "{}", r.stdout);
    assert!(
        failed[0].starts_with(&format!("failed\t{}… (300,000,001 bytes)\t", "a".repeat(64))),
        "{}",
        failed[0]
    );
    assert!(failed[0].contains("is longer than 1024 bytes"), "{}", failed[0]);
    assert!(
        r.stdout.len() + r.stderr.len() < 2_000,
        "the output repeats the line:\n{}\n{}",
        r.stdout.len(),
        r.stderr.len()
    );
    assert!(r.stderr.contains("InvalidInput: 1"), "{}", r.stderr);
    println!("300 MB id line: peak RSS {} KiB", r.peak_kib);

    // --json says the same, with the excerpt only.
    let r = run(
        &server,
        dir.0.path(),
        &["--json", "bulk", "read", "--from", ids.to_str().expect("utf-8")],
    )
    .await;
    assert!(r.peak_kib < MAX_RSS_KIB, "{} KiB", r.peak_kib);
    let bad: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["ok"] == false)
        .collect();
    assert_eq!(bad.len(), 1, "{}", r.stdout);
    assert_eq!(bad[0]["kind"], "InvalidInput");
    assert!(
        bad[0]["chat_id_excerpt"]
            .as_str()
            .is_some_and(|e| e.ends_with("(300,000,001 bytes)"))
    );
    assert!(r.stdout.len() < 2_000);
}

/// matrix: `bulk --resume` of a journal ending in a 200 MB torn line => skipped and counted ("1 torn line(s) skipped"), nothing resent; peak RSS under 32 MB (measured about 13 MB)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_with_a_200_mb_torn_line_resumes_in_bounded_memory() {
    let _serial = SERIAL.lock().await;
    let server = mock(4).await;
    let dir = Dir::new("torn");
    let ids = dir.0.join("ids.txt");
    std::fs::write(&ids, "chat-0\nchat-1\nchat-2\nchat-3\n").expect("ids");
    let journal = dir.0.join("job.jsonl");
    let (ids, journal_s) = (ids.to_str().expect("utf-8"), journal.to_str().expect("utf-8"));
    let first = run(
        &server,
        dir.0.path(),
        &["bulk", "mute", "--from", ids, "--journal", journal_s],
    )
    .await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    // A crash mid-write: 200 MB of a line with no newline.
    let torn = dir.0.join("torn");
    write_repeated(&torn, b"{\"chat_id\":\"", b'x', 200_000_000, b"");
    {
        let mut j = std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .expect("journal");
        std::io::copy(&mut std::fs::File::open(&torn).expect("torn"), &mut j).expect("append");
    }
    std::fs::remove_file(&torn).expect("rm");
    let before = server.stats().requests;
    let r = run(
        &server,
        dir.0.path(),
        &["bulk", "mute", "--from", ids, "--journal", journal_s, "--resume"],
    )
    .await;
    assert!(
        r.peak_kib < MAX_RSS_KIB,
        "peak RSS {} KiB resuming past a 200 MB torn line (limit {MAX_RSS_KIB} KiB)",
        r.peak_kib
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 torn line(s) skipped"), "{}", r.stderr);
    assert!(r.stderr.contains("4 done"), "{}", r.stderr);
    assert_eq!(
        server.stats().requests,
        before,
        "a resume sent chats that were done"
    );
    assert!(r.stdout.len() + r.stderr.len() < 2_000);
    println!("200 MB torn journal line: peak RSS {} KiB", r.peak_kib);
}

/// matrix: an id line that is not UTF-8, input split by `--shard 1/2` and `2/2` => reported by shard 1 only (by line number), never sent; every good id sent once
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_that_is_not_utf8_is_reported_once_across_shards_and_never_sent() {
    let _serial = SERIAL.lock().await;
    let server = mock(40).await;
    let dir = Dir::new("utf8");
    let ids = dir.0.join("ids.txt");
    let mut text = Vec::new();
    for i in 0..40 {
        text.extend_from_slice(format!("chat-{i}\n").as_bytes());
        if i == 19 {
            text.extend_from_slice(b"chat-\xff\xfe-bad\n");
        }
    }
    std::fs::write(&ids, text).expect("ids");
    let mut reported = 0;
    for shard in ["1/2", "2/2"] {
        let r = run(
            &server,
            dir.0.path(),
            &[
                "bulk",
                "read",
                "--from",
                ids.to_str().expect("utf-8"),
                "--shard",
                shard,
            ],
        )
        .await;
        if r.stderr.contains("that are not UTF-8 (line 21)") {
            reported += 1;
            assert_eq!(r.code, 8, "{}", r.stderr);
        } else {
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
    }
    assert_eq!(reported, 1, "reported by exactly one shard");
    // Every good id once, the bad line never.
    let sent: Vec<String> = server.requests().into_iter().filter_map(|r| r.chat_id).collect();
    assert_eq!(sent.len(), 40, "{sent:?}");
    assert!(
        sent.iter()
            .all(|id| id.starts_with("chat-") && !id.contains('\u{fffd}'))
    );
}
