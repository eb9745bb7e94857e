//! What people ask of a dossier. Each command is judged by `decide`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::model::{Applicant, Delivery, DocumentRef, OnBehalf, Outcome, ReturnMethod};
use crate::code::DossierCode;
use crate::ids::{AccountId, DossierId, ProcedureVersionId, UnitId};
use crate::procedure::Channel;

/// A new dossier. `id` and `code` are allocated by the store inside the same transaction
/// (per-agency, per-day sequence, R-CODE-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: DossierId,
    pub code: DossierCode,
    pub procedure: ProcedureVersionId,
    /// The receiving unit (its one-stop desk).
    pub unit: UnitId,
    pub channel: Channel,
    pub applicant: Applicant,
    /// The citizen account that will own the dossier.
    pub owner: Option<AccountId>,
    pub on_behalf: Option<OnBehalf>,
    pub delivery: Delivery,
    #[serde(default)]
    pub form: BTreeMap<String, String>,
    #[serde(default)]
    pub documents: Vec<DocumentRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    Submit(Box<Submission>),
    /// Official reception with Mẫu 01. `shown_only`: components only shown, not handed over,
    /// which need no digitisation (TT 03/2025 art. 5(2)).
    Accept {
        #[serde(default)]
        shown_only: Vec<String>,
        #[serde(default)]
        note: Option<String>,
    },
    /// Mẫu 02: at reception every missing item in one notice; during processing too.
    RequestSupplement {
        items: Vec<String>,
        reason: String,
    },
    /// The applicant's answer to a supplement request (online or at the desk). Form changes are
    /// edits of an online dossier: the history is kept and the code never changes (R-LC-8).
    ProvideSupplement {
        #[serde(default)]
        documents: Vec<DocumentRef>,
        #[serde(default)]
        form_changes: BTreeMap<String, String>,
        #[serde(default)]
        note: Option<String>,
    },
    /// Mẫu 03: refusal with reason and legal basis.
    Refuse {
        reason: String,
        legal_basis: String,
    },
    /// A leader gives the dossier to a specialist of the processing unit.
    Assign {
        to: AccountId,
        to_name: String,
    },
    /// A specialist takes the dossier.
    Claim,
    /// Hand the dossier to another unit (liên thông), writing a control-slip row.
    Transfer {
        to_unit: UnitId,
        #[serde(default)]
        note: Option<String>,
    },
    ProposeResult {
        #[serde(flatten)]
        outcome: Outcome,
        summary: String,
        #[serde(default)]
        documents: Vec<DocumentRef>,
    },
    SendBack {
        reason: String,
    },
    Approve {
        #[serde(default)]
        note: Option<String>,
    },
    IssueResult {
        #[serde(default)]
        documents: Vec<DocumentRef>,
        #[serde(default)]
        number: Option<String>,
    },
    ReturnResult {
        #[serde(flatten)]
        method: ReturnMethod,
    },
    /// At the applicant's request, only while no decision exists (R-LC-6).
    Stop {
        reason: String,
    },
    /// Mẫu 04: apology with a reason and one new appointment; only once (R-LC-5).
    Reschedule {
        reason: String,
        new_due: Timestamp,
    },
    /// Close after an unanswered supplement request (R-LC-7).
    Close {
        reason: String,
    },
    Comment {
        text: String,
    },
    AttachDocument {
        document: DocumentRef,
    },
}

/// The kind of a command, for the transition table and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Submit,
    Accept,
    RequestSupplement,
    ProvideSupplement,
    Refuse,
    Assign,
    Claim,
    Transfer,
    ProposeResult,
    SendBack,
    Approve,
    IssueResult,
    ReturnResult,
    Stop,
    Reschedule,
    Close,
    Comment,
    AttachDocument,
}

impl CommandKind {
    pub const ALL: [CommandKind; 18] = [
        CommandKind::Submit,
        CommandKind::Accept,
        CommandKind::RequestSupplement,
        CommandKind::ProvideSupplement,
        CommandKind::Refuse,
        CommandKind::Assign,
        CommandKind::Claim,
        CommandKind::Transfer,
        CommandKind::ProposeResult,
        CommandKind::SendBack,
        CommandKind::Approve,
        CommandKind::IssueResult,
        CommandKind::ReturnResult,
        CommandKind::Stop,
        CommandKind::Reschedule,
        CommandKind::Close,
        CommandKind::Comment,
        CommandKind::AttachDocument,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommandKind::Submit => "submit",
            CommandKind::Accept => "accept",
            CommandKind::RequestSupplement => "request_supplement",
            CommandKind::ProvideSupplement => "provide_supplement",
            CommandKind::Refuse => "refuse",
            CommandKind::Assign => "assign",
            CommandKind::Claim => "claim",
            CommandKind::Transfer => "transfer",
            CommandKind::ProposeResult => "propose_result",
            CommandKind::SendBack => "send_back",
            CommandKind::Approve => "approve",
            CommandKind::IssueResult => "issue_result",
            CommandKind::ReturnResult => "return_result",
            CommandKind::Stop => "stop",
            CommandKind::Reschedule => "reschedule",
            CommandKind::Close => "close",
            CommandKind::Comment => "comment",
            CommandKind::AttachDocument => "attach_document",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            CommandKind::Submit => "Nộp hồ sơ",
            CommandKind::Accept => "Tiếp nhận hồ sơ",
            CommandKind::RequestSupplement => "Yêu cầu bổ sung hồ sơ",
            CommandKind::ProvideSupplement => "Bổ sung hồ sơ",
            CommandKind::Refuse => "Từ chối tiếp nhận",
            CommandKind::Assign => "Phân công xử lý",
            CommandKind::Claim => "Nhận xử lý",
            CommandKind::Transfer => "Chuyển đơn vị khác",
            CommandKind::ProposeResult => "Trình kết quả",
            CommandKind::SendBack => "Trả lại để xử lý lại",
            CommandKind::Approve => "Phê duyệt",
            CommandKind::IssueResult => "Ban hành kết quả",
            CommandKind::ReturnResult => "Trả kết quả",
            CommandKind::Stop => "Dừng giải quyết",
            CommandKind::Reschedule => "Xin lỗi và hẹn lại ngày trả",
            CommandKind::Close => "Đóng hồ sơ",
            CommandKind::Comment => "Ghi chú",
            CommandKind::AttachDocument => "Đính kèm tài liệu",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CommandKind::Submit => "Submit",
            CommandKind::Accept => "Accept",
            CommandKind::RequestSupplement => "Request supplement",
            CommandKind::ProvideSupplement => "Provide supplement",
            CommandKind::Refuse => "Refuse",
            CommandKind::Assign => "Assign",
            CommandKind::Claim => "Claim",
            CommandKind::Transfer => "Transfer to another unit",
            CommandKind::ProposeResult => "Propose result",
            CommandKind::SendBack => "Send back",
            CommandKind::Approve => "Approve",
            CommandKind::IssueResult => "Issue result",
            CommandKind::ReturnResult => "Return result",
            CommandKind::Stop => "Stop",
            CommandKind::Reschedule => "Apologise and reschedule",
            CommandKind::Close => "Close",
            CommandKind::Comment => "Comment",
            CommandKind::AttachDocument => "Attach document",
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Submit(_) => CommandKind::Submit,
            Command::Accept { .. } => CommandKind::Accept,
            Command::RequestSupplement { .. } => CommandKind::RequestSupplement,
            Command::ProvideSupplement { .. } => CommandKind::ProvideSupplement,
            Command::Refuse { .. } => CommandKind::Refuse,
            Command::Assign { .. } => CommandKind::Assign,
            Command::Claim => CommandKind::Claim,
            Command::Transfer { .. } => CommandKind::Transfer,
            Command::ProposeResult { .. } => CommandKind::ProposeResult,
            Command::SendBack { .. } => CommandKind::SendBack,
            Command::Approve { .. } => CommandKind::Approve,
            Command::IssueResult { .. } => CommandKind::IssueResult,
            Command::ReturnResult { .. } => CommandKind::ReturnResult,
            Command::Stop { .. } => CommandKind::Stop,
            Command::Reschedule { .. } => CommandKind::Reschedule,
            Command::Close { .. } => CommandKind::Close,
            Command::Comment { .. } => CommandKind::Comment,
            Command::AttachDocument { .. } => CommandKind::AttachDocument,
        }
    }
}
