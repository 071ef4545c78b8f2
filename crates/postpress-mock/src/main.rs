//! `postpress-mock`: run the local postpress server from a shell.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use postpress_mock::{DEFAULT_API_KEY, MockServer};

/// A spec-faithful local postpress server (PATCH /api/v1/chats/{chat_id}).
///
/// Point a client at the printed base URL with the printed key, for example
/// POSTPRESS_BASE_URL=http://127.0.0.1:8080 POSTPRESS_API_KEY=mock-api-key.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "\
Control endpoints:
  GET    /__mock/chats            every chat's state
  GET    /__mock/chats/{id}       one chat's state
  GET    /__mock/requests         the request log
  POST   /__mock/faults           inject a fault, e.g. {\"kind\":\"rate_limited\",\"retry_after\":1,\"times\":2}
  DELETE /__mock/faults           clear faults

Example:
  postpress-mock --port 8080 --seed demo
  curl -X PATCH http://127.0.0.1:8080/api/v1/chats/wa-group-1 \\
       -H 'X-API-KEY: mock-api-key' -H 'content-type: application/json' \\
       -d '{\"action\":\"getInviteLink\"}'"
)]
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Seed {
    /// One chat per provider and kind, plus a disconnected and a restricted account.
    Demo,
    /// No chats.
    Empty,
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
    let server = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    println!("postpress-mock listening on {}", server.base_url());
    println!("API key(s): {}", args.api_keys.join(", "));
    let chats = server.chats();
    if chats.is_empty() {
        println!("no chats (--seed empty)");
    } else {
        println!("{:<20} {:<10} {:<11} account", "chat id", "provider", "kind");
        for c in chats {
            let kind = match c.kind {
                postpress_mock::ChatKind::OneToOne => "one-to-one",
                postpress_mock::ChatKind::Group => "group",
            };
            println!(
                "{:<20} {:<10} {:<11} {:?}",
                c.id,
                c.provider.name(),
                kind,
                c.account
            );
        }
    }
    println!("press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
