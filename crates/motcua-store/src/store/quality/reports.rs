//! Where the time goes (`bottleneck`) and officers' results (`officers`) as queries: the
//! period's dossiers of a unit's tree (one procedure or all) are read with their events in pages
//! of 500 and fed to the domain's accumulators.
//!
//! Cost: these read every event of the chosen dossiers (about ten JSON events each), so they run
//! on their own read connection on a thread of their own, not on the reader pool that serves
//! pages. docs/QUALITY.md states what was measured.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use motcua_calendar::from_local;
use motcua_domain::dossier::{Actor, Event};
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::quality::Period;
use motcua_domain::quality::bottleneck::{BottleneckAccumulator, BottleneckReport, timeline};
use motcua_domain::quality::dossier_outcome::DossierOutcome;
use motcua_domain::quality::feedback::Feedback;
use motcua_domain::quality::officers::{OfficerAccumulator, OfficerRow};
use motcua_domain::quality::satisfaction::ScoredRating;

use super::super::caches::Caches;
use super::super::util::{from_json, id_list, ms};
use super::super::{AppError, AppResult, Store, off_runtime};
use super::scope;
use super::sums::tree;
use crate::error::StoreError;
use crate::sql::{Conn, Value};

const PAGE: usize = 500;

/// At most this many dossiers per report: about 12–25 s on the 2-core machine of docs/QUALITY.md
/// (9,000–17,000 dossiers a second, most of it reading the events). Beyond, the page asks for a
/// narrower choice (one procedure, a shorter period, a smaller unit).
pub const MAX_REPORT_DOSSIERS: usize = 200_000;

fn too_large(n: usize) -> AppError {
    AppError::invalid(
        "quality.report_too_large",
        format!(
            "Báo cáo gồm {n} hồ sơ, vượt quá {MAX_REPORT_DOSSIERS}; vui lòng chọn một thủ tục, kỳ ngắn hơn hoặc đơn vị nhỏ hơn."
        ),
        format!(
            "The report covers {n} dossiers, more than {MAX_REPORT_DOSSIERS}; please choose one procedure, a shorter period or a smaller unit."
        ),
    )
}

/// The events of up to `PAGE` dossiers, by dossier, in order.
fn events_of(conn: &mut dyn Conn, ids: &[i64]) -> Result<BTreeMap<i64, Vec<Event>>, StoreError> {
    let mut out: BTreeMap<i64, Vec<Event>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let texts: Vec<Value> = ids.iter().map(|i| Value::Text(i.to_string())).collect();
    let list = (1..=texts.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql =
        format!("SELECT dossier_id, payload FROM events WHERE dossier_id IN ({list}) ORDER BY seq");
    for r in conn.query(&sql, &texts)? {
        let id: i64 = r
            .get_str(0)?
            .parse()
            .map_err(|_| StoreError::Internal("bad dossier id in events".into()))?;
        out.entry(id)
            .or_default()
            .push(from_json("event payload", r.get_str(1)?)?);
    }
    Ok(out)
}

fn period_bounds(period: &Period) -> (i64, i64) {
    (
        ms(from_local(period.from.at(0, 0, 0, 0))),
        ms(period.end_instant()),
    )
}

fn bottleneck(
    conn: &mut dyn Conn,
    caches: &Caches,
    units: &[i64],
    procedure: Option<&ProcedureCode>,
    period: &Period,
    now: Timestamp,
) -> AppResult<BottleneckReport> {
    let (start, end) = period_bounds(period);
    let (list, mut params) = id_list(3, units);
    params.insert(0, Value::Int(end));
    params.insert(0, Value::Int(start));
    let mut sql = format!(
        "SELECT o.dossier_id, d.receiving_unit_id FROM quality_outcomes o JOIN dossiers d ON d.id = o.dossier_id \
         WHERE o.unit_id IN ({list}) AND o.ended_ms >= $1 AND o.ended_ms < $2"
    );
    if let Some(p) = procedure {
        sql.push_str(&format!(" AND o.procedure_code = ${}", params.len() + 1));
        params.push(p.as_str().into());
    }
    sql.push_str(" ORDER BY o.dossier_id");
    let chosen: Vec<(i64, UnitId)> = conn
        .query(&sql, &params)?
        .iter()
        .map(|r| Ok((r.get_i64(0)?, UnitId(r.get_i64(1)?))))
        .collect::<Result<_, StoreError>>()?;
    if chosen.len() > MAX_REPORT_DOSSIERS {
        return Err(too_large(chosen.len()));
    }
    let mut acc = BottleneckAccumulator::new();
    for page in chosen.chunks(PAGE) {
        let ids: Vec<i64> = page.iter().map(|(id, _)| *id).collect();
        let mut events = events_of(conn, &ids)?;
        for (id, unit) in page {
            let Some(evs) = events.remove(id) else {
                continue;
            };
            let calendar = caches.calendars.for_unit(*unit);
            if let Some(t) = timeline(&evs, &calendar, Some(now)) {
                acc.add(&t);
            }
        }
    }
    Ok(acc.report())
}

fn officers(conn: &mut dyn Conn, units: &[i64], period: &Period) -> AppResult<Vec<OfficerRow>> {
    let (start, end) = period_bounds(period);
    let (list, unit_params) = id_list(3, units);
    let mut params = vec![Value::Int(start), Value::Int(end)];
    params.extend(unit_params);
    // A superset of the dossiers acted on in the period: submitted before its end and written
    // (`updated_at_ms`, the last event) after its start, at a unit of the tree.
    let sql = format!(
        "SELECT id FROM dossiers WHERE submitted_at_ms < $2 AND updated_at_ms >= $1 \
         AND id IN (SELECT dossier_id FROM dossier_units WHERE unit_id IN ({list})) ORDER BY id"
    );
    let ids: Vec<i64> = conn
        .query(&sql, &params)?
        .iter()
        .map(|r| r.get_i64(0))
        .collect::<Result<_, _>>()?;
    if ids.len() > MAX_REPORT_DOSSIERS {
        return Err(too_large(ids.len()));
    }
    let mut acc = OfficerAccumulator::new(*period);
    for page in ids.chunks(PAGE) {
        let mut events = events_of(conn, page)?;
        let (list, p) = id_list(1, page);
        let mut outcomes: BTreeMap<i64, DossierOutcome> = BTreeMap::new();
        for r in conn.query(
            &format!(
                "SELECT dossier_id, outcome FROM quality_outcomes WHERE dossier_id IN ({list})"
            ),
            &p,
        )? {
            outcomes.insert(r.get_i64(0)?, from_json("dossier outcome", r.get_str(1)?)?);
        }
        let mut ratings: BTreeMap<i64, Vec<ScoredRating>> = BTreeMap::new();
        for r in conn.query(
            &format!("SELECT dossier_id, scored FROM satisfaction_ratings WHERE scored IS NOT NULL AND dossier_id IN ({list})"),
            &p,
        )? {
            ratings.entry(r.get_i64(0)?).or_default().push(from_json("scored rating", r.get_str(1)?)?);
        }
        for id in page {
            let (Some(evs), Some(o)) = (events.remove(id), outcomes.get(id)) else {
                continue;
            };
            acc.add_dossier(&evs, o, ratings.get(id).map_or(&[], Vec::as_slice));
        }
    }
    let sql = format!(
        "SELECT state FROM feedback WHERE service_code = 'officer' AND submitted_at_ms >= $1 AND submitted_at_ms < $2 \
         AND first_unit_id IN ({list}) ORDER BY id"
    );
    for r in conn.query(&sql, &params)? {
        let fb: Feedback = from_json("feedback state", r.get_str(0)?)?;
        acc.add_feedback(&fb);
    }
    let tree: BTreeSet<i64> = units.iter().copied().collect();
    Ok(acc
        .report()
        .into_iter()
        .filter(|r| tree.contains(&r.unit.0))
        .collect())
}

impl Store {
    fn report_units(&self, actor: &Actor, unit: UnitId, period: &Period) -> AppResult<Vec<i64>> {
        scope::require(actor, unit)?;
        let units = self.inner.caches.units();
        if units.get(unit, period.to).is_none() {
            return Err(AppError::NotFound);
        }
        Ok(tree(unit, &units.versions, period.to)
            .iter()
            .map(|u| u.0)
            .collect())
    }

    /// Where the time goes for the dossiers of `unit`'s tree (one procedure, or all) that ended
    /// in the period: working time per step and unit, waits, rework, blame for late dossiers.
    /// Officers of the unit only. Reads every event of those dossiers: seconds for a large
    /// province-year, so it runs on its own connection.
    pub async fn bottleneck_report(
        &self,
        actor: &Actor,
        unit: UnitId,
        procedure: Option<ProcedureCode>,
        period: Period,
    ) -> AppResult<BottleneckReport> {
        let units = self.report_units(actor, unit, &period)?;
        let db = self.inner.db.clone();
        let caches = self.inner.caches.clone();
        let now = self.now();
        off_runtime(move || -> AppResult<BottleneckReport> {
            let mut conn = db.connect_read()?;
            conn.begin_read()?;
            let r = bottleneck(
                &mut *conn,
                &caches,
                &units,
                procedure.as_ref(),
                &period,
                now,
            )?;
            conn.commit()?;
            Ok(r)
        })
        .await
    }

    /// Officers' results for the period (dossiers handled, on-time share, satisfaction,
    /// feedback about them) for officers acting for units of `unit`'s tree. CSV:
    /// `motcua_domain::quality::officers::to_csv`.
    pub async fn officers_report(
        &self,
        actor: &Actor,
        unit: UnitId,
        period: Period,
    ) -> AppResult<Vec<OfficerRow>> {
        let units = self.report_units(actor, unit, &period)?;
        let db = self.inner.db.clone();
        off_runtime(move || -> AppResult<Vec<OfficerRow>> {
            let mut conn = db.connect_read()?;
            conn.begin_read()?;
            let r = officers(&mut *conn, &units, &period)?;
            conn.commit()?;
            Ok(r)
        })
        .await
    }
}
