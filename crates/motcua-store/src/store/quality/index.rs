//! The Decision 766 index as store queries: a unit's (or a province's) index for a period, the
//! monthly trend, the ranking of a unit's children, and the per-procedure breakdown (2.1 and
//! 2.2, which the VPCP document shows per procedure).
//!
//! Each is a few `SUM … GROUP BY unit_id` over the unit roll-ups (`sums`), then
//! `index766::compute` with the configuration version in force at the end of the period.

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use motcua_calendar::to_local;
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::procedure::{OnlineMode, StoredProcedure};
use motcua_domain::quality::aggregate::{
    Counters, DossierCounters, FeedbackCounters, PeriodTotals,
};
use motcua_domain::quality::config::Index766Version;
use motcua_domain::quality::index766::{self, IndexInput, IndexReport, on_time_stock};
use motcua_domain::quality::{Fraction, Period};

use super::super::caches::Caches;
use super::super::{AppError, AppResult, Store};
use super::grain::Grain;
use super::rows::parse_channel;
use super::sums::{
    catalog_facts, competence, dossier_totals, feedback_totals, online_among, online_procedures,
    period_pieces, tree,
};
use super::types::{ProcedureRow, RankingRow};
use crate::error::StoreError;
use crate::sql::{Conn, Value};

fn no_version(period: &Period) -> AppError {
    AppError::invalid(
        "quality.no_version",
        format!(
            "Chưa có bộ chỉ số 766 áp dụng cho kỳ {}.",
            period.label_vi()
        ),
        format!(
            "No version of the 766 index applies to {}.",
            period.label_en()
        ),
    )
}

fn version_for(caches: &Caches, period: &Period) -> AppResult<Index766Version> {
    caches
        .quality()
        .index766
        .in_force(period.to)
        .cloned()
        .ok_or_else(|| no_version(period))
}

/// Everything the index of several subtrees needs, read in one snapshot.
struct Sums {
    dossiers: BTreeMap<UnitId, PeriodTotals<DossierCounters>>,
    feedback: BTreeMap<UnitId, PeriodTotals<FeedbackCounters>>,
    online: BTreeMap<UnitId, BTreeSet<ProcedureCode>>,
}

fn read(conn: &mut dyn Conn, units: &[UnitId], period: &Period) -> Result<Sums, StoreError> {
    conn.begin_read()?;
    let sums = Sums {
        dossiers: dossier_totals(conn, units, period)?,
        feedback: feedback_totals(conn, units, period)?,
        online: online_procedures(conn, units, period)?,
    };
    conn.commit()?;
    Ok(sums)
}

fn merged<C: Counters>(m: BTreeMap<UnitId, PeriodTotals<C>>) -> PeriodTotals<C> {
    m.into_values().fold(PeriodTotals::default(), |mut a, t| {
        a.merge(&t);
        a
    })
}

/// The procedures of the catalog in `set`'s competence.
fn procedures(caches: &Caches, set: &BTreeSet<UnitId>, period: &Period) -> Vec<StoredProcedure> {
    let units = caches.units();
    let catalog = caches.catalog();
    competence(&catalog.list, set, &units.versions, period.to)
        .into_iter()
        .cloned()
        .collect()
}

fn compute(
    version: &Index766Version,
    period: &Period,
    d: &PeriodTotals<DossierCounters>,
    f: &PeriodTotals<FeedbackCounters>,
    procedures: &[StoredProcedure],
    online: &BTreeSet<ProcedureCode>,
) -> IndexReport {
    let refs: Vec<&StoredProcedure> = procedures.iter().collect();
    let facts = catalog_facts(&refs, online);
    index766::compute(
        version,
        period,
        &IndexInput {
            dossiers: d,
            feedback: Some(f),
            catalog: Some(&facts),
        },
    )
}

/// The index of the units of `set` from the per-unit sums.
fn report(
    caches: &Caches,
    version: &Index766Version,
    period: &Period,
    set: &BTreeSet<UnitId>,
    sums: &Sums,
) -> IndexReport {
    let mut d = PeriodTotals::<DossierCounters>::default();
    let mut f = PeriodTotals::<FeedbackCounters>::default();
    let mut online = BTreeSet::new();
    for u in set {
        if let Some(t) = sums.dossiers.get(u) {
            d.merge(t);
        }
        if let Some(t) = sums.feedback.get(u) {
            f.merge(t);
        }
        if let Some(p) = sums.online.get(u) {
            online.extend(p.iter().cloned());
        }
    }
    compute(
        version,
        period,
        &d,
        &f,
        &procedures(caches, set, period),
        &online,
    )
}

impl Store {
    fn known_unit(&self, unit: UnitId, period: &Period) -> AppResult<BTreeSet<UnitId>> {
        let units = self.inner.caches.units();
        if units.get(unit, period.to).is_none() {
            return Err(AppError::NotFound);
        }
        Ok(tree(unit, &units.versions, period.to))
    }

    /// The 766 index of `unit` for `period`: a province (or any unit) counts itself and every
    /// unit under it in the tree as in force at the end of the period (R-766-1), under the
    /// configuration version in force then. Public figures: no personal data.
    pub async fn index766(&self, unit: UnitId, period: Period) -> AppResult<IndexReport> {
        let set = self.known_unit(unit, &period)?;
        let version = version_for(&self.inner.caches, &period)?;
        let procedures = procedures(&self.inner.caches, &set, &period);
        self.inner
            .readers
            .run(move |conn| -> AppResult<IndexReport> {
                let list: Vec<UnitId> = set.iter().copied().collect();
                // 3.2 only asks about the online procedures of the catalog: probe those.
                let candidates: Vec<ProcedureCode> = procedures
                    .iter()
                    .filter(|p| {
                        p.version
                            .online_mode
                            .is_some_and(OnlineMode::accepts_online)
                    })
                    .map(|p| p.version.code.clone())
                    .collect();
                conn.begin_read()?;
                let d = merged(dossier_totals(conn, &list, &period)?);
                let f = merged(feedback_totals(conn, &list, &period)?);
                let online = online_among(conn, &list, &period, &candidates)?;
                conn.commit()?;
                Ok(compute(&version, &period, &d, &f, &procedures, &online))
            })
            .await
    }

    /// One report per month for the last `months` months, the current month last (it runs up
    /// to today: judged as at the end of its last day, docs/QUALITY.md §3).
    pub async fn index766_trend(&self, unit: UnitId, months: u32) -> AppResult<Vec<IndexReport>> {
        let today = to_local(self.now()).date();
        let mut periods = Vec::new();
        for back in (0..months.clamp(1, 120)).rev() {
            let first = today
                .first_of_month()
                .checked_sub((back as i64).months())
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            periods.push(
                Period::month(first.year(), first.month())
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
            );
        }
        let mut out = Vec::with_capacity(periods.len());
        for p in periods {
            out.push(self.index766(unit, p).await?);
        }
        Ok(out)
    }

    /// Each child of `parent` (in force at the end of the period) with the index of its own
    /// subtree, best total first.
    pub async fn unit_ranking(&self, parent: UnitId, period: Period) -> AppResult<Vec<RankingRow>> {
        let all = self.known_unit(parent, &period)?;
        let version = version_for(&self.inner.caches, &period)?;
        let caches = self.inner.caches.clone();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<RankingRow>> {
                let list: Vec<UnitId> = all.iter().copied().collect();
                let sums = read(conn, &list, &period)?;
                let units = caches.units();
                let mut rows: Vec<RankingRow> = units
                    .in_force(period.to)
                    .into_iter()
                    .filter(|u| u.parent == Some(parent))
                    .map(|child| {
                        let set = tree(child.id, &units.versions, period.to);
                        RankingRow {
                            unit: child.id,
                            code: child.code.clone(),
                            name: child.name.clone(),
                            report: report(&caches, &version, &period, &set, &sums),
                        }
                    })
                    .collect();
                rows.sort_by(|a, b| {
                    b.report
                        .total
                        .cmp(&a.report.total)
                        .then_with(|| a.code.as_str().cmp(b.code.as_str()))
                });
                Ok(rows)
            })
            .await
    }

    /// Per procedure of `unit`'s tree: the counters of the period, 2.1 (on time / counted) and
    /// 2.2 (average working days), from the per-procedure monthly and daily rows.
    pub async fn index766_by_procedure(
        &self,
        unit: UnitId,
        period: Period,
    ) -> AppResult<Vec<ProcedureRow>> {
        let set = self.known_unit(unit, &period)?;
        let caches = self.inner.caches.clone();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<ProcedureRow>> {
                let ids: Vec<i64> = set.iter().map(|u| u.0).collect();
                let (list, unit_params) = super::super::util::id_list(4, &ids);
                let sums = DossierCounters::FIELDS
                    .iter()
                    .map(|f| format!("CAST(SUM({f}) AS BIGINT) AS {f}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "SELECT procedure_code, channel, {sums} FROM quality_dossier_rows \
                     WHERE grain = $1 AND day >= $2 AND day < $3 AND unit_id IN ({list}) GROUP BY procedure_code, channel"
                );
                let mut by: BTreeMap<ProcedureCode, PeriodTotals<DossierCounters>> =
                    BTreeMap::new();
                conn.begin_read()?;
                for piece in period_pieces(&period, Grain::Month) {
                    let mut params: Vec<Value> = vec![
                        piece.grain.as_str().into(),
                        piece.start_text().into(),
                        piece.end_text().into(),
                    ];
                    params.extend(unit_params.iter().cloned());
                    for r in conn.query(&sql, &params)? {
                        let code = ProcedureCode::parse(r.get_str(0)?)
                            .map_err(|e| StoreError::Internal(e.to_string()))?;
                        parse_channel(r.get_str(1)?)?;
                        let mut v = [0u64; DossierCounters::LEN];
                        for (i, x) in v.iter_mut().enumerate() {
                            *x = r.get_i64(2 + i)?.max(0) as u64;
                        }
                        by.entry(code).or_default().add_row(
                            &period,
                            piece.from,
                            &DossierCounters::from_values(v),
                        );
                    }
                }
                conn.commit()?;
                let catalog = caches.catalog();
                Ok(by
                    .into_iter()
                    .filter(|(_, t)| t.within != DossierCounters::default() || {
                        let b = &t.before;
                        b.received > b.finished_on_time + b.finished_late
                    })
                    .map(|(code, t)| procedure_row(&catalog.current, code, t))
                    .collect())
            })
            .await
    }
}

fn procedure_row(
    current: &std::collections::HashMap<
        ProcedureCode,
        std::sync::Arc<motcua_domain::procedure::StoredProcedure>,
    >,
    code: ProcedureCode,
    t: PeriodTotals<DossierCounters>,
) -> ProcedureRow {
    let (b, w) = (&t.before, &t.within);
    let (on_time, counted) = on_time_stock(
        b.received,
        w.received,
        b.finished_on_time,
        b.finished_late,
        b.overdue_crossed + w.overdue_crossed,
    );
    let per_day = motcua_calendar::MINUTES_PER_WORKING_DAY as u128;
    ProcedureRow {
        name: current
            .get(&code)
            .map(|p| p.version.name_vi.clone())
            .unwrap_or_default(),
        procedure: code,
        within: t.within,
        on_time,
        counted,
        on_time_ratio: Fraction::new(u128::from(on_time), u128::from(counted))
            .map(Fraction::percent),
        average_days: Fraction::new(
            u128::from(w.resolution_minutes),
            u128::from(w.resolved) * per_day,
        )
        .map(|f| f.round_hundredths()),
    }
}
