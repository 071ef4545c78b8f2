//! The blocking client against postpress-mock, from plain `#[test]`
//! functions: the same outcomes as the async client, and no panic when it
//! is called from inside an async runtime.
#![cfg(feature = "blocking")]

use std::time::Duration;

use postpress::blocking::Client;
use postpress::{ChatAction, ConfigError, Error, ErrorKind, RetryPolicy};
use postpress_mock::{Fault, FaultKind, MockServer};

/// A mock on its own runtime thread, as a sync program would run one.
struct Mock {
    server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

fn mock() -> Mock {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime
        .block_on(MockServer::builder().api_key("sync-key").demo().start())
        .expect("mock starts");
    Mock {
        server,
        _runtime: runtime,
    }
}

fn client(mock: &Mock) -> Client {
    Client::builder()
        .api_key("sync-key")
        .base_url(mock.server.base_url())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

#[test]
fn actions_links_and_typed_errors_without_async() {
    let mock = mock();
    let client = client(&mock);
    client.whatsapp_chat("wa-group-1").mark_read().expect("mark read");
    client.whatsapp_chat("wa-group-1").archive().expect("archive");
    client
        .chat("wa-group-1")
        .add_participant("447700900123@s.whatsapp.net")
        .expect("add");
    let state = mock.server.chat("wa-group-1").expect("chat");
    assert!(
        format!("{state:?}").contains("447700900123@s.whatsapp.net"),
        "participant added: {state:?}"
    );
    let link = client.telegram_chat("tg-group-1").invite_link().expect("link");
    assert!(link.as_str().starts_with("https://"), "{link}");
    let patched = client
        .perform("wa-chat-1", ChatAction::SetMuteStatus(true))
        .expect("perform");
    assert_eq!(patched.invite_link, None);

    let err = client
        .chat("li-chat-1")
        .archive()
        .expect_err("LinkedIn cannot archive");
    assert_eq!(err.kind(), Some(&ErrorKind::FeatureNotImplemented));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(501));
    let err = client.chat("no-such-chat").mark_read().expect_err("unknown chat");
    assert_eq!(err.kind(), Some(&ErrorKind::ResourceNotFound));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let err = client.chat("").mark_read().expect_err("empty id");
    assert!(
        matches!(err, Error::InvalidInput { field: "chat_id", .. }),
        "{err:?}"
    );
}

#[test]
fn retries_and_timeouts_are_the_async_clients() {
    let mock = mock();
    let client = Client::builder()
        .api_key("sync-key")
        .base_url(mock.server.base_url())
        .retry(RetryPolicy::exponential().without_jitter())
        .build()
        .expect("client");
    mock.server.inject(Fault::unavailable(Duration::ZERO).times(2));
    client.chat("wa-chat-1").mute().expect("retried past two 503s");
    let quick = Client::builder()
        .api_key("sync-key")
        .base_url(mock.server.base_url())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    mock.server
        .inject(Fault::new(FaultKind::Latency { ms: 2_000 }).times(1));
    let err = quick.chat("wa-chat-1").mute().expect_err("times out");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[test]
fn the_key_stays_out_of_debug_and_errors() {
    let mock = mock();
    let client = Client::builder()
        .api_key("sync-key-SECRET")
        .base_url(mock.server.base_url())
        .build()
        .expect("client");
    assert!(!format!("{client:?}").contains("SECRET"));
    let err = client.chat("wa-chat-1").mute().expect_err("wrong key");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(!format!("{err:?} {err}").contains("SECRET"));
    let err = Client::builder().build().expect_err("no key");
    assert!(
        matches!(err, Error::Config(ConfigError::MissingApiKey)),
        "{err:?}"
    );
}

#[test]
fn clones_share_one_runtime_and_work_from_threads() {
    let mock = mock();
    let client = client(&mock);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || client.chat("wa-chat-1").mark_read())
        })
        .collect();
    for t in threads {
        t.join().expect("thread").expect("call");
    }
    drop(client);
}

/// Called from inside a tokio runtime by mistake: it works (blocking the
/// calling thread) and never panics, and dropping it there is fine too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_an_async_runtime_it_works() {
    let server = MockServer::builder()
        .api_key("sync-key")
        .demo()
        .start()
        .await
        .expect("mock");
    let client = Client::builder()
        .api_key("sync-key")
        .base_url(server.base_url())
        .build()
        .expect("client");
    client
        .chat("wa-chat-1")
        .mark_read()
        .expect("works inside a runtime");
    drop(client);
}
