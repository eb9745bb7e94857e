//! The store facade: what the web layer and the CLI call. Every write is one writer job (one
//! SAVEPOINT in a group-committed batch) that runs `decide`, appends the events to the chain
//! and updates the read tables in the same transaction. Reads go to the reader pool.
//!
//! Visibility (issue #2 §10): a citizen sees only dossiers they own (or submitted as a helper);
//! an officer only dossiers whose receiving or processing unit is in their scope; anything else
//! is `NotFound`, never "forbidden", so existence is not revealed.

mod accounts;
mod audit;
mod caches;
mod catalog;
pub mod demo;
mod dossiers;
mod duties;
mod error;
mod load;
mod office;
mod office_lists;
mod portal;
pub mod quality;
mod queries;
mod types;
mod units;
mod util;

pub use duties::DutiesReport;
pub use error::AppError;
pub use office::{IssuedResult, LOGBOOK_MAX_ROWS, LogbookEntry};
pub use office_lists::SEARCH_COUNT_CAP;
pub use portal::{Draft, Rating};
pub use types::*;

use std::sync::Arc;

use jiff::Timestamp;
use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::Policy;
use motcua_domain::ids::UnitId;

use crate::chain::{ChainError, VerifyReport};
use crate::readers::Readers;
use crate::sql::{Database, Dialect};
use crate::writer::{Writer, WriterConfig};
use caches::{Caches, Calendars, Catalog, Units};

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

/// Runs blocking work on a fresh thread and awaits it.
async fn off_runtime<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.await.expect("helper thread panicked")
}

/// The store facade (cheap to clone: everything inside is shared).
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    db: Database,
    writer: Writer,
    readers: Readers,
    clock: Arc<dyn Clock>,
    policy: Arc<Policy>,
    caches: Arc<Caches>,
}

impl Store {
    /// Opens the database, applies pending migrations, starts the writer and the readers and
    /// loads the catalog, the units and the calendars into memory.
    pub async fn open(config: StoreConfig) -> AppResult<Store> {
        let db = Database::open(&config.database)?;
        Self::open_database(db, config).await
    }

    /// `open` with an already configured database (`config.database` is ignored).
    pub async fn open_database(db: Database, config: StoreConfig) -> AppResult<Store> {
        // Migrations run on their own connection before the writer starts (they open their
        // own transactions), in a plain thread: PostgreSQL clients must not be created inside
        // the async runtime.
        let mdb = db.clone();
        off_runtime(move || -> Result<(), crate::StoreError> {
            let mut conn = mdb.connect()?;
            crate::migrate::migrate(&mut *conn).map(|_| ())
        })
        .await?;
        let writer = Writer::open(&db, config.writer)?;
        let readers = Readers::open(&db, config.readers.unwrap_or_else(Readers::default_size))?;
        let (procs, units, (schedules, unit_cals)) = readers
            .run(|conn| -> Result<_, crate::error::StoreError> {
                Ok((
                    load::catalog(conn)?,
                    load::units(conn)?,
                    load::calendars(conn)?,
                ))
            })
            .await?;
        let caches = Arc::new(Caches {
            catalog: std::sync::RwLock::new(Arc::new(Catalog::new(procs))),
            units: std::sync::RwLock::new(Arc::new(Units { versions: units })),
            calendars: Calendars::new(schedules, unit_cals),
            quality: std::sync::RwLock::new(Arc::new(
                motcua_domain::quality::config::QualityConfig::embedded(),
            )),
        });
        let store = Store {
            inner: Arc::new(Inner {
                db,
                writer,
                readers,
                clock: config.clock,
                policy: Arc::new(config.policy),
                caches,
            }),
        };
        // Aggregates missing (first start after the 0010 migration) or found inconsistent.
        store.ensure_quality().await?;
        Ok(store)
    }

    /// Reloads the in-memory catalog, units and calendars (after changes made by another app
    /// node, or on a timer).
    pub async fn refresh(&self) -> AppResult<()> {
        let (procs, units, (schedules, unit_cals)) = self
            .inner
            .readers
            .run(|conn| -> Result<_, crate::error::StoreError> {
                Ok((
                    load::catalog(conn)?,
                    load::units(conn)?,
                    load::calendars(conn)?,
                ))
            })
            .await?;
        let c = &self.inner.caches;
        c.set_catalog(Catalog::new(procs));
        c.set_units(Units { versions: units });
        c.calendars.replace(schedules, unit_cals);
        Ok(())
    }

    /// Stops accepting writes and finishes every queued commit (graceful shutdown).
    pub fn shutdown(&self) {
        self.inner.writer.shutdown();
        self.inner.readers.shutdown();
    }

    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    pub fn dialect(&self) -> Dialect {
        self.inner.db.dialect()
    }

    /// The writer's counters (batch sizes, commit latency) for /metrics.
    pub fn writer_stats(&self) -> crate::writer::WriterStats {
        self.inner.writer.stats()
    }

    /// Answers if the database can be reached (`/healthz`).
    pub async fn health(&self) -> AppResult<()> {
        self.inner
            .readers
            .run(|conn| conn.query_one("SELECT 1", &[]).map(|_| ()))
            .await?;
        Ok(())
    }

    /// The working calendar of a unit (legal schedules + the unit's hours and overrides).
    pub fn calendar(&self, unit: UnitId) -> Arc<WorkingCalendar> {
        self.inner.caches.calendars.for_unit(unit)
    }

    /// The national calendar (default hours, no unit overrides).
    pub fn national_calendar(&self) -> Arc<WorkingCalendar> {
        self.inner.caches.calendars.national()
    }

    /// The yearly schedules in force (built-in plus imported years).
    pub fn schedules(&self) -> Arc<motcua_calendar::ScheduleSet> {
        self.inner.caches.calendars.schedules()
    }

    /// Verifies the whole event chain (`motcua audit verify`).
    pub async fn verify_audit(&self) -> AppResult<Result<VerifyReport, ChainError>> {
        Ok(self
            .inner
            .readers
            .run(|conn| -> Result<_, crate::error::StoreError> { Ok(crate::chain::verify(conn)) })
            .await?)
    }
}
