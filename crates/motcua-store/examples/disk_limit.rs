//! Benchmark (c): the disk's durable write bandwidth for 100 KB files, measured by a plain
//! program with no store code: write a batch of files, make them durable, repeat.
//!
//!     cargo run --release -p motcua-store --example disk_limit -- [DIR] [FILES] [BATCH]
//!
//! Three ways of making a batch durable are measured; the best is "the limit" the blob store is
//! compared against (docs/STORAGE.md):
//! - `fdatasync`: fdatasync each file in turn, then fsync each directory;
//! - `parallel`: the same fdatasyncs issued from 8 threads at once (the journal groups them);
//! - `syncfs`: one syncfs(2) for the whole batch (Linux).

#[path = "support/plain_disk.rs"]
mod plain_disk;

use std::path::PathBuf;

use plain_disk::{METHODS, SIZE, measure};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "target/bench-disk".into()),
    );
    let files: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let batch: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(64);
    println!(
        "disk limit: {files} files of {} KB, batches of {batch}, in {}",
        SIZE / 1024,
        dir.display()
    );
    let mut best = 0.0f64;
    for method in METHODS {
        let mbps = measure(&dir, files, batch, method);
        println!(
            "  {method:<10} {mbps:8.1} MB/s  ({:.0} files/s)",
            mbps * 1e6 / SIZE as f64
        );
        best = best.max(mbps);
    }
    println!("LIMIT {best:.1} MB/s");
}
