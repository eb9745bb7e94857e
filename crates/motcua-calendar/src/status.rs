//! Deadline status: early / on time / late at completion (R-TIME-5) and the per-step deadlines of
//! the control slip (R-LC-4).

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::error::CalendarError;
use crate::{Completion, CutoffRule, Limit, OpenState, serde_vn};

/// Default "due soon" window: 1 working day before the due moment (R-LC-5: the apology is
/// required when the dossier is not finished by due − 1 working day).
pub const DEFAULT_DUE_SOON_DAYS: u32 = 1;

/// Drops seconds and below: every comparison is at minute precision, as printed on the forms.
pub(crate) fn truncate(dt: DateTime) -> DateTime {
    dt.date().at(dt.hour(), dt.minute(), 0, 0)
}

/// Early / on time / late at completion (R-TIME-5). Late iff `finished` > `due` at minute
/// precision (the 766 metric counts `end ≤ due` as on time); early iff `finished` is on an earlier
/// *date* than `due` (the tie granularity for display is the day: finishing at 09:00 on the due
/// day is "đúng hạn"); otherwise on time.
pub fn completion(finished: DateTime, due: DateTime) -> Completion {
    let (finished, due) = (truncate(finished), truncate(due));
    if finished > due {
        Completion::Late
    } else if finished.date() < due.date() {
        Completion::Early
    } else {
        Completion::OnTime
    }
}

/// One step of the control slip (Phiếu kiểm soát, R-LC-4): when it was handed over, its allotted
/// time, its deadline, and its outcome once finished or its state while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepCheck {
    #[serde(with = "serde_vn::rfc3339")]
    pub started: DateTime,
    pub allotted: Limit,
    #[serde(with = "serde_vn::rfc3339")]
    pub deadline: DateTime,
    #[serde(default, with = "serde_vn::rfc3339_option")]
    pub finished: Option<DateTime>,
    /// Set when finished.
    pub outcome: Option<Completion>,
    /// Set while open (against the `now` given).
    pub state: Option<OpenState>,
}

impl WorkingCalendar {
    /// Deadline of an internal step handed over at `started` with `allotted` time (e.g. 4 working
    /// hours). Internal hand-overs have no cut-off: the step's clock starts at the hand-over (or
    /// at the next working period if that is outside working hours).
    pub fn step_deadline(
        &self,
        started: DateTime,
        allotted: Limit,
    ) -> Result<DateTime, CalendarError> {
        self.due(started, allotted, CutoffRule::None)
    }

    /// A control-slip row's timing: deadline plus outcome (finished) or state (open, at `now`).
    pub fn check_step(
        &self,
        started: DateTime,
        allotted: Limit,
        finished: Option<DateTime>,
        now: DateTime,
        due_soon_days: u32,
    ) -> Result<StepCheck, CalendarError> {
        let deadline = self.step_deadline(started, allotted)?;
        Ok(StepCheck {
            started,
            allotted,
            deadline,
            finished,
            outcome: finished.map(|f| completion(f, deadline)),
            state: match finished {
                Some(_) => None,
                None => Some(self.open_state(deadline, now, due_soon_days)),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::datetime;

    #[test]
    fn completion_uses_minutes_for_late_and_dates_for_early() {
        let due = datetime(2026, 2, 25, 17, 0, 0, 0);
        assert_eq!(
            completion(datetime(2026, 2, 25, 17, 0, 59, 0), due),
            Completion::OnTime
        );
        assert_eq!(
            completion(datetime(2026, 2, 25, 17, 1, 0, 0), due),
            Completion::Late
        );
        assert_eq!(
            completion(datetime(2026, 2, 25, 9, 0, 0, 0), due),
            Completion::OnTime
        );
        assert_eq!(
            completion(datetime(2026, 2, 24, 16, 59, 0, 0), due),
            Completion::Early
        );
        assert_eq!(
            completion(datetime(2026, 3, 2, 8, 0, 0, 0), due),
            Completion::Late
        );
    }
}
