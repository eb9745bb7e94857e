//! Test helpers shared by the quality tests: a procedure, a cast of officers for two communes,
//! and a world that drives one dossier through the real `decide` / `apply`.

use std::collections::BTreeMap;

use jiff::civil::{DateTime, date};
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{CutoffRule, Limit, TimeUnit, WorkingCalendar, from_local};

use crate::code::DossierCode;
use crate::dossier::*;
use crate::ids::{AccountId, AgencyCode, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use crate::procedure::*;

pub const COMMUNE_A: UnitId = UnitId(10);
pub const COMMUNE_B: UnitId = UnitId(20);

pub fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    from_local(DateTime::new(y, m, d, h, min, 0, 0).unwrap())
}

pub fn procedure(code: &str, result_is_document: bool) -> ProcedureVersion {
    let step = |name: &str, role, hours| InternalStep {
        name_vi: name.into(),
        role,
        allotted: Limit::working_hours(hours),
    };
    ProcedureVersion {
        code: ProcedureCode::parse(code).unwrap(),
        version: 1,
        name_vi: "Cấp Giấy xác nhận tình trạng hôn nhân".into(),
        name_en: None,
        field_vi: "Hộ tịch".into(),
        levels: vec![Level::Commune],
        level_text: "Cấp xã".into(),
        summary_vi: None,
        steps_text_vi: Some("Nộp hồ sơ; tiếp nhận; giải quyết; trả kết quả".into()),
        channels: Channel::ALL.to_vec(),
        applicants_vi: Some("Công dân Việt Nam".into()),
        agency_vi: Some("UBND cấp xã".into()),
        components: vec![
            Component {
                key: "c1".into(),
                name_vi: "Tờ khai".into(),
                name_en: None,
                originals: 1,
                copies: 0,
                copies_text: Some("1 bản chính".into()),
                required: true,
            },
            Component {
                key: "c2".into(),
                name_vi: "Giấy tờ khác".into(),
                name_en: None,
                originals: 0,
                copies: 1,
                copies_text: None,
                required: false,
            },
        ],
        processing_time: Some(Limit::working_days(3)),
        processing_time_text: "03 ngày làm việc".into(),
        cutoff: CutoffRule::None,
        fees: vec![],
        fee_text: "Miễn phí".into(),
        legal_basis: vec!["Luật Hộ tịch 2014".into()],
        result_vi: "Giấy xác nhận".into(),
        result_is_document,
        online_mode: Some(OnlineMode::Full),
        internal_steps: vec![
            step("Tiếp nhận và chuyển hồ sơ", Role::DeskOfficer, 4),
            step("Thẩm định hồ sơ", Role::Specialist, 12),
            step("Phê duyệt, ký", Role::Leader, 4),
            step("Trả kết quả", Role::DeskOfficer, 4),
        ],
        form_fields: vec![],
        supplement_close_after: Limit {
            amount: 5,
            unit: TimeUnit::WorkingDays,
        },
        non_boundary: false,
        publication_decision: None,
        status: PublicationStatus::Published,
        source_urls: vec![],
        caveats: vec![],
    }
}

fn officer(id: i64, name: &str, role: Role) -> Actor {
    Actor {
        account: Some(AccountId(id)),
        name: name.into(),
        grants: [COMMUNE_A, COMMUNE_B]
            .into_iter()
            .map(|u| Grant {
                role,
                unit: Some(u),
            })
            .collect(),
    }
}

/// Officers hold their role in both communes, so a transferred dossier can go on.
pub struct Cast {
    pub owner: Actor,
    pub desk: Actor,
    pub specialist: Actor,
    pub leader: Actor,
    pub system: Actor,
}

pub fn cast() -> Cast {
    Cast {
        owner: Actor {
            account: Some(AccountId(1)),
            name: "Nguyễn Thị Lan".into(),
            grants: vec![Grant {
                role: Role::Citizen,
                unit: None,
            }],
        },
        desk: officer(10, "Trần Văn Một", Role::DeskOfficer),
        specialist: officer(11, "Lê Thị Chuyên", Role::Specialist),
        leader: officer(13, "Hoàng Văn Lãnh", Role::Leader),
        system: Actor::system(),
    }
}

pub fn doc(component: Option<&str>, source: DocSource) -> DocumentRef {
    DocumentRef {
        component: component.map(str::to_string),
        sha256: "ab".repeat(32),
        size: 1000,
        media_type: "application/pdf".into(),
        file_name: "f.pdf".into(),
        pages: Some(1),
        source,
    }
}

/// One dossier driven through `decide` and `apply`, with every state kept.
pub struct World {
    pub p: ProcedureVersion,
    pub cal: WorkingCalendar,
    pub policy: Policy,
    pub now: Timestamp,
    pub state: Option<Dossier>,
    pub events: Vec<Event>,
    /// The state after each event.
    pub states: Vec<Dossier>,
}

impl World {
    pub fn new(p: ProcedureVersion, now: Timestamp) -> World {
        World {
            p,
            cal: WorkingCalendar::national(),
            policy: Policy::default(),
            now,
            state: None,
            events: Vec::new(),
            states: Vec::new(),
        }
    }

    /// Runs a command; `false` (and no change) if it is rejected.
    pub fn try_run(&mut self, actor: &Actor, cmd: &Command) -> bool {
        let ctx = Ctx {
            now: self.now,
            actor,
            procedure: &self.p,
            calendar: &self.cal,
            policy: &self.policy,
        };
        let Ok(events) = decide(self.state.as_ref(), cmd, &ctx) else {
            return false;
        };
        for e in events {
            match &mut self.state {
                None => self.state = start(&e),
                Some(d) => apply(d, &e),
            }
            self.states.push(self.state.clone().unwrap());
            self.events.push(e);
        }
        true
    }

    pub fn run(&mut self, actor: &Actor, cmd: Command) {
        assert!(
            self.try_run(actor, &cmd),
            "{:?} by {}",
            cmd.kind(),
            actor.name
        );
    }

    pub fn wait(&mut self, minutes: i64) {
        self.now += SignedDuration::from_mins(minutes);
    }

    pub fn d(&self) -> &Dossier {
        self.state.as_ref().unwrap()
    }
}

pub fn submission(id: i64, unit: UnitId, channel: Channel, docs: Vec<DocumentRef>) -> Command {
    Command::Submit(Box::new(Submission {
        id: DossierId(id),
        code: DossierCode::new(
            &AgencyCode::parse("H56.22").unwrap(),
            date(2026, 3, 2),
            id as u32,
        ),
        procedure: ProcedureVersionId(7),
        unit,
        channel,
        applicant: Applicant {
            full_name: "Nguyễn Thị Lan".into(),
            ..Default::default()
        },
        owner: Some(AccountId(1)),
        on_behalf: None,
        delivery: Delivery::Electronic,
        form: BTreeMap::new(),
        documents: docs,
    }))
}

/// The actor who submits through `channel`.
pub fn submitter(c: &Cast, channel: Channel) -> &Actor {
    match channel {
        Channel::Online => &c.owner,
        _ => &c.desk,
    }
}

/// The steps of a random walk (each tried; rejected ones are skipped).
pub const ACTIONS: usize = 17;

pub fn action(i: usize, c: &Cast) -> (&Actor, Command) {
    let text = |s: &str| s.to_string();
    match i % ACTIONS {
        0 => (
            &c.desk,
            Command::Accept {
                shown_only: vec![],
                note: None,
            },
        ),
        1 => (
            &c.desk,
            Command::RequestSupplement {
                items: vec![text("Giấy tờ khác")],
                reason: text("Thiếu"),
            },
        ),
        2 => (
            &c.specialist,
            Command::RequestSupplement {
                items: vec![text("Giấy tờ khác")],
                reason: text("Thiếu"),
            },
        ),
        3 => (
            &c.owner,
            Command::ProvideSupplement {
                documents: vec![doc(Some("c2"), DocSource::Upload)],
                form_changes: BTreeMap::new(),
                note: None,
            },
        ),
        4 => (&c.specialist, Command::Claim),
        5 => (
            &c.specialist,
            Command::ProposeResult {
                outcome: Outcome::Granted,
                summary: text("Đủ điều kiện"),
                documents: vec![],
            },
        ),
        6 => (&c.leader, Command::Approve { note: None }),
        7 => (
            &c.leader,
            Command::IssueResult {
                documents: vec![doc(None, DocSource::Officer)],
                number: None,
            },
        ),
        8 => (
            &c.leader,
            Command::IssueResult {
                documents: vec![],
                number: None,
            },
        ),
        9 => (
            &c.desk,
            Command::ReturnResult {
                method: ReturnMethod::Electronic,
            },
        ),
        10 => (
            &c.desk,
            Command::ReturnResult {
                method: ReturnMethod::Desk {
                    received_by: text("Nguyễn Thị Lan"),
                    id_number: None,
                },
            },
        ),
        11 => (
            &c.leader,
            Command::SendBack {
                reason: text("Làm lại"),
            },
        ),
        12 => (
            &c.leader,
            Command::Transfer {
                to_unit: COMMUNE_B,
                note: None,
            },
        ),
        13 => (
            &c.owner,
            Command::Stop {
                reason: text("Không còn nhu cầu"),
            },
        ),
        14 => (
            &c.desk,
            Command::Refuse {
                reason: text("Không thuộc thẩm quyền"),
                legal_basis: text("Điều 17"),
            },
        ),
        15 => (
            &c.system,
            Command::Close {
                reason: text("Không bổ sung"),
            },
        ),
        _ => (
            &c.leader,
            Command::Reschedule {
                reason: text("Cần xác minh"),
                new_due: at(2027, 1, 4, 9, 0),
            },
        ),
    }
}

/// The next step on the ordinary path from `status` (issue with or without a file, return at
/// the desk or electronically, by `coin`).
pub fn natural(status: Status, coin: bool) -> usize {
    match status {
        Status::Submitted => 0,
        Status::SupplementAtReception | Status::SupplementInProcess => 3,
        Status::Received => 4,
        Status::InProcess => 5,
        Status::AwaitingApproval => 6,
        Status::Approved => {
            if coin {
                7
            } else {
                8
            }
        }
        Status::ResultReady => {
            if coin {
                9
            } else {
                10
            }
        }
        _ => 0,
    }
}
