//! The shell examples of the docs pages, run as a reader would paste them.
//!
//! Every ```` ```sh ```` block of the pages in [`PAGES`] runs with
//! `bash -euo pipefail -c BLOCK` in a fresh temporary directory (also its
//! `HOME`), with this package's `postpress` first on `PATH` and:
//!
//! * `POSTPRESS_BASE_URL`: an in-process `postpress-mock`, fresh for each
//!   block, seeded as `--seed demo` plus [`GROUP_CHATS`] group chats
//!   `chat-0`, `chat-1`, ... and limited to [`RATE_LIMIT`] requests per
//!   second per key;
//! * `POSTPRESS_API_KEY`: the mock's key;
//! * `POSTPRESS_REDIS_URL`: a durable `redis-server` (append-only file,
//!   `appendfsync always`) on a free port, emptied before each block, given
//!   only to blocks that mention Redis or `postpress job`. Outside CI a machine
//!   without `redis-server` skips those blocks (saying so); under
//!   `CI=true` the test fails.
//!
//! Each block must exit 0 (an expected failure is written
//! `cmd || echo "exit code $?"`). A ```` ```shell ```` block is a template
//! that needs what this test cannot give (a real host, a fixed port,
//! `cargo` runs of other packages): it is only checked with `bash -n`. A
//! listed page that is missing or has no `sh` block fails, and so does a
//! `sh` block on a page that is not listed.
#![cfg(unix)]

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use postpress_mock::{DEFAULT_API_KEY, MockServer};
use postpress_testkit::redis_server::RedisServer;

/// The pages whose `sh` blocks run.
/// Relative to `docs/`; the repository README is one of them.
const PAGES: &[&str] = &["../README.md", "cli.md", "jobs.md", "mock.md"];
const BIN: &str = env!("CARGO_BIN_EXE_postpress");
/// Group chats `chat-0` ... on the mock, for the bulk and job examples.
const GROUP_CHATS: usize = 1000;
/// The mock's limit per key, as a real API has one.
const RATE_LIMIT: u32 = 200;
/// The longest a block may run before it is killed and fails.
const BLOCK_TIMEOUT: Duration = Duration::from_secs(120);

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

/// One fenced code block of a page.
struct Block {
    page: String,
    /// The line of its opening fence (1-based).
    line: usize,
    /// The first word of the fence's info string (`sh`, `shell`, `rust`, ...).
    lang: String,
    text: String,
}

impl Block {
    fn place(&self) -> String {
        format!("docs/{} line {} (```{})", self.page, self.line, self.lang)
    }

    /// Whether it needs `POSTPRESS_REDIS_URL`.
    fn needs_redis(&self) -> bool {
        self.text.to_ascii_lowercase().contains("redis") || self.text.contains("postpress job")
    }
}

/// The fenced code blocks of `text`.
fn blocks(page: &str, text: &str) -> Vec<Block> {
    let parsed = postpress_testkit::markdown::parse(text);
    assert!(
        parsed.unclosed.is_none(),
        "docs/{page}: a code fence is never closed"
    );
    parsed
        .fences
        .into_iter()
        .map(|f| Block {
            page: page.to_string(),
            line: f.line,
            lang: f.lang,
            text: f.text,
        })
        .collect()
}

fn read_page(page: &str) -> String {
    let path = docs_dir().join(page);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("docs/{page} ({}): {e}", path.display()))
}

/// What a finished block printed.
struct Run {
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut p) = pipe {
            let mut bytes = Vec::new();
            let _ = p.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// Kills what the block left running: bash leads its own process group.
fn kill_group(child: &Child) {
    let pid = rustix::process::Pid::from_child(child);
    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
}

/// Runs `bash ARGS...` in `dir` with `env`, within [`BLOCK_TIMEOUT`].
fn bash(args: &[&str], dir: &Path, env: &[(&str, String)]) -> Run {
    let started = Instant::now();
    let mut cmd = Command::new("bash");
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("POSTPRESS_") {
            cmd.env_remove(name);
        }
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    let mut child = cmd.spawn().expect("bash starts");
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = loop {
        match child.try_wait().expect("wait for bash") {
            Some(status) => break Some(status),
            None if started.elapsed() > BLOCK_TIMEOUT => break None,
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    kill_group(&child);
    if status.is_none() {
        let _ = child.wait();
    }
    Run {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

fn report(block: &Block, run: &Run) -> String {
    let status = match run.status {
        Some(s) => s.to_string(),
        None => format!("killed after {BLOCK_TIMEOUT:?}"),
    };
    format!(
        "{}: {status}\n--- block\n{}--- stdout\n{}\n--- stderr\n{}\n",
        block.place(),
        block.text,
        run.stdout.trim_end(),
        run.stderr.trim_end()
    )
}

#[test]
fn every_sh_block_of_the_docs_runs() {
    let curl = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status();
    assert!(
        curl.is_ok_and(|s| s.success()),
        "curl is not installed: the docs' sh blocks use it (apt-get install curl)"
    );
    let mut to_run = Vec::new();
    for page in PAGES {
        let sh: Vec<Block> = blocks(page, &read_page(page))
            .into_iter()
            .filter(|b| b.lang == "sh")
            .collect();
        assert!(!sh.is_empty(), "docs/{page} has no ```sh block to run");
        to_run.extend(sh);
    }

    let redis = if to_run.iter().any(Block::needs_redis) {
        RedisServer::start_durable()
    } else {
        None
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let bin_dir = Path::new(BIN).parent().expect("the binary's directory");
    let path = match std::env::var_os("PATH") {
        Some(p) => format!("{}:{}", bin_dir.display(), p.to_string_lossy()),
        None => bin_dir.display().to_string(),
    };

    let mut failures = Vec::new();
    for (n, block) in to_run.iter().enumerate() {
        let mut env = vec![
            ("PATH", path.clone()),
            ("POSTPRESS_API_KEY", DEFAULT_API_KEY.to_string()),
        ];
        if block.needs_redis() {
            let Some(redis) = &redis else {
                eprintln!(
                    "SKIPPED: {}: redis-server is not installed; under CI=true this fails",
                    block.place()
                );
                continue;
            };
            redis.command(&["FLUSHALL"]).expect("FLUSHALL");
            env.push(("POSTPRESS_REDIS_URL", redis.url()));
        }
        let server = rt.block_on(async {
            MockServer::builder()
                .api_key(DEFAULT_API_KEY)
                .demo()
                .group_chats("chat-", GROUP_CHATS)
                .rate_limit(RATE_LIMIT)
                .start()
                .await
                .expect("mock starts")
        });
        env.push(("POSTPRESS_BASE_URL", server.base_url()));
        let dir = postpress_testkit::TempDir::new(&format!("docs-sh-{n}"));
        env.push(("HOME", dir.path().display().to_string()));
        let run = bash(&["-euo", "pipefail", "-c", &block.text], dir.path(), &env);
        eprintln!("{}: {:.1} s", block.place(), run.elapsed.as_secs_f64());
        if run.status.is_none_or(|s| !s.success()) {
            failures.push(report(block, &run));
        }
        drop(server);
    }
    assert!(
        failures.is_empty(),
        "{} of {} sh blocks failed:\n\n{}",
        failures.len(),
        to_run.len(),
        failures.join("\n")
    );
}

#[test]
fn shell_templates_are_valid_bash_and_every_sh_block_is_run() {
    let mut pages: Vec<String> = std::fs::read_dir(docs_dir())
        .expect("docs/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .collect();
    pages.sort();
    pages.push("../README.md".into());
    let dir = postpress_testkit::TempDir::new("docs-shell-syntax");
    let mut failures = Vec::new();
    for page in &pages {
        for block in blocks(page, &read_page(page)) {
            if block.lang == "sh" && !PAGES.contains(&page.as_str()) {
                failures.push(format!(
                    "{}: an sh block on a page docs_shell.rs does not run: add the page to PAGES, or fence a template ```shell",
                    block.place()
                ));
            }
            if block.lang == "shell" {
                let run = bash(&["-n", "-c", &block.text], dir.path(), &[]);
                if run.status.is_none_or(|s| !s.success()) {
                    failures.push(report(&block, &run));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
