//! Opening what the configuration names: the store (SQLite in the data directory, or
//! PostgreSQL) and the blob store (local directory or S3-compatible).

use std::sync::Arc;

use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_store::blob::{BlobStore, LocalBlobStore, ObjectBlobStore, S3Config};
use motcua_store::store::{Store, StoreConfig};

use crate::config::{BlobBackend, Config, redact};
use crate::fail::CliError;

/// Opens the database (applying pending migrations), the writer and the readers.
pub async fn store(config: &Config) -> Result<Store, CliError> {
    let target = config.database();
    tracing::debug!(database = %redact(&target), "opening the store");
    Store::open(StoreConfig::new(target.clone()))
        .await
        .map_err(|e| CliError::from(e).with_detail(format!("database {}", redact(&target))))
}

/// The content-addressed store for uploaded files.
pub fn blobs(config: &Config) -> Result<Arc<dyn BlobStore>, CliError> {
    match config.blobs.backend {
        BlobBackend::Local => Ok(Arc::new(LocalBlobStore::open(&config.data_dir)?)),
        BlobBackend::S3 => {
            let s3 = &config.blobs.s3;
            let store = ObjectBlobStore::s3(&S3Config {
                endpoint: s3.endpoint.clone(),
                bucket: s3.bucket.clone(),
                region: if s3.region.is_empty() {
                    "us-east-1".into()
                } else {
                    s3.region.clone()
                },
                access_key_id: s3.access_key_id.clone(),
                secret_access_key: s3.secret_access_key.clone(),
                prefix: s3.prefix.clone(),
                allow_http: s3.allow_http,
            })?;
            Ok(Arc::new(store))
        }
    }
}

/// Who the audit log names for changes made from the command line (an administrator of the
/// whole installation, with the operating-system user for the record).
pub fn cli_admin() -> Actor {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "?".into());
    Actor {
        account: None,
        name: format!("motcua CLI ({user})"),
        grants: vec![Grant {
            role: Role::Admin,
            unit: None,
        }],
    }
}
