//! A connection wrapper handed to jobs (writer and readers): it remembers what the pool needs
//! to know after the job, whatever error type the job mapped failures into.

use super::{Conn, Dialect, Row, Value};
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
}

impl<'a> Watch<'a> {
    pub(crate) fn new(inner: &'a mut dyn Conn, mode: Mode) -> Self {
        Watch {
            inner,
            mode,
            retryable: None,
            broken: false,
            open_tx: false,
        }
    }

    /// The first serialization failure / busy error a statement hit, if any.
    pub(crate) fn take_retryable(&mut self) -> Option<StoreError> {
        self.retryable.take()
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
        let r = self.inner.execute(sql, params);
        self.see(r)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let r = self.inner.query(sql, params);
        self.see(r)
    }
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
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
        let r = self.inner.savepoint(name);
        self.see(r)
    }
    fn release(&mut self, name: &str) -> Result<()> {
        let r = self.inner.release(name);
        self.see(r)
    }
    fn rollback_to(&mut self, name: &str) -> Result<()> {
        let r = self.inner.rollback_to(name);
        self.see(r)
    }
}
