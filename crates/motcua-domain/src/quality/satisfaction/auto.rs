//! Indices 1, 2 and 3 of the scoring tool computed from the dossier's events, never asked
//! (R-SAT-1; ND 61/2018 art. 31, TT 01/2018 art. 13 [V]).
//!
//! 1. Total time against the legal limit: `completion(result issued, due)` — early 2, on time 1,
//!    late 0. The due moment is the legal one (`Dossier::due_at`, restarted after a supplement
//!    during processing, R-TIME-3), not a rescheduled appointment: an apology does not make a
//!    late dossier timely. Early/on time is judged by the day (R-TIME-5 display granularity).
//! 2. Time taken by each participating body against its allotted time, from the control-slip
//!    rows (R-LC-4) grouped by the giving unit: all rows early 2; none late but some on time 1;
//!    any late 0. The dossier's index 2 is the lowest of its bodies (TT 01/2018 scores each body
//!    "on the same rule"; one late body is enough to fail). The row handing the result to the
//!    applicant is left out: its lateness is the applicant's collection time.
//! 3. Contacts needed to complete the dossier: supplement requests (Mẫu 02, any stage, online
//!    too) minus those caused by the applicant's own fault (recorded by an officer): none 2,
//!    one 1, more 0.

use std::collections::BTreeMap;

use motcua_calendar::{Completion, completion, to_local};
use serde::{Deserialize, Serialize};

use crate::dossier::{Dossier, Event, EventData, Status};
use crate::ids::UnitId;

/// Index 2 for one participating body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyScore {
    pub unit: UnitId,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub score: u8,
}

/// The three computed indices (`None`: not applicable, e.g. no result was issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AutoIndices {
    pub total_time: Option<u8>,
    pub body_time: Option<u8>,
    pub contacts: Option<u8>,
    pub bodies: Vec<BodyScore>,
}

fn score_of(c: Completion) -> u8 {
    match c {
        Completion::Early => 2,
        Completion::OnTime => 1,
        Completion::Late => 0,
    }
}

/// Index 1, for dossiers with an issued result.
pub fn total_time(d: &Dossier) -> Option<u8> {
    if !matches!(d.status, Status::ResultReady | Status::Returned) {
        return None;
    }
    let (end, due) = (d.finished_at?, d.due_at?);
    Some(score_of(completion(to_local(end), to_local(due))))
}

/// Index 2 per body and for the dossier (the lowest), from the control-slip rows in `events`.
pub fn body_time(events: &[Event]) -> (Option<u8>, Vec<BodyScore>) {
    let mut bodies: BTreeMap<UnitId, BodyScore> = BTreeMap::new();
    for e in events {
        let EventData::HandedOver(h) = &e.data else {
            continue;
        };
        if h.to_unit.is_none() {
            continue; // the hand-over to the applicant
        }
        let b = bodies.entry(h.from_unit).or_insert(BodyScore {
            unit: h.from_unit,
            early: 0,
            on_time: 0,
            late: 0,
            score: 0,
        });
        match h.outcome {
            Completion::Early => b.early += 1,
            Completion::OnTime => b.on_time += 1,
            Completion::Late => b.late += 1,
        }
    }
    let bodies: Vec<BodyScore> = bodies
        .into_values()
        .map(|mut b| {
            b.score = if b.late > 0 {
                0
            } else if b.on_time > 0 {
                1
            } else {
                2
            };
            b
        })
        .collect();
    (bodies.iter().map(|b| b.score).min(), bodies)
}

/// Index 3: `excused` supplement requests were caused by the applicant's fault.
pub fn contacts(d: &Dossier, excused: usize) -> u8 {
    match d.supplements.len().saturating_sub(excused) {
        0 => 2,
        1 => 1,
        _ => 0,
    }
}

/// All three.
pub fn auto_indices(d: &Dossier, events: &[Event], excused: usize) -> AutoIndices {
    let (body, bodies) = body_time(events);
    AutoIndices {
        total_time: total_time(d),
        body_time: body,
        contacts: Some(contacts(d, excused)),
        bodies,
    }
}
