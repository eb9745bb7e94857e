//! Dossier writes: each request is one writer job that runs `decide` for its commands, appends
//! the events to the chain and updates the projection in the same transaction.

use std::sync::Arc;

use jiff::Timestamp;
use motcua_calendar::{WorkingCalendar, completion, to_local};
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{
    self, Actor, Command, Ctx, DocSource, Dossier, Event, EventData, Policy, ReturnMethod, Role,
    Status, Submission,
};
use motcua_domain::fold::fold;
use motcua_domain::ids::{AccountId, DossierId};
use motcua_domain::procedure::StoredProcedure;

use super::caches::Caches;
use super::util::{json, ms};
use super::{
    AppError, AppResult, DossierView, DueState, Idempotency, NewDossier, Store, Submitted, util,
};
use crate::chain::{self, NewEvent};
use crate::idempotency::{self, Reservation};
use crate::sql::{Conn, Value};

/// What a job needs from memory; cloned into each job (cheap: all `Arc`s).
#[derive(Clone)]
pub(crate) struct JobEnv {
    pub caches: Arc<Caches>,
    pub policy: Arc<Policy>,
}

impl JobEnv {
    fn procedure(&self, d: &Dossier) -> AppResult<Arc<StoredProcedure>> {
        self.caches
            .catalog()
            .by_id
            .get(&d.procedure)
            .cloned()
            .ok_or_else(|| {
                AppError::Store(crate::StoreError::Internal(format!(
                    "procedure version {} missing",
                    d.procedure
                )))
            })
    }
}

/// Deadline state of a dossier for lists and pages.
pub(crate) fn due_state(
    d_status: Status,
    due: Option<Timestamp>,
    appointment: Option<Timestamp>,
    finished: Option<Timestamp>,
    cal: &WorkingCalendar,
    now: Timestamp,
    policy: &Policy,
) -> DueState {
    let Some(appointment) = appointment.or(due) else {
        return DueState::NotStarted;
    };
    if let Some(f) = finished {
        return DueState::Finished(completion(to_local(f), to_local(appointment)));
    }
    if d_status.waits_for_applicant() {
        return DueState::Paused;
    }
    if d_status.clock_runs() {
        return DueState::Open(cal.open_state(
            to_local(appointment),
            to_local(now),
            policy.due_soon_working_days,
        ));
    }
    DueState::NotStarted
}

/// R-LC-5: from due − 1 working day an unfinished dossier needs an apology and one new date.
pub(crate) fn needs_apology(
    d_status: Status,
    due: Option<Timestamp>,
    rescheduled: bool,
    cal: &WorkingCalendar,
    now: Timestamp,
) -> bool {
    match due {
        Some(due) if d_status.clock_runs() && !rescheduled => {
            cal.open_state(to_local(due), to_local(now), 1)
                != motcua_calendar::OpenState::WithinTime
        }
        _ => false,
    }
}

pub(crate) fn view(env: &JobEnv, d: Dossier, now: Timestamp) -> DossierView {
    let cal = env.caches.calendars.for_unit(d.receiving_unit);
    let units = env.caches.units();
    let today = to_local(now).date();
    let name = |u| {
        units
            .get(u, today)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| format!("#{u}"))
    };
    let procedure_name = env
        .caches
        .catalog()
        .by_id
        .get(&d.procedure)
        .map(|p| p.version.name_vi.clone())
        .unwrap_or_default();
    DossierView {
        due_state: due_state(
            d.status,
            d.due_at,
            d.appointment(),
            d.finished_at,
            &cal,
            now,
            &env.policy,
        ),
        needs_apology: needs_apology(d.status, d.due_at, d.reschedule.is_some(), &cal, now),
        procedure_name,
        receiving_unit_name: name(d.receiving_unit),
        processing_unit_name: name(d.processing_unit),
        dossier: d,
    }
}

/// May this actor see this dossier at all? (Otherwise: `NotFound`.)
pub(crate) fn visible(
    conn: &mut dyn Conn,
    actor: &Actor,
    d: &Dossier,
) -> Result<bool, crate::StoreError> {
    if actor.has_role(Role::System) {
        return Ok(true);
    }
    if actor.account.is_some() && (d.owner == actor.account || d.submitted_by == actor.account) {
        return Ok(true);
    }
    let units: Vec<i64> = actor.officer_units().map(|u| u.0).collect();
    if units.is_empty() {
        return Ok(false);
    }
    if units.contains(&d.receiving_unit.0) || units.contains(&d.processing_unit.0) {
        return Ok(true);
    }
    let (list, mut params) = util::id_list(2, &units);
    params.insert(0, Value::Int(d.id.0));
    let sql = format!(
        "SELECT 1 FROM dossier_units WHERE dossier_id = $1 AND unit_id IN ({list}) LIMIT 1"
    );
    Ok(conn.query_opt(&sql, &params)?.is_some())
}

pub(crate) fn to_new_events(d: &Dossier, events: &[Event]) -> Vec<NewEvent> {
    events
        .iter()
        .map(|e| NewEvent {
            at_ms: ms(e.at),
            actor_id: e
                .actor
                .account
                .map_or_else(|| "system".into(), |a| a.0.to_string()),
            actor_role: e.actor.role.as_str().into(),
            unit_id: e.unit.0.to_string(),
            dossier_id: Some(d.id.0.to_string()),
            kind: e.data.kind().into(),
            payload: serde_json::to_value(e).expect("events serialize"),
        })
        .collect()
}

/// The projection columns, in the order of INSERT and UPDATE below.
fn projection(d: &Dossier, now: Timestamp) -> Vec<Value> {
    vec![
        d.procedure.0.into(),
        d.procedure_code.as_str().into(),
        d.receiving_unit.0.into(),
        d.processing_unit.0.into(),
        d.status.as_str().into(),
        json(&d.channel).trim_matches('"').into(),
        d.applicant.full_name.clone().into(),
        fold(&d.applicant.full_name).into(),
        d.applicant.id_number.clone().into(),
        d.applicant.phone.clone().into(),
        d.owner.map(|a| a.0).into(),
        d.submitted_by.map(|a| a.0).into(),
        d.assignee.map(|a| a.0).into(),
        d.assignee_name.clone().into(),
        Value::Int(ms(d.submitted_at)),
        d.received_at.map(ms).into(),
        d.due_at.map(ms).into(),
        d.appointment().map(ms).into(),
        d.finished_at.map(ms).into(),
        d.reschedule.is_some().into(),
        Value::Int(d.version as i64),
        json(d).into(),
        Value::Int(ms(now)),
    ]
}

pub(crate) fn insert_dossier(conn: &mut dyn Conn, d: &Dossier, now: Timestamp) -> AppResult<()> {
    let mut params = vec![Value::Int(d.id.0), d.code.to_string().into()];
    params.extend(projection(d, now));
    conn.execute(
        "INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, receiving_unit_id, processing_unit_id, status, channel, \
         applicant_name, applicant_folded, applicant_id_number, applicant_phone, owner_id, submitted_by, assignee_id, assignee_name, \
         submitted_at_ms, received_at_ms, due_at_ms, appointment_at_ms, finished_at_ms, rescheduled, version, state, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
        &params,
    )?;
    Ok(())
}

fn update_dossier(
    conn: &mut dyn Conn,
    d: &Dossier,
    previous_version: u64,
    now: Timestamp,
) -> AppResult<()> {
    let mut params = projection(d, now);
    params.push(Value::Int(d.id.0));
    params.push(Value::Int(previous_version as i64));
    let n = conn.execute(
        "UPDATE dossiers SET procedure_version_id = $1, procedure_code = $2, receiving_unit_id = $3, processing_unit_id = $4, status = $5, \
         channel = $6, applicant_name = $7, applicant_folded = $8, applicant_id_number = $9, applicant_phone = $10, owner_id = $11, \
         submitted_by = $12, assignee_id = $13, assignee_name = $14, submitted_at_ms = $15, received_at_ms = $16, due_at_ms = $17, \
         appointment_at_ms = $18, finished_at_ms = $19, rescheduled = $20, version = $21, state = $22, updated_at_ms = $23 \
         WHERE id = $24 AND version = $25",
        &params,
    )?;
    if n != 1 {
        // Another app node changed it between our read and write.
        return Err(AppError::Stale {
            expected: previous_version,
            actual: previous_version + 1,
        });
    }
    Ok(())
}

fn note_unit(conn: &mut dyn Conn, d: &Dossier) -> AppResult<()> {
    conn.execute(
        "INSERT INTO dossier_units (unit_id, dossier_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[Value::Int(d.processing_unit.0), Value::Int(d.id.0)],
    )?;
    Ok(())
}

/// Keeps documents in the owner's personal store (kho dữ liệu) for reuse (once-only).
fn keep_personal(
    conn: &mut dyn Conn,
    d: &Dossier,
    events: &[Event],
    env: &JobEnv,
    now: Timestamp,
) -> AppResult<()> {
    let Some(owner) = d.owner else { return Ok(()) };
    let procedure = env.procedure(d)?;
    for e in events {
        let (docs, is_result): (Vec<&dossier::DocumentRef>, bool) = match &e.data {
            EventData::Submitted(s) => (s.documents.iter().collect(), false),
            EventData::SupplementProvided { documents, .. } => (documents.iter().collect(), false),
            EventData::ResultReturned {
                method: ReturnMethod::Electronic,
            } => (d.result_documents.iter().collect(), true),
            _ => continue,
        };
        for doc in docs {
            if !is_result && !matches!(doc.source, DocSource::Upload | DocSource::Scan) {
                continue;
            }
            let title = if is_result {
                procedure.version.result_vi.clone()
            } else {
                doc.component
                    .as_deref()
                    .and_then(|k| procedure.version.component(k))
                    .map(|c| c.name_vi.clone())
                    .unwrap_or_else(|| doc.file_name.clone())
            };
            let id = util::next_id(conn, "personal_document")?;
            conn.execute(
                "INSERT INTO personal_documents (id, account_id, sha256, title, document, from_dossier, is_result, added_at_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                &[
                    Value::Int(id),
                    Value::Int(owner.0),
                    doc.sha256.clone().into(),
                    title.chars().take(300).collect::<String>().into(),
                    json(doc).into(),
                    d.code.to_string().into(),
                    is_result.into(),
                    Value::Int(ms(now)),
                ],
            )?;
        }
    }
    Ok(())
}

/// Documents said to come from the personal store must be in the owner's store (a citizen
/// cannot attach someone else's file by guessing its hash).
fn check_reuse(
    conn: &mut dyn Conn,
    owner: Option<AccountId>,
    docs: &[dossier::DocumentRef],
) -> AppResult<()> {
    for doc in docs
        .iter()
        .filter(|d| matches!(d.source, DocSource::PersonalStore { .. }))
    {
        let found = match owner {
            Some(o) => conn
                .query_opt(
                    "SELECT 1 FROM personal_documents WHERE account_id = $1 AND sha256 = $2",
                    &[Value::Int(o.0), doc.sha256.clone().into()],
                )?
                .is_some(),
            None => false,
        };
        if !found {
            return Err(AppError::invalid(
                "dossier.reuse_not_found",
                "Không tìm thấy giấy tờ này trong kho dữ liệu của bạn.",
                "This document is not in your personal data store.",
            ));
        }
    }
    Ok(())
}

/// Store-side checks the domain cannot make (it knows no accounts and no unit list).
fn check_command(
    conn: &mut dyn Conn,
    env: &JobEnv,
    d: &Dossier,
    cmd: &Command,
    now: Timestamp,
) -> AppResult<()> {
    match cmd {
        Command::Transfer { to_unit, .. } => {
            let today = to_local(now).date();
            if env.caches.units().on(*to_unit, today).is_none() {
                return Err(AppError::invalid(
                    "unit.unknown",
                    "Đơn vị nhận không tồn tại hoặc không còn hiệu lực.",
                    "The receiving unit does not exist or is no longer in force.",
                ));
            }
        }
        Command::Assign { to, .. } => {
            let ok = conn
                .query_opt(
                    "SELECT 1 FROM account_grants g JOIN accounts a ON a.id = g.account_id WHERE g.account_id = $1 AND g.role = 'specialist' AND a.disabled = 0",
                    &[Value::Int(to.0)],
                )?
                .is_some();
            // Grants may sit on a parent unit; the domain re-checks scope when they act.
            if !ok {
                return Err(AppError::invalid(
                    "dossier.assignee_not_specialist",
                    "Người được phân công không phải chuyên viên.",
                    "The assignee is not a specialist.",
                ));
            }
        }
        Command::ProvideSupplement { documents, .. } => check_reuse(conn, d.owner, documents)?,
        _ => {}
    }
    Ok(())
}

fn run_commands(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    state: &mut Dossier,
    commands: &[Command],
    now: Timestamp,
    all: &mut Vec<Event>,
) -> AppResult<()> {
    let procedure = env.procedure(state)?;
    let calendar = env.caches.calendars.for_unit(state.receiving_unit);
    for cmd in commands {
        check_command(conn, env, state, cmd, now)?;
        let ctx = Ctx {
            now,
            actor,
            procedure: &procedure.version,
            calendar: &calendar,
            policy: &env.policy,
        };
        let events = dossier::decide(Some(state), cmd, &ctx)?;
        for e in &events {
            dossier::apply(state, e);
        }
        all.extend(events);
    }
    Ok(())
}

pub(crate) fn next_code(
    conn: &mut dyn Conn,
    agency: &motcua_domain::ids::AgencyCode,
    now: Timestamp,
) -> AppResult<DossierCode> {
    let day = to_local(now).date();
    let seq = conn
        .query_one(
            "INSERT INTO code_sequences (agency, day, last) VALUES ($1, $2, 1) \
             ON CONFLICT (agency, day) DO UPDATE SET last = code_sequences.last + 1 RETURNING last",
            &[agency.as_str().into(), day.to_string().into()],
        )?
        .get_i64(0)?;
    Ok(DossierCode::new(agency, day, seq as u32))
}

pub(crate) fn submit_job(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    new: &NewDossier,
    then: &[Command],
    idem: Option<&Idempotency>,
    now: Timestamp,
) -> AppResult<Submitted> {
    let scope = util::actor_id(actor);
    if let Some(i) = idem
        && let Reservation::Replay { response, .. } =
            idempotency::check_or_reserve(conn, &scope, &i.key, &i.request_hash, ms(now))?
    {
        let view: DossierView = util::from_json("stored response", &response)?;
        return Ok(Submitted::Replay(Box::new(view)));
    }
    let catalog = env.caches.catalog();
    let procedure = catalog
        .current
        .get(&new.procedure)
        .cloned()
        .ok_or_else(|| {
            AppError::invalid(
                "procedure.unknown",
                format!("Không có thủ tục mã {}.", new.procedure),
                format!("There is no procedure with code {}.", new.procedure),
            )
        })?;
    let today = to_local(now).date();
    let unit = env
        .caches
        .units()
        .on(new.unit, today)
        .cloned()
        .ok_or_else(|| {
            AppError::invalid(
                "unit.unknown",
                "Đơn vị tiếp nhận không tồn tại hoặc không còn hiệu lực.",
                "The receiving unit does not exist or is no longer in force.",
            )
        })?;
    let owner_for_reuse = if actor.has_role(Role::Citizen) {
        actor.account
    } else {
        new.owner
    };
    check_reuse(conn, owner_for_reuse, &new.documents)?;
    let id = DossierId(util::next_id(conn, "dossier")?);
    let code = next_code(conn, &unit.code, now)?;
    let submission = Submission {
        id,
        code,
        procedure: procedure.id,
        unit: new.unit,
        channel: new.channel,
        applicant: new.applicant.clone(),
        owner: new.owner,
        on_behalf: new.on_behalf.clone(),
        delivery: new.delivery.clone(),
        form: new.form.clone(),
        documents: new.documents.clone(),
    };
    let calendar = env.caches.calendars.for_unit(new.unit);
    let ctx = Ctx {
        now,
        actor,
        procedure: &procedure.version,
        calendar: &calendar,
        policy: &env.policy,
    };
    let mut events = dossier::decide(None, &Command::Submit(Box::new(submission)), &ctx)?;
    let mut state = dossier::start(&events[0]).expect("a submission starts a dossier");
    run_commands(conn, env, actor, &mut state, then, now, &mut events)?;
    insert_dossier(conn, &state, now)?;
    super::quality::dossier_written(conn, env, &state, true)?;
    note_unit(conn, &state)?;
    chain::append_all(conn, &to_new_events(&state, &events))?;
    keep_personal(conn, &state, &events, env, now)?;
    let view = view(env, state, now);
    if let Some(i) = idem {
        idempotency::store(conn, &scope, &i.key, 201, &json(&view))?;
    }
    Ok(Submitted::New(Box::new(view)))
}

pub(crate) fn load_state(conn: &mut dyn Conn, code: &DossierCode) -> AppResult<Dossier> {
    let r = conn
        .query_opt(
            "SELECT state FROM dossiers WHERE code = $1",
            &[code.to_string().into()],
        )?
        .ok_or(AppError::NotFound)?;
    Ok(util::from_json("dossier state", r.get_str(0)?)?)
}

pub(crate) fn execute_job(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    code: &DossierCode,
    expected: Option<u64>,
    commands: &[Command],
    now: Timestamp,
) -> AppResult<DossierView> {
    let mut state = load_state(conn, code)?;
    if !visible(conn, actor, &state)? {
        return Err(AppError::NotFound);
    }
    if let Some(v) = expected
        && v != state.version
    {
        return Err(AppError::Stale {
            expected: v,
            actual: state.version,
        });
    }
    let before = state.version;
    let mut events = Vec::new();
    run_commands(conn, env, actor, &mut state, commands, now, &mut events)?;
    if events.is_empty() {
        return Ok(view(env, state, now));
    }
    update_dossier(conn, &state, before, now)?;
    super::quality::dossier_written(conn, env, &state, false)?;
    note_unit(conn, &state)?;
    chain::append_all(conn, &to_new_events(&state, &events))?;
    keep_personal(conn, &state, &events, env, now)?;
    Ok(view(env, state, now))
}

/// Recomputes due moments of open dossiers not yet due after a schedule change.
pub(crate) fn recompute_job(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    reason: &str,
    now: Timestamp,
) -> AppResult<u64> {
    let running: Vec<&str> = Status::ALL
        .iter()
        .filter(|s| s.clock_runs())
        .map(|s| s.as_str())
        .collect();
    let list = running
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT state FROM dossiers WHERE status IN ({list}) AND due_at_ms > $1 ORDER BY id"
    );
    let rows = conn.query(&sql, &[Value::Int(ms(now))])?;
    let mut changed = 0;
    for r in rows {
        let mut state: Dossier = util::from_json("dossier state", r.get_str(0)?)?;
        let procedure = env.procedure(&state)?;
        let calendar = env.caches.calendars.for_unit(state.receiving_unit);
        let ctx = Ctx {
            now,
            actor,
            procedure: &procedure.version,
            calendar: &calendar,
            policy: &env.policy,
        };
        if let Some(e) = dossier::recompute_due(&state, &ctx, reason)? {
            let before = state.version;
            dossier::apply(&mut state, &e);
            update_dossier(conn, &state, before, now)?;
            super::quality::dossier_written(conn, env, &state, false)?;
            chain::append_all(conn, &to_new_events(&state, std::slice::from_ref(&e)))?;
            changed += 1;
        }
    }
    Ok(changed)
}

impl Store {
    pub(crate) fn env(&self) -> JobEnv {
        JobEnv {
            caches: self.inner.caches.clone(),
            policy: self.inner.policy.clone(),
        }
    }

    /// Submits a new dossier and runs `then` on it in the same transaction (a desk officer
    /// receiving a paper dossier submits and accepts in one step). With an idempotency key a
    /// repeated request returns the first answer and creates nothing.
    pub async fn submit(
        &self,
        actor: &Actor,
        dossier: NewDossier,
        then: Vec<Command>,
        idempotency: Option<Idempotency>,
    ) -> AppResult<Submitted> {
        let env = self.env();
        let actor = actor.clone();
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| {
                submit_job(
                    conn,
                    &env,
                    &actor,
                    &dossier,
                    &then,
                    idempotency.as_ref(),
                    now,
                )
            })
            .await
    }

    /// Runs commands on a dossier in one transaction. `expected_version`: the version the
    /// caller saw; a different current version is `Stale` and nothing changes.
    pub async fn execute(
        &self,
        actor: &Actor,
        code: &DossierCode,
        expected_version: Option<u64>,
        commands: Vec<Command>,
    ) -> AppResult<DossierView> {
        let env = self.env();
        let actor = actor.clone();
        let code = code.clone();
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| {
                execute_job(conn, &env, &actor, &code, expected_version, &commands, now)
            })
            .await
    }

    /// Loads a newly announced year (replacing the built-in or provisional one) and recomputes
    /// the due moments of dossiers not yet due. Returns how many dossiers changed.
    pub async fn import_calendar_year(
        &self,
        actor: &Actor,
        year: motcua_calendar::YearSchedule,
    ) -> AppResult<u64> {
        let now = self.now();
        let who = actor.clone();
        let y = year.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "INSERT INTO calendar_years (year, body, imported_at_ms) VALUES ($1, $2, $3) \
                     ON CONFLICT (year) DO UPDATE SET body = excluded.body, imported_at_ms = excluded.imported_at_ms",
                    &[Value::Int(y.year as i64), json(&y).into(), Value::Int(ms(now))],
                )?;
                super::audit::record(conn, now, Some(&who), None, "calendar_year_imported", serde_json::json!({"year": y.year, "title": y.title, "source": y.source}))?;
                Ok(())
            })
            .await?;
        self.refresh().await?;
        let env = self.env();
        let system = Actor {
            account: None,
            name: format!("Lịch năm {}", year.year),
            grants: vec![dossier::Grant {
                role: Role::System,
                unit: None,
            }],
        };
        let reason = format!("Lịch nghỉ năm {} được cập nhật: {}", year.year, year.source);
        self.inner
            .writer
            .run(move |conn| recompute_job(conn, &env, &system, &reason, now))
            .await
    }

    /// Sets a unit's working hours and overrides; due moments are not recomputed.
    pub async fn set_unit_calendar(
        &self,
        actor: &Actor,
        unit: motcua_domain::ids::UnitId,
        calendar: motcua_calendar::UnitCalendar,
    ) -> AppResult<()> {
        let now = self.now();
        let who = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "INSERT INTO unit_calendars (unit_id, body, updated_at_ms) VALUES ($1, $2, $3) \
                     ON CONFLICT (unit_id) DO UPDATE SET body = excluded.body, updated_at_ms = excluded.updated_at_ms",
                    &[Value::Int(unit.0), json(&calendar).into(), Value::Int(ms(now))],
                )?;
                super::audit::record(conn, now, Some(&who), Some(unit), "unit_calendar_set", serde_json::to_value(&calendar)?)?;
                Ok(())
            })
            .await?;
        self.refresh().await
    }
}
