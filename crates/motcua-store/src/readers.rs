//! The reader pool: N std threads, each owning one read connection.
//!
//! Reads never go through the writer. On SQLite the connections are read-only and, in WAL mode,
//! see the last committed state without blocking the writer; on PostgreSQL they are ordinary
//! sessions. Jobs arrive over one bounded channel shared by the threads (the receiver sits behind
//! a mutex: an idle thread waits on the channel while the others wait for their turn on it).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use crate::error::{Result, StoreError};
use crate::sql::watch::{Mode, Watch};
use crate::sql::{Conn, Database};

type ReadJob = Box<dyn FnOnce(&mut dyn Conn) + Send>;

/// A pool of reader threads. Dropping it stops them after the queued jobs.
pub struct Readers {
    tx: Mutex<Option<mpsc::Sender<ReadJob>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    size: usize,
}

impl Readers {
    /// The default pool size: one connection per CPU, at least two.
    pub fn default_size() -> usize {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .max(2)
    }

    /// Starts `size` reader threads, each opening its own connection (on its own thread, since
    /// PostgreSQL clients must not be created inside an async runtime). Fails if any cannot
    /// connect.
    pub fn open(db: &Database, size: usize) -> Result<Readers> {
        let size = size.max(1);
        let (tx, rx) = mpsc::channel::<ReadJob>(size * 1024);
        let rx = Arc::new(Mutex::new(rx));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let mut threads = Vec::with_capacity(size);
        for i in 0..size {
            let (db, rx, ready) = (db.clone(), rx.clone(), ready_tx.clone());
            let t = std::thread::Builder::new()
                .name(format!("motcua-reader-{i}"))
                .spawn(move || match db.connect_read() {
                    Ok(conn) => {
                        let _ = ready.send(Ok(()));
                        worker(conn, db, rx);
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                    }
                })
                .map_err(|e| StoreError::io("spawning a reader thread", e))?;
            threads.push(t);
        }
        drop(ready_tx);
        let pool = Readers {
            tx: Mutex::new(Some(tx)),
            threads: Mutex::new(threads),
            size,
        };
        for _ in 0..size {
            match ready_rx.recv() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(e), // dropping `pool` stops the threads that did start
                Err(_) => return Err(StoreError::Closed("reader pool")),
            }
        }
        Ok(pool)
    }

    pub fn size(&self) -> usize {
        self.size
    }

    fn sender(&self) -> Result<mpsc::Sender<ReadJob>> {
        self.tx
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(StoreError::Closed("reader pool"))
    }

    fn wrap<T, E, F>(f: F) -> (ReadJob, oneshot::Receiver<Result<T, E>>)
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let job: ReadJob = Box::new(move |conn: &mut dyn Conn| {
            let r = catch_unwind(AssertUnwindSafe(|| f(conn))).unwrap_or_else(|_| {
                tracing::error!("reader job panicked");
                Err(E::from(StoreError::Internal("reader job panicked".into())))
            });
            let _ = reply.send(r);
        });
        (job, rx)
    }

    /// Runs `f` on some reader connection and returns its result.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let (job, rx) = Self::wrap(f);
        let tx = self.sender()?;
        tx.send(job)
            .await
            .map_err(|_| StoreError::Closed("reader pool"))?;
        drop(tx);
        rx.await.map_err(|_| StoreError::Closed("reader pool"))?
    }

    /// `run` for threads outside any async runtime. Panics inside an async task.
    pub fn run_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let (job, rx) = Self::wrap(f);
        self.sender()?
            .blocking_send(job)
            .map_err(|_| StoreError::Closed("reader pool"))?;
        rx.blocking_recv()
            .map_err(|_| StoreError::Closed("reader pool"))?
    }

    /// Stops accepting jobs, finishes the queued ones, joins the threads. Idempotent.
    pub fn shutdown(&self) {
        drop(self.tx.lock().unwrap_or_else(|p| p.into_inner()).take());
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(|p| p.into_inner()));
        for t in threads {
            let _ = t.join();
        }
    }
}

impl Drop for Readers {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn worker(mut conn: Box<dyn Conn>, db: Database, rx: Arc<Mutex<mpsc::Receiver<ReadJob>>>) {
    loop {
        let job = {
            let mut guard = rx.lock().unwrap_or_else(|p| p.into_inner());
            guard.blocking_recv()
        };
        let Some(job) = job else { break };
        let mut watch = Watch::new(&mut *conn, Mode::Reader);
        job(&mut watch);
        let (broken, open) = (watch.broken(), watch.left_transaction_open());
        if open && !broken {
            // A job that returned early from inside a read transaction must not leave the
            // next job on an old snapshot.
            let _ = conn.rollback();
        }
        if broken {
            match db.connect_read() {
                Ok(c) => {
                    tracing::warn!("reader reconnected to the database");
                    conn = c;
                }
                Err(e) => {
                    tracing::error!(error = %e, "reader could not reconnect; will retry after the next job")
                }
            }
        }
    }
}
