//! `ObjectBlobStore`: blobs in S3-compatible object storage (or any `object_store` backend),
//! under `<prefix>/ab/cd/<sha256>`.
//!
//! An S3 PUT is durable when it returns 200, so no barrier is needed here. Uploads of unknown
//! size are spooled to a local temp file while hashing (the key is the hash, known only at the
//! end), then sent in one PUT, or as a multipart upload when large.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt};

use super::{BlobError, BlobRef, BlobStore, BoxFuture, is_valid_id, relative_path};

/// Above this size a spooled upload is sent as a multipart upload.
const SINGLE_PUT_MAX: u64 = 16 * 1024 * 1024;
const PART_SIZE: usize = 8 * 1024 * 1024;

/// Connection settings for an S3-compatible service (AWS, MinIO, Ceph, a provider's own).
#[derive(Debug, Clone, Default)]
pub struct S3Config {
    /// e.g. `http://127.0.0.1:9000`; `None` for AWS itself.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    /// `None`: taken from the environment (AWS_ACCESS_KEY_ID, …) by the client.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// Key prefix inside the bucket, e.g. `motcua/blobs`.
    pub prefix: String,
    /// Allow plain HTTP (local test servers only).
    pub allow_http: bool,
}

#[derive(Clone)]
pub struct ObjectBlobStore {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    spool: PathBuf,
}

fn backend(e: object_store::Error) -> BlobError {
    BlobError::Backend(e.to_string())
}

impl ObjectBlobStore {
    /// Any `object_store` backend; `spool` is a local directory for streamed uploads.
    pub fn new(
        store: Arc<dyn ObjectStore>,
        prefix: impl Into<String>,
        spool: impl Into<PathBuf>,
    ) -> Self {
        let prefix = prefix.into().trim_matches('/').to_owned();
        ObjectBlobStore {
            store,
            prefix,
            spool: spool.into(),
        }
    }

    /// An S3-compatible store. Credentials not given are read from the usual AWS variables.
    pub fn s3(config: &S3Config) -> Result<Self, BlobError> {
        let mut b = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_allow_http(config.allow_http);
        if let Some(e) = &config.endpoint {
            b = b.with_endpoint(e);
        }
        if let Some(k) = &config.access_key_id {
            b = b.with_access_key_id(k);
        }
        if let Some(s) = &config.secret_access_key {
            b = b.with_secret_access_key(s);
        }
        let store = b.build().map_err(backend)?;
        Ok(Self::new(
            Arc::new(store),
            config.prefix.clone(),
            std::env::temp_dir(),
        ))
    }

    /// An in-memory store (tests of code above the trait).
    pub fn in_memory() -> Self {
        Self::new(
            Arc::new(object_store::memory::InMemory::new()),
            "blobs",
            std::env::temp_dir(),
        )
    }

    fn key(&self, sha256: &str) -> ObjectPath {
        let rel = relative_path(sha256);
        if self.prefix.is_empty() {
            ObjectPath::from(rel)
        } else {
            ObjectPath::from(format!("{}/{rel}", self.prefix))
        }
    }

    async fn has(&self, key: &ObjectPath) -> Result<bool, BlobError> {
        match self.store.head(key).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }

    async fn put_bytes(&self, bytes: Bytes) -> Result<BlobRef, BlobError> {
        let blob = BlobRef {
            sha256: hex::encode(Sha256::digest(&bytes)),
            size: bytes.len() as u64,
        };
        let key = self.key(&blob.sha256);
        if !self.has(&key).await? {
            self.store
                .put(&key, PutPayload::from(bytes))
                .await
                .map_err(backend)?;
        }
        Ok(blob)
    }

    async fn put_reader(
        &self,
        reader: &mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> Result<BlobRef, BlobError> {
        let spool = self.spool.clone();
        let mut file = tokio::task::spawn_blocking(move || tempfile::tempfile_in(spool))
            .await
            .map_err(|e| BlobError::Backend(e.to_string()))?
            .map_err(|e| BlobError::io("creating a spool file", e))?;
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
                return Err(BlobError::TooLarge { limit });
            }
            hasher.update(&buf[..n]);
            // Small writes to an unlinked local file: page cache, effectively non-blocking.
            file.write_all(&buf[..n])
                .map_err(|e| BlobError::io("spooling the upload", e))?;
        }
        let blob = BlobRef {
            sha256: hex::encode(hasher.finalize()),
            size,
        };
        let key = self.key(&blob.sha256);
        if self.has(&key).await? {
            return Ok(blob);
        }
        file.seek(SeekFrom::Start(0))
            .map_err(|e| BlobError::io("rewinding the spool file", e))?;
        if size <= SINGLE_PUT_MAX {
            let mut all = Vec::with_capacity(size as usize);
            file.read_to_end(&mut all)
                .map_err(|e| BlobError::io("reading the spool file", e))?;
            self.store
                .put(&key, PutPayload::from(all))
                .await
                .map_err(backend)?;
        } else {
            let upload = self.store.put_multipart(&key).await.map_err(backend)?;
            let mut w = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
            let mut chunk = vec![0u8; PART_SIZE];
            loop {
                let n = file
                    .read(&mut chunk)
                    .map_err(|e| BlobError::io("reading the spool file", e))?;
                if n == 0 {
                    break;
                }
                w.wait_for_capacity(4).await.map_err(backend)?;
                w.write(&chunk[..n]);
            }
            w.finish().await.map_err(backend)?;
        }
        Ok(blob)
    }

    async fn get_bytes(&self, sha256: &str) -> Result<Option<Bytes>, BlobError> {
        if !is_valid_id(sha256) {
            return Err(BlobError::InvalidId);
        }
        match self.store.get(&self.key(sha256)).await {
            Ok(r) => Ok(Some(r.bytes().await.map_err(backend)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }
}

impl BlobStore for ObjectBlobStore {
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
        Box::pin(self.get_bytes(sha256))
    }

    fn exists<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<bool, BlobError>> {
        Box::pin(async move {
            if !is_valid_id(sha256) {
                return Err(BlobError::InvalidId);
            }
            self.has(&self.key(sha256)).await
        })
    }
}
