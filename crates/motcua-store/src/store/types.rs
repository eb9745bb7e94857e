//! The types the rest of motcua sees from the store: accounts, sessions, dossier views,
//! worklist queries. Domain types (Dossier, Command, Actor …) come from motcua-domain.

use jiff::Timestamp;
use jiff::civil::Date;
use motcua_calendar::{Completion, OpenState};
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Dossier, Grant, Status};
use motcua_domain::ids::{AccountId, AgencyCode, ProcedureCode, ProcedureVersionId, UnitId};
use motcua_domain::procedure::Channel;
use motcua_domain::unit::UnitKind;
use serde::{Deserialize, Serialize};

/// A person's account. Passwords are argon2 hashes produced by the web layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub display_name: String,
    /// Normalised Vietnamese phone number (`0…`), a login.
    pub phone: Option<String>,
    /// Lower-case e-mail, a login.
    pub email: Option<String>,
    /// Officers' user name, a login.
    pub username: Option<String>,
    pub password_hash: String,
    /// 12-digit citizen ID of a citizen account.
    pub citizen_id: Option<String>,
    /// Base32 TOTP secret once enrolled (officers; RFC 6238).
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub disabled: bool,
    pub created_at: Timestamp,
    /// Grants as given (not expanded to sub-units).
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    pub display_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub password_hash: String,
    pub citizen_id: Option<String>,
    pub grants: Vec<Grant>,
}

/// A signed-in session (cookie for pages, bearer token for the API). Only the SHA-256 of the
/// token is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token_hash: String,
    pub account: AccountId,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// The second factor was passed (officers in production mode must have it).
    pub second_factor: bool,
    /// Per-session CSRF token for forms.
    pub csrf_token: String,
    /// "cookie" or "bearer".
    pub kind: String,
}

/// One unit as in force on a date, with the fields pages need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInfo {
    pub id: UnitId,
    pub code: AgencyCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUnit {
    pub code: AgencyCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub valid_from: Date,
}

/// Deadline state of a dossier as shown in lists: open items against their due moment,
/// finished ones by their completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum DueState {
    /// Not yet received: no clock.
    NotStarted,
    /// The clock is stopped while waiting for the applicant.
    Paused,
    Open(OpenState),
    Finished(Completion),
}

/// A row of a list (worklists, my dossiers, search results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierSummary {
    pub code: DossierCode,
    pub procedure_code: ProcedureCode,
    pub procedure_name: String,
    pub applicant_name: String,
    pub status: Status,
    pub channel: Channel,
    pub receiving_unit: UnitId,
    pub processing_unit: UnitId,
    pub assignee_name: Option<String>,
    pub submitted_at: Timestamp,
    pub received_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
    /// The appointment shown to the applicant (after a reschedule, the new date).
    pub appointment_at: Option<Timestamp>,
    pub due_state: DueState,
    /// R-LC-5: from due − 1 working day an unfinished dossier needs an apology (once).
    pub needs_apology: bool,
}

/// A dossier with what pages need around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierView {
    pub dossier: Dossier,
    pub procedure_name: String,
    pub receiving_unit_name: String,
    pub processing_unit_name: String,
    pub due_state: DueState,
    pub needs_apology: bool,
}

/// One event of a dossier as stored (for timelines, the control slip, the logbook).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierEvent {
    pub seq: i64,
    pub event: motcua_domain::dossier::Event,
}

/// The worklists of the officer workspace (issue #5 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Worklist {
    /// Submitted, waiting for the desk.
    New,
    /// Received or in process.
    ToProcess,
    /// Waiting for the applicant's supplement.
    WaitingCitizen,
    ToApprove,
    /// Approved or result ready: results to issue and return.
    ToReturn,
    DueSoon,
    Overdue,
    /// Needing an apology and a new date (R-LC-5).
    NeedsApology,
    All,
}

impl Worklist {
    pub const ALL: [Worklist; 9] = [
        Worklist::New,
        Worklist::ToProcess,
        Worklist::WaitingCitizen,
        Worklist::ToApprove,
        Worklist::ToReturn,
        Worklist::DueSoon,
        Worklist::Overdue,
        Worklist::NeedsApology,
        Worklist::All,
    ];
}

/// Filters of a worklist. Units are always intersected with the actor's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorklistQuery {
    pub list: Worklist,
    /// Restrict to these units (else every unit the actor serves).
    pub units: Option<Vec<UnitId>>,
    pub procedure: Option<ProcedureCode>,
    pub status: Option<Status>,
    pub assignee: Option<AccountId>,
    pub due_from: Option<Timestamp>,
    pub due_to: Option<Timestamp>,
    /// Dossier code (or its prefix), applicant name (diacritics ignored) or citizen ID.
    pub q: Option<String>,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for WorklistQuery {
    fn default() -> Self {
        WorklistQuery {
            list: Worklist::All,
            units: None,
            procedure: None,
            status: None,
            assignee: None,
            due_from: None,
            due_to: None,
            q: None,
            page: 1,
            per_page: 50,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorklistPage {
    pub items: Vec<DossierSummary>,
    /// Total rows matching (for paging).
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// What the anonymous lookup (code + phone) may show: status and due date, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStatus {
    pub code: DossierCode,
    pub procedure_name: String,
    pub status: Status,
    pub appointment_at: Option<Timestamp>,
    pub due_state: DueState,
}

/// A new dossier as the web layer gives it (id and code are allocated by the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDossier {
    /// The procedure by code; the version in force now is used and kept.
    pub procedure: ProcedureCode,
    pub unit: UnitId,
    pub channel: Channel,
    pub applicant: motcua_domain::dossier::Applicant,
    pub owner: Option<AccountId>,
    pub on_behalf: Option<motcua_domain::dossier::OnBehalf>,
    pub delivery: motcua_domain::dossier::Delivery,
    #[serde(default)]
    pub form: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub documents: Vec<motcua_domain::dossier::DocumentRef>,
}

/// An idempotency key with the digest of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// The result of a submission: the new dossier, or (on a repeated request with the same
/// idempotency key) the dossier as it was answered the first time; never a second dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    New(Box<DossierView>),
    Replay(Box<DossierView>),
}

impl Submitted {
    pub fn view(&self) -> &DossierView {
        match self {
            Submitted::New(v) | Submitted::Replay(v) => v,
        }
    }
    pub fn is_replay(&self) -> bool {
        matches!(self, Submitted::Replay(_))
    }
}

/// Summary of a catalog import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub created: u32,
    pub new_versions: u32,
    pub unchanged: u32,
}

/// A stored document of a citizen's personal data store (kho dữ liệu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDocument {
    pub id: i64,
    pub account: AccountId,
    pub title: String,
    pub document: motcua_domain::dossier::DocumentRef,
    /// The dossier it came from (a submitted component or a received result).
    pub from_dossier: Option<DossierCode>,
    pub is_result: bool,
    pub added_at: Timestamp,
}

/// An officer's view of who they are and where they may act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub account: Account,
    /// Grants expanded to sub-units.
    pub actor: Actor,
}

pub use motcua_domain::ids::ProcedureVersionId as VersionId;
#[allow(unused)]
fn _uses(_: ProcedureVersionId) {}
