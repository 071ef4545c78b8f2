//! `postpress-mock`: run the local postpress server from a shell.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use postpress_mock::{DEFAULT_API_KEY, MockServer};

/// A spec-faithful local postpress server for the chat-action endpoint.
///
/// Point a client at the printed base URL with the printed key, for example
/// POSTPRESS_BASE_URL=http://127.0.0.1:8080 POSTPRESS_API_KEY=mock-api-key.
#[derive(Debug, Parser)]
#[command(version, after_help = after_help())]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// An accepted API key (repeat for several).
    #[arg(long = "api-key", default_value = DEFAULT_API_KEY)]
    api_keys: Vec<String>,
    /// Chats to start with.
    #[arg(long, value_enum, default_value_t = Seed::Demo)]
    seed: Seed,
    /// Also create this many group chats, `chat-0` to `chat-{N-1}`, on the
    /// provider that supports the most actions (for bulk runs).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    chats: u32,
    /// Limit each API key to N requests per second (a token bucket holding
    /// one second's worth); beyond it: 429 with Retry-After. 0: no limit.
    #[arg(long, default_value_t = 0)]
    rate_limit: u32,
    /// Keep the newest N requests in the log (GET /__mock/requests); the
    /// totals (GET /__mock/stats) count every request. 0: log none.
    #[arg(long, default_value_t = postpress_mock::DEFAULT_LOG_LIMIT)]
    log_limit: usize,
    /// Answer CORS preflights and let any origin read the answers, so that
    /// a page on another origin (a wasm test, say) can call the mock.
    #[arg(long)]
    cors: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Seed {
    /// One chat per provider and kind, plus a disconnected and a restricted account.
    Demo,
    /// No chats.
    Empty,
}

fn after_help() -> String {
    let path = postpress_mock::PATH_TEMPLATE.replace("{chat_id}", "wa-group-1");
    format!(
        "Control endpoints:\n{}\nExample:\n  postpress-mock --port 8080 --seed demo\n  curl -X {} http://127.0.0.1:8080{path} \\\n       -H '{}: mock-api-key' -H 'content-type: application/json' \\\n       -d '{{\"action\":\"getInviteLink\"}}'",
        postpress_mock::CONTROL_ENDPOINTS,
        postpress_mock::METHOD_NAME,
        postpress_mock::API_KEY_HEADER,
    )
}

/// `println!` that ignores a closed stdout: the server keeps serving
/// whoever reads its output or not.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let mut builder = MockServer::builder().bind(SocketAddr::new(args.host, args.port));
    for key in &args.api_keys {
        builder = builder.api_key(key);
    }
    if matches!(args.seed, Seed::Demo) {
        builder = builder.demo();
    }
    // Bulk chats on the provider that supports the most actions.
    builder = builder.group_chats("chat-", args.chats as usize);
    builder = builder
        .rate_limit(args.rate_limit)
        .log_limit(args.log_limit)
        .cors(args.cors);
    let server = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    out!("postpress-mock listening on {}", server.base_url());
    out!(
        "inspector: {} (chats, requests and faults, live)",
        server.inspector_url()
    );
    out!("API key(s): {}", args.api_keys.join(", "));
    if args.rate_limit > 0 {
        out!("rate limit: {} requests per second per key", args.rate_limit);
    }
    let chats = server.chats();
    if chats.len() > 20 {
        out!("{} chats", chats.len());
        out!("press Ctrl-C to stop");
        let _ = tokio::signal::ctrl_c().await;
        return ExitCode::SUCCESS;
    }
    if chats.is_empty() {
        out!("no chats (--seed empty)");
    } else {
        out!("{:<20} {:<10} {:<11} account", "chat id", "provider", "kind");
        for c in chats {
            let kind = match c.kind {
                postpress_mock::ChatKind::OneToOne => "one-to-one",
                postpress_mock::ChatKind::Group => "group",
                _ => "other",
            };
            out!(
                "{:<20} {:<10} {:<11} {:?}",
                c.id,
                c.provider.name(),
                kind,
                c.account
            );
        }
    }
    out!("press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
