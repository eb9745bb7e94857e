//! Where the time goes (issue §6): per procedure and period, the working time spent per internal
//! step and per unit (median, p90), time waiting for the applicant, rework loops, and for late
//! dossiers the share explained by each step. [`timeline`] reads one dossier's events;
//! [`BottleneckAccumulator`] adds many and reports.
//!
//! Quantiles are exact over the sample, by the nearest-rank method (p-th percentile = the value
//! at rank ⌈p/100 × n⌉ of the sorted sample; the median is p50, the lower middle value for an
//! even count). One sample per dossier and step (visits added), so memory is one `i64` per
//! dossier and step: a procedure's year is a few hundred thousand numbers at most.

mod timeline;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use timeline::{DossierTimeline, StepTime, timeline};

use crate::ids::UnitId;

/// Nearest-rank percentile of a sorted sample.
fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    Some(sorted[(rank - 1) as usize])
}

/// Summary of a sample of working minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    pub count: u64,
    pub median: Option<i64>,
    pub p90: Option<i64>,
    /// Rounded down to the minute.
    pub mean: Option<i64>,
    pub max: Option<i64>,
}

impl Spread {
    fn of(mut sample: Vec<i64>) -> Spread {
        sample.sort_unstable();
        let n = sample.len() as i64;
        Spread {
            count: n as u64,
            median: percentile(&sample, 50),
            p90: percentile(&sample, 90),
            mean: (n > 0).then(|| sample.iter().sum::<i64>() / n),
            max: sample.last().copied(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    pub step: String,
    pub unit: UnitId,
    /// Working minutes per dossier at this step.
    pub minutes: Spread,
    /// Dossiers whose time at this step exceeded its allotted time.
    pub overran: u64,
    /// Late dossiers blamed on this step.
    pub blamed: u64,
    /// `blamed` ÷ all late dossiers, in percent rounded to 2 decimals.
    pub late_share: Option<crate::quality::Decimal2>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit: UnitId,
    /// Working minutes per dossier at this unit (all its steps).
    pub minutes: Spread,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BottleneckReport {
    pub dossiers: u64,
    pub late: u64,
    /// Late dossiers no step overran (the allotted times exceed the legal limit).
    pub late_unexplained: u64,
    pub steps: Vec<StepRow>,
    pub units: Vec<UnitRow>,
    /// Working minutes waiting for the applicant, per dossier that waited.
    pub waiting: Spread,
    pub supplement_requests: u64,
    pub sent_back: u64,
    pub transfers: u64,
    /// Dossiers with at least one supplement request or send-back.
    pub with_rework: u64,
}

#[derive(Debug, Clone, Default)]
pub struct BottleneckAccumulator {
    steps: BTreeMap<(String, UnitId), (Vec<i64>, u64, u64)>,
    units: BTreeMap<UnitId, Vec<i64>>,
    waiting: Vec<i64>,
    dossiers: u64,
    late: u64,
    late_unexplained: u64,
    supplement_requests: u64,
    sent_back: u64,
    transfers: u64,
    with_rework: u64,
}

impl BottleneckAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one dossier (the caller chooses which: e.g. those of a procedure ended in a period).
    pub fn add(&mut self, t: &DossierTimeline) {
        self.dossiers += 1;
        let mut per_unit: BTreeMap<UnitId, i64> = BTreeMap::new();
        for (i, s) in t.steps.iter().enumerate() {
            let e = self.steps.entry((s.step.clone(), s.unit)).or_default();
            e.0.push(s.minutes);
            e.1 += u64::from(s.overrun() > 0);
            e.2 += u64::from(t.blamed == Some(i));
            *per_unit.entry(s.unit).or_default() += s.minutes;
        }
        for (u, m) in per_unit {
            self.units.entry(u).or_default().push(m);
        }
        let waited = t.waiting_reception + t.waiting_processing;
        if t.supplement_requests > 0 {
            self.waiting.push(waited);
        }
        if t.late == Some(true) {
            self.late += 1;
            self.late_unexplained += u64::from(t.blamed.is_none());
        }
        self.supplement_requests += u64::from(t.supplement_requests);
        self.sent_back += u64::from(t.sent_back);
        self.transfers += u64::from(t.transfers);
        self.with_rework += u64::from(t.had_rework());
    }

    pub fn report(&self) -> BottleneckReport {
        let late = self.late;
        BottleneckReport {
            dossiers: self.dossiers,
            late,
            late_unexplained: self.late_unexplained,
            steps: self
                .steps
                .iter()
                .map(|((step, unit), (sample, overran, blamed))| StepRow {
                    step: step.clone(),
                    unit: *unit,
                    minutes: Spread::of(sample.clone()),
                    overran: *overran,
                    blamed: *blamed,
                    late_share: crate::quality::Fraction::new(
                        u128::from(*blamed),
                        u128::from(late),
                    )
                    .map(|f| f.percent()),
                })
                .collect(),
            units: self
                .units
                .iter()
                .map(|(u, sample)| UnitRow {
                    unit: *u,
                    minutes: Spread::of(sample.clone()),
                })
                .collect(),
            waiting: Spread::of(self.waiting.clone()),
            supplement_requests: self.supplement_requests,
            sent_back: self.sent_back,
            transfers: self.transfers,
            with_rework: self.with_rework,
        }
    }
}

#[cfg(test)]
mod tests;
