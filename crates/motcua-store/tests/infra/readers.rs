use std::sync::Arc;

use motcua_store::readers::Readers;
use motcua_store::writer::{Writer, WriterConfig};
use motcua_store::{Conn, StoreError, conformance_test, params};

conformance_test!(readers_see_committed_writes, |t| {
    let mut c = t.migrated();
    c.execute_batch(&crate::ddl(
        c.dialect(),
        "CREATE TABLE r (id INTEGER PRIMARY KEY) STRICT",
        "CREATE TABLE r (id BIGINT PRIMARY KEY)",
    ))
    .unwrap();
    drop(c);
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    let readers = Arc::new(Readers::open(&t.db, 3).unwrap());
    assert_eq!(readers.size(), 3);
    for i in 0..10i64 {
        w.run_blocking(move |c: &mut dyn Conn| {
            c.execute("INSERT INTO r (id) VALUES ($1)", &params![i])
        })
        .unwrap();
        let n = readers
            .run_blocking(|c: &mut dyn Conn| c.query_one("SELECT count(*) FROM r", &[])?.get_i64(0))
            .unwrap();
        assert_eq!(n, i + 1, "a reader sees every acknowledged write");
    }
    // Readers cannot write.
    let e = readers
        .run_blocking(|c: &mut dyn Conn| c.begin())
        .unwrap_err();
    assert_eq!(e.code(), "store.internal");
    // Read transactions give one snapshot, and a job that leaves one open does not leak it.
    readers
        .run_blocking(|c: &mut dyn Conn| c.begin_read())
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let r2 = readers.clone();
    let sums = rt.block_on(async move {
        let mut out = Vec::new();
        for _ in 0..20 {
            out.push(
                r2.run(|c: &mut dyn Conn| {
                    c.query_one("SELECT CAST(sum(id) AS BIGINT) FROM r", &[])?
                        .get_i64(0)
                })
                .await
                .unwrap(),
            );
        }
        out
    });
    assert!(sums.iter().all(|s| *s == 45));
    let e = readers
        .run_blocking(|_c: &mut dyn Conn| -> Result<(), StoreError> { panic!("reader bug") });
    assert_eq!(e.unwrap_err().code(), "store.internal");
    readers.shutdown();
    let e = readers
        .run_blocking(|c: &mut dyn Conn| c.query("SELECT 1", &[]))
        .unwrap_err();
    assert!(matches!(e, StoreError::Closed(_)));
});
