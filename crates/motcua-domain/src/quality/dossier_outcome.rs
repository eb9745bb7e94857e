//! The facts about one dossier that the 766 indicators count (REGULATIONS.md §3.2), derived from
//! its state alone: no clock, so the same state always gives the same facts, and the store can
//! keep daily aggregates exact by adding the difference between the facts before and after each
//! event (see [`super::aggregate`]).
//!
//! Indicator 2.1 (QĐ 766, VPCP formula document [S]):
//! - on time iff the end ≤ the due moment, at **minute** precision (R-TIME-5: seconds dropped;
//!   the display of early / on time / late uses the day, see `motcua_calendar::completion`);
//! - end = first of result issued / stopped (withdrawal) / closed; refused dossiers were never
//!   received (Mẫu 03 at reception) and are counted apart;
//! - the time waiting for a supplement during processing (completed − requested, elapsed time)
//!   is subtracted; a dossier waiting on its only request "ends" at the request;
//! - more than one supplement request ⇒ overdue (from the moment of the excess request).
//!
//! All of this collapses into one instant, [`DossierOutcome::overdue_from`]: the first minute at
//! which the dossier, if still open, counts as overdue. It never moves earlier while the dossier
//! waits for the applicant, so "open and within time at the end of a period" is exactly
//! "overdue_from is after the end of the period".

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{WorkingCalendar, to_local};
use serde::{Deserialize, Serialize};

use super::config::{CountingRules, SupplementCount, UnitBasis};
use crate::dossier::{Dossier, ReturnMethod, Status, SupplementStage};
use crate::ids::{DossierId, ProcedureCode, UnitId};
use crate::procedure::Channel;

/// Facts about a dossier that live outside its event stream (ratings and feedback are stored
/// by their own modules). The store passes them; a change of either is a dossier fact change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierExtras {
    /// A rating of this dossier maps to "dissatisfied" ([`super::satisfaction::ScoredRating`]).
    pub rated_dissatisfied: bool,
    /// Feedback (PAKN) was filed about this dossier (5.4 counts it like a dislike).
    pub has_feedback: bool,
}

/// What [`outcome`] needs besides the dossier.
pub struct OutcomeCtx<'a> {
    /// The counting rules in force for this dossier (the version in force at its reception).
    pub rules: &'a CountingRules,
    /// The receiving unit's calendar (only for the working minutes of 2.2).
    pub calendar: &'a WorkingCalendar,
    /// The procedure's result is a document (`ProcedureVersion::result_is_document`).
    pub result_is_document: bool,
    pub extras: DossierExtras,
}

/// Where a dossier stands for 2.1 at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    FinishedOnTime,
    FinishedLate,
    OpenWithinTime,
    OpenOverdue,
}

impl Standing {
    pub fn counts_on_time(self) -> bool {
        matches!(self, Standing::FinishedOnTime | Standing::OpenWithinTime)
    }
}

/// The counted facts of one dossier. Serialisable so that the store can keep the last one per
/// dossier and diff against it (recomputing it later with another calendar would not match).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierOutcome {
    pub dossier: DossierId,
    /// The unit the dossier is counted for (receiving or processing, by the counting rules).
    pub unit: UnitId,
    pub procedure: ProcedureCode,
    pub channel: Channel,
    /// Official reception (Mẫu 01); `None`: not (yet) received, not in 2.1 or the 3.x/4.x ratios.
    pub received_at: Option<Timestamp>,
    /// Refused at reception (Mẫu 03).
    pub refused_at: Option<Timestamp>,
    /// End for time-keeping (result issued, stopped, closed), for received dossiers.
    pub ended_at: Option<Timestamp>,
    /// The due moment the 766 rule compares with.
    pub due: Option<Timestamp>,
    /// Supplement requests counted by the "more than one ⇒ overdue" rule.
    pub supplement_requests: u32,
    /// Elapsed minutes of completed supplement waits subtracted from the end.
    pub waited_minutes: i64,
    /// First minute at which the dossier, if open, is overdue; `None`: not overdue (finished on
    /// time, or waiting for the applicant on a single request made in time).
    pub overdue_from: Option<Timestamp>,
    /// When ended: on time under the 766 rule.
    pub on_time: Option<bool>,
    /// When a result was issued.
    pub result_at: Option<Timestamp>,
    pub result_is_document: bool,
    /// The result has an electronic file.
    pub e_result: bool,
    /// 3.3: online, and no paper-only result where the result is a document.
    pub online_ok: bool,
    /// 4.2: files on its components and no paper-only result where the result is a document.
    pub digitised: bool,
    /// 4.3: a component reused from the personal store or a national database.
    pub reused: bool,
    /// 4.4: a file from the personal data store, or the result returned into it.
    pub personal_store: bool,
    /// 5.4: rated dissatisfied or feedback filed about it.
    pub dissatisfied: bool,
    /// 2.2: working minutes from reception to result, supplement waits excluded.
    pub resolution_minutes: Option<u64>,
}

fn minute(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second().div_euclid(60) * 60).unwrap_or(t)
}

/// The local (UTC+7) day of an instant: the day a fact is counted on.
pub fn day_of(t: Timestamp) -> Date {
    to_local(t).date()
}

/// The due moment the 766 rule uses. The law restarts the period after a supplement during
/// processing (R-TIME-3, `Dossier::due_at`); the index instead subtracts the wait from the
/// first due moment, so after such a supplement the first due (Mẫu 01) is used. A reschedule
/// (Mẫu 04) moves it only when the counting rules say so (R-LC-5: [GAP], default no).
pub fn due_for_766(d: &Dossier, rules: &CountingRules) -> Option<Timestamp> {
    if rules.reschedule_moves_due
        && let Some(r) = &d.reschedule
    {
        return Some(r.new_due);
    }
    let received = d.received_at?;
    let restarted = d.supplements.iter().any(|s| {
        s.stage == SupplementStage::Processing
            && s.requested_at >= received
            && s.completed_at.is_some()
    });
    if restarted {
        d.original_due_at
    } else {
        d.due_at
    }
}

/// The counted facts of `d`.
pub fn outcome(d: &Dossier, ctx: &OutcomeCtx<'_>) -> DossierOutcome {
    let rules = ctx.rules;
    let received_at = d.received_at;
    let ended_at = received_at.and(d.finished_at);
    let due = due_for_766(d, rules);
    let counted: Vec<Timestamp> = d
        .supplements
        .iter()
        .filter(|s| match rules.supplement_requests {
            SupplementCount::All => true,
            SupplementCount::Processing => {
                s.stage == SupplementStage::Processing
                    && received_at.is_some_and(|r| s.requested_at >= r)
            }
        })
        .map(|s| s.requested_at)
        .collect();

    let mut waited = SignedDuration::ZERO;
    let overdue_from =
        match (received_at, due) {
            (Some(received), Some(due)) => {
                let mut limit = Some(minute(due) + SignedDuration::from_mins(1));
                for s in d.supplements.iter().filter(|s| {
                    s.stage == SupplementStage::Processing && s.requested_at >= received
                }) {
                    let Some(o) = limit else { break };
                    let asked = minute(s.requested_at);
                    if asked >= o {
                        break; // overdue before the request: the wait changes nothing
                    }
                    match s.completed_at {
                        Some(done) => {
                            let w = minute(done).duration_since(asked);
                            waited += w;
                            limit = Some(o + w);
                        }
                        // Waiting on this request now: the end is frozen at the request, in time.
                        None => limit = None,
                    }
                }
                let max = rules.max_supplement_requests as usize;
                if counted.len() > max {
                    let excess = minute(counted[max]).max(minute(received));
                    limit = Some(limit.map_or(excess, |o| o.min(excess)));
                }
                limit
            }
            _ => None,
        };
    let on_time = ended_at.map(|end| overdue_from.is_none_or(|o| minute(end) < o));

    let result_at = match d.status {
        Status::ResultReady | Status::Returned => d.finished_at,
        _ => None,
    };
    let e_result = !d.result_documents.is_empty();
    let paper_only = ctx.result_is_document && result_at.is_some() && !e_result;
    let has_component_files = d.documents.iter().any(|x| x.component.is_some());
    let resolution_minutes = match (received_at, result_at) {
        (Some(r), Some(f)) => {
            let cal = ctx.calendar;
            let total = cal.working_minutes_between(to_local(r), to_local(f));
            let waits: i64 = d
                .supplements
                .iter()
                .filter(|s| s.stage == SupplementStage::Processing && s.requested_at >= r)
                .filter_map(|s| s.completed_at.map(|c| (s.requested_at, c)))
                .map(|(a, b)| cal.working_minutes_between(to_local(a), to_local(b)))
                .sum();
            Some((total - waits).max(0) as u64)
        }
        _ => None,
    };

    DossierOutcome {
        dossier: d.id,
        unit: match rules.dossier_unit {
            UnitBasis::Receiving => d.receiving_unit,
            UnitBasis::Processing => d.processing_unit,
        },
        procedure: d.procedure_code.clone(),
        channel: d.channel,
        received_at,
        refused_at: (d.status == Status::Refused)
            .then_some(d.finished_at)
            .flatten(),
        ended_at,
        due: received_at.and(due),
        supplement_requests: counted.len() as u32,
        waited_minutes: waited.as_mins(),
        overdue_from: ended_at.map_or(overdue_from, |end| {
            overdue_from.filter(|o| minute(end) >= *o)
        }),
        on_time,
        result_at,
        result_is_document: ctx.result_is_document,
        e_result,
        online_ok: d.channel == Channel::Online && !paper_only,
        digitised: has_component_files && !paper_only,
        reused: d
            .documents
            .iter()
            .any(|x| x.component.is_some() && x.source.is_reuse()),
        personal_store: d
            .documents
            .iter()
            .any(|x| matches!(x.source, crate::dossier::DocSource::PersonalStore { .. }))
            || d.returned_by == Some(ReturnMethod::Electronic),
        dissatisfied: ctx.extras.rated_dissatisfied || ctx.extras.has_feedback,
        resolution_minutes,
    }
}

impl DossierOutcome {
    /// Where the dossier stands for 2.1 as at `at` (an exclusive instant, normally
    /// [`super::Period::end_instant`]); `None` if it was not received before `at`.
    ///
    /// This is the per-dossier definition the aggregates must reproduce; tests compare them.
    pub fn standing_at(&self, at: Timestamp) -> Option<Standing> {
        let received = self.received_at?;
        if received >= at {
            return None;
        }
        Some(match (self.ended_at, self.on_time) {
            (Some(end), Some(true)) if end < at => Standing::FinishedOnTime,
            (Some(end), _) if end < at => Standing::FinishedLate,
            _ => match self.overdue_from {
                Some(o) if o < at => Standing::OpenOverdue,
                _ => Standing::OpenWithinTime,
            },
        })
    }
}
