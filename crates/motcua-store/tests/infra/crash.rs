//! SIGKILL during a burst: every write and blob that was acknowledged must survive.
//!
//! The parent re-runs this test binary as a child (`crash_child`), which submits concurrent
//! "submissions" (a blob put, then a writer job inserting a row that references it and appending
//! an event) and prints `ACK <id> <sha256>` after each acknowledgement. The parent kills it with
//! SIGKILL mid-burst, then checks every acknowledged id: row present, blob present with the
//! right bytes, chain intact. (A killed process loses no page cache, so this proves ordering —
//! nothing acknowledged before its commit and its blob — not power-loss durability, which
//! rests on `synchronous=FULL` and the blob sync rounds.)

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;

use bytes::Bytes;
use motcua_store::blob::{BlobStore, LocalBlobStore};
use motcua_store::chain::{self, NewEvent};
use motcua_store::testing::{TestDb, off_runtime};
use motcua_store::writer::{Writer, WriterConfig};
use motcua_store::{Conn, Database, StoreError, params};
use sha2::{Digest, Sha256};

const CHILD_ENV: &str = "MOTCUA_CRASH_CHILD_DB";
const CHILD_BLOBS: &str = "MOTCUA_CRASH_CHILD_BLOBS";

fn content(i: i64) -> Bytes {
    let mut v = vec![(i % 251) as u8; 20_000];
    v[..8].copy_from_slice(&i.to_le_bytes());
    Bytes::from(v)
}

/// The child: runs until killed. Does nothing in a normal test run.
#[test]
fn crash_child() {
    let (Ok(url), Ok(blobs)) = (std::env::var(CHILD_ENV), std::env::var(CHILD_BLOBS)) else {
        return;
    };
    let db = Database::open(&url).unwrap();
    let writer = Arc::new(Writer::open(&db, WriterConfig::default()).unwrap());
    let store = Arc::new(LocalBlobStore::open(&blobs).unwrap());
    let out = Arc::new(std::sync::Mutex::new(std::io::stdout()));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let tasks: Vec<_> = (0..32i64)
            .map(|task| {
                let (writer, store, out) = (writer.clone(), store.clone(), out.clone());
                tokio::spawn(async move {
                    for n in 0.. {
                        let id = task * 1_000_000 + n;
                        let blob = store.put(content(id)).await.unwrap();
                        let sha = blob.sha256.clone();
                        writer
                            .run(move |c: &mut dyn Conn| {
                                c.execute(
                                    "INSERT INTO crash (id, sha256) VALUES ($1, $2)",
                                    &params![id, sha.as_str()],
                                )?;
                                chain::append(
                                    c,
                                    &NewEvent {
                                        at_ms: id,
                                        actor_id: "citizen".into(),
                                        actor_role: "citizen".into(),
                                        unit_id: "H01".into(),
                                        dossier_id: Some(id.to_string()),
                                        kind: "submitted".into(),
                                        payload: serde_json::json!({ "sha256": sha }),
                                    },
                                )?;
                                Ok::<(), StoreError>(())
                            })
                            .await
                            .unwrap();
                        let mut o = out.lock().unwrap();
                        writeln!(o, "ACK {id} {}", blob.sha256).unwrap();
                        o.flush().unwrap();
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    });
}

fn kill_during_burst(t: &TestDb, url: &str) {
    let mut c = t.migrated();
    c.execute_batch(&crate::ddl(
        c.dialect(),
        "CREATE TABLE crash (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL) STRICT",
        "CREATE TABLE crash (id BIGINT PRIMARY KEY, sha256 TEXT NOT NULL)",
    ))
    .unwrap();
    drop(c);
    let blobs = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash::crash_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, url)
        .env(CHILD_BLOBS, blobs.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acked = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while acked.len() < 400 {
        let Some(line) = lines.next() else { break };
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("ACK ") {
            let (id, sha) = rest.split_once(' ').unwrap();
            acked.push((id.parse::<i64>().unwrap(), sha.to_owned()));
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert_eq!(
        acked.len(),
        400,
        "the child acknowledged too little before dying on its own"
    );

    let store = LocalBlobStore::open(blobs.path()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = t.db.clone();
    let acked2 = acked.clone();
    let rows = off_runtime(move || {
        let mut c = db.connect().unwrap();
        let n = chain::verify(&mut *c).unwrap().events;
        let mut found = 0;
        for (id, sha) in &acked2 {
            let r = c
                .query_opt("SELECT sha256 FROM crash WHERE id = $1", &params![*id])
                .unwrap();
            assert_eq!(
                r.map(|r| r.get_text(0).unwrap()).as_deref(),
                Some(sha.as_str()),
                "acknowledged {id} lost"
            );
            found += 1;
        }
        (n, found)
    });
    assert_eq!(rows.1, acked.len());
    assert!(rows.0 >= acked.len() as u64);
    for (id, sha) in &acked {
        let bytes = rt
            .block_on(store.get(sha))
            .unwrap()
            .unwrap_or_else(|| panic!("blob of {id} lost"));
        assert_eq!(&hex::encode(Sha256::digest(&bytes)), sha);
        assert_eq!(bytes, content(*id));
    }
}

#[test]
fn sigkill_during_a_burst_keeps_every_acknowledged_write_sqlite() {
    let t = TestDb::sqlite();
    let path = t.db.sqlite_path().unwrap().to_str().unwrap().to_owned();
    kill_during_burst(&t, &path);
}

#[test]
fn sigkill_during_a_burst_keeps_every_acknowledged_write_postgres() {
    let Some(t) = TestDb::postgres_from_env() else {
        return;
    };
    // The admin URL with the test database's name in place of its own (keeps any password).
    let admin = std::env::var(motcua_store::testing::PG_ENV).unwrap();
    let (base, query) = admin
        .split_once('?')
        .map_or((admin.as_str(), ""), |(b, q)| (b, q));
    let (server, _) = base
        .trim_end_matches('/')
        .rsplit_once('/')
        .expect("URL with a database name");
    let name = t.db.postgres_config().unwrap().get_dbname().unwrap();
    let url = if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    };
    kill_during_burst(&t, &url);
}
