//! What people ask of a feedback item; judged by `decide`.

use serde::{Deserialize, Serialize};

use super::model::{Category, Contact, FeedbackId, Subject};
use crate::ids::UnitId;

/// A new feedback item. `id` is allocated by the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSubmission {
    pub id: FeedbackId,
    /// The unit it is sent to.
    pub unit: UnitId,
    pub subject: Subject,
    pub title: String,
    pub content: String,
    /// Required when not signed in (name and a phone or an e-mail address).
    #[serde(default)]
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FeedbackCommand {
    Submit(Box<FeedbackSubmission>),
    /// Take the item in and classify it (5.1).
    Receive {
        category: Category,
    },
    /// Reject or return it with a reason (≤ 2 working days).
    Reject {
        reason: String,
    },
    /// Send it to the competent unit; its deadlines restart there.
    Forward {
        to_unit: UnitId,
        reason: String,
    },
    /// Ask the author for more information (first request ≤ 5 working days).
    RequestInfo {
        question: String,
    },
    /// The author's answer.
    ProvideInfo {
        text: String,
    },
    /// A specialist proposes the answer.
    ProposeAnswer {
        text: String,
    },
    /// The leader sends the proposal back.
    SendBack {
        reason: String,
    },
    /// The leader approves the answer ("chờ công khai"; ≤ 15 working days from arrival).
    Approve,
    /// Publish the approved answer (≤ 2 working days after approval). The question and answer
    /// are published with personal data removed; `answer` may replace the approved wording
    /// (it is redacted too).
    Publish {
        #[serde(default)]
        answer: Option<String>,
    },
    /// A signed-in person likes or dislikes the published answer (one reaction per person; a
    /// new one replaces the old).
    React {
        like: bool,
    },
    /// The author raises the matter again after the answer or the rejection.
    ReRaise {
        text: String,
    },
    /// motcua's scheduler records that the item went past its deadline.
    MarkOverdue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackCommandKind {
    Submit,
    Receive,
    Reject,
    Forward,
    RequestInfo,
    ProvideInfo,
    ProposeAnswer,
    SendBack,
    Approve,
    Publish,
    React,
    ReRaise,
    MarkOverdue,
}

impl FeedbackCommandKind {
    pub const ALL: [FeedbackCommandKind; 13] = [
        FeedbackCommandKind::Submit,
        FeedbackCommandKind::Receive,
        FeedbackCommandKind::Reject,
        FeedbackCommandKind::Forward,
        FeedbackCommandKind::RequestInfo,
        FeedbackCommandKind::ProvideInfo,
        FeedbackCommandKind::ProposeAnswer,
        FeedbackCommandKind::SendBack,
        FeedbackCommandKind::Approve,
        FeedbackCommandKind::Publish,
        FeedbackCommandKind::React,
        FeedbackCommandKind::ReRaise,
        FeedbackCommandKind::MarkOverdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackCommandKind::Submit => "submit",
            FeedbackCommandKind::Receive => "receive",
            FeedbackCommandKind::Reject => "reject",
            FeedbackCommandKind::Forward => "forward",
            FeedbackCommandKind::RequestInfo => "request_info",
            FeedbackCommandKind::ProvideInfo => "provide_info",
            FeedbackCommandKind::ProposeAnswer => "propose_answer",
            FeedbackCommandKind::SendBack => "send_back",
            FeedbackCommandKind::Approve => "approve",
            FeedbackCommandKind::Publish => "publish",
            FeedbackCommandKind::React => "react",
            FeedbackCommandKind::ReRaise => "re_raise",
            FeedbackCommandKind::MarkOverdue => "mark_overdue",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            FeedbackCommandKind::Submit => "Gửi phản ánh, kiến nghị",
            FeedbackCommandKind::Receive => "Tiếp nhận, phân loại",
            FeedbackCommandKind::Reject => "Từ chối, trả lại",
            FeedbackCommandKind::Forward => "Chuyển cơ quan có thẩm quyền",
            FeedbackCommandKind::RequestInfo => "Yêu cầu bổ sung thông tin",
            FeedbackCommandKind::ProvideInfo => "Bổ sung thông tin",
            FeedbackCommandKind::ProposeAnswer => "Dự thảo trả lời",
            FeedbackCommandKind::SendBack => "Trả lại dự thảo",
            FeedbackCommandKind::Approve => "Duyệt trả lời",
            FeedbackCommandKind::Publish => "Công khai trả lời",
            FeedbackCommandKind::React => "Thích / không thích",
            FeedbackCommandKind::ReRaise => "Phản ánh tiếp",
            FeedbackCommandKind::MarkOverdue => "Ghi nhận quá hạn",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FeedbackCommandKind::Submit => "Submit feedback",
            FeedbackCommandKind::Receive => "Receive and classify",
            FeedbackCommandKind::Reject => "Reject or return",
            FeedbackCommandKind::Forward => "Forward to the competent unit",
            FeedbackCommandKind::RequestInfo => "Request more information",
            FeedbackCommandKind::ProvideInfo => "Provide information",
            FeedbackCommandKind::ProposeAnswer => "Propose an answer",
            FeedbackCommandKind::SendBack => "Send the draft back",
            FeedbackCommandKind::Approve => "Approve the answer",
            FeedbackCommandKind::Publish => "Publish the answer",
            FeedbackCommandKind::React => "Like or dislike",
            FeedbackCommandKind::ReRaise => "Raise again",
            FeedbackCommandKind::MarkOverdue => "Record overdue",
        }
    }
}

impl FeedbackCommand {
    pub fn kind(&self) -> FeedbackCommandKind {
        use FeedbackCommandKind as K;
        match self {
            FeedbackCommand::Submit(_) => K::Submit,
            FeedbackCommand::Receive { .. } => K::Receive,
            FeedbackCommand::Reject { .. } => K::Reject,
            FeedbackCommand::Forward { .. } => K::Forward,
            FeedbackCommand::RequestInfo { .. } => K::RequestInfo,
            FeedbackCommand::ProvideInfo { .. } => K::ProvideInfo,
            FeedbackCommand::ProposeAnswer { .. } => K::ProposeAnswer,
            FeedbackCommand::SendBack { .. } => K::SendBack,
            FeedbackCommand::Approve => K::Approve,
            FeedbackCommand::Publish { .. } => K::Publish,
            FeedbackCommand::React { .. } => K::React,
            FeedbackCommand::ReRaise { .. } => K::ReRaise,
            FeedbackCommand::MarkOverdue => K::MarkOverdue,
        }
    }
}
