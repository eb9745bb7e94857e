//! Dossier reads: single dossiers, timelines, worklists, the citizen's list, the anonymous
//! lookup. Lists read the narrow projection (indexed by unit, status, appointment), never the
//! event log.

use jiff::Timestamp;
use motcua_calendar::{from_local, to_local};
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Event, Status};
use motcua_domain::fold::fold;
use motcua_domain::ids::{AccountId, ProcedureCode, UnitId};
use motcua_domain::validate;

use super::dossiers::{JobEnv, due_state, load_state, needs_apology, view, visible};
use super::util::{from_json, ms, opt_ts, ts};
use super::{
    AppError, AppResult, DossierEvent, DossierSummary, DossierView, PersonalDocument, PublicStatus,
    Store, Worklist, WorklistPage, WorklistQuery,
};
use crate::sql::{Conn, Row, Value};

pub(crate) const SUMMARY_COLUMNS: &str = "code, procedure_code, procedure_version_id, applicant_name, status, channel, receiving_unit_id, \
     processing_unit_id, assignee_name, submitted_at_ms, received_at_ms, due_at_ms, appointment_at_ms, finished_at_ms, rescheduled";

pub(crate) fn summary(env: &JobEnv, r: &Row, now: Timestamp) -> AppResult<DossierSummary> {
    let status = Status::parse(r.get_str(4)?)
        .ok_or_else(|| crate::StoreError::Internal("bad status".into()))?;
    let receiving = UnitId(r.get_i64(6)?);
    let due = opt_ts(r.get_opt_i64(11)?);
    let appointment = opt_ts(r.get_opt_i64(12)?);
    let finished = opt_ts(r.get_opt_i64(13)?);
    let cal = env.caches.calendars.for_unit(receiving);
    let version = motcua_domain::ids::ProcedureVersionId(r.get_i64(2)?);
    Ok(DossierSummary {
        code: DossierCode::parse(r.get_str(0)?)
            .map_err(|e| crate::StoreError::Internal(e.to_string()))?,
        procedure_code: ProcedureCode::parse(r.get_str(1)?)
            .map_err(|e| crate::StoreError::Internal(e.to_string()))?,
        procedure_name: env
            .caches
            .catalog()
            .by_id
            .get(&version)
            .map(|p| p.version.name_vi.clone())
            .unwrap_or_default(),
        applicant_name: r.get_text(3)?,
        status,
        channel: from_json("channel", &format!("\"{}\"", r.get_str(5)?))?,
        receiving_unit: receiving,
        processing_unit: UnitId(r.get_i64(7)?),
        assignee_name: r.get_opt_text(8)?,
        submitted_at: ts(r.get_i64(9)?),
        received_at: opt_ts(r.get_opt_i64(10)?),
        due_at: due,
        appointment_at: appointment,
        due_state: due_state(status, due, appointment, finished, &cal, now, &env.policy),
        needs_apology: needs_apology(status, due, r.get_i64(14)? != 0, &cal, now),
    })
}

fn quoted(list: &[Status]) -> String {
    list.iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A WHERE clause under construction, with its parameters.
struct Where {
    parts: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    fn push(&mut self, sql: &str, values: Vec<Value>) {
        // Renumber `$n` placeholders of the fragment after the ones already taken.
        let base = self.params.len();
        let mut out = String::new();
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' {
                let mut n = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(*d);
                    chars.next();
                }
                out.push_str(&format!("${}", base + n.parse::<usize>().unwrap_or(0)));
            } else {
                out.push(c);
            }
        }
        self.parts.push(out);
        self.params.extend(values);
    }
    fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1 = 1".into()
        } else {
            self.parts.join(" AND ")
        }
    }
}

fn unit_in(w: &mut Where, column: &str, units: &[i64]) {
    let placeholders = (1..=units.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    w.push(
        &format!("{column} IN ({placeholders})"),
        units.iter().map(|u| Value::Int(*u)).collect(),
    );
}

fn either_unit(w: &mut Where, units: &[i64]) {
    let ph = |start: usize| {
        (start..start + units.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut params: Vec<Value> = units.iter().map(|u| Value::Int(*u)).collect();
    params.extend(units.iter().map(|u| Value::Int(*u)));
    w.push(
        &format!(
            "(receiving_unit_id IN ({}) OR processing_unit_id IN ({}))",
            ph(1),
            ph(1 + units.len())
        ),
        params,
    );
}

/// The WHERE clause of a worklist for these units.
fn worklist_where(env: &JobEnv, q: &WorklistQuery, units: &[i64], now: Timestamp) -> Where {
    let mut w = Where {
        parts: vec![],
        params: vec![],
    };
    let running = quoted(
        &Status::ALL
            .iter()
            .copied()
            .filter(|s| s.clock_runs())
            .collect::<Vec<_>>(),
    );
    // "Due soon": the appointment falls before now + N working days (national calendar; a
    // unit's own hours shift this by at most hours).
    let soon = env
        .caches
        .calendars
        .national()
        .add_working_minutes(to_local(now), env.policy.due_soon_working_days as i64 * 480)
        .map(from_local)
        .unwrap_or(now);
    match q.list {
        Worklist::New => {
            unit_in(&mut w, "receiving_unit_id", units);
            w.push("status = 'submitted'", vec![]);
        }
        Worklist::ToProcess => {
            unit_in(&mut w, "processing_unit_id", units);
            w.push("status IN ('received', 'in_process')", vec![]);
        }
        Worklist::WaitingCitizen => {
            either_unit(&mut w, units);
            w.push(
                "status IN ('supplement_at_reception', 'supplement_in_process')",
                vec![],
            );
        }
        Worklist::ToApprove => {
            unit_in(&mut w, "processing_unit_id", units);
            w.push("status IN ('awaiting_approval', 'approved')", vec![]);
        }
        Worklist::ToReturn => {
            unit_in(&mut w, "receiving_unit_id", units);
            w.push("status = 'result_ready'", vec![]);
        }
        Worklist::DueSoon => {
            either_unit(&mut w, units);
            w.push(
                &format!(
                    "status IN ({running}) AND appointment_at_ms >= $1 AND appointment_at_ms <= $2"
                ),
                vec![Value::Int(ms(now)), Value::Int(ms(soon))],
            );
        }
        Worklist::Overdue => {
            either_unit(&mut w, units);
            w.push(
                &format!("status IN ({running}) AND appointment_at_ms < $1"),
                vec![Value::Int(ms(now))],
            );
        }
        Worklist::NeedsApology => {
            either_unit(&mut w, units);
            w.push(
                &format!("status IN ({running}) AND rescheduled = 0 AND due_at_ms <= $1"),
                vec![Value::Int(ms(soon))],
            );
        }
        Worklist::All => either_unit(&mut w, units),
    }
    if let Some(p) = &q.procedure {
        w.push("procedure_code = $1", vec![p.as_str().into()]);
    }
    if let Some(s) = q.status {
        w.push("status = $1", vec![s.as_str().into()]);
    }
    if let Some(a) = q.assignee {
        w.push("assignee_id = $1", vec![Value::Int(a.0)]);
    }
    if let Some(t) = q.due_from {
        w.push("appointment_at_ms >= $1", vec![Value::Int(ms(t))]);
    }
    if let Some(t) = q.due_to {
        w.push("appointment_at_ms <= $1", vec![Value::Int(ms(t))]);
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            w.push("applicant_id_number = $1", vec![digits.into()]);
        } else if text.contains('-')
            && text.bytes().any(|b| b.is_ascii_digit())
            && !text.contains(' ')
        {
            w.push(
                "code LIKE $1",
                vec![format!("{}%", text.to_uppercase().replace(['%', '_'], "")).into()],
            );
        } else {
            let f = fold(text).replace(['%', '_'], "");
            w.push("applicant_folded LIKE $1", vec![format!("%{f}%").into()]);
        }
    }
    w
}

/// The actor's officer units, intersected with the requested ones.
fn scope(actor: &Actor, requested: &Option<Vec<UnitId>>) -> Vec<i64> {
    let mine: Vec<i64> = actor.officer_units().map(|u| u.0).collect();
    match requested {
        Some(r) => r.iter().map(|u| u.0).filter(|u| mine.contains(u)).collect(),
        None => {
            let mut m = mine;
            m.sort();
            m.dedup();
            m
        }
    }
}

impl Store {
    /// A dossier if the actor may see it.
    pub async fn dossier(&self, actor: &Actor, code: &DossierCode) -> AppResult<DossierView> {
        let env = self.env();
        let actor = actor.clone();
        let code = code.clone();
        let now = self.now();
        self.inner
            .readers
            .run(move |conn| -> AppResult<DossierView> {
                let d = load_state(conn, &code)?;
                if !visible(conn, &actor, &d)? {
                    return Err(AppError::NotFound);
                }
                Ok(view(&env, d, now))
            })
            .await
    }

    /// The dossier's events in order (timeline, control slip), if the actor may see it.
    pub async fn dossier_events(
        &self,
        actor: &Actor,
        code: &DossierCode,
    ) -> AppResult<Vec<DossierEvent>> {
        let actor = actor.clone();
        let code = code.clone();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<DossierEvent>> {
                let d = load_state(conn, &code)?;
                if !visible(conn, &actor, &d)? {
                    return Err(AppError::NotFound);
                }
                events_of(conn, d.id.0)
            })
            .await
    }

    pub async fn worklist(&self, actor: &Actor, query: WorklistQuery) -> AppResult<WorklistPage> {
        let env = self.env();
        let units = scope(actor, &query.units);
        let now = self.now();
        let per_page = query.per_page.clamp(1, 500);
        let page = query.page.max(1);
        if units.is_empty() {
            return Ok(WorklistPage {
                items: vec![],
                total: 0,
                page,
                per_page,
            });
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<WorklistPage> {
                let w = worklist_where(&env, &query, &units, now);
                let total = conn
                    .query_one(&format!("SELECT count(*) FROM dossiers WHERE {}", w.sql()), &w.params)?
                    .get_i64(0)? as u64;
                let order = match query.list {
                    Worklist::New | Worklist::All => "submitted_at_ms DESC, id DESC",
                    _ => "appointment_at_ms ASC, id ASC",
                };
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE {} ORDER BY {order} LIMIT {per_page} OFFSET {}",
                    w.sql(),
                    (page as u64 - 1) * per_page as u64
                );
                let rows = conn.query(&sql, &w.params)?;
                let items = rows.iter().map(|r| summary(&env, r, now)).collect::<AppResult<Vec<_>>>()?;
                Ok(WorklistPage { items, total, page, per_page })
            })
            .await
    }

    /// Counts of every worklist for the actor's units (or the given ones).
    pub async fn worklist_counts(
        &self,
        actor: &Actor,
        units: Option<Vec<UnitId>>,
    ) -> AppResult<Vec<(Worklist, u64)>> {
        let env = self.env();
        let units = scope(actor, &units);
        let now = self.now();
        if units.is_empty() {
            return Ok(Worklist::ALL.iter().map(|l| (*l, 0)).collect());
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<(Worklist, u64)>> {
                let mut out = Vec::new();
                for list in Worklist::ALL {
                    let q = WorklistQuery {
                        list,
                        ..WorklistQuery::default()
                    };
                    let w = worklist_where(&env, &q, &units, now);
                    let n = conn
                        .query_one(
                            &format!("SELECT count(*) FROM dossiers WHERE {}", w.sql()),
                            &w.params,
                        )?
                        .get_i64(0)?;
                    out.push((list, n as u64));
                }
                Ok(out)
            })
            .await
    }

    /// The citizen's own dossiers (owner or submitted as helper), newest first.
    pub async fn my_dossiers(&self, actor: &Actor) -> AppResult<Vec<DossierSummary>> {
        let Some(me) = actor.account else {
            return Ok(vec![]);
        };
        let env = self.env();
        let now = self.now();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<DossierSummary>> {
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE owner_id = $1 OR submitted_by = $1 ORDER BY submitted_at_ms DESC, id DESC LIMIT 500"
                );
                let rows = conn.query(&sql, &[Value::Int(me.0)])?;
                rows.iter().map(|r| summary(&env, r, now)).collect()
            })
            .await
    }

    /// Anonymous lookup: code + the applicant's phone → status and appointment only.
    pub async fn public_lookup(
        &self,
        code: &DossierCode,
        phone: &str,
    ) -> AppResult<Option<PublicStatus>> {
        let Ok(phone) = validate::phone(phone) else {
            return Ok(None);
        };
        let env = self.env();
        let code = code.clone();
        let now = self.now();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Option<PublicStatus>> {
                let sql = format!("SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE code = $1 AND applicant_phone = $2");
                let Some(r) = conn.query_opt(&sql, &[code.to_string().into(), phone.into()])? else {
                    return Ok(None);
                };
                let s = summary(&env, &r, now)?;
                Ok(Some(PublicStatus { code: s.code, procedure_name: s.procedure_name, status: s.status, appointment_at: s.appointment_at, due_state: s.due_state }))
            })
            .await
    }

    pub async fn personal_documents(&self, account: AccountId) -> AppResult<Vec<PersonalDocument>> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<PersonalDocument>> {
                let rows = conn.query(
                    "SELECT id, title, document, from_dossier, is_result, added_at_ms FROM personal_documents WHERE account_id = $1 ORDER BY added_at_ms DESC, id DESC",
                    &[Value::Int(account.0)],
                )?;
                rows.iter()
                    .map(|r| {
                        Ok(PersonalDocument {
                            id: r.get_i64(0)?,
                            account,
                            title: r.get_text(1)?,
                            document: from_json("document", r.get_str(2)?)?,
                            from_dossier: r.get_opt_text(3)?.and_then(|c| DossierCode::parse(&c).ok()),
                            is_result: r.get_i64(4)? != 0,
                            added_at: ts(r.get_i64(5)?),
                        })
                    })
                    .collect()
            })
            .await
    }

    /// Dossiers by status (for /metrics).
    pub async fn status_counts(&self) -> AppResult<Vec<(Status, u64)>> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<(Status, u64)>> {
                let rows =
                    conn.query("SELECT status, count(*) FROM dossiers GROUP BY status", &[])?;
                Ok(rows
                    .iter()
                    .filter_map(|r| {
                        Some((
                            Status::parse(r.get_str(0).ok()?)?,
                            r.get_i64(1).ok()? as u64,
                        ))
                    })
                    .collect())
            })
            .await
    }
}

pub(crate) fn events_of(conn: &mut dyn Conn, dossier_id: i64) -> AppResult<Vec<DossierEvent>> {
    let stored = crate::chain::dossier_events(conn, &dossier_id.to_string())?;
    stored
        .into_iter()
        .map(|s| {
            let event: Event = from_json("event payload", &s.payload)?;
            Ok(DossierEvent { seq: s.seq, event })
        })
        .collect()
}
