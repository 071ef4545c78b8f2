//! The mock binary fit for long runs: 1,000,000 requests, with its memory
//! (VmRSS) read after the first 100,000 and at the end. The log keeps the
//! newest `--log-limit`; the totals count every request.
//!
//! The requests are pipelined over keep-alive connections, so the run is
//! bound by the mock itself (about a minute for a debug build on two cores).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

const KEY: &str = "long-run-key";
const CONNECTIONS: usize = 4;
const BATCH: usize = 64;

fn start_mock() -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postpress-mock"))
        .args([
            "--port",
            "0",
            "--api-key",
            KEY,
            "--seed",
            "empty",
            "--chats",
            "100",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the mock starts");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    reader.read_line(&mut line).expect("first line");
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let addr = line
        .trim()
        .strip_prefix("postpress-mock listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, addr)
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix("VmRSS:")?
                .trim()
                .strip_suffix(" kB")?
                .trim()
                .parse()
                .ok()
        })
        .expect("VmRSS")
}

/// Sends `n` requests on one connection, `BATCH` at a time, and reads every
/// answer; returns how many were 200.
fn drive(addr: &str, n: usize, salt: usize) -> usize {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream.set_nodelay(true).expect("nodelay");
    let mut reader = BufReader::with_capacity(1 << 16, stream.try_clone().expect("dup"));
    let body = r#"{"action":"setReadStatus","value":true}"#;
    let mut ok = 0;
    let mut sent = 0;
    let mut request = Vec::new();
    while sent < n {
        let batch = BATCH.min(n - sent);
        request.clear();
        for i in 0..batch {
            let chat = (salt + sent + i) % 100;
            write!(
                request,
                "PATCH {}chat-{chat} HTTP/1.1\r\nhost: {addr}\r\nx-api-key: {KEY}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                postpress_mock::PATH_TEMPLATE.trim_end_matches("{chat_id}"),
                body.len()
            )
            .expect("write to a Vec");
        }
        stream.write_all(&request).expect("send");
        for _ in 0..batch {
            let mut status = String::new();
            reader.read_line(&mut status).expect("status line");
            let mut length = 0usize;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).expect("header");
                let h = header.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((name, value)) = h.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().expect("a length");
                }
            }
            let mut skip = vec![0u8; length];
            reader.read_exact(&mut skip).expect("body");
            ok += usize::from(status.starts_with("HTTP/1.1 200"));
        }
        sent += batch;
    }
    ok
}

fn run(addr: &str, total: usize) -> usize {
    let per = total / CONNECTIONS;
    let handles: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let addr = addr.to_string();
            std::thread::spawn(move || drive(&addr, per, c * 7))
        })
        .collect();
    handles.into_iter().map(|h| h.join().expect("driver")).sum()
}

#[test]
fn memory_stays_flat_over_a_million_requests() {
    let (mut child, addr) = start_mock();
    let pid = child.id();
    assert_eq!(run(&addr, 100_000), 100_000);
    let after_100k = rss_kib(pid);
    assert_eq!(run(&addr, 900_000), 900_000);
    let after_1m = rss_kib(pid);
    let stats: serde_json::Value = {
        let mut s = TcpStream::connect(&addr).expect("connects");
        write!(
            s,
            "GET /__mock/stats HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n"
        )
        .expect("send");
        let mut text = String::new();
        s.read_to_string(&mut text).expect("read");
        let body = text.split("\r\n\r\n").nth(1).expect("a body");
        serde_json::from_str(body).expect("JSON")
    };
    let _ = child.kill();
    let _ = child.wait();
    eprintln!(
        "mock VmRSS: {after_100k} KiB after 100,000 requests, {after_1m} KiB after 1,000,000 ({:+} KiB)",
        after_1m as i64 - after_100k as i64
    );
    assert_eq!(stats["requests"], 1_000_000);
    assert_eq!(stats["by_status"]["200"], 1_000_000);
    assert_eq!(stats["logged"], postpress_mock::DEFAULT_LOG_LIMIT);
    assert!(
        after_1m <= after_100k + 4 * 1024,
        "RSS grew from {after_100k} KiB to {after_1m} KiB"
    );
}
