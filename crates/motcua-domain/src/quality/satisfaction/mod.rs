//! Citizen satisfaction (REGULATIONS.md §4): a rating of one dossier on the 12 portal criteria,
//! scored on the 9 indices of the scoring tool (2 / 1 / 0, max 18), indices 1–3 computed from
//! the events (R-SAT-1), and the mapping to "dissatisfied" used by 766 indicator 5.4.
//!
//! "Once per dossier per channel" is enforced by the store (a unique key); here a rating is
//! checked to be complete and about a dossier that can be rated.

mod auto;
mod criteria;
mod rating;

pub use auto::{AutoIndices, BodyScore, auto_indices, body_time, contacts, total_time};
pub use criteria::{Criterion, Index, Level};
pub use rating::{RatingChannel, RatingError, RatingInput, ScoredRating, rate};

#[cfg(test)]
mod tests;
