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

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

const SIZE: usize = 100 * 1024;

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
    for method in ["fdatasync", "parallel", "syncfs"] {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        sync_dir(&dir);
        let mbps = run(&dir, files, batch, method);
        println!(
            "  {method:<10} {mbps:8.1} MB/s  ({:.0} files/s)",
            mbps * 1e6 / SIZE as f64
        );
        best = best.max(mbps);
    }
    let _ = fs::remove_dir_all(&dir);
    println!("LIMIT {best:.1} MB/s");
}

fn run(dir: &Path, files: usize, batch: usize, method: &str) -> f64 {
    let start = Instant::now();
    let mut n = 0;
    while n < files {
        let k = batch.min(files - n);
        let mut written = Vec::with_capacity(k);
        for i in n..n + k {
            // Files spread over subdirectories like a content-addressed store (ab/cd/…).
            let sub = dir.join(format!("{:02x}", i % 256));
            fs::create_dir_all(&sub).unwrap();
            let path = sub.join(format!("{i:08}"));
            let mut f = File::create(&path).unwrap();
            let mut data = vec![(i % 251) as u8; SIZE];
            data[..8].copy_from_slice(&(i as u64).to_le_bytes());
            f.write_all(&data).unwrap();
            written.push((f, sub));
        }
        match method {
            "fdatasync" => {
                for (f, _) in &written {
                    f.sync_data().unwrap();
                }
            }
            "parallel" => std::thread::scope(|s| {
                for chunk in written.chunks(written.len().div_ceil(8)) {
                    s.spawn(move || chunk.iter().for_each(|(f, _)| f.sync_data().unwrap()));
                }
            }),
            _ => syncfs(dir),
        }
        if method != "syncfs" {
            let mut dirs: Vec<&PathBuf> = written.iter().map(|(_, d)| d).collect();
            dirs.sort();
            dirs.dedup();
            for d in dirs {
                sync_dir(d);
            }
            sync_dir(dir);
        }
        n += k;
    }
    (files * SIZE) as f64 / 1e6 / start.elapsed().as_secs_f64()
}

fn sync_dir(d: &Path) {
    File::open(d).unwrap().sync_all().unwrap();
}

#[cfg(target_os = "linux")]
fn syncfs(d: &Path) {
    use std::os::fd::AsRawFd;
    let f = File::open(d).unwrap();
    // SAFETY: syncfs only reads the descriptor, which is open for the whole call.
    assert_eq!(unsafe { libc::syncfs(f.as_raw_fd()) }, 0);
}

#[cfg(not(target_os = "linux"))]
fn syncfs(_: &Path) {
    panic!("syncfs is Linux-only");
}
