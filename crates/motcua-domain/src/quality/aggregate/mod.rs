//! Additive daily aggregates, kept exact by deltas.
//!
//! Each dossier contributes counts to at most four rows of its (unit, procedure, channel): its
//! reception day, its end day, its result day and the day it became overdue (see the field
//! docs of [`DossierCounters`]). When an event changes the dossier, the store computes the
//! outcome after the event, diffs it with the outcome it kept from before ([`dossier_deltas`])
//! and adds the deltas to the rows **in the same transaction as the event**; the aggregates can
//! then never disagree with the event log, and a period's index is a sum of rows.
//!
//! Open dossiers are a stock, not a flow: "received before the end of the period and not ended
//! before its start". That needs the rows before the period too ([`PeriodTotals::before`]); the
//! store can read it as one SUM over earlier rows, or as "all-time total − rows from the period
//! start on" from a per-key running total. docs/QUALITY.md derives the formulas.

mod counters;
mod sum;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use counters::{
    CounterUnderflow, Counters, DossierCounters, DossierDelta, FeedbackCounters, FeedbackDelta,
};
pub use sum::{PeriodSummer, PeriodTotals, units_under};

use super::dossier_outcome::{DossierOutcome, day_of};
use crate::ids::{ProcedureCode, UnitId};
use crate::procedure::Channel;

/// The key of a daily dossier row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AggregateKey {
    pub unit: UnitId,
    pub procedure: ProcedureCode,
    pub channel: Channel,
    pub day: Date,
}

/// One stored row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyAggregate {
    pub key: AggregateKey,
    pub counters: DossierCounters,
}

/// The key of a daily feedback row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FeedbackKey {
    pub unit: UnitId,
    pub day: Date,
}

/// A change to add to one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregateDelta<K, D> {
    pub key: K,
    pub delta: D,
}

/// Everything one dossier contributes, by row (rows merged, zero rows left out).
pub fn dossier_contributions(o: &DossierOutcome) -> Vec<(AggregateKey, DossierCounters)> {
    let key = |day| AggregateKey {
        unit: o.unit,
        procedure: o.procedure.clone(),
        channel: o.channel,
        day,
    };
    let mut rows: BTreeMap<AggregateKey, DossierCounters> = BTreeMap::new();
    let mut at = |day: Date, f: &dyn Fn(&mut DossierCounters)| f(rows.entry(key(day)).or_default());
    let b = u64::from;
    if let Some(r) = o.received_at {
        at(day_of(r), &|c| {
            c.received += 1;
            c.online_ok += b(o.online_ok);
            c.via_desk += b(o.channel == Channel::Desk);
            c.via_post += b(o.channel == Channel::Post);
            c.digitised += b(o.digitised);
            c.reused += b(o.reused);
            c.personal_store += b(o.personal_store);
            c.dissatisfied += b(o.dissatisfied);
            if let Some(m) = o.resolution_minutes {
                c.resolved += 1;
                c.resolution_minutes += m;
            }
        });
        if let (Some(end), Some(on_time)) = (o.ended_at, o.on_time) {
            at(day_of(end), &|c| {
                c.finished_on_time += b(on_time);
                c.finished_late += b(!on_time);
            });
        }
        if let Some(od) = o.overdue_from {
            at(day_of(od), &|c| c.overdue_crossed += 1);
        }
        if let Some(res) = o.result_at.filter(|_| o.result_is_document) {
            at(day_of(res), &|c| {
                c.doc_results += 1;
                c.e_results += b(o.e_result);
            });
        }
    }
    if let Some(refused) = o.refused_at {
        at(day_of(refused), &|c| c.refused += 1);
    }
    rows.into_iter().filter(|(_, c)| !c.is_zero()).collect()
}

/// `after − before`, by row: what to add to the stored rows. Zero deltas are left out.
pub fn diff<K: Ord + Clone, C: Counters>(
    before: &[(K, C)],
    after: &[(K, C)],
) -> Vec<AggregateDelta<K, C::Delta>> {
    let mut rows: BTreeMap<K, (C, C)> = BTreeMap::new();
    for (k, c) in before {
        rows.entry(k.clone()).or_default().0.add(c);
    }
    for (k, c) in after {
        rows.entry(k.clone()).or_default().1.add(c);
    }
    rows.into_iter()
        .map(|(key, (b, a))| AggregateDelta {
            key,
            delta: C::delta(&b, &a),
        })
        .filter(|d| !C::delta_is_zero(&d.delta))
        .collect()
}

/// The deltas for a dossier whose outcome changed from `before` to `after` (`None`: the
/// dossier did not count / no longer counts, e.g. when rebuilding).
pub fn dossier_deltas(
    before: Option<&DossierOutcome>,
    after: Option<&DossierOutcome>,
) -> Vec<AggregateDelta<AggregateKey, DossierDelta>> {
    let b = before.map(dossier_contributions).unwrap_or_default();
    let a = after.map(dossier_contributions).unwrap_or_default();
    diff(&b, &a)
}

/// Applies deltas to an in-memory map of rows (the store does the same with UPSERTs). Rows that
/// fall to zero are removed. Fails on the first underflow, leaving earlier rows applied.
pub fn apply_deltas<K: Ord + Clone, C: Counters>(
    rows: &mut BTreeMap<K, C>,
    deltas: &[AggregateDelta<K, C::Delta>],
) -> Result<(), CounterUnderflow> {
    for d in deltas {
        let row = rows.entry(d.key.clone()).or_default();
        row.apply(&d.delta)?;
        if row.is_zero() {
            rows.remove(&d.key);
        }
    }
    Ok(())
}
