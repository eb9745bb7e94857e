//! The plain program measuring the disk's durable write bandwidth (no store code): write a
//! batch of files, make them durable, repeat. Shared by `disk_limit` and `blob_bench`.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const SIZE: usize = 100 * 1024;

/// The ways a batch is made durable.
pub const METHODS: [&str; 3] = ["fdatasync", "parallel", "syncfs"];

/// Writes `files` files of 100 KB into a fresh `dir` in batches of `batch`; returns MB/s.
pub fn measure(dir: &Path, files: usize, batch: usize, method: &str) -> f64 {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    sync_dir(dir);
    let mbps = run(dir, files, batch, method);
    let _ = fs::remove_dir_all(dir);
    mbps
}

/// Content `i`: distinct for every `i`.
pub fn content(i: usize) -> Vec<u8> {
    let mut data = vec![(i % 251) as u8; SIZE];
    data[..8].copy_from_slice(&(i as u64).to_le_bytes());
    data
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
            f.write_all(&content(i)).unwrap();
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
