//! The write path of the aggregates: deltas of `dossier_deltas` / `feedback_deltas` added to the
//! rows by UPSERT, inside the writer job that records the events (docs/QUALITY.md §2).
//!
//! A day delta is added to its day row and to the month and year rows containing it (see
//! `grain`); deltas of one job are merged by row first, so a job writes each row once. Only the
//! exact day rows are checked for underflow: if one of them went below zero the rows disagree
//! with the log, the job still commits (the dossier's legal record must not fail because of a
//! statistic) and `quality_state.dirty` asks for a rebuild.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::procedure::Channel;
use motcua_domain::quality::aggregate::{
    AggregateDelta, AggregateKey, Counters, DossierCounters, DossierDelta, FeedbackCounters,
    FeedbackDelta, FeedbackKey,
};

use super::grain::Grain;
use crate::error::StoreError;
use crate::sql::{Conn, Value};

pub(crate) fn channel_str(c: Channel) -> &'static str {
    match c {
        Channel::Online => "online",
        Channel::Desk => "desk",
        Channel::Post => "post",
    }
}

pub(crate) fn parse_channel(s: &str) -> Result<Channel, StoreError> {
    Channel::ALL
        .into_iter()
        .find(|c| channel_str(*c) == s)
        .ok_or_else(|| StoreError::Internal(format!("unknown channel {s:?}")))
}

/// `a = t.a + excluded.a, …` for an upsert of `table`.
fn add_columns(table: &str, fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("{f} = {table}.{f} + excluded.{f}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn upsert_sql(table: &str, keys: &[&str], fields: &[&str], check: bool) -> String {
    let negative = fields
        .iter()
        .map(|f| format!("{f} < 0"))
        .collect::<Vec<_>>()
        .join(" OR ");
    format!(
        "INSERT INTO {table} ({}, {}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}{}",
        keys.join(", "),
        fields.join(", "),
        placeholders(1, keys.len() + fields.len()),
        keys.join(", "),
        add_columns(table, fields),
        if check {
            format!(" RETURNING CASE WHEN {negative} THEN 1 ELSE 0 END AS bad")
        } else {
            String::new()
        }
    )
}

const DOSSIER_KEY: &[&str] = &["grain", "unit_id", "day", "procedure_code", "channel"];
const UNIT_KEY: &[&str] = &["grain", "unit_id", "day"];
const ONLINE_KEY: &[&str] = &["grain", "unit_id", "day", "procedure_code"];

static DOSSIER_DAY_SQL: LazyLock<String> = LazyLock::new(|| {
    upsert_sql(
        "quality_dossier_rows",
        DOSSIER_KEY,
        DossierCounters::FIELDS,
        true,
    )
});
static DOSSIER_SQL: LazyLock<String> = LazyLock::new(|| {
    upsert_sql(
        "quality_dossier_rows",
        DOSSIER_KEY,
        DossierCounters::FIELDS,
        false,
    )
});
static UNIT_SQL: LazyLock<String> = LazyLock::new(|| {
    upsert_sql(
        "quality_unit_rows",
        UNIT_KEY,
        DossierCounters::FIELDS,
        false,
    )
});
static ONLINE_SQL: LazyLock<String> =
    LazyLock::new(|| upsert_sql("quality_online_rows", ONLINE_KEY, &["received"], false));
static FEEDBACK_DAY_SQL: LazyLock<String> = LazyLock::new(|| {
    upsert_sql(
        "quality_feedback_rows",
        UNIT_KEY,
        FeedbackCounters::FIELDS,
        true,
    )
});
static FEEDBACK_SQL: LazyLock<String> = LazyLock::new(|| {
    upsert_sql(
        "quality_feedback_rows",
        UNIT_KEY,
        FeedbackCounters::FIELDS,
        false,
    )
});

type FullKey = (Grain, UnitId, Date, ProcedureCode, Channel);

/// Deltas of one job (or one chunk of a rebuild), merged by row, written by `flush`.
#[derive(Default)]
pub(crate) struct DeltaSink {
    dossier: BTreeMap<FullKey, DossierDelta>,
    unit: BTreeMap<(Grain, UnitId, Date), DossierDelta>,
    online: BTreeMap<(Grain, UnitId, Date, ProcedureCode), i64>,
    feedback: BTreeMap<(Grain, UnitId, Date), FeedbackDelta>,
}

fn merge<K: Ord, D: Default + Copy>(map: &mut BTreeMap<K, D>, key: K, d: &D, add: fn(&mut D, &D)) {
    add(map.entry(key).or_default(), d);
}

impl DeltaSink {
    pub fn add_dossier(&mut self, deltas: &[AggregateDelta<AggregateKey, DossierDelta>]) {
        let add = <DossierCounters as Counters>::add_delta;
        for d in deltas {
            let k = &d.key;
            for g in [Grain::Day, Grain::Month] {
                let key = (g, k.unit, g.start(k.day), k.procedure.clone(), k.channel);
                merge(&mut self.dossier, key, &d.delta, add);
            }
            for g in [Grain::Day, Grain::Month, Grain::Year] {
                merge(&mut self.unit, (g, k.unit, g.start(k.day)), &d.delta, add);
                if k.channel == Channel::Online && d.delta.received != 0 {
                    let key = (g, k.unit, g.start(k.day), k.procedure.clone());
                    *self.online.entry(key).or_default() += d.delta.received;
                }
            }
        }
    }

    pub fn add_feedback(&mut self, deltas: &[AggregateDelta<FeedbackKey, FeedbackDelta>]) {
        let add = <FeedbackCounters as Counters>::add_delta;
        for d in deltas {
            for g in [Grain::Day, Grain::Month, Grain::Year] {
                let key = (g, d.key.unit, g.start(d.key.day));
                merge(&mut self.feedback, key, &d.delta, add);
            }
        }
    }

    /// Writes every merged row; returns whether an exact day row went below zero.
    pub fn flush(self, conn: &mut dyn Conn) -> Result<bool, StoreError> {
        let mut underflow = false;
        for ((g, unit, day, procedure, channel), d) in self.dossier {
            if DossierCounters::delta_is_zero(&d) {
                continue;
            }
            let mut params: Vec<Value> = vec![
                g.as_str().into(),
                Value::Int(unit.0),
                day.to_string().into(),
                procedure.as_str().into(),
                channel_str(channel).into(),
            ];
            params.extend(d.values().into_iter().map(Value::Int));
            if g == Grain::Day {
                let bad = conn.query_one(&DOSSIER_DAY_SQL, &params)?.get_i64(0)?;
                underflow |= bad != 0;
            } else {
                conn.execute(&DOSSIER_SQL, &params)?;
            }
        }
        for ((g, unit, day), d) in self.unit {
            if DossierCounters::delta_is_zero(&d) {
                continue;
            }
            let mut params: Vec<Value> = vec![
                g.as_str().into(),
                Value::Int(unit.0),
                day.to_string().into(),
            ];
            params.extend(d.values().into_iter().map(Value::Int));
            conn.execute(&UNIT_SQL, &params)?;
        }
        for ((g, unit, day, procedure), n) in self.online {
            if n == 0 {
                continue;
            }
            conn.execute(
                &ONLINE_SQL,
                &[
                    g.as_str().into(),
                    Value::Int(unit.0),
                    day.to_string().into(),
                    procedure.as_str().into(),
                    Value::Int(n),
                ],
            )?;
        }
        for ((g, unit, day), d) in self.feedback {
            if FeedbackCounters::delta_is_zero(&d) {
                continue;
            }
            let mut params: Vec<Value> = vec![
                g.as_str().into(),
                Value::Int(unit.0),
                day.to_string().into(),
            ];
            params.extend(d.values().into_iter().map(Value::Int));
            if g == Grain::Day {
                let bad = conn.query_one(&FEEDBACK_DAY_SQL, &params)?.get_i64(0)?;
                underflow |= bad != 0;
            } else {
                conn.execute(&FEEDBACK_SQL, &params)?;
            }
        }
        if underflow {
            mark_dirty(conn, "a counter went below zero")?;
        }
        Ok(underflow)
    }
}

/// Records that the rows disagree with the log (a rebuild clears it).
pub(crate) fn mark_dirty(conn: &mut dyn Conn, why: &str) -> Result<(), StoreError> {
    tracing::warn!(
        why,
        "quality aggregates disagree with the event log; a rebuild is needed"
    );
    conn.execute(
        "UPDATE quality_state SET dirty = 1, note = $1 WHERE id = 1",
        &[why.into()],
    )?;
    Ok(())
}

/// Writes the deltas of one job now.
pub(crate) fn apply_dossier_deltas(
    conn: &mut dyn Conn,
    deltas: &[AggregateDelta<AggregateKey, DossierDelta>],
) -> Result<(), StoreError> {
    let mut sink = DeltaSink::default();
    sink.add_dossier(deltas);
    sink.flush(conn).map(|_| ())
}

pub(crate) fn apply_feedback_deltas(
    conn: &mut dyn Conn,
    deltas: &[AggregateDelta<FeedbackKey, FeedbackDelta>],
) -> Result<(), StoreError> {
    let mut sink = DeltaSink::default();
    sink.add_feedback(deltas);
    sink.flush(conn).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upserts_add_and_report_negatives() {
        let sql = upsert_sql("t", &["k"], &["a", "b"], true);
        assert_eq!(
            sql,
            "INSERT INTO t (k, a, b) VALUES ($1, $2, $3) ON CONFLICT (k) DO UPDATE SET \
             a = t.a + excluded.a, b = t.b + excluded.b RETURNING CASE WHEN a < 0 OR b < 0 THEN 1 ELSE 0 END AS bad"
        );
    }
}
