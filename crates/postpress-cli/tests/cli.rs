//! The `postpress` binary against postpress-mock.

use std::time::Duration;

use assert_cmd::Command;
use postpress_mock::{ChatKind, ChatState, Fault, FaultKind, MockServer, Provider};

const KEY: &str = "cli-test-key";

async fn mock(chats: Vec<ChatState>) -> MockServer {
    let mut b = MockServer::builder().api_key(KEY);
    for c in chats {
        b = b.chat(c);
    }
    b.start().await.expect("mock starts")
}

fn demo() -> Vec<ChatState> {
    vec![
        ChatState::new("wa-group", Provider::WhatsApp, ChatKind::Group).participants(["@old"]),
        ChatState::new("li-chat", Provider::LinkedIn, ChatKind::OneToOne),
    ]
}

/// Output lines in sorted order (bulk results come in completion order).
fn sorted_lines(out: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort_unstable();
    lines
}

/// Runs `postpress` with the mock's URL and key in the environment.
async fn postpress(server: &MockServer, args: &[&str], stdin: Option<String>) -> (i32, String, String) {
    postpress_bytes(server, args, stdin.map(String::into_bytes)).await
}

/// [`postpress`] with any bytes on stdin.
async fn postpress_bytes(
    server: &MockServer,
    args: &[&str],
    stdin: Option<Vec<u8>>,
) -> (i32, String, String) {
    let base = server.base_url();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::cargo_bin("postpress").expect("binary");
        cmd.env("POSTPRESS_API_KEY", KEY)
            .env("POSTPRESS_BASE_URL", base)
            .args(&args);
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        let out = cmd.output().expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_chat_subcommand() {
    let server = mock(demo()).await;
    let cases: [(&[&str], &str); 12] = [
        (
            &["chat", "wa-group", "read"],
            "ok: setReadStatus(true) on wa-group",
        ),
        (
            &["chat", "wa-group", "unread"],
            "ok: setReadStatus(false) on wa-group",
        ),
        (&["chat", "wa-group", "mute"], "ok: setMuteStatus(true)"),
        (&["chat", "wa-group", "unmute"], "ok: setMuteStatus(false)"),
        (&["chat", "wa-group", "archive"], "ok: setArchiveStatus(true)"),
        (&["chat", "wa-group", "unarchive"], "ok: setArchiveStatus(false)"),
        (&["chat", "wa-group", "pin"], "ok: setPinnedStatus(true)"),
        (&["chat", "wa-group", "unpin"], "ok: setPinnedStatus(false)"),
        (
            &["chat", "wa-group", "add-participant", "@new"],
            "ok: addParticipant(\"@new\")",
        ),
        (
            &["chat", "wa-group", "remove-participant", "@old"],
            "ok: removeParticipant(\"@old\")",
        ),
        (&["chat", "wa-group", "label", "VIP"], "ok: setLabel(\"VIP\")"),
        (&["chat", "wa-group", "invite-link"], "https://chat.whatsapp.com/"),
    ];
    for (args, expected) in cases {
        let (code, out, err) = postpress(&server, args, None).await;
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains(expected), "{args:?}: {out}");
    }
    let chat = server.chat("wa-group").expect("chat");
    assert!(!chat.flag("read") && !chat.flag("muted") && !chat.flag("archived") && !chat.flag("pinned"));
    assert!(chat.items("participants").contains("@new") && !chat.items("participants").contains("@old"));
    assert!(chat.items("labels").contains("VIP"));
    assert_eq!(server.requests().len(), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_and_exit_codes() {
    let server = mock(demo()).await;
    let (code, out, _) = postpress(&server, &["--json", "chat", "wa-group", "invite-link"], None).await;
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["ok"], true);
    assert_eq!(v["action"], "getInviteLink");
    assert!(
        v["invite_link"]
            .as_str()
            .is_some_and(|l| l.starts_with("https://chat.whatsapp.com/"))
    );

    // Unsupported action: 501 → 6, with the request id on stderr.
    let (code, out, err) = postpress(&server, &["--json", "chat", "li-chat", "archive"], None).await;
    assert_eq!(code, 6, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["status"], 501);
    assert_eq!(v["type"], "errors/feature_not_implemented");
    assert!(v["instance"].as_str().is_some_and(|i| i.starts_with("mock-req-")));
    assert!(
        err.contains("501") && err.contains("errors/feature_not_implemented") && err.contains("mock-req-"),
        "{err}"
    );
    assert!(!err.contains(KEY) && !out.contains(KEY));

    let expect = |fault: Fault, code: i32| (fault, code);
    for (fault, expected) in [
        expect(Fault::error("errors/invalid_credentials"), 3),
        expect(Fault::error("errors/account_restricted"), 4),
        expect(Fault::error("errors/resource_not_found"), 5),
        expect(Fault::error("errors/feature_not_implemented"), 6),
        expect(Fault::rate_limited(Duration::ZERO), 7),
        expect(Fault::error("errors/service_unavailable"), 7),
        expect(Fault::error("errors/request_timeout"), 7),
        expect(Fault::error("errors/unexpected_error"), 1),
    ] {
        let wire = format!("{fault:?}");
        server.inject(fault.times(1));
        let (code, _, err) = postpress(&server, &["chat", "wa-group", "mute"], None).await;
        assert_eq!(code, expected, "{wire}: {err}");
        assert!(err.starts_with("error: HTTP "), "{err}");
    }
    // Usage errors: 2.
    for args in [
        &["chat", "wa-group", "label", " "][..],
        &["chat", "", "mute"][..],
        &["chat", "wa-group", "fly"][..],
        &["bulk", "label", "--from", "-"][..],
        &["bulk", "mute", "extra", "--from", "-"][..],
        &["--timeout", "soon", "chat", "x", "mute"][..],
    ] {
        let (code, _, err) = postpress(&server, args, Some(String::new())).await;
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    // Missing key: usage error naming the variable.
    let base = server.base_url();
    let out = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("postpress")
            .expect("binary")
            .env_remove("POSTPRESS_API_KEY")
            .env("POSTPRESS_BASE_URL", base)
            .args(["chat", "wa-group", "mute"])
            .output()
            .expect("runs")
    })
    .await
    .expect("join");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("POSTPRESS_API_KEY"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_over_1000_chats_with_429s_respects_concurrency() {
    let chats: Vec<ChatState> = (0..1000)
        .map(|i| ChatState::new(format!("chat-{i:04}"), Provider::WhatsApp, ChatKind::Group))
        .collect();
    let server = mock(chats).await;
    server.inject(Fault::rate_limited(Duration::from_secs(1)).times(40));
    // Every other request takes 20 ms, so that 32 workers really overlap.
    server.inject(Fault::new(FaultKind::Latency { ms: 20 }));
    let ids: String = (0..1000).map(|i| format!("chat-{i:04}\n")).collect();
    let (code, out, err) = postpress(
        &server,
        &["--json", "bulk", "mute", "--from", "-", "--concurrency", "32"],
        Some(ids),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1000);
    assert!(lines.iter().all(|l| l["ok"] == true));
    assert!(err.contains("1000 chats, 1000 succeeded, 0 failed"), "{err}");
    assert!(
        server.chats().iter().all(|c| c.flag("muted")),
        "a chat was not updated"
    );
    let log = server.requests();
    assert_eq!(log.iter().filter(|r| r.status == 429).count(), 40);
    assert_eq!(log.iter().filter(|r| r.status == 200).count(), 1000);
    let max = log.iter().map(|r| r.in_flight).max().unwrap_or(0);
    assert!(max <= 32, "the server saw {max} requests in flight");
    assert!(max >= 16, "the requests were not concurrent ({max} at most)");
    // The 429s paused every worker: nothing was sent in the second after the first 429.
    let first_429 = log
        .iter()
        .find(|r| r.status == 429)
        .map(|r| r.at_ms)
        .expect("a 429");
    let hammering = log
        .iter()
        .filter(|r| r.at_ms > first_429 + 50 && r.at_ms < first_429 + 900)
        .count();
    assert_eq!(hammering, 0, "{hammering} requests were sent during the pause");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_partial_failure_and_plain_output() {
    let server = mock(demo()).await;
    let input = "# a comment\nwa-group\n\nli-chat\nmissing\n".to_string();
    let (code, out, err) = postpress(&server, &["bulk", "archive", "--from", "-"], Some(input)).await;
    assert_eq!(code, 8, "{err}");
    assert!(out.contains("ok\twa-group"), "{out}");
    assert!(out.contains("failed\tli-chat\tHTTP 501"), "{out}");
    assert!(out.contains("failed\tmissing\tHTTP 404"), "{out}");
    assert!(
        err.contains("3 chats, 1 succeeded, 2 failed (FeatureNotImplemented: 1, ResourceNotFound: 1)"),
        "{err}"
    );
    // All failed with one category: that category's code.
    let (code, _, _) = postpress(
        &server,
        &["bulk", "archive", "--from", "-"],
        Some("li-chat\n".into()),
    )
    .await;
    assert_eq!(code, 6);
    // From a file.
    let path = std::env::temp_dir().join(format!("postpress-cli-{}.txt", std::process::id()));
    std::fs::write(&path, "wa-group\n").expect("write");
    let (code, _, err) = postpress(
        &server,
        &["bulk", "label", "Team", "--from", path.to_str().expect("utf-8")],
        None,
    )
    .await;
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}");
    assert!(
        server
            .chat("wa-group")
            .expect("chat")
            .items("labels")
            .contains("Team")
    );
    let (code, _, err) = postpress(&server, &["bulk", "mute", "--from", "/nonexistent/ids.txt"], None).await;
    assert_eq!(code, 2);
    assert!(err.contains("cannot read chat ids"));
}

#[test]
fn help_and_completions() {
    let out = Command::cargo_bin("postpress")
        .expect("binary")
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Exit codes:") && help.contains("postpress bulk mute"),
        "{help}"
    );
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Command::cargo_bin("postpress")
            .expect("binary")
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("postpress"),
            "{shell}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_in_the_environment_never_sees_loopback_requests() {
    let server = mock(demo()).await;
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let proxy_url = format!("http://{}", proxy.local_addr().expect("addr"));
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while proxy.accept().await.is_ok() {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let base = server.base_url();
    let out = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("postpress")
            .expect("binary")
            .env("POSTPRESS_API_KEY", KEY)
            .env("POSTPRESS_BASE_URL", base)
            .env("HTTP_PROXY", &proxy_url)
            .env("http_proxy", &proxy_url)
            .env("ALL_PROXY", &proxy_url)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .args(["chat", "wa-group", "mute"])
            .output()
            .expect("runs")
    })
    .await
    .expect("join");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the key went through the proxy in clear text"
    );
    assert!(server.chat("wa-group").expect("chat").flag("muted"));
}

async fn limited_mock(chats: usize, per_second: u32) -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .rate_limit(per_second)
        .group_chats("chat-", chats)
        .start()
        .await
        .expect("mock starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_rate_stays_under_the_mock_limit() {
    let server = limited_mock(30, 20).await;
    let ids: String = (0..30).map(|i| format!("chat-{i}\n")).collect();
    let (code, out, err) = postpress(
        &server,
        &[
            "bulk",
            "read",
            "--from",
            "-",
            "--concurrency",
            "8",
            "--rate",
            "20",
        ],
        Some(ids),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().filter(|l| l.starts_with("ok\t")).count(), 30, "{out}");
    assert!(
        err.contains("30 chats, 30 succeeded, 0 failed; 0 rate-limited answers (429) waited out"),
        "{err}"
    );
    assert_eq!(server.requests().iter().filter(|r| r.status == 429).count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_without_rate_absorbs_and_reports_429s() {
    let server = limited_mock(40, 20).await;
    let ids: String = (0..40).map(|i| format!("chat-{i}\n")).collect();
    let (code, _, err) = postpress(
        &server,
        &["bulk", "mute", "--from", "-", "--concurrency", "16"],
        Some(ids),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let seen = server.requests().iter().filter(|r| r.status == 429).count();
    assert!(seen > 0, "40 requests at once meet a limit of 20/s");
    assert!(
        err.contains(&format!(
            "40 chats, 40 succeeded, 0 failed; {seen} rate-limited answers (429) waited out"
        )),
        "{err}"
    );
    assert!(server.chats().iter().all(|c| c.flag("muted")));
}

#[test]
fn bulk_rate_must_be_positive() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_postpress"))
        .args(["--api-key", KEY, "bulk", "read", "--from", "-", "--rate", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// `POSTPRESS_REDIS_URL`, set for `postpress job`, does not break a plain
/// `bulk` (nothing to share without `--rate`, so Redis is not used and
/// not even reached); `--redis` typed without `--rate` is a usage error.
#[tokio::test]
async fn redis_url_in_the_environment_does_not_need_rate() {
    let server = mock(demo()).await;
    let base = server.base_url();
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || {
        let out = Command::cargo_bin("postpress")
            .expect("binary")
            .env("POSTPRESS_API_KEY", KEY)
            .env("POSTPRESS_BASE_URL", base)
            // Nothing listens there: reaching it would fail the run.
            .env("POSTPRESS_REDIS_URL", "redis://127.0.0.1:1")
            .args(["bulk", "read", "--from", "-"])
            .write_stdin("wa-group\n")
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    })
    .await
    .expect("join");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("ok"), "{stdout}");
    let (code, _, stderr) = postpress(
        &server,
        &["bulk", "read", "--from", "-", "--redis", "redis://127.0.0.1:1"],
        Some("wa-group\n".into()),
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--redis shares the --rate limit"), "{stderr}");
}
/// Runs `postpress` with stdout and stderr on a real pseudo-terminal (as in
/// an interactive shell) and returns everything it wrote there.
fn on_a_terminal(server_url: &str, args: &[&str], ids_file: &std::path::Path) -> (i32, String) {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use std::io::Read;
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().expect("a utf-8 path"))
        .expect("open the pty's terminal side");
    rustix::termios::tcsetwinsize(
        &slave,
        rustix::termios::Winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("window size");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_postpress"))
        .env("POSTPRESS_API_KEY", KEY)
        .env("POSTPRESS_BASE_URL", server_url)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .args(args)
        .arg("--from")
        .arg(ids_file)
        .stdin(std::process::Stdio::null())
        .stdout(slave.try_clone().expect("dup"))
        .stderr(slave)
        .spawn()
        .expect("runs");
    let mut out = Vec::new();
    let mut master = std::fs::File::from(master);
    // Read until the child closes its side (EIO on Linux).
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    let code = child.wait().expect("exits").code().unwrap_or(-1);
    (code, String::from_utf8_lossy(&out).to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_on_a_terminal_shows_the_bar_and_only_failures() {
    let mut chats: Vec<ChatState> = (0..60)
        .map(|i| ChatState::new(format!("chat-{i}"), Provider::WhatsApp, ChatKind::Group))
        .collect();
    chats.push(ChatState::new("li-1", Provider::LinkedIn, ChatKind::OneToOne));
    let server = mock(chats).await;
    // Slow enough for the bar to be drawn several times.
    server.inject(Fault::new(FaultKind::Latency { ms: 40 }));
    let path = std::env::temp_dir().join(format!("postpress-pty-{}.txt", std::process::id()));
    let mut ids: String = (0..60).map(|i| format!("chat-{i}\n")).collect();
    ids.push_str("li-1\n");
    std::fs::write(&path, ids).expect("write ids");
    let url = server.base_url();
    let p = path.clone();
    let (code, screen) = tokio::task::spawn_blocking(move || {
        on_a_terminal(&url, &["bulk", "archive", "--concurrency", "4"], &p)
    })
    .await
    .expect("join");
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 8, "{screen}");
    // Only the failure is printed, not 60 `ok` lines.
    assert!(screen.contains("failed\tli-1\tHTTP 501"), "{screen}");
    assert!(!screen.contains("ok\tchat-"), "{screen}");
    // The bar was drawn: its count, with the rate as a whole number.
    assert!(screen.contains("/61"), "no progress bar in {screen:?}");
    let rates: Vec<&str> = screen
        .split(|c: char| c.is_whitespace() || c == '\u{1b}')
        .filter(|w| w.ends_with("/s"))
        .collect();
    assert!(!rates.is_empty(), "no rate in {screen:?}");
    for r in &rates {
        let number = r.trim_end_matches("/s");
        assert!(
            number.chars().all(|c| c.is_ascii_digit()),
            "rate {r:?} is not a whole number"
        );
    }
    // Then the summary.
    assert!(screen.contains("61 chats, 60 succeeded, 1 failed"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_piped_prints_every_result() {
    let server = mock(demo()).await;
    let (code, out, _) = postpress(
        &server,
        &["bulk", "mute", "--from", "-"],
        Some("wa-group\nli-chat\n".into()),
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(
        sorted_lines(&out),
        ["ok\tli-chat", "ok\twa-group"],
        "one line per result"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_reads_a_pipe_named_as_a_file_once() {
    let server = mock(demo()).await;
    // `/dev/stdin` on a pipe, as `--from <(...)` gives: not a regular file,
    // so it must be read once (a counting pass would empty it).
    let (code, out, err) = postpress(
        &server,
        &["bulk", "mute", "--from", "/dev/stdin"],
        Some("wa-group\nli-chat\n".into()),
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(sorted_lines(&out), ["ok\tli-chat", "ok\twa-group"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_skips_lines_that_are_not_utf8() {
    let server = mock(demo()).await;
    let (code, out, err) = postpress_bytes(
        &server,
        &["bulk", "mute", "--from", "-"],
        Some(b"wa-group\n\xff\xfe\nli-chat\n".to_vec()),
    )
    .await;
    assert_eq!(code, 8, "{err}");
    assert_eq!(sorted_lines(&out), ["ok\tli-chat", "ok\twa-group"]);
    assert!(
        err.contains("skipped 1 line(s) of - that are not UTF-8 (line 2)"),
        "{err}"
    );
    assert!(
        err.contains("3 chats, 2 succeeded, 1 failed (NotUtf8Line: 1)"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_on_a_terminal_still_prints_invite_links() {
    let server = mock(demo()).await;
    let path = std::env::temp_dir().join(format!("postpress-pty-links-{}.txt", std::process::id()));
    std::fs::write(&path, "wa-group\n").expect("write ids");
    let url = server.base_url();
    let p = path.clone();
    let (code, screen) =
        tokio::task::spawn_blocking(move || on_a_terminal(&url, &["bulk", "invite-link"], &p))
            .await
            .expect("join");
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("ok\twa-group\thttps://chat.whatsapp.com/"),
        "{screen}"
    );
}
