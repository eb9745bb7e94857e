//! The one integration-test binary of motcua-docs (STYLE.md: one binary per crate).

mod fixtures;
mod forms;
mod signing;
mod tools;
