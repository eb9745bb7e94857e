//! Feedback and petitions (phản ánh, kiến nghị, PAKN) as the state folded from their events.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::dossier::Address;
use crate::ids::{AccountId, DossierId, ProcedureCode, UnitId};

/// A feedback item's internal id (people use the code the store gives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FeedbackId(pub i64);

/// What the feedback is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum Subject {
    /// A procedure of the catalog.
    Procedure { code: ProcedureCode },
    /// One dossier (counts against the dossier for 766 indicator 5.4).
    Dossier { id: DossierId },
    /// An officer's conduct (named; the account when known).
    Officer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<AccountId>,
        name: String,
    },
    /// An administrative rule (văn bản quy phạm pháp luật), by reference.
    Rule { reference: String },
}

/// The unit's classification on reception (766 indicator 5.1: rules and procedures vs.
/// officers' conduct).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    RulesOrProcedure,
    OfficerConduct,
}

impl Category {
    pub fn label_vi(self) -> &'static str {
        match self {
            Category::RulesOrProcedure => "Về quy định hành chính, thủ tục hành chính",
            Category::OfficerConduct => "Về hành vi, thái độ của cán bộ, công chức",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Category::RulesOrProcedure => "About rules or procedures",
            Category::OfficerConduct => "About an officer's conduct",
        }
    }
}

/// The author's contact details (required when not signed in), validated at submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
}

/// Who wrote the feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The signed-in account, if any.
    pub account: Option<AccountId>,
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// Arrived at the handling unit (submitted to it or forwarded to it), not yet taken in.
    Submitted,
    /// Taken in and classified; being handled.
    InHandling,
    /// Waiting for the author to give more information.
    AwaitingInfo,
    /// An answer is proposed to the unit's leader.
    AwaitingApproval,
    /// The answer is approved: "chờ công khai".
    Approved,
    /// The answer is published (personal data removed). Final.
    Published,
    /// Rejected or returned with a reason. Final.
    Rejected,
}

impl FeedbackStatus {
    pub const ALL: [FeedbackStatus; 7] = [
        FeedbackStatus::Submitted,
        FeedbackStatus::InHandling,
        FeedbackStatus::AwaitingInfo,
        FeedbackStatus::AwaitingApproval,
        FeedbackStatus::Approved,
        FeedbackStatus::Published,
        FeedbackStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackStatus::Submitted => "submitted",
            FeedbackStatus::InHandling => "in_handling",
            FeedbackStatus::AwaitingInfo => "awaiting_info",
            FeedbackStatus::AwaitingApproval => "awaiting_approval",
            FeedbackStatus::Approved => "approved",
            FeedbackStatus::Published => "published",
            FeedbackStatus::Rejected => "rejected",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, FeedbackStatus::Published | FeedbackStatus::Rejected)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            FeedbackStatus::Submitted => "Chờ tiếp nhận",
            FeedbackStatus::InHandling => "Đang xử lý",
            FeedbackStatus::AwaitingInfo => "Chờ bổ sung thông tin",
            FeedbackStatus::AwaitingApproval => "Chờ duyệt trả lời",
            FeedbackStatus::Approved => "Chờ công khai",
            FeedbackStatus::Published => "Đã công khai",
            FeedbackStatus::Rejected => "Từ chối, trả lại",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FeedbackStatus::Submitted => "Awaiting reception",
            FeedbackStatus::InHandling => "Being handled",
            FeedbackStatus::AwaitingInfo => "Awaiting more information",
            FeedbackStatus::AwaitingApproval => "Answer awaiting approval",
            FeedbackStatus::Approved => "Awaiting publication",
            FeedbackStatus::Published => "Published",
            FeedbackStatus::Rejected => "Rejected or returned",
        }
    }
}

/// The deadlines of one leg, computed when the item arrives at a unit (R-PAKN-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegDeadlines {
    pub started_at: Timestamp,
    pub reject_by: Timestamp,
    pub first_info_by: Timestamp,
    pub resolve_by: Timestamp,
}

/// How a leg ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegEnd {
    Rejected,
    Forwarded,
    Published,
}

/// The time one unit had the item: from arrival to rejection, forwarding or publication.
/// Forwarding starts a new leg at the next unit with fresh deadlines ("timers restart").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leg {
    pub unit: UnitId,
    pub deadlines: LegDeadlines,
    pub approved_at: Option<Timestamp>,
    pub publish_by: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
    pub end: Option<LegEnd>,
}

/// A request for more information and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequest {
    /// Index of the leg it belongs to.
    pub leg: usize,
    pub question: String,
    pub asked_at: Timestamp,
    pub answer: Option<String>,
    pub answered_at: Option<Timestamp>,
}

/// A feedback item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub id: FeedbackId,
    pub status: FeedbackStatus,
    pub subject: Subject,
    pub title: String,
    pub content: String,
    pub author: Author,
    /// The unit handling it now.
    pub unit: UnitId,
    pub category: Option<Category>,
    pub submitted_at: Timestamp,
    pub legs: Vec<Leg>,
    pub info: Vec<InfoRequest>,
    /// The proposed answer.
    pub draft: Option<String>,
    /// The approved answer (unredacted, internal).
    pub answer: Option<String>,
    /// What was published: question and answer with personal data removed.
    pub published_question: Option<String>,
    pub published_answer: Option<String>,
    pub rejection: Option<String>,
    /// One reaction per person: `true` like, `false` dislike.
    pub reactions: BTreeMap<AccountId, bool>,
    /// The author raised it again after the answer (766 indicator 5.3).
    pub re_raised: bool,
    /// The system found it overdue (766 indicator 5.3 counts it).
    pub overdue_marked: bool,
    pub version: u64,
}

impl Feedback {
    pub fn current_leg(&self) -> &Leg {
        self.legs.last().expect("a feedback item always has a leg")
    }

    pub fn likes(&self) -> usize {
        self.reactions.values().filter(|l| **l).count()
    }

    pub fn dislikes(&self) -> usize {
        self.reactions.values().filter(|l| !**l).count()
    }

    /// "Dislike > like" counts as dissatisfied (766 indicator 5.3, REGULATIONS.md §8 [S]).
    pub fn dissatisfied(&self) -> bool {
        self.dislikes() > self.likes()
    }

    /// The open request for information, if any.
    pub fn open_info_request(&self) -> Option<&InfoRequest> {
        self.info.last().filter(|r| r.answered_at.is_none())
    }
}
