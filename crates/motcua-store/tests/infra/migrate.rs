use motcua_store::migrate::{Migration, MigrationError, migrate, migrate_with, migrations};
use motcua_store::{StoreError, conformance_test};

conformance_test!(migrations_are_idempotent, |t| {
    let mut c = t.connect();
    let all: Vec<i64> = migrations(c.dialect()).iter().map(|m| m.version).collect();
    let first = migrate(&mut *c).unwrap();
    assert_eq!(first.applied, all);
    let second = migrate(&mut *c).unwrap();
    assert!(second.applied.is_empty());
    assert_eq!(second.already, all);
    let r = c
        .query_one("SELECT seq, hash FROM chain_head WHERE id = 1", &[])
        .unwrap();
    assert_eq!(r.get_i64(0).unwrap(), 0);
});

fn base(dialect: motcua_store::Dialect) -> Vec<Migration> {
    migrations(dialect).to_vec()
}

conformance_test!(changed_migration_is_refused, |t| {
    let mut c = t.connect();
    let mut list = base(c.dialect());
    list.push(Migration {
        version: 9001,
        name: "extra",
        sql: "CREATE TABLE extra (id BIGINT PRIMARY KEY)",
    });
    migrate_with(&mut *c, &list).unwrap();
    list.last_mut().unwrap().sql = "CREATE TABLE extra (id BIGINT PRIMARY KEY, x TEXT)";
    let e = migrate_with(&mut *c, &list).unwrap_err();
    assert!(
        matches!(
            &e,
            StoreError::Migration(MigrationError::ChecksumMismatch { version: 9001, .. })
        ),
        "{e}"
    );
    assert_eq!(e.code(), "store.migration.changed");
    assert!(e.message_vi().contains("9001") && e.message_en().contains("9001"));
    // A database ahead of the program is refused too.
    let e = migrate(&mut *c).unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Migration(MigrationError::UnknownApplied { version: 9001, .. })
        ),
        "{e}"
    );
});

conformance_test!(failed_migration_leaves_nothing, |t| {
    let mut c = t.connect();
    let mut list = base(c.dialect());
    list.push(Migration {
        version: 9002,
        name: "broken",
        sql: "CREATE TABLE half (id BIGINT PRIMARY KEY); THIS IS NOT SQL;",
    });
    let e = migrate_with(&mut *c, &list).unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Migration(MigrationError::Failed { version: 9002, .. })
        ),
        "{e}"
    );
    // Earlier migrations stay applied; the broken one left neither its table nor its record.
    assert!(c.query("SELECT id FROM half", &[]).is_err());
    let n = c
        .query_one(
            "SELECT count(*) FROM schema_migrations WHERE version = 9002",
            &[],
        )
        .unwrap();
    assert_eq!(n.get_i64(0).unwrap(), 0);
    let report = migrate(&mut *c).unwrap();
    assert!(report.applied.is_empty());
});
