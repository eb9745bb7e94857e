//! Where one dossier's time went, read from its events: working minutes per internal step and
//! unit, time waiting for the applicant, rework (supplement requests, send-backs, transfers),
//! and, if it was late, the step to blame.
//!
//! - A step runs from the event that opens it (`Accepted`, `Assigned`, `Transferred`,
//!   `ResultProposed`, `SentBack`, `ResultIssued`, each carrying its `StepState`) to the
//!   control-slip row that hands it over (`HandedOver`, R-LC-4), or to the end of the dossier.
//!   Its unit is the unit it was handed to (the receiving unit for reception).
//! - Time is counted in working minutes of the given calendar
//!   (`WorkingCalendar::working_minutes_between`), minus the time waiting for the applicant
//!   (supplement requested → provided), which is counted apart.
//! - Visits of the same step at the same unit (after a send-back) are added together.
//! - Late: ended (result issued, stopped, closed) after the legal due moment (minute precision,
//!   R-TIME-5); the due moment is the one in force at the end (restarted after a supplement,
//!   R-TIME-3).
//! - Blame: the step whose overrun (time beyond its allotted time) is the largest, the earliest
//!   on ties; none if no step overran (the allotted times add up to more than the legal limit).

use jiff::Timestamp;
use motcua_calendar::{WorkingCalendar, to_local};
use serde::{Deserialize, Serialize};

use crate::dossier::{Event, EventData, Role, StepState, SupplementStage};
use crate::ids::{DossierId, ProcedureCode, UnitId};

/// The time one step took at one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTime {
    pub step: String,
    pub unit: UnitId,
    /// The role that handed it over (from the control slip), when it was.
    pub role: Option<Role>,
    /// Working minutes spent (waits for the applicant excluded).
    pub minutes: i64,
    /// Working minutes allotted (from its start to its deadline), summed over visits.
    pub allotted: i64,
    pub visits: u32,
}

impl StepTime {
    pub fn overrun(&self) -> i64 {
        (self.minutes - self.allotted).max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierTimeline {
    pub dossier: DossierId,
    pub procedure: ProcedureCode,
    pub steps: Vec<StepTime>,
    /// Working minutes waiting for the applicant at reception (before the clock started).
    pub waiting_reception: i64,
    /// Working minutes waiting for the applicant during processing.
    pub waiting_processing: i64,
    pub supplement_requests: u32,
    pub sent_back: u32,
    pub transfers: u32,
    /// `None` while open.
    pub late: Option<bool>,
    /// Index in `steps` of the step blamed for lateness.
    pub blamed: Option<usize>,
}

impl DossierTimeline {
    pub fn blamed_step(&self) -> Option<&StepTime> {
        self.blamed.map(|i| &self.steps[i])
    }

    pub fn had_rework(&self) -> bool {
        self.supplement_requests > 0 || self.sent_back > 0
    }
}

struct Open {
    index: usize,
    active_since: Option<Timestamp>,
}

fn minute(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second().div_euclid(60) * 60).unwrap_or(t)
}

/// The timeline of a dossier from its events; open steps run until `now` (`None`: they stop
/// at the last event). `None` if the history does not start with a submission.
pub fn timeline(
    events: &[Event],
    calendar: &WorkingCalendar,
    now: Option<Timestamp>,
) -> Option<DossierTimeline> {
    let EventData::Submitted(s) = &events.first()?.data else {
        return None;
    };
    let wm = |a: Timestamp, b: Timestamp| {
        calendar
            .working_minutes_between(to_local(a), to_local(b))
            .max(0)
    };
    let receiving = s.unit;
    let mut processing = s.unit;
    let mut t = DossierTimeline {
        dossier: s.id,
        procedure: s.procedure_code.clone(),
        steps: Vec::new(),
        waiting_reception: 0,
        waiting_processing: 0,
        supplement_requests: 0,
        sent_back: 0,
        transfers: 0,
        late: None,
        blamed: None,
    };
    let mut open: Option<Open> = None;
    let mut handed_to: Option<UnitId> = None;
    let mut waiting: Option<(SupplementStage, Timestamp)> = None;
    let mut due: Option<Timestamp> = None;
    let mut end: Option<Timestamp> = None;

    let pause = |open: &mut Option<Open>, steps: &mut Vec<StepTime>, at: Timestamp| {
        if let Some(o) = open
            && let Some(since) = o.active_since.take()
        {
            steps[o.index].minutes += wm(since, at);
        }
    };
    let start_step = |open: &mut Option<Open>,
                      steps: &mut Vec<StepTime>,
                      st: &StepState,
                      unit: UnitId,
                      at: Timestamp| {
        pause(open, steps, at);
        let allotted = wm(st.started_at, st.deadline);
        let index = match steps
            .iter()
            .position(|x| x.step == st.name && x.unit == unit)
        {
            Some(i) => {
                steps[i].visits += 1;
                steps[i].allotted += allotted;
                i
            }
            None => {
                steps.push(StepTime {
                    step: st.name.clone(),
                    unit,
                    role: None,
                    minutes: 0,
                    allotted,
                    visits: 1,
                });
                steps.len() - 1
            }
        };
        *open = Some(Open {
            index,
            active_since: Some(at),
        });
    };

    for e in &events[1..] {
        let at = e.at;
        match &e.data {
            EventData::Accepted { due_at, step, .. } => {
                due = Some(*due_at);
                start_step(&mut open, &mut t.steps, step, receiving, at);
            }
            EventData::SupplementRequested { stage, .. } => {
                t.supplement_requests += 1;
                pause(&mut open, &mut t.steps, at);
                waiting = Some((*stage, at));
            }
            EventData::SupplementProvided { due_at, step, .. } => {
                if let Some((stage, since)) = waiting.take() {
                    match stage {
                        SupplementStage::Reception => t.waiting_reception += wm(since, at),
                        SupplementStage::Processing => t.waiting_processing += wm(since, at),
                    }
                }
                if let Some(d) = due_at {
                    due = Some(*d);
                }
                match (step, &mut open) {
                    // The step restarts (R-TIME-3): the same step goes on.
                    (Some(st), Some(o)) if t.steps[o.index].step == st.name => {
                        o.active_since = Some(at);
                    }
                    (Some(st), _) => start_step(&mut open, &mut t.steps, st, processing, at),
                    (None, Some(o)) => o.active_since = Some(at),
                    (None, None) => {}
                }
            }
            EventData::HandedOver(h) => {
                pause(&mut open, &mut t.steps, at);
                if let Some(o) = open.take() {
                    t.steps[o.index].role = Some(h.from_role);
                }
                handed_to = h.to_unit;
            }
            EventData::Assigned { step: Some(st), .. }
            | EventData::ResultProposed { step: st, .. }
            | EventData::ResultIssued { step: st, .. } => {
                let unit = handed_to.take().unwrap_or(processing);
                if matches!(e.data, EventData::ResultIssued { .. }) {
                    end = Some(at);
                }
                start_step(&mut open, &mut t.steps, st, unit, at);
            }
            EventData::SentBack { step, .. } => {
                t.sent_back += 1;
                let unit = handed_to.take().unwrap_or(processing);
                start_step(&mut open, &mut t.steps, step, unit, at);
            }
            EventData::Transferred { to_unit, step, .. } => {
                t.transfers += 1;
                processing = *to_unit;
                handed_to = None;
                start_step(&mut open, &mut t.steps, step, *to_unit, at);
            }
            EventData::Refused { .. } | EventData::Stopped { .. } | EventData::Closed { .. } => {
                pause(&mut open, &mut t.steps, at);
                open = None;
                end = end.or(Some(at));
                if let Some((stage, since)) = waiting.take() {
                    match stage {
                        SupplementStage::Reception => t.waiting_reception += wm(since, at),
                        SupplementStage::Processing => t.waiting_processing += wm(since, at),
                    }
                }
            }
            EventData::DueRecomputed { due_at, .. } => due = Some(*due_at),
            _ => {}
        }
    }
    if let Some(now) = now {
        pause(&mut open, &mut t.steps, now);
        if let Some((stage, since)) = waiting {
            match stage {
                SupplementStage::Reception => t.waiting_reception += wm(since, now),
                SupplementStage::Processing => t.waiting_processing += wm(since, now),
            }
        }
    }
    if let (Some(end), Some(due)) = (end, due) {
        let late = minute(end) > minute(due);
        t.late = Some(late);
        if late {
            t.blamed = t
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.overrun() > 0)
                .max_by_key(|(i, s)| (s.overrun(), std::cmp::Reverse(*i)))
                .map(|(i, _)| i);
        }
    }
    Some(t)
}
