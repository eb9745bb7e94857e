//! The writer thread: batching, savepoints (or optimistic batches), re-runs, COMMIT, answers.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::job::ErasedJob;
use super::{BatchHook, BatchInfo, SavepointMode, WriterConfig, WriterStats};
use crate::error::{DbErrorKind, Result, StoreError};
use crate::sql::watch::Watch;
use crate::sql::{BatchState, Conn, Database, Dialect};

/// Savepoint name around each job; jobs never see each other's, so one name suffices.
const SP: &str = "motcua_job";

/// After an optimistic batch had to be re-run, this many batches use savepoints directly.
const SAFE_BATCHES_AFTER_FAILURE: u32 = 16;

/// The writer thread's state.
pub(super) struct Loop {
    conn: Box<dyn Conn>,
    db: Option<Database>,
    rx: mpsc::Receiver<Box<dyn ErasedJob>>,
    config: WriterConfig,
    hook: Box<dyn BatchHook>,
    stats: Arc<Mutex<WriterStats>>,
    state: BatchState,
    /// Batches left to run with savepoints before trying optimistic mode again.
    safe_batches: u32,
}

/// Why an attempt stopped early.
enum Stop {
    /// A database error for the whole batch (maybe retryable).
    Failed(StoreError),
    /// Optimistic mode: a job failed; re-run the batch with savepoints.
    JobFailed,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Failed(e)
    }
}

struct Attempt {
    succeeded: usize,
    commit: Option<Duration>,
}

impl Loop {
    pub(super) fn new(
        conn: Box<dyn Conn>,
        db: Option<Database>,
        rx: mpsc::Receiver<Box<dyn ErasedJob>>,
        config: WriterConfig,
        hook: Box<dyn BatchHook>,
        stats: Arc<Mutex<WriterStats>>,
    ) -> Self {
        let state = BatchState::default();
        Loop {
            conn,
            db,
            rx,
            config,
            hook,
            stats,
            state,
            safe_batches: 0,
        }
    }

    pub(super) fn run(mut self) {
        let mut batch: Vec<Box<dyn ErasedJob>> = Vec::with_capacity(self.config.max_batch);
        // `blocking_recv` returns None only when every sender is gone *and* the queue is
        // empty: that is the graceful drain on shutdown.
        while let Some(first) = self.rx.blocking_recv() {
            batch.push(first);
            while batch.len() < self.config.max_batch {
                match self.rx.try_recv() {
                    Ok(j) => batch.push(j),
                    Err(_) => break,
                }
            }
            let r = catch_unwind(AssertUnwindSafe(|| self.process(&mut batch)));
            if r.is_err() {
                // A panic outside the jobs (in the hook, say): dropping the jobs drops their
                // reply senders, so their callers get an error, never a false acknowledgement.
                tracing::error!("writer batch panicked; batch abandoned");
                let _ = self.conn.rollback();
                batch.clear();
            }
        }
        tracing::debug!("writer stopped");
    }

    fn optimistic(&self) -> bool {
        let mode = match self.config.savepoints {
            SavepointMode::Auto if self.conn.dialect() == Dialect::Postgres => {
                SavepointMode::Optimistic
            }
            SavepointMode::Auto => SavepointMode::PerJob,
            m => m,
        };
        mode == SavepointMode::Optimistic && self.safe_batches == 0
    }

    fn process(&mut self, batch: &mut Vec<Box<dyn ErasedJob>>) {
        let started = Instant::now();
        let mut attempt = 1;
        let mut savepoints = !self.optimistic();
        self.safe_batches = self.safe_batches.saturating_sub(1);
        let outcome = loop {
            match self.attempt(batch, attempt, savepoints) {
                Err(Stop::JobFailed) => {
                    savepoints = true;
                    self.safe_batches = SAFE_BATCHES_AFTER_FAILURE;
                }
                Err(Stop::Failed(e)) if e.is_retryable() && attempt <= self.config.max_retries => {
                    tracing::debug!(attempt, error = %e, "batch lost a serialization race; re-running");
                    self.stats.lock().unwrap_or_else(|p| p.into_inner()).retries += 1;
                    std::thread::sleep(Duration::from_millis(1 << attempt.min(7)));
                }
                Err(Stop::Failed(e)) => break Err(e),
                Ok(a) => break Ok(a),
            }
            batch.iter_mut().for_each(|j| j.reset());
            attempt += 1;
        };
        let info = BatchInfo {
            jobs: batch.len(),
            succeeded: outcome.as_ref().map_or(0, |o| o.succeeded),
            attempt,
        };
        self.hook.after_commit(&info, outcome.is_ok());
        let reconnect = self.record(batch.len(), &outcome);
        let batch_error = outcome.err();
        if let Some(e) = &batch_error {
            // Full detail (with SQL) for operators; callers get the localized error.
            tracing::error!(jobs = batch.len(), error = %e, "writer batch failed; nothing acknowledged");
        }
        for job in batch.drain(..) {
            job.answer(batch_error.as_ref().map(StoreError::duplicate));
        }
        self.stats
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .batch_seconds
            .observe_duration(started.elapsed());
        if reconnect {
            self.reconnect();
        }
    }

    /// Updates the counters; true if the connection looks broken.
    fn record(&self, jobs: usize, outcome: &Result<Attempt>) -> bool {
        let mut s = self.stats.lock().unwrap_or_else(|p| p.into_inner());
        s.batches += 1;
        s.jobs += jobs as u64;
        s.batch_size.observe(jobs as f64);
        match outcome {
            Ok(o) => {
                s.jobs_failed += (jobs - o.succeeded) as u64;
                if let Some(c) = o.commit {
                    s.commit_seconds.observe_duration(c);
                }
                false
            }
            Err(e) => {
                s.batches_failed += 1;
                s.jobs_failed += jobs as u64;
                e.db_kind() == Some(DbErrorKind::Connection)
            }
        }
    }

    fn reconnect(&mut self) {
        let Some(db) = &self.db else { return };
        match db.connect() {
            Ok(c) => {
                tracing::warn!("writer reconnected to the database");
                self.conn = c;
            }
            Err(e) => {
                tracing::error!(error = %e, "writer could not reconnect; will retry on the next batch")
            }
        }
    }

    /// One run of the batch: BEGIN, jobs, chain head, hook, COMMIT.
    fn attempt(
        &mut self,
        batch: &mut [Box<dyn ErasedJob>],
        attempt: u32,
        savepoints: bool,
    ) -> Result<Attempt, Stop> {
        self.state = BatchState::default();
        self.conn.begin()?;
        let r = self.body(batch, attempt, savepoints);
        if r.is_err() {
            // After a failed COMMIT PostgreSQL has already ended the transaction; the
            // ROLLBACK is then a harmless no-op warning.
            let _ = self.conn.rollback();
        }
        r
    }

    fn body(
        &mut self,
        batch: &mut [Box<dyn ErasedJob>],
        attempt: u32,
        savepoints: bool,
    ) -> Result<Attempt, Stop> {
        let mut succeeded = 0;
        for job in batch.iter_mut() {
            if savepoints {
                self.conn.savepoint(SP)?;
            }
            let before = savepoints.then(|| self.state.clone());
            let mut watch = Watch::for_job(&mut *self.conn, &mut self.state);
            let ok = job.run(&mut watch);
            if let Some(e) = watch.take_retryable() {
                return Err(e.into());
            }
            let untouched = watch.untouched();
            match (ok, before) {
                (true, _) => {
                    if savepoints {
                        self.conn.release(SP)?;
                    }
                    succeeded += 1;
                }
                (false, Some(before)) => {
                    self.conn.rollback_to(SP)?;
                    self.state = before;
                }
                // A job that refused before writing anything (a validation error, say) fails
                // alone even without a savepoint.
                (false, None) if untouched => {}
                (false, None) => return Err(Stop::JobFailed),
            }
        }
        if succeeded == 0 {
            // Nothing to keep: skip the fsync.
            self.conn.rollback()?;
            return Ok(Attempt {
                succeeded,
                commit: None,
            });
        }
        crate::chain::flush_head(&mut *self.conn, &mut self.state)?;
        let info = BatchInfo {
            jobs: batch.len(),
            succeeded,
            attempt,
        };
        self.hook.before_commit(&mut *self.conn, &info)?;
        let t = Instant::now();
        self.conn.commit()?;
        Ok(Attempt {
            succeeded,
            commit: Some(t.elapsed()),
        })
    }
}
