//! What happened to a feedback item. Every event is a change the author is told about (the
//! store puts a notice in the outbox in the same transaction), except others' reactions.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::model::{Author, Category, FeedbackId, LegDeadlines, Subject};
use super::rules::FeedbackRole;
use crate::ids::{AccountId, UnitId};

/// Who acted, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackActorRef {
    pub account: Option<AccountId>,
    pub name: String,
    pub role: FeedbackRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackEvent {
    pub at: Timestamp,
    pub actor: FeedbackActorRef,
    pub data: FeedbackEventData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSubmitted {
    pub id: FeedbackId,
    pub unit: UnitId,
    pub subject: Subject,
    pub title: String,
    pub content: String,
    pub author: Author,
    pub deadlines: LegDeadlines,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedbackEventData {
    Submitted(Box<FeedbackSubmitted>),
    Received {
        category: Category,
    },
    Rejected {
        reason: String,
    },
    Forwarded {
        from_unit: UnitId,
        to_unit: UnitId,
        reason: String,
        deadlines: LegDeadlines,
    },
    InfoRequested {
        question: String,
    },
    InfoProvided {
        text: String,
    },
    AnswerProposed {
        text: String,
    },
    SentBack {
        reason: String,
    },
    Approved {
        publish_by: Timestamp,
    },
    Published {
        question: String,
        answer: String,
    },
    Reacted {
        account: AccountId,
        like: bool,
    },
    ReRaised {
        text: String,
    },
    MarkedOverdue {
        deadline: Timestamp,
    },
}

impl FeedbackEventData {
    pub fn kind(&self) -> &'static str {
        match self {
            FeedbackEventData::Submitted(_) => "submitted",
            FeedbackEventData::Received { .. } => "received",
            FeedbackEventData::Rejected { .. } => "rejected",
            FeedbackEventData::Forwarded { .. } => "forwarded",
            FeedbackEventData::InfoRequested { .. } => "info_requested",
            FeedbackEventData::InfoProvided { .. } => "info_provided",
            FeedbackEventData::AnswerProposed { .. } => "answer_proposed",
            FeedbackEventData::SentBack { .. } => "sent_back",
            FeedbackEventData::Approved { .. } => "approved",
            FeedbackEventData::Published { .. } => "published",
            FeedbackEventData::Reacted { .. } => "reacted",
            FeedbackEventData::ReRaised { .. } => "re_raised",
            FeedbackEventData::MarkedOverdue { .. } => "marked_overdue",
        }
    }

    /// The notice for the author, in Vietnamese and English; `None` for reactions (counted on
    /// the page, not notified one by one).
    pub fn author_notice(&self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            FeedbackEventData::Submitted(_) => (
                "Phản ánh, kiến nghị của bạn đã được gửi đến cơ quan có thẩm quyền.",
                "Your feedback was sent to the competent unit.",
            ),
            FeedbackEventData::Received { .. } => (
                "Phản ánh, kiến nghị của bạn đã được tiếp nhận và đang được xử lý.",
                "Your feedback was received and is being handled.",
            ),
            FeedbackEventData::Rejected { .. } => (
                "Phản ánh, kiến nghị của bạn bị từ chối hoặc trả lại; xem lý do.",
                "Your feedback was rejected or returned; see the reason.",
            ),
            FeedbackEventData::Forwarded { .. } => (
                "Phản ánh, kiến nghị của bạn đã được chuyển đến cơ quan có thẩm quyền khác.",
                "Your feedback was forwarded to another competent unit.",
            ),
            FeedbackEventData::InfoRequested { .. } => (
                "Cơ quan xử lý đề nghị bạn bổ sung thông tin.",
                "The handling unit asks you for more information.",
            ),
            FeedbackEventData::InfoProvided { .. } => (
                "Thông tin bổ sung của bạn đã được ghi nhận.",
                "Your additional information was recorded.",
            ),
            FeedbackEventData::AnswerProposed { .. } | FeedbackEventData::SentBack { .. } => (
                "Phản ánh, kiến nghị của bạn đang được dự thảo trả lời.",
                "An answer to your feedback is being drafted.",
            ),
            FeedbackEventData::Approved { .. } => (
                "Trả lời phản ánh, kiến nghị của bạn đã được duyệt và chờ công khai.",
                "The answer to your feedback was approved and awaits publication.",
            ),
            FeedbackEventData::Published { .. } => (
                "Trả lời phản ánh, kiến nghị của bạn đã được công khai.",
                "The answer to your feedback was published.",
            ),
            FeedbackEventData::Reacted { .. } => return None,
            FeedbackEventData::ReRaised { .. } => (
                "Phản ánh tiếp của bạn đã được ghi nhận.",
                "Your renewed feedback was recorded.",
            ),
            FeedbackEventData::MarkedOverdue { .. } => (
                "Phản ánh, kiến nghị của bạn đã quá hạn xử lý; cơ quan xử lý đã được nhắc.",
                "Your feedback is past its deadline; the handling unit was reminded.",
            ),
        })
    }
}
