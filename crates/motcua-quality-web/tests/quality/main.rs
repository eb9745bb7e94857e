//! HTTP stories of the quality pages and Open311, on SQLite and (with
//! `MOTCUA_TEST_DATABASE_URL`) PostgreSQL. One test binary (link time).

mod dashboard;
mod feedback;
mod keys;
mod kiosk;
mod open311;
mod support;
