//! `LocalBlobStore`: blobs in `<data-dir>/blobs/ab/cd/<sha256>`, temp files in
//! `<data-dir>/blobs/tmp/` (same file system, so the final rename is atomic).
//!
//! Order of a put: write a temp file → (barrier round) make its data durable → rename it to its
//! final name → make the rename durable → answer. A crash at any point leaves nothing, a temp
//! file, or a complete blob: never a final name over incomplete bytes.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

use super::barrier::{Barrier, Item, SyncMethod, SyncStats};
use super::{BlobError, BlobRef, BlobStore, BoxFuture, is_valid_id, relative_path};

/// Temp files older than this are leftovers of a crash (no put takes an hour).
const STALE_TEMP: Duration = Duration::from_secs(3600);

#[derive(Clone)]
pub struct LocalBlobStore {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    tmp: PathBuf,
    method: SyncMethod,
    barrier: Barrier,
}

/// Removes a temp file on every path that does not hand it to the barrier.
struct TempFile(Option<PathBuf>);

impl TempFile {
    fn disarm(&mut self) -> PathBuf {
        self.0.take().expect("temp file still owned")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}

impl LocalBlobStore {
    /// Opens (creating) the store under `<data_dir>/blobs` and removes stale temp files.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Self, BlobError> {
        Self::open_with(data_dir, SyncMethod::default())
    }

    pub fn open_with(data_dir: impl AsRef<Path>, method: SyncMethod) -> Result<Self, BlobError> {
        let root = data_dir.as_ref().join("blobs");
        let tmp = root.join("tmp");
        fs::create_dir_all(&tmp).map_err(|e| BlobError::io("creating the blob directory", e))?;
        for d in [&root, root.parent().unwrap_or(&root)] {
            File::open(d)
                .and_then(|f| f.sync_all())
                .map_err(|e| BlobError::io("syncing the blob directory", e))?;
        }
        let barrier = Barrier::start(root.clone(), method)
            .map_err(|e| BlobError::io("starting the sync thread", e))?;
        let store = LocalBlobStore {
            inner: Arc::new(Inner {
                root,
                tmp,
                method,
                barrier,
            }),
        };
        let removed = store.clean_temp(STALE_TEMP)?;
        if removed > 0 {
            tracing::info!(removed, "removed stale blob temp files");
        }
        Ok(store)
    }

    /// The directory holding the blobs.
    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    /// Removes temp files older than `older_than` (left by a crash); returns how many.
    pub fn clean_temp(&self, older_than: Duration) -> Result<usize, BlobError> {
        let mut n = 0;
        let entries =
            fs::read_dir(&self.inner.tmp).map_err(|e| BlobError::io("listing temp files", e))?;
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() >= older_than);
            if old && fs::remove_file(entry.path()).is_ok() {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Counters of the group-sync barrier.
    pub fn sync_stats(&self) -> SyncStats {
        self.inner.barrier.stats()
    }

    async fn put_bytes(&self, bytes: Bytes) -> Result<BlobRef, BlobError> {
        let inner = self.inner.clone();
        let (blob, item) = blocking(move || {
            let blob = BlobRef {
                sha256: hex::encode(Sha256::digest(&bytes)),
                size: bytes.len() as u64,
            };
            if let Some(item) = inner.existing(&blob) {
                return Ok((blob, item));
            }
            let (temp, mut f) = inner.new_temp()?;
            f.write_all(&bytes)
                .map_err(|e| BlobError::io("writing a temp file", e))?;
            let item = inner.prepare(temp, f, &blob)?;
            Ok((blob, item))
        })
        .await?;
        self.inner
            .barrier
            .submit(item)
            .await
            .map_err(|e| BlobError::io("syncing blobs", e))?;
        Ok(blob)
    }

    async fn put_reader(
        &self,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> Result<BlobRef, BlobError> {
        let inner = self.inner.clone();
        let (temp, file) = blocking(move || inner.new_temp()).await?;
        let mut f = tokio::fs::File::from_std(file);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = reader
                .read(&mut buf)
                .await
                .map_err(|e| BlobError::io("reading the upload", e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > limit {
                return Err(BlobError::TooLarge { limit }); // dropping `temp` removes the file
            }
            hasher.update(&buf[..n]);
            f.write_all(&buf[..n])
                .await
                .map_err(|e| BlobError::io("writing a temp file", e))?;
        }
        f.flush()
            .await
            .map_err(|e| BlobError::io("writing a temp file", e))?;
        let f = f.into_std().await;
        let blob = BlobRef {
            sha256: hex::encode(hasher.finalize()),
            size,
        };
        let (inner, b) = (self.inner.clone(), blob.clone());
        let item = blocking(move || match inner.existing(&b) {
            Some(item) => Ok(item), // `temp` is dropped, so removed
            None => inner.prepare(temp, f, &b),
        })
        .await?;
        self.inner
            .barrier
            .submit(item)
            .await
            .map_err(|e| BlobError::io("syncing blobs", e))?;
        Ok(blob)
    }
}

impl Inner {
    fn final_path(&self, sha256: &str) -> PathBuf {
        self.root.join(relative_path(sha256))
    }

    fn new_temp(&self) -> Result<(TempFile, File), BlobError> {
        loop {
            let path = self.tmp.join(format!("{:016x}.tmp", rand::random::<u64>()));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => return Ok((TempFile(Some(path)), f)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(BlobError::io("creating a temp file", e)),
            }
        }
    }

    /// Already stored? Then the put only waits until its directory entry is durable (it may
    /// have been placed by a concurrent put whose round has not finished).
    fn existing(&self, blob: &BlobRef) -> Option<Item> {
        let path = self.final_path(&blob.sha256);
        path.exists().then(|| Item::Existing {
            dir: path.parent().expect("blob has a parent").to_path_buf(),
        })
    }

    /// Hands a written temp file over to the barrier (fdatasyncing it first in PerFile mode).
    fn prepare(&self, mut temp: TempFile, f: File, blob: &BlobRef) -> Result<Item, BlobError> {
        if self.method == SyncMethod::PerFile {
            f.sync_data()
                .map_err(|e| BlobError::io("syncing a temp file", e))?;
        }
        Ok(Item::Place {
            file: f,
            temp: temp.disarm(),
            dest: self.final_path(&blob.sha256),
        })
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BlobError> + Send + 'static,
) -> Result<T, BlobError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| BlobError::Backend(format!("blob task failed: {e}")))?
}

impl BlobStore for LocalBlobStore {
    fn put(&self, bytes: Bytes) -> BoxFuture<'_, Result<BlobRef, BlobError>> {
        Box::pin(self.put_bytes(bytes))
    }

    fn put_stream<'a>(
        &'a self,
        reader: &'a mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> BoxFuture<'a, Result<BlobRef, BlobError>> {
        Box::pin(self.put_reader(reader, limit))
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Option<Bytes>, BlobError>> {
        Box::pin(async move {
            if !is_valid_id(sha256) {
                return Err(BlobError::InvalidId);
            }
            match tokio::fs::read(self.inner.final_path(sha256)).await {
                Ok(b) => Ok(Some(Bytes::from(b))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(BlobError::io("reading a blob", e)),
            }
        })
    }

    fn exists<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<bool, BlobError>> {
        Box::pin(async move {
            if !is_valid_id(sha256) {
                return Err(BlobError::InvalidId);
            }
            tokio::fs::try_exists(self.inner.final_path(sha256))
                .await
                .map_err(|e| BlobError::io("checking a blob", e))
        })
    }
}
