//! Feedback reads: one item for its author or an officer, the officers' lists and counts, the
//! author's list and notices, the public list of published (redacted) answers.

use jiff::Timestamp;
use motcua_calendar::{from_local, to_local};
use motcua_domain::dossier::Actor;
use motcua_domain::ids::UnitId;
use motcua_domain::quality::feedback::{FeedbackEvent, FeedbackStatus, personal_data, redact};

use super::super::super::dossiers::JobEnv;
use super::super::super::util::{id_list, ms, ts};
use super::super::super::{AppError, AppResult, Store};
use super::super::scope;
use super::super::sums::tree;
use super::super::types::{
    FeedbackList, FeedbackNotice, FeedbackPage, FeedbackQuery, FeedbackSummary, FeedbackView,
    PublicFeedback, PublicFeedbackPage,
};
use super::{
    ITEM_COLUMNS, Item, LogEntry, SUMMARY_COLUMNS, Viewer, item_row, load, reactions, service_code,
    summary, unit_name, view, viewer,
};
use crate::sql::{Conn, Value};

/// The WHERE clause of an officers' list over `units`, with its parameters.
fn list_where(
    list: FeedbackList,
    units: &[i64],
    now: Timestamp,
    soon: Timestamp,
) -> (String, Vec<Value>) {
    let (times, first): (Vec<Value>, usize) = match list {
        FeedbackList::DueSoon => (vec![Value::Int(ms(now)), Value::Int(ms(soon))], 3),
        FeedbackList::Overdue => (vec![Value::Int(ms(now))], 2),
        _ => (vec![], 1),
    };
    let (ids, unit_params) = id_list(first, units);
    let here = format!("unit_id IN ({ids})");
    let sql = match list {
        FeedbackList::New => format!("{here} AND status = 'submitted'"),
        FeedbackList::InHandling => {
            format!("{here} AND status IN ('in_handling', 'awaiting_info')")
        }
        FeedbackList::ToApprove => format!("{here} AND status = 'awaiting_approval'"),
        FeedbackList::ToPublish => format!("{here} AND status = 'approved'"),
        FeedbackList::DueSoon => format!("{here} AND due_at_ms >= $1 AND due_at_ms <= $2"),
        FeedbackList::Overdue => format!("{here} AND due_at_ms < $1"),
        FeedbackList::Open => format!("{here} AND status NOT IN ('published', 'rejected')"),
        FeedbackList::All => {
            format!("id IN (SELECT feedback_id FROM feedback_units WHERE unit_id IN ({ids}))")
        }
    };
    (sql, [times, unit_params].concat())
}

/// The end of "due soon": `due_soon` working days of the configuration from now (national
/// calendar; a unit's own hours shift it by hours at most, as for dossier worklists).
fn soon(env: &JobEnv, now: Timestamp) -> Timestamp {
    let days = env
        .caches
        .quality()
        .feedback
        .in_force(to_local(now).date())
        .map_or(1, |d| d.due_soon);
    env.caches
        .calendars
        .national()
        .add_working_minutes(to_local(now), i64::from(days) * 480)
        .map(from_local)
        .unwrap_or(now)
}

fn count(conn: &mut dyn Conn, sql: &str, params: &[Value]) -> AppResult<u64> {
    Ok(conn.query_one(sql, params)?.get_i64(0)? as u64)
}

fn public(env: &JobEnv, item: &Item, now: Timestamp) -> Option<PublicFeedback> {
    let fb = &item.fb;
    let published_at = fb.legs.last().and_then(|l| l.ended_at)?;
    let personal = personal_data(&fb.author);
    Some(PublicFeedback {
        code: item.code.clone(),
        // The domain redacts question and answer at publication; the title is redacted here.
        title: redact(&fb.title, &personal),
        question: fb.published_question.clone()?,
        answer: fb.published_answer.clone()?,
        unit: fb.unit,
        unit_name: unit_name(env, fb.unit, now),
        service_code: service_code(&fb.subject).into(),
        category: fb.category,
        submitted_at: fb.submitted_at,
        published_at,
        reactions: reactions(item),
    })
}

impl Store {
    /// An item for an officer of a unit it passed through, or for its signed-in author
    /// (`author_secret`: an anonymous author's link). Anyone else: `NotFound`.
    pub async fn feedback(
        &self,
        actor: &Actor,
        code: &str,
        author_secret: Option<String>,
    ) -> AppResult<FeedbackView> {
        let env = self.env();
        let actor = actor.clone();
        let code = code.to_string();
        let now = self.now();
        self.inner
            .readers
            .run(move |conn| -> AppResult<FeedbackView> {
                let item = load(conn, &code)?;
                let v =
                    viewer(&actor, &item, author_secret.as_deref()).ok_or(AppError::NotFound)?;
                Ok(view(&env, &item, v, now))
            })
            .await
    }

    /// The item's events in order (officers' timeline).
    pub async fn feedback_history(
        &self,
        actor: &Actor,
        code: &str,
    ) -> AppResult<Vec<FeedbackEvent>> {
        let actor = actor.clone();
        let code = code.to_string();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<FeedbackEvent>> {
                let item = load(conn, &code)?;
                if viewer(&actor, &item, None) != Some(Viewer::Officer) {
                    return Err(AppError::NotFound);
                }
                let rows = conn.query(
                    "SELECT e.payload FROM feedback_log l JOIN events e ON e.seq = l.seq WHERE l.feedback_id = $1 ORDER BY l.seq",
                    &[Value::Int(item.fb.id.0)],
                )?;
                rows.iter()
                    .map(|r| {
                        let entry: LogEntry =
                            super::super::super::util::from_json("feedback event", r.get_str(0)?)?;
                        Ok(entry.event)
                    })
                    .collect()
            })
            .await
    }

    /// An officers' list over the units they serve (or some of them).
    pub async fn feedback_list(
        &self,
        actor: &Actor,
        query: FeedbackQuery,
    ) -> AppResult<FeedbackPage> {
        let env = self.env();
        let units = scope::units(actor, &query.units);
        let now = self.now();
        let per_page = query.per_page.clamp(1, 500);
        let page = query.page.max(1);
        if units.is_empty() {
            return Ok(FeedbackPage {
                items: vec![],
                total: 0,
                page,
                per_page,
            });
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<FeedbackPage> {
                let (w, params) = list_where(query.list, &units, now, soon(&env, now));
                let total = count(conn, &format!("SELECT count(*) FROM feedback WHERE {w}"), &params)?;
                let order = match query.list {
                    FeedbackList::New | FeedbackList::All => "submitted_at_ms DESC, id DESC",
                    _ => "due_at_ms ASC, id ASC",
                };
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM feedback WHERE {w} ORDER BY {order} LIMIT {per_page} OFFSET {}",
                    (u64::from(page) - 1) * u64::from(per_page)
                );
                let items = conn
                    .query(&sql, &params)?
                    .iter()
                    .map(|r| summary(&env, r, now, None))
                    .collect::<AppResult<Vec<_>>>()?;
                Ok(FeedbackPage { items, total, page, per_page })
            })
            .await
    }

    /// Counts of every officers' list for the actor's units (or the given ones).
    pub async fn feedback_counts(
        &self,
        actor: &Actor,
        units: Option<Vec<UnitId>>,
    ) -> AppResult<Vec<(FeedbackList, u64)>> {
        let env = self.env();
        let units = scope::units(actor, &units);
        let now = self.now();
        if units.is_empty() {
            return Ok(FeedbackList::ALL.iter().map(|l| (*l, 0)).collect());
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<(FeedbackList, u64)>> {
                let mut out = Vec::new();
                for list in FeedbackList::ALL {
                    let (w, params) = list_where(list, &units, now, soon(&env, now));
                    let sql = format!("SELECT count(*) FROM feedback WHERE {w}");
                    out.push((list, count(conn, &sql, &params)?));
                }
                Ok(out)
            })
            .await
    }

    /// The signed-in author's items, newest first.
    pub async fn my_feedback(&self, actor: &Actor) -> AppResult<Vec<FeedbackSummary>> {
        let Some(me) = actor.account else {
            return Ok(vec![]);
        };
        let env = self.env();
        let now = self.now();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<FeedbackSummary>> {
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM feedback WHERE author_account_id = $1 ORDER BY submitted_at_ms DESC, id DESC LIMIT 500"
                );
                conn.query(&sql, &[Value::Int(me.0)])?
                    .iter()
                    .map(|r| summary(&env, r, now, None))
                    .collect()
            })
            .await
    }

    /// Notices to the signed-in author, newest first (`unread_only`: not yet marked read).
    pub async fn feedback_notices(
        &self,
        actor: &Actor,
        unread_only: bool,
    ) -> AppResult<Vec<FeedbackNotice>> {
        let Some(me) = actor.account else {
            return Ok(vec![]);
        };
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<FeedbackNotice>> {
                let filter = if unread_only { " AND n.read_at_ms IS NULL" } else { "" };
                let sql = format!(
                    "SELECT n.id, f.code, n.kind, n.text_vi, n.text_en, n.at_ms, n.read_at_ms FROM feedback_notices n \
                     JOIN feedback f ON f.id = n.feedback_id WHERE n.account_id = $1{filter} ORDER BY n.at_ms DESC, n.id DESC LIMIT 200"
                );
                notices(conn, &sql, &[Value::Int(me.0)])
            })
            .await
    }

    /// The notices of one item for an anonymous author holding its secret link.
    pub async fn feedback_notices_for_author(
        &self,
        code: &str,
        author_secret: &str,
    ) -> AppResult<Vec<FeedbackNotice>> {
        let code = code.to_string();
        let secret = author_secret.to_string();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<FeedbackNotice>> {
                let item = load(conn, &code)?;
                if !super::secret_matches(&item, Some(&secret)) {
                    return Err(AppError::NotFound);
                }
                let sql = "SELECT n.id, f.code, n.kind, n.text_vi, n.text_en, n.at_ms, n.read_at_ms FROM feedback_notices n \
                           JOIN feedback f ON f.id = n.feedback_id WHERE n.feedback_id = $1 ORDER BY n.at_ms DESC, n.id DESC";
                notices(conn, sql, &[Value::Int(item.fb.id.0)])
            })
            .await
    }

    /// Marks the signed-in author's notices as read (others' ids are ignored).
    pub async fn mark_feedback_notices_read(&self, actor: &Actor, ids: Vec<i64>) -> AppResult<u64> {
        let Some(me) = actor.account else {
            return Ok(0);
        };
        let now = ms(self.now());
        self.inner
            .writer
            .run(move |conn| -> AppResult<u64> {
                let mut n = 0;
                for id in &ids {
                    n += conn.execute(
                        "UPDATE feedback_notices SET read_at_ms = $1 WHERE id = $2 AND account_id = $3 AND read_at_ms IS NULL",
                        &[Value::Int(now), Value::Int(*id), Value::Int(me.0)],
                    )?;
                }
                Ok(n)
            })
            .await
    }

    /// Published answers, newest first, without personal data; `unit`: a unit's tree only.
    pub async fn public_feedback(
        &self,
        unit: Option<UnitId>,
        page: u32,
        per_page: u32,
    ) -> AppResult<PublicFeedbackPage> {
        let env = self.env();
        let now = self.now();
        let per_page = per_page.clamp(1, 100);
        let page = page.max(1);
        let units: Option<Vec<i64>> = unit.map(|u| {
            let c = self.inner.caches.units();
            tree(u, &c.versions, to_local(now).date())
                .iter()
                .map(|u| u.0)
                .collect()
        });
        self.inner
            .readers
            .run(move |conn| -> AppResult<PublicFeedbackPage> {
                let (filter, params) = match &units {
                    Some(u) => {
                        let (list, p) = id_list(1, u);
                        (format!(" AND unit_id IN ({list})"), p)
                    }
                    None => (String::new(), vec![]),
                };
                let total = count(conn, &format!("SELECT count(*) FROM feedback WHERE status = 'published'{filter}"), &params)?;
                let sql = format!(
                    "SELECT {ITEM_COLUMNS} FROM feedback WHERE status = 'published'{filter} ORDER BY published_at_ms DESC, id DESC LIMIT {per_page} OFFSET {}",
                    (u64::from(page) - 1) * u64::from(per_page)
                );
                let mut items = Vec::new();
                for r in conn.query(&sql, &params)? {
                    items.extend(public(&env, &item_row(&r)?, now));
                }
                Ok(PublicFeedbackPage { items, total, page, per_page })
            })
            .await
    }

    /// One published answer (anything else: `NotFound`).
    pub async fn public_feedback_item(&self, code: &str) -> AppResult<PublicFeedback> {
        let env = self.env();
        let now = self.now();
        let code = code.to_string();
        self.inner
            .readers
            .run(move |conn| -> AppResult<PublicFeedback> {
                let item = load(conn, &code)?;
                if item.fb.status != FeedbackStatus::Published {
                    return Err(AppError::NotFound);
                }
                public(&env, &item, now).ok_or(AppError::NotFound)
            })
            .await
    }
}

fn notices(conn: &mut dyn Conn, sql: &str, params: &[Value]) -> AppResult<Vec<FeedbackNotice>> {
    conn.query(sql, params)?
        .iter()
        .map(|r| {
            Ok(FeedbackNotice {
                id: r.get_i64(0)?,
                feedback_code: r.get_text(1)?,
                kind: r.get_text(2)?,
                text_vi: r.get_text(3)?,
                text_en: r.get_text(4)?,
                at: ts(r.get_i64(5)?),
                read: r.get_opt_i64(6)?.is_some(),
            })
        })
        .collect()
}
