//! The command line (clap derive). Each subcommand's work is in `commands/` or `serve.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "motcua",
    version,
    about = "motcua — Hệ thống thông tin giải quyết thủ tục hành chính (một cửa điện tử)\n\
             Electronic one-stop shop for Vietnamese government units.",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// SQLite database and local files (default ./motcua-data)
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL instead of SQLite: postgres://user@host/db
    #[arg(
        long,
        global = true,
        env = "MOTCUA_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<String>,
    /// TOML configuration file (see config/motcua.example.toml)
    #[arg(long, global = true, env = "MOTCUA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web pages and the API (graceful shutdown on SIGTERM/SIGINT)
    Serve(ServeArgs),
    /// Apply pending database migrations and exit
    Migrate,
    /// Fill the database with the demo province, accounts and synthetic dossiers
    Demo(DemoArgs),
    /// The procedure catalog
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// The tamper-evident audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Working calendar: days off, due moments, lunar dates, yearly schedules
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Ask a running server for GET /healthz (exit 0 if healthy, 1 if not)
    Healthcheck(HealthArgs),
    /// Print the OpenAPI description of the API (JSON)
    Openapi,
    /// Print the dossier lifecycle (state × command × role)
    Lifecycle {
        /// As a Markdown table (docs/LIFECYCLE.md)
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Load the demo province, procedures, accounts and dossiers (never in production)
    #[arg(long)]
    pub demo: bool,
    /// Where to listen, HOST:PORT (port 0: any free port)
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// Synthetic dossiers generated on the first start with --demo
    #[arg(long, default_value_t = 300, value_name = "N", requires = "demo")]
    pub demo_dossiers: u64,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many synthetic dossiers to add
    #[arg(long, default_value_t = 300, value_name = "N")]
    pub dossiers: u64,
    /// Seed of the generator (the same seed gives the same dossiers)
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Months of history before now
    #[arg(long, default_value_t = 12)]
    pub months: u32,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Import procedures in the national JSON format (as data/catalog/procedures.json)
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; names the first changed, missing or out-of-order event
    Verify,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Server address, HOST:PORT (default: server.addr of the configuration)
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// Seconds to wait for the answer
    #[arg(long, default_value_t = 5)]
    pub timeout: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeUnitArg {
    WorkingDays,
    WorkingHours,
    CalendarDays,
    Months,
    SameDay,
}

impl From<TimeUnitArg> for motcua_calendar::TimeUnit {
    fn from(u: TimeUnitArg) -> Self {
        use motcua_calendar::TimeUnit as T;
        match u {
            TimeUnitArg::WorkingDays => T::WorkingDays,
            TimeUnitArg::WorkingHours => T::WorkingHours,
            TimeUnitArg::CalendarDays => T::CalendarDays,
            TimeUnitArg::Months => T::Months,
            TimeUnitArg::SameDay => T::SameDay,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Holidays, days off and make-up working days of a year
    DaysOff {
        #[arg(long)]
        year: i16,
        /// Agency code of a unit (its local closures and openings count too)
        #[arg(long, visible_alias = "agency", value_name = "CODE")]
        unit: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// When a result is due: reception moment + legal time limit
    Due {
        /// Reception moment: 2026-02-13T16:00:00+07:00, "2026-02-13 16:00" or 13/02/2026 16:00
        #[arg(long, value_name = "MOMENT")]
        from: String,
        #[arg(long)]
        amount: u32,
        /// Unit of the time limit
        #[arg(long, value_enum)]
        unit: TimeUnitArg,
        /// Received after HH:MM: counting starts the next working day
        #[arg(long, value_name = "HH:MM")]
        cutoff: Option<String>,
        /// Agency code whose working calendar applies (default: the national one)
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Solar → lunar date (e.g. 2026-02-17 → 1/1/2026 (Bính Ngọ)), or back with --to-solar
    Lunar {
        /// A solar date (YYYY-MM-DD or dd/mm/yyyy), or with --to-solar a lunar one (d/m/yyyy,
        /// "15/6 nhuận/2025")
        #[arg(value_name = "DATE")]
        date: String,
        #[arg(long)]
        to_solar: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Load a newly announced year (TOML, format in docs/CALENDAR.md) and recompute due dates
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}
