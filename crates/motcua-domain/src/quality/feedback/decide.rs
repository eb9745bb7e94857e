//! `decide`: judges a feedback command against the state, the actor, the deadlines in force and
//! the calendar, and answers with the events to record.

use jiff::Timestamp;
use motcua_calendar::{CutoffRule, Limit, WorkingCalendar, from_local, to_local};

use super::command::{FeedbackCommand, FeedbackCommandKind, FeedbackSubmission};
use super::event::{FeedbackActorRef, FeedbackEvent, FeedbackEventData, FeedbackSubmitted};
use super::model::{Author, Contact, Feedback, LegDeadlines, Subject};
use super::redact::{PersonalData, redact};
use super::rejection::FeedbackRejection as Rej;
use super::rules::{FeedbackRole, SUBMIT_ROLES, rules_for};
use super::timing::overdue_from;
use crate::dossier::{Actor, Role};
use crate::quality::config::FeedbackDeadlines;
use crate::validate;

/// Everything `decide` may look at besides the state and the command.
pub struct FeedbackCtx<'a> {
    pub now: Timestamp,
    pub actor: &'a Actor,
    /// The store verified that the actor is the author (signed-in owner, or the secret link
    /// sent to an anonymous author's contact).
    pub verified_author: bool,
    /// The calendar of the unit whose deadlines are computed (for `Forward`: the receiving one).
    pub calendar: &'a WorkingCalendar,
    /// The deadlines in force now (`FeedbackConfig::in_force`).
    pub deadlines: &'a FeedbackDeadlines,
}

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 4000;

pub fn decide(
    state: Option<&Feedback>,
    command: &FeedbackCommand,
    ctx: &FeedbackCtx<'_>,
) -> Result<Vec<FeedbackEvent>, Rej> {
    let Some(fb) = state else {
        return match command {
            FeedbackCommand::Submit(s) => submit(s, ctx),
            other => Err(Rej::IllegalTransition {
                command: other.kind(),
                status: super::model::FeedbackStatus::Submitted,
            }),
        };
    };
    let kind = command.kind();
    if kind == FeedbackCommandKind::Submit {
        return Err(Rej::AlreadyExists);
    }
    let role = authorize(fb, kind, ctx)?;
    let event = |data| FeedbackEvent {
        at: ctx.now,
        actor: actor_ref(ctx.actor, role),
        data,
    };
    let data = match command {
        FeedbackCommand::Submit(_) => unreachable!("handled above"),
        FeedbackCommand::Receive { category } => FeedbackEventData::Received {
            category: *category,
        },
        FeedbackCommand::Reject { reason } => FeedbackEventData::Rejected {
            reason: text(reason, "reason", MAX_TEXT)?,
        },
        FeedbackCommand::Forward { to_unit, reason } => {
            if *to_unit == fb.unit {
                return Err(Rej::ForwardToSameUnit);
            }
            FeedbackEventData::Forwarded {
                from_unit: fb.unit,
                to_unit: *to_unit,
                reason: text(reason, "reason", MAX_TEXT)?,
                deadlines: leg_deadlines(ctx)?,
            }
        }
        FeedbackCommand::RequestInfo { question } => FeedbackEventData::InfoRequested {
            question: text(question, "question", MAX_TEXT)?,
        },
        FeedbackCommand::ProvideInfo { text: t } => FeedbackEventData::InfoProvided {
            text: text(t, "text", MAX_TEXT)?,
        },
        FeedbackCommand::ProposeAnswer { text: t } => FeedbackEventData::AnswerProposed {
            text: text(t, "answer", MAX_TEXT)?,
        },
        FeedbackCommand::SendBack { reason } => FeedbackEventData::SentBack {
            reason: text(reason, "reason", MAX_TEXT)?,
        },
        FeedbackCommand::Approve => FeedbackEventData::Approved {
            publish_by: after_working_days(ctx, ctx.deadlines.publish_within)?,
        },
        FeedbackCommand::Publish { answer } => {
            let answer = match answer {
                Some(a) => text(a, "answer", MAX_TEXT)?,
                None => fb.answer.clone().ok_or(Rej::Required("answer"))?,
            };
            let personal = personal_data(&fb.author);
            FeedbackEventData::Published {
                question: redact(&fb.content, &personal),
                answer: redact(&answer, &personal),
            }
        }
        FeedbackCommand::React { like } => FeedbackEventData::Reacted {
            account: ctx.actor.account.ok_or(Rej::SignInRequired)?,
            like: *like,
        },
        FeedbackCommand::ReRaise { text: t } => FeedbackEventData::ReRaised {
            text: text(t, "text", MAX_TEXT)?,
        },
        FeedbackCommand::MarkOverdue => {
            let leg = fb.legs.len() - 1;
            match overdue_from(fb, leg) {
                Some(o) if o <= ctx.now && !fb.overdue_marked => FeedbackEventData::MarkedOverdue {
                    deadline: o - jiff::SignedDuration::from_mins(1),
                },
                _ => return Err(Rej::NotOverdue),
            }
        }
    };
    Ok(vec![event(data)])
}

/// The personal data of the author that must not be published.
pub fn personal_data(author: &Author) -> PersonalData {
    let mut p = PersonalData::default();
    if let Some(c) = &author.contact {
        p.names.push(c.full_name.clone());
        p.phrases.extend(c.id_number.clone());
        p.phrases.extend(c.phone.clone());
        p.phrases.extend(c.email.clone());
        if let Some(a) = &c.address
            && !a.street.trim().is_empty()
        {
            p.phrases.push(a.street.clone());
        }
    }
    p
}

fn actor_ref(actor: &Actor, role: FeedbackRole) -> FeedbackActorRef {
    FeedbackActorRef {
        account: actor.account,
        name: actor.name.clone(),
        role,
    }
}

/// The feedback roles `actor` holds for `fb`.
fn roles_held(fb: &Feedback, ctx: &FeedbackCtx<'_>) -> Vec<FeedbackRole> {
    let a = ctx.actor;
    let mut roles = Vec::new();
    if a.has_role(Role::System) {
        roles.push(FeedbackRole::System);
    }
    for (r, f) in [
        (Role::DeskOfficer, FeedbackRole::DeskOfficer),
        (Role::Specialist, FeedbackRole::Specialist),
        (Role::Leader, FeedbackRole::Leader),
    ] {
        if a.holds(r, fb.unit) {
            roles.push(f);
        }
    }
    let own = a.account.is_some() && fb.author.account == a.account;
    if own || ctx.verified_author {
        roles.push(FeedbackRole::Author);
    }
    if a.account.is_some() && a.has_role(Role::Citizen) {
        roles.push(FeedbackRole::Citizen);
    }
    roles
}

fn authorize(
    fb: &Feedback,
    kind: FeedbackCommandKind,
    ctx: &FeedbackCtx<'_>,
) -> Result<FeedbackRole, Rej> {
    let allowed: Vec<FeedbackRole> = rules_for(kind, fb.status)
        .flat_map(|r| r.roles.iter().copied())
        .collect();
    if allowed.is_empty() {
        return Err(Rej::IllegalTransition {
            command: kind,
            status: fb.status,
        });
    }
    let held = roles_held(fb, ctx);
    if let Some(r) = allowed.iter().find(|r| held.contains(r)) {
        return Ok(*r);
    }
    // Holds an allowed officer role, but for another unit.
    let elsewhere = allowed.iter().any(|r| {
        let role = match r {
            FeedbackRole::DeskOfficer => Role::DeskOfficer,
            FeedbackRole::Specialist => Role::Specialist,
            FeedbackRole::Leader => Role::Leader,
            _ => return false,
        };
        ctx.actor.has_role(role)
    });
    if elsewhere {
        return Err(Rej::OutOfScope);
    }
    if allowed.contains(&FeedbackRole::Author) && held.contains(&FeedbackRole::Citizen) {
        return Err(Rej::NotAuthor);
    }
    if kind == FeedbackCommandKind::React && ctx.actor.account.is_none() {
        return Err(Rej::SignInRequired);
    }
    Err(Rej::Forbidden {
        command: kind,
        roles: allowed,
    })
}

fn after_working_days(ctx: &FeedbackCtx<'_>, days: u32) -> Result<Timestamp, Rej> {
    ctx.calendar
        .due(
            to_local(ctx.now),
            Limit::working_days(days),
            CutoffRule::None,
        )
        .map(from_local)
        .map_err(|e| Rej::Calendar(e.to_string()))
}

/// The deadlines of a leg starting now (R-PAKN-1).
fn leg_deadlines(ctx: &FeedbackCtx<'_>) -> Result<LegDeadlines, Rej> {
    let d = ctx.deadlines;
    Ok(LegDeadlines {
        started_at: ctx.now,
        reject_by: after_working_days(ctx, d.reject_within)?,
        first_info_by: after_working_days(ctx, d.first_info_request_within)?,
        resolve_by: after_working_days(ctx, d.resolve_within)?,
    })
}

fn text(s: &str, field: &'static str, max: usize) -> Result<String, Rej> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Rej::Required(field));
    }
    if t.chars().count() > max {
        return Err(Rej::TooLong(field));
    }
    Ok(t.to_string())
}

fn invalid(field: &'static str, p: validate::FieldProblem) -> Rej {
    Rej::InvalidContact {
        field,
        vi: p.vi,
        en: p.en,
    }
}

/// Checks the contact details; a name and a way to reach the author are needed.
fn contact(c: &Contact) -> Result<Contact, Rej> {
    let full_name = validate::person_name(&c.full_name).map_err(|p| invalid("full_name", p))?;
    let opt = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let phone = opt(&c.phone)
        .map(|p| validate::phone(&p).map_err(|e| invalid("phone", e)))
        .transpose()?;
    let email = opt(&c.email)
        .map(|e| validate::email(&e).map_err(|p| invalid("email", p)))
        .transpose()?;
    let id_number = opt(&c.id_number)
        .map(|i| validate::citizen_id(&i).map_err(|p| invalid("id_number", p)))
        .transpose()?;
    if phone.is_none() && email.is_none() {
        return Err(Rej::ContactRequired);
    }
    Ok(Contact {
        full_name,
        phone,
        email,
        address: c.address.clone(),
        id_number,
    })
}

fn submit(s: &FeedbackSubmission, ctx: &FeedbackCtx<'_>) -> Result<Vec<FeedbackEvent>, Rej> {
    let a = ctx.actor;
    let role = if a.account.is_none() && a.grants.is_empty() {
        FeedbackRole::Anonymous
    } else if a.account.is_some() && a.has_role(Role::Citizen) {
        FeedbackRole::Citizen
    } else {
        return Err(Rej::Forbidden {
            command: FeedbackCommandKind::Submit,
            roles: SUBMIT_ROLES.to_vec(),
        });
    };
    let contact = match (&s.contact, role) {
        (Some(c), _) => Some(contact(c)?),
        (None, FeedbackRole::Anonymous) => return Err(Rej::ContactRequired),
        (None, _) => None,
    };
    let subject = match &s.subject {
        Subject::Officer { account, name } => Subject::Officer {
            account: *account,
            name: text(name, "subject", MAX_TITLE)?,
        },
        Subject::Rule { reference } => Subject::Rule {
            reference: text(reference, "subject", MAX_TITLE)?,
        },
        other => other.clone(),
    };
    Ok(vec![FeedbackEvent {
        at: ctx.now,
        actor: actor_ref(a, role),
        data: FeedbackEventData::Submitted(Box::new(FeedbackSubmitted {
            id: s.id,
            unit: s.unit,
            subject,
            title: text(&s.title, "title", MAX_TITLE)?,
            content: text(&s.content, "content", MAX_TEXT)?,
            author: Author {
                account: a.account,
                contact,
            },
            deadlines: leg_deadlines(ctx)?,
        })),
    }])
}
