//! The SQLite backend (rusqlite, bundled SQLite).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

use super::{Conn, Dialect, Row, Value, rewrite_placeholders};
use crate::error::{DbErrorKind, Result, StoreError};

/// How long a connection waits for another process's lock before giving up with `Busy`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Enough for every distinct statement the store issues, so none is re-prepared.
const STATEMENT_CACHE: usize = 512;

pub struct SqliteConn {
    conn: Connection,
    /// `$N` → `?N` rewrites, done once per distinct SQL text.
    rewritten: HashMap<String, Arc<str>>,
}

impl SqliteConn {
    /// Opens the database for writing, creating it, and sets the durability pragmas:
    /// WAL so readers never block the writer, `synchronous=FULL` so a committed transaction
    /// is on disk when COMMIT returns (WAL's default NORMAL may lose the last commits on power
    /// loss, which would break "an acknowledged write is on disk").
    pub fn open_write(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| map_err(e, "open"))?;
        let mut c = Self::wrap(conn)?;
        let mode: String = c
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| map_err(e, "PRAGMA journal_mode=WAL"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Config(format!(
                "SQLite refused WAL mode (got {mode})"
            )));
        }
        // temp_store=MEMORY keeps each SAVEPOINT's sub-journal in memory: the writer opens one
        // savepoint per job, and a sub-journal on disk costs a pwrite per page touched (the
        // commit itself is what must reach the disk, and does, with synchronous=FULL).
        c.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;",
        )?;
        Ok(c)
    }

    /// Opens a read-only connection. In WAL mode it reads a consistent snapshot without ever
    /// blocking (or being blocked by) the writer. The database must already exist.
    pub fn open_read(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| map_err(e, "open"))?;
        let mut c = Self::wrap(conn)?;
        c.execute_batch("PRAGMA query_only=ON;")?;
        Ok(c)
    }

    fn wrap(conn: Connection) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| map_err(e, "busy_timeout"))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(SqliteConn {
            conn,
            rewritten: HashMap::new(),
        })
    }

    fn sql(&mut self, sql: &str) -> Arc<str> {
        if let Some(s) = self.rewritten.get(sql) {
            return s.clone();
        }
        let s: Arc<str> = rewrite_placeholders(sql).into();
        self.rewritten.insert(sql.to_owned(), s.clone());
        s
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn from_ref(v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(
            String::from_utf8(t.to_vec())
                .map_err(|_| StoreError::db(DbErrorKind::Other, "stored text is not UTF-8"))?,
        ),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    })
}

/// Keeps the SQL in the detail (for logs) and classifies the failure for callers.
fn map_err(e: rusqlite::Error, sql: &str) -> StoreError {
    use rusqlite::ffi;
    let kind = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            rusqlite::ErrorCode::ConstraintViolation => match f.extended_code {
                ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    DbErrorKind::UniqueViolation
                }
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => DbErrorKind::ForeignKeyViolation,
                _ => DbErrorKind::ConstraintViolation,
            },
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                DbErrorKind::Busy
            }
            rusqlite::ErrorCode::CannotOpen => DbErrorKind::Connection,
            _ => DbErrorKind::Other,
        },
        _ => DbErrorKind::Other,
    };
    StoreError::db(kind, format!("{e}; sql: {sql}"))
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let q = self.sql(sql);
        let mut stmt = self.conn.prepare_cached(&q).map_err(|e| map_err(e, sql))?;
        let n = stmt
            .execute(rusqlite::params_from_iter(params))
            .map_err(|e| map_err(e, sql))?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let q = self.sql(sql);
        let mut stmt = self.conn.prepare_cached(&q).map_err(|e| map_err(e, sql))?;
        let columns: Arc<[String]> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let n = columns.len();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(|e| map_err(e, sql))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| map_err(e, sql))? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(from_ref(r.get_ref(i).map_err(|e| map_err(e, sql))?)?);
            }
            out.push(Row::new(columns.clone(), values));
        }
        Ok(out)
    }

    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(|e| map_err(e, sql))
    }

    fn begin(&mut self) -> Result<()> {
        self.execute_batch("BEGIN IMMEDIATE")
    }

    fn begin_read(&mut self) -> Result<()> {
        self.execute_batch("BEGIN")
    }

    // The writer opens and releases one savepoint per job: cached statements instead of
    // re-parsing the text every time (measurable at tens of thousands of jobs per second).
    fn savepoint(&mut self, name: &str) -> Result<()> {
        self.cached_control("SAVEPOINT", name)
    }

    fn release(&mut self, name: &str) -> Result<()> {
        self.cached_control("RELEASE SAVEPOINT", name)
    }

    fn rollback_to(&mut self, name: &str) -> Result<()> {
        self.cached_control("ROLLBACK TO SAVEPOINT", name)?;
        self.cached_control("RELEASE SAVEPOINT", name)
    }
}

impl SqliteConn {
    fn cached_control(&mut self, verb: &str, name: &str) -> Result<()> {
        debug_assert!(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        );
        let sql = format!("{verb} {name}");
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .map_err(|e| map_err(e, &sql))?;
        stmt.raw_execute().map_err(|e| map_err(e, &sql))?;
        Ok(())
    }
}
