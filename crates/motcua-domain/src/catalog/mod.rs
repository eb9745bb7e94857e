//! The procedure catalog as data: import from the national format, curated enrichment, the demo
//! catalog shipped with motcua, and in-memory search.
//!
//! * [`import`]: `motcua catalog import FILE` — the national JSON format → versions, all or
//!   nothing, every problem with its line and column (heuristics in that module's doc and in
//!   `data/catalog/README.md`).
//! * [`enrich`]: TOML files under `data/catalog/` adding what the national format lacks.
//! * [`search`]: diacritic-insensitive, typo-tolerant search for the public pages and the desk.
//! * [`demo_catalog`]: the 40 real procedures of `data/catalog/procedures.json` with the demo
//!   fill-ins, ready to receive dossiers.
//!
//! No I/O: the files are compiled in (`include_str!`) or passed as text.

pub mod enrich;
pub mod error;
pub mod import;
mod json;
mod map;
mod schema;
pub mod search;

pub use enrich::{DEFAULT_SUPPLEMENT_CLOSE_AFTER, Enrichment, Extra};
pub use error::{Expected, ImportError, ImportProblem, ProblemKind, RecordRef};
pub use import::{import_file, import_national_json};
pub use search::{Hit, SearchDoc, SearchIndex};

use crate::procedure::ProcedureVersion;

/// The national data the demo catalog is built from: a copy of 40 real procedures, unchanged
/// (source and caveats in data/catalog/README.md).
pub const DEMO_PROCEDURES_JSON: &str = include_str!("../../../../data/catalog/procedures.json");

/// The demo catalog: [`DEMO_PROCEDURES_JSON`] imported with [`Enrichment::demo`] (curated forms,
/// summaries, and a documented processing time for the records that have none, so that every
/// demo procedure can receive dossiers). Each fill-in is flagged in the version's `caveats`.
pub fn demo_catalog() -> Vec<ProcedureVersion> {
    import_file(
        "data/catalog/procedures.json",
        DEMO_PROCEDURES_JSON,
        &Enrichment::demo(),
    )
    .expect("the demo catalog imports cleanly (tested)")
}
