//! Scheduled duties: what the law lets motcua itself do when a period ends, run every few
//! minutes by `motcua serve` (and on demand by `motcua duties`):
//! - close dossiers whose supplement request went unanswered past its period (R-LC-7), as the
//!   system actor, through `decide` like any command (so it is in the audit log);
//! - mark feedback that passed its deadline as overdue (766 indicator 5.3).

use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Command, Dossier, Status};

use super::util::{from_json, ms};
use super::{AppError, AppResult, Store};
use crate::sql::Value;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DutiesReport {
    pub dossiers_closed: u64,
    pub feedback_marked_overdue: u64,
}

impl Store {
    /// Runs the scheduled duties once.
    pub async fn run_duties(&self) -> AppResult<DutiesReport> {
        Ok(DutiesReport {
            dossiers_closed: self.close_unanswered_supplements().await?,
            feedback_marked_overdue: self.feedback_mark_overdue().await?,
        })
    }

    /// Closes every dossier whose open supplement request passed its period (R-LC-7).
    pub async fn close_unanswered_supplements(&self) -> AppResult<u64> {
        let now = self.now();
        let due: Vec<DossierCode> = self
            .inner
            .readers
            .run(move |conn| -> AppResult<Vec<DossierCode>> {
                let rows = conn.query(
                    "SELECT state FROM dossiers WHERE status IN ($1, $2)",
                    &[
                        Value::from(Status::SupplementAtReception.as_str()),
                        Value::from(Status::SupplementInProcess.as_str()),
                    ],
                )?;
                let mut out = Vec::new();
                for r in rows {
                    let d: Dossier = from_json("dossier state", r.get_str(0)?)?;
                    if d.open_supplement()
                        .is_some_and(|s| ms(s.close_after) <= ms(now))
                    {
                        out.push(d.code);
                    }
                }
                Ok(out)
            })
            .await?;
        let system = Actor::system();
        let mut closed = 0;
        for code in due {
            let cmd = Command::Close {
                reason: "Quá thời hạn bổ sung hồ sơ mà người nộp chưa bổ sung (đóng tự động). / The supplement period ended without an answer (closed automatically).".into(),
            };
            match self.execute(&system, &code, None, vec![cmd]).await {
                Ok(_) => closed += 1,
                // Answered or closed meanwhile by someone else: nothing to do.
                Err(AppError::Rejected(_)) | Err(AppError::Stale { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(closed)
    }
}
