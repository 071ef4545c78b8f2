//! `postpress-bench job --requests N [--journal]`: `Job::run` (postpress-jobs) over N
//! chat ids against the bench's server at concurrency 64, with or without
//! a journal, printing the wall time. `cargo xtask bench --journal-cost`
//! runs it under callgrind and in paired timed rounds to give what a
//! journal costs per chat.

use std::time::Instant;

use anyhow::{Context, Result, bail};
use futures_util::StreamExt;

use crate::Server;

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut requests = 10_000usize;
    let mut journal = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--requests" => requests = it.next().context("--requests N")?.parse()?,
            "--journal" => journal = true,
            other => bail!("unknown argument {other}"),
        }
    }
    let server = Server::spawn(false)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let client = postpress::Client::builder()
        .api_key(crate::KEY)
        .base_url(&server.base)
        .build()?;
    let dir = std::env::temp_dir().join(format!("postpress-bench-job-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("job.jsonl");
    let mut job = postpress_jobs::Job::builder(postpress::ChatAction::SetReadStatus(true)).concurrency(64);
    if journal {
        job = job.journal(&path);
    }
    let job = job.open()?;
    // Distinct ids: a job acts on each chat once.
    let ids = (0..requests).map(|i| format!("{}-{i}", crate::CHAT_ID));
    let start = Instant::now();
    let done = rt.block_on(async {
        job.run(&client, futures_util::stream::iter(ids))
            .fold(0usize, |n, item| async move {
                n + usize::from(matches!(&item, postpress_jobs::JobItem::Done(d) if d.result.is_ok()))
            })
            .await
    });
    let secs = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    if done != requests {
        bail!("{done} of {requests} succeeded");
    }
    println!("{secs:.6}");
    Ok(())
}
