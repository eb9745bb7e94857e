//! The store's error type.
//!
//! Two audiences read these errors. Operators read `Display` (it may contain the SQL and the
//! driver's message, so it goes to logs only). People read `code()` plus `message_vi()` /
//! `message_en()`, which never contain SQL, paths or driver text.

use std::fmt;

/// What kind of database failure happened; callers branch on this, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbErrorKind {
    /// A UNIQUE or PRIMARY KEY constraint refused the row.
    UniqueViolation,
    /// A FOREIGN KEY constraint refused the row.
    ForeignKeyViolation,
    /// A NOT NULL or CHECK constraint refused the row.
    ConstraintViolation,
    /// The transaction lost a race (PostgreSQL SQLSTATE 40001 / 40P01); re-running it may succeed.
    SerializationFailure,
    /// The database is locked by another process (SQLite) for longer than the busy timeout.
    Busy,
    /// The server could not be reached or the connection broke.
    Connection,
    /// Anything else: a bug in our SQL, a full disk, a corrupt file, …
    Other,
}

/// A column could not be read as the requested type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub column: String,
    pub expected: &'static str,
    pub found: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "column `{}`: expected {}, found {}",
            self.column, self.expected, self.found
        )
    }
}

/// The one error type of the SQL layer, the writer, the readers and the migrations.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed a statement. `detail` includes the SQL (logs only).
    #[error("database error ({kind:?}): {detail}")]
    Db { kind: DbErrorKind, detail: String },
    /// A row did not have the shape the code expected (a bug or a schema drift).
    #[error("decode error: {0}")]
    Decode(DecodeError),
    /// `query_one` found no row.
    #[error("no row found")]
    NotFound,
    /// The writer or reader pool is shut down (or its thread died).
    #[error("the {0} is closed")]
    Closed(&'static str),
    /// A bug on our side (e.g. a writer job panicked); details are in the logs.
    #[error("internal error: {0}")]
    Internal(String),
    /// The store was given an unusable configuration (bad URL, unwritable directory, …).
    #[error("configuration error: {0}")]
    Config(String),
    /// A migration problem; the program must not start.
    #[error("migration error: {0}")]
    Migration(#[from] crate::migrate::MigrationError),
    /// A file-system operation failed.
    #[error("I/O error while {context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    pub(crate) fn db(kind: DbErrorKind, detail: impl Into<String>) -> Self {
        StoreError::Db {
            kind,
            detail: detail.into(),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }

    /// A copy for fanning one batch failure out to every caller of the batch (io::Error is not
    /// Clone, so an I/O error is rebuilt from its kind and text).
    pub fn duplicate(&self) -> StoreError {
        match self {
            StoreError::Db { kind, detail } => StoreError::Db {
                kind: *kind,
                detail: detail.clone(),
            },
            StoreError::Decode(d) => StoreError::Decode(d.clone()),
            StoreError::NotFound => StoreError::NotFound,
            StoreError::Closed(w) => StoreError::Closed(w),
            StoreError::Internal(s) => StoreError::Internal(s.clone()),
            StoreError::Config(s) => StoreError::Config(s.clone()),
            StoreError::Migration(m) => StoreError::Internal(m.to_string()),
            StoreError::Io { context, source } => StoreError::Io {
                context: context.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
        }
    }

    /// The database kind of failure, if this is a database failure.
    pub fn db_kind(&self) -> Option<DbErrorKind> {
        match self {
            StoreError::Db { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// True when re-running the whole transaction may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.db_kind(),
            Some(DbErrorKind::SerializationFailure | DbErrorKind::Busy)
        )
    }

    /// True for a UNIQUE / PRIMARY KEY refusal (e.g. a duplicate code).
    pub fn is_unique_violation(&self) -> bool {
        self.db_kind() == Some(DbErrorKind::UniqueViolation)
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Db { kind, .. } => match kind {
                DbErrorKind::UniqueViolation => "store.conflict",
                DbErrorKind::ForeignKeyViolation | DbErrorKind::ConstraintViolation => {
                    "store.constraint"
                }
                DbErrorKind::SerializationFailure | DbErrorKind::Busy => "store.busy",
                DbErrorKind::Connection => "store.unavailable",
                DbErrorKind::Other => "store.internal",
            },
            StoreError::Decode(_) | StoreError::Internal(_) => "store.internal",
            StoreError::NotFound => "store.not_found",
            StoreError::Closed(_) => "store.closed",
            StoreError::Config(_) => "store.config",
            StoreError::Migration(e) => e.code(),
            StoreError::Io { .. } => "store.io",
        }
    }

    /// A sentence for a Vietnamese reader. Never contains SQL or paths.
    pub fn message_vi(&self) -> String {
        match self.code() {
            "store.conflict" => "Dữ liệu này đã tồn tại.".into(),
            "store.constraint" => "Dữ liệu không hợp lệ nên không thể lưu.".into(),
            "store.busy" => "Hệ thống đang bận, vui lòng thử lại sau giây lát.".into(),
            "store.unavailable" => "Không kết nối được cơ sở dữ liệu, vui lòng thử lại sau.".into(),
            "store.not_found" => "Không tìm thấy dữ liệu yêu cầu.".into(),
            "store.closed" => "Hệ thống đang dừng, vui lòng thử lại sau.".into(),
            "store.config" => "Cấu hình lưu trữ không hợp lệ.".into(),
            "store.io" => "Lỗi đọc/ghi tệp trên máy chủ.".into(),
            _ => match self {
                StoreError::Migration(e) => e.message_vi(),
                _ => "Lỗi nội bộ khi lưu trữ dữ liệu.".into(),
            },
        }
    }

    /// A sentence for an English reader. Never contains SQL or paths.
    pub fn message_en(&self) -> String {
        match self.code() {
            "store.conflict" => "This record already exists.".into(),
            "store.constraint" => "The data is not valid and could not be saved.".into(),
            "store.busy" => "The system is busy; please try again in a moment.".into(),
            "store.unavailable" => "The database cannot be reached; please try again later.".into(),
            "store.not_found" => "The requested record was not found.".into(),
            "store.closed" => "The system is shutting down; please try again later.".into(),
            "store.config" => "The storage configuration is not valid.".into(),
            "store.io" => "A file could not be read or written on the server.".into(),
            _ => match self {
                StoreError::Migration(e) => e.message_en(),
                _ => "Internal storage error.".into(),
            },
        }
    }
}
