//! Benchmarks (a), (b) and the writer half of (d): durable submission-shaped writes.
//!
//!     cargo run --release -p motcua-store --example store_bench -- [ROWS] [ROUNDS] [DIR]
//!
//! (a) raw rusqlite: WAL, synchronous=FULL, batches of 256 (a dossier row + an event row per
//!     item) in one transaction each: the limit submissions/s is compared against;
//! (b) the same with the raw `postgres` client (when MOTCUA_TEST_DATABASE_URL is set);
//! (d) the store's `Writer` doing the same work through jobs: savepoint per job, the event
//!     appended to the real hash chain, answers after commit; producers keep jobs in flight.

#[path = "support/shape.rs"]
mod shape;

use std::sync::Arc;
use std::time::Instant;

use motcua_store::chain::{self, NewEvent};
use motcua_store::migrate::migrate;
use motcua_store::testing::TestDb;
use motcua_store::writer::{Writer, WriterConfig};
use motcua_store::{Conn, Database, Dialect, StoreError, Value};

const BATCH: usize = 256;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: i64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(50_000);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(4);
    let dir = std::path::PathBuf::from(
        args.get(3)
            .cloned()
            .unwrap_or_else(|| "target/bench-store".into()),
    );
    println!(
        "{rows} submissions per run (a ~500-byte dossier row + an event row each), {rounds} rounds"
    );
    println!("(runs alternate, order rotating, so both see the same disk and CPU conditions)");
    let mut secs = [0.0f64; 2];
    for round in 0..rounds {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for k in 0..2 {
            let i = (k + round) % 2;
            let rate = if i == 0 {
                raw_sqlite(&dir.join("raw.db"), rows)
            } else {
                writer(&Database::sqlite(dir.join("writer.db")).unwrap(), rows)
            };
            println!(
                "  round {} {}: {rate:.0} rows/s",
                round + 1,
                ["(a) raw SQLite", "(d) Writer on SQLite"][i]
            );
            secs[i] += rows as f64 / rate;
        }
    }
    let total = (rows as usize * rounds) as f64;
    let (raw, w) = (total / secs[0], total / secs[1]);
    println!("(a) raw SQLite, batches of {BATCH}, WAL, synchronous=FULL: {raw:.0} rows/s");
    println!(
        "(d) store Writer on SQLite (savepoint per job + hash chain): {w:.0} rows/s = {:.0}% of (a)",
        100.0 * w / raw
    );

    match std::env::var(motcua_store::testing::PG_ENV) {
        Ok(url) => {
            let pg_rows = rows.min(20_000);
            let mut secs = [0.0f64; 2];
            for round in 0..rounds.min(2) {
                for k in 0..2 {
                    let i = (k + round) % 2;
                    let t = TestDb::postgres(&url);
                    let rate = if i == 0 {
                        raw_postgres(&t.db, pg_rows)
                    } else {
                        writer(&t.db, pg_rows)
                    };
                    println!(
                        "  round {} {}: {rate:.0} rows/s",
                        round + 1,
                        ["(b) raw PostgreSQL", "(d) Writer on PostgreSQL"][i]
                    );
                    secs[i] += pg_rows as f64 / rate;
                }
            }
            let total = (pg_rows as usize * rounds.min(2)) as f64;
            let (raw, w) = (total / secs[0], total / secs[1]);
            println!("(b) raw PostgreSQL, batches of {BATCH}: {raw:.0} rows/s");
            println!(
                "(d) store Writer on PostgreSQL: {w:.0} rows/s = {:.0}% of (b)",
                100.0 * w / raw
            );
        }
        Err(_) => println!(
            "(b) skipped: set {} to measure PostgreSQL",
            motcua_store::testing::PG_ENV
        ),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn raw_sqlite(path: &std::path::Path, rows: i64) -> f64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    c.execute_batch("PRAGMA synchronous=FULL;").unwrap();
    c.execute_batch(shape::DDL_SQLITE).unwrap();
    let ins_d = shape::INSERT_DOSSIER.replace('$', "?");
    let ins_e = "INSERT INTO bench_events (seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    let start = Instant::now();
    let mut i = 0;
    while i < rows {
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        for _ in 0..BATCH.min((rows - i) as usize) {
            i += 1;
            let d = shape::dossier(i);
            c.prepare_cached(&ins_d)
                .unwrap()
                .execute(rusqlite::params![
                    i,
                    d[0],
                    d[1],
                    d[2],
                    d[3],
                    d[4],
                    d[5],
                    d[6],
                    d[7],
                    i,
                    i + 1,
                    shape::form(i)
                ])
                .unwrap();
            let payload = chain::canonical_json(&shape::event_payload(i));
            let h = format!("{:064x}", i);
            c.prepare_cached(ins_e)
                .unwrap()
                .execute(rusqlite::params![
                    i,
                    i,
                    "citizen-1",
                    "citizen",
                    d[1],
                    d[0],
                    "submitted",
                    payload,
                    h,
                    h
                ])
                .unwrap();
        }
        c.execute_batch("COMMIT").unwrap();
    }
    rows as f64 / start.elapsed().as_secs_f64()
}

fn raw_postgres(db: &Database, rows: i64) -> f64 {
    let config = db.postgres_config().unwrap().clone();
    motcua_store::testing::off_runtime(move || {
        let mut c = config.connect(postgres::NoTls).unwrap();
        c.batch_execute(shape::DDL_POSTGRES).unwrap();
        let ins_d = c.prepare(shape::INSERT_DOSSIER).unwrap();
        let ins_e = c
            .prepare("INSERT INTO bench_events (seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .unwrap();
        let start = Instant::now();
        let mut i = 0;
        while i < rows {
            let mut tx = c.transaction().unwrap();
            for _ in 0..BATCH.min((rows - i) as usize) {
                i += 1;
                let d = shape::dossier(i);
                let f = shape::form(i);
                tx.execute(
                    &ins_d,
                    &[
                        &i,
                        &d[0],
                        &d[1],
                        &d[2],
                        &d[3],
                        &d[4],
                        &d[5],
                        &d[6],
                        &d[7],
                        &i,
                        &(i + 1),
                        &f,
                    ],
                )
                .unwrap();
                let payload = chain::canonical_json(&shape::event_payload(i));
                let h = format!("{:064x}", i);
                tx.execute(
                    &ins_e,
                    &[
                        &i,
                        &i,
                        &"citizen-1",
                        &"citizen",
                        &d[1],
                        &d[0],
                        &"submitted",
                        &payload,
                        &h,
                        &h,
                    ],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        }
        rows as f64 / start.elapsed().as_secs_f64()
    })
}

fn submission(i: i64) -> impl FnMut(&mut dyn Conn) -> Result<i64, StoreError> + Send + 'static {
    move |c: &mut dyn Conn| {
        let d = shape::dossier(i);
        let mut p: Vec<Value> = vec![i.into()];
        p.extend(d.iter().map(|s| Value::from(s.as_str())));
        p.extend([Value::Int(i), Value::Int(i + 1), shape::form(i).into()]);
        c.execute(shape::INSERT_DOSSIER, &p)?;
        let e = NewEvent {
            at_ms: i,
            actor_id: "citizen-1".into(),
            actor_role: "citizen".into(),
            unit_id: d[1].clone(),
            dossier_id: Some(d[0].clone()),
            kind: "submitted".into(),
            payload: shape::event_payload(i),
        };
        Ok(chain::append(c, &e)?.seq)
    }
}

fn writer(db: &Database, rows: i64) -> f64 {
    let db2 = db.clone();
    motcua_store::testing::off_runtime(move || {
        let mut c = db2.connect().unwrap();
        migrate(&mut *c).unwrap();
        let ddl = if c.dialect() == Dialect::Sqlite {
            shape::DDL_SQLITE
        } else {
            shape::DDL_POSTGRES
        };
        c.execute_batch(ddl).unwrap();
    });
    let w = Arc::new(
        Writer::open(
            db,
            WriterConfig {
                max_batch: BATCH,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let producers: i64 = std::env::var("BENCH_PRODUCERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let start = Instant::now();
    let threads: Vec<_> = (0..producers)
        .map(|p| {
            let w = w.clone();
            std::thread::spawn(move || {
                // Keep up to 1024 jobs in flight per producer, like many concurrent requests.
                let mut inflight = std::collections::VecDeque::new();
                for i in (1..=rows).filter(|i| i % producers == p) {
                    inflight.push_back(w.submit(submission(i)).unwrap());
                    if inflight.len() >= 1024 {
                        inflight
                            .pop_front()
                            .unwrap()
                            .blocking_recv()
                            .unwrap()
                            .unwrap();
                    }
                }
                for rx in inflight {
                    rx.blocking_recv().unwrap().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let rate = rows as f64 / start.elapsed().as_secs_f64();
    let s = w.stats();
    println!(
        "    writer: {} batches, mean batch {:.0} jobs, mean commit (fsync) {:.2} ms",
        s.batches,
        s.batch_size.mean(),
        s.commit_seconds.mean() * 1e3
    );
    w.shutdown();
    let db3 = db.clone();
    let verified = motcua_store::testing::off_runtime(move || {
        let mut c = db3.connect().unwrap();
        chain::verify(&mut *c).unwrap().events
    });
    assert_eq!(verified as i64, rows);
    rate
}
