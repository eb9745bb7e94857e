//! Feedback and petitions (phản ánh, kiến nghị, PAKN; ND 20/2008/NĐ-CP as amended, REGULATIONS.md
//! §8) as commands → events, like the dossier: [`decide`] judges, [`apply`] folds, the
//! transition table is data ([`rules`]). Deadlines come from the versioned configuration in
//! working days of the unit's calendar; [`timing`] classifies on time / overdue (766 5.2) and
//! gives the counted facts for the daily aggregates (5.1, 5.2, 5.3). Published answers are
//! stripped of personal data by [`redact`]. Every event is a change the author is notified of
//! ([`FeedbackEventData::author_notice`]).

mod apply;
mod command;
mod decide;
mod event;
mod model;
pub mod redact;
mod rejection;
pub mod rules;
pub mod timing;

pub use apply::{apply, replay, start};
pub use command::{FeedbackCommand, FeedbackCommandKind, FeedbackSubmission};
pub use decide::{FeedbackCtx, decide, personal_data};
pub use event::{FeedbackActorRef, FeedbackEvent, FeedbackEventData, FeedbackSubmitted};
pub use model::*;
pub use redact::{MASK, PersonalData, redact};
pub use rejection::FeedbackRejection;
pub use rules::FeedbackRole;
pub use timing::{
    Deadline, DeadlineKind, FeedbackOutcome, LegOutcome, current_deadline, feedback_contributions,
    feedback_deltas, feedback_outcome, leg_on_time, open_state, overdue_from,
};

#[cfg(test)]
mod tests;
