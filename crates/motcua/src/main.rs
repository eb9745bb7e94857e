//! `motcua`: the one binary. Subcommands are in `cli.rs`; each one's work in `commands/` and
//! `serve.rs`.

mod cli;
mod commands;
mod config;
mod demo;
mod fail;
mod logging;
mod open;
mod serve;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: the request path allocates many small objects
/// (JSON, strings) from several threads, where glibc malloc's locking and consolidation showed
/// up as a fifth of the profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            e.print();
            ExitCode::FAILURE
        }
    }
}
