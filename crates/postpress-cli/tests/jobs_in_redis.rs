//! Jobs whose state lives in Redis, tried as a team running replicas
//! would: `postpress job work` processes against the mock and a real,
//! durable `redis-server` (append-only file, `appendfsync always`; started
//! here on a free port; skipped without it outside CI, failed under
//! `CI=true`). Workers are killed with `kill -9` and never restarted,
//! stopped with SIGSTOP past their lease, and Redis is killed and
//! restarted from its append-only file, and what the server received is
//! counted.
//!
//! These tests pace real requests, so they run one at a time.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use postpress_mock::{Fault, FaultKind, MockServer};
use postpress_testkit::acted;
use postpress_testkit::redis_server::RedisServer;

const KEY: &str = "jobs-test-key-7d2a";
const BIN: &str = env!("CARGO_BIN_EXE_postpress");
const PARTICIPANT: &str = "334455667788@s.whatsapp.net";

/// One test at a time: they measure paced wall time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn mock(chats: usize, rate_limit: u32) -> MockServer {
    postpress_testkit::group_mock(KEY, chats, rate_limit).await
}

struct Setup {
    server: MockServer,
    redis: RedisServer,
    dir: postpress_testkit::TempDir,
}

impl Setup {
    fn ids(&self, n: usize) -> PathBuf {
        let p = self.dir.join("ids.txt");
        let text: String = (0..n).map(|i| format!("chat-{i}\n")).collect();
        std::fs::write(&p, text).expect("ids");
        p
    }

    fn postpress(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("POSTPRESS_API_KEY", KEY)
            .env("POSTPRESS_BASE_URL", self.server.base_url())
            .env("POSTPRESS_REDIS_URL", self.redis.url())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs a command to its end: exit code, stdout, stderr.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.postpress(args).output().expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn start_job(&self, name: &str, action: &[&str], n: usize) {
        let ids = self.ids(n);
        let mut args = vec!["job", "start", name];
        args.extend_from_slice(action);
        args.extend(["--from", ids.to_str().expect("utf-8")]);
        let (code, _, err) = self.run(&args);
        assert_eq!(code, 0, "{err}");
    }

    fn worker(&self, name: &str, extra: &[&str]) -> Child {
        let mut args = vec!["job", "work", name];
        if !extra.contains(&"--lease") {
            args.extend(["--lease", "3s"]);
        }
        args.extend_from_slice(extra);
        let mut cmd = self.postpress(&args);
        cmd.stdout(Stdio::null());
        cmd.spawn().expect("spawns")
    }

    fn status(&self, name: &str) -> serde_json::Value {
        let (code, out, err) = self.run(&["--json", "job", "status", name]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).expect("status JSON")
    }

    fn listed(&self, which: &str, name: &str) -> Vec<String> {
        let (code, out, err) = self.run(&["job", which, name]);
        assert_eq!(code, 0, "{err}");
        out.lines().map(String::from).collect()
    }
}

async fn setup(name: &str, chats: usize, rate_limit: u32) -> Option<Setup> {
    let redis = RedisServer::start_durable()?;
    Some(Setup {
        server: mock(chats, rate_limit).await,
        redis,
        dir: postpress_testkit::TempDir::new(&format!("jobs-{name}")),
    })
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("exits");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn finish_all(children: Vec<Child>) -> Vec<(i32, String)> {
    tokio::task::spawn_blocking(move || children.into_iter().map(finish).collect())
        .await
        .expect("join")
}

fn signal(child: &Child, sig: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_child(child);
    rustix::process::kill_process(pid, sig).expect("signal");
}

/// No chat received the action twice; returns how many chats were acted on.
fn never_twice(server: &MockServer) -> usize {
    let acted = acted(server);
    let twice: Vec<_> = acted.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "chats that received the action twice: {twice:?}"
    );
    acted.len()
}

/// 3 workers on 3,000 chats of add-participant; one `kill -9`'d 2 s in and
/// never restarted: the other two finish the job, no chat receives the
/// action twice, and the chats never acted on are at most the dead
/// worker's concurrency, each listed by `job unknown`. `job status` from
/// another process agrees with the mock's counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_and_never_restarted() {
    let _serial = SERIAL.lock().await;
    let Some(s) = setup("kill9", 3_000, 0).await else {
        return;
    };
    s.server.inject(Fault::new(FaultKind::Latency { ms: 40 }));
    s.start_job("kill9", &["add-participant", PARTICIPANT], 3_000);
    let start = Instant::now();
    let mut workers: Vec<Child> = (0..3)
        .map(|_| s.worker("kill9", &["--concurrency", "8"]))
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let mut dead = workers.remove(0);
    dead.kill().expect("SIGKILL");
    let _ = dead.wait();
    let acted_at_kill = acted(&s.server).len();
    assert!(
        acted_at_kill < 2_700,
        "killed too late to matter: {acted_at_kill} done"
    );
    let results = finish_all(workers).await;
    let secs = start.elapsed().as_secs_f64();
    for (code, err) in &results {
        assert!(*code == 0 || *code == 8, "{code}: {err}");
    }
    let acted_n = never_twice(&s.server);
    let unknown = s.listed("unknown", "kill9");
    let never: Vec<String> = (0..3_000)
        .map(|i| format!("chat-{i}"))
        .filter(|id| !acted(&s.server).contains_key(id))
        .collect();
    assert!(never.len() <= 8, "{} never acted on: {never:?}", never.len());
    for id in &never {
        assert!(
            unknown.contains(id),
            "{id} was never acted on and is not listed unknown"
        );
    }
    let status = s.status("kill9");
    let ok_on_server = s
        .server
        .requests()
        .iter()
        .filter(|r| r.status == 200 && r.chat_id.is_some())
        .count() as u64;
    assert_eq!(status["total"], 3_000);
    // The dead worker's last answers may have reached the server and not
    // Redis: those chats are unknown, never ok.
    let (ok, unknown_n) = (status["ok"].as_u64().unwrap_or(0), unknown.len() as u64);
    assert!(
        ok <= ok_on_server && ok_on_server <= ok + unknown_n,
        "{status} vs {ok_on_server} ok on the server"
    );
    assert_eq!(ok + unknown_n, 3_000, "{status}");
    assert_eq!(status["unknown"], unknown_n, "{status}");
    assert_eq!(status["failed"], 0, "{status}");
    assert_eq!(status["done"], true, "{status}");
    if !unknown.is_empty() {
        assert!(results.iter().all(|(c, _)| *c == 8));
    }
    eprintln!(
        "3 workers, one kill -9'd at 2 s: done in {secs:.1} s; {acted_n} chats acted on (each once), {} never, {} unknown",
        never.len(),
        unknown.len()
    );
}

/// A worker stopped (SIGSTOP) past its lease, then continued: its chunks
/// were taken over meanwhile; no chat receives add-participant twice, and
/// every chat ends ok or unknown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_paused_past_its_lease() {
    let _serial = SERIAL.lock().await;
    let Some(s) = setup("sigstop", 1_500, 0).await else {
        return;
    };
    s.server.inject(Fault::new(FaultKind::Latency { ms: 40 }));
    s.start_job("sigstop", &["add-participant", PARTICIPANT], 1_500);
    let workers: Vec<Child> = (0..2)
        .map(|_| s.worker("sigstop", &["--concurrency", "8"]))
        .collect();
    std::thread::sleep(Duration::from_millis(1_500));
    signal(&workers[0], rustix::process::Signal::STOP);
    std::thread::sleep(Duration::from_secs(5));
    signal(&workers[0], rustix::process::Signal::CONT);
    let results = finish_all(workers).await;
    for (code, err) in &results {
        assert!(*code == 0 || *code == 8, "{code}: {err}");
    }
    never_twice(&s.server);
    let status = s.status("sigstop");
    assert_eq!(status["failed"], 0, "{status}");
    assert_eq!(
        status["ok"].as_u64().unwrap_or(0) + status["unknown"].as_u64().unwrap_or(0),
        1_500,
        "{status}"
    );
    eprintln!("a worker paused 5 s past its 3 s lease: {status}");
}

/// Redis `kill -9`'d mid-job and restarted from its append-only file:
/// the workers wait, reconnect and finish; no chat receives the action twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_from_its_aof() {
    let _serial = SERIAL.lock().await;
    let Some(mut s) = setup("redis-restart", 2_000, 0).await else {
        return;
    };
    s.server.inject(Fault::new(FaultKind::Latency { ms: 40 }));
    s.start_job("redis-restart", &["add-participant", PARTICIPANT], 2_000);
    let workers: Vec<Child> = (0..2)
        .map(|_| s.worker("redis-restart", &["--concurrency", "8"]))
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    s.redis.kill();
    std::thread::sleep(Duration::from_secs(1));
    s.redis.restart();
    let results = finish_all(workers).await;
    for (code, err) in &results {
        assert!(*code == 0 || *code == 8, "{code}: {err}");
    }
    let acted_n = never_twice(&s.server);
    let status = s.status("redis-restart");
    assert_eq!(status["done"], true, "{status}");
    assert_eq!(status["failed"], 0, "{status}");
    eprintln!("Redis killed 2 s in, back 1 s later: {acted_n} chats acted on, each once; {status}");
}

/// SIGTERM to one of two workers: it exits 143 after its requests in
/// flight and hands its chunks back at once, so the other finishes the
/// job long before the 30 s lease could run out; no chat is sent twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_stopped_by_a_signal_hands_its_chunks_back() {
    let _serial = SERIAL.lock().await;
    let Some(s) = setup("sigterm", 1_000, 0).await else {
        return;
    };
    s.server.inject(Fault::new(FaultKind::Latency { ms: 20 }));
    s.start_job("sigterm", &["add-participant", PARTICIPANT], 1_000);
    let start = Instant::now();
    let lease = ["--concurrency", "8", "--lease", "30s"];
    let mut workers: Vec<Child> = (0..2).map(|_| s.worker("sigterm", &lease)).collect();
    std::thread::sleep(Duration::from_millis(800));
    let stopped = workers.remove(0);
    signal(&stopped, rustix::process::Signal::TERM);
    let (code, err) = finish(stopped);
    assert_eq!(code, 143, "{err}");
    assert!(err.contains("handed back"), "{err}");
    let results = finish_all(workers).await;
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(results[0].0, 0, "{}", results[0].1);
    assert!(secs < 20.0, "{secs:.1} s: the other worker waited for the lease");
    assert_eq!(never_twice(&s.server), 1_000);
    let status = s.status("sigterm");
    assert_eq!(status["ok"], 1_000, "{status}");
}

/// 3 workers on mute with --rate equal to the mock's limit: within 1.05 ×
/// the ideal time, no request answered 429, every chat acted on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workers_share_the_rate() {
    let _serial = SERIAL.lock().await;
    let Some(s) = setup("rate", 3_000, 200).await else {
        return;
    };
    s.start_job("rate", &["mute"], 3_000);
    let start = Instant::now();
    let workers: Vec<Child> = (0..3)
        .map(|_| s.worker("rate", &["--concurrency", "16", "--rate", "200"]))
        .collect();
    let results = finish_all(workers).await;
    let secs = start.elapsed().as_secs_f64();
    for (code, err) in &results {
        assert_eq!(*code, 0, "{err}");
    }
    let stats = s.server.stats();
    assert_eq!(stats.too_many_requests, 0, "answered 429");
    assert_eq!(never_twice(&s.server), 3_000, "every chat");
    // `job status` from another process agrees with the server's counts.
    let status = s.status("rate");
    let muted = s.server.chats().iter().filter(|c| c.flag("muted")).count() as u64;
    assert_eq!(status["ok"], muted, "{status}");
    assert_eq!(status["ok"], 3_000, "{status}");
    assert_eq!(status["done"], true, "{status}");
    let ideal = 3_000.0 / 200.0;
    eprintln!(
        "3 workers x --rate 200, 3,000 chats, mock --rate-limit 200: {secs:.2} s ({:.3} x ideal {ideal} s), {} requests, 0 answered 429",
        secs / ideal,
        stats.requests
    );
    assert!(secs <= ideal * 1.05, "{secs:.2} s > 1.05 x {ideal} s");
}

/// Starting again: the same job is a no-op that says so; another action
/// under the same name is refused with exit 2; `retry --unknown` puts the
/// unknown chats back; a job of a non-idempotent action is refused on a
/// Redis without `appendfsync always`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_again_retry_and_durability() {
    let _serial = SERIAL.lock().await;
    let Some(s) = setup("start", 50, 0).await else {
        return;
    };
    s.start_job("again", &["add-participant", PARTICIPANT], 50);
    let ids = s.ids(50);
    let ids = ids.to_str().expect("utf-8");
    let (code, _, err) = s.run(&[
        "job",
        "start",
        "again",
        "add-participant",
        PARTICIPANT,
        "--from",
        ids,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already loaded"), "{err}");
    let (code, _, err) = s.run(&["job", "start", "again", "mute", "--from", ids]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
    // Unknown job, unreachable Redis: exit 2, the password never shown.
    let (code, _, err) = s.run(&["job", "work", "nope"]);
    assert_eq!(code, 2, "{err}");
    let down = format!("redis://:pw-s3cret@127.0.0.1:{}/", postpress_testkit::free_port());
    let (code, _, err) = s.run(&["job", "status", "again", "--redis", &down]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("pw-s3cret"), "{err}");
    // A failure, then retry --failed sends it again.
    s.server.inject(
        Fault::unavailable(Duration::from_secs(1))
            .times(1)
            .for_chat("chat-7"),
    );
    let (code, err) = finish(s.worker("again", &[]));
    assert_eq!(code, 8, "{err}");
    assert_eq!(s.listed("failed", "again"), ["chat-7"]);
    let (code, _, err) = s.run(&["job", "retry", "again", "--failed"]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = finish(s.worker("again", &[]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s.status("again")["ok"], 50);
    // Redis without the append-only file: add-participant refused, mute warned.
    let volatile = RedisServer::start().expect("redis-server");
    let (code, _, err) = s.run(&[
        "job",
        "start",
        "v",
        "add-participant",
        PARTICIPANT,
        "--from",
        ids,
        "--redis",
        &volatile.url(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("appendonly"), "{err}");
    let (code, _, err) = s.run(&[
        "job",
        "start",
        "v",
        "mute",
        "--from",
        ids,
        "--redis",
        &volatile.url(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning"), "{err}");
    // The key never appears in Redis's keys.
    let keys = volatile.command(&["KEYS", "*"]).expect("KEYS");
    assert!(!keys.contains(KEY) && keys.contains("postpress:job:"), "{keys}");
}
