//! Conformance tests of the generic store layer. Every `conformance_test!` runs on SQLite and,
//! when MOTCUA_TEST_DATABASE_URL is set, on PostgreSQL (failing if it is unreachable).

mod blob;
mod chain;
mod crash;
mod idempotency;
mod migrate;
mod readers;
mod sql;
mod writer;

use motcua_store::Dialect;

/// DDL for a scratch table, in each dialect's spelling of the portable types.
pub fn ddl(dialect: Dialect, sqlite: &str, postgres: &str) -> String {
    match dialect {
        Dialect::Sqlite => sqlite.to_owned(),
        Dialect::Postgres => postgres.to_owned(),
    }
}
