//! Stories of feedback, the exhaustive transition table, deadlines and aggregates.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{OpenState, WorkingCalendar};

use super::*;
use crate::dossier::{Actor, Address, Grant, Role};
use crate::ids::{AccountId, ProcedureCode};
use crate::message::Localized;
use crate::quality::aggregate::{Counters, FeedbackCounters, FeedbackKey, apply_deltas};
use crate::quality::config::{FeedbackConfig, FeedbackDeadlines};
use crate::quality::testkit::{COMMUNE_A, COMMUNE_B, at};

fn deadlines() -> FeedbackDeadlines {
    FeedbackConfig::embedded().versions[0].clone()
}

fn officer(id: i64, role: Role, unit: crate::ids::UnitId) -> Actor {
    Actor {
        account: Some(AccountId(id)),
        name: format!("Cán bộ {id}"),
        grants: vec![Grant {
            role,
            unit: Some(unit),
        }],
    }
}

fn citizen(id: i64) -> Actor {
    Actor {
        account: Some(AccountId(id)),
        name: format!("Công dân {id}"),
        grants: vec![Grant {
            role: Role::Citizen,
            unit: None,
        }],
    }
}

fn anonymous() -> Actor {
    Actor {
        account: None,
        name: "Khách".into(),
        grants: vec![],
    }
}

struct W {
    cal: WorkingCalendar,
    dl: FeedbackDeadlines,
    now: Timestamp,
    fb: Option<Feedback>,
    events: Vec<FeedbackEvent>,
    verified: bool,
}

impl W {
    fn new() -> W {
        W {
            cal: WorkingCalendar::national(),
            dl: deadlines(),
            // Monday 2026-03-02 09:00.
            now: at(2026, 3, 2, 9, 0),
            fb: None,
            events: vec![],
            verified: false,
        }
    }

    fn try_do(
        &self,
        actor: &Actor,
        cmd: &FeedbackCommand,
    ) -> Result<Vec<FeedbackEvent>, FeedbackRejection> {
        decide(
            self.fb.as_ref(),
            cmd,
            &FeedbackCtx {
                now: self.now,
                actor,
                verified_author: self.verified,
                calendar: &self.cal,
                deadlines: &self.dl,
            },
        )
    }

    fn run(&mut self, actor: &Actor, cmd: FeedbackCommand) {
        let events = self
            .try_do(actor, &cmd)
            .unwrap_or_else(|e| panic!("{:?} by {}: {e:?}", cmd.kind(), actor.name));
        for e in events {
            match &mut self.fb {
                None => self.fb = start(&e),
                Some(f) => apply(f, &e),
            }
            self.events.push(e);
        }
    }

    fn fb(&self) -> &Feedback {
        self.fb.as_ref().unwrap()
    }

    fn days(&mut self, d: i64) {
        self.now += SignedDuration::from_hours(24 * d);
    }
}

fn contact() -> Contact {
    Contact {
        full_name: "Trần Thị Bình".into(),
        phone: Some("0912 345 678".into()),
        email: None,
        address: Some(Address {
            province: "Huế".into(),
            commune: "Phường Thuận Hóa".into(),
            street: "12 Lê Lợi".into(),
        }),
        id_number: Some("001090012345".into()),
    }
}

fn submission(contact: Option<Contact>) -> FeedbackCommand {
    FeedbackCommand::Submit(Box::new(FeedbackSubmission {
        id: FeedbackId(1),
        unit: COMMUNE_A,
        subject: Subject::Procedure {
            code: ProcedureCode::parse("1.004873").unwrap(),
        },
        title: "Thời gian cấp giấy xác nhận quá lâu".into(),
        content: "Tôi là Trần Thị Bình, ở 12 Lê Lợi, số điện thoại 0912345678. Hồ sơ của tôi chờ 10 ngày."
            .into(),
        contact,
    }))
}

struct Cast {
    desk: Actor,
    specialist: Actor,
    leader: Actor,
    desk_b: Actor,
    specialist_b: Actor,
    author: Actor,
    system: Actor,
}

fn cast() -> Cast {
    Cast {
        desk: officer(10, Role::DeskOfficer, COMMUNE_A),
        specialist: officer(11, Role::Specialist, COMMUNE_A),
        leader: officer(12, Role::Leader, COMMUNE_A),
        desk_b: officer(20, Role::DeskOfficer, COMMUNE_B),
        specialist_b: officer(21, Role::Specialist, COMMUNE_B),
        author: citizen(1),
        system: Actor::system(),
    }
}

#[test]
fn an_anonymous_author_must_leave_valid_contact_details() {
    let w = W::new();
    let e = w.try_do(&anonymous(), &submission(None)).unwrap_err();
    assert_eq!(e, FeedbackRejection::ContactRequired);
    assert!(e.message_vi().contains("số điện thoại"));
    let mut bad = contact();
    bad.phone = Some("12345".into());
    let e = w.try_do(&anonymous(), &submission(Some(bad))).unwrap_err();
    assert_eq!(e.code(), "feedback.invalid_contact");
    assert!(
        e.message_vi().contains("Số điện thoại"),
        "{}",
        e.message_vi()
    );
    assert!(e.message_en().contains("phone"), "{}", e.message_en());
    let mut no_way = contact();
    no_way.phone = None;
    assert_eq!(
        w.try_do(&anonymous(), &submission(Some(no_way)))
            .unwrap_err(),
        FeedbackRejection::ContactRequired
    );
    // A signed-in citizen needs no contact form.
    assert!(w.try_do(&citizen(1), &submission(None)).is_ok());
    // An officer does not submit feedback as such.
    assert!(matches!(
        w.try_do(&cast().desk, &submission(None)),
        Err(FeedbackRejection::Forbidden { .. })
    ));
}

#[test]
fn deadlines_are_counted_in_working_days_from_arrival() {
    let mut w = W::new();
    w.run(&anonymous(), submission(Some(contact())));
    let d = w.fb().current_leg().deadlines;
    assert_eq!(d.reject_by, at(2026, 3, 4, 9, 0));
    assert_eq!(d.first_info_by, at(2026, 3, 9, 9, 0));
    assert_eq!(d.resolve_by, at(2026, 3, 23, 9, 0));
    let c = w.fb().author.contact.as_ref().unwrap();
    assert_eq!(c.phone.as_deref(), Some("0912345678"), "normalised");
    // Due soon the working day before, overdue after.
    let state = |now| open_state(w.fb(), now, &w.cal, 1);
    assert_eq!(state(at(2026, 3, 19, 9, 0)), Some(OpenState::WithinTime));
    assert_eq!(state(at(2026, 3, 20, 9, 0)), Some(OpenState::DueSoon));
    assert_eq!(state(at(2026, 3, 23, 9, 1)), Some(OpenState::Overdue));
    assert_eq!(
        current_deadline(w.fb()).unwrap().kind,
        DeadlineKind::Resolve
    );
}

#[test]
fn the_whole_story_answered_published_redacted_and_rated() {
    let c = cast();
    let mut w = W::new();
    w.run(&anonymous(), submission(Some(contact())));
    w.verified = true; // the author came back through the secret link
    w.run(
        &c.desk,
        FeedbackCommand::Receive {
            category: Category::RulesOrProcedure,
        },
    );
    w.days(1);
    w.run(
        &c.specialist,
        FeedbackCommand::RequestInfo {
            question: "Mã hồ sơ là gì?".into(),
        },
    );
    assert_eq!(
        current_deadline(w.fb()),
        None,
        "paused while the author answers"
    );
    w.days(2);
    w.run(
        &anonymous(),
        FeedbackCommand::ProvideInfo {
            text: "H56.22-260126-0001".into(),
        },
    );
    // The two days of waiting move the resolution deadline.
    assert_eq!(current_deadline(w.fb()).unwrap().at, at(2026, 3, 25, 9, 0));
    w.verified = false;
    w.run(
        &c.specialist,
        FeedbackCommand::ProposeAnswer {
            text: "Trả lời bà Trần Thị Bình (0912345678): hồ sơ đã có kết quả.".into(),
        },
    );
    w.run(
        &c.leader,
        FeedbackCommand::SendBack {
            reason: "Ghi rõ ngày".into(),
        },
    );
    w.run(
        &c.specialist,
        FeedbackCommand::ProposeAnswer {
            text: "Trả lời bà Trần Thị Bình (0912345678): hồ sơ đã có kết quả ngày 06/03/2026."
                .into(),
        },
    );
    assert!(matches!(
        w.try_do(&c.specialist, &FeedbackCommand::Approve),
        Err(FeedbackRejection::Forbidden { .. })
    ));
    w.days(1);
    w.run(&c.leader, FeedbackCommand::Approve);
    assert_eq!(w.fb().status, FeedbackStatus::Approved);
    assert_eq!(
        current_deadline(w.fb()).unwrap().kind,
        DeadlineKind::Publish
    );
    assert_eq!(current_deadline(w.fb()).unwrap().at, at(2026, 3, 10, 9, 0));
    w.run(&c.desk, FeedbackCommand::Publish { answer: None });
    let fb = w.fb();
    assert_eq!(fb.status, FeedbackStatus::Published);
    assert_eq!(
        fb.published_answer.as_deref(),
        Some("Trả lời bà *** (***): hồ sơ đã có kết quả ngày 06/03/2026.")
    );
    assert_eq!(
        fb.published_question.as_deref(),
        Some("Tôi là ***, ở ***, số điện thoại ***. Hồ sơ của tôi chờ 10 ngày.")
    );
    assert!(
        fb.answer.as_deref().unwrap().contains("Bình"),
        "the internal answer is kept whole"
    );
    assert_eq!(leg_on_time(fb, 0), Some(true));
    assert_eq!(current_deadline(fb), None);

    // Reactions: one per person; a second one replaces the first.
    for (who, like) in [(2, true), (3, false), (4, false), (2, false), (3, true)] {
        w.run(&citizen(who), FeedbackCommand::React { like });
    }
    assert_eq!((w.fb().likes(), w.fb().dislikes()), (1, 2));
    assert!(w.fb().dissatisfied());
    assert_eq!(
        w.try_do(&anonymous(), &FeedbackCommand::React { like: true })
            .unwrap_err(),
        FeedbackRejection::SignInRequired
    );
    // Only the author raises it again.
    assert_eq!(
        w.try_do(
            &citizen(5),
            &FeedbackCommand::ReRaise {
                text: "Chưa thỏa đáng".into()
            }
        )
        .unwrap_err(),
        FeedbackRejection::NotAuthor
    );
    w.verified = true;
    w.run(
        &anonymous(),
        FeedbackCommand::ReRaise {
            text: "Chưa thỏa đáng".into(),
        },
    );
    assert!(w.fb().re_raised);

    // Every change tells the author, except others' reactions.
    let notices = w
        .events
        .iter()
        .filter(|e| e.data.author_notice().is_some())
        .count();
    assert_eq!(notices, w.events.len() - 5);
    let o = feedback_outcome(w.fb());
    assert!(o.unsatisfactory);
    assert_eq!(o.legs[0].on_time, Some(true));
}

#[test]
fn forwarding_restarts_the_timers_and_is_judged_by_the_two_day_rule() {
    let c = cast();
    let mut w = W::new();
    w.run(&c.author, submission(None));
    w.days(1);
    assert_eq!(
        w.try_do(
            &c.desk,
            &FeedbackCommand::Forward {
                to_unit: COMMUNE_A,
                reason: "x".into()
            }
        )
        .unwrap_err(),
        FeedbackRejection::ForwardToSameUnit
    );
    w.run(
        &c.desk,
        FeedbackCommand::Forward {
            to_unit: COMMUNE_B,
            reason: "Thuộc thẩm quyền xã B".into(),
        },
    );
    let fb = w.fb();
    assert_eq!(
        (fb.unit, fb.status, fb.legs.len()),
        (COMMUNE_B, FeedbackStatus::Submitted, 2)
    );
    assert_eq!(fb.current_leg().deadlines.resolve_by, at(2026, 3, 24, 9, 0));
    assert_eq!(leg_on_time(fb, 0), Some(true));
    // Unit A no longer handles it; unit B does.
    assert_eq!(
        w.try_do(
            &c.specialist,
            &FeedbackCommand::Receive {
                category: Category::OfficerConduct
            }
        )
        .unwrap_err(),
        FeedbackRejection::OutOfScope
    );
    w.days(3);
    w.run(
        &c.desk_b,
        FeedbackCommand::Forward {
            to_unit: COMMUNE_A,
            reason: "Trả lại".into(),
        },
    );
    assert_eq!(
        leg_on_time(w.fb(), 1),
        Some(false),
        "forwarded after 2 working days"
    );
    let o = feedback_outcome(w.fb());
    assert!(o.unsatisfactory, "a late leg counts against 5.3");
    assert_eq!(o.legs[1].overdue_from, Some(at(2026, 3, 6, 9, 0)));
    let _ = c.specialist_b;
}

#[test]
fn a_late_first_information_request_makes_the_leg_late() {
    let c = cast();
    let mut w = W::new();
    w.run(&c.author, submission(None));
    w.run(
        &c.desk,
        FeedbackCommand::Receive {
            category: Category::RulesOrProcedure,
        },
    );
    w.days(8); // Tue 10/03: past the 5-working-day limit (Mon 09/03 09:00)
    w.run(
        &c.specialist,
        FeedbackCommand::RequestInfo {
            question: "?".into(),
        },
    );
    assert_eq!(overdue_from(w.fb(), 0), Some(at(2026, 3, 10, 9, 0)));
}

#[test]
fn rejecting_an_item_whose_author_never_answered_is_not_late() {
    let c = cast();
    let mut w = W::new();
    w.run(&c.author, submission(None));
    w.run(
        &c.desk,
        FeedbackCommand::Receive {
            category: Category::RulesOrProcedure,
        },
    );
    w.days(1);
    w.run(
        &c.specialist,
        FeedbackCommand::RequestInfo {
            question: "Mã hồ sơ?".into(),
        },
    );
    w.days(20);
    w.run(
        &c.leader,
        FeedbackCommand::Reject {
            reason: "Không bổ sung thông tin".into(),
        },
    );
    assert_eq!(leg_on_time(w.fb(), 0), Some(true));
    // Without the request, a rejection after 2 working days is late (screening rule).
    let mut w = W::new();
    w.run(&c.author, submission(None));
    w.days(3);
    w.run(
        &c.desk,
        FeedbackCommand::Reject {
            reason: "Không thuộc phạm vi".into(),
        },
    );
    assert_eq!(leg_on_time(w.fb(), 0), Some(false));
}

#[test]
fn the_scheduler_marks_an_overdue_item_once() {
    let c = cast();
    let mut w = W::new();
    w.run(&c.author, submission(None));
    w.run(
        &c.desk,
        FeedbackCommand::Receive {
            category: Category::OfficerConduct,
        },
    );
    assert_eq!(
        w.try_do(&c.system, &FeedbackCommand::MarkOverdue)
            .unwrap_err(),
        FeedbackRejection::NotOverdue
    );
    w.now = at(2026, 3, 23, 9, 1);
    assert!(matches!(
        w.try_do(&c.leader, &FeedbackCommand::MarkOverdue),
        Err(FeedbackRejection::Forbidden { .. })
    ));
    w.run(&c.system, FeedbackCommand::MarkOverdue);
    assert!(w.fb().overdue_marked);
    assert_eq!(
        w.try_do(&c.system, &FeedbackCommand::MarkOverdue)
            .unwrap_err(),
        FeedbackRejection::NotOverdue
    );
    assert!(feedback_outcome(w.fb()).unsatisfactory);
}

/// Brings a fresh item to `status` by the ordinary path.
fn item_in(status: FeedbackStatus) -> W {
    let c = cast();
    let mut w = W::new();
    w.run(&c.author, submission(None));
    use FeedbackStatus as S;
    let path: Vec<(&Actor, FeedbackCommand)> = match status {
        S::Submitted => vec![],
        S::InHandling => vec![(
            &c.desk,
            FeedbackCommand::Receive {
                category: Category::RulesOrProcedure,
            },
        )],
        S::AwaitingInfo => vec![
            (
                &c.desk,
                FeedbackCommand::Receive {
                    category: Category::RulesOrProcedure,
                },
            ),
            (
                &c.specialist,
                FeedbackCommand::RequestInfo {
                    question: "?".into(),
                },
            ),
        ],
        S::AwaitingApproval => vec![
            (
                &c.desk,
                FeedbackCommand::Receive {
                    category: Category::RulesOrProcedure,
                },
            ),
            (
                &c.specialist,
                FeedbackCommand::ProposeAnswer {
                    text: "Trả lời".into(),
                },
            ),
        ],
        S::Approved | S::Published => {
            let mut p = vec![
                (
                    &c.desk,
                    FeedbackCommand::Receive {
                        category: Category::RulesOrProcedure,
                    },
                ),
                (
                    &c.specialist,
                    FeedbackCommand::ProposeAnswer {
                        text: "Trả lời".into(),
                    },
                ),
                (&c.leader, FeedbackCommand::Approve),
            ];
            if status == S::Published {
                p.push((&c.desk, FeedbackCommand::Publish { answer: None }));
            }
            p
        }
        S::Rejected => vec![(
            &c.desk,
            FeedbackCommand::Reject {
                reason: "Không thuộc phạm vi".into(),
            },
        )],
    };
    for (a, cmd) in path {
        w.run(a, cmd);
    }
    assert_eq!(w.fb().status, status);
    w
}

fn example(kind: FeedbackCommandKind) -> FeedbackCommand {
    use FeedbackCommandKind as K;
    match kind {
        K::Submit => submission(None),
        K::Receive => FeedbackCommand::Receive {
            category: Category::RulesOrProcedure,
        },
        K::Reject => FeedbackCommand::Reject {
            reason: "Lý do".into(),
        },
        K::Forward => FeedbackCommand::Forward {
            to_unit: COMMUNE_B,
            reason: "Lý do".into(),
        },
        K::RequestInfo => FeedbackCommand::RequestInfo {
            question: "?".into(),
        },
        K::ProvideInfo => FeedbackCommand::ProvideInfo {
            text: "Đây".into()
        },
        K::ProposeAnswer => FeedbackCommand::ProposeAnswer {
            text: "Trả lời".into(),
        },
        K::SendBack => FeedbackCommand::SendBack {
            reason: "Sửa".into(),
        },
        K::Approve => FeedbackCommand::Approve,
        K::Publish => FeedbackCommand::Publish {
            answer: Some("Trả lời".into()),
        },
        K::React => FeedbackCommand::React { like: true },
        K::ReRaise => FeedbackCommand::ReRaise {
            text: "Lại".into()
        },
        K::MarkOverdue => FeedbackCommand::MarkOverdue,
    }
}

fn actor_for(role: FeedbackRole) -> Actor {
    let c = cast();
    match role {
        FeedbackRole::Anonymous => anonymous(),
        FeedbackRole::Author => c.author,
        FeedbackRole::Citizen => citizen(7),
        FeedbackRole::DeskOfficer => c.desk,
        FeedbackRole::Specialist => c.specialist,
        FeedbackRole::Leader => c.leader,
        FeedbackRole::System => c.system,
    }
}

#[test]
fn the_transition_table_is_what_decide_enforces() {
    for status in FeedbackStatus::ALL {
        for kind in FeedbackCommandKind::ALL {
            if kind == FeedbackCommandKind::Submit {
                continue;
            }
            let mut w = item_in(status);
            w.now = at(2026, 6, 1, 9, 0); // past every deadline, so MarkOverdue is due
            let rules: Vec<_> = rules::rules_for(kind, status).collect();
            if rules.is_empty() {
                let got = w.try_do(&actor_for(FeedbackRole::Leader), &example(kind));
                assert_eq!(
                    got.unwrap_err(),
                    FeedbackRejection::IllegalTransition {
                        command: kind,
                        status
                    },
                    "{kind:?} from {status:?}"
                );
                continue;
            }
            for rule in rules {
                for role in rule.roles {
                    let events = w
                        .try_do(&actor_for(*role), &example(kind))
                        .unwrap_or_else(|e| panic!("{kind:?} from {status:?} by {role:?}: {e:?}"));
                    let mut fb = w.fb().clone();
                    apply(&mut fb, &events[0]);
                    assert_eq!(
                        fb.status,
                        rule.to.unwrap_or(status),
                        "{kind:?} from {status:?}"
                    );
                    assert_eq!(events[0].actor.role, *role);
                }
                // Everyone else is refused.
                for other in [
                    FeedbackRole::Anonymous,
                    FeedbackRole::Citizen,
                    FeedbackRole::Specialist,
                    FeedbackRole::Leader,
                    FeedbackRole::DeskOfficer,
                    FeedbackRole::System,
                ] {
                    if rule.roles.contains(&other)
                        || (other == FeedbackRole::Citizen
                            && rule.roles.contains(&FeedbackRole::Author))
                    {
                        continue;
                    }
                    assert!(
                        w.try_do(&actor_for(other), &example(kind)).is_err(),
                        "{kind:?} from {status:?} by {other:?}"
                    );
                }
            }
        }
    }
    assert!(
        rules::markdown()
            .contains("| publish | approved | desk_officer, leader, system | published |")
    );
}

#[test]
fn feedback_deltas_add_up_to_the_final_rows() {
    let c = cast();
    let mut w = W::new();
    w.run(&c.author, submission(None));
    let mut rows: BTreeMap<FeedbackKey, FeedbackCounters> = BTreeMap::new();
    let mut prev = feedback_outcome(w.fb());
    apply_deltas(&mut rows, &feedback_deltas(None, Some(&prev))).unwrap();
    let steps: Vec<(i64, &Actor, FeedbackCommand)> = vec![
        (
            0,
            &c.desk,
            FeedbackCommand::Receive {
                category: Category::OfficerConduct,
            },
        ),
        (
            3,
            &c.desk,
            FeedbackCommand::Forward {
                to_unit: COMMUNE_B,
                reason: "B".into(),
            },
        ),
        (
            1,
            &c.desk_b,
            FeedbackCommand::Receive {
                category: Category::RulesOrProcedure,
            },
        ),
        (
            1,
            &c.specialist_b,
            FeedbackCommand::ProposeAnswer {
                text: "Trả lời".into(),
            },
        ),
    ];
    for (days, actor, cmd) in steps {
        w.days(days);
        w.run(actor, cmd);
        let next = feedback_outcome(w.fb());
        apply_deltas(&mut rows, &feedback_deltas(Some(&prev), Some(&next))).unwrap();
        prev = next;
    }
    let mut expected: BTreeMap<FeedbackKey, FeedbackCounters> = BTreeMap::new();
    for (k, c) in feedback_contributions(&prev) {
        expected.entry(k).or_default().add(&c);
    }
    assert_eq!(rows, expected);
    let total = rows.values().fold(FeedbackCounters::default(), |mut a, c| {
        a.add(c);
        a
    });
    assert_eq!(
        (
            total.received,
            total.finished_late,
            total.first_received,
            total.about_rules
        ),
        (2, 1, 1, 1)
    );
    assert!(
        rows.keys()
            .all(|k| k.unit == COMMUNE_A || k.unit == COMMUNE_B)
    );
}

#[test]
fn the_table_in_the_docs_is_the_table_decide_enforces() {
    let doc = include_str!("../../../../../docs/QUALITY.md");
    assert!(
        doc.contains(&rules::markdown()),
        "docs/QUALITY.md must contain rules::markdown() verbatim"
    );
}
