//! What happened to a dossier. Events are appended (hash-chained) and never changed; the
//! dossier state, the citizen's timeline, the control slip, the logbook and the indicators are
//! all read from them.

use std::collections::BTreeMap;

use jiff::Timestamp;
use motcua_calendar::Completion;
use serde::{Deserialize, Serialize};

use super::model::{
    Applicant, Delivery, DocumentRef, OnBehalf, Outcome, ReturnMethod, StepState, SupplementStage,
};
use super::role::{ActorRef, Role};
use crate::code::DossierCode;
use crate::ids::{AccountId, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use crate::procedure::Channel;

/// One event with who, when and for which unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    pub actor: ActorRef,
    /// The unit in whose name the actor acted.
    pub unit: UnitId,
    pub data: EventData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedData {
    pub id: DossierId,
    pub code: DossierCode,
    pub procedure: ProcedureVersionId,
    pub procedure_code: ProcedureCode,
    pub unit: UnitId,
    pub channel: Channel,
    pub applicant: Applicant,
    pub owner: Option<AccountId>,
    pub submitted_by: Option<AccountId>,
    pub on_behalf: Option<OnBehalf>,
    pub delivery: Delivery,
    pub form: BTreeMap<String, String>,
    pub documents: Vec<DocumentRef>,
    pub fee_vnd: u64,
}

/// One row of the control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ, Mẫu 06 of TT
/// 03/2025; Mẫu 05 of TT 01/2018), R-LC-4. The giver is the event's actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOver {
    pub from_unit: UnitId,
    pub from_role: Role,
    /// `None`: handed to the applicant (return of the result).
    pub to_unit: Option<UnitId>,
    pub to_role: Option<Role>,
    pub step_name: String,
    pub step_deadline: Timestamp,
    pub outcome: Completion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventData {
    Submitted(Box<SubmittedData>),
    Accepted {
        received_at: Timestamp,
        due_at: Timestamp,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        shown_only: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        step: StepState,
    },
    SupplementRequested {
        stage: SupplementStage,
        items: Vec<String>,
        reason: String,
        close_after: Timestamp,
    },
    SupplementProvided {
        documents: Vec<DocumentRef>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        form_changes: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        /// The restarted due moment after a supplement during processing (R-TIME-3).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due_at: Option<Timestamp>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<StepState>,
    },
    Refused {
        reason: String,
        legal_basis: String,
    },
    Assigned {
        to: AccountId,
        to_name: String,
        claimed: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<StepState>,
    },
    Transferred {
        from_unit: UnitId,
        to_unit: UnitId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        step: StepState,
    },
    ResultProposed {
        #[serde(flatten)]
        outcome: Outcome,
        summary: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        documents: Vec<DocumentRef>,
        step: StepState,
    },
    SentBack {
        reason: String,
        step: StepState,
    },
    Approved {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    ResultIssued {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        documents: Vec<DocumentRef>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        step: StepState,
    },
    ResultReturned {
        #[serde(flatten)]
        method: ReturnMethod,
    },
    Stopped {
        reason: String,
    },
    Rescheduled {
        reason: String,
        previous_due: Timestamp,
        new_due: Timestamp,
    },
    Closed {
        reason: String,
    },
    Commented {
        text: String,
    },
    DocumentAttached {
        document: DocumentRef,
    },
    HandedOver(HandOver),
    /// The due moment was recomputed after a newly announced holiday schedule replaced a
    /// provisional one (only for dossiers not yet due).
    DueRecomputed {
        previous_due: Timestamp,
        due_at: Timestamp,
        reason: String,
    },
}

impl EventData {
    /// The stable name stored in the event log's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            EventData::Submitted(_) => "submitted",
            EventData::Accepted { .. } => "accepted",
            EventData::SupplementRequested { .. } => "supplement_requested",
            EventData::SupplementProvided { .. } => "supplement_provided",
            EventData::Refused { .. } => "refused",
            EventData::Assigned { .. } => "assigned",
            EventData::Transferred { .. } => "transferred",
            EventData::ResultProposed { .. } => "result_proposed",
            EventData::SentBack { .. } => "sent_back",
            EventData::Approved { .. } => "approved",
            EventData::ResultIssued { .. } => "result_issued",
            EventData::ResultReturned { .. } => "result_returned",
            EventData::Stopped { .. } => "stopped",
            EventData::Rescheduled { .. } => "rescheduled",
            EventData::Closed { .. } => "closed",
            EventData::Commented { .. } => "commented",
            EventData::DocumentAttached { .. } => "document_attached",
            EventData::HandedOver(_) => "handed_over",
            EventData::DueRecomputed { .. } => "due_recomputed",
        }
    }
}
