//! A connection wrapper handed to jobs (writer and readers): it remembers what the pool needs
//! to know after the job, whatever error type the job mapped failures into.

use super::{BatchState, Conn, Dialect, Row, Value};
use crate::error::{DbErrorKind, Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Inside the writer's batch transaction: the job must not control the transaction.
    WriterJob,
    /// A reader job: it may open a read transaction; the pool closes it if the job did not.
    Reader,
}

pub(crate) struct Watch<'a> {
    inner: &'a mut dyn Conn,
    mode: Mode,
    retryable: Option<StoreError>,
    broken: bool,
    open_tx: bool,
    /// The writer's batch state, with a snapshot per savepoint the job opened itself.
    state: Option<&'a mut BatchState>,
    savepoints: Vec<(String, BatchState)>,
    /// Whether the job may have changed anything, and whether any statement failed (which
    /// leaves a PostgreSQL transaction unusable until rolled back).
    wrote: bool,
    failed: bool,
}

impl<'a> Watch<'a> {
    pub(crate) fn new(inner: &'a mut dyn Conn, mode: Mode) -> Self {
        Watch {
            inner,
            mode,
            retryable: None,
            broken: false,
            open_tx: false,
            state: None,
            savepoints: Vec::new(),
            wrote: false,
            failed: false,
        }
    }

    /// A writer job's view, with the batch state it may use and must see undone on rollback.
    pub(crate) fn for_job(inner: &'a mut dyn Conn, state: &'a mut BatchState) -> Self {
        let mut w = Self::new(inner, Mode::WriterJob);
        w.state = Some(state);
        w
    }

    /// The first serialization failure / busy error a statement hit, if any.
    pub(crate) fn take_retryable(&mut self) -> Option<StoreError> {
        self.retryable.take()
    }

    /// True if the job left nothing to undo: it wrote nothing and no statement failed. Such a
    /// failing job needs no rollback, even without a savepoint.
    pub(crate) fn untouched(&self) -> bool {
        !self.wrote && !self.failed
    }

    /// True if a statement failed because the connection is gone.
    pub(crate) fn broken(&self) -> bool {
        self.broken
    }

    /// True if the job began a read transaction and did not end it.
    pub(crate) fn left_transaction_open(&self) -> bool {
        self.open_tx
    }

    fn see<T>(&mut self, r: Result<T>) -> Result<T> {
        if let Err(e) = &r {
            self.failed = true;
            if e.is_retryable() && self.retryable.is_none() {
                self.retryable = Some(e.duplicate());
            }
            if e.db_kind() == Some(DbErrorKind::Connection) {
                self.broken = true;
            }
        }
        r
    }

    fn refuse(&self, what: &str) -> Result<()> {
        Err(StoreError::Internal(format!(
            "a writer job must not {what}: it runs inside the batch transaction (use a savepoint)"
        )))
    }
}

impl Conn for Watch<'_> {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.wrote = true;
        let r = self.inner.execute(sql, params);
        self.see(r)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        // A query may write (INSERT … RETURNING); only a plain SELECT surely does not.
        let head = sql.trim_start().get(..6).unwrap_or("");
        self.wrote |= !head.eq_ignore_ascii_case("select");
        let r = self.inner.query(sql, params);
        self.see(r)
    }
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.wrote = true;
        let r = self.inner.execute_batch(sql);
        self.see(r)
    }
    fn begin(&mut self) -> Result<()> {
        match self.mode {
            Mode::WriterJob => self.refuse("begin a transaction"),
            Mode::Reader => Err(StoreError::Internal(
                "reader connections are read-only".into(),
            )),
        }
    }
    fn begin_read(&mut self) -> Result<()> {
        if self.mode == Mode::WriterJob {
            return self.refuse("begin a transaction");
        }
        let r = self.inner.begin_read();
        self.open_tx |= r.is_ok();
        self.see(r)
    }
    fn commit(&mut self) -> Result<()> {
        if self.mode == Mode::WriterJob {
            return self.refuse("commit");
        }
        self.open_tx = false;
        let r = self.inner.commit();
        self.see(r)
    }
    fn rollback(&mut self) -> Result<()> {
        if self.mode == Mode::WriterJob {
            return self.refuse("roll back");
        }
        self.open_tx = false;
        let r = self.inner.rollback();
        self.see(r)
    }
    fn savepoint(&mut self, name: &str) -> Result<()> {
        self.wrote = true;
        let r = self.inner.savepoint(name);
        if r.is_ok()
            && let Some(s) = &self.state
        {
            self.savepoints.push((name.to_owned(), (*s).clone()));
        }
        self.see(r)
    }
    fn release(&mut self, name: &str) -> Result<()> {
        let r = self.inner.release(name);
        if r.is_ok() {
            self.pop_to(name);
        }
        self.see(r)
    }
    fn rollback_to(&mut self, name: &str) -> Result<()> {
        let r = self.inner.rollback_to(name);
        if r.is_ok()
            && let Some(saved) = self.pop_to(name)
            && let Some(s) = self.state.as_deref_mut()
        {
            *s = saved;
        }
        self.see(r)
    }
    fn batch_state(&mut self) -> Option<&mut BatchState> {
        self.state.as_deref_mut()
    }
}

impl Watch<'_> {
    /// Drops the snapshots of `name` and of the savepoints opened after it (SQL semantics of
    /// RELEASE and of our ROLLBACK TO + RELEASE); returns the snapshot taken at `name`.
    fn pop_to(&mut self, name: &str) -> Option<BatchState> {
        let i = self.savepoints.iter().rposition(|(n, _)| n == name)?;
        self.savepoints.truncate(i + 1);
        self.savepoints.pop().map(|(_, s)| s)
    }
}
