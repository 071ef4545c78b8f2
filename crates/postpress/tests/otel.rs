//! The call's span exported through `tracing-opentelemetry` into the
//! OpenTelemetry SDK's in-memory exporter: it carries the HTTP client
//! semantic conventions on a success, a 501, a timeout and a retried call,
//! and never the key.

use std::time::Duration;

use opentelemetry::trace::{SpanKind, TracerProvider as _};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use postpress::{Client, RetryPolicy};
use postpress_mock::{Fault, FaultKind, MockServer};
use tracing_subscriber::layer::SubscriberExt;

const KEY: &str = "otel-SECRET-key";

/// Runs `calls` with a tracing-opentelemetry pipeline installed on this
/// thread and returns the exported `postpress.perform` spans.
async fn exported<F: std::future::Future<Output = ()>>(calls: F) -> Vec<SpanData> {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("postpress-test")));
    {
        let _guard = tracing::subscriber::set_default(subscriber);
        calls.await;
    }
    provider.force_flush().expect("flush");
    exporter
        .get_finished_spans()
        .expect("spans")
        .into_iter()
        .filter(|s| s.name == "postpress.perform")
        .collect()
}

/// The attribute `key`, which must have been recorded at most once.
fn attr<'a>(span: &'a SpanData, key: &str) -> Option<&'a Value> {
    let mut found = span.attributes.iter().filter(|kv| kv.key.as_str() == key);
    let first = found.next().map(|kv| &kv.value);
    assert!(
        found.next().is_none(),
        "{key} recorded more than once: {:?}",
        span.attributes
    );
    first
}

fn int(span: &SpanData, key: &str) -> Option<i64> {
    match attr(span, key) {
        Some(Value::I64(n)) => Some(*n),
        _ => None,
    }
}

fn string(span: &SpanData, key: &str) -> Option<String> {
    attr(span, key).map(|v| v.as_str().into_owned())
}

fn no_key(span: &SpanData) {
    for KeyValue { key, value, .. } in &span.attributes {
        assert!(!value.as_str().contains("SECRET"), "{key} carries the key");
    }
}

async fn server() -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .demo()
        .start()
        .await
        .expect("mock")
}

fn client(server: &MockServer, timeout: Duration) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .timeout(timeout)
        .retry(RetryPolicy::exponential().without_jitter())
        .build()
        .expect("client")
}

#[tokio::test(flavor = "current_thread")]
async fn success_501_and_timeout_carry_the_http_conventions() {
    let server = server().await;
    let client = client(&server, Duration::from_millis(300));
    let port = i64::from(server.addr().port());
    let spans = exported(async {
        client.chat("wa-group-1").mark_read().await.expect("ok");
        client.chat("li-chat-1").archive().await.expect_err("501");
        server.inject(
            Fault::new(FaultKind::Latency { ms: 3_000 })
                .for_chat("wa-chat-1")
                .times(4),
        );
        client.chat("wa-chat-1").mute().await.expect_err("timeout");
    })
    .await;
    assert_eq!(spans.len(), 3, "{spans:?}");
    for span in &spans {
        assert_eq!(span.span_kind, SpanKind::Client);
        assert_eq!(string(span, "http.request.method").as_deref(), Some("PATCH"));
        assert_eq!(string(span, "server.address").as_deref(), Some("127.0.0.1"));
        assert_eq!(int(span, "server.port"), Some(port));
        assert!(
            attr(span, "otel.kind").is_none(),
            "otel.kind becomes the span kind"
        );
        no_key(span);
    }
    let (ok, unsupported, timeout) = (&spans[0], &spans[1], &spans[2]);

    assert_eq!(
        string(ok, "url.full"),
        Some(format!("{}/api/v1/chats/wa-group-1", server.base_url()))
    );
    assert_eq!(int(ok, "http.response.status_code"), Some(200));
    assert_eq!(attr(ok, "error.type"), None);
    assert_eq!(attr(ok, "http.request.resend_count"), None);

    assert_eq!(int(unsupported, "http.response.status_code"), Some(501));
    assert_eq!(
        string(unsupported, "error.type").as_deref(),
        Some("errors/feature_not_implemented")
    );
    assert_eq!(
        attr(unsupported, "http.request.resend_count"),
        None,
        "a 501 is not retried"
    );

    assert_eq!(string(timeout, "error.type").as_deref(), Some("timeout"));
    assert_eq!(attr(timeout, "http.response.status_code"), None);
    assert_eq!(
        int(timeout, "http.request.resend_count"),
        Some(3),
        "three retries"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_retried_call_counts_its_resends() {
    let server = server().await;
    let client = client(&server, Duration::from_secs(5));
    let spans = exported(async {
        server.inject(Fault::unavailable(Duration::ZERO).times(2));
        client
            .chat("wa-group-1")
            .mute()
            .await
            .expect("third attempt succeeds");
    })
    .await;
    assert_eq!(spans.len(), 1);
    assert_eq!(int(&spans[0], "http.request.resend_count"), Some(2));
    assert_eq!(int(&spans[0], "http.response.status_code"), Some(200));
    assert_eq!(attr(&spans[0], "error.type"), None);
}
