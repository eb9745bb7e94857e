use motcua_store::sql::Value;
use motcua_store::{DbErrorKind, Dialect, StoreError, conformance_test, params};

use crate::ddl;

fn scratch(t: &motcua_store::testing::TestDb) -> Box<dyn motcua_store::Conn> {
    let mut c = t.connect();
    let sql = ddl(
        c.dialect(),
        "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, flag INTEGER) STRICT",
        "CREATE TABLE t (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT, b BYTEA, flag BIGINT)",
    );
    c.execute_batch(&sql).unwrap();
    c
}

conformance_test!(values_round_trip, |t| {
    let mut c = scratch(&t);
    let cases: Vec<Vec<Value>> = vec![
        params![
            1i64,
            i64::MAX,
            0.1f64,
            "Hồ sơ đã tiếp nhận — ✓",
            vec![0u8, 1, 255],
            true
        ],
        params![2i64, i64::MIN, -1e300f64, "", Vec::<u8>::new(), false],
        params![
            3i64,
            None::<i64>,
            None::<f64>,
            None::<String>,
            None::<Vec<u8>>,
            None::<bool>
        ],
        params![
            4i64,
            -1i64,
            1.5f64,
            "'; DROP TABLE t; --",
            vec![0u8; 4096],
            true
        ],
    ];
    for p in &cases {
        let n = c
            .execute(
                "INSERT INTO t (id, i, r, s, b, flag) VALUES ($1, $2, $3, $4, $5, $6)",
                p,
            )
            .unwrap();
        assert_eq!(n, 1);
    }
    let rows = c
        .query("SELECT id, i, r, s, b, flag FROM t ORDER BY id", &[])
        .unwrap();
    assert_eq!(rows.len(), cases.len());
    for (row, want) in rows.iter().zip(&cases) {
        assert_eq!(row.values(), &want[..]);
    }
    let r = &rows[0];
    assert_eq!(r.get_i64("i").unwrap(), i64::MAX);
    assert_eq!(r.get_f64("r").unwrap(), 0.1);
    assert_eq!(r.get_str("s").unwrap(), "Hồ sơ đã tiếp nhận — ✓");
    assert_eq!(r.get_blob("b").unwrap(), vec![0, 1, 255]);
    assert!(r.get_bool("flag").unwrap());
    assert_eq!(rows[2].get_opt_i64("i").unwrap(), None);
    assert_eq!(rows[2].get_opt_bool("flag").unwrap(), None);
    // Column names are matched case-insensitively on both backends.
    assert_eq!(r.get_i64("ID").unwrap(), 1);
});

conformance_test!(typed_errors_are_clear, |t| {
    let mut c = scratch(&t);
    c.execute("INSERT INTO t (id, s) VALUES ($1, $2)", &params![1i64, "x"])
        .unwrap();
    let row = c.query_one("SELECT id, s, i FROM t", &[]).unwrap();
    let e = row.get_i64("s").unwrap_err().to_string();
    assert!(e.contains("`s`") && e.contains("integer"), "{e}");
    let e = row.get_i64("i").unwrap_err().to_string();
    assert!(e.contains("NULL"), "{e}");
    assert!(matches!(
        c.query_one("SELECT id FROM t WHERE id = $1", &params![9i64]),
        Err(StoreError::NotFound)
    ));
    assert!(
        c.query_opt("SELECT id FROM t WHERE id = $1", &params![9i64])
            .unwrap()
            .is_none()
    );
});

conformance_test!(constraint_errors_are_classified, |t| {
    let mut c = scratch(&t);
    c.execute("INSERT INTO t (id) VALUES ($1)", &params![1i64])
        .unwrap();
    let e = c
        .execute("INSERT INTO t (id) VALUES ($1)", &params![1i64])
        .unwrap_err();
    assert!(e.is_unique_violation(), "{e}");
    assert_eq!(e.code(), "store.conflict");
    // The SQL stays in the log text but never in what a person reads.
    assert!(e.to_string().contains("INSERT INTO t"));
    assert!(!e.message_vi().contains("INSERT") && !e.message_en().contains("INSERT"));
    c.execute_batch(&ddl(
        c.dialect(),
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t(id)) STRICT",
        "CREATE TABLE child (id BIGINT PRIMARY KEY, parent BIGINT NOT NULL REFERENCES t(id))",
    ))
    .unwrap();
    let e = c
        .execute(
            "INSERT INTO child (id, parent) VALUES (1, $1)",
            &params![42i64],
        )
        .unwrap_err();
    assert_eq!(e.db_kind(), Some(DbErrorKind::ForeignKeyViolation), "{e}");
    let e = c
        .execute("INSERT INTO child (id, parent) VALUES (2, NULL)", &[])
        .unwrap_err();
    assert_eq!(e.db_kind(), Some(DbErrorKind::ConstraintViolation), "{e}");
});

conformance_test!(aggregates_cast_to_bigint, |t| {
    let mut c = scratch(&t);
    for i in 1..=3i64 {
        c.execute("INSERT INTO t (id, i) VALUES ($1, $2)", &params![i, i * 10])
            .unwrap();
    }
    let r = c
        .query_one(
            "SELECT CAST(sum(i) AS BIGINT) AS total, count(*) AS n FROM t",
            &[],
        )
        .unwrap();
    assert_eq!(r.get_i64("total").unwrap(), 60);
    assert_eq!(r.get_i64("n").unwrap(), 3);
    if c.dialect() == Dialect::Postgres {
        // Without the cast PostgreSQL returns NUMERIC; the error says what to do.
        let e = c
            .query_one("SELECT sum(i) AS total FROM t", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("numeric") && e.contains("CAST"), "{e}");
    }
});

conformance_test!(transactions_and_savepoints, |t| {
    let mut c = scratch(&t);
    c.begin().unwrap();
    c.execute("INSERT INTO t (id) VALUES (1)", &[]).unwrap();
    c.savepoint("sp").unwrap();
    c.execute("INSERT INTO t (id) VALUES (2)", &[]).unwrap();
    c.rollback_to("sp").unwrap();
    c.savepoint("sp").unwrap();
    // A failed statement inside a savepoint is recoverable on both backends.
    assert!(c.execute("INSERT INTO t (id) VALUES (1)", &[]).is_err());
    c.rollback_to("sp").unwrap();
    c.savepoint("sp").unwrap();
    c.execute("INSERT INTO t (id) VALUES (3)", &[]).unwrap();
    c.release("sp").unwrap();
    c.commit().unwrap();
    c.begin().unwrap();
    c.execute("INSERT INTO t (id) VALUES (4)", &[]).unwrap();
    c.rollback().unwrap();
    let ids: Vec<i64> = c
        .query("SELECT id FROM t ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get_i64(0).unwrap())
        .collect();
    assert_eq!(ids, vec![1, 3]);
});

conformance_test!(placeholders_inside_literals_are_data, |t| {
    let mut c = scratch(&t);
    c.execute(
        "INSERT INTO t (id, s) VALUES ($1, '$2 is literal')",
        &params![1i64],
    )
    .unwrap();
    let r = c
        .query_one(
            "SELECT s FROM t WHERE id = $1 AND s <> '$1'",
            &params![1i64],
        )
        .unwrap();
    assert_eq!(r.get_text(0).unwrap(), "$2 is literal");
});

#[test]
fn postgres_binds_to_narrow_and_bool_columns() {
    let Some(t) = motcua_store::testing::TestDb::postgres_from_env() else {
        return;
    };
    let mut c = t.connect();
    c.execute_batch(
        "CREATE TABLE n (a INTEGER, b SMALLINT, c BOOLEAN, d REAL, e JSONB, f VARCHAR(10))",
    )
    .unwrap();
    c.execute(
        "INSERT INTO n VALUES ($1, $2, $3, $4, $5, $6)",
        &params![7i64, 3i64, true, 1.5f64, r#"{"k": 1}"#, "vừa"],
    )
    .unwrap();
    let r = c.query_one("SELECT a, b, c, d, e, f FROM n", &[]).unwrap();
    assert_eq!(r.get_i64("a").unwrap(), 7);
    assert_eq!(r.get_i64("b").unwrap(), 3);
    assert!(r.get_bool("c").unwrap());
    assert_eq!(r.get_f64("d").unwrap(), 1.5);
    assert_eq!(r.get_text("e").unwrap(), r#"{"k": 1}"#);
    assert_eq!(r.get_text("f").unwrap(), "vừa");
    let e = c
        .execute("INSERT INTO n (a) VALUES ($1)", &params![i64::MAX])
        .unwrap_err();
    assert!(e.to_string().contains("parameter"), "{e}");
    let e = c
        .execute("INSERT INTO n (f) VALUES ($1)", &params![5i64])
        .unwrap_err();
    assert!(e.to_string().contains("cannot bind"), "{e}");
}
