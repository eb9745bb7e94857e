//! Benchmarks (c) and the blob half of (d): 100 KB uploads made durable.
//!
//!     cargo run --release -p motcua-store --example blob_bench -- [FILES] [ROUNDS] [DIR]
//!
//! This disk's bandwidth swings widely over time (bursts, then throttling, and other programs
//! share it), so the plain program and the blob store are measured in short alternating runs,
//! the order rotating every round, and each variant's figure is its total bytes over its total
//! time. The plain program writes and syncs batches of 64 files (three sync methods; the best
//! is the limit); the store gets 64 concurrent `put`s.

#[path = "support/plain_disk.rs"]
mod plain_disk;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use motcua_store::blob::{BlobStore, LocalBlobStore, SyncMethod};
use plain_disk::{METHODS, SIZE, content, measure};

const CONCURRENCY: usize = 64;

#[derive(Clone, Copy, Debug)]
enum Variant {
    Plain(&'static str),
    Store(SyncMethod),
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let files: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(500);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(6);
    let dir = PathBuf::from(
        args.get(3)
            .cloned()
            .unwrap_or_else(|| "target/bench-blob".into()),
    );
    println!(
        "{files} files of {} KB per run, {rounds} rounds, in {}",
        SIZE / 1024,
        dir.display()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut variants: Vec<Variant> = METHODS.iter().map(|m| Variant::Plain(m)).collect();
    variants.extend([SyncMethod::Syncfs, SyncMethod::PerFile].map(Variant::Store));
    let mut seconds = vec![0.0f64; variants.len()];
    for round in 0..rounds {
        let mut line = format!("round {}:", round + 1);
        for k in 0..variants.len() {
            let i = (k + round) % variants.len();
            let mbps = match variants[i] {
                Variant::Plain(m) => measure(&dir.join("plain"), files, 64, m),
                Variant::Store(m) => rt.block_on(blob_store(&dir.join("store"), files, m)),
            };
            seconds[i] += (files * SIZE) as f64 / 1e6 / mbps;
            line += &format!(" {}={mbps:.0}", name(variants[i]));
        }
        println!("{line}");
    }
    let total_mb = (rounds * files * SIZE) as f64 / 1e6;
    let rate: Vec<f64> = seconds.iter().map(|s| total_mb / s).collect();
    let limit = rate[..METHODS.len()].iter().cloned().fold(0.0, f64::max);
    println!("totals over {rounds} rounds (MB/s):");
    for (v, r) in variants.iter().zip(&rate) {
        println!(
            "  {:<16} {r:8.1}  {:5.0}% of the limit",
            name(*v),
            100.0 * r / limit
        );
    }
    println!(
        "(c) LIMIT {limit:.1} MB/s; (d) LocalBlobStore default ({:?}) = {:.0}% of it",
        SyncMethod::default(),
        100.0 * rate[METHODS.len()] / limit
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn name(v: Variant) -> String {
    match v {
        Variant::Plain(m) => format!("plain-{m}"),
        Variant::Store(m) => format!("store-{m:?}"),
    }
}

async fn blob_store(dir: &Path, files: usize, method: SyncMethod) -> f64 {
    let _ = std::fs::remove_dir_all(dir);
    let store = Arc::new(LocalBlobStore::open_with(dir, method).unwrap());
    let payloads: Vec<Bytes> = (0..files)
        .map(|i| Bytes::from(content(1_000_000 + i)))
        .collect();
    let sem = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let start = Instant::now();
    let tasks: Vec<_> = payloads
        .into_iter()
        .map(|b| {
            let (store, sem) = (store.clone(), sem.clone());
            tokio::spawn(async move {
                let _permit = sem.acquire().await.unwrap();
                store.put(b).await.unwrap()
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let mbps = (files * SIZE) as f64 / 1e6 / start.elapsed().as_secs_f64();
    drop(store);
    let _ = std::fs::remove_dir_all(dir);
    mbps
}
