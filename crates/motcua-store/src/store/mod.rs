//! The store facade: what the web layer and the CLI call. Every write is one writer job (one
//! SAVEPOINT in a group-committed batch) that runs `decide`, appends the events to the chain
//! and updates the read tables in the same transaction. Reads go to the reader pool.
//!
//! Visibility (issue #2 §10): a citizen sees only dossiers they own (or submitted as a helper);
//! an officer only dossiers whose receiving or processing unit is in their scope; anything else
//! is `NotFound`, never "forbidden", so existence is not revealed.

mod error;
mod types;

pub use error::AppError;
pub use types::*;

use std::sync::Arc;

use jiff::Timestamp;
use motcua_calendar::WorkingCalendar;
use motcua_calendar::YearSchedule;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Command, Grant, Policy};
use motcua_domain::ids::{AccountId, ProcedureCode, ProcedureVersionId, UnitId};
use motcua_domain::procedure::{ProcedureVersion, StoredProcedure};

use crate::chain::{ChainError, VerifyReport};
use crate::sql::Database;
use crate::writer::WriterConfig;

pub type AppResult<T> = Result<T, AppError>;

/// Where "now" comes from: the system clock in production, a settable clock in tests and
/// the demo generator.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that tests move by hand.
#[derive(Clone)]
pub struct ManualClock(Arc<std::sync::Mutex<Timestamp>>);

impl ManualClock {
    pub fn new(t: Timestamp) -> Self {
        ManualClock(Arc::new(std::sync::Mutex::new(t)))
    }
    pub fn set(&self, t: Timestamp) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }
    pub fn advance(&self, d: jiff::SignedDuration) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *g += d;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// How to open the store.
pub struct StoreConfig {
    /// A `postgres://` URL, or the path of the SQLite file.
    pub database: String,
    pub writer: WriterConfig,
    /// Reader threads (default: CPUs, at least 2).
    pub readers: Option<usize>,
    pub policy: Policy,
    pub clock: Arc<dyn Clock>,
}

impl StoreConfig {
    pub fn new(database: impl Into<String>) -> Self {
        StoreConfig {
            database: database.into(),
            writer: WriterConfig::default(),
            readers: None,
            policy: Policy::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// The store facade (cheap to clone: everything inside is shared).
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    _db: Database,
}

#[allow(unused_variables)]
impl Store {
    /// Opens the database, applies pending migrations, starts the writer and the readers and
    /// loads the catalog and calendars into memory.
    pub async fn open(config: StoreConfig) -> AppResult<Store> {
        todo!()
    }

    /// Stops accepting writes and finishes every queued commit (graceful shutdown).
    pub fn shutdown(&self) {
        todo!()
    }

    pub fn now(&self) -> Timestamp {
        todo!()
    }

    /// Answers if the database can be reached (`/healthz`).
    pub async fn health(&self) -> AppResult<()> {
        todo!()
    }

    // ----- catalog ---------------------------------------------------------------------

    /// The versions in force now of every procedure (published and abolished), from memory.
    pub fn procedures(&self) -> Arc<Vec<StoredProcedure>> {
        todo!()
    }

    /// The version in force now of a procedure.
    pub fn procedure(&self, code: &ProcedureCode) -> Option<StoredProcedure> {
        todo!()
    }

    /// A given version (a dossier keeps the version in force when it was received).
    pub async fn procedure_version(&self, id: ProcedureVersionId) -> AppResult<StoredProcedure> {
        todo!()
    }

    /// Every version of a procedure, oldest first.
    pub async fn procedure_history(&self, code: &ProcedureCode) -> AppResult<Vec<StoredProcedure>> {
        todo!()
    }

    /// Imports procedures: new codes are created, changed ones get a new version, identical
    /// ones are left alone. One transaction; an event per change.
    pub async fn import_catalog(
        &self,
        actor: &Actor,
        versions: Vec<ProcedureVersion>,
    ) -> AppResult<ImportSummary> {
        todo!()
    }

    /// Saves an edited procedure as its next version (edit, publish, abolish).
    pub async fn save_procedure(
        &self,
        actor: &Actor,
        version: ProcedureVersion,
    ) -> AppResult<StoredProcedure> {
        todo!()
    }

    // ----- units -----------------------------------------------------------------------

    pub async fn create_unit(&self, actor: &Actor, unit: NewUnit) -> AppResult<UnitId> {
        todo!()
    }

    /// Ends the unit's current version on `from` and starts a new one (rename, new code, new
    /// parent, merger into a successor).
    pub async fn add_unit_version(
        &self,
        actor: &Actor,
        unit: UnitId,
        next: NewUnit,
        successor: Option<UnitId>,
    ) -> AppResult<()> {
        todo!()
    }

    /// Units in force on a date (today if `None`).
    pub async fn units(&self, on: Option<jiff::civil::Date>) -> AppResult<Vec<UnitInfo>> {
        todo!()
    }

    /// A unit as in force now (or its last version).
    pub async fn unit(&self, id: UnitId) -> AppResult<UnitInfo> {
        todo!()
    }

    pub async fn unit_by_code(&self, code: &str) -> AppResult<UnitInfo> {
        todo!()
    }

    /// The unit and all its sub-units (as in force now).
    pub async fn subtree(&self, id: UnitId) -> AppResult<Vec<UnitId>> {
        todo!()
    }

    // ----- accounts and sessions --------------------------------------------------------

    pub async fn create_account(
        &self,
        actor: Option<&Actor>,
        account: NewAccount,
    ) -> AppResult<AccountId> {
        todo!()
    }

    /// By phone (any Vietnamese format), e-mail or user name.
    pub async fn account_by_login(&self, login: &str) -> AppResult<Option<Account>> {
        todo!()
    }

    pub async fn account(&self, id: AccountId) -> AppResult<Account> {
        todo!()
    }

    /// The actor for an account, with grants expanded to sub-units.
    pub async fn actor(&self, id: AccountId) -> AppResult<Actor> {
        todo!()
    }

    pub async fn accounts(&self) -> AppResult<Vec<Account>> {
        todo!()
    }

    pub async fn set_grants(
        &self,
        actor: &Actor,
        account: AccountId,
        grants: Vec<Grant>,
    ) -> AppResult<()> {
        todo!()
    }

    pub async fn set_password_hash(
        &self,
        actor: &Actor,
        account: AccountId,
        hash: String,
    ) -> AppResult<()> {
        todo!()
    }

    pub async fn set_totp(
        &self,
        account: AccountId,
        secret: Option<String>,
        enabled: bool,
    ) -> AppResult<()> {
        todo!()
    }

    pub async fn create_session(&self, session: Session) -> AppResult<()> {
        todo!()
    }

    /// A live session (not expired).
    pub async fn session(&self, token_hash: &str) -> AppResult<Option<Session>> {
        todo!()
    }

    pub async fn update_session(&self, session: Session) -> AppResult<()> {
        todo!()
    }

    pub async fn delete_session(&self, token_hash: &str) -> AppResult<()> {
        todo!()
    }

    /// Records a sign-in attempt in the audit log (issue #5 §1: every sign-in is logged).
    pub async fn record_sign_in(
        &self,
        account: Option<AccountId>,
        login: &str,
        ok: bool,
        detail: &str,
    ) -> AppResult<()> {
        todo!()
    }

    // ----- dossiers ---------------------------------------------------------------------

    /// Submits a new dossier and runs `then` on it in the same transaction (a desk officer
    /// receiving a paper dossier submits and accepts in one step). With an idempotency key a
    /// repeated request returns the first response and creates nothing.
    pub async fn submit(
        &self,
        actor: &Actor,
        dossier: NewDossier,
        then: Vec<Command>,
        idempotency: Option<Idempotency>,
    ) -> AppResult<Submitted> {
        todo!()
    }

    /// Stores the response of an idempotent submission (called by the web layer in the
    /// same job — see `submit_with_response`).
    pub async fn submit_with_response(
        &self,
        actor: &Actor,
        dossier: NewDossier,
        then: Vec<Command>,
        idempotency: Idempotency,
        respond: Arc<dyn Fn(&DossierView) -> (i64, String) + Send + Sync>,
    ) -> AppResult<Submitted> {
        todo!()
    }

    /// Runs commands on a dossier in one transaction. `expected_version`: the version the
    /// caller saw; a different current version is `Stale` and nothing changes.
    pub async fn execute(
        &self,
        actor: &Actor,
        code: &DossierCode,
        expected_version: Option<u64>,
        commands: Vec<Command>,
    ) -> AppResult<DossierView> {
        todo!()
    }

    /// A dossier if the actor may see it.
    pub async fn dossier(&self, actor: &Actor, code: &DossierCode) -> AppResult<DossierView> {
        todo!()
    }

    /// The dossier's events in order (timeline, control slip), if the actor may see it.
    pub async fn dossier_events(
        &self,
        actor: &Actor,
        code: &DossierCode,
    ) -> AppResult<Vec<DossierEvent>> {
        todo!()
    }

    pub async fn worklist(&self, actor: &Actor, query: WorklistQuery) -> AppResult<WorklistPage> {
        todo!()
    }

    /// Counts of every worklist for the actor's units (or the given ones).
    pub async fn worklist_counts(
        &self,
        actor: &Actor,
        units: Option<Vec<UnitId>>,
    ) -> AppResult<Vec<(Worklist, u64)>> {
        todo!()
    }

    /// The citizen's own dossiers (owner or submitted as helper), newest first.
    pub async fn my_dossiers(&self, actor: &Actor) -> AppResult<Vec<DossierSummary>> {
        todo!()
    }

    /// Anonymous lookup: code + the applicant's phone → status and appointment only.
    pub async fn public_lookup(
        &self,
        code: &DossierCode,
        phone: &str,
    ) -> AppResult<Option<PublicStatus>> {
        todo!()
    }

    // ----- personal data store (kho dữ liệu) ---------------------------------------------

    pub async fn personal_documents(&self, account: AccountId) -> AppResult<Vec<PersonalDocument>> {
        todo!()
    }

    // ----- calendar ---------------------------------------------------------------------

    /// The working calendar of a unit (legal schedules + the unit's hours and overrides).
    pub fn calendar(&self, unit: UnitId) -> Arc<WorkingCalendar> {
        todo!()
    }

    /// Loads a newly announced year (replacing the built-in or provisional one) and recomputes
    /// the due moments of dossiers not yet due where the law says so. Returns how many changed.
    pub async fn import_calendar_year(&self, actor: &Actor, year: YearSchedule) -> AppResult<u64> {
        todo!()
    }

    // ----- audit ------------------------------------------------------------------------

    pub async fn verify_audit(&self) -> AppResult<Result<VerifyReport, ChainError>> {
        todo!()
    }

    /// Dossiers by status (for /metrics).
    pub async fn status_counts(&self) -> AppResult<Vec<(motcua_domain::dossier::Status, u64)>> {
        todo!()
    }
}

#[allow(unused)]
fn _unused(_: AccountId) {}
