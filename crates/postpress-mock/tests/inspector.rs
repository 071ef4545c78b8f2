//! The inspector page (`GET /__mock/ui`) driven in a real headless Chromium
//! through ChromeDriver's W3C WebDriver protocol, against the mock started
//! in-process.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `CHROMIUM` and
//! `CHROMEDRIVER` naming the binaries). Without them the test says so and
//! passes, except under `CI=true`, where it fails.
//!
//! Refresh the README's screenshot with
//! `POSTPRESS_SCREENSHOT=docs/inspector.png cargo test -p postpress-mock --test inspector`
//! (a relative path is taken from the workspace root).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use postpress_mock::{ChatKind, ChatState, MockServer, Provider};
use serde_json::{Value, json};

/// A key no page, log or control answer may show.
const KEY: &str = "inspector-secret-4f1c9a7e2b";

/// How long the page may take to show something the mock already has: a
/// few of its one-second polls.
const LIVE: Duration = Duration::from_secs(10);

/// A chat id long enough to need clipping.
const LONG_ID: &str = "120363041234567890-a-whatsapp-group-with-a-rather-long-identifier-0123456789@g.us";

/// The W3C element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_binary(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A ChromeDriver process with one Chromium session; both end on drop.
struct Browser {
    http: reqwest::Client,
    driver: Child,
    port: u16,
    session: Option<String>,
    profile: PathBuf,
}

impl Browser {
    async fn start(chromedriver: &Path, chromium: &Path) -> Browser {
        let mut driver = Command::new(chromedriver)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            // Its own process group, so that drop ends Chromium with it.
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let stdout = driver.stdout.take().expect("chromedriver stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let port = line
                    .split("started successfully on port ")
                    .nth(1)
                    .and_then(|rest| rest.trim_end_matches('.').trim().parse::<u16>().ok());
                if let Some(port) = port {
                    let _ = tx.send(port);
                }
                // Keep draining so the driver never blocks on a full pipe.
            }
        });
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let profile =
            std::env::temp_dir().join(format!("postpress-inspector-{}-{nanos}", std::process::id()));
        let mut browser = Browser {
            http: reqwest::Client::new(),
            driver,
            port: 0,
            session: None,
            profile,
        };
        browser.port = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("chromedriver prints the port it listens on");
        std::fs::create_dir_all(&browser.profile).expect("profile directory");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", browser.profile.display())])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let created = browser.command("POST", "/session", caps).await;
        browser.session = Some(created["sessionId"].as_str().expect("a session id").to_string());
        browser
    }

    /// A WebDriver command; its `value`, or a panic with the driver's error.
    async fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let response = request.send().await.expect("chromedriver answers");
        let status = response.status();
        let mut value: Value = response.json().await.expect("chromedriver answers JSON");
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        value["value"].take()
    }

    async fn session(&self, method: &str, path: &str, body: Value) -> Value {
        let session = self.session.as_deref().expect("a session");
        self.command(method, &format!("/session/{session}{path}"), body)
            .await
    }

    async fn goto(&self, url: &str) {
        self.session("POST", "/url", json!({"url": url})).await;
    }

    async fn script(&self, script: &str, args: Value) -> Value {
        self.session("POST", "/execute/sync", json!({"script": script, "args": args}))
            .await
    }

    /// Runs `script` until it returns something truthy, for at most [`LIVE`].
    async fn wait_for(&self, what: &str, script: &str, args: Value) -> Value {
        let deadline = Instant::now() + LIVE;
        loop {
            let value = self.script(script, args.clone()).await;
            let truthy = match &value {
                Value::Null | Value::Bool(false) => false,
                Value::Array(a) => !a.is_empty(),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                let text = self.script("return document.body.innerText", json!([])).await;
                panic!("the page did not show {what} within {LIVE:?}; it shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn element(&self, css: &str) -> String {
        let found = self
            .session("POST", "/element", json!({"using": "css selector", "value": css}))
            .await;
        found[ELEMENT].as_str().expect("an element").to_string()
    }

    async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.session("POST", &format!("/element/{id}/click"), json!({}))
            .await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.session("POST", &format!("/element/{id}/clear"), json!({}))
            .await;
        self.session("POST", &format!("/element/{id}/value"), json!({"text": text}))
            .await;
    }

    /// The browser console since the last call.
    async fn console(&self) -> Vec<Value> {
        match self.session("POST", "/se/log", json!({"type": "browser"})).await {
            Value::Array(entries) => entries,
            other => panic!("not a log: {other}"),
        }
    }

    async fn screenshot(&self) -> Vec<u8> {
        let encoded = self.session("GET", "/screenshot", json!({})).await;
        base64_decode(encoded.as_str().expect("base64 text"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Synchronous on purpose: drop also runs while a failed test unwinds.
        if let Some(session) = self.session.take()
            && let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port))
        {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = write!(
                stream,
                "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            // Until the answer's head and body are in (the driver may keep
            // the connection open), or the timeout.
            let mut answer = Vec::new();
            let mut chunk = [0u8; 1024];
            while let Ok(n @ 1..) = stream.read(&mut chunk) {
                answer.extend_from_slice(&chunk[..n]);
                if answer_complete(&answer) {
                    break;
                }
            }
        }
        // Whatever is left of the group (the driver, a Chromium that did not
        // close), by the group's id: the driver's pid.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Whether `raw` holds a whole HTTP answer (head, and a body of its
/// `Content-Length`).
fn answer_complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    raw.len() >= end + 4 + length
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, c)| n | (value(*c) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8h"), b"hello!");
    assert_eq!(base64_decode("aGk="), b"hi");
}

async fn patch(server: &MockServer, chat: &str, body: Value) -> u16 {
    common::patch(server, KEY, chat, &body.to_string()).await
}

/// Every control endpoint the page reads, as text.
async fn control_answers(server: &MockServer) -> Vec<(String, String)> {
    let http = reqwest::Client::new();
    let mut answers = Vec::new();
    let mut paths: Vec<String> = [
        "/__mock/ui",
        "/__mock/ui/favicon.svg",
        "/__mock/chats",
        "/__mock/requests",
        "/__mock/faults",
        "/__mock/faults/schema",
        "/__mock/stats",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.extend(server.chats().iter().map(|c| format!("/__mock/chats/{}", c.id)));
    for path in paths {
        let response = http
            .get(format!("{}{path}", server.base_url()))
            .send()
            .await
            .expect("the mock answers");
        assert!(response.status().is_success(), "{path}: {}", response.status());
        answers.push((path, response.text().await.expect("a body")));
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inspector_shows_the_mock_live_in_chromium() {
    let tools = (
        find_binary("CHROMEDRIVER", &["chromedriver"]),
        find_binary("CHROMIUM", &["chromium", "chromium-browser"]),
    );
    let (Some(chromedriver), Some(chromium)) = tools else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "CI=true but chromium/chromedriver are missing: apt-get install chromium chromium-driver"
        );
        eprintln!(
            "SKIPPED the inspector browser test: chromium and chromedriver not found \
             (apt-get install chromium chromium-driver, or set CHROMIUM and CHROMEDRIVER)"
        );
        return;
    };
    let started = Instant::now();
    let server = MockServer::builder()
        .api_key(KEY)
        .demo()
        .chat(
            ChatState::new(LONG_ID, Provider::WhatsApp, ChatKind::Group).participants([
                "33612345678901234567890@s.whatsapp.net",
                "447700900123@s.whatsapp.net",
            ]),
        )
        .rate_limit(100)
        .start()
        .await
        .expect("mock starts");
    let base = server.base_url();
    // Some history before the page opens.
    assert_eq!(
        patch(
            &server,
            "wa-chat-1",
            json!({"action": "setReadStatus", "value": true})
        )
        .await,
        200
    );
    assert_eq!(
        patch(&server, LONG_ID, json!({"action": "setLabel", "value": "VIP"})).await,
        200
    );
    // A one-to-one chat cannot take a participant (the provider or the kind refuses).
    assert!(
        patch(
            &server,
            "li-chat-1",
            json!({"action": "addParticipant", "value": "x"})
        )
        .await
            >= 400
    );
    assert_eq!(
        patch(
            &server,
            "wa-disconnected-1",
            json!({"action": "setReadStatus", "value": true})
        )
        .await,
        401
    );
    // The key in a body is shown as `[key]`.
    assert_eq!(
        patch(
            &server,
            "no-such-chat",
            json!({"action": "setLabel", "value": KEY})
        )
        .await,
        404
    );

    let browser = Browser::start(&chromedriver, &chromium).await;
    eprintln!("browser up after {:?}", started.elapsed());
    browser.goto(&server.inspector_url()).await;

    // 1. It lists the demo chats (and the long one, clipped, not overflowing).
    let mut expected: Vec<String> = MockServer::demo_chats().into_iter().map(|c| c.id).collect();
    expected.push(LONG_ID.to_string());
    expected.sort();
    let listed = browser
        .wait_for(
            "the chats",
            "const ids = [...document.querySelectorAll('#chats tr[data-chat-id]')].map(r => r.dataset.chatId);
             return ids.length >= arguments[0] ? ids.sort() : null;",
            json!([expected.len()]),
        )
        .await;
    assert_eq!(listed, json!(expected));
    let provider = browser
        .script(
            "const row = document.querySelector(`#chats tr[data-chat-id='tg-group-1']`);
             return [...row.cells].slice(1, 4).map(c => c.textContent);",
            json!([]),
        )
        .await;
    assert_eq!(provider, json!(["telegram", "group", "connected"]));
    let before = browser
        .wait_for(
            "the log",
            "return document.querySelectorAll('#log tr[data-seq]').length",
            json!([]),
        )
        .await;
    assert_eq!(before, json!(5));

    // 2. A PATCH sent now shows up in the log and in the chat's state,
    //    without a reload.
    browser.script("window.__sameDocument = 'yes'", json!([])).await;
    let muted_script = "const row = document.querySelector(`#chats tr[data-chat-id='wa-group-1']`);
         return row && [...row.querySelectorAll('.tag.on')].map(t => t.textContent).includes('muted');";
    assert_eq!(browser.script(muted_script, json!([])).await, json!(false));
    let sent_at = Instant::now();
    assert_eq!(
        patch(
            &server,
            "wa-group-1",
            json!({"action": "setMuteStatus", "value": true})
        )
        .await,
        200
    );
    let participant = "33699887766@s.whatsapp.net";
    assert_eq!(
        patch(
            &server,
            "wa-group-1",
            json!({"action": "addParticipant", "value": participant})
        )
        .await,
        200
    );
    browser
        .wait_for("wa-group-1 muted", muted_script, json!([]))
        .await;
    browser
        .wait_for(
            "the new participant",
            "const row = document.querySelector(`#chats tr[data-chat-id='wa-group-1']`);
             return [...row.querySelectorAll('.tag')].some(t => t.textContent === arguments[0]);",
            json!([participant]),
        )
        .await;
    let newest = browser
        .wait_for(
            "the PATCH in the log, newest first",
            "const row = document.querySelector('#log tbody tr[data-seq]');
             const cells = row ? [...row.cells].slice(1, 6).map(c => c.textContent) : [];
             return cells[1] === 'addParticipant' ? cells : null;",
            json!([]),
        )
        .await;
    assert_eq!(
        newest,
        json!([
            "wa-group-1",
            "addParticipant",
            format!("\"{participant}\""),
            "200",
            ""
        ])
    );
    let shown_after = sent_at.elapsed();
    assert_eq!(
        browser
            .script(
                "return window.__sameDocument + performance.getEntriesByType('navigation').length",
                json!([])
            )
            .await,
        json!("yes1"),
        "the page was reloaded"
    );

    // The raw body, on demand.
    browser.click("#log tbody tr[data-seq] button").await;
    let body = browser
        .wait_for(
            "the raw body",
            "const pre = document.querySelector('#log .raw-body'); return pre && pre.textContent",
            json!([]),
        )
        .await;
    let body: Value =
        serde_json::from_str(body.as_str().unwrap_or_default()).expect("the body is the JSON sent");
    assert_eq!(body, json!({"action": "addParticipant", "value": participant}));

    // 3. A fault injected over HTTP shows up, and applies.
    let http = reqwest::Client::new();
    let injected = http
        .post(format!("{base}/__mock/faults"))
        .json(&json!({"kind": "unavailable", "retry_after": 2, "chat_id": "tg-group-1", "times": 1}))
        .send()
        .await
        .expect("inject");
    assert_eq!(injected.status().as_u16(), 201);
    let fault = browser
        .wait_for(
            "the injected fault",
            "const li = document.querySelector(`#faults li[data-fault-kind='unavailable']`); return li && li.textContent",
            json!([]),
        )
        .await;
    let fault = fault.as_str().unwrap_or_default();
    assert!(
        fault.contains("retry_after=2") && fault.contains("tg-group-1") && fault.contains("1 more time"),
        "{fault}"
    );
    assert_eq!(
        patch(
            &server,
            "tg-group-1",
            json!({"action": "setMuteStatus", "value": true})
        )
        .await,
        503
    );
    browser
        .wait_for(
            "the 503 and the fault used up",
            "const row = document.querySelector('#log tbody tr[data-seq]');
             return row.cells[4].textContent === '503' && row.cells[5].textContent === 'errors/service_unavailable'
               && !document.querySelector(`#faults li[data-fault-kind='unavailable']`);",
            json!([]),
        )
        .await;

    // 4. The form injects a fault whose kinds come from the mock's schema;
    //    the button clears them all.
    let kinds = browser
        .script(
            "return [...document.querySelectorAll('#fault-kind option')].map(o => o.value)",
            json!([]),
        )
        .await;
    let schema: Value = http
        .get(format!("{base}/__mock/faults/schema"))
        .send()
        .await
        .expect("schema")
        .json()
        .await
        .expect("json");
    let served: Vec<Value> = schema["oneOf"]
        .as_array()
        .expect("oneOf")
        .iter()
        .map(|b| b["properties"]["kind"]["enum"][0].clone())
        .collect();
    assert_eq!(kinds, Value::Array(served));
    browser.click("#fault-kind option[value='rate_limited']").await;
    browser.type_into("#fault-retry_after", "1").await;
    browser.type_into("#fault-times", "2").await;
    browser.type_into("#fault-chat_id", "wa-chat-1").await;
    browser.click("#fault-inject").await;
    browser
        .wait_for(
            "the fault from the form",
            "return !!document.querySelector(`#faults li[data-fault-kind='rate_limited']`)",
            json!([]),
        )
        .await;
    let faults: Value = http
        .get(format!("{base}/__mock/faults"))
        .send()
        .await
        .expect("faults")
        .json()
        .await
        .expect("json");
    assert_eq!(
        faults,
        json!([{"kind": "rate_limited", "retry_after": 1, "times": 2, "chat_id": "wa-chat-1", "action": null}])
    );
    assert_eq!(
        patch(
            &server,
            "wa-chat-1",
            json!({"action": "setPinnedStatus", "value": true})
        )
        .await,
        429
    );
    browser
        .wait_for(
            "the 429 in the totals",
            "return document.querySelector(`#totals [data-total='too_many_requests'] b`).textContent === '1'",
            json!([]),
        )
        .await;
    browser.click("#fault-clear").await;
    browser
        .wait_for(
            "no faults",
            "return !document.querySelector('#faults li[data-fault-kind]')",
            json!([]),
        )
        .await;
    assert!(server.stats().faults == 0, "the button cleared the mock's faults");
    let totals = browser
        .script("return document.getElementById('totals').innerText", json!([]))
        .await;
    let totals = totals.as_str().unwrap_or_default();
    assert!(totals.contains("100/s"), "the rate limit: {totals}");

    // A fault left waiting for the screenshot.
    http.post(format!("{base}/__mock/faults"))
        .json(&json!({"kind": "latency", "ms": 250, "action": "getInviteLink"}))
        .send()
        .await
        .expect("inject");
    browser
        .wait_for(
            "the latency fault",
            "return !!document.querySelector(`#faults li[data-fault-kind='latency']`)",
            json!([]),
        )
        .await;

    // 5. Readable at 1280 px: nothing wider than the window, long ids clipped.
    let layout = browser
        .script(
            "const cell = document.querySelector(`#chats tr[data-chat-id='${arguments[0]}'] td`);
             return [document.documentElement.scrollWidth, window.innerWidth, cell.scrollWidth > cell.clientWidth, cell.title];",
            json!([LONG_ID]),
        )
        .await;
    assert!(
        layout[0].as_u64() <= layout[1].as_u64(),
        "wider than the window: {layout}"
    );
    assert_eq!(layout[1], json!(1280));
    assert_eq!(layout[2], json!(true), "the long id is clipped");
    assert_eq!(layout[3], json!(LONG_ID), "its full text is the cell's title");

    // 6. The key appears nowhere: page, log, control answers.
    let page = browser
        .script(
            "return document.documentElement.outerHTML + '\\n' + document.body.innerText",
            json!([]),
        )
        .await;
    let page = page.as_str().unwrap_or_default();
    assert!(
        page.contains("no-such-chat"),
        "the request with the key in its body is listed"
    );
    assert!(!page.contains(KEY), "the key is on the page");
    for (path, text) in control_answers(&server).await {
        assert!(!text.contains(KEY), "the key is in {path}");
    }
    let redacted = server
        .requests()
        .into_iter()
        .find(|r| r.chat_id.as_deref() == Some("no-such-chat"))
        .and_then(|r| r.body);
    assert_eq!(
        redacted.as_deref(),
        Some(r#"{"action":"setLabel","value":"[key]"}"#)
    );

    // 7. Every resource came from the mock.
    let resources = browser
        .script(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => e.name)",
            json!([]),
        )
        .await;
    let resources: Vec<&str> = resources
        .as_array()
        .expect("names")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(resources.len() > 3, "{resources:?}");
    for name in &resources {
        assert!(
            name.starts_with(&format!("{base}/")),
            "{name} is not from the mock"
        );
    }
    let favicon = http
        .get(format!("{base}/__mock/ui/favicon.svg"))
        .send()
        .await
        .expect("favicon");
    assert_eq!(favicon.headers()["content-type"], "image/svg+xml");

    // 8. An idle page costs the mock one bodiless 304 a second.
    let idle = browser
        .wait_for(
            "two idle polls",
            "const polls = performance.getEntriesByType('resource').filter(e => e.name.endsWith('/__mock/stats'));
             const last = polls.slice(-2);
             return last.length === 2 && last.every(e => e.responseStatus === 304)
               ? last.map(e => [e.responseStatus, e.encodedBodySize, e.transferSize, Math.round(e.startTime)]) : null;",
            json!([]),
        )
        .await;
    eprintln!("idle polls [status, body bytes, transfer bytes, start ms]: {idle}");
    for poll in idle.as_array().expect("polls") {
        assert_eq!(poll[1], json!(0), "an idle poll carries no body");
    }

    // 9. No console errors, a missing favicon included.
    let console = browser.console().await;
    let errors: Vec<&Value> = console.iter().filter(|e| e["level"] == "SEVERE").collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // The screenshot for the README: the whole page at 1280 px, from the top.
    let height = browser
        .script(
            "window.scrollTo(0, 0);
             return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight",
            json!([]),
        )
        .await
        .as_u64()
        .unwrap_or(900)
        .clamp(600, 2400);
    browser
        .session("POST", "/window/rect", json!({"width": 1280, "height": height}))
        .await;
    let png = browser.screenshot().await;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG screenshot");
    if let Some(path) = std::env::var_os("POSTPRESS_SCREENSHOT") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot directory");
        }
        std::fs::write(&path, &png).expect("write the screenshot");
        eprintln!("screenshot: {} ({} bytes)", path.display(), png.len());
    }
    eprintln!(
        "a PATCH showed in the page after {shown_after:?}; the whole test took {:?}",
        started.elapsed()
    );
}
