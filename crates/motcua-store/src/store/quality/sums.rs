//! The read path of the aggregates: per-unit `PeriodTotals` of a period (the rows before it and
//! inside it, docs/QUALITY.md §3) from the unit roll-ups, the procedures with an online
//! reception (indicator 3.2), and the catalog facts of a set of units (1.3, 3.1, 3.2).
//!
//! Each piece of the cover (`grain`) is one `SUM … GROUP BY unit_id` over a range of the primary
//! key; a piece lies wholly before or wholly inside the period, so its rows are classified by
//! `PeriodTotals::add_row` with the piece's first day.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::procedure::{Level, StoredProcedure};
use motcua_domain::quality::Period;
use motcua_domain::quality::aggregate::{
    Counters, DossierCounters, FeedbackCounters, PeriodTotals, units_under,
};
use motcua_domain::quality::index766::CatalogFacts;
use motcua_domain::unit::{UnitKind, UnitVersion};

use super::super::UnitInfo;
use super::super::util::id_list;
use super::grain::{Grain, Piece, before, cover};
use crate::error::StoreError;
use crate::sql::{Conn, Row, Value};

/// The pieces a period needs: everything before it, then the period itself.
pub(crate) fn period_pieces(period: &Period, max: Grain) -> Vec<Piece> {
    let end = period.to.tomorrow().unwrap_or(period.to);
    let mut p = before(period.from, max);
    p.extend(cover(period.from, end, max));
    p
}

fn sum_columns(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("CAST(SUM({f}) AS BIGINT) AS {f}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn counters<C: Counters, const N: usize>(
    r: &Row,
    from: usize,
    make: fn([u64; N]) -> C,
) -> Result<C, StoreError> {
    let mut v = [0u64; N];
    for (i, x) in v.iter_mut().enumerate() {
        *x = r.get_i64(from + i)?.max(0) as u64;
    }
    Ok(make(v))
}

/// Sums per unit of `table` (unit roll-ups of dossiers or feedback) over the period's pieces.
fn totals<C: Counters, const N: usize>(
    conn: &mut dyn Conn,
    table: &str,
    units: &[UnitId],
    period: &Period,
    make: fn([u64; N]) -> C,
) -> Result<BTreeMap<UnitId, PeriodTotals<C>>, StoreError> {
    let mut out: BTreeMap<UnitId, PeriodTotals<C>> = BTreeMap::new();
    if units.is_empty() {
        return Ok(out);
    }
    let ids: Vec<i64> = units.iter().map(|u| u.0).collect();
    let (list, unit_params) = id_list(4, &ids);
    let sql = format!(
        "SELECT unit_id, {} FROM {table} WHERE grain = $1 AND day >= $2 AND day < $3 AND unit_id IN ({list}) GROUP BY unit_id",
        sum_columns(C::FIELDS)
    );
    for piece in period_pieces(period, Grain::Year) {
        let mut params: Vec<Value> = vec![
            piece.grain.as_str().into(),
            piece.start_text().into(),
            piece.end_text().into(),
        ];
        params.extend(unit_params.iter().cloned());
        for r in conn.query(&sql, &params)? {
            let c = counters(&r, 1, make)?;
            out.entry(UnitId(r.get_i64(0)?))
                .or_default()
                .add_row(period, piece.from, &c);
        }
    }
    Ok(out)
}

pub(crate) fn dossier_totals(
    conn: &mut dyn Conn,
    units: &[UnitId],
    period: &Period,
) -> Result<BTreeMap<UnitId, PeriodTotals<DossierCounters>>, StoreError> {
    totals(
        conn,
        "quality_unit_rows",
        units,
        period,
        DossierCounters::from_values,
    )
}

pub(crate) fn feedback_totals(
    conn: &mut dyn Conn,
    units: &[UnitId],
    period: &Period,
) -> Result<BTreeMap<UnitId, PeriodTotals<FeedbackCounters>>, StoreError> {
    totals(
        conn,
        "quality_feedback_rows",
        units,
        period,
        FeedbackCounters::from_values,
    )
}

/// Per unit, the procedures with at least one online dossier received in the period (3.2).
pub(crate) fn online_procedures(
    conn: &mut dyn Conn,
    units: &[UnitId],
    period: &Period,
) -> Result<BTreeMap<UnitId, BTreeSet<ProcedureCode>>, StoreError> {
    let mut out: BTreeMap<UnitId, BTreeSet<ProcedureCode>> = BTreeMap::new();
    if units.is_empty() {
        return Ok(out);
    }
    let ids: Vec<i64> = units.iter().map(|u| u.0).collect();
    let (list, unit_params) = id_list(4, &ids);
    let sql = format!(
        "SELECT DISTINCT unit_id, procedure_code FROM quality_online_rows \
         WHERE grain = $1 AND day >= $2 AND day < $3 AND received > 0 AND unit_id IN ({list})"
    );
    let end = period.to.tomorrow().unwrap_or(period.to);
    for piece in cover(period.from, end, Grain::Year) {
        let mut params: Vec<Value> = vec![
            piece.grain.as_str().into(),
            piece.start_text().into(),
            piece.end_text().into(),
        ];
        params.extend(unit_params.iter().cloned());
        for r in conn.query(&sql, &params)? {
            let code = ProcedureCode::parse(r.get_str(1)?)
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            out.entry(UnitId(r.get_i64(0)?)).or_default().insert(code);
        }
    }
    Ok(out)
}

/// Which of `candidates` had at least one online dossier received in the period at one of
/// `units` (3.2 for a whole tree): one probe of `quality_online_by_procedure` per procedure and
/// piece, coarsest piece first, stopping at the first row found. (`unit_id + 0` keeps SQLite
/// from choosing the primary key, which would read every row of the period.)
pub(crate) fn online_among(
    conn: &mut dyn Conn,
    units: &[UnitId],
    period: &Period,
    candidates: &[ProcedureCode],
) -> Result<BTreeSet<ProcedureCode>, StoreError> {
    let mut out = BTreeSet::new();
    if units.is_empty() {
        return Ok(out);
    }
    let ids: Vec<i64> = units.iter().map(|u| u.0).collect();
    let (list, unit_params) = id_list(5, &ids);
    let sql = format!(
        "SELECT 1 AS found FROM quality_online_rows WHERE procedure_code = $1 AND grain = $2 AND day >= $3 \
         AND day < $4 AND received > 0 AND unit_id + 0 IN ({list}) LIMIT 1"
    );
    let end = period.to.tomorrow().unwrap_or(period.to);
    let mut pieces = cover(period.from, end, Grain::Year);
    pieces.sort_by_key(|p| std::cmp::Reverse(p.grain));
    for code in candidates {
        for piece in &pieces {
            let mut params: Vec<Value> = vec![
                code.as_str().into(),
                piece.grain.as_str().into(),
                piece.start_text().into(),
                piece.end_text().into(),
            ];
            params.extend(unit_params.iter().cloned());
            if conn.query_opt(&sql, &params)?.is_some() {
                out.insert(code.clone());
                break;
            }
        }
    }
    Ok(out)
}

/// The units of the tree under `root` as in force on `on` (a province sums its communes and
/// departments, R-766-1), through the domain's `units_under`.
pub(crate) fn tree(root: UnitId, versions: &[UnitInfo], on: Date) -> BTreeSet<UnitId> {
    let domain: Vec<UnitVersion> = versions
        .iter()
        .map(|u| UnitVersion {
            unit: u.id,
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind,
            parent: u.parent,
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            successor: None,
        })
        .collect();
    units_under(root, &domain, on)
}

/// The levels of the catalog a set of units is competent for [design: a procedure is in a
/// unit's competence when its level is the unit's level; a province's tree covers both].
fn levels(units: &BTreeSet<UnitId>, versions: &[UnitInfo], on: Date) -> BTreeSet<Level> {
    let live = |id: UnitId| {
        versions
            .iter()
            .find(|u| u.id == id && u.valid_from <= on && u.valid_to.is_none_or(|e| on < e))
    };
    let mut out = BTreeSet::new();
    for id in units {
        let Some(u) = live(*id) else { continue };
        let level = match u.kind {
            UnitKind::Province | UnitKind::Department => Level::Province,
            UnitKind::Commune | UnitKind::District => Level::Commune,
            UnitKind::ServiceCenter => match u.parent.and_then(live).map(|p| p.kind) {
                Some(UnitKind::Commune) => Level::Commune,
                _ => Level::Province,
            },
        };
        out.insert(level);
    }
    out
}

/// The procedures in force in the units' competence.
pub(crate) fn competence<'a>(
    catalog: &'a [StoredProcedure],
    units: &BTreeSet<UnitId>,
    versions: &[UnitInfo],
    on: Date,
) -> Vec<&'a StoredProcedure> {
    let levels = levels(units, versions, on);
    catalog
        .iter()
        .filter(|p| p.version.levels.iter().any(|l| levels.contains(l)))
        .collect()
}

pub(crate) fn catalog_facts(
    procedures: &[&StoredProcedure],
    online: &BTreeSet<ProcedureCode>,
) -> CatalogFacts {
    CatalogFacts::from_procedures(procedures.iter().map(|p| &p.version), online)
}
