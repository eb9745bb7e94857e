//! Schema migrations: one folder per backend, embedded at build time (see build.rs).
//!
//! Each applied migration is recorded with a SHA-256 of its text. If a file that was already
//! applied changes, the program refuses to start: the database would no longer match what the
//! code believes, and silently diverging schemas between nodes are worse than a clear stop.

use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::sql::{Conn, Dialect, Value};

/// One embedded migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

impl Migration {
    pub fn checksum(&self) -> String {
        hex::encode(Sha256::digest(self.sql.as_bytes()))
    }
}

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The embedded migrations for a backend, in version order.
pub fn migrations(dialect: Dialect) -> &'static [Migration] {
    match dialect {
        Dialect::Sqlite => SQLITE,
        Dialect::Postgres => POSTGRES,
    }
}

/// Why the program must not start.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error(
        "migration {version} ({name}) was changed after it was applied (checksum {applied} in the database, {embedded} now)"
    )]
    ChecksumMismatch {
        version: i64,
        name: String,
        applied: String,
        embedded: String,
    },
    #[error(
        "the database has migration {version} ({name}) that this program does not know; it is older than the database"
    )]
    UnknownApplied { version: i64, name: String },
    #[error("migration {version} ({name}) failed: {detail}")]
    Failed {
        version: i64,
        name: String,
        detail: String,
    },
}

impl MigrationError {
    pub fn code(&self) -> &'static str {
        match self {
            MigrationError::ChecksumMismatch { .. } => "store.migration.changed",
            MigrationError::UnknownApplied { .. } => "store.migration.unknown",
            MigrationError::Failed { .. } => "store.migration.failed",
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            MigrationError::ChecksumMismatch { version, .. } => format!(
                "Bản nâng cấp cơ sở dữ liệu số {version} đã bị sửa sau khi áp dụng; chương trình dừng để tránh sai lệch dữ liệu."
            ),
            MigrationError::UnknownApplied { version, .. } => format!(
                "Cơ sở dữ liệu có bản nâng cấp số {version} mới hơn chương trình này; hãy dùng phiên bản chương trình mới hơn."
            ),
            MigrationError::Failed { version, .. } => {
                format!("Không áp dụng được bản nâng cấp cơ sở dữ liệu số {version}.")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            MigrationError::ChecksumMismatch { version, .. } => format!(
                "Database migration {version} was modified after it was applied; stopping to avoid diverging data."
            ),
            MigrationError::UnknownApplied { version, .. } => format!(
                "The database has migration {version}, newer than this program; use a newer version of the program."
            ),
            MigrationError::Failed { version, .. } => {
                format!("Database migration {version} could not be applied.")
            }
        }
    }
}

/// What `migrate` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationReport {
    /// Versions applied by this call, in order.
    pub applied: Vec<i64>,
    /// Versions that were already there.
    pub already: Vec<i64>,
}

/// Applies the embedded migrations for the connection's backend.
pub fn migrate(conn: &mut dyn Conn) -> Result<MigrationReport> {
    let list = migrations(conn.dialect());
    migrate_with(conn, list)
}

/// Arbitrary key for the PostgreSQL advisory lock that serialises concurrent starts of
/// several app nodes (ASCII "motcua" as a number).
const PG_LOCK_KEY: i64 = 0x6d6f_7463_7561;

/// Applies `list` (sorted by version): checks every applied checksum first, then runs each
/// pending migration in its own transaction together with its `schema_migrations` row.
pub fn migrate_with(conn: &mut dyn Conn, list: &[Migration]) -> Result<MigrationReport> {
    if conn.dialect() == Dialect::Postgres {
        conn.query("SELECT pg_advisory_lock($1)", &[Value::Int(PG_LOCK_KEY)])?;
        let r = run(conn, list);
        let unlock = conn.query("SELECT pg_advisory_unlock($1)", &[Value::Int(PG_LOCK_KEY)]);
        let report = r?;
        unlock?;
        Ok(report)
    } else {
        run(conn, list)
    }
}

fn run(conn: &mut dyn Conn, list: &[Migration]) -> Result<MigrationReport> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at_ms BIGINT NOT NULL
        )",
    )?;
    let applied = conn.query(
        "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
        &[],
    )?;
    let mut report = MigrationReport::default();
    for row in &applied {
        let version = row.get_i64("version")?;
        let name = row.get_text("name")?;
        let Some(m) = list.iter().find(|m| m.version == version) else {
            return Err(MigrationError::UnknownApplied { version, name }.into());
        };
        let checksum = row.get_text("checksum")?;
        if checksum != m.checksum() {
            return Err(MigrationError::ChecksumMismatch {
                version,
                name,
                applied: checksum,
                embedded: m.checksum(),
            }
            .into());
        }
        report.already.push(version);
    }
    for m in list.iter().filter(|m| !report.already.contains(&m.version)) {
        apply(conn, m).map_err(|e| match e {
            StoreError::Migration(_) => e,
            other => {
                tracing::error!(version = m.version, name = m.name, error = %other, "migration failed");
                MigrationError::Failed {
                    version: m.version,
                    name: m.name.into(),
                    detail: other.to_string(),
                }
                .into()
            }
        })?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        report.applied.push(m.version);
    }
    Ok(report)
}

fn apply(conn: &mut dyn Conn, m: &Migration) -> Result<()> {
    conn.begin()?;
    let r = (|| {
        conn.execute_batch(m.sql)?;
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at_ms) VALUES ($1, $2, $3, $4)",
            &[m.version.into(), m.name.into(), m.checksum().into(), now_ms().into()],
        )?;
        Ok(())
    })();
    match r {
        Ok(()) => conn.commit(),
        Err(e) => {
            let _ = conn.rollback();
            Err(e)
        }
    }
}

/// Wall-clock milliseconds, only for bookkeeping columns the law does not depend on.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
