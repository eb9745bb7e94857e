//! The dossier (hồ sơ) as the state folded from its events.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::code::DossierCode;
use crate::ids::{AccountId, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use crate::procedure::Channel;

/// Where a dossier stands in the lifecycle of ND 118/2025 (REGULATIONS.md §1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Submitted online or by post, or entered at the desk; not yet officially received.
    Submitted,
    /// Mẫu 02 at reception: waiting for the applicant; the clock has not started.
    SupplementAtReception,
    /// Received with Mẫu 01: the clock runs; waiting for a specialist.
    Received,
    /// Being processed by a unit.
    InProcess,
    /// Mẫu 02 during processing: the clock is stopped; it restarts from zero on completion.
    SupplementInProcess,
    /// A result is proposed to the leader.
    AwaitingApproval,
    /// The leader approved: a decision exists (the applicant can no longer stop the dossier).
    Approved,
    /// The result is issued (signed) and waits to be returned.
    ResultReady,
    /// The result was handed over (desk, post or electronically). Final.
    Returned,
    /// Mẫu 03: refused at reception. Final.
    Refused,
    /// Stopped at the applicant's request (Thông báo dừng giải quyết hồ sơ). Final.
    Stopped,
    /// Closed after an unanswered supplement request (R-LC-7). Final.
    Closed,
}

impl Status {
    pub const ALL: [Status; 12] = [
        Status::Submitted,
        Status::SupplementAtReception,
        Status::Received,
        Status::InProcess,
        Status::SupplementInProcess,
        Status::AwaitingApproval,
        Status::Approved,
        Status::ResultReady,
        Status::Returned,
        Status::Refused,
        Status::Stopped,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::SupplementAtReception => "supplement_at_reception",
            Status::Received => "received",
            Status::InProcess => "in_process",
            Status::SupplementInProcess => "supplement_in_process",
            Status::AwaitingApproval => "awaiting_approval",
            Status::Approved => "approved",
            Status::ResultReady => "result_ready",
            Status::Returned => "returned",
            Status::Refused => "refused",
            Status::Stopped => "stopped",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Returned | Status::Refused | Status::Stopped | Status::Closed
        )
    }

    /// The legal clock runs (received, not finished, not waiting for the applicant).
    pub fn clock_runs(self) -> bool {
        matches!(
            self,
            Status::Received | Status::InProcess | Status::AwaitingApproval | Status::Approved
        )
    }

    /// Waiting for the applicant to supply missing items.
    pub fn waits_for_applicant(self) -> bool {
        matches!(
            self,
            Status::SupplementAtReception | Status::SupplementInProcess
        )
    }

    /// A decision or result exists (R-LC-6: the applicant can no longer stop the dossier).
    pub fn decision_exists(self) -> bool {
        matches!(
            self,
            Status::Approved | Status::ResultReady | Status::Returned
        )
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Submitted => "Chờ tiếp nhận",
            Status::SupplementAtReception => "Chờ bổ sung (khi tiếp nhận)",
            Status::Received => "Đã tiếp nhận",
            Status::InProcess => "Đang giải quyết",
            Status::SupplementInProcess => "Chờ bổ sung (khi giải quyết)",
            Status::AwaitingApproval => "Chờ phê duyệt",
            Status::Approved => "Đã phê duyệt",
            Status::ResultReady => "Có kết quả, chờ trả",
            Status::Returned => "Đã trả kết quả",
            Status::Refused => "Từ chối tiếp nhận",
            Status::Stopped => "Dừng giải quyết",
            Status::Closed => "Đã đóng (không bổ sung)",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::Submitted => "Awaiting reception",
            Status::SupplementAtReception => "Supplement requested at reception",
            Status::Received => "Received",
            Status::InProcess => "In process",
            Status::SupplementInProcess => "Supplement requested during processing",
            Status::AwaitingApproval => "Awaiting approval",
            Status::Approved => "Approved",
            Status::ResultReady => "Result ready",
            Status::Returned => "Result returned",
            Status::Refused => "Refused",
            Status::Stopped => "Stopped",
            Status::Closed => "Closed (no supplement)",
        }
    }
}

/// Person or organisation applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    #[default]
    Person,
    Organisation,
}

/// An address in the two-tier structure (province → commune) plus the street part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Address {
    pub province: String,
    pub commune: String,
    pub street: String,
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = [
            self.street.as_str(),
            self.commune.as_str(),
            self.province.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        f.write_str(&parts.join(", "))
    }
}

/// The applicant (người nộp hồ sơ), validated at the edge (see `crate::validate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Applicant {
    #[serde(default)]
    pub kind: ApplicantKind,
    pub full_name: String,
    /// Số định danh cá nhân (12-digit CCCD) or the organisation's tax / registration code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// How the applicant wants the result (R-LC-9), chosen at submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Delivery {
    Desk,
    Post { address: String },
    Electronic,
}

/// How the result was actually handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ReturnMethod {
    /// At the desk: who collected it (the applicant or a person with a power of attorney).
    Desk {
        received_by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id_number: Option<String>,
    },
    /// By public post (bưu chính công ích) with the tracking number.
    Post { tracking_number: String },
    /// Into the applicant's personal data store on the portal.
    Electronic,
}

/// Where a document came from (the 766 reuse indicators count these per component).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum DocSource {
    /// Uploaded by the applicant (or a helper) online.
    #[default]
    Upload,
    /// Scanned or photographed at the desk (digitised, số hóa).
    Scan,
    /// Taken from the applicant's personal data store (kho dữ liệu, `DuocLayTuKhoDMQG`).
    PersonalStore {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_dossier: Option<DossierId>,
    },
    /// Looked up in a national database instead of asking the applicant (R-DATA-1).
    NationalDatabase { database: String },
    /// Produced by an officer (working documents, results).
    Officer,
}

impl DocSource {
    /// Reused digitised data (766 indicator 4.3).
    pub fn is_reuse(&self) -> bool {
        matches!(
            self,
            DocSource::PersonalStore { .. } | DocSource::NationalDatabase { .. }
        )
    }
}

/// A file attached to a dossier, held in the content-addressed blob store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// The component it fulfils (`None` for working documents and results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    pub file_name: String,
    /// Pages (R-LC-2: scanned image count = page count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    #[serde(default)]
    pub source: DocSource,
}

/// How a helper's submission on a citizen's behalf was consented to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBehalf {
    pub helper: AccountId,
    pub helper_name: String,
    /// How the citizen consented ("written", "in_person", "otp" …) and a note.
    pub consent_method: String,
    pub consent_note: String,
    pub consented_at: Timestamp,
}

/// The stage a supplement request was made at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplementStage {
    Reception,
    Processing,
}

/// One request for supplement (Mẫu 02) and its answer. Both timestamps are kept so that
/// either rule can be computed later: the law restarts the clock from zero (R-TIME-3), the 766
/// index subtracts the waiting time and counts more than one request as overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementRequest {
    pub stage: SupplementStage,
    pub items: Vec<String>,
    pub reason: String,
    pub requested_at: Timestamp,
    pub requested_by: ActorName,
    /// After this moment an unanswered request may be closed (R-LC-7).
    pub close_after: Timestamp,
    pub completed_at: Option<Timestamp>,
}

/// A name kept in the state for display (who asked, who holds the dossier).
pub type ActorName = String;

/// The one permitted reschedule with apology (R-LC-5, Mẫu 04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reschedule {
    pub reason: String,
    pub previous_due: Timestamp,
    pub new_due: Timestamp,
    pub at: Timestamp,
    pub by: ActorName,
}

/// The proposed or issued outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The request is granted; the result document is issued.
    Granted,
    /// The request is denied with reasons (a written answer is the result).
    Denied { reason: String },
}

/// The internal step a dossier is at, with its deadline (feeds the control slip).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    pub index: usize,
    pub name: String,
    pub started_at: Timestamp,
    pub deadline: Timestamp,
}

/// A dossier: everything `decide` needs to judge the next command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub id: DossierId,
    pub code: DossierCode,
    pub status: Status,
    pub procedure: ProcedureVersionId,
    pub procedure_code: ProcedureCode,
    /// The desk that received it (reception, refusal, return).
    pub receiving_unit: UnitId,
    /// The unit holding it now (changes on transfer).
    pub processing_unit: UnitId,
    pub channel: Channel,
    pub applicant: Applicant,
    /// The citizen account that owns it (sees it under "my dossiers").
    pub owner: Option<AccountId>,
    /// Who submitted it (the citizen, a helper, or a desk officer).
    pub submitted_by: Option<AccountId>,
    pub on_behalf: Option<OnBehalf>,
    pub delivery: Delivery,
    pub form: BTreeMap<String, String>,
    pub documents: Vec<DocumentRef>,
    pub fee_vnd: u64,
    pub submitted_at: Timestamp,
    /// The official reception (Mẫu 01): the clock starts here (R-TIME-1).
    pub received_at: Option<Timestamp>,
    /// The legal due moment (restarted from zero after a supplement during processing).
    pub due_at: Option<Timestamp>,
    /// The first due moment given on Mẫu 01.
    pub original_due_at: Option<Timestamp>,
    pub supplements: Vec<SupplementRequest>,
    pub reschedule: Option<Reschedule>,
    pub assignee: Option<AccountId>,
    pub assignee_name: Option<String>,
    pub step: Option<StepState>,
    pub proposal: Option<Outcome>,
    pub outcome: Option<Outcome>,
    pub result_documents: Vec<DocumentRef>,
    pub returned_by: Option<ReturnMethod>,
    /// End for time-keeping: result issued, refused, stopped or closed.
    pub finished_at: Option<Timestamp>,
    /// Number of events applied; used for optimistic concurrency.
    pub version: u64,
}

impl Dossier {
    /// The appointment shown to the applicant: the rescheduled date if any, else the due moment.
    pub fn appointment(&self) -> Option<Timestamp> {
        self.reschedule.as_ref().map(|r| r.new_due).or(self.due_at)
    }

    pub fn open_supplement(&self) -> Option<&SupplementRequest> {
        self.supplements
            .last()
            .filter(|s| s.completed_at.is_none() && self.status.waits_for_applicant())
    }

    pub fn supplement_count(&self, stage: SupplementStage) -> usize {
        self.supplements.iter().filter(|s| s.stage == stage).count()
    }
}
