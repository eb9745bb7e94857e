//! Satisfaction ratings (REGULATIONS.md §4, R-SAT-1): one per dossier per channel (portal, kiosk,
//! paper form entered by an officer), the 12 criteria as given, the 9 indices scored by the
//! domain with indices 1–3 computed from the dossier's events and control slip, and the
//! "dissatisfied" mark that feeds 766 indicator 5.4 through the dossier's counted facts.

use std::collections::BTreeMap;

use jiff::Timestamp;
use motcua_domain::Localized;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Dossier, Role};
use motcua_domain::ids::{AccountId, UnitId};
use motcua_domain::quality::config::CountingRules;
use motcua_domain::quality::satisfaction::{
    Criterion, Level, RatingChannel, RatingInput, ScoredRating, auto_indices, rate,
};
use motcua_domain::quality::{Fraction, Period};

use super::super::dossiers::{JobEnv, load_state, visible};
use super::super::queries::events_of;
use super::super::util::{from_json, id_list, json, ms, ts};
use super::super::{AppError, AppResult, Store, audit};
use super::types::{CriterionCounts, SatisfactionSummary, StoredRating};
use crate::sql::{Conn, Row, Value};

pub(crate) fn channel_str(c: RatingChannel) -> &'static str {
    match c {
        RatingChannel::Portal => "portal",
        RatingChannel::Kiosk => "kiosk",
        RatingChannel::Paper => "paper",
    }
}

fn parse_channel(s: &str) -> Option<RatingChannel> {
    [
        RatingChannel::Portal,
        RatingChannel::Kiosk,
        RatingChannel::Paper,
    ]
    .into_iter()
    .find(|c| channel_str(*c) == s)
}

fn rules(env: &JobEnv, d: &Dossier) -> CountingRules {
    let day =
        motcua_domain::quality::dossier_outcome::day_of(d.received_at.unwrap_or(d.submitted_at));
    env.caches
        .quality()
        .index766
        .in_force(day)
        .map(|v| v.counting.clone())
        .unwrap_or_default()
}

/// Scores a rating of `d` with the domain (auto indices from the events).
fn score(
    conn: &mut dyn Conn,
    env: &JobEnv,
    d: &Dossier,
    input: &RatingInput,
) -> AppResult<ScoredRating> {
    let events: Vec<_> = events_of(conn, d.id.0)?
        .into_iter()
        .map(|e| e.event)
        .collect();
    // No record of supplement requests caused by the applicant's fault exists yet: none excused.
    let auto = auto_indices(d, &events, 0);
    rate(input, d, &auto, rules(env, d).dissatisfied_when)
        .map_err(|e| AppError::invalid(e.code(), e.message_vi(), e.message_en()))
}

/// Who may record a rating on each channel (TT 01/2018: online, kiosk devices, paper forms at
/// the desk). `Some(entered_by)` for an officer entering it, `None` for the citizen.
fn may_rate(actor: &Actor, d: &Dossier, channel: RatingChannel) -> Option<Option<AccountId>> {
    let own =
        actor.account.is_some() && (d.owner == actor.account || d.submitted_by == actor.account);
    let desk = |unit: UnitId| {
        [Role::DeskOfficer, Role::Leader]
            .into_iter()
            .any(|r| actor.holds(r, unit))
    };
    match channel {
        RatingChannel::Portal => own.then_some(None),
        RatingChannel::Kiosk if own => Some(None),
        RatingChannel::Kiosk | RatingChannel::Paper => {
            (desk(d.receiving_unit) || desk(d.processing_unit) || actor.has_role(Role::System))
                .then_some(actor.account)
        }
    }
}

pub(crate) fn rate_job(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    code: &DossierCode,
    input: &RatingInput,
    now: Timestamp,
) -> AppResult<ScoredRating> {
    let d = load_state(conn, code)?;
    if !visible(conn, actor, &d)? {
        return Err(AppError::NotFound);
    }
    let Some(entered_by) = may_rate(actor, &d, input.channel) else {
        return Err(AppError::NotFound);
    };
    let taken = conn
        .query_opt(
            "SELECT 1 FROM satisfaction_ratings WHERE dossier_id = $1 AND channel = $2",
            &[Value::Int(d.id.0), channel_str(input.channel).into()],
        )?
        .is_some();
    if taken {
        return Err(AppError::Duplicate("rating"));
    }
    let scored = score(conn, env, &d, input)?;
    let account = if entered_by.is_none() {
        actor.account
    } else {
        d.owner
    };
    conn.execute(
        "INSERT INTO satisfaction_ratings (dossier_id, channel, dossier_code, unit_id, procedure_code, account_id, entered_by, \
         levels, comment, scored, total, max, dissatisfied, rated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        &[
            Value::Int(d.id.0),
            channel_str(input.channel).into(),
            code.to_string().into(),
            Value::Int(d.receiving_unit.0),
            d.procedure_code.as_str().into(),
            account.map(|a| a.0).into(),
            entered_by.map(|a| a.0).into(),
            json(&input.levels).into(),
            scored.comment.clone().into(),
            json(&scored).into(),
            Value::Int(i64::from(scored.total)),
            Value::Int(i64::from(scored.max)),
            scored.dissatisfied.into(),
            Value::Int(ms(now)),
        ],
    )?;
    audit::record(
        conn,
        now,
        Some(actor),
        Some(d.receiving_unit),
        "dossier_rated",
        serde_json::json!({"code": code, "channel": input.channel, "levels": input.levels,
            "comment": scored.comment, "total": scored.total, "max": scored.max, "dissatisfied": scored.dissatisfied}),
    )?;
    // 5.4 counts a dossier rated dissatisfied (docs/QUALITY.md §4).
    super::outcomes::refresh(conn, env, d.id)?;
    Ok(scored)
}

const RATING_COLUMNS: &str =
    "dossier_code, channel, account_id, entered_by, levels, comment, scored, rated_at_ms";

fn stored(r: &Row) -> AppResult<StoredRating> {
    Ok(StoredRating {
        dossier: DossierCode::parse(r.get_str(0)?)
            .map_err(|e| crate::StoreError::Internal(e.to_string()))?,
        channel: parse_channel(r.get_str(1)?)
            .ok_or_else(|| crate::StoreError::Internal("bad rating channel".into()))?,
        account: r.get_opt_i64(2)?.map(AccountId),
        entered_by: r.get_opt_i64(3)?.map(AccountId),
        levels: from_json("rating levels", r.get_str(4)?)?,
        comment: r.get_opt_text(5)?,
        scored: r
            .get_opt_text(6)?
            .map(|s| from_json("scored rating", &s))
            .transpose()?,
        rated_at: ts(r.get_i64(7)?),
    })
}

/// Scores ratings not yet scored (moved from the portal's table by migration 0010).
pub(crate) async fn score_pending(store: &Store) -> AppResult<()> {
    let pending = store
        .inner
        .readers
        .run(|conn| -> AppResult<Vec<(i64, String)>> {
            conn.query(
                "SELECT dossier_id, channel FROM satisfaction_ratings WHERE scored IS NULL AND total IS NULL",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get_i64(0)?, r.get_text(1)?)))
            .collect()
        })
        .await?;
    for (id, channel) in pending {
        let env = store.env();
        store
            .inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let r = conn.query_one(
                    "SELECT d.state, s.levels, s.comment FROM satisfaction_ratings s JOIN dossiers d ON d.id = s.dossier_id \
                     WHERE s.dossier_id = $1 AND s.channel = $2",
                    &[Value::Int(id), channel.clone().into()],
                )?;
                let d: Dossier = from_json("dossier state", r.get_str(0)?)?;
                let levels: BTreeMap<Criterion, Level> = from_json("rating levels", r.get_str(1)?)?;
                let input = RatingInput {
                    channel: parse_channel(&channel).unwrap_or(RatingChannel::Portal),
                    levels,
                    comment: r.get_opt_text(2)?,
                };
                let (scored, total, max, dissatisfied) = match score(conn, &env, &d, &input) {
                    Ok(s) => (Some(json(&s)), i64::from(s.total), i64::from(s.max), s.dissatisfied),
                    // Kept as given; marked so that it is not tried again.
                    Err(_) => (None, -1, -1, input.levels.get(&Criterion::Overall) == Some(&Level::Dissatisfied)),
                };
                conn.execute(
                    "UPDATE satisfaction_ratings SET scored = $1, total = $2, max = $3, dissatisfied = $4 WHERE dossier_id = $5 AND channel = $6",
                    &[scored.into(), Value::Int(total), Value::Int(max), dissatisfied.into(), Value::Int(id), channel.clone().into()],
                )?;
                super::outcomes::refresh(conn, &env, d.id)
            })
            .await?;
    }
    Ok(())
}

impl Store {
    /// Records a rating of a finished dossier, once per channel: the portal by its owner (or the
    /// helper who submitted it), a kiosk by them or by the desk's device account, a paper form
    /// entered by a desk officer or leader of the unit. A second one on a channel: `Duplicate`.
    pub async fn rate_service(
        &self,
        actor: &Actor,
        code: &DossierCode,
        input: RatingInput,
    ) -> AppResult<ScoredRating> {
        let env = self.env();
        let actor = actor.clone();
        let code = code.clone();
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| rate_job(conn, &env, &actor, &code, &input, now))
            .await
    }

    /// The ratings of a dossier the actor may see.
    pub async fn ratings_of(
        &self,
        actor: &Actor,
        code: &DossierCode,
    ) -> AppResult<Vec<StoredRating>> {
        let actor = actor.clone();
        let code = code.clone();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<StoredRating>> {
                let d = load_state(conn, &code)?;
                if !visible(conn, &actor, &d)? {
                    return Err(AppError::NotFound);
                }
                let sql = format!("SELECT {RATING_COLUMNS} FROM satisfaction_ratings WHERE dossier_id = $1 ORDER BY rated_at_ms");
                conn.query(&sql, &[Value::Int(d.id.0)])?.iter().map(stored).collect()
            })
            .await
    }

    /// Ratings given in the period (by rating day) for dossiers received by `unit`'s tree:
    /// level counts per criterion, points of the nine indices, dissatisfied. Aggregate figures.
    pub async fn satisfaction_summary(
        &self,
        unit: UnitId,
        period: Period,
    ) -> AppResult<SatisfactionSummary> {
        let units = self.inner.caches.units();
        if units.get(unit, period.to).is_none() {
            return Err(AppError::NotFound);
        }
        let ids: Vec<i64> = super::sums::tree(unit, &units.versions, period.to)
            .iter()
            .map(|u| u.0)
            .collect();
        let start = motcua_calendar::from_local(period.from.at(0, 0, 0, 0));
        let end = period.end_instant();
        self.inner
            .readers
            .run(move |conn| -> AppResult<SatisfactionSummary> {
                let (list, mut params) = id_list(3, &ids);
                params.insert(0, Value::Int(ms(end)));
                params.insert(0, Value::Int(ms(start)));
                let sql = format!(
                    "SELECT channel, levels, total, max, dissatisfied FROM satisfaction_ratings \
                     WHERE rated_at_ms >= $1 AND rated_at_ms < $2 AND unit_id IN ({list})"
                );
                let mut s = SatisfactionSummary {
                    ratings: 0,
                    by_channel: BTreeMap::new(),
                    dissatisfied: 0,
                    points: 0,
                    max: 0,
                    satisfaction: None,
                    criteria: Criterion::ALL
                        .into_iter()
                        .map(|criterion| CriterionCounts {
                            criterion,
                            very_satisfied: 0,
                            satisfied: 0,
                            dissatisfied: 0,
                        })
                        .collect(),
                };
                for r in conn.query(&sql, &params)? {
                    s.ratings += 1;
                    if let Some(c) = parse_channel(r.get_str(0)?) {
                        *s.by_channel.entry(c).or_default() += 1;
                    }
                    let levels: BTreeMap<Criterion, Level> =
                        from_json("rating levels", r.get_str(1)?)?;
                    for row in &mut s.criteria {
                        match levels.get(&row.criterion) {
                            Some(Level::VerySatisfied) => row.very_satisfied += 1,
                            Some(Level::Satisfied) => row.satisfied += 1,
                            Some(Level::Dissatisfied) => row.dissatisfied += 1,
                            None => {}
                        }
                    }
                    s.points += r.get_opt_i64(2)?.unwrap_or(0).max(0) as u64;
                    s.max += r.get_opt_i64(3)?.unwrap_or(0).max(0) as u64;
                    s.dissatisfied += u64::from(r.get_i64(4)? != 0);
                }
                s.satisfaction =
                    Fraction::new(u128::from(s.points), u128::from(s.max)).map(Fraction::percent);
                Ok(s)
            })
            .await
    }
}
