//! The group-sync barrier: many concurrent puts wait on one sync round.
//!
//! A put makes its own file's data durable (fdatasync, issued concurrently by many puts so the
//! file system's journal groups them), renames it into place, then asks the barrier to sync the
//! directories it touched. The barrier thread takes every request waiting, syncs each distinct
//! directory once, and answers them all: on ext4 the first directory fsync commits the journal
//! transaction holding all those renames, so a round costs about one journal commit whatever
//! its size. See docs/STORAGE.md for the measurements behind this choice.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

/// How a round makes things durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SyncMethod {
    /// fdatasync each file (by its put), then fsync each directory touched in the round.
    #[default]
    PerFile,
    /// One syncfs(2) per round, for data and again for the renames (Linux only). Flushes every
    /// dirty page of the file system, including other programs', so it is only a win on a
    /// file system dedicated to blobs.
    Syncfs,
}

/// Counters of the barrier (for /metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    pub rounds: u64,
    pub requests: u64,
}

struct Request {
    dirs: Vec<PathBuf>,
    done: oneshot::Sender<Result<(), String>>,
}

pub(crate) struct Barrier {
    tx: Mutex<Option<crossbeam_channel::Sender<Request>>>,
    stats: Arc<Mutex<SyncStats>>,
}

impl Barrier {
    pub(crate) fn start(root: PathBuf, method: SyncMethod) -> std::io::Result<Barrier> {
        let (tx, rx) = crossbeam_channel::unbounded::<Request>();
        let stats = Arc::new(Mutex::new(SyncStats::default()));
        let st = stats.clone();
        std::thread::Builder::new()
            .name("motcua-blob-sync".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut batch = vec![first];
                    batch.extend(rx.try_iter());
                    let r = round(&root, method, &batch).map_err(|e| e.to_string());
                    {
                        let mut s = st.lock().unwrap_or_else(|p| p.into_inner());
                        s.rounds += 1;
                        s.requests += batch.len() as u64;
                    }
                    for req in batch {
                        let _ = req.done.send(r.clone());
                    }
                }
            })?;
        Ok(Barrier {
            tx: Mutex::new(Some(tx)),
            stats,
        })
    }

    /// Waits for a round that covers `dirs` (and, with `Syncfs`, all data written so far).
    pub(crate) async fn sync(&self, dirs: Vec<PathBuf>) -> std::io::Result<()> {
        let (done, rx) = oneshot::channel();
        let sent = match &*self.tx.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(tx) => tx.send(Request { dirs, done }).is_ok(),
            None => false,
        };
        let closed = || std::io::Error::other("the blob sync thread has stopped");
        if !sent {
            return Err(closed());
        }
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(msg)) => Err(std::io::Error::other(msg)),
            Err(_) => Err(closed()),
        }
    }

    pub(crate) fn stats(&self) -> SyncStats {
        *self.stats.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Barrier {
    fn drop(&mut self) {
        // Closing the channel ends the thread after the requests already queued.
        self.tx.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

fn round(root: &Path, method: SyncMethod, batch: &[Request]) -> std::io::Result<()> {
    match method {
        SyncMethod::PerFile => {
            let dirs: BTreeSet<&PathBuf> = batch.iter().flat_map(|r| &r.dirs).collect();
            for d in dirs {
                File::open(d)?.sync_all()?;
            }
            Ok(())
        }
        SyncMethod::Syncfs => syncfs(root),
    }
}

#[cfg(target_os = "linux")]
fn syncfs(root: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let f = File::open(root)?;
    // SAFETY: syncfs only reads the descriptor, which stays open for the whole call.
    if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn syncfs(_: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "syncfs is only available on Linux; use SyncMethod::PerFile",
    ))
}
