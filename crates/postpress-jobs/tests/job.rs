//! Jobs with a journal against the mock: what is written and when, what a
//! resume sends and skips, mismatches, shards, duplicates and stopping.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::StreamExt;
use postpress::{ChatAction, Client, ProviderId};
use postpress_jobs::{Job, JobItem, JournalError, Previous, Resume, Shard};
use postpress_mock::{Fault, FaultKind, MockServer};
use serde_json::Value;

const KEY: &str = "job-test-key";

async fn mock(chats: usize) -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .log_limit(100_000)
        .group_chats("c-", chats)
        .start()
        .await
        .expect("mock starts")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .build()
        .expect("client")
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c-{i}")).collect()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postpress-job-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    dir
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("journal")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn add() -> ChatAction {
    ChatAction::AddParticipant(ProviderId::new("334455667788@s.whatsapp.net").expect("id"))
}

/// How many requests each chat received.
fn received(server: &MockServer) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for r in server.requests() {
        if let Some(id) = r.chat_id {
            *n.entry(id).or_default() += 1;
        }
    }
    n
}

async fn run(client: &Client, job: Job, input: Vec<String>) -> Vec<JobItem> {
    job.run(client, futures::stream::iter(input)).collect().await
}

#[tokio::test]
async fn the_journal_has_a_header_an_intent_before_each_outcome() {
    let server = mock(20).await;
    let path = temp("lines");
    let mut input = ids(20);
    input.push("unknown-chat".into());
    let job = Job::builder(add())
        .concurrency(4)
        .journal(&path)
        .open()
        .expect("journal");
    let items = run(&client(&server), job, input).await;
    assert_eq!(items.len(), 21);
    let lines = lines(&path);
    let header = &lines[0];
    assert_eq!(header["journal"], "postpress-bulk");
    assert_eq!(header["action"], "addParticipant");
    assert_eq!(header["value"], "334455667788@s.whatsapp.net");
    assert_eq!(header["shard"], "1/1");
    let mut intent_at = HashMap::new();
    for (n, l) in lines.iter().enumerate().skip(1) {
        let id = l["chat_id"].as_str().expect("chat_id").to_string();
        if l["event"] == "intent" {
            assert!(intent_at.insert(id, n).is_none(), "one intent per chat");
        } else {
            let at = intent_at
                .get(&id)
                .unwrap_or_else(|| panic!("outcome before intent: {l}"));
            assert!(*at < n);
            assert!(l["time"].as_str().is_some_and(|t| t.ends_with('Z')), "{l}");
            assert_eq!(l["attempts"], 1);
            assert_eq!(l["rate_limited"], 0);
            if id == "unknown-chat" {
                assert_eq!(l["outcome"], "failed");
                assert_eq!(l["status"], 404);
                assert_eq!(l["kind"], "errors/resource_not_found");
            } else {
                assert_eq!(l["outcome"], "ok", "{l}");
                assert_eq!(l["status"], 200);
            }
        }
    }
    assert_eq!(intent_at.len(), 21);
    assert_eq!(lines.len(), 1 + 21 * 2);
    assert!(!std::fs::read_to_string(&path).expect("read").contains(KEY));

    // A new job refuses a journal that holds one.
    let again = Job::builder(add()).journal(&path).open().expect_err("exists");
    assert!(matches!(again, JournalError::Exists { lines: 43, .. }), "{again}");
}

#[tokio::test]
async fn resume_skips_done_and_failed_and_retries_failed_when_asked() {
    let server = mock(10).await;
    let c = client(&server);
    let path = temp("resume");
    let mut input = ids(10);
    input.push("missing".into());
    run(
        &c,
        Job::builder(ChatAction::SetMuteStatus(true))
            .journal(&path)
            .open()
            .expect("j"),
        input.clone(),
    )
    .await;
    let before = server.stats().requests;
    let job = Job::builder(ChatAction::SetMuteStatus(true))
        .resume(&path, Resume::new())
        .open()
        .expect("resume");
    let r = job.journal().expect("journal").resume_report().clone();
    assert_eq!((r.ok, r.failed, r.unknown, r.interrupted), (10, 1, 0, 0));
    let items = run(&c, job, input.clone()).await;
    assert_eq!(server.stats().requests, before, "nothing sent");
    let skipped: Vec<Previous> = items
        .iter()
        .map(|i| match i {
            JobItem::Skipped { previous, .. } => *previous,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(skipped.iter().filter(|p| **p == Previous::Ok).count(), 10);
    assert_eq!(skipped.iter().filter(|p| **p == Previous::Failed).count(), 1);

    let job = Job::builder(ChatAction::SetMuteStatus(true))
        .resume(&path, Resume::new().retry_failed(true))
        .open()
        .expect("resume");
    run(&c, job, input).await;
    assert_eq!(server.stats().requests, before + 1, "only the failure again");
}

#[tokio::test]
async fn resume_refuses_another_job() {
    let server = mock(2).await;
    let path = temp("mismatch");
    let shard = Shard::new(1, 2).expect("shard");
    run(
        &client(&server),
        Job::builder(ChatAction::SetPinnedStatus(true))
            .shard(shard)
            .journal(&path)
            .open()
            .expect("j"),
        ids(2),
    )
    .await;
    let cases = [
        (
            Job::builder(ChatAction::SetMuteStatus(true)).shard(shard),
            "action",
        ),
        (
            Job::builder(ChatAction::SetPinnedStatus(false)).shard(shard),
            "value",
        ),
        (Job::builder(ChatAction::SetPinnedStatus(true)), "shard"),
        (
            Job::builder(ChatAction::SetPinnedStatus(true)).shard(Shard::new(2, 2).expect("s")),
            "shard",
        ),
    ];
    for (job, field) in cases {
        match job.resume(&path, Resume::new()).open() {
            Err(JournalError::Mismatch { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let not_journal = temp("not-journal");
    std::fs::write(&not_journal, "chat-1\nchat-2\n").expect("write");
    let e = Job::builder(ChatAction::SetPinnedStatus(true))
        .resume(&not_journal, Resume::new())
        .open()
        .expect_err("not a journal");
    assert!(matches!(e, JournalError::NotAJournal { .. }), "{e}");
    // A device is refused, and never read forever.
    for device in ["/dev/null", "/dev/zero"] {
        let e = Job::builder(ChatAction::SetPinnedStatus(true))
            .resume(device, Resume::new())
            .open()
            .expect_err("a device");
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
    // A missing file starts the job.
    let fresh = temp("fresh");
    if let Err(e) = Job::builder(ChatAction::SetPinnedStatus(true))
        .resume(&fresh, Resume::new())
        .open()
    {
        panic!("a missing file starts the job: {e}");
    }
}

/// The journal of a run killed mid-way, written by hand: intents without
/// outcomes, and a torn last line.
fn crashed_journal(path: &Path, action: &ChatAction) {
    let header = Job::builder(action.clone()).journal(path).open().expect("j");
    drop(header);
    let mut text = std::fs::read_to_string(path).expect("read");
    text.push_str("{\"chat_id\":\"c-0\",\"event\":\"intent\"}\n{\"chat_id\":\"c-0\",\"outcome\":\"ok\"}\n");
    text.push_str("{\"chat_id\":\"c-1\",\"event\":\"intent\"}\n");
    text.push_str("{\"chat_id\":\"c-2\",\"event\":\"intent\"}\n{\"chat_id\":\"c-2\",\"outc");
    std::fs::write(path, text).expect("write");
}

#[tokio::test]
async fn an_interrupted_non_idempotent_chat_is_marked_unknown_not_resent() {
    let server = mock(4).await;
    let c = client(&server);
    let path = temp("unknown");
    crashed_journal(&path, &add());
    let job = Job::builder(add())
        .resume(&path, Resume::new())
        .open()
        .expect("resume");
    let r = job.journal().expect("j").resume_report().clone();
    assert_eq!(
        (r.ok, r.unknown, r.marked_unknown, r.interrupted, r.torn_lines),
        (1, 2, 2, 0, 1)
    );
    let items = run(&c, job, ids(4)).await;
    let sent: HashSet<String> = received(&server).into_keys().collect();
    assert_eq!(sent, HashSet::from(["c-3".to_string()]));
    let unknown: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            JobItem::Skipped {
                chat_id,
                previous: Previous::Unknown,
            } => Some(chat_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(unknown.len(), 2, "{items:?}");
    let lines = lines(&path);
    for id in ["c-1", "c-2"] {
        assert!(
            lines
                .iter()
                .any(|l| l["chat_id"] == id && l["outcome"] == "unknown"),
            "{id} marked unknown"
        );
    }
    // The torn line was closed: every line after it parses.
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("\"outc\n{\"event\":\"resume\""), "{text}");

    // --retry-unknown sends them.
    let job = Job::builder(add())
        .resume(&path, Resume::new().retry_unknown(true))
        .open()
        .expect("resume");
    run(&c, job, ids(4)).await;
    let sent = received(&server);
    assert_eq!(sent.get("c-1"), Some(&1));
    assert_eq!(sent.get("c-2"), Some(&1));
    assert_eq!(sent.get("c-0"), None);
}

#[tokio::test]
async fn an_interrupted_idempotent_chat_is_sent_again() {
    let server = mock(4).await;
    let path = temp("idempotent");
    let action = ChatAction::SetArchiveStatus(true);
    crashed_journal(&path, &action);
    let job = Job::builder(action)
        .resume(&path, Resume::new())
        .open()
        .expect("resume");
    let r = job.journal().expect("j").resume_report().clone();
    assert_eq!((r.ok, r.unknown, r.interrupted), (1, 0, 2));
    run(&client(&server), job, ids(4)).await;
    let sent: HashSet<String> = received(&server).into_keys().collect();
    assert_eq!(sent, HashSet::from(["c-1", "c-2", "c-3"].map(String::from)));
}

#[tokio::test]
async fn shards_split_the_input_and_duplicates_are_sent_once() {
    let server = mock(100).await;
    let c = client(&server);
    let mut total = 0;
    for i in 1..=3 {
        let path = temp(&format!("shard-{i}"));
        let job = Job::builder(ChatAction::SetReadStatus(true))
            .shard(Shard::new(i, 3).expect("shard"))
            .journal(&path)
            .open()
            .expect("j");
        let mut input = ids(100);
        input.extend(ids(100)); // every id twice
        let items = run(&c, job, input).await;
        let done = items.iter().filter(|i| matches!(i, JobItem::Done(_))).count();
        let dup = items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    JobItem::Skipped {
                        previous: Previous::Duplicate,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(done, dup, "each id of the shard once, then its duplicate skipped");
        total += done;
    }
    assert_eq!(total, 100);
    let sent = received(&server);
    assert_eq!(sent.len(), 100);
    assert!(sent.values().all(|n| *n == 1));
}

/// Stopped mid-run: no new chat is taken, those in flight finish and are
/// journaled; the rest have no line at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_lets_the_requests_in_flight_finish() {
    let server = mock(50).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 200 }));
    let path = temp("stop");
    let job = Job::builder(add())
        .concurrency(5)
        .journal(&path)
        .open()
        .expect("j");
    let stopper = job.stopper();
    let c = client(&server);
    let handle = tokio::spawn(async move { run(&c, job, ids(50)).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    stopper.stop();
    let items = tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("ends")
        .expect("task");
    assert!(stopper.is_stopped());
    assert!((5..=15).contains(&items.len()), "{}", items.len());
    let lines = lines(&path);
    let intents = lines.iter().filter(|l| l["event"] == "intent").count();
    let outcomes = lines.iter().filter(|l| l["outcome"] == "ok").count();
    assert_eq!(intents, items.len());
    assert_eq!(outcomes, items.len(), "every chat in flight finished");
    assert_eq!(received(&server).len(), items.len());
}

/// The process dies (here: the job is dropped) with requests in flight:
/// every chat the server saw has its intent in the journal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_the_server_saw_has_an_intent() {
    let server = mock(40).await;
    server.inject(Fault::new(FaultKind::Latency { ms: 100 }));
    let path = temp("crash");
    let job = Job::builder(add())
        .concurrency(8)
        .journal(&path)
        .open()
        .expect("j");
    let c = client(&server);
    let mut stream = Box::pin(job.run(&c, futures::stream::iter(ids(40))));
    let _ = tokio::time::timeout(Duration::from_millis(250), async {
        while stream.next().await.is_some() {}
    })
    .await;
    drop(stream);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let intents: HashSet<String> = lines(&path)
        .iter()
        .filter(|l| l["event"] == "intent")
        .filter_map(|l| l["chat_id"].as_str().map(String::from))
        .collect();
    let seen: HashSet<String> = received(&server).into_keys().collect();
    assert!(!seen.is_empty());
    assert!(
        seen.is_subset(&intents),
        "sent without intent: {:?}",
        seen.difference(&intents)
    );
}

/// A job is described whole before its journal is opened: a shard set
/// after the journal path is what the journal records, and the job takes
/// exactly that shard.
#[tokio::test]
async fn a_shard_set_after_the_journal_path_is_the_one_recorded() {
    let server = mock(10).await;
    let path = temp("late-shard");
    let shard = Shard::new(1, 2).expect("shard");
    let job = Job::builder(ChatAction::SetReadStatus(true))
        .journal(&path)
        .shard(shard)
        .open()
        .expect("j");
    let items = run(&client(&server), job, ids(10)).await;
    let header = std::fs::read_to_string(&path).expect("read");
    assert!(
        header
            .lines()
            .next()
            .is_some_and(|l| l.contains("\"shard\":\"1/2\"")),
        "{header}"
    );
    let sent: Vec<String> = received(&server).into_keys().collect();
    assert!(
        !sent.is_empty() && sent.iter().all(|id| shard.contains(id)),
        "{sent:?}"
    );
    assert_eq!(items.len(), sent.len());
}

/// One writer per journal: a second job on the same file, in this process
/// (or any other), is refused while the first holds it, and gets it once
/// the first is done.
#[tokio::test]
async fn a_second_writer_is_refused() {
    let path = temp("locked");
    let first = Job::builder(ChatAction::SetMuteStatus(true))
        .journal(&path)
        .open()
        .expect("first");
    let second = Job::builder(ChatAction::SetMuteStatus(true))
        .resume(&path, Resume::new())
        .open()
        .expect_err("a second writer");
    assert!(matches!(second, JournalError::Locked { .. }), "{second}");
    assert!(second.to_string().contains("in use by another job"), "{second}");
    drop(first);
    Job::builder(ChatAction::SetMuteStatus(true))
        .resume(&path, Resume::new())
        .open()
        .expect("the lock is released with the job");
}
