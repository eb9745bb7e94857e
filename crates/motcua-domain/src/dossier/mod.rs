//! The dossier lifecycle (ND 118/2025 as summarised in REGULATIONS.md §1.2): commands are
//! judged by [`decide`], their events folded by [`apply`]. See docs/LIFECYCLE.md.

mod apply;
mod command;
mod decide;
mod event;
mod model;
mod rejection;
mod role;
pub mod rules;

pub use apply::{apply, replay, start};
pub use command::{Command, CommandKind, Submission};
pub use decide::{Ctx, Policy, decide, recompute_due};
pub use event::{Event, EventData, HandOver, SubmittedData};
pub use model::*;
pub use rejection::Rejection;
pub use role::{Actor, ActorRef, Grant, Role};

#[cfg(test)]
mod tests;
