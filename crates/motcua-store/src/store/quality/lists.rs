//! The lists behind the numbers: for each measured indicator, the dossiers (feedback legs,
//! procedures) counted in its numerator, denominator or a side ratio, for the same unit tree and
//! period as `index766`, so that "overdue 12" opens those 12 dossiers.
//!
//! The aggregates count each fact on a local day; a local day d is before the period iff the
//! instant is before 00:00 (UTC+7) of its first day `S`, inside iff before the end `E`. So each
//! condition below is the per-dossier reading of the same counters (docs/QUALITY.md §3-4, and
//! `DossierOutcome::standing_at` for 2.1), over the kept facts in `quality_outcomes`.

use motcua_calendar::from_local;
use motcua_domain::dossier::Actor;
use motcua_domain::ids::UnitId;
use motcua_domain::procedure::{OnlineMode, PublicationStatus};
use motcua_domain::quality::Period;
use motcua_domain::quality::index766::publication_complete;

use super::super::queries::{SUMMARY_COLUMNS, summary};
use super::super::util::{id_list, ms};
use super::super::{AppError, AppResult, Store};
use super::feedback;
use super::scope;
use super::sums::{competence, online_procedures, tree};
use super::types::{IndicatorItems, IndicatorList, IndicatorPart, ProcedureRef};
use crate::sql::Value;

// `$1` = S (first instant of the period), `$2` = E (first instant after it).
const RECEIVED_IN: &str = "o.received_ms >= $1 AND o.received_ms < $2";
const COUNTED: &str = "o.received_ms < $2 AND (o.ended_ms IS NULL OR o.ended_ms >= $1)";
const FINISHED_ON_TIME: &str = "o.ended_ms >= $1 AND o.ended_ms < $2 AND o.on_time = 1";
const FINISHED_LATE: &str = "o.ended_ms >= $1 AND o.ended_ms < $2 AND o.on_time = 0";
const OPEN_WITHIN: &str = "o.received_ms < $2 AND (o.ended_ms IS NULL OR o.ended_ms >= $2) \
     AND (o.overdue_from_ms IS NULL OR o.overdue_from_ms >= $2)";
const OPEN_OVERDUE: &str = "o.received_ms < $2 AND (o.ended_ms IS NULL OR o.ended_ms >= $2) \
     AND o.overdue_from_ms < $2";

fn unknown() -> AppError {
    AppError::invalid(
        "quality.no_list",
        "Chỉ số này không có danh sách tương ứng.",
        "There is no list behind this figure.",
    )
}

/// The condition over `quality_outcomes o` of a dossier indicator's part.
fn dossier_condition(indicator: &str, part: &IndicatorPart) -> Option<String> {
    use IndicatorPart::{Denominator as D, Numerator as N, Side};
    let and = |a: &str, b: &str| format!("{a} AND {b}");
    let or = |a: &str, b: &str| format!("(({a}) OR ({b}))");
    Some(match (indicator, part) {
        ("2.1", N) => or(FINISHED_ON_TIME, OPEN_WITHIN),
        ("2.1", D) => COUNTED.into(),
        ("2.1", Side(s)) => match s.as_str() {
            "finished_on_time" => FINISHED_ON_TIME.into(),
            "finished_late" => FINISHED_LATE.into(),
            "open_within_time" => OPEN_WITHIN.into(),
            "open_overdue" => OPEN_OVERDUE.into(),
            _ => return None,
        },
        ("2.2", N | D) => and(RECEIVED_IN, "o.resolution_minutes IS NOT NULL"),
        ("3.3", N) => and(RECEIVED_IN, "o.online_ok = 1"),
        ("3.3" | "4.2" | "4.3" | "4.4", D) => RECEIVED_IN.into(),
        ("3.3", Side(s)) if s == "desk" || s == "post" => {
            and(RECEIVED_IN, &format!("o.channel = '{s}'"))
        }
        ("4.1", D) => "o.received_ms IS NOT NULL AND o.result_ms >= $1 AND o.result_ms < $2 \
                       AND o.result_is_document = 1"
            .into(),
        ("4.1", N) => "o.received_ms IS NOT NULL AND o.result_ms >= $1 AND o.result_ms < $2 \
                       AND o.result_is_document = 1 AND o.e_result = 1"
            .into(),
        ("4.2", N) => and(RECEIVED_IN, "o.digitised = 1"),
        ("4.3", N) => and(RECEIVED_IN, "o.reused = 1"),
        ("4.4", N) => and(RECEIVED_IN, "o.personal_store = 1"),
        // 5.4 is composite: its parts are the overdue dossiers (2.1's complement) and those
        // received in the period and rated dissatisfied or with feedback about them.
        ("5.4", Side(s)) if s == "overdue" => or(FINISHED_LATE, OPEN_OVERDUE),
        ("5.4", Side(s)) if s == "dissatisfied" => and(RECEIVED_IN, "o.dissatisfied = 1"),
        _ => return None,
    })
}

/// The condition and table of a feedback indicator's part (`f` = feedback, `l` = its legs).
fn feedback_condition(indicator: &str, part: &IndicatorPart) -> Option<(bool, String)> {
    use IndicatorPart::{Denominator as D, Numerator as N, Side};
    let first = "f.submitted_at_ms >= $1 AND f.submitted_at_ms < $2";
    let legs_counted = "l.started_ms < $2 AND (l.ended_ms IS NULL OR l.ended_ms >= $1)";
    Some(match (indicator, part) {
        ("5.1", N) => (
            false,
            format!("{first} AND f.category = 'rules_or_procedure'"),
        ),
        ("5.1", D) => (false, format!("{first} AND f.category IS NOT NULL")),
        ("5.1", Side(s)) if s == "about_conduct" => {
            (false, format!("{first} AND f.category = 'officer_conduct'"))
        }
        ("5.3", N) => (false, format!("{first} AND f.unsatisfactory = 0")),
        ("5.3", D) => (false, first.into()),
        ("5.2", D) => (true, legs_counted.into()),
        ("5.2", N) => (
            true,
            format!(
                "((l.ended_ms >= $1 AND l.ended_ms < $2 AND l.on_time = 1) OR ({legs_counted} \
                 AND (l.ended_ms IS NULL OR l.ended_ms >= $2) AND (l.overdue_from_ms IS NULL OR l.overdue_from_ms >= $2)))"
            ),
        ),
        _ => return None,
    })
}

impl Store {
    /// The items behind one figure of `index766(unit, period)`: `total` equals the numerator,
    /// denominator or side figure shown. Officers of the unit (or above) only: the lists name
    /// applicants. `page` is 1-based; `per_page` at most 500.
    #[allow(clippy::too_many_arguments)]
    pub async fn indicator_list(
        &self,
        actor: &Actor,
        unit: UnitId,
        period: Period,
        indicator: &str,
        part: IndicatorPart,
        page: u32,
        per_page: u32,
    ) -> AppResult<IndicatorList> {
        scope::require(actor, unit)?;
        let caches = self.inner.caches.units();
        if caches.get(unit, period.to).is_none() {
            return Err(AppError::NotFound);
        }
        let set = tree(unit, &caches.versions, period.to);
        let ids: Vec<i64> = set.iter().map(|u| u.0).collect();
        let (page, per_page) = (page.max(1), per_page.clamp(1, 500));
        let offset = (u64::from(page) - 1) * u64::from(per_page);
        let start = from_local(period.from.at(0, 0, 0, 0));
        let end = period.end_instant();
        let env = self.env();
        let now = self.now();
        let indicator = indicator.to_string();
        self.inner
            .readers
            .run(move |conn| -> AppResult<IndicatorList> {
                let (list, units) = id_list(3, &ids);
                let mut params = vec![Value::Int(ms(start)), Value::Int(ms(end))];
                params.extend(units);
                let (total, items) = if let Some(cond) = dossier_condition(&indicator, &part) {
                    // PostgreSQL must see every parameter typed, even when a condition needs
                    // only the end of the period.
                    let typed = "CAST($1 AS BIGINT) < CAST($2 AS BIGINT)";
                    let w = format!("o.unit_id IN ({list}) AND {typed} AND {cond}");
                    let total = conn
                        .query_one(&format!("SELECT count(*) FROM quality_outcomes o WHERE {w}"), &params)?
                        .get_i64(0)? as u64;
                    let sql = format!(
                        "SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE id IN (SELECT o.dossier_id FROM quality_outcomes o WHERE {w}) \
                         ORDER BY id LIMIT {per_page} OFFSET {offset}"
                    );
                    let rows = conn.query(&sql, &params)?;
                    let items = rows.iter().map(|r| summary(&env, r, now)).collect::<AppResult<Vec<_>>>()?;
                    (total, IndicatorItems::Dossiers(items))
                } else if let Some((legs, cond)) = feedback_condition(&indicator, &part) {
                    let (from, unit_col, leg, order) = if legs {
                        ("feedback_legs l JOIN feedback f ON f.id = l.feedback_id", "l.unit_id", "l.leg", "f.id, l.leg")
                    } else {
                        ("feedback f", "f.unit_id", "NULL", "f.id")
                    };
                    let w = format!("{unit_col} IN ({list}) AND {cond}");
                    let total = conn
                        .query_one(&format!("SELECT count(*) FROM {from} WHERE {w}"), &params)?
                        .get_i64(0)? as u64;
                    let cols = feedback::SUMMARY_COLUMNS
                        .split(", ")
                        .map(|c| format!("f.{c}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let sql = format!(
                        "SELECT {cols}, {leg} AS leg FROM {from} WHERE {w} ORDER BY {order} LIMIT {per_page} OFFSET {offset}"
                    );
                    let rows = conn.query(&sql, &params)?;
                    let items = rows
                        .iter()
                        .map(|r| {
                            let leg = r.get_opt_i64(9)?.map(|l| l as u32);
                            feedback::summary(&env, r, now, leg)
                        })
                        .collect::<AppResult<Vec<_>>>()?;
                    (total, IndicatorItems::Feedback(items))
                } else {
                    let online = online_procedures(conn, &set.iter().copied().collect::<Vec<_>>(), &period)?;
                    let active: std::collections::BTreeSet<_> = online.into_values().flatten().collect();
                    let catalog = env.caches.catalog();
                    let units = env.caches.units();
                    let procedures = competence(&catalog.list, &set, &units.versions, period.to);
                    let published = procedures.iter().filter(|p| p.version.status == PublicationStatus::Published);
                    let is_online = |m: Option<OnlineMode>| m.is_some_and(OnlineMode::accepts_online);
                    let chosen: Vec<_> = match (indicator.as_str(), &part) {
                        ("1.3", IndicatorPart::Numerator) => published.filter(|p| publication_complete(&p.version)).collect(),
                        ("1.3" | "3.1", IndicatorPart::Denominator) => published.collect(),
                        ("3.1", IndicatorPart::Numerator) | ("3.2", IndicatorPart::Denominator) => {
                            published.filter(|p| is_online(p.version.online_mode)).collect()
                        }
                        ("3.1", IndicatorPart::Side(s)) if s == "full_online" => {
                            published.filter(|p| p.version.online_mode == Some(OnlineMode::Full)).collect()
                        }
                        ("3.2", IndicatorPart::Numerator) => published
                            .filter(|p| is_online(p.version.online_mode) && active.contains(&p.version.code))
                            .collect(),
                        _ => return Err(unknown()),
                    };
                    let total = chosen.len() as u64;
                    let items = chosen
                        .iter()
                        .skip(offset as usize)
                        .take(per_page as usize)
                        .map(|p| ProcedureRef { code: p.version.code.clone(), name: p.version.name_vi.clone() })
                        .collect();
                    (total, IndicatorItems::Procedures(items))
                };
                Ok(IndicatorList { indicator, part, total, page, per_page, items })
            })
            .await
    }
}
