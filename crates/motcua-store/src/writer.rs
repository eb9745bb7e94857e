//! The single writer with group commit.
//!
//! One std thread owns the write connection. Callers send jobs over a bounded channel; the
//! thread blocks for the first job, drains up to `max_batch - 1` more without waiting, opens one
//! transaction, runs each job inside a SAVEPOINT (a failing job is rolled back alone), runs the
//! batch hook, COMMITs once and only then answers every caller. One fsync thus acknowledges a
//! whole batch: that is what turns ~400 durable commits/s into tens of thousands.
//!
//! Jobs are `FnMut`, not `FnOnce`, because on PostgreSQL a batch that loses a serialization race
//! (SQLSTATE 40001/40P01) is rolled back and re-run whole; a job must therefore be safe to run
//! again from scratch (it is: its previous effects were rolled back with the transaction).

mod job;
mod run;

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use crate::error::{Result, StoreError};
use crate::metrics::{BATCH_SIZE_BOUNDS, Histogram, LATENCY_BOUNDS};
use crate::sql::{Conn, Database};
use job::{ErasedJob, Job};
use run::Loop;

/// Tuning of the writer.
#[derive(Debug, Clone)]
pub struct WriterConfig {
    /// Most jobs in one transaction.
    pub max_batch: usize,
    /// Jobs that may wait in the channel before senders are made to wait (back-pressure).
    pub queue_capacity: usize,
    /// How many times a batch is re-run after a serialization failure before giving up.
    pub max_retries: u32,
    /// How jobs are isolated from each other inside a batch.
    pub savepoints: SavepointMode,
}

impl Default for WriterConfig {
    fn default() -> Self {
        WriterConfig {
            max_batch: 256,
            queue_capacity: 8192,
            max_retries: 10,
            savepoints: SavepointMode::Auto,
        }
    }
}

/// How a failing job is kept from sinking its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavepointMode {
    /// `PerJob` on SQLite (a savepoint is an in-process call), `Optimistic` on PostgreSQL
    /// (where SAVEPOINT and RELEASE are two network round trips per job).
    Auto,
    /// Every job runs inside its own SAVEPOINT.
    PerJob,
    /// Jobs run without savepoints; if one fails, the batch is rolled back and re-run with
    /// savepoints (the failing job then fails alone). After such a re-run the next few batches
    /// use savepoints directly, so a stream of failing requests costs little.
    Optimistic,
}

/// What the hook learns about the batch it runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchInfo {
    /// Jobs in the batch.
    pub jobs: usize,
    /// Jobs whose effects will be committed.
    pub succeeded: usize,
    /// 1 for the first run, 2+ for re-runs (serialization failure, optimistic batch with a
    /// failing job).
    pub attempt: u32,
}

/// Runs once per batch inside its transaction, after the jobs and before COMMIT (e.g. to write
/// an anchor or aggregate rows). An error rolls back the whole batch: no caller is acknowledged.
pub trait BatchHook: Send + 'static {
    fn before_commit(&mut self, conn: &mut dyn Conn, batch: &BatchInfo) -> Result<()>;

    /// After the outcome is known, before callers are answered.
    fn after_commit(&mut self, _batch: &BatchInfo, _committed: bool) {}
}

struct NoHook;

impl BatchHook for NoHook {
    fn before_commit(&mut self, _: &mut dyn Conn, _: &BatchInfo) -> Result<()> {
        Ok(())
    }
}

/// A snapshot of the writer's counters (for /metrics).
#[derive(Debug, Clone)]
pub struct WriterStats {
    pub batches: u64,
    pub batches_failed: u64,
    pub jobs: u64,
    pub jobs_failed: u64,
    pub retries: u64,
    /// Jobs per batch.
    pub batch_size: Histogram,
    /// Seconds spent in COMMIT (the fsync).
    pub commit_seconds: Histogram,
    /// Seconds from BEGIN to the answers (the latency a batch adds to each request).
    pub batch_seconds: Histogram,
}

impl Default for WriterStats {
    fn default() -> Self {
        WriterStats {
            batches: 0,
            batches_failed: 0,
            jobs: 0,
            jobs_failed: 0,
            retries: 0,
            batch_size: Histogram::new(BATCH_SIZE_BOUNDS),
            commit_seconds: Histogram::new(LATENCY_BOUNDS),
            batch_seconds: Histogram::new(LATENCY_BOUNDS),
        }
    }
}

type Sender = mpsc::Sender<Box<dyn ErasedJob>>;

/// Handle to the writer thread. Dropping it shuts the writer down (draining the queue).
pub struct Writer {
    tx: Mutex<Option<Sender>>,
    capacity: usize,
    thread: Mutex<Option<JoinHandle<()>>>,
    stats: Arc<Mutex<WriterStats>>,
}

impl Writer {
    /// Starts a writer whose thread opens its own connection (PostgreSQL clients must be
    /// created off any async runtime). Reconnects after the connection breaks.
    pub fn open(db: &Database, config: WriterConfig) -> Result<Writer> {
        Self::open_with_hook(db, config, NoHook)
    }

    pub fn open_with_hook(
        db: &Database,
        config: WriterConfig,
        hook: impl BatchHook,
    ) -> Result<Writer> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let db2 = db.clone();
        let w = Self::spawn(config, Box::new(hook), move || {
            let r = db2.connect();
            let conn = match r {
                Ok(c) => {
                    let _ = ready_tx.send(Ok(()));
                    c
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return None;
                }
            };
            Some((conn, Some(db2)))
        });
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(w),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(StoreError::Closed("writer")),
        }
    }

    /// Starts a writer on a connection opened by the caller (no reconnection).
    pub fn with_conn(
        conn: Box<dyn Conn>,
        config: WriterConfig,
        hook: Option<Box<dyn BatchHook>>,
    ) -> Writer {
        Self::spawn(
            config,
            hook.unwrap_or_else(|| Box::new(NoHook)),
            move || Some((conn, None)),
        )
    }

    fn spawn(
        config: WriterConfig,
        hook: Box<dyn BatchHook>,
        connect: impl FnOnce() -> Option<(Box<dyn Conn>, Option<Database>)> + Send + 'static,
    ) -> Writer {
        let config = WriterConfig {
            max_batch: config.max_batch.max(1),
            ..config
        };
        let (tx, rx) = mpsc::channel(config.queue_capacity.max(1));
        let stats = Arc::new(Mutex::new(WriterStats::default()));
        let st = stats.clone();
        let capacity = config.queue_capacity.max(1);
        let thread = std::thread::Builder::new()
            .name("motcua-writer".into())
            .spawn(move || {
                if let Some((conn, db)) = connect() {
                    Loop::new(conn, db, rx, config, hook, st).run();
                }
            })
            .expect("spawning the writer thread");
        Writer {
            tx: Mutex::new(Some(tx)),
            capacity,
            thread: Mutex::new(Some(thread)),
            stats,
        }
    }

    fn sender(&self) -> Result<Sender> {
        self.tx
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(StoreError::Closed("writer"))
    }

    /// Runs `job` in the next batch and returns its result once the batch is committed.
    /// `Ok` means the job's writes are durable.
    pub async fn run<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let (job, rx) = Job::boxed(job);
        let tx = self.sender()?;
        tx.send(job)
            .await
            .map_err(|_| StoreError::Closed("writer"))?;
        drop(tx);
        rx.await.map_err(|_| StoreError::Closed("writer"))?
    }

    /// The same as `run` for threads outside any async runtime (CLI, tests, benchmarks).
    /// Panics if called from inside an async task.
    pub fn run_blocking<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let rx = self.submit(job)?;
        rx.blocking_recv()
            .map_err(|_| StoreError::Closed("writer"))?
    }

    /// Queues `job` (waiting for room, blocking) and returns the receiver of its answer.
    /// Lets one thread keep many jobs in flight (benchmarks, bulk imports).
    pub fn submit<T, E, F>(&self, job: F) -> Result<oneshot::Receiver<Result<T, E>>>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let (job, rx) = Job::boxed(job);
        self.sender()?
            .blocking_send(job)
            .map_err(|_| StoreError::Closed("writer"))?;
        Ok(rx)
    }

    pub fn stats(&self) -> WriterStats {
        self.stats.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Jobs waiting in the channel right now.
    pub fn queue_depth(&self) -> usize {
        match &*self.tx.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(tx) => self.capacity - tx.capacity(),
            None => 0,
        }
    }

    /// Stops accepting jobs, lets the thread finish the batch in flight and every job already
    /// queued, then closes the connection. Blocks until done; idempotent.
    pub fn shutdown(&self) {
        drop(self.tx.lock().unwrap_or_else(|p| p.into_inner()).take());
        if let Some(t) = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = t.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.shutdown();
    }
}
