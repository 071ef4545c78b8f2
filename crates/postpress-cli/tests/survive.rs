//! Bulk jobs that survive, as a team would run them: `postpress` processes
//! against the mock with a real rate limit and a real `redis-server`
//! (started here on a free port; skipped without it outside CI, failed
//! under `CI=true`), killed with `kill -9`, stopped with Ctrl-C typed on a
//! pseudo-terminal, and with Redis killed and restarted mid-run.
//!
//! These tests pace real requests, so they run one at a time.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use postpress_mock::{Fault, FaultKind, MockServer};
use postpress_testkit::redis_server::RedisServer;

const KEY: &str = "survive-test-key-51c0";
const BIN: &str = env!("CARGO_BIN_EXE_postpress");

/// One test at a time: they measure paced wall time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn mock(chats: usize, rate_limit: u32) -> MockServer {
    postpress_testkit::group_mock(KEY, chats, rate_limit).await
}

struct Dir(postpress_testkit::TempDir);

impl Dir {
    fn new(name: &str) -> Self {
        Self(postpress_testkit::TempDir::new(&format!("survive-{name}")))
    }
    fn ids(&self, n: usize) -> PathBuf {
        let p = self.0.join("ids.txt");
        let text: String = (0..n).map(|i| format!("chat-{i}\n")).collect();
        std::fs::write(&p, text).expect("ids");
        p
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

fn postpress(server: &MockServer, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("POSTPRESS_API_KEY", KEY)
        .env("POSTPRESS_BASE_URL", server.base_url())
        .env_remove("POSTPRESS_REDIS_URL")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("exits");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

use postpress_testkit::acted;

fn journal_outcomes(path: &Path, outcome: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("journal")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["outcome"] == outcome)
        .filter_map(|l| l["chat_id"].as_str().map(String::from))
        .collect()
}

struct Fleet {
    secs: f64,
    requests: usize,
    answered_429: usize,
    codes: Vec<i32>,
    stderr: Vec<String>,
}

/// `n` processes, `--shard i/n` each, over the same ids.
async fn fleet(server: &MockServer, ids: &Path, n: u32, extra: &[&str], during: impl FnOnce()) -> Fleet {
    let start = Instant::now();
    let children: Vec<Child> = (1..=n)
        .map(|i| {
            let shard = format!("{i}/{n}");
            let mut args = vec![
                "bulk",
                "read",
                "--from",
                ids.to_str().expect("utf-8"),
                "--shard",
                &shard,
            ];
            args.extend_from_slice(extra);
            postpress(server, &args).spawn().expect("spawns")
        })
        .collect();
    during();
    let results: Vec<(i32, String)> =
        tokio::task::spawn_blocking(move || children.into_iter().map(finish).collect())
            .await
            .expect("join");
    let secs = start.elapsed().as_secs_f64();
    let stats = server.stats();
    Fleet {
        secs,
        requests: stats.requests as usize,
        answered_429: stats.too_many_requests as usize,
        codes: results.iter().map(|r| r.0).collect(),
        stderr: results.into_iter().map(|r| r.1).collect(),
    }
}

/// 4 processes, 4,000 chats, 200/s shared through Redis against a mock
/// limited to 200/s: every chat once, within 1.05 × the ideal 20 s, at
/// most 0.25% of requests answered 429. (The same run without `--redis`,
/// for comparison, is `cargo xtask bench --fleet`'s: it asserts nothing,
/// so CI does not spend 20 s on it here.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_share_one_limit_through_redis() {
    let _serial = SERIAL.lock().await;
    let Some(redis) = RedisServer::start() else { return };
    let dir = Dir::new("shared");
    let ids = dir.ids(4_000);
    let url = redis.url();
    let server = mock(4_000, 200).await;
    let extra = ["--rate", "200", "--concurrency", "16", "--redis", &url];
    let evalsha_before = redis.command_calls("evalsha");
    let f = fleet(&server, &ids, 4, &extra, || {}).await;
    let evalsha = redis.command_calls("evalsha") - evalsha_before;
    let acted = acted(&server);
    let done = server.chats().iter().filter(|c| c.flag("read")).count();
    let share = f.answered_429 as f64 / f.requests as f64;
    eprintln!(
        "4 processes x --rate 200 --concurrency 16 --redis, 4,000 chats, mock --rate-limit 200: \
         {:.2} s ({:.3} x ideal 20 s), {} requests, {} answered 429 ({:.2}%), {} chats not done, \
         exit codes {:?}, {:.2} Redis calls per request",
        f.secs,
        f.secs / 20.0,
        f.requests,
        f.answered_429,
        share * 100.0,
        4_000 - done,
        f.codes,
        evalsha as f64 / f.requests as f64
    );
    assert_eq!(f.codes, [0, 0, 0, 0], "{:?}", f.stderr);
    assert_eq!(acted.len(), 4_000, "every chat");
    assert!(acted.values().all(|n| *n == 1), "a chat acted on twice");
    assert_eq!(done, 4_000);
    assert!(f.secs <= 21.0, "{:.2} s > 1.05 x 20 s", f.secs);
    assert!(
        share <= 0.0025,
        "{} of {} answered 429",
        f.answered_429,
        f.requests
    );
}

/// Redis killed 3 s into a run and restarted 3 s later: each process says
/// so once, paces at 200 / 2 alone meanwhile, goes back to sharing, exits
/// 0; every chat is acted on, 429s stay a small share.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_mid_run_and_restarted() {
    let _serial = SERIAL.lock().await;
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let dir = Dir::new("redis-lost");
    let ids = dir.ids(2_000);
    let server = mock(2_000, 200).await;
    let url = redis.url();
    let extra = ["--rate", "200", "--concurrency", "16", "--redis", &url];
    let f = fleet(&server, &ids, 2, &extra, || {
        std::thread::sleep(Duration::from_secs(3));
        redis.kill();
        std::thread::sleep(Duration::from_secs(3));
        redis.restart();
    })
    .await;
    assert_eq!(f.codes, [0, 0], "{:?}", f.stderr);
    for err in &f.stderr {
        assert_eq!(err.matches("lost").count(), 1, "{err}");
        assert!(err.contains("pacing this process at 100/s"), "{err}");
        assert!(err.contains("is back: shared pacing again"), "{err}");
    }
    let acted = acted(&server);
    assert_eq!(acted.len(), 2_000);
    assert!(acted.values().all(|n| *n == 1));
    let share = f.answered_429 as f64 / f.requests as f64;
    eprintln!(
        "Redis lost for 3 s of a 2-process run: {:.2} s, {} requests, {} answered 429 ({:.2}%)",
        f.secs,
        f.requests,
        f.answered_429,
        share * 100.0
    );
    assert!(share <= 0.01, "{share}");
    assert!(f.secs < 10.0 * 1.1 + 1.0, "{:.2} s", f.secs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_unreachable_at_start_is_exit_2() {
    let _serial = SERIAL.lock().await;
    let server = mock(1, 0).await;
    let dir = Dir::new("redis-down");
    let ids = dir.ids(1);
    let url = format!("redis://:pw-s3cret@127.0.0.1:{}/", postpress_testkit::free_port());
    let args = [
        "bulk",
        "read",
        "--from",
        ids.to_str().expect("utf-8"),
        "--rate",
        "10",
        "--redis",
        &url,
    ];
    let (code, err) = finish(postpress(&server, &args).spawn().expect("spawns"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unreachable"), "{err}");
    assert!(!err.contains("pw-s3cret"), "{err}");
    assert_eq!(server.stats().requests, 0, "nothing sent");
    // --redis without --rate is a usage error.
    let args = [
        "bulk",
        "read",
        "--from",
        ids.to_str().expect("utf-8"),
        "--redis",
        &url,
    ];
    let (code, err) = finish(postpress(&server, &args).spawn().expect("spawns"));
    assert_eq!(code, 2, "{err}");
}

/// `kill -9` in the middle of an add-participant job, then `--resume`: no
/// chat receives the action twice; those never acted on are at most the
/// concurrency, each `unknown` in the journal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_then_resume_never_adds_twice() {
    let _serial = SERIAL.lock().await;
    let server = mock(300, 0).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 100 }));
    let dir = Dir::new("kill9");
    let ids = dir.ids(300);
    let journal = dir.path("job.jsonl");
    let args = [
        "bulk",
        "add-participant",
        "334455667788@s.whatsapp.net",
        "--from",
        ids.to_str().expect("utf-8"),
        "--journal",
        journal.to_str().expect("utf-8"),
        "--concurrency",
        "8",
    ];
    let mut child = postpress(&server, &args).spawn().expect("spawns");
    std::thread::sleep(Duration::from_millis(1_000));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let before = acted(&server).len();
    assert!((20..280).contains(&before), "killed mid-run: {before} acted");
    server.clear_faults();
    let mut resume = args.to_vec();
    resume.push("--resume");
    let (code, err) = finish(postpress(&server, &resume).spawn().expect("spawns"));
    assert_eq!(code, 8, "unknowns make it partial: {err}");
    let acted = acted(&server);
    assert!(
        acted.values().all(|n| *n == 1),
        "a chat received add-participant twice"
    );
    let unknown = journal_outcomes(&journal, "unknown");
    assert!(!unknown.is_empty() && unknown.len() <= 8, "{unknown:?}");
    let never: Vec<String> = (0..300)
        .map(|i| format!("chat-{i}"))
        .filter(|id| !acted.contains_key(id))
        .collect();
    assert!(never.len() <= 8, "{never:?}");
    for id in &never {
        assert!(unknown.contains(id), "{id} never acted on and not unknown");
    }
    assert!(err.contains(&format!("{} unknown", unknown.len())), "{err}");
}

/// Ctrl-C typed on the job's terminal: exit 130 after the requests in
/// flight, the summary with the chats not started and the command that
/// resumes; that command completes the job and sends nothing twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_on_a_terminal_then_resume() {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let _serial = SERIAL.lock().await;
    let server = mock(200, 0).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 100 }));
    let dir = Dir::new("ctrl-c");
    let ids = dir.ids(200);
    let journal = dir.path("job.jsonl");
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let open_slave = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().expect("utf-8"))
            .expect("the terminal side")
    };
    // `setsid -c`: a new session whose controlling terminal is the pty, as
    // in a shell, so the terminal turns Ctrl-C into SIGINT.
    let mut child = Command::new("setsid")
        .arg("-c")
        .arg(BIN)
        .args(["bulk", "add-participant", "334455667788@s.whatsapp.net", "--from"])
        .arg(&ids)
        .arg("--journal")
        .arg(&journal)
        .args(["--concurrency", "4"])
        .env("POSTPRESS_API_KEY", KEY)
        .env("POSTPRESS_BASE_URL", server.base_url())
        .env("TERM", "xterm-256color")
        .stdin(open_slave())
        .stdout(open_slave())
        .stderr(open_slave())
        .spawn()
        .expect("setsid runs");
    let mut master = std::fs::File::from(master);
    let mut reader = master.try_clone().expect("dup");
    let screen = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    });
    std::thread::sleep(Duration::from_millis(1_000));
    master.write_all(&[0x03]).expect("Ctrl-C");
    let code = child.wait().expect("exits").code();
    drop(master);
    let screen = screen.join().expect("reader");
    assert_eq!(code, Some(130), "{screen}");
    assert!(screen.contains("SIGINT: not taking new chats"), "{screen}");
    let not_started: usize = screen
        .lines()
        .find_map(|l| {
            l.split("interrupted by SIGINT: ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no count of chats not started in {screen}"));
    let acted_before = acted(&server);
    assert_eq!(acted_before.len() + not_started, 200, "{screen}");
    assert!(
        journal_outcomes(&journal, "unknown").is_empty(),
        "in-flight requests finished"
    );
    let command = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("resume with: "))
        .unwrap_or_else(|| panic!("no resume command in {screen}"))
        .to_string();
    assert!(!command.contains(KEY));
    assert!(command.ends_with("--resume"), "{command}");
    server.clear_faults();
    // The printed command, run as printed (arguments split by the shell).
    let out = Command::new("sh")
        .arg("-c")
        .arg(command.replacen("postpress", BIN, 1))
        .env("POSTPRESS_API_KEY", KEY)
        .env("POSTPRESS_BASE_URL", server.base_url())
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let acted = acted(&server);
    assert_eq!(acted.len(), 200);
    assert!(acted.values().all(|n| *n == 1), "sent twice");
}

/// SIGTERM (a deploy) stops the same way with 143; a second signal exits
/// at once and the journal stays consistent for the resume.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_then_a_second_signal_exits_at_once() {
    let _serial = SERIAL.lock().await;
    let server = mock(100, 0).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 2_000 }));
    let dir = Dir::new("sigterm");
    let ids = dir.ids(100);
    let journal = dir.path("job.jsonl");
    let args = [
        "bulk",
        "mute",
        "--from",
        ids.to_str().expect("utf-8"),
        "--journal",
        journal.to_str().expect("utf-8"),
        "--concurrency",
        "4",
    ];
    let child = postpress(&server, &args).spawn().expect("spawns");
    let pid = rustix::process::Pid::from_child(&child);
    std::thread::sleep(Duration::from_millis(500));
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
    let (code, err) = finish(child);
    assert!(start.elapsed() < Duration::from_millis(1_000), "not at once");
    assert_eq!(code, 143, "{err}");
    assert!(err.contains("exiting now; the journal is consistent"), "{err}");
    server.clear_faults();
    let mut resume = args.to_vec();
    resume.push("--resume");
    let (code, err) = finish(postpress(&server, &resume).spawn().expect("spawns"));
    assert_eq!(code, 0, "{err}");
    assert!(server.chats().iter().all(|c| c.flag("muted")));
}

/// Two processes on one journal would each send what the other sends: the
/// second is refused (exit 2) while the first runs, and sends nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_per_journal() {
    let _serial = SERIAL.lock().await;
    let server = mock(20, 0).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 300 }));
    let dir = Dir::new("locked");
    let ids = dir.ids(20);
    let journal = dir.path("job.jsonl");
    let args = [
        "bulk",
        "read",
        "--from",
        ids.to_str().expect("utf-8"),
        "--journal",
        journal.to_str().expect("utf-8"),
        "--concurrency",
        "2",
    ];
    let first = postpress(&server, &args).spawn().expect("spawns");
    std::thread::sleep(Duration::from_millis(300));
    let mut resume = args.to_vec();
    resume.push("--resume");
    let (code, err) = finish(postpress(&server, &resume).spawn().expect("spawns"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is in use by another job"), "{err}");
    let (code, err) = finish(first);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.stats().requests, 20, "the second process sent nothing");
}
