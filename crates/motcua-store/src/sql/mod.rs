//! A small portable SQL interface so the store logic is written once for both backends.
//!
//! SQL is written with `$1, $2, …` placeholders and the portable subset described in
//! docs/STORAGE.md; each backend adapts it (SQLite rewrites placeholders to `?N`). Both
//! implementations cache prepared statements, so call sites just pass string literals.

mod database;
mod placeholders;
mod postgres;
mod row;
mod sqlite;
mod value;
pub(crate) mod watch;

pub use database::Database;
pub use placeholders::rewrite_placeholders;
pub use row::{ColumnIndex, Row};
pub use value::Value;

use crate::error::{Result, StoreError};

/// Which SQL dialect a connection speaks, for the rare statement that must differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// One synchronous database connection.
///
/// Connections are used from dedicated std threads (the writer, the readers, the CLI),
/// never from inside async tasks: the PostgreSQL client runs its own small runtime.
pub trait Conn: Send {
    fn dialect(&self) -> Dialect;

    /// Runs one statement and returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;

    /// Runs one query and returns all rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;

    /// Runs several statements without parameters (DDL, migrations). Not cached.
    fn execute_batch(&mut self, sql: &str) -> Result<()>;

    /// Runs a query expected to return at most one row.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        let mut rows = self.query(sql, params)?;
        match rows.len() {
            0 => Ok(None),
            1 => Ok(rows.pop()),
            n => Err(StoreError::db(
                crate::error::DbErrorKind::Other,
                format!("expected at most one row, got {n}; sql: {sql}"),
            )),
        }
    }

    /// Runs a query expected to return exactly one row (`NotFound` otherwise).
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?.ok_or(StoreError::NotFound)
    }

    /// Starts a write transaction (SQLite: `BEGIN IMMEDIATE`, taking the write lock now so a
    /// batch never fails half-way with SQLITE_BUSY on lock upgrade).
    fn begin(&mut self) -> Result<()>;

    /// Starts a read-only transaction that sees one consistent snapshot (SQLite: deferred
    /// `BEGIN`; PostgreSQL: `REPEATABLE READ, READ ONLY`).
    fn begin_read(&mut self) -> Result<()>;

    fn commit(&mut self) -> Result<()> {
        self.execute_batch("COMMIT")
    }

    fn rollback(&mut self) -> Result<()> {
        self.execute_batch("ROLLBACK")
    }

    /// Opens a savepoint; `name` must be a plain identifier chosen by our code.
    fn savepoint(&mut self, name: &str) -> Result<()> {
        debug_assert!(is_identifier(name));
        self.execute_batch(&format!("SAVEPOINT {name}"))
    }

    fn release(&mut self, name: &str) -> Result<()> {
        debug_assert!(is_identifier(name));
        self.execute_batch(&format!("RELEASE SAVEPOINT {name}"))
    }

    fn rollback_to(&mut self, name: &str) -> Result<()> {
        debug_assert!(is_identifier(name));
        // SQLite keeps the savepoint on the stack after ROLLBACK TO; PostgreSQL too. Release
        // it so the caller's nesting stays balanced either way.
        self.execute_batch(&format!(
            "ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"
        ))
    }

    /// The writer's per-batch state; `None` outside a writer job.
    fn batch_state(&mut self) -> Option<&mut BatchState> {
        None
    }
}

/// State the writer keeps for the length of one batch transaction, reachable by jobs through
/// `Conn::batch_state`. It follows savepoints: what a rolled-back job changed here is undone.
///
/// Today it caches the event-chain head, so a batch reads the head once (locking it on
/// PostgreSQL) and writes it once before COMMIT instead of twice per event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchState {
    /// (seq, hash) of the last event appended in this transaction, if any.
    pub(crate) chain_head: Option<(i64, String)>,
    /// True when `chain_head` is ahead of the `chain_head` row.
    pub(crate) chain_dirty: bool,
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Lets code hold `Box<dyn Conn>` and still pass `&mut dyn Conn` around.
impl<C: Conn + ?Sized> Conn for Box<C> {
    fn dialect(&self) -> Dialect {
        (**self).dialect()
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        (**self).execute(sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        (**self).query(sql, params)
    }
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        (**self).execute_batch(sql)
    }
    fn begin(&mut self) -> Result<()> {
        (**self).begin()
    }
    fn begin_read(&mut self) -> Result<()> {
        (**self).begin_read()
    }
    fn commit(&mut self) -> Result<()> {
        (**self).commit()
    }
    fn rollback(&mut self) -> Result<()> {
        (**self).rollback()
    }
    fn savepoint(&mut self, name: &str) -> Result<()> {
        (**self).savepoint(name)
    }
    fn release(&mut self, name: &str) -> Result<()> {
        (**self).release(name)
    }
    fn rollback_to(&mut self, name: &str) -> Result<()> {
        (**self).rollback_to(name)
    }
    fn batch_state(&mut self) -> Option<&mut BatchState> {
        (**self).batch_state()
    }
}
