//! Dispatch of the subcommands. Each returns the exit code; errors are printed by `main`.

mod audit;
mod calendar;
mod catalog;
mod health;
mod migrate;

use std::process::ExitCode;

use crate::cli::{AuditCommand, CalendarCommand, CatalogCommand, Cli, Command};
use crate::config::{Config, Overrides};
use crate::fail::{CliError, emit};

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    // What needs neither the configuration nor a database.
    match &cli.command {
        Command::Openapi => {
            // Byte for byte what docs/openapi.json holds (CI diffs the two).
            let mut spec = motcua_web::openapi_json();
            if !spec.ends_with('\n') {
                spec.push('\n');
            }
            emit(&spec);
            return Ok(ExitCode::SUCCESS);
        }
        Command::Lifecycle { markdown: _ } => {
            // The table is Markdown either way; the flag names the format for scripts.
            emit(&motcua_domain::dossier::rules::markdown());
            return Ok(ExitCode::SUCCESS);
        }
        Command::Calendar(CalendarCommand::Lunar {
            date,
            to_solar,
            format,
        }) => return calendar::lunar(date, *to_solar, *format),
        _ => {}
    }

    let overrides = Overrides {
        config_file: cli.global.config.clone(),
        data_dir: cli.global.data_dir.clone(),
        database_url: cli.global.database_url.clone(),
    };
    let mut config = Config::load(&overrides)?;
    // Long-running and data-changing commands log at the configured level; the others only
    // warn, so their output stays the answer.
    let filter = match cli.command {
        Command::Serve(_) | Command::Migrate | Command::Demo(_) => config.log.filter.clone(),
        _ => "warn".to_string(),
    };
    crate::logging::init(config.log.format, &filter);

    if let Command::Healthcheck(args) = &cli.command {
        return Ok(health::run(&config, args));
    }
    if let Command::Migrate = &cli.command {
        return migrate::run(&config);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CliError::new(
                "runtime.start",
                "Không khởi động được bộ chạy bất đồng bộ.",
                "Cannot start the async runtime.",
            )
            .with_detail(e)
        })?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => {
                if let Some(addr) = &args.addr {
                    config.server.addr = addr.clone();
                }
                crate::serve::run(config, args).await
            }
            Command::Demo(args) => crate::demo::command(&config, &args).await,
            Command::Catalog(CatalogCommand::Import { file }) => {
                catalog::import(&config, &file).await
            }
            Command::Audit(AuditCommand::Verify) => audit::verify(&config).await,
            Command::Calendar(c) => calendar::run(&config, c).await,
            Command::Migrate
            | Command::Healthcheck(_)
            | Command::Openapi
            | Command::Lifecycle { .. } => unreachable!("handled above"),
        }
    })
}
