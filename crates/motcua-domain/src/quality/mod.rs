//! Service quality (issue #4 of the design): the Decision 766/QĐ-TTg index, citizen
//! satisfaction, feedback and petitions (phản ánh, kiến nghị), where the time goes, and
//! officers' results. Pure domain logic: no I/O, no async, no clock; the store keeps the daily
//! aggregates and the pages show the reports. docs/QUALITY.md is the guide.
//!
//! * [`config`]: versioned weights, thresholds, counting rules and feedback deadlines (data).
//! * [`dossier_outcome`]: the counted facts of one dossier (2.1 on time, 3.3, 4.x, 5.4 flags).
//! * [`aggregate`]: additive daily rows and the deltas that keep them exact.
//! * [`index766`]: the index of a unit (or province) and period from summed rows.
//! * [`satisfaction`]: the 12 portal criteria and the 9 indices of the scoring tool.
//! * [`feedback`]: feedback as commands → events, deadlines, redaction of published answers.
//! * [`bottleneck`]: working time per step and unit, waits, rework, blame for late dossiers.
//! * [`officers`]: per-officer quarterly results.

pub mod aggregate;
pub mod bottleneck;
pub mod config;
pub mod decimal;
pub mod dossier_outcome;
pub mod feedback;
pub mod index766;
pub mod officers;
pub mod period;
pub mod satisfaction;

pub use decimal::{Decimal2, Fraction};
pub use period::{Period, PeriodError, PeriodKind};

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;
