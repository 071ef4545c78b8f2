//! Test support in one place: a scriptable HTTP/1.1 server on 127.0.0.1
//! that records every request and answers with whatever bytes (or silence)
//! a test asks for, down to scripted partial writes, stalls and TCP resets;
//! the spec's wire facts and request schema; and a [`Capture`] for what
//! tracing writes.
#![allow(missing_docs, missing_debug_implementations)]

pub use postpress_api::PATH_PREFIX;

pub mod markdown;
pub mod redis_server;

/// The mock of the bulk and job tests: `chats` group chats `chat-0`,
/// `chat-1`, ... accepting `key`, a request log big enough to count every
/// request, and a limit of `rate_limit` per second (0: none).
pub async fn group_mock(key: &str, chats: usize, rate_limit: u32) -> postpress_mock::MockServer {
    let mut b = postpress_mock::MockServer::builder()
        .api_key(key)
        .log_limit(1_000_000);
    if rate_limit > 0 {
        b = b.rate_limit(rate_limit);
    }
    b.group_chats("chat-", chats).start().await.expect("mock starts")
}

/// Per chat: how many requests `server` answered other than 429 (the
/// times it acted, or refused to for a reason of the chat's own). What a
/// test counts to prove no chat received an action twice.
pub fn acted(server: &postpress_mock::MockServer) -> std::collections::HashMap<String, usize> {
    let mut n = std::collections::HashMap::new();
    for r in server.requests() {
        if let Some(id) = r.chat_id
            && r.status != 429
        {
            *n.entry(id).or_default() += 1;
        }
    }
    n
}

/// A loopback port no one listens on at the time of asking (the OS picks it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The spec's success body of an action that returns nothing.
pub const PATCHED: &str = postpress_api::SUCCESS_BODY;

/// The spec's request schema (`ChatActionRequest`), compiled.
pub fn request_schema() -> &'static jsonschema::Validator {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let text = postpress_mock::json_schema("ChatActionRequest").expect("the spec has a request schema");
        let schema: serde_json::Value = serde_json::from_str(text).expect("the schema is JSON");
        jsonschema::draft7::new(&schema).expect("the schema compiles")
    })
}

/// A `std::io::Write` that keeps everything written to it, for tracing
/// subscribers in tests (`.with_writer(move || capture.clone())`).
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// Everything written so far, as text.
    pub fn contents(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).to_string()
    }
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub raw_head: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).into_iter().next()
    }
    /// Every value sent under `name`, in order (a repeated header's all).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn body_str(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or("<not utf-8>")
    }
}

/// What the server does with one request.
pub enum Reply {
    /// Write these bytes, then keep the connection for the next request.
    Raw(Vec<u8>),
    /// Write these bytes, then close the connection.
    RawThenClose(Vec<u8>),
    /// Write nothing and hold the connection open for this long.
    Stall(Duration),
    /// Close the connection without answering.
    Close,
    /// Run these steps on the connection, then close it.
    Script(Vec<Step>),
}

/// One step of a scripted answer.
#[derive(Clone)]
pub enum Step {
    /// Write bytes.
    Write(Vec<u8>),
    /// Wait.
    Sleep(Duration),
    /// Write this chunk again and again until the peer goes away (at most
    /// `limit` bytes in all).
    Repeat { chunk: Vec<u8>, limit: usize },
    /// Close with a TCP reset (SO_LINGER 0) instead of a FIN.
    Reset,
}

/// A complete HTTP/1.1 response with a JSON body.
pub fn json(status: u16, body: &str) -> Reply {
    json_with(status, &[], body)
}

/// A complete response with extra headers.
pub fn json_with(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Raw(response(status, "application/json", headers, body.as_bytes()))
}

/// Response bytes with a Content-Length.
pub fn response(status: u16, content_type: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
    if !content_type.is_empty() {
        out.push_str(&format!("content-type: {content_type}\r\n"));
    }
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// A running test server.
#[derive(Clone)]
pub struct Server {
    pub base: String,
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    written: Arc<AtomicUsize>,
}

impl Server {
    /// Starts a server; `handler` gets each request and its 0-based index.
    pub async fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let written = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (s, c, w) = (seen.clone(), connections.clone(), written.clone());
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                c.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve_conn(sock, handler.clone(), s.clone(), w.clone()));
            }
        });
        Server {
            base: format!("http://{addr}"),
            port: addr.port(),
            seen,
            connections,
            written,
        }
    }

    /// Always answers `status` with `body`.
    pub async fn always(status: u16, body: &'static str) -> Server {
        Server::start(move |_, _| json(status, body)).await
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    pub fn count(&self) -> usize {
        self.seen.lock().expect("lock").len()
    }

    /// Bytes written by `Step::Repeat` steps before the peer went away.
    pub fn repeated_bytes_written(&self) -> usize {
        self.written.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve_conn(
    mut sock: TcpStream,
    handler: Arc<Handler>,
    seen: Arc<Mutex<Vec<Seen>>>,
    written: Arc<AtomicUsize>,
) {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 8192];
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let raw_head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let mut lines = raw_head.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_string();
        let target = first.next().unwrap_or_default().to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let mut chunk = [0u8; 8192];
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buf[head_end..head_end + len].to_vec();
        buf.drain(..head_end + len);
        let request = Seen {
            method,
            target,
            headers,
            body,
            raw_head,
        };
        let index = {
            let mut s = seen.lock().expect("lock");
            s.push(request.clone());
            s.len() - 1
        };
        match handler(&request, index) {
            Reply::Raw(bytes) => {
                if sock.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Reply::RawThenClose(bytes) => {
                let _ = sock.write_all(&bytes).await;
                let _ = sock.shutdown().await;
                return;
            }
            Reply::Stall(d) => {
                tokio::time::sleep(d).await;
                return;
            }
            Reply::Close => return,
            Reply::Script(steps) => {
                for step in steps {
                    match step {
                        Step::Write(bytes) => {
                            if sock.write_all(&bytes).await.is_err() {
                                return;
                            }
                        }
                        Step::Sleep(d) => tokio::time::sleep(d).await,
                        Step::Repeat { chunk, limit } => {
                            let mut sent = 0;
                            while sent < limit {
                                if sock.write_all(&chunk).await.is_err() {
                                    written.fetch_add(sent, Ordering::SeqCst);
                                    return;
                                }
                                sent += chunk.len();
                            }
                            written.fetch_add(sent, Ordering::SeqCst);
                        }
                        Step::Reset => {
                            let _ = sock.set_zero_linger();
                            return;
                        }
                    }
                }
                return;
            }
        }
    }
}

/// An error envelope body.
pub fn envelope(status: u16, type_: &str) -> String {
    serde_json::json!({
        "title": "Some title",
        "detail": "Some detail",
        "instance": "req_123",
        "type": type_,
        "status": status,
    })
    .to_string()
}

/// A directory of its own under the system's temp dir, emptied when made
/// and removed when dropped: `postpress-<name>-<pid>`.
#[derive(Debug)]
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    /// Makes it (fails the test when it cannot).
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("postpress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }

    /// Its path.
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    /// The path of `name` in it.
    pub fn join(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
