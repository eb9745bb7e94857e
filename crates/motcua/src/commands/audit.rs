//! `motcua audit verify`: walks the hash chain of the event log. Exit 0 if intact; otherwise
//! names the first changed, missing or out-of-order event and exits 1.

use std::process::ExitCode;

use crate::config::Config;
use crate::fail::CliError;

pub async fn verify(config: &Config) -> Result<ExitCode, CliError> {
    let store = crate::open::store(config).await?;
    let result = store.verify_audit().await;
    store.shutdown();
    match result? {
        Ok(report) => {
            println!(
                "Nhật ký kiểm toán toàn vẹn: {} sự kiện, sự kiện cuối số {}, mã băm {}.",
                report.events, report.head_seq, report.head_hash
            );
            println!(
                "Audit log intact: {} events, last event {}, hash {}.",
                report.events, report.head_seq, report.head_hash
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(CliError::from(e)),
    }
}
