//! The life of one synthetic dossier: each step a real command judged by `decide` at a
//! simulated moment of the unit's working calendar.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{WorkingCalendar, from_local, to_local};
use motcua_domain::dossier::{
    self, Actor, Address, Applicant, Command, Ctx, Delivery, DocSource, DocumentRef, Dossier,
    Event, Outcome, ReturnMethod, Submission,
};
use motcua_domain::ids::DossierId;
use motcua_domain::procedure::{Channel, FieldKind, ProcedureVersion};
use rand::Rng;
use rand::rngs::StdRng;

use super::super::dossiers::{JobEnv, insert_dossier, next_code, to_new_events};
use super::super::{AppResult, Store, util};
use super::{Staff, World, people};
use crate::chain;
use crate::sql::{Conn, Value};

/// A submission moment on `day`: mostly office hours on working days; online ones also in the
/// evening and at weekends.
pub(crate) fn arrival_time(
    rng: &mut StdRng,
    store: &Store,
    day: Date,
    now: Timestamp,
) -> Timestamp {
    let cal = store.national_calendar();
    let office = cal.is_working_day(day) && rng.random::<f64>() < 0.85;
    let minute = if office {
        // 07:00–11:30 or 13:30–17:00
        let m = rng.random_range(0..480);
        if m < 270 {
            7 * 60 + m
        } else {
            13 * 60 + 30 + (m - 270)
        }
    } else {
        rng.random_range(6 * 60..23 * 60)
    };
    let t = from_local(day.at(
        (minute / 60) as i8,
        (minute % 60) as i8,
        rng.random_range(0..60),
        0,
    ));
    if t <= now {
        return t;
    }
    // Today: only moments that have passed.
    let midnight = from_local(day.at(0, 0, 0, 0));
    let span = midnight.duration_until(now).as_secs().max(1);
    midnight + SignedDuration::from_secs(rng.random_range(0..span))
}

fn wm(cal: &WorkingCalendar, t: Timestamp, minutes: i64) -> Timestamp {
    cal.add_working_minutes(to_local(t), minutes.max(0))
        .map(from_local)
        .unwrap_or(t)
}

struct Life<'a> {
    env: &'a JobEnv,
    procedure: &'a ProcedureVersion,
    cal: &'a WorkingCalendar,
    now: Timestamp,
    state: Option<Dossier>,
    events: Vec<Event>,
    units: BTreeSet<i64>,
}

impl Life<'_> {
    /// Runs `cmd` at `at` if that moment has come; false if it has not or the law refused it
    /// (then the dossier simply stays where it is).
    fn step(&mut self, actor: &Actor, cmd: Command, at: Timestamp) -> bool {
        if at > self.now {
            return false;
        }
        let ctx = Ctx {
            now: at,
            actor,
            procedure: self.procedure,
            calendar: self.cal,
            policy: &self.env.policy,
        };
        match dossier::decide(self.state.as_ref(), &cmd, &ctx) {
            Ok(evs) => {
                for e in &evs {
                    match &mut self.state {
                        None => self.state = dossier::start(e),
                        Some(d) => dossier::apply(d, e),
                    }
                }
                if let Some(d) = &self.state {
                    self.units.insert(d.processing_unit.0);
                }
                self.events.extend(evs);
                true
            }
            Err(e) => {
                if std::env::var("MOTCUA_DEMO_DEBUG").is_ok() {
                    eprintln!("demo step refused at {at}: {e:?}");
                }
                false
            }
        }
    }

    fn d(&self) -> &Dossier {
        self.state.as_ref().expect("submitted")
    }
}

fn fill_form(
    rng: &mut StdRng,
    p: &ProcedureVersion,
    applicant: &Applicant,
) -> BTreeMap<String, String> {
    let mut form = BTreeMap::new();
    for f in &p.form_fields {
        if !f.required && rng.random::<f64>() < 0.5 {
            continue;
        }
        let v = match &f.kind {
            FieldKind::Date => format!(
                "20{:02}-{:02}-{:02}",
                rng.random_range(0..26),
                rng.random_range(1..13),
                rng.random_range(1..29)
            ),
            FieldKind::Number => rng.random_range(1..5).to_string(),
            FieldKind::Select { options } => options.first().cloned().unwrap_or_default(),
            FieldKind::CitizenId => people::citizen_id(rng),
            FieldKind::Phone => people::phone(rng),
            FieldKind::Email => "nguoidan@example.vn".into(),
            _ if f.key.contains("name") => people::name(rng),
            FieldKind::Address => applicant
                .address
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            _ => format!("Đề nghị giải quyết thủ tục {}", p.name_vi.to_lowercase()),
        };
        if motcua_domain::validate::form_value(f, &v).is_ok() {
            form.insert(f.key.clone(), v);
        }
    }
    form
}

fn documents(
    rng: &mut StdRng,
    world: &World,
    p: &ProcedureVersion,
    source: DocSource,
) -> Vec<DocumentRef> {
    let mut out = Vec::new();
    for c in &p.components {
        if c.required || rng.random::<f64>() < 0.3 {
            let mut d = world.documents[rng.random_range(0..world.documents.len())].clone();
            d.component = Some(c.key.clone());
            d.source = source.clone();
            out.push(d);
        }
    }
    out
}

fn pick_procedure<'a>(rng: &mut StdRng, world: &'a World) -> &'a ProcedureVersion {
    let total: u32 = world.procedures.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (p, w) in &world.procedures {
        if x < *w {
            return &p.version;
        }
        x -= w;
    }
    &world.procedures[0].0.version
}

/// Generates, simulates and writes one dossier; returns the number of events.
pub(crate) fn one_dossier(
    conn: &mut dyn Conn,
    env: &JobEnv,
    world: &World,
    rng: &mut StdRng,
    t0: Timestamp,
    now: Timestamp,
) -> AppResult<u64> {
    let staff: &Staff = &world.staff[rng.random_range(0..world.staff.len())];
    let p = pick_procedure(rng, world);
    let stored = env
        .caches
        .catalog()
        .current
        .get(&p.code)
        .cloned()
        .expect("picked from the catalog");
    let cal = env.caches.calendars.for_unit(staff.unit);
    let office_now = cal.is_working_day(to_local(t0).date());
    let online_ok = p.accepts(Channel::Online);
    let channel = if online_ok && (!office_now || rng.random::<f64>() < 0.5) {
        Channel::Online
    } else if rng.random::<f64>() < 0.92 {
        Channel::Desk
    } else {
        Channel::Post
    };
    // Desk and post dossiers arrive in office hours (if that moment has come).
    let t0 = match channel {
        Channel::Online => t0,
        _ => Some(wm(&cal, t0, 0)).filter(|t| *t <= now).unwrap_or(t0),
    };
    let owner = (channel == Channel::Online || rng.random::<f64>() < 0.4)
        .then(|| &world.citizens[rng.random_range(0..world.citizens.len())]);
    let applicant = Applicant {
        full_name: owner
            .map(|o| o.name.clone())
            .unwrap_or_else(|| people::name(rng)),
        id_number: Some(people::citizen_id(rng)),
        phone: Some(people::phone(rng)),
        address: Some(Address {
            province: "Tỉnh Demo".into(),
            commune: "Xã Demo".into(),
            street: format!("Thôn {}", rng.random_range(1..12)),
        }),
        ..Default::default()
    };
    let delivery = match channel {
        Channel::Online => Delivery::Electronic,
        _ if rng.random::<f64>() < 0.15 => Delivery::Post {
            address: "Thôn 3, Xã Demo, Tỉnh Demo".into(),
        },
        _ => Delivery::Desk,
    };
    let source = if channel == Channel::Online {
        DocSource::Upload
    } else {
        DocSource::Scan
    };
    let id = DossierId(util::next_id(conn, "dossier")?);
    let code = next_code(conn, &staff.agency, t0)?;
    let submission = Submission {
        id,
        code,
        procedure: stored.id,
        unit: staff.unit,
        channel,
        form: fill_form(rng, p, &applicant),
        applicant,
        owner: owner.and_then(|o| o.account),
        on_behalf: None,
        delivery: delivery.clone(),
        documents: documents(rng, world, p, source),
    };
    let mut life = Life {
        env,
        procedure: p,
        cal: &cal,
        now,
        state: None,
        events: Vec::new(),
        units: BTreeSet::new(),
    };
    let submitter = match (channel, owner) {
        (Channel::Online, Some(o)) => o,
        _ => &staff.desk,
    };
    if life.step(submitter, Command::Submit(Box::new(submission)), t0) {
        simulate(&mut life, rng, world, staff, owner, &delivery, t0);
    } else {
        return Ok(0);
    }
    let state = life.state.take().expect("submitted");
    insert_dossier(conn, &state, now)?;
    super::super::quality::dossier_written(conn, env, &state, true)?;
    for u in &life.units {
        conn.execute(
            "INSERT INTO dossier_units (unit_id, dossier_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[Value::Int(*u), Value::Int(state.id.0)],
        )?;
    }
    chain::append_all(conn, &to_new_events(&state, &life.events))?;
    Ok(life.events.len() as u64)
}

fn minutes(rng: &mut StdRng, lo: i64, hi: i64) -> i64 {
    rng.random_range(lo..=hi)
}

fn simulate(
    life: &mut Life<'_>,
    rng: &mut StdRng,
    world: &World,
    staff: &Staff,
    owner: Option<&Actor>,
    delivery: &Delivery,
    t0: Timestamp,
) {
    let cal = life.cal;
    let applicant_actor = owner.unwrap_or(&staff.desk);
    let supplement = |what: &str| Command::RequestSupplement {
        items: vec![format!("Bổ sung {what}")],
        reason: "Hồ sơ chưa đầy đủ theo quy định".into(),
    };
    let answer = |life: &Life<'_>| Command::ProvideSupplement {
        documents: life
            .procedure
            .components
            .first()
            .map(|c| {
                let mut d = world.documents[0].clone();
                d.component = Some(c.key.clone());
                vec![d]
            })
            .unwrap_or_default(),
        form_changes: BTreeMap::new(),
        note: None,
    };
    // Reception: at the desk on the spot; online within a few working hours.
    let mut t = if life.d().channel == Channel::Desk {
        t0 + SignedDuration::from_mins(5)
    } else {
        wm(cal, t0, minutes(rng, 20, 360))
    };
    let r = rng.random::<f64>();
    if r < 0.04 {
        life.step(
            &staff.desk,
            Command::Refuse {
                reason: "Hồ sơ không thuộc thẩm quyền giải quyết".into(),
                legal_basis: "Điều 17 Nghị định 118/2025/NĐ-CP".into(),
            },
            t,
        );
        return;
    }
    if r < 0.10 {
        if !life.step(&staff.desk, supplement("giấy tờ chứng minh nơi cư trú"), t) {
            return;
        }
        if rng.random::<f64>() < 0.8 {
            t = wm(cal, t, minutes(rng, 480, 10 * 480));
            let cmd = answer(life);
            if !life.step(applicant_actor, cmd, t) {
                return;
            }
            t = wm(cal, t, minutes(rng, 10, 240));
        } else {
            let close_after = life
                .d()
                .open_supplement()
                .map(|s| s.close_after)
                .unwrap_or(t);
            life.step(
                &staff.desk,
                Command::Close {
                    reason: "Quá thời hạn bổ sung hồ sơ".into(),
                },
                wm(cal, close_after, minutes(rng, 0, 960)),
            );
            return;
        }
    }
    if !life.step(
        &staff.desk,
        Command::Accept {
            shown_only: vec![],
            note: None,
        },
        t,
    ) {
        return;
    }
    // Hand-over to the specialist.
    t = wm(cal, t, minutes(rng, 10, 600));
    let handed = if rng.random::<f64>() < 0.3 {
        let to = staff.specialist.account.expect("officer account");
        life.step(
            &staff.leader,
            Command::Assign {
                to,
                to_name: staff.specialist.name.clone(),
            },
            t,
        )
    } else {
        life.step(&staff.specialist, Command::Claim, t)
    };
    if !handed {
        return;
    }
    if rng.random::<f64>() < 0.02 {
        t = wm(cal, t, minutes(rng, 30, 480));
        life.step(
            applicant_actor,
            Command::Stop {
                reason: "Không còn nhu cầu giải quyết".into(),
            },
            t,
        );
        return;
    }
    // Inter-linked processing: to another commune and back.
    if world.staff.len() > 1 && rng.random::<f64>() < 0.10 {
        let other = loop {
            let o = &world.staff[rng.random_range(0..world.staff.len())];
            if o.unit != staff.unit {
                break o;
            }
        };
        t = wm(cal, t, minutes(rng, 60, 480));
        if !life.step(
            &staff.specialist,
            Command::Transfer {
                to_unit: other.unit,
                note: Some("Đề nghị xác minh, phối hợp".into()),
            },
            t,
        ) {
            return;
        }
        t = wm(cal, t, minutes(rng, 30, 300));
        if !life.step(&other.specialist, Command::Claim, t) {
            return;
        }
        t = wm(cal, t, minutes(rng, 120, 960));
        if !life.step(
            &other.specialist,
            Command::Transfer {
                to_unit: staff.unit,
                note: Some("Đã có kết quả xác minh".into()),
            },
            t,
        ) {
            return;
        }
        t = wm(cal, t, minutes(rng, 30, 300));
        if !life.step(&staff.specialist, Command::Claim, t) {
            return;
        }
    }
    if rng.random::<f64>() < 0.05 {
        t = wm(cal, t, minutes(rng, 60, 900));
        if !life.step(
            &staff.specialist,
            supplement("bản sao giấy tờ có chứng thực"),
            t,
        ) {
            return;
        }
        if rng.random::<f64>() < 0.85 {
            t = wm(cal, t, minutes(rng, 2 * 480, 10 * 480));
            let cmd = answer(life);
            if !life.step(applicant_actor, cmd, t) {
                return;
            }
        } else {
            let close_after = life
                .d()
                .open_supplement()
                .map(|s| s.close_after)
                .unwrap_or(t);
            life.step(
                &staff.desk,
                Command::Close {
                    reason: "Quá thời hạn bổ sung hồ sơ".into(),
                },
                wm(cal, close_after, 60),
            );
            return;
        }
    }
    // Appraisal: most finish well within time, about one in ten late.
    let due = life.d().due_at.unwrap_or(t);
    let remaining = cal
        .working_minutes_between(to_local(t), to_local(due))
        .max(30);
    let late = rng.random::<f64>() < 0.10;
    let work = if late {
        remaining + minutes(rng, 60, 2 * 480)
    } else {
        (remaining as f64 * rng.random_range(0.25..0.8)) as i64
    };
    if late && rng.random::<f64>() < 0.7 {
        let warn = cal
            .sub_working_days(to_local(due), 1)
            .map(from_local)
            .unwrap_or(due)
            .max(t);
        let new_due = wm(cal, due.max(warn), 3 * 480);
        life.step(
            &staff.leader,
            Command::Reschedule {
                reason: "Cần thêm thời gian xác minh thông tin với cơ quan liên quan".into(),
                new_due,
            },
            warn,
        );
    }
    t = wm(cal, t, (work as f64 * 0.75) as i64);
    let propose = || Command::ProposeResult {
        outcome: Outcome::Granted,
        summary: "Hồ sơ đủ điều kiện giải quyết".into(),
        documents: vec![],
    };
    if !life.step(&staff.specialist, propose(), t) {
        return;
    }
    if rng.random::<f64>() < 0.05 {
        t = wm(cal, t, minutes(rng, 30, 240));
        if !life.step(
            &staff.leader,
            Command::SendBack {
                reason: "Đề nghị kiểm tra lại thông tin".into(),
            },
            t,
        ) {
            return;
        }
        t = wm(cal, t, minutes(rng, 60, 480));
        if !life.step(&staff.specialist, propose(), t) {
            return;
        }
    }
    t = wm(cal, t, (work as f64 * 0.2) as i64 + 10);
    if !life.step(&staff.leader, Command::Approve { note: None }, t) {
        return;
    }
    // Issued at once, or after the leader's signature queue (up to a working day).
    t = if rng.random::<f64>() < 0.5 {
        t + SignedDuration::from_mins(5)
    } else {
        wm(cal, t, minutes(rng, 30, 480))
    };
    let mut result = world.documents[0].clone();
    result.component = None;
    result.source = DocSource::Officer;
    if !life.step(
        &staff.leader,
        Command::IssueResult {
            documents: vec![result],
            number: None,
        },
        t,
    ) {
        return;
    }
    let (method, wait) = match delivery {
        Delivery::Electronic => (ReturnMethod::Electronic, 5),
        Delivery::Post { .. } => (
            ReturnMethod::Post {
                tracking_number: format!("EB{:09}VN", rng.random_range(0..1_000_000_000u32)),
            },
            minutes(rng, 30, 480),
        ),
        Delivery::Desk => (
            ReturnMethod::Desk {
                received_by: life.d().applicant.full_name.clone(),
                id_number: None,
            },
            minutes(rng, 30, 3 * 480),
        ),
    };
    t = wm(cal, t, wait);
    life.step(&staff.desk, Command::ReturnResult { method }, t);
}
