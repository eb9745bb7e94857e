//! The content-addressed blob store: uploaded files are named by the SHA-256 of their bytes.
//!
//! A `put` returns only once the bytes are durable, and callers send the command that references
//! a blob to the writer only after that. A crash can thus leave an unreferenced blob or temp file
//! (collectable), never a reference to missing bytes.

mod barrier;
mod local;
#[cfg(feature = "s3")]
mod object;

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use tokio::io::AsyncRead;

pub use barrier::{SyncMethod, SyncStats};
pub use local::LocalBlobStore;
#[cfg(feature = "s3")]
pub use object::{ObjectBlobStore, S3Config};

use crate::error::StoreError;
use crate::sql::{Conn, Value};

/// A boxed future, so `BlobStore` can be used as `Arc<dyn BlobStore>` from axum handlers.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A stored blob: its SHA-256 (lowercase hex) and size in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct BlobRef {
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The upload exceeded the limit the caller set.
    #[error("the file exceeds the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    /// Not a 64-digit lowercase hex SHA-256 (never used to build a path).
    #[error("malformed blob id")]
    InvalidId,
    #[error("I/O error while {context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// Object storage refused or failed (details for the logs).
    #[error("object storage error: {0}")]
    Backend(String),
}

impl BlobError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        BlobError::Io {
            context: context.into(),
            source,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            BlobError::TooLarge { .. } => "blob.too_large",
            BlobError::InvalidId => "blob.invalid_id",
            BlobError::Io { .. } | BlobError::Backend(_) => "blob.unavailable",
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            BlobError::TooLarge { limit } => {
                format!("Tệp vượt quá dung lượng cho phép ({} KB).", limit / 1024)
            }
            BlobError::InvalidId => "Mã tệp không hợp lệ.".into(),
            _ => "Không lưu hoặc đọc được tệp, vui lòng thử lại sau.".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            BlobError::TooLarge { limit } => {
                format!("The file is larger than allowed ({} KB).", limit / 1024)
            }
            BlobError::InvalidId => "The file id is not valid.".into(),
            _ => "The file could not be stored or read; please try again later.".into(),
        }
    }
}

/// Where uploaded bytes live. Implementations: `LocalBlobStore` (a directory, the default) and
/// `ObjectBlobStore` (S3-compatible object storage).
pub trait BlobStore: Send + Sync {
    /// Stores `bytes`; resolves once they are durable. Storing the same bytes twice is cheap
    /// and returns the same `BlobRef`.
    fn put(&self, bytes: Bytes) -> BoxFuture<'_, Result<BlobRef, BlobError>>;

    /// Stores everything `reader` yields, without holding it in memory, refusing more than
    /// `limit` bytes (nothing is kept then). Resolves once the bytes are durable.
    fn put_stream<'a>(
        &'a self,
        reader: &'a mut (dyn AsyncRead + Unpin + Send),
        limit: u64,
    ) -> BoxFuture<'a, Result<BlobRef, BlobError>>;

    /// The bytes of a blob, or `None` if there is no such blob.
    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Option<Bytes>, BlobError>>;

    fn exists<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<bool, BlobError>>;
}

/// True for a 64-digit lowercase hex string: the only ids ever turned into paths or keys.
pub fn is_valid_id(id: &str) -> bool {
    id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `ab/cd/abcd…`: two levels of 256 folders keep directories small at millions of files.
pub(crate) fn relative_path(sha256: &str) -> String {
    format!("{}/{}/{}", &sha256[0..2], &sha256[2..4], sha256)
}

/// Records a blob in the `blobs` table (inside a writer job, with the row that references it).
pub fn record(conn: &mut dyn Conn, blob: &BlobRef, now_ms: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO blobs (sha256, size, created_at_ms) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
        &[blob.sha256.as_str().into(), Value::Int(blob.size as i64), Value::Int(now_ms)],
    )?;
    Ok(())
}
