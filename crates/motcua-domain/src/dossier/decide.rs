//! `decide`: the one function that judges a command against the state, the actor, the
//! procedure version, the calendar and the clock, and answers with the events to record.

use jiff::Timestamp;
use jiff::civil::Time;
use motcua_calendar::{
    CutoffRule, Limit, TimeUnit, WorkingCalendar, completion, from_local, to_local,
};

use super::command::{Command, CommandKind, Submission};
use super::event::{Event, EventData, HandOver, SubmittedData};
use super::model::{
    Delivery, DocumentRef, Dossier, ReturnMethod, Status, StepState, SupplementStage,
};
use super::rejection::Rejection;
use super::role::{Actor, ActorRef, Role};
use super::rules::{SUBMIT_ROLES, rules_for};
use crate::ids::UnitId;
use crate::procedure::{Channel, ProcedureVersion, PublicationStatus};
use crate::validate;

/// Settings of the law that a province may configure.
#[derive(Debug, Clone)]
pub struct Policy {
    /// "Due soon" starts this many working days before the due moment (issue #3 §5).
    pub due_soon_working_days: u32,
    /// Dossiers received after this local time are handed to the processing body at the start
    /// of the next working day (R-LC-3).
    pub handover_cutoff: Time,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            due_soon_working_days: 1,
            handover_cutoff: Time::constant(15, 0, 0, 0),
        }
    }
}

/// Everything `decide` may look at besides the state and the command.
pub struct Ctx<'a> {
    pub now: Timestamp,
    pub actor: &'a Actor,
    /// The version the dossier keeps (for a submission: the version in force now).
    pub procedure: &'a ProcedureVersion,
    /// The working calendar of the receiving unit (whose deadlines the dossier runs on).
    pub calendar: &'a WorkingCalendar,
    pub policy: &'a Policy,
}

const MAX_TEXT: usize = 4000;

/// Judges `command` on `state` (`None` for a new dossier).
pub fn decide(
    state: Option<&Dossier>,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<Event>, Rejection> {
    let Some(d) = state else {
        return match command {
            Command::Submit(s) => submit(s, ctx),
            other => Err(Rejection::IllegalTransition {
                command: other.kind(),
                status: Status::Submitted,
            }),
        };
    };
    if let Command::Submit(_) = command {
        return Err(Rejection::AlreadyExists);
    }
    let kind = command.kind();
    let role = authorize(d, kind, ctx.actor)?;
    let e = Emit {
        ctx,
        role,
        unit: acting_unit(d, role),
    };
    match command {
        Command::Submit(_) => unreachable!("handled above"),
        Command::Accept { shown_only, note } => accept(d, shown_only, note, &e),
        Command::RequestSupplement { items, reason } => request_supplement(d, items, reason, &e),
        Command::ProvideSupplement {
            documents,
            form_changes,
            note,
        } => {
            check_documents(ctx.procedure, documents)?;
            let mut changes = form_changes.clone();
            for (k, v) in changes.iter_mut() {
                let field = ctx
                    .procedure
                    .form_fields
                    .iter()
                    .find(|f| &f.key == k)
                    .ok_or_else(|| Rejection::InvalidField {
                        key: k.clone(),
                        problem: "không thuộc biểu mẫu của thủ tục / not a field of this form"
                            .into(),
                    })?;
                *v = validate::form_value(field, v).map_err(|p| Rejection::InvalidField {
                    key: k.clone(),
                    problem: format!("{} / {}", p.vi, p.en),
                })?;
            }
            let (due_at, step) = if d.status == Status::SupplementInProcess {
                // R-TIME-3: the processing period restarts from zero once complete.
                let due = due_from(ctx, ctx.now)?;
                let step = restart_step(d, ctx, due)?;
                (Some(due), Some(step))
            } else {
                (None, None)
            };
            Ok(vec![e.event(EventData::SupplementProvided {
                documents: documents.clone(),
                form_changes: changes,
                note: trimmed(note),
                due_at,
                step,
            })])
        }
        Command::Refuse {
            reason,
            legal_basis,
        } => {
            let reason = required_text(reason, "reason")?;
            let legal_basis = required_text(legal_basis, "legal_basis")?;
            Ok(vec![e.event(EventData::Refused {
                reason,
                legal_basis,
            })])
        }
        Command::Assign { to, to_name } => assign(d, *to, to_name.clone(), false, &e),
        Command::Claim => {
            if d.assignee.is_some_and(|a| Some(a) != ctx.actor.account) {
                return Err(Rejection::AlreadyAssigned);
            }
            let me = ctx.actor.account.ok_or(Rejection::OutOfScope)?;
            assign(d, me, ctx.actor.name.clone(), true, &e)
        }
        Command::Transfer { to_unit, note } => {
            if *to_unit == d.processing_unit {
                return Err(Rejection::TransferToSameUnit);
            }
            must_hold(d, &e)?;
            let due = d.due_at.unwrap_or(ctx.now);
            let current = current_step(d, ctx);
            let step = step_state(ctx, current.index, ctx.now, due)?;
            Ok(vec![
                e.hand_over(
                    d,
                    Some(*to_unit),
                    Some(Role::Specialist),
                    &current,
                    trimmed(note),
                ),
                e.event(EventData::Transferred {
                    from_unit: d.processing_unit,
                    to_unit: *to_unit,
                    note: trimmed(note),
                    step,
                }),
            ])
        }
        Command::ProposeResult {
            outcome,
            summary,
            documents,
        } => {
            must_hold(d, &e)?;
            let summary = required_text(summary, "summary")?;
            let current = current_step(d, ctx);
            let next = next_step_index(ctx.procedure, current.index, Role::Leader);
            let step = step_state(ctx, next, ctx.now, d.due_at.unwrap_or(ctx.now))?;
            Ok(vec![
                e.hand_over(
                    d,
                    Some(d.processing_unit),
                    Some(Role::Leader),
                    &current,
                    None,
                ),
                e.event(EventData::ResultProposed {
                    outcome: outcome.clone(),
                    summary,
                    documents: documents.clone(),
                    step,
                }),
            ])
        }
        Command::SendBack { reason } => {
            let reason = required_text(reason, "reason")?;
            let current = current_step(d, ctx);
            let back = previous_step_index(ctx.procedure, current.index, Role::Specialist);
            let step = step_state(ctx, back, ctx.now, d.due_at.unwrap_or(ctx.now))?;
            Ok(vec![
                e.hand_over(
                    d,
                    Some(d.processing_unit),
                    Some(Role::Specialist),
                    &current,
                    Some(reason.clone()),
                ),
                e.event(EventData::SentBack { reason, step }),
            ])
        }
        Command::Approve { note } => Ok(vec![e.event(EventData::Approved {
            note: trimmed(note),
        })]),
        Command::IssueResult { documents, number } => {
            let current = current_step(d, ctx);
            let next = next_step_index(ctx.procedure, current.index, Role::DeskOfficer);
            let appointment = d.appointment().unwrap_or(ctx.now);
            let step = StepState {
                index: next,
                name: step_name(ctx.procedure, next),
                started_at: ctx.now,
                deadline: appointment.max(ctx.now),
            };
            Ok(vec![
                e.hand_over(
                    d,
                    Some(d.receiving_unit),
                    Some(Role::DeskOfficer),
                    &current,
                    None,
                ),
                e.event(EventData::ResultIssued {
                    documents: documents.clone(),
                    number: trimmed(number),
                    step,
                }),
            ])
        }
        Command::ReturnResult { method } => {
            let method = match method {
                ReturnMethod::Desk {
                    received_by,
                    id_number,
                } => ReturnMethod::Desk {
                    received_by: required_text(received_by, "received_by")?,
                    id_number: trimmed(id_number),
                },
                ReturnMethod::Post { tracking_number } => ReturnMethod::Post {
                    tracking_number: required_text(tracking_number, "tracking_number")?,
                },
                ReturnMethod::Electronic => {
                    if d.result_documents.is_empty() {
                        return Err(Rejection::NoElectronicResult);
                    }
                    ReturnMethod::Electronic
                }
            };
            let deadline = d.appointment().unwrap_or(ctx.now);
            let current = StepState {
                index: d.step.as_ref().map_or(0, |s| s.index),
                name: "Trả kết quả".into(),
                started_at: d.step.as_ref().map_or(ctx.now, |s| s.started_at),
                deadline,
            };
            Ok(vec![
                e.hand_over(d, None, None, &current, None),
                e.event(EventData::ResultReturned { method }),
            ])
        }
        Command::Stop { reason } => {
            let reason = required_text(reason, "reason")?;
            Ok(vec![e.event(EventData::Stopped { reason })])
        }
        Command::Reschedule { reason, new_due } => {
            if d.reschedule.is_some() {
                return Err(Rejection::AlreadyRescheduled);
            }
            let reason = required_text(reason, "reason")?;
            let previous_due = d.appointment().unwrap_or(ctx.now);
            if *new_due <= previous_due || *new_due <= ctx.now {
                return Err(Rejection::NewDueNotLater);
            }
            Ok(vec![e.event(EventData::Rescheduled {
                reason,
                previous_due,
                new_due: *new_due,
            })])
        }
        Command::Close { reason } => {
            let open = d.open_supplement().ok_or(Rejection::IllegalTransition {
                command: kind,
                status: d.status,
            })?;
            if ctx.now < open.close_after {
                return Err(Rejection::SupplementPeriodRunning(open.close_after));
            }
            let reason = required_text(reason, "reason")?;
            Ok(vec![e.event(EventData::Closed { reason })])
        }
        Command::Comment { text } => {
            let text = required_text(text, "text")?;
            Ok(vec![e.event(EventData::Commented { text })])
        }
        Command::AttachDocument { document } => Ok(vec![e.event(EventData::DocumentAttached {
            document: document.clone(),
        })]),
    }
}

/// Finds the rule and the role under which the actor may give this command.
fn authorize(d: &Dossier, kind: CommandKind, actor: &Actor) -> Result<Role, Rejection> {
    // Someone acting only as a citizen or helper learns nothing about a dossier that is not
    // theirs, not even its state (the web layer answers 404).
    let only_personal = actor
        .grants
        .iter()
        .all(|g| matches!(g.role, Role::Citizen | Role::Helper));
    let is_theirs =
        actor.account.is_some() && (d.owner == actor.account || d.submitted_by == actor.account);
    if only_personal && !is_theirs {
        return Err(Rejection::NotYourDossier);
    }
    let mut rules = rules_for(kind, d.status).peekable();
    if rules.peek().is_none() {
        if kind == CommandKind::Stop && d.status.decision_exists() {
            return Err(Rejection::DecisionExists);
        }
        return Err(Rejection::IllegalTransition {
            command: kind,
            status: d.status,
        });
    }
    let roles: Vec<Role> = rules.flat_map(|r| r.roles.iter().copied()).collect();
    let mut held_somewhere = false;
    let mut not_owner = false;
    for &role in &roles {
        if !actor.has_role(role) {
            continue;
        }
        held_somewhere = true;
        match role {
            Role::Citizen => {
                if actor.account.is_some() && d.owner == actor.account {
                    return Ok(role);
                }
                not_owner = true;
            }
            Role::Helper => {
                if actor.account.is_some() && d.submitted_by == actor.account {
                    return Ok(role);
                }
                not_owner = true;
            }
            Role::System => return Ok(role),
            Role::Admin => {}
            officer => {
                if actor.holds(officer, acting_unit(d, officer)) {
                    return Ok(role);
                }
            }
        }
    }
    if !held_somewhere {
        let mut roles = roles;
        roles.sort();
        roles.dedup();
        return Err(Rejection::Forbidden {
            command: kind,
            roles,
        });
    }
    if not_owner {
        Err(Rejection::NotYourDossier)
    } else {
        Err(Rejection::OutOfScope)
    }
}

/// The unit a role acts for on this dossier (see rules.rs).
fn acting_unit(d: &Dossier, role: Role) -> UnitId {
    match role {
        Role::DeskOfficer | Role::Citizen | Role::Helper => d.receiving_unit,
        _ => d.processing_unit,
    }
}

/// A specialist acts only on dossiers assigned to them; a leader on any of the unit's.
fn must_hold(d: &Dossier, e: &Emit<'_>) -> Result<(), Rejection> {
    if e.role == Role::Specialist && d.assignee.is_some() && d.assignee != e.ctx.actor.account {
        return Err(Rejection::NotAssignee);
    }
    Ok(())
}

struct Emit<'a> {
    ctx: &'a Ctx<'a>,
    role: Role,
    unit: UnitId,
}

impl Emit<'_> {
    fn event(&self, data: EventData) -> Event {
        Event {
            at: self.ctx.now,
            actor: ActorRef {
                account: self.ctx.actor.account,
                name: self.ctx.actor.name.clone(),
                role: self.role,
            },
            unit: self.unit,
            data,
        }
    }

    /// A control-slip row for handing over the step `current` (R-LC-4).
    fn hand_over(
        &self,
        d: &Dossier,
        to_unit: Option<UnitId>,
        to_role: Option<Role>,
        current: &StepState,
        note: Option<String>,
    ) -> Event {
        self.event(EventData::HandedOver(HandOver {
            from_unit: if self.role == Role::DeskOfficer {
                d.receiving_unit
            } else {
                d.processing_unit
            },
            from_role: self.role,
            to_unit,
            to_role,
            step_name: current.name.clone(),
            step_deadline: current.deadline,
            outcome: completion(to_local(self.ctx.now), to_local(current.deadline)),
            note,
        }))
    }
}

fn submit(s: &Submission, ctx: &Ctx<'_>) -> Result<Vec<Event>, Rejection> {
    let actor = ctx.actor;
    let p = ctx.procedure;
    let role = match s.channel {
        Channel::Online => [Role::Citizen, Role::Helper]
            .into_iter()
            .find(|r| actor.has_role(*r)),
        Channel::Desk | Channel::Post => {
            Some(Role::DeskOfficer).filter(|r| actor.holds(*r, s.unit))
        }
    };
    let Some(role) = role else {
        if s.channel != Channel::Online && actor.has_role(Role::DeskOfficer) {
            return Err(Rejection::OutOfScope);
        }
        return Err(Rejection::Forbidden {
            command: CommandKind::Submit,
            roles: SUBMIT_ROLES.to_vec(),
        });
    };
    if p.status != PublicationStatus::Published {
        return Err(Rejection::ProcedureNotAvailable);
    }
    if !p.accepts(s.channel) {
        return Err(Rejection::ChannelNotOffered(match s.channel {
            Channel::Online => "online",
            Channel::Desk => "desk",
            Channel::Post => "post",
        }));
    }
    let owner = match role {
        Role::Citizen => actor.account,
        _ => s.owner,
    };
    if role == Role::Helper {
        let consent = s.on_behalf.as_ref().ok_or(Rejection::ConsentRequired)?;
        if consent.consent_method.trim().is_empty() || Some(consent.helper) != actor.account {
            return Err(Rejection::ConsentRequired);
        }
    }
    let mut applicant = s.applicant.clone();
    applicant.full_name = validate::person_name(&applicant.full_name).map_err(|p| {
        if s.applicant.full_name.trim().is_empty() {
            Rejection::Required("applicant.full_name")
        } else {
            Rejection::InvalidField {
                key: "applicant.full_name".into(),
                problem: format!("{} / {}", p.vi, p.en),
            }
        }
    })?;
    if let Delivery::Post { address } = &s.delivery
        && address.trim().is_empty()
    {
        return Err(Rejection::Required("delivery.address"));
    }
    check_documents(p, &s.documents)?;
    if s.channel == Channel::Online {
        missing_components(p, &s.documents, &[])?;
    }
    let mut form = std::collections::BTreeMap::new();
    for field in &p.form_fields {
        match s
            .form
            .get(&field.key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            Some(v) => {
                let v = validate::form_value(field, v).map_err(|pr| Rejection::InvalidField {
                    key: field.key.clone(),
                    problem: format!("{} / {}", pr.vi, pr.en),
                })?;
                form.insert(field.key.clone(), v);
            }
            None if field.required && s.channel == Channel::Online => {
                return Err(Rejection::InvalidField {
                    key: field.key.clone(),
                    problem: format!(
                        "bắt buộc nhập «{}» / \"{}\" is required",
                        field.label_vi, field.label_en
                    ),
                });
            }
            None => {}
        }
    }
    if let Some(k) = s
        .form
        .keys()
        .find(|k| !p.form_fields.iter().any(|f| &f.key == *k))
    {
        return Err(Rejection::InvalidField {
            key: k.clone(),
            problem: "không thuộc biểu mẫu của thủ tục / not a field of this form".into(),
        });
    }
    let e = Emit {
        ctx,
        role,
        unit: s.unit,
    };
    Ok(vec![e.event(EventData::Submitted(Box::new(
        SubmittedData {
            id: s.id,
            code: s.code.clone(),
            procedure: s.procedure,
            procedure_code: p.code.clone(),
            unit: s.unit,
            channel: s.channel,
            applicant,
            owner,
            submitted_by: actor.account,
            on_behalf: s.on_behalf.clone(),
            delivery: s.delivery.clone(),
            form,
            documents: s.documents.clone(),
            fee_vnd: p.fee_for(s.channel),
        },
    )))])
}

fn accept(
    d: &Dossier,
    shown_only: &[String],
    note: &Option<String>,
    e: &Emit<'_>,
) -> Result<Vec<Event>, Rejection> {
    let ctx = e.ctx;
    for k in shown_only {
        if ctx.procedure.component(k).is_none() {
            return Err(Rejection::UnknownComponent(k.clone()));
        }
    }
    // R-LC-1: Mẫu 01 only for a complete dossier; R-LC-2: every component digitised unless it
    // was only shown (TT 03/2025 art. 5(2)).
    missing_components(ctx.procedure, &d.documents, shown_only)?;
    let due_at = due_from(ctx, ctx.now)?;
    // R-LC-3: hand-over to the processing body the same working day, or at the start of the next
    // working day when received after the hand-over cut-off (15:00).
    let handover = ctx
        .calendar
        .due(
            to_local(ctx.now),
            Limit {
                amount: 0,
                unit: TimeUnit::SameDay,
            },
            CutoffRule::After {
                time: ctx.policy.handover_cutoff,
            },
        )
        .map_err(|err| Rejection::Calendar(err.to_string()))?;
    let step = StepState {
        index: 0,
        name: step_name(ctx.procedure, 0),
        started_at: ctx.now,
        deadline: from_local(handover).min(due_at).max(ctx.now),
    };
    Ok(vec![e.event(EventData::Accepted {
        received_at: ctx.now,
        due_at,
        shown_only: shown_only.to_vec(),
        note: trimmed(note),
        step,
    })])
}

fn request_supplement(
    d: &Dossier,
    items: &[String],
    reason: &str,
    e: &Emit<'_>,
) -> Result<Vec<Event>, Rejection> {
    let ctx = e.ctx;
    let items: Vec<String> = items
        .iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    if items.is_empty() {
        return Err(Rejection::NoSupplementItems);
    }
    if items.iter().map(String::len).sum::<usize>() > MAX_TEXT {
        return Err(Rejection::TooLong("items"));
    }
    let reason = required_text(reason, "reason")?;
    let stage = if d.status == Status::Submitted {
        SupplementStage::Reception
    } else {
        SupplementStage::Processing
    };
    if stage == SupplementStage::Reception
        && d.supplement_count(SupplementStage::Reception) >= 1
        && e.role != Role::Leader
    {
        return Err(Rejection::SecondReceptionSupplement);
    }
    if stage == SupplementStage::Processing {
        must_hold(d, e)?;
    }
    let close_after = ctx
        .calendar
        .due(
            to_local(ctx.now),
            ctx.procedure.supplement_close_after,
            CutoffRule::None,
        )
        .map_err(|err| Rejection::Calendar(err.to_string()))?;
    Ok(vec![e.event(EventData::SupplementRequested {
        stage,
        items,
        reason,
        close_after: from_local(close_after),
    })])
}

fn assign(
    d: &Dossier,
    to: crate::ids::AccountId,
    to_name: String,
    claimed: bool,
    e: &Emit<'_>,
) -> Result<Vec<Event>, Rejection> {
    let ctx = e.ctx;
    let mut out = Vec::new();
    let mut step = None;
    if d.status == Status::Received {
        // The desk's hand-over to the processing body ends the reception step (R-LC-3, R-LC-4).
        let current = current_step(d, ctx);
        out.push(e.hand_over(
            d,
            Some(d.processing_unit),
            Some(Role::Specialist),
            &current,
            None,
        ));
        let next = next_step_index(ctx.procedure, current.index, Role::Specialist);
        step = Some(step_state(ctx, next, ctx.now, d.due_at.unwrap_or(ctx.now))?);
    }
    out.push(e.event(EventData::Assigned {
        to,
        to_name,
        claimed,
        step,
    }));
    Ok(out)
}

/// The due moment of the procedure counted from `from` (R-TIME-1, R-TIME-2).
fn due_from(ctx: &Ctx<'_>, from: Timestamp) -> Result<Timestamp, Rejection> {
    let limit = ctx
        .procedure
        .processing_time
        .ok_or(Rejection::ProcessingTimeUnknown)?;
    ctx.calendar
        .due(to_local(from), limit, ctx.procedure.cutoff)
        .map(from_local)
        .map_err(|err| Rejection::Calendar(err.to_string()))
}

fn step_name(p: &ProcedureVersion, index: usize) -> String {
    p.internal_steps
        .get(index)
        .map(|s| s.name_vi.clone())
        .unwrap_or_else(|| match index {
            0 => "Tiếp nhận và chuyển hồ sơ".into(),
            _ => "Giải quyết hồ sơ".into(),
        })
}

/// A step starting `start`, due after its allotted time but never after the dossier's due.
fn step_state(
    ctx: &Ctx<'_>,
    index: usize,
    start: Timestamp,
    dossier_due: Timestamp,
) -> Result<StepState, Rejection> {
    let deadline = match ctx.procedure.internal_steps.get(index) {
        Some(s) => from_local(
            ctx.calendar
                .due(to_local(start), s.allotted, CutoffRule::None)
                .map_err(|err| Rejection::Calendar(err.to_string()))?,
        )
        .min(dossier_due),
        None => dossier_due,
    };
    Ok(StepState {
        index,
        name: step_name(ctx.procedure, index),
        started_at: start,
        deadline: deadline.max(start),
    })
}

fn current_step(d: &Dossier, ctx: &Ctx<'_>) -> StepState {
    d.step.clone().unwrap_or_else(|| StepState {
        index: 0,
        name: step_name(ctx.procedure, 0),
        started_at: d.received_at.unwrap_or(ctx.now),
        deadline: d.due_at.unwrap_or(ctx.now),
    })
}

fn restart_step(d: &Dossier, ctx: &Ctx<'_>, due: Timestamp) -> Result<StepState, Rejection> {
    let index = d.step.as_ref().map_or(1, |s| s.index);
    step_state(ctx, index, ctx.now, due)
}

/// The first step after `current` done by `role`; else the step after `current`.
fn next_step_index(p: &ProcedureVersion, current: usize, role: Role) -> usize {
    p.internal_steps
        .iter()
        .enumerate()
        .skip(current + 1)
        .find(|(_, s)| s.role == role)
        .map(|(i, _)| i)
        .unwrap_or(current + 1)
}

/// The last step before `current` done by `role`; else `current`.
fn previous_step_index(p: &ProcedureVersion, current: usize, role: Role) -> usize {
    p.internal_steps
        .iter()
        .enumerate()
        .take(current)
        .filter(|(_, s)| s.role == role)
        .map(|(i, _)| i)
        .next_back()
        .unwrap_or(current)
}

fn check_documents(p: &ProcedureVersion, docs: &[DocumentRef]) -> Result<(), Rejection> {
    for doc in docs {
        if let Some(k) = &doc.component
            && p.component(k).is_none()
        {
            return Err(Rejection::UnknownComponent(k.clone()));
        }
    }
    Ok(())
}

fn missing_components(
    p: &ProcedureVersion,
    docs: &[DocumentRef],
    shown_only: &[String],
) -> Result<(), Rejection> {
    let missing: Vec<String> = p
        .components
        .iter()
        .filter(|c| c.required)
        .filter(|c| !shown_only.contains(&c.key))
        .filter(|c| !docs.iter().any(|d| d.component.as_deref() == Some(&c.key)))
        .map(|c| c.name_vi.clone())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Rejection::MissingComponents(missing))
    }
}

fn required_text(s: &str, field: &'static str) -> Result<String, Rejection> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Rejection::Required(field));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(Rejection::TooLong(field));
    }
    Ok(t.to_string())
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(MAX_TEXT).collect())
}

/// After a new holiday schedule is loaded: the due moment of an open dossier recomputed from
/// the moment its clock (re)started, if it is not yet due and the result differs. The law's
/// count does not change for a dossier already past its due moment.
pub fn recompute_due(d: &Dossier, ctx: &Ctx<'_>, reason: &str) -> Result<Option<Event>, Rejection> {
    let Some(due) = d.due_at else {
        return Ok(None);
    };
    if !d.status.clock_runs() || due <= ctx.now {
        return Ok(None);
    }
    let start = d
        .supplements
        .iter()
        .filter(|s| s.stage == SupplementStage::Processing)
        .filter_map(|s| s.completed_at)
        .next_back()
        .or(d.received_at);
    let Some(start) = start else {
        return Ok(None);
    };
    let new_due = due_from(ctx, start)?;
    if new_due == due {
        return Ok(None);
    }
    Ok(Some(Event {
        at: ctx.now,
        actor: ActorRef {
            account: None,
            name: ctx.actor.name.clone(),
            role: Role::System,
        },
        unit: d.receiving_unit,
        data: EventData::DueRecomputed {
            previous_due: due,
            due_at: new_due,
            reason: reason.to_string(),
        },
    }))
}
