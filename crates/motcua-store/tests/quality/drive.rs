//! Drives many dossiers through random legal and illegal commands at random moments (the law
//! refuses what does not fit), with ratings and feedback about some of them, and recomputes the
//! aggregates from scratch from the stored states to compare with what the jobs kept.

use std::collections::BTreeMap;

use jiff::SignedDuration;
use jiff::civil::Date;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::*;
use motcua_domain::procedure::Channel;
use motcua_domain::quality::aggregate::{
    AggregateKey, Counters, DossierCounters, FeedbackCounters, dossier_contributions,
};
use motcua_domain::quality::config::QualityConfig;
use motcua_domain::quality::dossier_outcome::{DossierExtras, DossierOutcome, OutcomeCtx, outcome};
use motcua_domain::quality::feedback::{
    Feedback, Subject, feedback_contributions, feedback_outcome,
};
use motcua_domain::quality::satisfaction::{Criterion, Level, RatingChannel, RatingInput};
use motcua_store::store::Store;
use motcua_store::store::quality::NewFeedback;
use motcua_store::testing::off_runtime;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::fixture::{Fixture, form_doc};

fn result_doc() -> DocumentRef {
    DocumentRef {
        component: None,
        source: DocSource::Officer,
        sha256: "cd".repeat(32),
        file_name: "ket-qua.pdf".into(),
        ..form_doc()
    }
}

/// One random command (with who sends it) for a dossier.
fn random_command(f: &Fixture, rng: &mut StdRng) -> (Actor, Command) {
    let desk = f.desk_a.clone();
    let spec = f.specialist_a.clone();
    let lead = f.leader_a.clone();
    match rng.random_range(0..16) {
        0 | 1 => (
            desk,
            Command::Accept {
                shown_only: vec![],
                note: None,
            },
        ),
        2 => (
            desk,
            Command::RequestSupplement {
                items: vec!["Bản sao".into()],
                reason: "Thiếu".into(),
            },
        ),
        3 => (
            spec,
            Command::RequestSupplement {
                items: vec!["Bản sao".into()],
                reason: "Thiếu".into(),
            },
        ),
        4 | 5 => (
            f.citizen.clone(),
            Command::ProvideSupplement {
                documents: vec![form_doc()],
                form_changes: BTreeMap::new(),
                note: None,
            },
        ),
        6 => (spec, Command::Claim),
        7 => (
            spec,
            Command::ProposeResult {
                outcome: Outcome::Granted,
                summary: "Đủ điều kiện".into(),
                documents: vec![],
            },
        ),
        8 => (lead, Command::Approve { note: None }),
        9 => (
            lead.clone(),
            Command::IssueResult {
                documents: if rng.random::<bool>() {
                    vec![result_doc()]
                } else {
                    vec![]
                },
                number: None,
            },
        ),
        10 => (
            desk,
            Command::ReturnResult {
                method: if rng.random::<bool>() {
                    ReturnMethod::Electronic
                } else {
                    ReturnMethod::Desk {
                        received_by: "Nguyễn Thị Lan".into(),
                        id_number: None,
                    }
                },
            },
        ),
        11 => (
            lead,
            Command::SendBack {
                reason: "Xem lại".into(),
            },
        ),
        12 if rng.random_range(0..4) == 0 => (
            f.citizen.clone(),
            Command::Stop {
                reason: "Thôi".into(),
            },
        ),
        13 if rng.random_range(0..4) == 0 => (
            desk,
            Command::Refuse {
                reason: "Sai thẩm quyền".into(),
                legal_basis: "Luật Hộ tịch".into(),
            },
        ),
        14 => (
            f.system.clone(),
            Command::Close {
                reason: "Quá hạn bổ sung".into(),
            },
        ),
        _ => (spec, Command::Claim),
    }
}

/// `n` dossiers and `steps` random commands over about a month from the fixture's clock.
pub async fn drive(f: &Fixture, n: usize, steps: usize, seed: u64) -> Vec<DossierCode> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut codes = Vec::new();
    for i in 0..n {
        let code = if i % 3 == 0 {
            let mut nd = f.new_dossier();
            nd.channel = if i % 2 == 0 {
                Channel::Desk
            } else {
                Channel::Post
            };
            nd.delivery = Delivery::Desk;
            let accept = Command::Accept {
                shown_only: vec![],
                note: None,
            };
            f.store
                .submit(&f.desk_a, nd, vec![accept], None)
                .await
                .unwrap()
                .view()
                .dossier
                .code
                .clone()
        } else {
            f.submit_online(None).await.dossier.code
        };
        codes.push(code);
        f.clock
            .advance(SignedDuration::from_mins(rng.random_range(5..240)));
    }
    for _ in 0..steps {
        let code = codes[rng.random_range(0..codes.len())].clone();
        let (actor, cmd) = random_command(f, &mut rng);
        let _ = f.exec(&actor, &code, cmd).await;
        let mins = if rng.random_range(0..10) == 0 {
            rng.random_range(1..4) * 1440
        } else {
            rng.random_range(0..300)
        };
        f.clock.advance(SignedDuration::from_mins(mins));
        if rng.random_range(0..12) == 0 {
            rate_or_complain(f, &code, &mut rng).await;
        }
    }
    codes
}

async fn rate_or_complain(f: &Fixture, code: &DossierCode, rng: &mut StdRng) {
    let view = f.store.dossier(&f.system, code).await.unwrap();
    if rng.random::<bool>() {
        let overall = if rng.random::<bool>() {
            Level::Dissatisfied
        } else {
            Level::Satisfied
        };
        let levels: BTreeMap<Criterion, Level> = Criterion::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    if c == Criterion::Overall {
                        overall
                    } else {
                        Level::VerySatisfied
                    },
                )
            })
            .collect();
        let channel = if rng.random::<bool>() {
            RatingChannel::Portal
        } else {
            RatingChannel::Paper
        };
        let who = if channel == RatingChannel::Portal {
            &f.citizen
        } else {
            &f.desk_a
        };
        let _ = f
            .store
            .rate_service(
                who,
                code,
                RatingInput {
                    channel,
                    levels,
                    comment: None,
                },
            )
            .await;
    } else {
        let new = NewFeedback {
            unit: f.commune_a,
            subject: Subject::Dossier {
                id: view.dossier.id,
            },
            title: "Hồ sơ chậm".into(),
            content: "Hồ sơ của tôi chưa có kết quả.".into(),
            contact: None,
            location: None,
            media: vec![],
        };
        f.store
            .submit_feedback(&f.citizen, new, None)
            .await
            .unwrap();
    }
}

/// Everything the aggregate tables hold, by table and grain.
#[derive(Debug, Default, PartialEq)]
pub struct Stored {
    pub dossier: BTreeMap<(String, i64, String, String, String), DossierCounters>,
    pub unit: BTreeMap<(String, i64, String), DossierCounters>,
    pub online: BTreeMap<(String, i64, String, String), u64>,
    pub feedback: BTreeMap<(String, i64, String), FeedbackCounters>,
    pub outcomes: BTreeMap<i64, DossierOutcome>,
}

fn counters<C: Counters, const N: usize>(
    r: &motcua_store::Row,
    from: usize,
    make: fn([u64; N]) -> C,
) -> C {
    let mut v = [0u64; N];
    for (i, x) in v.iter_mut().enumerate() {
        let n = r.get_i64(from + i).unwrap();
        assert!(n >= 0, "a stored counter is negative");
        *x = n as u64;
    }
    make(v)
}

/// Reads the aggregate tables (rows that are all zero left out).
pub fn stored(store_db: &motcua_store::Database) -> Stored {
    let db = store_db.clone();
    off_runtime(move || {
        let mut c = db.connect().unwrap();
        let mut s = Stored::default();
        let cols = |fields: &[&str]| fields.join(", ");
        for r in c.query(&format!("SELECT grain, unit_id, day, procedure_code, channel, {} FROM quality_dossier_rows", cols(DossierCounters::FIELDS)), &[]).unwrap() {
            let v = counters(&r, 5, DossierCounters::from_values);
            if !v.is_zero() {
                s.dossier.insert((r.get_text(0).unwrap(), r.get_i64(1).unwrap(), r.get_text(2).unwrap(), r.get_text(3).unwrap(), r.get_text(4).unwrap()), v);
            }
        }
        for r in c
            .query(
                &format!(
                    "SELECT grain, unit_id, day, {} FROM quality_unit_rows",
                    cols(DossierCounters::FIELDS)
                ),
                &[],
            )
            .unwrap()
        {
            let v = counters(&r, 3, DossierCounters::from_values);
            if !v.is_zero() {
                s.unit.insert(
                    (
                        r.get_text(0).unwrap(),
                        r.get_i64(1).unwrap(),
                        r.get_text(2).unwrap(),
                    ),
                    v,
                );
            }
        }
        for r in c
            .query(
                "SELECT grain, unit_id, day, procedure_code, received FROM quality_online_rows",
                &[],
            )
            .unwrap()
        {
            let n = r.get_i64(4).unwrap();
            assert!(n >= 0);
            if n > 0 {
                s.online.insert(
                    (
                        r.get_text(0).unwrap(),
                        r.get_i64(1).unwrap(),
                        r.get_text(2).unwrap(),
                        r.get_text(3).unwrap(),
                    ),
                    n as u64,
                );
            }
        }
        for r in c
            .query(
                &format!(
                    "SELECT grain, unit_id, day, {} FROM quality_feedback_rows",
                    cols(FeedbackCounters::FIELDS)
                ),
                &[],
            )
            .unwrap()
        {
            let v = counters(&r, 3, FeedbackCounters::from_values);
            if !v.is_zero() {
                s.feedback.insert(
                    (
                        r.get_text(0).unwrap(),
                        r.get_i64(1).unwrap(),
                        r.get_text(2).unwrap(),
                    ),
                    v,
                );
            }
        }
        for r in c
            .query("SELECT dossier_id, outcome FROM quality_outcomes", &[])
            .unwrap()
        {
            s.outcomes.insert(
                r.get_i64(0).unwrap(),
                serde_json::from_str(r.get_str(1).unwrap()).unwrap(),
            );
        }
        s
    })
}

fn starts(day: Date) -> [(&'static str, Date); 3] {
    [
        ("d", day),
        ("m", day.first_of_month()),
        ("y", day.first_of_year()),
    ]
}

/// The aggregates recomputed from scratch: every dossier's and item's stored state through the
/// domain (`outcome` → `dossier_contributions`, `feedback_outcome` → `feedback_contributions`),
/// rolled up by month and year.
pub async fn recomputed(store: &Store, db: &motcua_store::Database) -> Stored {
    let db2 = db.clone();
    let (states, dissatisfied, complained, items) = off_runtime(move || {
        let mut c = db2.connect().unwrap();
        let states: Vec<Dossier> = c
            .query("SELECT state FROM dossiers", &[])
            .unwrap()
            .iter()
            .map(|r| serde_json::from_str(r.get_str(0).unwrap()).unwrap())
            .collect();
        let ids = |c: &mut Box<dyn motcua_store::Conn>, sql: &str| -> Vec<i64> {
            c.query(sql, &[])
                .unwrap()
                .iter()
                .map(|r| r.get_i64(0).unwrap())
                .collect()
        };
        let dissatisfied = ids(
            &mut c,
            "SELECT dossier_id FROM satisfaction_ratings WHERE dissatisfied = 1",
        );
        let complained = ids(
            &mut c,
            "SELECT subject_dossier_id FROM feedback WHERE by_applicant = 1",
        );
        let items: Vec<Feedback> = c
            .query("SELECT state FROM feedback", &[])
            .unwrap()
            .iter()
            .map(|r| serde_json::from_str(r.get_str(0).unwrap()).unwrap())
            .collect();
        (states, dissatisfied, complained, items)
    });
    let config = QualityConfig::embedded();
    let mut s = Stored::default();
    for d in &states {
        let day = motcua_domain::quality::dossier_outcome::day_of(
            d.received_at.unwrap_or(d.submitted_at),
        );
        let rules = config.index766.in_force(day).unwrap().counting.clone();
        let procedure = store.procedure_version(d.procedure).await.unwrap();
        let o = outcome(
            d,
            &OutcomeCtx {
                rules: &rules,
                calendar: &store.calendar(d.receiving_unit),
                result_is_document: procedure.version.result_is_document,
                extras: DossierExtras {
                    rated_dissatisfied: dissatisfied.contains(&d.id.0),
                    has_feedback: complained.contains(&d.id.0),
                },
            },
        );
        for (
            AggregateKey {
                unit,
                procedure,
                channel,
                day,
            },
            c,
        ) in dossier_contributions(&o)
        {
            let ch = serde_json::to_value(channel)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            for (g, start) in starts(day) {
                if g != "y" {
                    s.dossier
                        .entry((
                            g.into(),
                            unit.0,
                            start.to_string(),
                            procedure.as_str().into(),
                            ch.clone(),
                        ))
                        .or_default()
                        .add(&c);
                }
                s.unit
                    .entry((g.into(), unit.0, start.to_string()))
                    .or_default()
                    .add(&c);
                if channel == Channel::Online && c.received > 0 {
                    *s.online
                        .entry((
                            g.into(),
                            unit.0,
                            start.to_string(),
                            procedure.as_str().into(),
                        ))
                        .or_default() += c.received;
                }
            }
        }
        s.outcomes.insert(d.id.0, o);
    }
    for fb in &items {
        for (k, c) in feedback_contributions(&feedback_outcome(fb)) {
            for (g, start) in starts(k.day) {
                s.feedback
                    .entry((g.into(), k.unit.0, start.to_string()))
                    .or_default()
                    .add(&c);
            }
        }
    }
    s.feedback.retain(|_, c| !c.is_zero());
    s.dossier.retain(|_, c| !c.is_zero());
    s.unit.retain(|_, c| !c.is_zero());
    s
}
