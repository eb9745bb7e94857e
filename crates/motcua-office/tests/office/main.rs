//! Stories of the officer workspace over HTTP, on SQLite and (when `MOTCUA_TEST_DATABASE_URL`
//! is set) PostgreSQL. One test binary for link time.

mod support;

mod admin;
mod desk;
mod scope;
mod sign_in;
mod story;
