//! Stories of the citizen portal over HTTP, on SQLite and (when `MOTCUA_TEST_DATABASE_URL` is
//! set) PostgreSQL. One test binary for link time.

mod flow;
mod support;

mod accounts;
mod catalog;
mod follow;
mod rejections;
mod submission;
