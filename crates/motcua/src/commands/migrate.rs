//! `motcua migrate`: applies the embedded migrations of the configured backend and says which.
//! (`serve` does the same at start; this is for deployments that migrate as a separate step.)

use std::process::ExitCode;

use motcua_store::Database;

use crate::config::{Config, redact};
use crate::fail::CliError;

pub fn run(config: &Config) -> Result<ExitCode, CliError> {
    let target = config.database();
    let db = Database::open(&target)?;
    // The PostgreSQL client runs its own runtime; keep it off any async one.
    let report = std::thread::spawn(move || -> Result<_, motcua_store::StoreError> {
        let mut conn = db.connect()?;
        motcua_store::migrate::migrate(&mut *conn)
    })
    .join()
    .map_err(|_| {
        CliError::new(
            "migrate.panic",
            "Lỗi nội bộ khi chuyển đổi CSDL.",
            "Internal error while migrating.",
        )
    })?
    .map_err(|e| CliError::from(e).with_detail(format!("database {}", redact(&target))))?;
    if report.applied.is_empty() {
        println!(
            "CSDL đã ở phiên bản mới nhất ({} bước chuyển đổi). / The database is up to date ({} migrations).",
            report.already.len(),
            report.already.len()
        );
    } else {
        let list: Vec<String> = report.applied.iter().map(|v| v.to_string()).collect();
        println!(
            "Đã áp dụng các bước chuyển đổi / Applied migrations: {}",
            list.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
