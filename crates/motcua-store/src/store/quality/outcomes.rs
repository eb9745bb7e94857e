//! The counted facts of each dossier, kept in `quality_outcomes` and diffed on every write
//! (docs/QUALITY.md §2 "What the store does per event"), and the rebuild of the aggregates from
//! the dossiers' states (for the first start after the migration, and for repair).

use jiff::Timestamp;
use motcua_domain::dossier::Dossier;
use motcua_domain::ids::DossierId;
use motcua_domain::quality::aggregate::dossier_deltas;
use motcua_domain::quality::config::CountingRules;
use motcua_domain::quality::dossier_outcome::{DossierExtras, DossierOutcome, OutcomeCtx, outcome};
use motcua_domain::quality::feedback::{Feedback, feedback_deltas, feedback_outcome};

use super::super::dossiers::JobEnv;
use super::super::util::{from_json, json, ms};
use super::super::{AppError, AppResult};
use super::rows::{DeltaSink, apply_dossier_deltas, channel_str};
use crate::error::StoreError;
use crate::sql::{Conn, Dialect, Value};

/// The facts of `d` now. The counting rules are those of the version in force on its reception
/// day (docs/QUALITY.md §9: "For counting, use the version in force on the dossier's reception
/// day"); before reception, on the day it was submitted.
pub(crate) fn compute(
    env: &JobEnv,
    d: &Dossier,
    extras: DossierExtras,
) -> AppResult<DossierOutcome> {
    let config = env.caches.quality();
    let counted_on = d.received_at.unwrap_or(d.submitted_at);
    let day = motcua_domain::quality::dossier_outcome::day_of(counted_on);
    let default_rules = CountingRules::default();
    let rules = config
        .index766
        .in_force(day)
        .map_or(&default_rules, |v| &v.counting);
    let procedure = env
        .caches
        .catalog()
        .by_id
        .get(&d.procedure)
        .cloned()
        .ok_or_else(|| {
            AppError::Store(StoreError::Internal(format!(
                "procedure version {} missing",
                d.procedure
            )))
        })?;
    let calendar = env.caches.calendars.for_unit(d.receiving_unit);
    Ok(outcome(
        d,
        &OutcomeCtx {
            rules,
            calendar: &calendar,
            result_is_document: procedure.version.result_is_document,
            extras,
        },
    ))
}

/// Facts about the dossier kept outside its events: a dissatisfied rating, feedback about it.
pub(crate) fn extras(conn: &mut dyn Conn, id: DossierId) -> Result<DossierExtras, StoreError> {
    let rated_dissatisfied = conn
        .query_opt(
            "SELECT 1 FROM satisfaction_ratings WHERE dossier_id = $1 AND dissatisfied = 1 LIMIT 1",
            &[Value::Int(id.0)],
        )?
        .is_some();
    let has_feedback = conn
        .query_opt(
            "SELECT 1 FROM feedback WHERE subject_dossier_id = $1 AND by_applicant = 1 LIMIT 1",
            &[Value::Int(id.0)],
        )?
        .is_some();
    Ok(DossierExtras {
        rated_dissatisfied,
        has_feedback,
    })
}

pub(crate) fn load(
    conn: &mut dyn Conn,
    id: DossierId,
) -> Result<Option<DossierOutcome>, StoreError> {
    conn.query_opt(
        "SELECT outcome FROM quality_outcomes WHERE dossier_id = $1",
        &[Value::Int(id.0)],
    )?
    .map(|r| from_json("dossier outcome", r.get_str(0)?))
    .transpose()
}

fn opt_ms(t: Option<Timestamp>) -> Value {
    t.map(ms).into()
}

fn store(conn: &mut dyn Conn, o: &DossierOutcome) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO quality_outcomes (dossier_id, unit_id, procedure_code, channel, received_ms, refused_ms, ended_ms, \
         overdue_from_ms, on_time, result_ms, result_is_document, e_result, online_ok, digitised, reused, personal_store, \
         dissatisfied, resolution_minutes, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
         ON CONFLICT (dossier_id) DO UPDATE SET unit_id = excluded.unit_id, procedure_code = excluded.procedure_code, \
         channel = excluded.channel, received_ms = excluded.received_ms, refused_ms = excluded.refused_ms, \
         ended_ms = excluded.ended_ms, overdue_from_ms = excluded.overdue_from_ms, on_time = excluded.on_time, \
         result_ms = excluded.result_ms, result_is_document = excluded.result_is_document, e_result = excluded.e_result, \
         online_ok = excluded.online_ok, digitised = excluded.digitised, reused = excluded.reused, \
         personal_store = excluded.personal_store, dissatisfied = excluded.dissatisfied, \
         resolution_minutes = excluded.resolution_minutes, outcome = excluded.outcome",
        &[
            Value::Int(o.dossier.0),
            Value::Int(o.unit.0),
            o.procedure.as_str().into(),
            channel_str(o.channel).into(),
            opt_ms(o.received_at),
            opt_ms(o.refused_at),
            opt_ms(o.ended_at),
            opt_ms(o.overdue_from),
            o.on_time.into(),
            opt_ms(o.result_at),
            o.result_is_document.into(),
            o.e_result.into(),
            o.online_ok.into(),
            o.digitised.into(),
            o.reused.into(),
            o.personal_store.into(),
            o.dissatisfied.into(),
            o.resolution_minutes.map(|m| m as i64).into(),
            json(o).into(),
        ],
    )?;
    Ok(())
}

/// The hook of every job that wrote a dossier (submit, execute, recompute, the demo generator):
/// diffs the facts kept from before with the facts now and adds the deltas to the rows, in the
/// job's transaction. `fresh`: the dossier was created by this job (nothing kept, no extras).
pub(crate) fn dossier_written(
    conn: &mut dyn Conn,
    env: &JobEnv,
    d: &Dossier,
    fresh: bool,
) -> AppResult<()> {
    let (before, extras) = if fresh {
        (None, DossierExtras::default())
    } else {
        (load(conn, d.id)?, extras(conn, d.id)?)
    };
    let after = compute(env, d, extras)?;
    if before.as_ref() == Some(&after) {
        return Ok(());
    }
    apply_dossier_deltas(conn, &dossier_deltas(before.as_ref(), Some(&after)))?;
    store(conn, &after)?;
    Ok(())
}

/// PostgreSQL with several app nodes: locks the dossier's row, so that a job of another node
/// writing the same dossier either committed before (and its kept outcome is read here) or waits
/// for this transaction (its hook then reads the outcome kept here). Dossier jobs lock the row by
/// their versioned UPDATE before their hook reads the kept outcome. SQLite has one writer.
fn lock(conn: &mut dyn Conn, id: DossierId) -> Result<(), StoreError> {
    if conn.dialect() == Dialect::Postgres {
        conn.execute(
            "UPDATE dossiers SET version = version WHERE id = $1",
            &[Value::Int(id.0)],
        )?;
    }
    Ok(())
}

/// Recomputes a dossier's facts after a change outside its events (a rating, feedback about it).
pub(crate) fn refresh(conn: &mut dyn Conn, env: &JobEnv, id: DossierId) -> AppResult<()> {
    lock(conn, id)?;
    let Some(r) = conn.query_opt(
        "SELECT state FROM dossiers WHERE id = $1",
        &[Value::Int(id.0)],
    )?
    else {
        return Ok(());
    };
    let d: Dossier = from_json("dossier state", r.get_str(0)?)?;
    dossier_written(conn, env, &d, false)
}

/// Deletes every aggregate row and kept outcome, and rebuilds the feedback rows from the items'
/// states (few; dossiers follow in chunks, `fill`). A dossier written meanwhile has no kept
/// outcome, so its job adds its whole contribution: the rows stay exact during the rebuild.
pub(crate) fn clear(conn: &mut dyn Conn, now: Timestamp) -> AppResult<()> {
    for table in [
        "quality_dossier_rows",
        "quality_unit_rows",
        "quality_online_rows",
        "quality_feedback_rows",
        "quality_outcomes",
    ] {
        conn.execute(&format!("DELETE FROM {table}"), &[])?;
    }
    let mut sink = DeltaSink::default();
    let mut last = 0i64;
    loop {
        let rows = conn.query(
            "SELECT id, state FROM feedback WHERE id > $1 ORDER BY id LIMIT 500",
            &[Value::Int(last)],
        )?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            last = r.get_i64(0)?;
            let fb: Feedback = from_json("feedback state", r.get_str(1)?)?;
            let o = feedback_outcome(&fb);
            sink.add_feedback(&feedback_deltas(None, Some(&o)));
            conn.execute(
                "UPDATE feedback SET outcome = $1 WHERE id = $2",
                &[json(&o).into(), Value::Int(last)],
            )?;
        }
    }
    sink.flush(conn)?;
    conn.execute(
        "UPDATE quality_state SET dirty = 0, note = NULL, rebuilt_at_ms = $1 WHERE id = 1",
        &[Value::Int(ms(now))],
    )?;
    Ok(())
}

/// Adds the facts of up to `limit` dossiers with an id above `after` that have none kept;
/// returns the last id looked at and how many were added (`None` when there are no more).
pub(crate) fn fill(
    conn: &mut dyn Conn,
    env: &JobEnv,
    after: i64,
    limit: i64,
) -> AppResult<Option<(i64, u64)>> {
    let ids: Vec<i64> = conn
        .query(
            "SELECT d.id FROM dossiers d WHERE d.id > $1 \
             AND NOT EXISTS (SELECT 1 FROM quality_outcomes o WHERE o.dossier_id = d.id) ORDER BY d.id LIMIT $2",
            &[Value::Int(after), Value::Int(limit)],
        )?
        .iter()
        .map(|r| r.get_i64(0))
        .collect::<Result<_, _>>()?;
    let Some(last) = ids.last().copied() else {
        return Ok(None);
    };
    let mut sink = DeltaSink::default();
    let mut added = 0;
    for id in ids {
        lock(conn, DossierId(id))?;
        let taken = conn
            .query_opt(
                "SELECT 1 FROM quality_outcomes WHERE dossier_id = $1",
                &[Value::Int(id)],
            )?
            .is_some();
        if taken {
            continue; // written meanwhile by another node's job, which counted it
        }
        let r = conn.query_one(
            "SELECT state FROM dossiers WHERE id = $1",
            &[Value::Int(id)],
        )?;
        let d: Dossier = from_json("dossier state", r.get_str(0)?)?;
        let o = compute(env, &d, extras(conn, d.id)?)?;
        sink.add_dossier(&dossier_deltas(None, Some(&o)));
        store(conn, &o)?;
        added += 1;
    }
    sink.flush(conn)?;
    Ok(Some((last, added)))
}
