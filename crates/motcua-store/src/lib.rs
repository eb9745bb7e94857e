//! Persistence for motcua (see docs/ARCHITECTURE.md and docs/STORAGE.md).
//!
//! This layer is generic: a portable SQL interface over SQLite and PostgreSQL, migrations,
//! the single writer with group commit, a reader pool, the hash-chained event log, idempotency
//! keys and the content-addressed blob store. The dossier tables and the `Store` API are built
//! on top of it.

pub mod blob;
pub mod chain;
pub mod error;
pub mod idempotency;
mod localized;
pub mod metrics;
pub mod migrate;
pub mod readers;
pub mod sql;
pub mod store;
pub mod testing;
pub mod writer;

pub use error::{DbErrorKind, Result, StoreError};
pub use readers::Readers;
pub use sql::{Conn, Database, Dialect, Row, Value};
pub use store::{AppError, Store, StoreConfig};
pub use writer::{BatchHook, BatchInfo, SavepointMode, Writer, WriterConfig, WriterStats};
