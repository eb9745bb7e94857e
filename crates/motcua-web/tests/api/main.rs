//! API stories, one integration binary: a real server on port 0 driven by a real HTTP client, on
//! SQLite always and on PostgreSQL when `MOTCUA_TEST_DATABASE_URL` is set.

mod support;

mod authz;
mod calendar;
mod catalog;
mod lifecycle;
mod openapi;
mod ops;
mod rejections;
