//! The per-year working-minute index.
//!
//! For each day of a year we store which "profile" (set of working periods) applies and the
//! cumulative working minutes before that day. A moment then has a *position* (working minutes
//! since 1 January 00:00 of its year), and "add N working minutes" is "find the day whose
//! cumulative range contains position + N" — a binary search over at most 367 numbers.
//!
//! Years are built lazily on first use (a dossier system touches two or three years), so building
//! a calendar for a unit costs almost nothing and a year costs a few microseconds.

use std::sync::Arc;

use crate::days::{days_in_year, first_day_of_year};
use crate::schedule::YearSchedule;

/// The working periods of one kind of day, in minutes since midnight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Profile {
    pub periods: Box<[(u16, u16)]>,
    pub total: u32,
}

impl Profile {
    pub fn new(periods: Vec<(u16, u16)>) -> Self {
        let total = periods.iter().map(|&(s, e)| u32::from(e - s)).sum();
        Profile {
            periods: periods.into_boxed_slice(),
            total,
        }
    }

    /// Working minutes of this day before `minute`.
    #[inline]
    pub fn worked_before(&self, minute: u16) -> u32 {
        let mut sum = 0;
        for &(s, e) in self.periods.iter() {
            if minute <= s {
                break;
            }
            sum += u32::from(minute.min(e) - s);
        }
        sum
    }

    /// The minute at which the `rem`-th working minute of the day ends (1 ≤ rem ≤ total): a
    /// period end is returned as such, never as the next period's start.
    #[inline]
    pub fn minute_of(&self, mut rem: u32) -> u16 {
        for &(s, e) in self.periods.iter() {
            let len = u32::from(e - s);
            if rem <= len {
                return s + rem as u16;
            }
            rem -= len;
        }
        unreachable!("rem within the day's total")
    }

    /// End of the last period (the day's close).
    pub fn close(&self) -> Option<u16> {
        self.periods.last().map(|&(_, e)| e)
    }
}

#[derive(Debug)]
pub(crate) struct YearIndex {
    pub first_day: i32,
    /// `cum[i]` = working minutes of the year before day `i` (0-based); `cum[len]` = total.
    pub cum: Box<[u32]>,
    /// Profile of each day.
    pub profile: Box<[u16]>,
    /// The schedule the index was built from (announced, else provisional).
    pub schedule: Arc<YearSchedule>,
}

impl YearIndex {
    pub fn build(
        year: i16,
        schedule: Arc<YearSchedule>,
        profile: Vec<u16>,
        profiles: &[Profile],
    ) -> Self {
        let n = days_in_year(year.into()) as usize;
        debug_assert_eq!(profile.len(), n);
        let mut cum = Vec::with_capacity(n + 1);
        let mut acc = 0u32;
        cum.push(0);
        for &p in &profile {
            acc += profiles[p as usize].total;
            cum.push(acc);
        }
        YearIndex {
            first_day: first_day_of_year(year.into()),
            cum: cum.into_boxed_slice(),
            profile: profile.into_boxed_slice(),
            schedule,
        }
    }

    /// The year's schedule is provisional (not announced).
    pub fn provisional(&self) -> bool {
        self.schedule.provisional
    }

    #[inline]
    pub fn total(&self) -> u32 {
        self.cum[self.cum.len() - 1]
    }

    /// The day (0-based) holding position `r` (1 ≤ r ≤ total): the first day with
    /// `cum[i] < r <= cum[i + 1]`.
    #[inline]
    pub fn day_holding(&self, r: u32) -> usize {
        self.cum[1..].partition_point(|&c| c < r)
    }
}
