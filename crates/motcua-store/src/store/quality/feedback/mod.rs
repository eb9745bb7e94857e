//! Feedback and petitions (phản ánh, kiến nghị; ND 20/2008/NĐ-CP as amended, R-PAKN-1) in the
//! store: like dossiers, each request is one writer job that runs the domain's `decide`, appends
//! the events to the hash chain (`events.kind` = `feedback_…`, `dossier_id` NULL, the item's
//! seqs in `feedback_log`), rewrites the projection, its legs and its aggregate rows, and records
//! a notice for the author, in one transaction.
//!
//! Visibility: an officer sees the items of the units they serve (handling now or before); the
//! author sees their own (signed in, or through the secret link given to an anonymous author);
//! the public sees published answers only, redacted (`redact`, applied at publication).

mod read;
mod write;

use jiff::Timestamp;
use motcua_calendar::{OpenState, to_local};
use motcua_domain::dossier::{Actor, Role};
use motcua_domain::ids::UnitId;
use motcua_domain::quality::feedback::{
    Category, Feedback, FeedbackEvent, FeedbackId, FeedbackOutcome, FeedbackStatus, LegEnd,
    Subject, current_deadline, feedback_deltas, feedback_outcome,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::super::dossiers::JobEnv;
use super::super::util::{from_json, json, ms, opt_ts, ts};
use super::super::{AppError, AppResult};
use super::rows::apply_feedback_deltas;
use super::types::{
    FeedbackLocation, FeedbackMedia, FeedbackSummary, FeedbackView, ReactionCounts,
};
use crate::chain::{self, NewEvent};
use crate::error::StoreError;
use crate::sql::{Conn, Row, Value};

/// The Open311 service code of a subject (docs: `open311_services`).
pub(crate) fn service_code(s: &Subject) -> &'static str {
    match s {
        Subject::Procedure { .. } => "procedure",
        Subject::Dossier { .. } => "dossier",
        Subject::Officer { .. } => "officer",
        Subject::Rule { .. } => "rule",
    }
}

pub(crate) fn category_str(c: Category) -> &'static str {
    match c {
        Category::RulesOrProcedure => "rules_or_procedure",
        Category::OfficerConduct => "officer_conduct",
    }
}

fn parse_category(s: &str) -> Option<Category> {
    [Category::RulesOrProcedure, Category::OfficerConduct]
        .into_iter()
        .find(|c| category_str(*c) == s)
}

fn parse_status(s: &str) -> Result<FeedbackStatus, StoreError> {
    FeedbackStatus::ALL
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| StoreError::Internal(format!("unknown feedback status {s:?}")))
}

pub(crate) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// A chain entry of a feedback item: the domain event with the item it belongs to (and, on
/// submission, the Open311 place and media, which the domain does not model).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LogEntry {
    pub feedback: FeedbackId,
    pub code: String,
    pub event: FeedbackEvent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<FeedbackLocation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<FeedbackMedia>,
}

/// An item as loaded in a job.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub code: String,
    pub fb: Feedback,
    pub location: Option<FeedbackLocation>,
    pub media: Vec<FeedbackMedia>,
    pub secret_hash: Option<String>,
    /// The outcome the aggregates hold for it (`None` for a new item).
    pub outcome: Option<FeedbackOutcome>,
    pub device: (u64, u64),
    pub updated_at: Timestamp,
    /// The version the projection row holds (optimistic concurrency across app nodes).
    pub base_version: u64,
}

pub(crate) const ITEM_COLUMNS: &str = "code, state, outcome, address, lat, lon, media, author_secret_hash, device_likes, device_dislikes, updated_at_ms";

pub(crate) fn item_row(r: &Row) -> AppResult<Item> {
    let address = r.get_opt_text(3)?;
    let lat = r.get_opt_f64(4)?;
    let lon = r.get_opt_f64(5)?;
    let location = (address.is_some() || lat.is_some() || lon.is_some())
        .then_some(FeedbackLocation { address, lat, lon });
    let fb: Feedback = from_json("feedback state", r.get_str(1)?)?;
    Ok(Item {
        code: r.get_text(0)?,
        base_version: fb.version,
        fb,
        outcome: Some(from_json("feedback outcome", r.get_str(2)?)?),
        location,
        media: from_json("feedback media", r.get_str(6)?)?,
        secret_hash: r.get_opt_text(7)?,
        device: (r.get_i64(8)? as u64, r.get_i64(9)? as u64),
        updated_at: ts(r.get_i64(10)?),
    })
}

pub(crate) fn load(conn: &mut dyn Conn, code: &str) -> AppResult<Item> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE code = $1");
    let r = conn
        .query_opt(&sql, &[code.trim().to_uppercase().into()])?
        .ok_or(AppError::NotFound)?;
    item_row(&r)
}

/// How the viewer relates to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Viewer {
    /// An officer of a unit it passed through, or the system: everything.
    Officer,
    /// The author: no internal draft, no answer before publication, no reactors.
    Author,
    /// Anyone reacting to a published answer: what the public page shows, nothing more.
    Public,
}

/// Officer of a unit that handled it, system, or author (account or secret); else `None`.
pub(crate) fn viewer(actor: &Actor, item: &Item, secret: Option<&str>) -> Option<Viewer> {
    if actor.has_role(Role::System) {
        return Some(Viewer::Officer);
    }
    let units: Vec<UnitId> = actor.officer_units().collect();
    if item.fb.legs.iter().any(|l| units.contains(&l.unit)) {
        return Some(Viewer::Officer);
    }
    if actor.account.is_some() && item.fb.author.account == actor.account {
        return Some(Viewer::Author);
    }
    secret_matches(item, secret).then_some(Viewer::Author)
}

pub(crate) fn secret_matches(item: &Item, secret: Option<&str>) -> bool {
    match (
        secret.map(str::trim).filter(|s| !s.is_empty()),
        &item.secret_hash,
    ) {
        (Some(s), Some(h)) => sha256_hex(s) == *h,
        _ => false,
    }
}

pub(crate) fn reactions(item: &Item) -> ReactionCounts {
    ReactionCounts {
        likes: item.fb.likes() as u64,
        dislikes: item.fb.dislikes() as u64,
        device_likes: item.device.0,
        device_dislikes: item.device.1,
    }
}

pub(crate) fn unit_name(env: &JobEnv, unit: UnitId, now: Timestamp) -> String {
    env.caches
        .units()
        .get(unit, to_local(now).date())
        .map(|u| u.name.clone())
        .unwrap_or_else(|| format!("#{unit}"))
}

fn due_soon_days(env: &JobEnv, now: Timestamp) -> u32 {
    env.caches
        .quality()
        .feedback
        .in_force(to_local(now).date())
        .map_or(1, |d| d.due_soon)
}

pub(crate) fn open_state(
    env: &JobEnv,
    unit: UnitId,
    due: Option<Timestamp>,
    now: Timestamp,
) -> Option<OpenState> {
    let due = due?;
    let cal = env.caches.calendars.for_unit(unit);
    Some(cal.open_state(to_local(due), to_local(now), due_soon_days(env, now)))
}

pub(crate) fn view(env: &JobEnv, item: &Item, viewer: Viewer, now: Timestamp) -> FeedbackView {
    let mut fb = item.fb.clone();
    let counts = reactions(item);
    if viewer != Viewer::Officer {
        fb.draft = None;
        if fb.status != FeedbackStatus::Published {
            fb.answer = None;
        }
        fb.reactions.clear();
    }
    if viewer == Viewer::Public {
        // The published (redacted) texts only: no author, no internal exchanges.
        let personal = motcua_domain::quality::feedback::personal_data(&fb.author);
        fb.title = motcua_domain::quality::feedback::redact(&fb.title, &personal);
        fb.content = fb.published_question.clone().unwrap_or_default();
        fb.answer = fb.published_answer.clone();
        fb.author = motcua_domain::quality::feedback::Author {
            account: None,
            contact: None,
        };
        fb.info.clear();
        fb.rejection = None;
        if let Subject::Officer { account, .. } = &mut fb.subject {
            *account = None;
        }
    }
    let deadline = current_deadline(&item.fb);
    let public = viewer == Viewer::Public;
    FeedbackView {
        code: item.code.clone(),
        unit_name: unit_name(env, fb.unit, now),
        service_code: service_code(&fb.subject).into(),
        open_state: open_state(env, fb.unit, deadline.map(|d| d.at), now),
        deadline,
        location: item.location.clone().filter(|_| !public),
        media: if public {
            Vec::new()
        } else {
            item.media.clone()
        },
        reactions: counts,
        feedback: fb,
    }
}

pub(crate) const SUMMARY_COLUMNS: &str = "code, title, status, unit_id, service_code, category, submitted_at_ms, updated_at_ms, due_at_ms";

pub(crate) fn summary(
    env: &JobEnv,
    r: &Row,
    now: Timestamp,
    leg: Option<u32>,
) -> AppResult<FeedbackSummary> {
    let unit = UnitId(r.get_i64(3)?);
    let due = opt_ts(r.get_opt_i64(8)?);
    Ok(FeedbackSummary {
        code: r.get_text(0)?,
        title: r.get_text(1)?,
        status: parse_status(r.get_str(2)?)?,
        unit,
        unit_name: unit_name(env, unit, now),
        service_code: r.get_text(4)?,
        category: r.get_opt_text(5)?.as_deref().and_then(parse_category),
        submitted_at: ts(r.get_i64(6)?),
        updated_at: ts(r.get_i64(7)?),
        due_at: due,
        open_state: open_state(env, unit, due, now),
        leg,
    })
}

/// Writes the projection, legs, units, chain entries, notices and aggregate deltas of `item`
/// after `events` (already applied to `item.fb`). `unit_before`: the unit that acted.
pub(crate) fn save(
    conn: &mut dyn Conn,
    item: &Item,
    events: &[FeedbackEvent],
    unit_before: UnitId,
    fresh: bool,
    now: Timestamp,
) -> AppResult<()> {
    let fb = &item.fb;
    let outcome = feedback_outcome(fb);
    let deadline = current_deadline(fb);
    let last = fb.legs.last();
    let ended = |end: LegEnd| last.filter(|l| l.end == Some(end)).and_then(|l| l.ended_at);
    let closed = if fb.status.is_final() {
        last.and_then(|l| l.ended_at)
    } else {
        None
    };
    let (subject_procedure, subject_dossier, subject_officer) = match &fb.subject {
        Subject::Procedure { code } => (Some(code.as_str().to_string()), None, None),
        Subject::Dossier { id } => (None, Some(id.0), None),
        Subject::Officer { account, .. } => (None, None, account.map(|a| a.0)),
        Subject::Rule { .. } => (None, None, None),
    };
    let loc = item.location.clone().unwrap_or_default();
    let values: Vec<Value> = vec![
        Value::Int(fb.id.0),
        item.code.clone().into(),
        Value::Int(fb.unit.0),
        Value::Int(fb.legs.first().map_or(fb.unit, |l| l.unit).0),
        fb.status.as_str().into(),
        service_code(&fb.subject).into(),
        fb.category.map(category_str).into(),
        subject_procedure.into(),
        subject_dossier.into(),
        subject_officer.into(),
        fb.title.clone().into(),
        fb.author.account.map(|a| a.0).into(),
        item.secret_hash.clone().into(),
        Value::Int(ms(fb.submitted_at)),
        Value::Int(ms(now)),
        deadline.map(|d| ms(d.at)).into(),
        deadline
            .map(|d| json(&d.kind).trim_matches('"').to_string())
            .into(),
        ended(LegEnd::Published).map(ms).into(),
        closed.map(ms).into(),
        outcome.unsatisfactory.into(),
        Value::Int(fb.likes() as i64),
        Value::Int(fb.dislikes() as i64),
        Value::Int(item.device.0 as i64),
        Value::Int(item.device.1 as i64),
        loc.address.into(),
        loc.lat.into(),
        loc.lon.into(),
        json(&item.media).into(),
        Value::Int(fb.version as i64),
        json(fb).into(),
        json(&outcome).into(),
    ];
    const COLUMNS: &str = "id, code, unit_id, first_unit_id, status, service_code, category, subject_procedure, subject_dossier_id, \
         subject_officer_id, title, author_account_id, author_secret_hash, submitted_at_ms, updated_at_ms, due_at_ms, due_kind, \
         published_at_ms, closed_at_ms, unsatisfactory, likes, dislikes, device_likes, device_dislikes, address, lat, lon, media, \
         version, state, outcome";
    if fresh {
        let ph = (1..=values.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute(
            &format!("INSERT INTO feedback ({COLUMNS}) VALUES ({ph})"),
            &values,
        )?;
    } else {
        let sets = COLUMNS
            .split(',')
            .map(str::trim)
            .enumerate()
            .skip(1)
            .map(|(i, c)| format!("{c} = ${}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let n = conn.execute(
            &format!(
                "UPDATE feedback SET {sets} WHERE id = $1 AND version = ${}",
                values.len() + 1
            ),
            &[values, vec![Value::Int(item.base_version as i64)]].concat(),
        )?;
        if n != 1 {
            // Another app node changed it between our read and write.
            return Err(AppError::Stale {
                expected: item.base_version,
                actual: item.base_version + 1,
            });
        }
    }
    conn.execute(
        "DELETE FROM feedback_legs WHERE feedback_id = $1",
        &[Value::Int(fb.id.0)],
    )?;
    for (i, l) in outcome.legs.iter().enumerate() {
        conn.execute(
            "INSERT INTO feedback_legs (feedback_id, leg, unit_id, started_ms, ended_ms, on_time, overdue_from_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                Value::Int(fb.id.0),
                Value::Int(i as i64),
                Value::Int(l.unit.0),
                Value::Int(ms(l.started_at)),
                l.ended_at.map(ms).into(),
                l.on_time.into(),
                l.overdue_from.map(ms).into(),
            ],
        )?;
        conn.execute(
            "INSERT INTO feedback_units (unit_id, feedback_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[Value::Int(l.unit.0), Value::Int(fb.id.0)],
        )?;
    }
    apply_feedback_deltas(
        conn,
        &feedback_deltas(item.outcome.as_ref(), Some(&outcome)),
    )?;
    append(conn, item, events, unit_before)?;
    Ok(())
}

/// Appends the events to the chain, indexes them by item and records the author's notices.
fn append(
    conn: &mut dyn Conn,
    item: &Item,
    events: &[FeedbackEvent],
    unit: UnitId,
) -> AppResult<()> {
    let fb = &item.fb;
    let entries: Vec<NewEvent> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let first = i == 0
                && matches!(
                    e.data,
                    motcua_domain::quality::feedback::FeedbackEventData::Submitted(_)
                );
            let entry = LogEntry {
                feedback: fb.id,
                code: item.code.clone(),
                event: e.clone(),
                location: if first { item.location.clone() } else { None },
                media: if first {
                    item.media.clone()
                } else {
                    Vec::new()
                },
            };
            NewEvent {
                at_ms: ms(e.at),
                actor_id: e
                    .actor
                    .account
                    .map_or_else(|| e.actor.role.as_str().to_string(), |a| a.0.to_string()),
                actor_role: e.actor.role.as_str().into(),
                unit_id: unit.0.to_string(),
                dossier_id: None,
                kind: format!("feedback_{}", e.data.kind()),
                payload: serde_json::to_value(&entry).expect("feedback events serialize"),
            }
        })
        .collect();
    for (a, e) in chain::append_all(conn, &entries)?.iter().zip(events) {
        conn.execute(
            "INSERT INTO feedback_log (feedback_id, seq) VALUES ($1, $2)",
            &[Value::Int(fb.id.0), Value::Int(a.seq)],
        )?;
        if let Some((vi, en)) = e.data.author_notice() {
            let id = super::super::util::next_id(conn, "feedback_notice")?;
            conn.execute(
                "INSERT INTO feedback_notices (id, feedback_id, account_id, kind, text_vi, text_en, at_ms, read_at_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
                &[
                    Value::Int(id),
                    Value::Int(fb.id.0),
                    fb.author.account.map(|a| a.0).into(),
                    e.data.kind().into(),
                    vi.into(),
                    en.into(),
                    Value::Int(ms(e.at)),
                ],
            )?;
        }
    }
    Ok(())
}
