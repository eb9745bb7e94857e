//! The counter sets kept per day. Every field is a count (or a sum of minutes) that adds up
//! across days, units, procedures and channels, so a period, a province or a procedure group is
//! a plain sum of rows. Deltas are the same fields as signed numbers.

use serde::{Deserialize, Serialize};

use crate::message::Localized;

/// A delta would take a counter below zero: the stored aggregate and the events disagree
/// (the store rebuilds the aggregate from the events when it sees this).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("counter {field} would become negative")]
pub struct CounterUnderflow {
    pub field: &'static str,
}

impl Localized for CounterUnderflow {
    fn code(&self) -> &'static str {
        "quality.counter_underflow"
    }
    fn message_vi(&self) -> String {
        format!(
            "Số liệu tổng hợp «{}» không khớp với nhật ký sự kiện; cần tính lại.",
            self.field
        )
    }
    fn message_en(&self) -> String {
        format!(
            "The aggregate counter {:?} disagrees with the event log; it must be rebuilt.",
            self.field
        )
    }
}

/// What the aggregate machinery needs from a counter set.
pub trait Counters: Default + Clone + Copy + PartialEq + std::fmt::Debug {
    type Delta: Default + Clone + Copy + PartialEq + std::fmt::Debug;
    /// Column names, in the order of `values`.
    const FIELDS: &'static [&'static str];
    fn add(&mut self, other: &Self);
    fn is_zero(&self) -> bool;
    /// `after − before`, field by field.
    fn delta(before: &Self, after: &Self) -> Self::Delta;
    fn delta_is_zero(d: &Self::Delta) -> bool;
    fn add_delta(a: &mut Self::Delta, b: &Self::Delta);
    /// Adds a delta; fails (changing nothing) if a field would go below zero.
    fn apply(&mut self, d: &Self::Delta) -> Result<(), CounterUnderflow>;
}

macro_rules! counter_set {
    (
        $(#[$meta:meta])* $name:ident / $delta:ident {
            $( $(#[$fmeta:meta])* $field:ident, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name {
            $( $(#[$fmeta])* #[serde(default)] pub $field: u64, )*
        }

        /// Signed change of the counters of one row.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $delta {
            $( #[serde(default, skip_serializing_if = "is_zero_i64")] pub $field: i64, )*
        }

        impl $name {
            /// Number of columns.
            pub const LEN: usize = [$(stringify!($field)),*].len();

            /// The values in the order of [`Counters::FIELDS`] (for binding SQL columns).
            pub fn values(&self) -> [u64; Self::LEN] {
                [$(self.$field),*]
            }

            /// From values in the order of [`Counters::FIELDS`].
            pub fn from_values(v: [u64; Self::LEN]) -> Self {
                let mut it = v.into_iter();
                $name { $( $field: it.next().unwrap_or(0), )* }
            }
        }

        impl $delta {
            pub fn values(&self) -> [i64; $name::LEN] {
                [$(self.$field),*]
            }
        }

        impl Counters for $name {
            type Delta = $delta;
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            fn add(&mut self, o: &Self) {
                $( self.$field += o.$field; )*
            }

            fn is_zero(&self) -> bool {
                true $( && self.$field == 0 )*
            }

            fn delta(before: &Self, after: &Self) -> $delta {
                $delta { $( $field: after.$field as i64 - before.$field as i64, )* }
            }

            fn delta_is_zero(d: &$delta) -> bool {
                true $( && d.$field == 0 )*
            }

            fn add_delta(a: &mut $delta, b: &$delta) {
                $( a.$field += b.$field; )*
            }

            fn apply(&mut self, d: &$delta) -> Result<(), CounterUnderflow> {
                let mut next = *self;
                $(
                    next.$field = self
                        .$field
                        .checked_add_signed(d.$field)
                        .ok_or(CounterUnderflow { field: stringify!($field) })?;
                )*
                *self = next;
                Ok(())
            }
        }
    };
}

fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

counter_set! {
    /// Dossier counters of one (unit, procedure, channel, day) row. Each field says which day
    /// of the dossier's life it is counted on; docs/QUALITY.md explains every choice.
    DossierCounters / DossierDelta {
        /// Reception day: officially received (Mẫu 01); the clock of 2.1 starts.
        received,
        /// End day: ended (result issued, stopped, closed) on time under the 766 rule (2.1).
        finished_on_time,
        /// End day: ended late under the 766 rule (2.1).
        finished_late,
        /// Overdue day: the day a received dossier became overdue under the 766 rule, whether
        /// still open then or not (2.1 counts the open ones at the end of a period from this).
        overdue_crossed,
        /// Reception day: received online and not disqualified by a paper-only result (3.3).
        online_ok,
        /// Reception day: received at the desk (3.3 side ratio).
        via_desk,
        /// Reception day: received by post (3.3 side ratio).
        via_post,
        /// Reception day: files on its components and no paper-only result (4.2).
        digitised,
        /// Reception day: at least one component reused from a store or national database (4.3).
        reused,
        /// Reception day: a file from the personal data store, or the result returned into it (4.4).
        personal_store,
        /// Reception day: rated dissatisfied, or feedback (PAKN) was filed about it (5.4).
        dissatisfied,
        /// Result day: a result issued for a procedure whose result is a document (4.1 denominator).
        doc_results,
        /// Result day: … and the result has an electronic file (4.1 numerator).
        e_results,
        /// Reception day: a result was issued (2.2 denominator).
        resolved,
        /// Reception day: working minutes from reception to result, supplement waits excluded (2.2).
        resolution_minutes,
        /// Refusal day: refused at reception (Mẫu 03); never in 2.1 (it was never received).
        refused,
    }
}

counter_set! {
    /// Feedback (PAKN) counters of one (unit, day) row.
    FeedbackCounters / FeedbackDelta {
        /// Leg start day: arrived at the unit (submitted to it or forwarded to it) (5.2).
        received,
        /// Leg end day: rejected, forwarded on or published on time (5.2).
        finished_on_time,
        /// Leg end day: … late (5.2).
        finished_late,
        /// Overdue day of a leg (5.2 open items at the end of a period).
        overdue_crossed,
        /// First-arrival day, counted for the unit handling it now (5.3 denominator).
        first_received,
        /// First-arrival day: more dislikes than likes, re-raised, or overdue (5.3).
        unsatisfactory,
        /// First-arrival day: classified as about rules or procedures (5.1).
        about_rules,
        /// First-arrival day: classified as about an officer's conduct (5.1).
        about_conduct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_apply_and_refuse_underflow() {
        let before = DossierCounters {
            received: 2,
            ..Default::default()
        };
        let after = DossierCounters {
            received: 1,
            finished_late: 1,
            ..Default::default()
        };
        let d = DossierCounters::delta(&before, &after);
        assert_eq!((d.received, d.finished_late), (-1, 1));
        let mut x = before;
        x.apply(&d).unwrap();
        assert_eq!(x, after);
        let mut empty = DossierCounters::default();
        assert_eq!(empty.apply(&d), Err(CounterUnderflow { field: "received" }));
        assert!(empty.is_zero(), "a failed apply changes nothing");
        assert_eq!(DossierCounters::FIELDS.len(), DossierCounters::LEN);
        assert_eq!(
            DossierCounters::from_values(after.values()),
            after,
            "values round-trip"
        );
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"received":-1,"finished_late":1}"#
        );
    }
}
