//! `motcua catalog import FILE`: the national JSON format (as data/catalog/procedures.json),
//! all or nothing; problems are listed with their line and column before anything is stored.

use std::path::Path;
use std::process::ExitCode;

use motcua_domain::catalog::{Enrichment, import_file};

use crate::config::Config;
use crate::fail::{CliError, read_input};

pub async fn import(config: &Config, file: &Path) -> Result<ExitCode, CliError> {
    let text = read_input(file)?;
    // Parsed and checked before the database is opened: a bad file changes nothing.
    let versions = import_file(&file.display().to_string(), &text, &Enrichment::builtin())?;
    let store = crate::open::store(config).await?;
    let result = store
        .import_catalog(&crate::open::cli_admin(), versions)
        .await;
    store.shutdown();
    let s = result?;
    println!(
        "Đã nhập danh mục: {} thủ tục mới, {} phiên bản mới, {} không đổi.",
        s.created, s.new_versions, s.unchanged
    );
    println!(
        "Catalog imported: {} new procedures, {} new versions, {} unchanged.",
        s.created, s.new_versions, s.unchanged
    );
    Ok(ExitCode::SUCCESS)
}
