//! The feedback transition table: which command is legal in which state, for which roles. The
//! one place that answers "who may publish an answer?"; `decide` enforces it, the tests walk
//! every cell, `markdown()` prints it for docs/QUALITY.md.
//!
//! Unit scope: officer roles act for the unit handling the item now. The author is the signed-in
//! account that wrote it, or a person the store has verified as the author (the secret link
//! sent to the contact of an anonymous author).

use serde::{Deserialize, Serialize};

use super::command::FeedbackCommandKind;
use super::model::FeedbackStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackRole {
    /// Not signed in (must leave contact details).
    Anonymous,
    /// The item's author.
    Author,
    /// Any signed-in citizen (may react to published answers).
    Citizen,
    DeskOfficer,
    Specialist,
    Leader,
    System,
}

impl FeedbackRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackRole::Anonymous => "anonymous",
            FeedbackRole::Author => "author",
            FeedbackRole::Citizen => "citizen",
            FeedbackRole::DeskOfficer => "desk_officer",
            FeedbackRole::Specialist => "specialist",
            FeedbackRole::Leader => "leader",
            FeedbackRole::System => "system",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            FeedbackRole::Anonymous => "Người gửi chưa đăng nhập",
            FeedbackRole::Author => "Người gửi phản ánh",
            FeedbackRole::Citizen => "Người dân (đã đăng nhập)",
            FeedbackRole::DeskOfficer => "Công chức tiếp nhận",
            FeedbackRole::Specialist => "Chuyên viên xử lý",
            FeedbackRole::Leader => "Lãnh đạo đơn vị",
            FeedbackRole::System => "Hệ thống",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FeedbackRule {
    pub command: FeedbackCommandKind,
    pub from: &'static [FeedbackStatus],
    pub roles: &'static [FeedbackRole],
    /// `None`: the status is unchanged.
    pub to: Option<FeedbackStatus>,
    pub basis: &'static str,
}

use FeedbackCommandKind as C;
use FeedbackRole as R;
use FeedbackStatus as S;

/// Who may submit (there is no state yet).
pub const SUBMIT_ROLES: &[FeedbackRole] = &[R::Anonymous, R::Citizen];

pub const RULES: &[FeedbackRule] = &[
    FeedbackRule {
        command: C::Receive,
        from: &[S::Submitted],
        roles: &[R::DeskOfficer, R::Specialist, R::Leader],
        to: Some(S::InHandling),
        basis: "ND 20/2008 (as amended): the unit takes the feedback in and classifies it (766 5.1)",
    },
    FeedbackRule {
        command: C::Reject,
        from: &[S::Submitted, S::InHandling, S::AwaitingInfo],
        roles: &[R::DeskOfficer, R::Leader],
        to: Some(S::Rejected),
        basis: "Reject or return with a reason, ≤ 2 working days (R-PAKN-1 [S])",
    },
    FeedbackRule {
        command: C::Forward,
        from: &[S::Submitted, S::InHandling],
        roles: &[R::DeskOfficer, R::Leader],
        to: Some(S::Submitted),
        basis: "To the competent unit, ≤ 2 working days; its deadlines restart (R-PAKN-1 [S])",
    },
    FeedbackRule {
        command: C::RequestInfo,
        from: &[S::InHandling],
        roles: &[R::Specialist, R::Leader],
        to: Some(S::AwaitingInfo),
        basis: "First request ≤ 5 working days (R-PAKN-1 [S])",
    },
    FeedbackRule {
        command: C::ProvideInfo,
        from: &[S::AwaitingInfo],
        roles: &[R::Author],
        to: Some(S::InHandling),
        basis: "The author answers; the waiting time is not held against the unit [GAP]",
    },
    FeedbackRule {
        command: C::ProposeAnswer,
        from: &[S::InHandling],
        roles: &[R::Specialist, R::Leader],
        to: Some(S::AwaitingApproval),
        basis: "A specialist drafts the answer",
    },
    FeedbackRule {
        command: C::SendBack,
        from: &[S::AwaitingApproval],
        roles: &[R::Leader],
        to: Some(S::InHandling),
        basis: "The leader sends the draft back",
    },
    FeedbackRule {
        command: C::Approve,
        from: &[S::AwaitingApproval],
        roles: &[R::Leader],
        to: Some(S::Approved),
        basis: "Approved = 'chờ công khai', ≤ 15 working days from arrival (R-PAKN-1 [S])",
    },
    FeedbackRule {
        command: C::Publish,
        from: &[S::Approved],
        roles: &[R::DeskOfficer, R::Leader, R::System],
        to: Some(S::Published),
        basis: "Published without personal data, ≤ 2 working days after approval (R-PAKN-1 [S])",
    },
    FeedbackRule {
        command: C::React,
        from: &[S::Published],
        roles: &[R::Author, R::Citizen],
        to: None,
        basis: "Like / dislike, one per person; dislike > like = dissatisfied (766 5.3 [S])",
    },
    FeedbackRule {
        command: C::ReRaise,
        from: &[S::Published, S::Rejected],
        roles: &[R::Author],
        to: None,
        basis: "Raised again after the answer (766 5.3 counts it)",
    },
    FeedbackRule {
        command: C::MarkOverdue,
        from: &[
            S::Submitted,
            S::InHandling,
            S::AwaitingApproval,
            S::Approved,
        ],
        roles: &[R::System],
        to: None,
        basis: "The scheduler records a missed deadline once (766 5.3 counts it)",
    },
];

pub fn rules_for(
    command: FeedbackCommandKind,
    status: FeedbackStatus,
) -> impl Iterator<Item = &'static FeedbackRule> {
    RULES
        .iter()
        .filter(move |r| r.command == command && r.from.contains(&status))
}

/// The table as Markdown (for docs/QUALITY.md).
pub fn markdown() -> String {
    let mut out = String::from(
        "| command | from | roles | to | basis |\n|---|---|---|---|---|\n| submit | (new) | anonymous (with contact), citizen | submitted | ND 20/2008 |\n",
    );
    for r in RULES {
        let from: Vec<&str> = r.from.iter().map(|s| s.as_str()).collect();
        let roles: Vec<&str> = r.roles.iter().map(|s| s.as_str()).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.command.as_str(),
            from.join(", "),
            roles.join(", "),
            r.to.map_or("(unchanged)", |s| s.as_str()),
            r.basis
        ));
    }
    out
}
