//! Feedback writes: submission, every officer or author action, reactions, and the scheduler's
//! overdue marks. Each is one writer job.

use jiff::Timestamp;
use motcua_calendar::to_local;
use motcua_domain::Localized;
use motcua_domain::dossier::{Actor, Dossier};
use motcua_domain::ids::{AccountId, UnitId};
use motcua_domain::quality::feedback::{
    self, Contact, FeedbackCommand, FeedbackCommandKind, FeedbackCtx, FeedbackEvent, FeedbackId,
    FeedbackRejection, FeedbackStatus, FeedbackSubmission, Subject,
};
use motcua_domain::validate;
use rand::RngCore;

use super::super::super::dossiers::JobEnv;
use super::super::super::util::{self, json, ms};
use super::super::super::{AppError, AppResult, Idempotency, Store, audit};
use super::super::types::{FeedbackCreated, FeedbackView, NewFeedback, ReactionCounts, Voter};
use super::{Item, Viewer, load, reactions, save, secret_matches, sha256_hex, view, viewer};
use crate::idempotency::{self, Reservation};
use crate::sql::{Conn, Value};

pub(crate) fn rejected(r: FeedbackRejection) -> AppError {
    AppError::invalid(r.code(), r.message_vi(), r.message_en())
}

fn unknown_unit() -> AppError {
    AppError::invalid(
        "unit.unknown",
        "Đơn vị nhận không tồn tại hoặc không còn hiệu lực.",
        "The receiving unit does not exist or is no longer in force.",
    )
}

const MAX_MEDIA: usize = 10;

/// Runs `decide` on the item with the deadlines in force now and the calendar of the unit whose
/// deadlines are computed (R-PAKN-1: working days of the handling unit; for a forward, the unit
/// receiving it, whose timers restart).
fn decide(
    env: &JobEnv,
    state: Option<&feedback::Feedback>,
    cmd: &FeedbackCommand,
    actor: &Actor,
    verified_author: bool,
    calendar_unit: UnitId,
    now: Timestamp,
) -> AppResult<Vec<FeedbackEvent>> {
    let config = env.caches.quality();
    let deadlines = config
        .feedback
        .in_force(to_local(now).date())
        .ok_or_else(|| {
            AppError::invalid(
                "feedback.no_deadlines",
                "Chưa có quy định thời hạn xử lý phản ánh, kiến nghị áp dụng cho ngày này.",
                "No feedback deadlines are configured for this date.",
            )
        })?;
    let calendar = env.caches.calendars.for_unit(calendar_unit);
    let ctx = FeedbackCtx {
        now,
        actor,
        verified_author,
        calendar: &calendar,
        deadlines,
    };
    feedback::decide(state, cmd, &ctx).map_err(rejected)
}

fn next_code(conn: &mut dyn Conn, env: &JobEnv, unit: UnitId, now: Timestamp) -> AppResult<String> {
    let day = to_local(now).date();
    let agency = env
        .caches
        .units()
        .on(unit, day)
        .map(|u| u.code.clone())
        .ok_or_else(unknown_unit)?;
    let seq = conn
        .query_one(
            "INSERT INTO code_sequences (agency, day, last) VALUES ($1, $2, 1) \
             ON CONFLICT (agency, day) DO UPDATE SET last = code_sequences.last + 1 RETURNING last",
            &[format!("PA:{agency}").into(), day.to_string().into()],
        )?
        .get_i64(0)?;
    Ok(format!(
        "PA-{agency}-{:02}{:02}{:02}-{seq:04}",
        day.year() % 100,
        day.month(),
        day.day()
    ))
}

/// Whether feedback about `d` comes from its applicant (see migration 0012): the owner or the
/// helper who submitted it, or an anonymous author whose phone, e-mail or ID number is the
/// applicant's on record. Only such feedback marks the dossier for 766 indicator 5.4.
fn from_applicant(actor: &Actor, contact: Option<&Contact>, d: &Dossier) -> bool {
    if let Some(a) = actor.account {
        return d.owner == Some(a) || d.submitted_by == Some(a);
    }
    let Some(c) = contact else { return false };
    let same = |x: &Option<String>, y: &Option<String>, norm: fn(&str) -> Option<String>| match (
        x.as_deref().and_then(norm),
        y.as_deref().and_then(norm),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    let phone = |s: &str| validate::phone(s).ok();
    let email = |s: &str| Some(s.trim().to_lowercase()).filter(|e| !e.is_empty());
    let id = |s: &str| Some(s.trim().to_string()).filter(|e| !e.is_empty());
    same(&c.phone, &d.applicant.phone, phone)
        || same(&c.email, &d.applicant.email, email)
        || same(&c.id_number, &d.applicant.id_number, id)
}

pub(crate) fn submit_job(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    new: &NewFeedback,
    idem: Option<&Idempotency>,
    secret: &str,
    now: Timestamp,
) -> AppResult<FeedbackCreated> {
    let scope = util::actor_id(actor);
    if let Some(i) = idem
        && let Reservation::Replay { response, .. } =
            idempotency::check_or_reserve(conn, &scope, &i.key, &i.request_hash, ms(now))?
    {
        let view: FeedbackView = util::from_json("stored response", &response)?;
        return Ok(FeedbackCreated {
            view,
            author_secret: None,
            replay: true,
        });
    }
    if new.media.len() > MAX_MEDIA {
        return Err(AppError::invalid(
            "feedback.too_many_files",
            format!("Tối đa {MAX_MEDIA} tệp đính kèm."),
            format!("At most {MAX_MEDIA} attached files."),
        ));
    }
    let by_applicant = match &new.subject {
        Subject::Dossier { id } => {
            let r = conn
                .query_opt(
                    "SELECT state FROM dossiers WHERE id = $1",
                    &[Value::Int(id.0)],
                )?
                .ok_or_else(|| {
                    AppError::invalid(
                        "feedback.unknown_dossier",
                        "Không tìm thấy hồ sơ được phản ánh.",
                        "The dossier the feedback is about was not found.",
                    )
                })?;
            let d: Dossier = util::from_json("dossier state", r.get_str(0)?)?;
            from_applicant(actor, new.contact.as_ref(), &d)
        }
        _ => false,
    };
    let id = FeedbackId(util::next_id(conn, "feedback")?);
    let code = next_code(conn, env, new.unit, now)?;
    let cmd = FeedbackCommand::Submit(Box::new(FeedbackSubmission {
        id,
        unit: new.unit,
        subject: new.subject.clone(),
        title: new.title.clone(),
        content: new.content.clone(),
        contact: new.contact.clone(),
    }));
    let events = decide(env, None, &cmd, actor, false, new.unit, now)?;
    let fb = feedback::start(&events[0]).expect("a submission starts an item");
    // An anonymous author gets a secret link instead of an account (docs/QUALITY.md §6 roles).
    let secret_hash = fb.author.account.is_none().then(|| sha256_hex(secret));
    let item = Item {
        code,
        base_version: 0,
        location: new.location.clone(),
        media: new.media.clone(),
        secret_hash,
        outcome: None,
        device: (0, 0),
        updated_at: now,
        fb,
    };
    save(conn, &item, &events, new.unit, true, now)?;
    if by_applicant {
        conn.execute(
            "UPDATE feedback SET by_applicant = 1 WHERE id = $1",
            &[Value::Int(item.fb.id.0)],
        )?;
    }
    if let Subject::Dossier { id } = &item.fb.subject {
        // 5.4 counts a dossier with feedback about it (docs/QUALITY.md §4).
        super::super::outcomes::refresh(conn, env, *id)?;
    }
    let view = view(env, &item, Viewer::Author, now);
    if let Some(i) = idem {
        idempotency::store(conn, &scope, &i.key, 201, &json(&view))?;
    }
    Ok(FeedbackCreated {
        author_secret: item.secret_hash.is_some().then(|| secret.to_string()),
        view,
        replay: false,
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn act_job(
    conn: &mut dyn Conn,
    env: &JobEnv,
    actor: &Actor,
    code: &str,
    expected: Option<u64>,
    cmd: &FeedbackCommand,
    secret: Option<&str>,
    now: Timestamp,
) -> AppResult<FeedbackView> {
    let mut item = load(conn, code)?;
    let seen_as = viewer(actor, &item, secret);
    let public = item.fb.status == FeedbackStatus::Published;
    if seen_as.is_none() && !(public && cmd.kind() == FeedbackCommandKind::React) {
        return Err(AppError::NotFound);
    }
    if let Some(v) = expected
        && v != item.fb.version
    {
        return Err(AppError::Stale {
            expected: v,
            actual: item.fb.version,
        });
    }
    let calendar_unit = match cmd {
        FeedbackCommand::Forward { to_unit, .. } => {
            env.caches
                .units()
                .on(*to_unit, to_local(now).date())
                .ok_or_else(unknown_unit)?;
            *to_unit
        }
        _ => item.fb.unit,
    };
    let verified = secret_matches(&item, secret);
    let events = decide(
        env,
        Some(&item.fb),
        cmd,
        actor,
        verified,
        calendar_unit,
        now,
    )?;
    let unit_before = item.fb.unit;
    for e in &events {
        feedback::apply(&mut item.fb, e);
    }
    if let FeedbackCommand::React { like } = cmd
        && let Some(account) = actor.account
    {
        record_vote(
            conn,
            &item,
            &format!("a:{}", account.0),
            Some(account),
            *like,
            now,
        )?;
    }
    save(conn, &item, &events, unit_before, false, now)?;
    Ok(view(env, &item, seen_as.unwrap_or(Viewer::Public), now))
}

fn record_vote(
    conn: &mut dyn Conn,
    item: &Item,
    voter: &str,
    account: Option<AccountId>,
    like: bool,
    now: Timestamp,
) -> AppResult<()> {
    conn.execute(
        "INSERT INTO feedback_reactions (feedback_id, voter, account_id, liked, at_ms) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (feedback_id, voter) DO UPDATE SET liked = excluded.liked, at_ms = excluded.at_ms",
        &[
            Value::Int(item.fb.id.0),
            voter.into(),
            account.map(|a| a.0).into(),
            like.into(),
            Value::Int(ms(now)),
        ],
    )?;
    Ok(())
}

/// An anonymous device's like or dislike: one per device (a new one replaces the old), shown
/// next to the signed-in counts, never counted for 5.3 (a cookie is cleared at will).
fn device_vote_job(
    conn: &mut dyn Conn,
    code: &str,
    device: &str,
    like: bool,
    now: Timestamp,
) -> AppResult<ReactionCounts> {
    let mut item = load(conn, code)?;
    if item.fb.status != FeedbackStatus::Published {
        return Err(rejected(FeedbackRejection::IllegalTransition {
            command: FeedbackCommandKind::React,
            status: item.fb.status,
        }));
    }
    let voter = format!("d:{}", sha256_hex(&format!("motcua-device:{device}")));
    record_vote(conn, &item, &voter, None, like, now)?;
    let r = conn.query_one(
        "SELECT CAST(COALESCE(SUM(liked), 0) AS BIGINT) AS likes, count(*) AS votes FROM feedback_reactions \
         WHERE feedback_id = $1 AND account_id IS NULL",
        &[Value::Int(item.fb.id.0)],
    )?;
    let (likes, votes) = (r.get_i64(0)? as u64, r.get_i64(1)? as u64);
    item.device = (likes, votes - likes);
    conn.execute(
        "UPDATE feedback SET device_likes = $1, device_dislikes = $2 WHERE id = $3",
        &[
            Value::Int(likes as i64),
            Value::Int((votes - likes) as i64),
            Value::Int(item.fb.id.0),
        ],
    )?;
    audit::record(
        conn,
        now,
        None,
        Some(item.fb.unit),
        "feedback_device_reacted",
        serde_json::json!({"feedback": item.code, "voter": voter, "like": like}),
    )?;
    Ok(reactions(&item))
}

impl Store {
    /// Submits feedback (signed in, or anonymous with contact details). An anonymous author gets
    /// `author_secret` once: the key of their link to follow and answer the item.
    pub async fn submit_feedback(
        &self,
        actor: &Actor,
        new: NewFeedback,
        idempotency: Option<Idempotency>,
    ) -> AppResult<FeedbackCreated> {
        let env = self.env();
        let actor = actor.clone();
        let now = self.now();
        let mut bytes = [0u8; 24];
        rand::rng().fill_bytes(&mut bytes);
        let secret = hex::encode(bytes);
        self.inner
            .writer
            .run(move |conn| {
                submit_job(conn, &env, &actor, &new, idempotency.as_ref(), &secret, now)
            })
            .await
    }

    /// Runs one command on an item: receive and classify, reject, forward, request
    /// information, provide it (author), propose, send back, approve, publish, react, raise
    /// again. `author_secret`: the anonymous author's link key. A rejection by the rules is
    /// `AppError::Invalid` with the domain's code (`feedback.forbidden` …).
    pub async fn act_on_feedback(
        &self,
        actor: &Actor,
        code: &str,
        expected_version: Option<u64>,
        command: FeedbackCommand,
        author_secret: Option<String>,
    ) -> AppResult<FeedbackView> {
        let env = self.env();
        let actor = actor.clone();
        let code = code.to_string();
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| {
                act_job(
                    conn,
                    &env,
                    &actor,
                    &code,
                    expected_version,
                    &command,
                    author_secret.as_deref(),
                    now,
                )
            })
            .await
    }

    /// Likes or dislikes a published answer, once per person: by account (through the domain,
    /// counted for 766 5.3) or by device cookie (shown apart). A new vote replaces the old.
    pub async fn react_to_feedback(
        &self,
        voter: Voter<'_>,
        code: &str,
        like: bool,
    ) -> AppResult<ReactionCounts> {
        match voter {
            Voter::Account(actor) => Ok(self
                .act_on_feedback(actor, code, None, FeedbackCommand::React { like }, None)
                .await?
                .reactions),
            Voter::Device(device) => {
                let device = device.trim().to_string();
                if device.len() < 16 {
                    return Err(AppError::invalid(
                        "feedback.device_id",
                        "Không xác định được thiết bị; vui lòng bật cookie hoặc đăng nhập.",
                        "The device cannot be identified; enable cookies or sign in.",
                    ));
                }
                let code = code.to_string();
                let now = self.now();
                self.inner
                    .writer
                    .run(move |conn| device_vote_job(conn, &code, &device, like, now))
                    .await
            }
        }
    }

    /// The scheduler's pass: records `MarkOverdue` once on every open item past its deadline
    /// (766 5.3 counts the mark). Returns how many were marked.
    pub async fn feedback_mark_overdue(&self) -> AppResult<u64> {
        let env = self.env();
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| -> AppResult<u64> {
                let codes = conn.query(
                    "SELECT code FROM feedback WHERE due_at_ms IS NOT NULL AND due_at_ms < $1 ORDER BY id",
                    &[Value::Int(ms(now))],
                )?;
                let system = Actor::system();
                let mut marked = 0;
                for r in codes {
                    let code = r.get_text(0)?;
                    if load(conn, &code)?.fb.overdue_marked {
                        continue;
                    }
                    match act_job(conn, &env, &system, &code, None, &FeedbackCommand::MarkOverdue, None, now) {
                        Ok(_) => marked += 1,
                        Err(AppError::Invalid { code: "feedback.not_overdue", .. }) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(marked)
            })
            .await
    }
}
