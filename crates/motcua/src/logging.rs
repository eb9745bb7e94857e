//! Structured logs on standard error: JSON for machines (containers, systemd, log shippers)
//! when standard error is not a terminal, readable text on a terminal. Standard output is kept
//! for what a command answers (tables, JSON, the address and demo accounts of `serve`).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// `RUST_LOG` wins over `filter` (the configured default).
pub fn init(format: LogFormat, filter: &str) {
    let (filter, bad) = match EnvFilter::try_from_default_env() {
        Ok(f) => (f, None),
        Err(_) => match EnvFilter::try_new(filter) {
            Ok(f) => (f, None),
            Err(e) => (EnvFilter::new("info"), Some(format!("{filter:?}: {e}"))),
        },
    };
    let json = match format {
        LogFormat::Json => true,
        LogFormat::Text => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
    if let Some(bad) = bad {
        tracing::warn!("invalid log filter {bad}; using \"info\"");
    }
}
