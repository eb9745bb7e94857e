//! Stories and the exhaustive transition table test.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::{DateTime, date};
use motcua_calendar::{CutoffRule, Limit, TimeUnit, WorkingCalendar, from_local};

use super::*;
use crate::code::DossierCode;
use crate::ids::{AccountId, AgencyCode, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use crate::procedure::*;

const COMMUNE_A: UnitId = UnitId(10);
const COMMUNE_B: UnitId = UnitId(20);

fn procedure() -> ProcedureVersion {
    ProcedureVersion {
        code: ProcedureCode::parse("1.004873").unwrap(),
        version: 1,
        name_vi: "Cấp Giấy xác nhận tình trạng hôn nhân".into(),
        name_en: None,
        field_vi: "Hộ tịch".into(),
        levels: vec![Level::Commune],
        level_text: "Cấp xã".into(),
        summary_vi: None,
        steps_text_vi: None,
        channels: Channel::ALL.to_vec(),
        applicants_vi: None,
        agency_vi: None,
        components: vec![
            Component {
                key: "c1".into(),
                name_vi: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân".into(),
                name_en: None,
                originals: 1,
                copies: 0,
                copies_text: Some("1 bản chính".into()),
                required: true,
            },
            Component {
                key: "c2".into(),
                name_vi: "Trường hợp đã ly hôn: bản sao bản án".into(),
                name_en: None,
                originals: 0,
                copies: 1,
                copies_text: None,
                required: false,
            },
        ],
        processing_time: Some(Limit {
            amount: 3,
            unit: TimeUnit::WorkingDays,
        }),
        processing_time_text: "03 ngày làm việc".into(),
        cutoff: CutoffRule::None,
        fees: vec![],
        fee_text: "Miễn phí".into(),
        legal_basis: vec!["Luật Hộ tịch 2014".into()],
        result_vi: "Giấy xác nhận tình trạng hôn nhân".into(),
        result_is_document: true,
        online_mode: Some(OnlineMode::Full),
        internal_steps: vec![
            InternalStep {
                name_vi: "Tiếp nhận và chuyển hồ sơ".into(),
                role: Role::DeskOfficer,
                allotted: Limit {
                    amount: 4,
                    unit: TimeUnit::WorkingHours,
                },
            },
            InternalStep {
                name_vi: "Thẩm định hồ sơ".into(),
                role: Role::Specialist,
                allotted: Limit {
                    amount: 12,
                    unit: TimeUnit::WorkingHours,
                },
            },
            InternalStep {
                name_vi: "Phê duyệt, ký".into(),
                role: Role::Leader,
                allotted: Limit {
                    amount: 4,
                    unit: TimeUnit::WorkingHours,
                },
            },
            InternalStep {
                name_vi: "Trả kết quả".into(),
                role: Role::DeskOfficer,
                allotted: Limit {
                    amount: 4,
                    unit: TimeUnit::WorkingHours,
                },
            },
        ],
        form_fields: vec![FormField {
            key: "purpose".into(),
            label_vi: "Mục đích sử dụng".into(),
            label_en: "Purpose".into(),
            kind: FieldKind::Text,
            required: true,
            help_vi: None,
        }],
        supplement_close_after: Limit {
            amount: 15,
            unit: TimeUnit::WorkingDays,
        },
        non_boundary: false,
        publication_decision: None,
        status: PublicationStatus::Published,
        source_urls: vec![],
        caveats: vec![],
    }
}

fn officer(id: i64, name: &str, role: Role, unit: UnitId) -> Actor {
    Actor {
        account: Some(AccountId(id)),
        name: name.into(),
        grants: vec![Grant {
            role,
            unit: Some(unit),
        }],
    }
}

fn citizen(id: i64) -> Actor {
    Actor {
        account: Some(AccountId(id)),
        name: "Nguyễn Thị Lan".into(),
        grants: vec![Grant {
            role: Role::Citizen,
            unit: None,
        }],
    }
}

fn helper(id: i64) -> Actor {
    Actor {
        account: Some(AccountId(id)),
        name: "Tổ CNS thôn 3".into(),
        grants: vec![Grant {
            role: Role::Helper,
            unit: None,
        }],
    }
}

/// Everyone who might act, all for commune A unless named otherwise.
struct Cast {
    owner: Actor,
    other_citizen: Actor,
    helper: Actor,
    desk: Actor,
    specialist: Actor,
    specialist2: Actor,
    leader: Actor,
    desk_b: Actor,
    specialist_b: Actor,
    leader_b: Actor,
    admin: Actor,
    system: Actor,
}

fn cast() -> Cast {
    Cast {
        owner: citizen(1),
        other_citizen: citizen(2),
        helper: helper(3),
        desk: officer(10, "Trần Văn Một Cửa", Role::DeskOfficer, COMMUNE_A),
        specialist: officer(11, "Lê Thị Chuyên", Role::Specialist, COMMUNE_A),
        specialist2: officer(12, "Phạm Văn Hai", Role::Specialist, COMMUNE_A),
        leader: officer(13, "Hoàng Văn Lãnh", Role::Leader, COMMUNE_A),
        desk_b: officer(20, "Desk B", Role::DeskOfficer, COMMUNE_B),
        specialist_b: officer(21, "Specialist B", Role::Specialist, COMMUNE_B),
        leader_b: officer(22, "Leader B", Role::Leader, COMMUNE_B),
        admin: Actor {
            account: Some(AccountId(99)),
            name: "Admin".into(),
            grants: vec![Grant {
                role: Role::Admin,
                unit: None,
            }],
        },
        system: Actor::system(),
    }
}

fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    from_local(DateTime::new(y, m, d, h, min, 0, 0).unwrap())
}

fn doc(component: &str) -> DocumentRef {
    DocumentRef {
        component: Some(component.into()),
        sha256: "ab".repeat(32),
        size: 1000,
        media_type: "application/pdf".into(),
        file_name: "to-khai.pdf".into(),
        pages: Some(1),
        source: DocSource::Upload,
    }
}

struct World {
    p: ProcedureVersion,
    cal: WorkingCalendar,
    policy: Policy,
    now: Timestamp,
    state: Option<Dossier>,
}

impl World {
    fn new() -> Self {
        World {
            p: procedure(),
            cal: WorkingCalendar::national(),
            policy: Policy::default(),
            // Monday 2026-03-02 09:00.
            now: at(2026, 3, 2, 9, 0),
            state: None,
        }
    }

    fn try_do(&self, actor: &Actor, cmd: &Command) -> Result<Vec<Event>, Rejection> {
        let ctx = Ctx {
            now: self.now,
            actor,
            procedure: &self.p,
            calendar: &self.cal,
            policy: &self.policy,
        };
        decide(self.state.as_ref(), cmd, &ctx)
    }

    fn run(&mut self, actor: &Actor, cmd: Command) -> Vec<Event> {
        let events = self
            .try_do(actor, &cmd)
            .unwrap_or_else(|e| panic!("{:?} by {}: {e:?}", cmd.kind(), actor.name));
        for e in &events {
            match &mut self.state {
                None => self.state = start(e),
                Some(d) => apply(d, e),
            }
        }
        self.now += jiff::SignedDuration::from_mins(30);
        events
    }

    fn status(&self) -> Status {
        self.state.as_ref().unwrap().status
    }

    fn d(&self) -> &Dossier {
        self.state.as_ref().unwrap()
    }
}

fn submission(channel: Channel, owner: Option<AccountId>) -> Command {
    let mut form = BTreeMap::new();
    form.insert("purpose".to_string(), "Kết hôn".to_string());
    Command::Submit(Box::new(Submission {
        id: DossierId(1),
        code: DossierCode::new(&AgencyCode::parse("H56.22").unwrap(), date(2026, 3, 2), 1),
        procedure: ProcedureVersionId(7),
        unit: COMMUNE_A,
        channel,
        applicant: Applicant {
            full_name: "Nguyễn Thị Lan".into(),
            phone: Some("0912345678".into()),
            ..Default::default()
        },
        owner,
        on_behalf: None,
        delivery: Delivery::Electronic,
        form,
        documents: vec![doc("c1")],
    }))
}

fn accept() -> Command {
    Command::Accept {
        shown_only: vec![],
        note: None,
    }
}

/// Drives a fresh dossier to `target` through the lifecycle.
fn world_in(target: Status, c: &Cast) -> World {
    let mut w = World::new();
    w.run(&c.owner, submission(Channel::Online, None));
    let supplement = || Command::RequestSupplement {
        items: vec!["Bản sao bản án ly hôn".into()],
        reason: "Thiếu giấy tờ".into(),
    };
    let path: Vec<(&Actor, Command)> = match target {
        Status::Submitted => vec![],
        Status::SupplementAtReception => vec![(&c.desk, supplement())],
        Status::Refused => vec![(
            &c.desk,
            Command::Refuse {
                reason: "Không thuộc thẩm quyền".into(),
                legal_basis: "Luật Hộ tịch 2014".into(),
            },
        )],
        Status::Received => vec![(&c.desk, accept())],
        Status::InProcess => vec![(&c.desk, accept()), (&c.specialist, Command::Claim)],
        Status::SupplementInProcess => vec![
            (&c.desk, accept()),
            (&c.specialist, Command::Claim),
            (&c.specialist, supplement()),
        ],
        Status::AwaitingApproval => vec![
            (&c.desk, accept()),
            (&c.specialist, Command::Claim),
            (&c.specialist, propose()),
        ],
        Status::Approved => vec![
            (&c.desk, accept()),
            (&c.specialist, Command::Claim),
            (&c.specialist, propose()),
            (&c.leader, Command::Approve { note: None }),
        ],
        Status::ResultReady => vec![
            (&c.desk, accept()),
            (&c.specialist, Command::Claim),
            (&c.specialist, propose()),
            (&c.leader, Command::Approve { note: None }),
            (&c.leader, issue()),
        ],
        Status::Returned => vec![
            (&c.desk, accept()),
            (&c.specialist, Command::Claim),
            (&c.specialist, propose()),
            (&c.leader, Command::Approve { note: None }),
            (&c.leader, issue()),
            (
                &c.desk,
                Command::ReturnResult {
                    method: ReturnMethod::Electronic,
                },
            ),
        ],
        Status::Stopped => vec![(
            &c.owner,
            Command::Stop {
                reason: "Không còn nhu cầu".into(),
            },
        )],
        Status::Closed => vec![(&c.desk, supplement())],
    };
    for (actor, cmd) in path {
        w.run(actor, cmd);
    }
    if target == Status::Closed {
        w.now = at(2026, 4, 30, 9, 0);
        w.run(
            &c.system,
            Command::Close {
                reason: "Quá hạn bổ sung".into(),
            },
        );
    }
    assert_eq!(w.status(), target);
    w
}

fn propose() -> Command {
    Command::ProposeResult {
        outcome: Outcome::Granted,
        summary: "Đủ điều kiện cấp".into(),
        documents: vec![],
    }
}

fn issue() -> Command {
    Command::IssueResult {
        documents: vec![DocumentRef {
            component: None,
            source: DocSource::Officer,
            ..doc("c1")
        }],
        number: Some("12/GXN".into()),
    }
}

/// A valid example of every command (judged on the state it is tried in).
fn example(kind: CommandKind, c: &Cast) -> Command {
    match kind {
        CommandKind::Submit => submission(Channel::Online, None),
        CommandKind::Accept => accept(),
        CommandKind::RequestSupplement => Command::RequestSupplement {
            items: vec!["Giấy tờ A".into()],
            reason: "Thiếu".into(),
        },
        CommandKind::ProvideSupplement => Command::ProvideSupplement {
            documents: vec![doc("c2")],
            form_changes: BTreeMap::new(),
            note: None,
        },
        CommandKind::Refuse => Command::Refuse {
            reason: "Không đủ điều kiện".into(),
            legal_basis: "Điều 17 NĐ 118/2025".into(),
        },
        CommandKind::Assign => Command::Assign {
            to: c.specialist.account.unwrap(),
            to_name: c.specialist.name.clone(),
        },
        CommandKind::Claim => Command::Claim,
        CommandKind::Transfer => Command::Transfer {
            to_unit: COMMUNE_B,
            note: None,
        },
        CommandKind::ProposeResult => propose(),
        CommandKind::SendBack => Command::SendBack {
            reason: "Bổ sung thẩm định".into(),
        },
        CommandKind::Approve => Command::Approve { note: None },
        CommandKind::IssueResult => issue(),
        CommandKind::ReturnResult => Command::ReturnResult {
            method: ReturnMethod::Desk {
                received_by: "Nguyễn Thị Lan".into(),
                id_number: None,
            },
        },
        CommandKind::Stop => Command::Stop {
            reason: "Không còn nhu cầu".into(),
        },
        CommandKind::Reschedule => Command::Reschedule {
            reason: "Cần xác minh thêm".into(),
            new_due: at(2026, 6, 1, 9, 0),
        },
        CommandKind::Close => Command::Close {
            reason: "Quá hạn bổ sung".into(),
        },
        CommandKind::Comment => Command::Comment {
            text: "Ghi chú".into(),
        },
        CommandKind::AttachDocument => Command::AttachDocument {
            document: DocumentRef {
                component: None,
                source: DocSource::Officer,
                ..doc("c1")
            },
        },
    }
}

/// Every status × command × role: allowed exactly when the table says so; otherwise a typed
/// rejection and no events. This is the "transition by transition, by role" proof.
#[test]
fn every_cell_of_the_transition_table() {
    let c = cast();
    let roles: Vec<(&Actor, Role)> = vec![
        (&c.owner, Role::Citizen),
        (&c.helper, Role::Helper),
        (&c.desk, Role::DeskOfficer),
        (&c.specialist, Role::Specialist),
        (&c.leader, Role::Leader),
        (&c.admin, Role::Admin),
        (&c.system, Role::System),
    ];
    let mut checked = 0;
    for status in Status::ALL {
        for kind in CommandKind::ALL {
            if kind == CommandKind::Submit {
                continue;
            }
            for (actor, role) in &roles {
                let mut w = world_in(status, &c);
                if kind == CommandKind::Close {
                    w.now = at(2026, 5, 30, 9, 0);
                }
                let allowed = rules::rules_for(kind, status).any(|r| r.roles.contains(role))
                    // A helper only acts on dossiers they submitted; this one the citizen did.
                    && *role != Role::Helper;
                let before = w.state.clone();
                let got = w.try_do(actor, &example(kind, &c));
                assert_eq!(w.state, before, "decide never changes the state");
                match (&got, allowed) {
                    (Ok(events), true) => assert!(!events.is_empty()),
                    (Err(e), true) => {
                        // Allowed by the table, refused by a rule of the command itself.
                        assert!(
                            matches!(
                                e,
                                Rejection::NotAssignee
                                    | Rejection::SecondReceptionSupplement
                                    | Rejection::AlreadyAssigned
                                    | Rejection::NoElectronicResult
                                    | Rejection::NewDueNotLater
                            ),
                            "{status:?} {kind:?} {role:?}: unexpected {e:?}"
                        );
                    }
                    (Ok(_), false) => panic!("{status:?} {kind:?} {role:?} must be refused"),
                    (Err(e), false) => assert!(
                        matches!(
                            e,
                            Rejection::IllegalTransition { .. }
                                | Rejection::Forbidden { .. }
                                | Rejection::NotYourDossier
                                | Rejection::DecisionExists
                                | Rejection::OutOfScope
                        ),
                        "{status:?} {kind:?} {role:?}: {e:?}"
                    ),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 12 * 17 * 7);
}

#[test]
fn officers_of_another_commune_are_out_of_scope() {
    let c = cast();
    for (status, kind, actor) in [
        (Status::Submitted, CommandKind::Accept, &c.desk_b),
        (Status::Received, CommandKind::Claim, &c.specialist_b),
        (Status::AwaitingApproval, CommandKind::Approve, &c.leader_b),
        (Status::ResultReady, CommandKind::ReturnResult, &c.desk_b),
    ] {
        let w = world_in(status, &c);
        assert_eq!(
            w.try_do(actor, &example(kind, &c)),
            Err(Rejection::OutOfScope),
            "{kind:?}"
        );
    }
}

#[test]
fn another_citizen_is_told_the_dossier_does_not_exist() {
    let c = cast();
    let w = world_in(Status::InProcess, &c);
    assert_eq!(
        w.try_do(&c.other_citizen, &example(CommandKind::Stop, &c)),
        Err(Rejection::NotYourDossier)
    );
    assert_eq!(
        w.try_do(&c.other_citizen, &example(CommandKind::Approve, &c)),
        Err(Rejection::NotYourDossier)
    );
}

#[test]
fn a_specialist_cannot_approve() {
    let c = cast();
    let w = world_in(Status::AwaitingApproval, &c);
    assert_eq!(
        w.try_do(&c.specialist, &Command::Approve { note: None }),
        Err(Rejection::Forbidden {
            command: CommandKind::Approve,
            roles: vec![Role::Leader]
        })
    );
}

#[test]
fn full_story_online_to_electronic_return() {
    let c = cast();
    let mut w = World::new();
    w.run(&c.owner, submission(Channel::Online, None));
    assert_eq!(
        w.d().owner,
        c.owner.account,
        "the citizen owns what they submit"
    );
    w.run(&c.desk, accept());
    let d = w.d();
    // Received Monday 2026-03-02 09:30; 3 working days = 24 working hours ⇒ Thursday 09:30.
    assert_eq!(d.received_at, Some(at(2026, 3, 2, 9, 30)));
    assert_eq!(d.due_at, Some(at(2026, 3, 5, 9, 30)));
    w.run(&c.specialist, Command::Claim);
    w.run(
        &c.specialist,
        Command::Transfer {
            to_unit: COMMUNE_B,
            note: Some("Xác minh nơi cư trú".into()),
        },
    );
    assert_eq!(w.d().processing_unit, COMMUNE_B);
    w.run(&c.specialist_b, Command::Claim);
    w.run(
        &c.specialist_b,
        Command::Transfer {
            to_unit: COMMUNE_A,
            note: None,
        },
    );
    w.run(&c.specialist, Command::Claim);
    w.run(&c.specialist, propose());
    w.run(
        &c.leader,
        Command::SendBack {
            reason: "Kiểm tra lại".into(),
        },
    );
    w.run(&c.specialist, propose());
    w.run(&c.leader, Command::Approve { note: None });
    w.run(&c.leader, issue());
    w.run(
        &c.desk,
        Command::ReturnResult {
            method: ReturnMethod::Electronic,
        },
    );
    assert_eq!(w.status(), Status::Returned);
    assert_eq!(
        w.d().code.to_string(),
        "H56.22-260302-0001",
        "the code never changes"
    );
}

#[test]
fn control_slip_rows_are_written_at_every_hand_over() {
    let c = cast();
    let mut w = World::new();
    let mut rows = Vec::new();
    let mut collect = |events: Vec<Event>| {
        for e in events {
            if let EventData::HandedOver(h) = e.data {
                rows.push(h);
            }
        }
    };
    collect(w.run(&c.owner, submission(Channel::Online, None)));
    collect(w.run(&c.desk, accept()));
    collect(w.run(&c.specialist, Command::Claim));
    collect(w.run(
        &c.specialist,
        Command::Transfer {
            to_unit: COMMUNE_B,
            note: None,
        },
    ));
    collect(w.run(&c.specialist_b, Command::Claim));
    collect(w.run(
        &c.specialist_b,
        Command::Transfer {
            to_unit: COMMUNE_A,
            note: None,
        },
    ));
    collect(w.run(&c.specialist, Command::Claim));
    collect(w.run(&c.specialist, propose()));
    collect(w.run(&c.leader, Command::Approve { note: None }));
    collect(w.run(&c.leader, issue()));
    collect(w.run(
        &c.desk,
        Command::ReturnResult {
            method: ReturnMethod::Desk {
                received_by: "Nguyễn Thị Lan".into(),
                id_number: None,
            },
        },
    ));
    let route: Vec<(UnitId, Option<UnitId>)> =
        rows.iter().map(|r| (r.from_unit, r.to_unit)).collect();
    assert_eq!(
        route,
        vec![
            (COMMUNE_A, Some(COMMUNE_A)), // desk → specialist (claim)
            (COMMUNE_A, Some(COMMUNE_B)), // transfer
            (COMMUNE_B, Some(COMMUNE_A)), // transfer back
            (COMMUNE_A, Some(COMMUNE_A)), // specialist → leader
            (COMMUNE_A, Some(COMMUNE_A)), // leader → desk
            (COMMUNE_A, None),            // desk → applicant
        ]
    );
    assert_eq!(rows[0].step_name, "Tiếp nhận và chuyển hồ sơ");
    assert!(
        rows.iter()
            .all(|r| r.outcome != motcua_calendar::Completion::Late)
    );
}

#[test]
fn reschedule_once_and_a_second_is_refused() {
    let c = cast();
    let mut w = world_in(Status::InProcess, &c);
    let due = w.d().due_at.unwrap();
    let new_due = due + jiff::SignedDuration::from_hours(48);
    w.run(
        &c.leader,
        Command::Reschedule {
            reason: "Chờ kết quả xác minh".into(),
            new_due,
        },
    );
    assert_eq!(w.d().appointment(), Some(new_due));
    assert_eq!(
        w.d().due_at,
        Some(due),
        "the legal due moment is kept for the index"
    );
    let again = w.try_do(
        &c.leader,
        &Command::Reschedule {
            reason: "Lần nữa".into(),
            new_due: new_due + jiff::SignedDuration::from_hours(24),
        },
    );
    assert_eq!(again, Err(Rejection::AlreadyRescheduled));
}

#[test]
fn reschedule_needs_a_later_date_and_a_reason() {
    let c = cast();
    let w = world_in(Status::InProcess, &c);
    let due = w.d().due_at.unwrap();
    assert_eq!(
        w.try_do(
            &c.leader,
            &Command::Reschedule {
                reason: "x".into(),
                new_due: due
            }
        ),
        Err(Rejection::NewDueNotLater)
    );
    assert_eq!(
        w.try_do(
            &c.leader,
            &Command::Reschedule {
                reason: "  ".into(),
                new_due: due + jiff::SignedDuration::from_hours(30)
            }
        ),
        Err(Rejection::Required("reason"))
    );
}

#[test]
fn stop_only_before_a_decision() {
    let c = cast();
    for status in [Status::Approved, Status::ResultReady, Status::Returned] {
        let w = world_in(status, &c);
        assert_eq!(
            w.try_do(&c.owner, &example(CommandKind::Stop, &c)),
            Err(Rejection::DecisionExists),
            "{status:?}"
        );
    }
    let mut w = world_in(Status::AwaitingApproval, &c);
    w.run(&c.owner, example(CommandKind::Stop, &c));
    assert_eq!(w.status(), Status::Stopped);
    assert!(w.d().finished_at.is_some());
}

#[test]
fn supplement_during_processing_restarts_the_clock_from_zero() {
    let c = cast();
    let mut w = World::new();
    w.run(&c.owner, submission(Channel::Online, None));
    w.run(&c.desk, accept());
    w.run(&c.specialist, Command::Claim);
    w.run(&c.specialist, example(CommandKind::RequestSupplement, &c));
    assert_eq!(w.status(), Status::SupplementInProcess);
    // The citizen answers a week later, on Tuesday 2026-03-10 at 10:00.
    w.now = at(2026, 3, 10, 10, 0);
    w.run(&c.owner, example(CommandKind::ProvideSupplement, &c));
    let d = w.d();
    assert_eq!(d.status, Status::InProcess);
    assert_eq!(
        d.due_at,
        Some(at(2026, 3, 13, 10, 0)),
        "3 working days from the answer"
    );
    assert_eq!(d.original_due_at, Some(at(2026, 3, 5, 9, 30)));
    let s = &d.supplements[0];
    assert_eq!(s.stage, SupplementStage::Processing);
    assert_eq!(
        s.completed_at,
        Some(at(2026, 3, 10, 10, 0)),
        "both timestamps are kept"
    );
    assert!(s.requested_at < s.completed_at.unwrap());
}

#[test]
fn reception_supplement_lists_everything_once() {
    let c = cast();
    let mut w = World::new();
    w.run(&c.owner, submission(Channel::Online, None));
    assert_eq!(
        w.try_do(
            &c.desk,
            &Command::RequestSupplement {
                items: vec!["  ".into()],
                reason: "Thiếu".into()
            }
        ),
        Err(Rejection::NoSupplementItems)
    );
    w.run(&c.desk, example(CommandKind::RequestSupplement, &c));
    w.run(&c.owner, example(CommandKind::ProvideSupplement, &c));
    assert_eq!(w.status(), Status::Submitted);
    assert_eq!(
        w.try_do(&c.desk, &example(CommandKind::RequestSupplement, &c)),
        Err(Rejection::SecondReceptionSupplement)
    );
    // A leader may override.
    w.run(&c.leader, example(CommandKind::RequestSupplement, &c));
    assert_eq!(w.status(), Status::SupplementAtReception);
    assert!(
        w.d().due_at.is_none(),
        "the clock has not started at reception"
    );
}

#[test]
fn close_only_after_the_supplement_period() {
    let c = cast();
    let mut w = world_in(Status::SupplementAtReception, &c);
    let close_after = w.d().supplements[0].close_after;
    w.now = close_after - jiff::SignedDuration::from_mins(1);
    assert_eq!(
        w.try_do(&c.system, &example(CommandKind::Close, &c)),
        Err(Rejection::SupplementPeriodRunning(close_after))
    );
    w.now = close_after;
    w.run(&c.system, example(CommandKind::Close, &c));
    assert_eq!(w.status(), Status::Closed);
}

#[test]
fn online_submission_needs_required_components_and_fields() {
    let c = cast();
    let w = World::new();
    let mut cmd = submission(Channel::Online, None);
    if let Command::Submit(s) = &mut cmd {
        s.documents.clear();
    }
    assert_eq!(
        w.try_do(&c.owner, &cmd),
        Err(Rejection::MissingComponents(vec![
            "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân".into()
        ]))
    );
    let mut cmd = submission(Channel::Online, None);
    if let Command::Submit(s) = &mut cmd {
        s.documents.push(doc("c9"));
    }
    assert_eq!(
        w.try_do(&c.owner, &cmd),
        Err(Rejection::UnknownComponent("c9".into()))
    );
    let mut cmd = submission(Channel::Online, None);
    if let Command::Submit(s) = &mut cmd {
        s.form.clear();
    }
    assert!(matches!(
        w.try_do(&c.owner, &cmd),
        Err(Rejection::InvalidField { key, .. }) if key == "purpose"
    ));
}

#[test]
fn desk_dossier_is_accepted_only_when_complete() {
    let c = cast();
    let mut w = World::new();
    let mut cmd = submission(Channel::Desk, None);
    if let Command::Submit(s) = &mut cmd {
        s.documents.clear();
    }
    w.run(&c.desk, cmd);
    assert!(matches!(
        w.try_do(&c.desk, &accept()),
        Err(Rejection::MissingComponents(_))
    ));
    // The declaration was only shown, not handed over (TT 03/2025 art. 5(2)).
    w.run(
        &c.desk,
        Command::Accept {
            shown_only: vec!["c1".into()],
            note: None,
        },
    );
    assert_eq!(w.status(), Status::Received);
}

#[test]
fn desk_officer_of_another_unit_cannot_enter_a_paper_dossier_here() {
    let c = cast();
    let w = World::new();
    assert_eq!(
        w.try_do(&c.desk_b, &submission(Channel::Desk, None)),
        Err(Rejection::OutOfScope)
    );
    assert!(matches!(
        w.try_do(&c.specialist, &submission(Channel::Desk, None)),
        Err(Rejection::Forbidden { .. })
    ));
}

#[test]
fn helper_needs_recorded_consent() {
    let c = cast();
    let w = World::new();
    let cmd = submission(Channel::Online, Some(AccountId(1)));
    assert_eq!(w.try_do(&c.helper, &cmd), Err(Rejection::ConsentRequired));
    let mut cmd = submission(Channel::Online, Some(AccountId(1)));
    if let Command::Submit(s) = &mut cmd {
        s.on_behalf = Some(OnBehalf {
            helper: AccountId(3),
            helper_name: "Tổ CNS thôn 3".into(),
            consent_method: "in_person".into(),
            consent_note: "Bà Lan đồng ý, ký giấy ủy quyền".into(),
            consented_at: at(2026, 3, 2, 8, 55),
        });
    }
    let events = w.try_do(&c.helper, &cmd).unwrap();
    let EventData::Submitted(s) = &events[0].data else {
        panic!()
    };
    assert_eq!(s.owner, Some(AccountId(1)), "the citizen owns it");
    assert_eq!(s.submitted_by, Some(AccountId(3)));
    assert!(s.on_behalf.is_some(), "consent is visible on the dossier");
}

#[test]
fn in_person_procedure_refuses_online_submission() {
    let c = cast();
    let mut w = World::new();
    w.p.online_mode = Some(OnlineMode::InPerson);
    assert_eq!(
        w.try_do(&c.owner, &submission(Channel::Online, None)),
        Err(Rejection::ChannelNotOffered("online"))
    );
    w.p.online_mode = Some(OnlineMode::Full);
    w.p.status = PublicationStatus::Abolished;
    assert_eq!(
        w.try_do(&c.owner, &submission(Channel::Online, None)),
        Err(Rejection::ProcedureNotAvailable)
    );
}

#[test]
fn fees_follow_the_channel() {
    let mut p = procedure();
    p.fees = vec![
        Fee {
            channel: Some(Channel::Online),
            amount_vnd: 10_000,
            description_vi: "Trực tuyến".into(),
        },
        Fee {
            channel: Some(Channel::Desk),
            amount_vnd: 20_000,
            description_vi: "Trực tiếp".into(),
        },
        Fee {
            channel: None,
            amount_vnd: 15_000,
            description_vi: "Khác".into(),
        },
    ];
    assert_eq!(p.fee_for(Channel::Online), 10_000);
    assert_eq!(p.fee_for(Channel::Desk), 20_000);
    assert_eq!(p.fee_for(Channel::Post), 15_000);
}

#[test]
fn specialist_acts_only_on_own_assignment() {
    let c = cast();
    let w = world_in(Status::InProcess, &c);
    assert_eq!(
        w.try_do(&c.specialist2, &propose()),
        Err(Rejection::NotAssignee)
    );
    assert_eq!(
        w.try_do(&c.specialist2, &Command::Claim),
        Err(Rejection::AlreadyAssigned)
    );
    // The leader may reassign.
    let mut w = w;
    w.run(
        &c.leader,
        Command::Assign {
            to: c.specialist2.account.unwrap(),
            to_name: c.specialist2.name.clone(),
        },
    );
    assert!(w.try_do(&c.specialist2, &propose()).is_ok());
}

#[test]
fn replay_gives_the_same_state() {
    let c = cast();
    let mut w = World::new();
    let mut all = Vec::new();
    all.extend(w.run(&c.owner, submission(Channel::Online, None)));
    all.extend(w.run(&c.desk, accept()));
    all.extend(w.run(&c.specialist, Command::Claim));
    all.extend(w.run(&c.specialist, propose()));
    let replayed = replay(&all).unwrap();
    assert_eq!(&replayed, w.d());
    // Events survive JSON (the event log stores them as JSON).
    let json = serde_json::to_string(&all).unwrap();
    let back: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, all);
}

#[test]
fn lifecycle_markdown_lists_every_rule() {
    let md = rules::markdown();
    assert_eq!(md.lines().count(), 2 + 1 + rules::RULES.len());
    assert!(md.contains("| approve | awaiting_approval | leader |"));
}
