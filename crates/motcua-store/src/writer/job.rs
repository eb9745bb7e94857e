//! Type erasure for writer jobs, and the connection wrapper that spots retryable failures.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tokio::sync::oneshot;

use crate::error::{Result, StoreError};
use crate::sql::Conn;

/// A job as the writer thread sees it, whatever its result type.
pub(super) trait ErasedJob: Send {
    /// Runs the job; true if its effects should be kept.
    fn run(&mut self, conn: &mut dyn Conn) -> bool;
    /// Forgets the outcome of a run that was rolled back (before a re-run).
    fn reset(&mut self);
    /// Sends the answer: the job's own outcome if the batch committed, else the batch's error.
    fn answer(self: Box<Self>, batch_error: Option<StoreError>);
}

pub(super) struct Job<T, E, F> {
    f: F,
    outcome: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Job<T, E, F>
where
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
    F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
{
    pub(super) fn boxed(f: F) -> (Box<dyn ErasedJob>, oneshot::Receiver<Result<T, E>>) {
        let (reply, rx) = oneshot::channel();
        (
            Box::new(Job {
                f,
                outcome: None,
                reply,
            }),
            rx,
        )
    }
}

impl<T, E, F> ErasedJob for Job<T, E, F>
where
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
    F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
{
    fn run(&mut self, conn: &mut dyn Conn) -> bool {
        // A panicking job must not take the writer (and every later request) down with it.
        let r = match catch_unwind(AssertUnwindSafe(|| (self.f)(conn))) {
            Ok(r) => r,
            Err(p) => {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(panic = %msg, "writer job panicked; rolled back");
                Err(E::from(StoreError::Internal(format!(
                    "writer job panicked: {msg}"
                ))))
            }
        };
        let ok = r.is_ok();
        self.outcome = Some(r);
        ok
    }

    fn reset(&mut self) {
        self.outcome = None;
    }

    fn answer(self: Box<Self>, batch_error: Option<StoreError>) {
        let msg = match (batch_error, self.outcome) {
            (None, Some(r)) => r,
            // The job failed on its own; that failure stands whatever happened to the batch.
            (Some(_), Some(Err(own))) => Err(own),
            (Some(e), _) => Err(E::from(e)),
            (None, None) => Err(E::from(StoreError::Internal("job was never run".into()))),
        };
        // The caller may have given up (timeout, disconnect); nothing to do then.
        let _ = self.reply.send(msg);
    }
}
