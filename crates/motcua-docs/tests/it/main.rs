//! The one integration-test binary of motcua-docs (STYLE.md: one binary per crate).

mod fixtures;
mod forms;
mod images;
mod signing;
mod tools;
