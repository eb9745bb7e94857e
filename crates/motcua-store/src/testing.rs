//! Conformance test harness: run one test body on SQLite (always) and on PostgreSQL (when
//! `MOTCUA_TEST_DATABASE_URL` is set), each on a fresh, empty database.
//!
//! PostgreSQL: the URL names a server and a maintenance database the test may connect to
//! (e.g. `postgres://postgres@127.0.0.1:5432/postgres`). Each test creates its own database
//! `motcua_test_<pid>_<n>_<random>` and drops it afterwards. If the variable is set and the
//! server cannot be reached, the test FAILS: CI must never pass by silently skipping.
//!
//! Usage, in a test file:
//! ```ignore
//! motcua_store::conformance_test!(inserts_roundtrip, |t| {
//!     let mut conn = t.migrated();
//!     // … assertions, identical for both backends …
//! });
//! ```
//! expands to `mod inserts_roundtrip { #[test] fn sqlite() …; #[test] fn postgres() … }`.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::migrate::migrate;
use crate::sql::{Conn, Database, Dialect};

/// The environment variable that turns the PostgreSQL half of the suite on.
pub const PG_ENV: &str = "MOTCUA_TEST_DATABASE_URL";

/// A fresh database for one test; removed when dropped.
pub struct TestDb {
    pub db: Database,
    guard: Guard,
}

enum Guard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin: Box<postgres::Config>,
        name: String,
    },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A SQLite database in a new temporary directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Database::sqlite(dir.path().join("motcua.db")).expect("sqlite database");
        TestDb {
            db,
            guard: Guard::Sqlite(dir),
        }
    }

    /// A fresh PostgreSQL database if `MOTCUA_TEST_DATABASE_URL` is set; `None` if unset.
    /// Panics (fails the test) if it is set but unusable.
    pub fn postgres_from_env() -> Option<TestDb> {
        let url = std::env::var(PG_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())?;
        Some(Self::postgres(&url))
    }

    /// A fresh PostgreSQL database on the server of `admin_url`. Panics on failure.
    pub fn postgres(admin_url: &str) -> TestDb {
        let admin: postgres::Config = admin_url
            .parse()
            .unwrap_or_else(|e| panic!("{PG_ENV} is not a valid PostgreSQL URL: {e}"));
        let name = format!(
            "motcua_test_{}_{}_{:08x}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        let sql = format!("CREATE DATABASE {name}");
        admin_exec(&admin, &sql).unwrap_or_else(|e| {
            panic!("{PG_ENV} is set but PostgreSQL is not usable ({e}); failing, not skipping")
        });
        let mut config = admin.clone();
        config.dbname(&name);
        TestDb {
            db: Database::postgres(config),
            guard: Guard::Postgres {
                admin: Box::new(admin),
                name,
            },
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    /// A read-write connection with the embedded migrations applied.
    pub fn migrated(&self) -> Box<dyn Conn> {
        let mut c = self.connect();
        migrate(&mut *c).expect("migrations apply");
        c
    }

    /// A read-write connection to the (maybe empty) database.
    pub fn connect(&self) -> Box<dyn Conn> {
        let db = self.db.clone();
        off_runtime(move || db.connect()).expect("connect to the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Guard::Postgres { admin, name } = &self.guard {
            // FORCE: a pool the test forgot to shut down must not keep the database alive.
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(e) = admin_exec(admin, &sql) {
                eprintln!("warning: could not drop test database {name}: {e}");
            }
        }
    }
}

fn admin_exec(admin: &postgres::Config, sql: &str) -> Result<(), String> {
    let (admin, sql) = (admin.clone(), sql.to_owned());
    off_runtime(move || {
        let mut c = crate::sql::Database::postgres(admin)
            .connect()
            .map_err(|e| e.to_string())?;
        c.execute_batch(&sql).map_err(|e| e.to_string())
    })
}

/// Runs `f` on a fresh std thread: the sync PostgreSQL client panics if created inside a Tokio
/// runtime, and tests are often `#[tokio::test]`.
pub fn off_runtime<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f)
        .join()
        .expect("helper thread panicked")
}

/// Defines one test per backend around the same body. See the module docs.
#[macro_export]
macro_rules! conformance_test {
    ($name:ident, |$t:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let $t = $crate::testing::TestDb::sqlite();
                $body
            }

            #[test]
            fn postgres() {
                let Some($t) = $crate::testing::TestDb::postgres_from_env() else {
                    eprintln!(
                        "{} not set: PostgreSQL half skipped",
                        $crate::testing::PG_ENV
                    );
                    return;
                };
                $body
            }
        }
    };
}
