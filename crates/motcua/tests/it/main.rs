//! The binary's stories, in one test binary (one link instead of one per file).

mod cli;
mod crash;
mod support;
