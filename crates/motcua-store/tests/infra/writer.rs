use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

use motcua_store::writer::{BatchHook, BatchInfo, SavepointMode, Writer, WriterConfig};
use motcua_store::{Conn, Database, StoreError, conformance_test, params};

fn setup(t: &motcua_store::testing::TestDb) {
    let mut c = t.migrated();
    c.execute_batch(&crate::ddl(
        c.dialect(),
        "CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT",
        "CREATE TABLE w (id BIGINT PRIMARY KEY, v TEXT NOT NULL)",
    ))
    .unwrap();
}

fn count(db: &Database) -> i64 {
    let db = db.clone();
    motcua_store::testing::off_runtime(move || {
        let mut c = db.connect_read().unwrap();
        c.query_one("SELECT count(*) FROM w", &[])
            .unwrap()
            .get_i64(0)
            .unwrap()
    })
}

fn insert(id: i64) -> impl FnMut(&mut dyn Conn) -> Result<i64, StoreError> + Send + 'static {
    move |c: &mut dyn Conn| {
        c.execute(
            "INSERT INTO w (id, v) VALUES ($1, $2)",
            &params![id, format!("row {id}")],
        )?;
        Ok(id)
    }
}

/// A first job that holds the writer until released, so the next jobs queue up and are
/// drained into one batch.
fn gate(
    w: &Writer,
) -> (
    mpsc::Sender<()>,
    tokio::sync::oneshot::Receiver<Result<(), StoreError>>,
) {
    let (release, wait) = mpsc::channel::<()>();
    let (started_tx, started) = mpsc::channel::<()>();
    let wait = std::sync::Mutex::new(Some(wait));
    let rx = w
        .submit(move |_c: &mut dyn Conn| {
            // Only the first run waits: a re-run batch runs every job again. Bounded waits
            // everywhere: a failing test must fail, never hang in Writer::drop.
            if let Some(wait) = wait.lock().unwrap().take() {
                let _ = started_tx.send(());
                let _ = wait.recv_timeout(LIMIT);
            }
            Ok::<(), StoreError>(())
        })
        .unwrap();
    started.recv_timeout(LIMIT).expect("gate job started");
    (release, rx)
}

fn failing_jobs_scenario(t: &motcua_store::testing::TestDb, savepoints: SavepointMode) {
    setup(t);
    let config = WriterConfig {
        savepoints,
        ..Default::default()
    };
    let w = Writer::open(&t.db, config).unwrap();
    let (release, g) = gate(&w);
    let ok1 = w.submit(insert(1)).unwrap();
    let bad = w
        .submit(|c: &mut dyn Conn| {
            c.execute("INSERT INTO w (id, v) VALUES (2, 'doomed')", &[])?;
            // Violates the primary key: the whole job, including row 2, is rolled back.
            c.execute("INSERT INTO w (id, v) VALUES (1, 'dup')", &[])?;
            Ok::<i64, StoreError>(2)
        })
        .unwrap();
    let refused = w
        .submit(|c: &mut dyn Conn| {
            c.query("SELECT count(*) FROM w", &[])?;
            Err::<i64, _>(StoreError::Internal("refused before writing".into()))
        })
        .unwrap();
    let panics = w
        .submit(|_c: &mut dyn Conn| -> Result<i64, StoreError> { panic!("job bug") })
        .unwrap();
    let ok3 = w.submit(insert(3)).unwrap();
    release.send(()).unwrap();
    g.blocking_recv().unwrap().unwrap();
    assert_eq!(ok1.blocking_recv().unwrap().unwrap(), 1);
    assert!(
        bad.blocking_recv()
            .unwrap()
            .unwrap_err()
            .is_unique_violation()
    );
    assert_eq!(
        refused.blocking_recv().unwrap().unwrap_err().code(),
        "store.internal"
    );
    assert_eq!(
        panics.blocking_recv().unwrap().unwrap_err().code(),
        "store.internal"
    );
    assert_eq!(ok3.blocking_recv().unwrap().unwrap(), 3);
    assert_eq!(count(&t.db), 2);
    let s = w.stats();
    assert_eq!((s.batches, s.jobs, s.jobs_failed), (2, 6, 3));
    assert_eq!(s.batch_size.counts.iter().sum::<u64>(), 2);
    assert_eq!(s.commit_seconds.count, 2);
}

conformance_test!(a_failing_job_does_not_sink_its_batch, |t| {
    failing_jobs_scenario(&t, SavepointMode::PerJob);
});

conformance_test!(a_failing_job_does_not_sink_an_optimistic_batch, |t| {
    failing_jobs_scenario(&t, SavepointMode::Optimistic);
});

struct Pause {
    entered: mpsc::Sender<()>,
    proceed: mpsc::Receiver<()>,
    fail: bool,
}

impl BatchHook for Pause {
    fn before_commit(&mut self, _c: &mut dyn Conn, b: &BatchInfo) -> motcua_store::Result<()> {
        assert!(b.succeeded >= 1);
        let _ = self.entered.send(());
        let _ = self.proceed.recv_timeout(LIMIT);
        if self.fail {
            return Err(StoreError::Internal("hook refused".into()));
        }
        Ok(())
    }
}

conformance_test!(answers_come_only_after_commit, |t| {
    setup(&t);
    let (entered_tx, entered) = mpsc::channel();
    let (proceed, proceed_rx) = mpsc::channel();
    let hook = Pause {
        entered: entered_tx,
        proceed: proceed_rx,
        fail: false,
    };
    let w = Writer::open_with_hook(&t.db, WriterConfig::default(), hook).unwrap();
    let mut rx = w.submit(insert(1)).unwrap();
    entered.recv_timeout(LIMIT).expect("hook entered");
    // The job has run, but the batch is not committed: no answer yet, nothing visible.
    assert!(rx.try_recv().is_err());
    assert_eq!(count(&t.db), 0);
    proceed.send(()).unwrap();
    assert_eq!(rx.blocking_recv().unwrap().unwrap(), 1);
    assert_eq!(count(&t.db), 1);
});

conformance_test!(a_failed_commit_acknowledges_nobody, |t| {
    setup(&t);
    let (entered_tx, entered) = mpsc::channel();
    let (proceed, proceed_rx) = mpsc::channel();
    let hook = Pause {
        entered: entered_tx,
        proceed: proceed_rx,
        fail: true,
    };
    let w = Writer::open_with_hook(&t.db, WriterConfig::default(), hook).unwrap();
    let (release, g) = gate(&w);
    let a = w.submit(insert(1)).unwrap();
    let b = w.submit(insert(2)).unwrap();
    release.send(()).unwrap();
    entered.recv_timeout(LIMIT).expect("hook entered"); // the gate's own batch
    proceed.send(()).unwrap();
    entered.recv_timeout(LIMIT).expect("hook entered"); // the batch of a and b
    proceed.send(()).unwrap();
    assert!(g.blocking_recv().unwrap().is_err());
    assert!(a.blocking_recv().unwrap().is_err());
    assert!(b.blocking_recv().unwrap().is_err());
    assert_eq!(count(&t.db), 0);
    assert_eq!(w.stats().batches_failed, 2);
});

conformance_test!(
    a_deferred_constraint_failing_at_commit_fails_the_batch,
    |t| {
        setup(&t);
        let mut c = t.connect();
        c.execute_batch(&crate::ddl(
            c.dialect(),
            "CREATE TABLE p (id INTEGER PRIMARY KEY) STRICT;
         CREATE TABLE k (id INTEGER PRIMARY KEY, p INTEGER NOT NULL
            REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED) STRICT;",
            "CREATE TABLE p (id BIGINT PRIMARY KEY);
         CREATE TABLE k (id BIGINT PRIMARY KEY, p BIGINT NOT NULL
            REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);",
        ))
        .unwrap();
        drop(c);
        let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
        let (release, g) = gate(&w);
        let good = w.submit(insert(1)).unwrap();
        // Accepted by the statement, refused by COMMIT: this is a real commit failure.
        let orphan = w
            .submit(|c: &mut dyn Conn| {
                c.execute("INSERT INTO k (id, p) VALUES (1, 99)", &[])
                    .map(|_| 0i64)
            })
            .unwrap();
        release.send(()).unwrap();
        g.blocking_recv().unwrap().unwrap();
        assert!(good.blocking_recv().unwrap().is_err());
        assert!(orphan.blocking_recv().unwrap().is_err());
        assert_eq!(count(&t.db), 0);
        // The writer is still healthy afterwards.
        assert_eq!(w.run_blocking(insert(5)).unwrap(), 5);
        assert_eq!(count(&t.db), 1);
    }
);

conformance_test!(concurrent_producers, |t| {
    setup(&t);
    let w = Arc::new(
        Writer::open(
            &t.db,
            WriterConfig {
                max_batch: 64,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let threads: Vec<_> = (0..8i64)
        .map(|p| {
            let w = w.clone();
            std::thread::spawn(move || {
                let rxs: Vec<_> = (0..250i64)
                    .map(|i| w.submit(insert(p * 1000 + i)).unwrap())
                    .collect();
                for rx in rxs {
                    rx.blocking_recv().unwrap().unwrap();
                }
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    assert_eq!(count(&t.db), 2000);
    let s = w.stats();
    assert_eq!(s.jobs, 2000);
    assert!(s.batches < 2000, "jobs were grouped: {} batches", s.batches);
    assert!(s.batch_size.cumulative().last().unwrap().1 == s.batches);
});

conformance_test!(async_callers, |t| {
    setup(&t);
    let w = Arc::new(Writer::open(&t.db, WriterConfig::default()).unwrap());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let w2 = w.clone();
    rt.block_on(async move {
        let tasks: Vec<_> = (0..300i64)
            .map(|i| {
                tokio::spawn({
                    let w = w2.clone();
                    async move { w.run(insert(i)).await }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
    });
    assert_eq!(count(&t.db), 300);
});

conformance_test!(shutdown_drains_the_queue, |t| {
    setup(&t);
    let w = Writer::open(
        &t.db,
        WriterConfig {
            max_batch: 16,
            ..Default::default()
        },
    )
    .unwrap();
    let rxs: Vec<_> = (0..500i64).map(|i| w.submit(insert(i)).unwrap()).collect();
    w.shutdown();
    for rx in rxs {
        rx.blocking_recv().unwrap().unwrap();
    }
    assert_eq!(count(&t.db), 500);
    let e = w.run_blocking(insert(999)).unwrap_err();
    assert!(matches!(e, StoreError::Closed("writer")), "{e}");
    assert_eq!(e.code(), "store.closed");
});

/// PostgreSQL only: a batch that hits a serialization failure is re-run whole, once.
#[test]
fn postgres_serialization_failure_reruns_the_batch() {
    let Some(t) = motcua_store::testing::TestDb::postgres_from_env() else {
        return;
    };
    setup(&t);
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    let (release, g) = gate(&w);
    let runs = Arc::new(AtomicU32::new(0));
    let other = w.submit(insert(1)).unwrap();
    let r2 = runs.clone();
    let flaky = w
        .submit(move |c: &mut dyn Conn| {
            if r2.fetch_add(1, Ordering::SeqCst) == 0 {
                c.execute_batch(
                    "DO $$ BEGIN RAISE EXCEPTION 'lost race' USING ERRCODE = '40001'; END $$",
                )?;
            }
            c.execute("INSERT INTO w (id, v) VALUES (2, 'second try')", &[])?;
            Ok::<i64, StoreError>(2)
        })
        .unwrap();
    release.send(()).unwrap();
    g.blocking_recv().unwrap().unwrap();
    assert_eq!(other.blocking_recv().unwrap().unwrap(), 1);
    assert_eq!(flaky.blocking_recv().unwrap().unwrap(), 2);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(count(&t.db), 2);
    assert_eq!(w.stats().retries, 1);
}
