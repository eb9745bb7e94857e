//! The group-sync barrier: many concurrent puts wait on one sync round.
//!
//! Puts write their bytes to temp files and hand them to the barrier thread. Each round takes
//! every put waiting, makes all their data durable, renames them into place, makes the renames
//! durable, and answers them all: a round costs about two device flushes whatever its size,
//! where one fsync per file would cost one each. See docs/STORAGE.md for the measurements.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

/// How a round makes data durable. Renames are always made durable after the data.
///
/// Measured on this project's machine (docs/STORAGE.md): `Syncfs` reached ~90% of a plain
/// program's durable bandwidth, `PerFile` ~50%, and fdatasyncing the files one after the other
/// in the round ~20% (each fdatasync is a device flush). Hence `Syncfs` is the default on Linux.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMethod {
    /// Each put fdatasyncs its own file before joining the round (many puts at once let the
    /// journal group them); the round renames and fsyncs each touched directory. Portable.
    PerFile,
    /// One `syncfs(2)` for the data of the whole round, renames, one more for the renames
    /// (Linux only). It also flushes other programs' dirty pages on the same file system, so
    /// give the data directory its own file system if other heavy writers share it.
    Syncfs,
}

impl Default for SyncMethod {
    fn default() -> Self {
        if cfg!(target_os = "linux") {
            SyncMethod::Syncfs
        } else {
            SyncMethod::PerFile
        }
    }
}

/// Counters of the barrier (for /metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    pub rounds: u64,
    pub requests: u64,
}

/// One put's part of a round.
pub(crate) enum Item {
    /// A new blob: its bytes are in `temp` (open file), to be renamed to `dest`.
    Place {
        file: File,
        temp: PathBuf,
        dest: PathBuf,
    },
    /// A blob that already exists: only wait until its directory entry is durable (it may
    /// have been placed by a concurrent put whose round is not finished).
    Existing { dir: PathBuf },
}

struct Request {
    item: Item,
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
        std::thread::Builder::new().name("motcua-blob-sync".into()).spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                batch.extend(rx.try_iter());
                let (items, replies): (Vec<Item>, Vec<_>) = batch.into_iter().map(|r| (r.item, r.done)).unzip();
                let r = round(&root, method, items).map_err(|e| e.to_string());
                {
                    let mut s = st.lock().unwrap_or_else(|p| p.into_inner());
                    s.rounds += 1;
                    s.requests += replies.len() as u64;
                }
                if let Err(e) = &r {
                    tracing::error!(error = %e, "blob sync round failed; its puts get an error");
                }
                for done in replies {
                    let _ = done.send(r.clone());
                }
            }
        })?;
        Ok(Barrier {
            tx: Mutex::new(Some(tx)),
            stats,
        })
    }

    /// Resolves once `item` is durable under its final name.
    pub(crate) async fn submit(&self, item: Item) -> std::io::Result<()> {
        let (done, rx) = oneshot::channel();
        let sent = match &*self.tx.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(tx) => tx.send(Request { item, done }).is_ok(),
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

fn round(root: &Path, method: SyncMethod, items: Vec<Item>) -> std::io::Result<()> {
    let mut dirs = BTreeSet::new();
    let mut places = Vec::new();
    for item in items {
        match item {
            Item::Existing { dir } => {
                dirs.insert(dir);
            }
            Item::Place { file, temp, dest } => places.push((file, temp, dest)),
        }
    }
    // 1. Data durable, before any final name exists (a crash must never leave a final name
    //    over incomplete bytes: a later put of the same content would trust it).
    if method == SyncMethod::Syncfs && !places.is_empty() {
        syncfs(root)?; // PerFile: each put has already fdatasynced its file
    }
    // 2. Rename into place, creating the two directory levels as needed.
    let mut failed = None;
    for (_, temp, dest) in &places {
        if let Err(e) = place(root, temp, dest, &mut dirs) {
            failed.get_or_insert(e);
        }
    }
    // 3. Renames (and new directories) durable.
    match method {
        SyncMethod::Syncfs => syncfs(root)?,
        _ => {
            for d in &dirs {
                File::open(d)?.sync_all()?;
            }
        }
    }
    failed.map_or(Ok(()), Err)
}

fn place(
    root: &Path,
    temp: &Path,
    dest: &Path,
    dirs: &mut BTreeSet<PathBuf>,
) -> std::io::Result<()> {
    let leaf = dest.parent().expect("blob path has a parent");
    if !leaf.is_dir() {
        let mid = leaf.parent().expect("blob path has two levels");
        for (dir, parent) in [(mid, root), (leaf, mid)] {
            match std::fs::create_dir(dir) {
                Ok(()) => {
                    dirs.insert(parent.to_path_buf());
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    let _ = std::fs::remove_file(temp);
                    return Err(e);
                }
            }
        }
    }
    dirs.insert(leaf.to_path_buf());
    std::fs::rename(temp, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(temp);
    })
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
