//! The JSON shapes of the API (with their OpenAPI schemas), built from the store's views. Domain
//! types stay free of HTTP concerns; the few nested domain values shown as they are (events,
//! supplement requests) have their times rewritten at +07:00 (`time::localize`).

use motcua_domain::dossier::{DocumentRef, Status};
use motcua_store::store::{DossierSummary, DossierView, DueState, PublicStatus, UnitInfo};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::state::AppState;
use crate::time::{localize, vn, vn_opt};

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `https://motcua.vn/problems/<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    /// The message in the request's language (`?lang=en`, `Accept-Language`; Vietnamese by
    /// default).
    pub detail: String,
    /// Stable machine code, e.g. `dossier.illegal_transition`.
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
    /// Per-field or per-line problems, when there are several.
    #[schema(value_type = Option<Vec<Object>>)]
    pub errors: Option<Vec<Value>>,
}

/// A unit as shown beside a dossier or a role.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitRef {
    pub id: i64,
    /// Agency e-ID (mã định danh điện tử), e.g. `H56.22`.
    pub code: String,
    pub name: String,
}

impl From<&UnitInfo> for UnitRef {
    fn from(u: &UnitInfo) -> Self {
        UnitRef {
            id: u.id.0,
            code: u.code.as_str().into(),
            name: u.name.clone(),
        }
    }
}

/// The serde name of a unit-like enum (`Status::InProcess` → `in_process`).
pub fn snake<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub async fn unit_ref(state: &AppState, id: motcua_domain::ids::UnitId) -> UnitRef {
    match state.store().unit(id).await {
        Ok(u) => UnitRef::from(&u),
        Err(_) => UnitRef {
            id: id.0,
            code: String::new(),
            name: format!("#{id}"),
        },
    }
}

/// Deadline state: `not_started`, `paused`, `within_time`, `due_soon`, `overdue`, or at the end
/// `early`, `on_time`, `late`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueStateOut {
    pub state: String,
    pub finished: bool,
    pub label_vi: String,
}

impl From<DueState> for DueStateOut {
    fn from(d: DueState) -> Self {
        let (state, finished, label) = match d {
            DueState::NotStarted => ("not_started".into(), false, "Chưa tính hạn"),
            DueState::Paused => ("paused".into(), false, "Tạm dừng tính hạn (chờ bổ sung)"),
            DueState::Open(o) => (snake(&o), false, o.label_vi()),
            DueState::Finished(c) => (snake(&c), true, c.label_vi()),
        };
        DueStateOut {
            state,
            finished,
            label_vi: label.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentOut {
    /// The component (thành phần hồ sơ) it fulfils.
    pub component: Option<String>,
    pub sha256: String,
    pub size: u64,
    /// Sniffed from the content at upload.
    pub media_type: String,
    pub file_name: String,
    pub pages: Option<u32>,
    /// upload, scan, personal_store, national_database, officer.
    pub source: String,
    /// Where to download it (same authorization as the dossier).
    pub url: String,
}

fn document(code: &str, d: &DocumentRef) -> DocumentOut {
    let source = serde_json::to_value(&d.source)
        .ok()
        .and_then(|v| v.get("source").and_then(Value::as_str).map(String::from))
        .unwrap_or_default();
    DocumentOut {
        component: d.component.clone(),
        sha256: d.sha256.clone(),
        size: d.size,
        media_type: d.media_type.clone(),
        file_name: d.file_name.clone(),
        pages: d.pages,
        source,
        url: format!("/api/v1/dossiers/{code}/files/{}", d.sha256),
    }
}

/// A dossier with everything its owner or an officer may see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DossierOut {
    /// Dossier code (mã hồ sơ), e.g. `H99.01-260302-0001`.
    pub code: String,
    pub status: String,
    pub status_label_vi: String,
    pub status_label_en: String,
    /// Procedure code, e.g. `1.001193`.
    pub procedure: String,
    pub procedure_name: String,
    /// The catalog version the dossier is handled under.
    pub procedure_version_id: i64,
    /// Number of events so far: send it back as `If-Match: "<version>"` to act on this state.
    pub version: u64,
    /// online, desk, post.
    pub channel: String,
    pub receiving_unit: UnitRef,
    pub processing_unit: UnitRef,
    #[schema(value_type = Object)]
    pub applicant: Value,
    #[schema(value_type = Object)]
    pub delivery: Value,
    #[schema(value_type = Object)]
    pub form: Value,
    pub documents: Vec<DocumentOut>,
    pub result_documents: Vec<DocumentOut>,
    pub fee_vnd: u64,
    #[schema(format = DateTime)]
    pub submitted_at: String,
    #[schema(format = DateTime)]
    pub received_at: Option<String>,
    /// The legal due moment.
    #[schema(format = DateTime)]
    pub due_at: Option<String>,
    #[schema(format = DateTime)]
    pub original_due_at: Option<String>,
    /// The appointment shown to the applicant (after an apology, the new date).
    #[schema(format = DateTime)]
    pub appointment_at: Option<String>,
    #[schema(format = DateTime)]
    pub finished_at: Option<String>,
    pub due_state: DueStateOut,
    /// Needs an apology letter and a new date (R-LC-5).
    pub needs_apology: bool,
    /// Requests for supplement (Mẫu 02) and their answers.
    #[schema(value_type = Vec<Object>)]
    pub supplements: Vec<Value>,
    /// The one permitted reschedule (Mẫu 04).
    #[schema(value_type = Option<Object>)]
    pub reschedule: Option<Value>,
    pub assignee_name: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub step: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub returned_by: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub on_behalf: Option<Value>,
}

fn value<T: Serialize>(v: &T) -> Value {
    localize(serde_json::to_value(v).unwrap_or(Value::Null))
}

fn opt_value<T: Serialize>(v: &Option<T>) -> Option<Value> {
    v.as_ref().map(value)
}

pub async fn dossier_out(state: &AppState, v: &DossierView) -> DossierOut {
    let d = &v.dossier;
    let code = d.code.to_string();
    DossierOut {
        status: d.status.as_str().into(),
        status_label_vi: d.status.label_vi().into(),
        status_label_en: d.status.label_en().into(),
        procedure: d.procedure_code.as_str().into(),
        procedure_name: v.procedure_name.clone(),
        procedure_version_id: d.procedure.0,
        version: d.version,
        channel: snake(&d.channel),
        receiving_unit: unit_ref(state, d.receiving_unit).await,
        processing_unit: unit_ref(state, d.processing_unit).await,
        applicant: value(&d.applicant),
        delivery: value(&d.delivery),
        form: value(&d.form),
        documents: d.documents.iter().map(|x| document(&code, x)).collect(),
        result_documents: d
            .result_documents
            .iter()
            .map(|x| document(&code, x))
            .collect(),
        fee_vnd: d.fee_vnd,
        submitted_at: vn(d.submitted_at),
        received_at: vn_opt(d.received_at),
        due_at: vn_opt(d.due_at),
        original_due_at: vn_opt(d.original_due_at),
        appointment_at: vn_opt(d.appointment()),
        finished_at: vn_opt(d.finished_at),
        due_state: v.due_state.into(),
        needs_apology: v.needs_apology,
        supplements: d.supplements.iter().map(value).collect(),
        reschedule: opt_value(&d.reschedule),
        assignee_name: d.assignee_name.clone(),
        step: opt_value(&d.step),
        outcome: opt_value(&d.outcome),
        returned_by: opt_value(&d.returned_by),
        on_behalf: opt_value(&d.on_behalf),
        code,
    }
}

/// A row of a list (my dossiers, worklists).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SummaryOut {
    pub code: String,
    pub procedure: String,
    pub procedure_name: String,
    pub applicant_name: String,
    pub status: String,
    pub status_label_vi: String,
    pub channel: String,
    pub receiving_unit_id: i64,
    pub processing_unit_id: i64,
    pub assignee_name: Option<String>,
    #[schema(format = DateTime)]
    pub submitted_at: String,
    #[schema(format = DateTime)]
    pub received_at: Option<String>,
    #[schema(format = DateTime)]
    pub due_at: Option<String>,
    #[schema(format = DateTime)]
    pub appointment_at: Option<String>,
    pub due_state: DueStateOut,
    pub needs_apology: bool,
}

impl From<&DossierSummary> for SummaryOut {
    fn from(s: &DossierSummary) -> Self {
        SummaryOut {
            code: s.code.to_string(),
            procedure: s.procedure_code.as_str().into(),
            procedure_name: s.procedure_name.clone(),
            applicant_name: s.applicant_name.clone(),
            status: s.status.as_str().into(),
            status_label_vi: s.status.label_vi().into(),
            channel: snake(&s.channel),
            receiving_unit_id: s.receiving_unit.0,
            processing_unit_id: s.processing_unit.0,
            assignee_name: s.assignee_name.clone(),
            submitted_at: vn(s.submitted_at),
            received_at: vn_opt(s.received_at),
            due_at: vn_opt(s.due_at),
            appointment_at: vn_opt(s.appointment_at),
            due_state: s.due_state.into(),
            needs_apology: s.needs_apology,
        }
    }
}

/// What the anonymous lookup shows: status and appointment, nothing personal.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicStatusOut {
    pub code: String,
    pub procedure_name: String,
    pub status: String,
    pub status_label_vi: String,
    pub status_label_en: String,
    #[schema(format = DateTime)]
    pub appointment_at: Option<String>,
    pub due_state: DueStateOut,
}

impl From<&PublicStatus> for PublicStatusOut {
    fn from(p: &PublicStatus) -> Self {
        PublicStatusOut {
            code: p.code.to_string(),
            procedure_name: p.procedure_name.clone(),
            status: p.status.as_str().into(),
            status_label_vi: p.status.label_vi().into(),
            status_label_en: p.status.label_en().into(),
            appointment_at: vn_opt(p.appointment_at),
            due_state: p.due_state.into(),
        }
    }
}

/// A list with paging.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SummaryPage {
    pub items: Vec<SummaryOut>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// Parses a status name (`in_process`) for filters.
pub fn parse_status(s: &str) -> Option<Status> {
    Status::parse(s.trim())
}
