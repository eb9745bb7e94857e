//! Deadlines of feedback, the on-time rule of 766 indicator 5.2, and the counted facts of an
//! item for the daily aggregates (same design as dossiers, see `quality::aggregate`).
//!
//! A leg (the time one unit has the item) is overdue, if still open, from the first minute
//! after its resolution deadline (arrival + 15 working days), moved later by the time spent
//! waiting for the author's information [GAP: the VPCP doc does not say; we do not hold the
//! author's delay against the unit]; once the answer is approved in time, from the first minute
//! after the publication deadline (approval + 2 working days). Earlier if the unit breaks a
//! shorter deadline: a first information request after 5 working days, or a forwarding after 2
//! working days, or a rejection after 2 working days without having asked the author anything,
//! makes the leg late from that moment. Minute precision, as for dossiers (R-TIME-5).

use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{OpenState, WorkingCalendar, to_local};
use serde::{Deserialize, Serialize};

use super::model::{Category, Feedback, FeedbackId, FeedbackStatus, LegEnd};
use crate::ids::UnitId;
use crate::quality::aggregate::{
    AggregateDelta, Counters, FeedbackCounters, FeedbackDelta, FeedbackKey, diff,
};
use crate::quality::dossier_outcome::day_of;

fn minute(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second().div_euclid(60) * 60).unwrap_or(t)
}

const ONE: SignedDuration = SignedDuration::from_mins(1);

/// The first minute leg `i` counts as overdue, before looking at how it ended.
fn limit(fb: &Feedback, i: usize) -> Option<Timestamp> {
    let leg = &fb.legs[i];
    let d = leg.deadlines;
    let mut limit = Some(minute(d.resolve_by) + ONE);
    for r in fb.info.iter().filter(|r| r.leg == i) {
        let Some(o) = limit else { break };
        let asked = minute(r.asked_at);
        if asked >= o {
            break;
        }
        limit = r.answered_at.map(|a| o + minute(a).duration_since(asked));
    }
    if let (Some(approved), Some(publish_by)) = (leg.approved_at, leg.publish_by)
        && limit.is_none_or(|o| minute(approved) < o)
    {
        limit = Some(minute(publish_by) + ONE);
    }
    let mut earliest = |t: Timestamp| limit = Some(limit.map_or(t, |o| o.min(t)));
    if let Some(first) = fb.info.iter().find(|r| r.leg == i)
        && minute(first.asked_at) > minute(d.first_info_by)
    {
        earliest(minute(first.asked_at));
    }
    // The 2-day rule is for screening: forwarding is always judged by it, a rejection only if
    // the unit did not first ask the author for information (a rejection because the author
    // never answered is judged by the resolution deadline, paused while waiting).
    let asked = fb.info.iter().any(|r| r.leg == i);
    let screening = match leg.end {
        Some(LegEnd::Forwarded) => true,
        Some(LegEnd::Rejected) => !asked,
        _ => false,
    };
    if let Some(end) = leg.ended_at
        && screening
        && minute(end) > minute(d.reject_by)
    {
        earliest(minute(end));
    }
    limit
}

/// The first minute at which leg `i` is overdue, if it is open then; `None` if it is not
/// overdue (ended on time, or waiting for the author on a request made in time).
pub fn overdue_from(fb: &Feedback, i: usize) -> Option<Timestamp> {
    let l = limit(fb, i);
    match fb.legs[i].ended_at {
        Some(end) if l.is_none_or(|o| minute(end) < o) => None,
        _ => l,
    }
}

/// 5.2: whether leg `i` ended on time (`None` while open).
pub fn leg_on_time(fb: &Feedback, i: usize) -> Option<bool> {
    let end = fb.legs[i].ended_at?;
    Some(limit(fb, i).is_none_or(|o| minute(end) < o))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Approve an answer (or reject / forward in time).
    Resolve,
    /// Publish the approved answer.
    Publish,
}

/// The deadline an open item is listed by ("due soon" and "overdue" lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub at: Timestamp,
}

/// `None` when the item is finished or waits for its author (the clock is paused).
pub fn current_deadline(fb: &Feedback) -> Option<Deadline> {
    if fb.status.is_final() || fb.status == FeedbackStatus::AwaitingInfo {
        return None;
    }
    let o = overdue_from(fb, fb.legs.len() - 1)?;
    Some(Deadline {
        kind: if fb.status == FeedbackStatus::Approved {
            DeadlineKind::Publish
        } else {
            DeadlineKind::Resolve
        },
        at: o - ONE,
    })
}

/// Within time / due soon / overdue at `now`, with the unit's calendar.
pub fn open_state(
    fb: &Feedback,
    now: Timestamp,
    calendar: &WorkingCalendar,
    due_soon_days: u32,
) -> Option<OpenState> {
    let d = current_deadline(fb)?;
    Some(calendar.open_state(to_local(d.at), to_local(now), due_soon_days))
}

/// The counted facts of one leg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegOutcome {
    pub unit: UnitId,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub on_time: Option<bool>,
    pub overdue_from: Option<Timestamp>,
}

/// The counted facts of a feedback item (kept by the store to diff against, like dossiers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackOutcome {
    pub id: FeedbackId,
    /// The unit handling it now (5.1 and 5.3 are counted for it).
    pub unit: UnitId,
    pub first_received: Timestamp,
    pub category: Option<Category>,
    /// 5.3: more dislikes than likes, re-raised, recorded overdue, or a leg ended late.
    pub unsatisfactory: bool,
    pub legs: Vec<LegOutcome>,
}

pub fn feedback_outcome(fb: &Feedback) -> FeedbackOutcome {
    let legs: Vec<LegOutcome> = (0..fb.legs.len())
        .map(|i| LegOutcome {
            unit: fb.legs[i].unit,
            started_at: fb.legs[i].deadlines.started_at,
            ended_at: fb.legs[i].ended_at,
            on_time: leg_on_time(fb, i),
            overdue_from: overdue_from(fb, i),
        })
        .collect();
    FeedbackOutcome {
        id: fb.id,
        unit: fb.unit,
        first_received: fb.submitted_at,
        category: fb.category,
        unsatisfactory: fb.dissatisfied()
            || fb.re_raised
            || fb.overdue_marked
            || legs.iter().any(|l| l.on_time == Some(false)),
        legs,
    }
}

pub fn feedback_contributions(o: &FeedbackOutcome) -> Vec<(FeedbackKey, FeedbackCounters)> {
    let mut rows: Vec<(FeedbackKey, FeedbackCounters)> = Vec::new();
    let mut add = |unit, t: Timestamp, f: &dyn Fn(&mut FeedbackCounters)| {
        let mut c = FeedbackCounters::default();
        f(&mut c);
        rows.push((
            FeedbackKey {
                unit,
                day: day_of(t),
            },
            c,
        ));
    };
    for l in &o.legs {
        add(l.unit, l.started_at, &|c| c.received = 1);
        if let (Some(end), Some(on_time)) = (l.ended_at, l.on_time) {
            add(l.unit, end, &|c| {
                c.finished_on_time = u64::from(on_time);
                c.finished_late = u64::from(!on_time);
            });
        }
        if let Some(od) = l.overdue_from {
            add(l.unit, od, &|c| c.overdue_crossed = 1);
        }
    }
    add(o.unit, o.first_received, &|c| {
        c.first_received = 1;
        c.unsatisfactory = u64::from(o.unsatisfactory);
        c.about_rules = u64::from(o.category == Some(Category::RulesOrProcedure));
        c.about_conduct = u64::from(o.category == Some(Category::OfficerConduct));
    });
    rows.retain(|(_, c)| !c.is_zero());
    rows
}

/// The deltas for an item whose outcome changed from `before` to `after`.
pub fn feedback_deltas(
    before: Option<&FeedbackOutcome>,
    after: Option<&FeedbackOutcome>,
) -> Vec<AggregateDelta<FeedbackKey, FeedbackDelta>> {
    let b = before.map(feedback_contributions).unwrap_or_default();
    let a = after.map(feedback_contributions).unwrap_or_default();
    diff(&b, &a)
}
