//! [`WorkingCalendar`]: a yearly schedule set and a unit's hours compiled for fast queries.
//!
//! Which hours apply on a date (first match wins):
//! 1. a dated override of the unit (local closure / local opening) — agencies can override the
//!    national schedule (R-CAL-1);
//! 2. an enabled entry of the year's schedule (announced, else provisional): a holiday or day off
//!    closes the unit, a make-up working day opens it with the unit's normal working-day hours;
//! 3. the unit's weekly pattern.

mod due;
mod index;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use jiff::civil::{Date, DateTime};
use serde::Serialize;

use crate::days::{
    MAX_YEAR, MIN_YEAR, check_date, date_of, day_of, days_in_year, first_day_of_year, from_civil,
    weekday_index,
};
use crate::error::CalendarError;
use crate::hours::{DayOverride, Hours, Period, UnitCalendar};
use crate::schedule::{DayKind, ScheduleEntry, ScheduleSet};
use index::{Profile, YearIndex};

/// A working calendar compiled for one unit: the legal schedule plus the unit's hours and
/// overrides. Cheap to clone and share between threads (one `Arc`); year indexes are built on
/// first use and shared by all clones.
#[derive(Clone)]
pub struct WorkingCalendar {
    inner: Arc<Inner>,
}

struct Inner {
    schedules: ScheduleSet,
    unit: UnitCalendar,
    profiles: Vec<Profile>,
    weekly: [u16; 7],
    workday: u16,
    overrides: HashMap<i32, u16>,
    years: Box<[OnceLock<YearIndex>]>,
}

const CLOSED: u16 = 0;

/// Why a day has the hours it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum DayCause {
    /// The unit's weekly pattern.
    Regular,
    /// An entry of the yearly schedule.
    Schedule {
        entry: ScheduleEntry,
    },
    LocalClosure {
        reason: String,
    },
    LocalOpening {
        reason: String,
    },
}

/// Everything the calendar knows about one date for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    pub date: Date,
    pub working: bool,
    pub hours: Hours,
    /// The hours the weekly pattern alone would give.
    pub regular_hours: Hours,
    pub cause: DayCause,
    /// The year's schedule is not announced yet: this answer is provisional (R-CAL-2).
    pub provisional: bool,
}

impl WorkingCalendar {
    /// The national calendar with the built-in yearly schedules and default hours. Shared: every
    /// call returns a clone of the same instance.
    pub fn national() -> Self {
        static NATIONAL: OnceLock<WorkingCalendar> = OnceLock::new();
        NATIONAL
            .get_or_init(|| {
                WorkingCalendar::new(&ScheduleSet::builtin(), &UnitCalendar::standard())
            })
            .clone()
    }

    /// A calendar for a unit. Construction does no per-day work; years are indexed lazily.
    pub fn new(schedules: &ScheduleSet, unit: &UnitCalendar) -> Self {
        let mut profiles = vec![Profile::new(Vec::new())];
        let mut intern = |hours: &Hours| -> u16 {
            let periods: Vec<(u16, u16)> = hours.periods().iter().map(Period::minutes).collect();
            let profile = Profile::new(periods);
            if profile.total == 0 {
                return CLOSED;
            }
            match profiles.iter().position(|p| *p == profile) {
                Some(i) => i as u16,
                None => {
                    profiles.push(profile);
                    (profiles.len() - 1) as u16
                }
            }
        };
        let workday = intern(unit.workday());
        let weekly =
            std::array::from_fn(|i| intern(unit.weekday(crate::days::weekday_of_index(i))));
        let overrides = unit
            .overrides()
            .iter()
            .map(|(date, o)| {
                let p = match o {
                    DayOverride::Closed { .. } => CLOSED,
                    DayOverride::Open { hours, .. } => intern(hours),
                };
                (day_of(*date), p)
            })
            .collect();
        let years = (MIN_YEAR..=MAX_YEAR).map(|_| OnceLock::new()).collect();
        WorkingCalendar {
            inner: Arc::new(Inner {
                schedules: schedules.clone(),
                unit: unit.clone(),
                profiles,
                weekly,
                workday,
                overrides,
                years,
            }),
        }
    }

    /// The schedules this calendar was built from.
    pub fn schedules(&self) -> &ScheduleSet {
        &self.inner.schedules
    }

    /// The unit hours this calendar was built from.
    pub fn unit(&self) -> &UnitCalendar {
        &self.inner.unit
    }

    /// R-CAL-1: a working day of this unit. Outside 1900–2199 no schedule exists, so only the
    /// weekly pattern and the unit's overrides count there.
    pub fn is_working_day(&self, d: Date) -> bool {
        let day = day_of(d);
        match self.year_index(d.year()) {
            Ok(y) => y.profile[(day - y.first_day) as usize] != CLOSED,
            Err(_) => {
                let p = self.inner.overrides.get(&day).copied();
                p.unwrap_or(self.inner.weekly[weekday_index(day)]) != CLOSED
            }
        }
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: Date) -> Result<Date, CalendarError> {
        check_date(date)?;
        let mut day = day_of(date) + 1;
        while day <= day_of(crate::days::max_date()) {
            if self.is_working_day(date_of(day)) {
                return Ok(date_of(day));
            }
            day += 1;
        }
        Err(CalendarError::out_of_range(format!(
            "the working day after {date}"
        )))
    }

    /// Hours, reason and provisional flag of one date.
    pub fn day_info(&self, date: Date) -> Result<DayInfo, CalendarError> {
        check_date(date)?;
        let y = self.year_index(date.year())?;
        let p = y.profile[(day_of(date) - y.first_day) as usize];
        let unit = &self.inner.unit;
        let cause = match unit.override_on(date) {
            Some(DayOverride::Closed { reason }) => DayCause::LocalClosure {
                reason: reason.clone(),
            },
            Some(DayOverride::Open { reason, .. }) => DayCause::LocalOpening {
                reason: reason.clone(),
            },
            None => match y.schedule.active_entry(date) {
                Some(e) => DayCause::Schedule { entry: e.clone() },
                None => DayCause::Regular,
            },
        };
        let hours = match unit.override_on(date) {
            Some(DayOverride::Open { hours, .. }) => hours.clone(),
            Some(DayOverride::Closed { .. }) => Hours::closed(),
            None => match &cause {
                DayCause::Schedule { entry } if entry.kind.is_working() => unit.workday().clone(),
                DayCause::Schedule { .. } => Hours::closed(),
                _ => unit.weekday(date.weekday()).clone(),
            },
        };
        debug_assert_eq!(hours.is_closed(), p == CLOSED);
        Ok(DayInfo {
            date,
            working: p != CLOSED,
            hours,
            regular_hours: unit.weekday(date.weekday()).clone(),
            cause,
            provisional: y.provisional(),
        })
    }

    /// The index of `year`, built on first use.
    fn year_index(&self, year: i16) -> Result<&YearIndex, CalendarError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(CalendarError::out_of_range(format!("year {year}")));
        }
        let slot = &self.inner.years[(year - MIN_YEAR) as usize];
        Ok(slot.get_or_init(|| self.inner.build_year(year)))
    }

    /// The days-off report of `year` for this unit (see [`crate::report::days_off`]).
    pub fn days_off(&self, year: i16) -> Result<Vec<crate::report::DayOffEntry>, CalendarError> {
        crate::report::days_off(self, year)
    }

    /// The schedule this calendar uses for `year`: the announced one, else the provisional one
    /// (derived once and kept with the year's index).
    pub fn schedule(&self, year: i16) -> Result<Arc<crate::schedule::YearSchedule>, CalendarError> {
        Ok(Arc::clone(&self.year_index(year)?.schedule))
    }

    /// Whether the schedule of `year` is provisional (not announced).
    pub fn is_provisional_year(&self, year: i16) -> Result<bool, CalendarError> {
        Ok(self.year_index(year)?.provisional())
    }

    /// Builds every year now (e.g. before a benchmark or at start-up), instead of on first use.
    pub fn warm_up(&self, from: i16, to: i16) -> Result<(), CalendarError> {
        for y in from..=to {
            self.year_index(y)?;
        }
        Ok(())
    }
}

impl Inner {
    fn build_year(&self, year: i16) -> YearIndex {
        // `resolve` only fails outside the range, which `year_index` has excluded.
        let schedule = self
            .schedules
            .resolve(year)
            .expect("schedule for a year in range");
        let first = first_day_of_year(year.into());
        let n = days_in_year(year.into());
        let mut profile: Vec<u16> = (first..first + n)
            .map(|day| self.weekly[weekday_index(day)])
            .collect();
        for e in schedule.entries().iter().filter(|e| e.enabled) {
            profile[(day_of(e.date) - first) as usize] = match e.kind {
                DayKind::Holiday | DayKind::DayOff => CLOSED,
                DayKind::MakeupWorkingDay => self.workday,
            };
        }
        for (&day, &p) in &self.overrides {
            if (first..first + n).contains(&day) {
                profile[(day - first) as usize] = p;
            }
        }
        YearIndex::build(year, schedule, profile, &self.profiles)
    }
}

impl fmt::Debug for WorkingCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let built = self
            .inner
            .years
            .iter()
            .filter(|y| y.get().is_some())
            .count();
        f.debug_struct("WorkingCalendar")
            .field(
                "announced_years",
                &self.inner.schedules.announced_years().collect::<Vec<_>>(),
            )
            .field("unit", &self.inner.unit)
            .field("indexed_years", &built)
            .finish()
    }
}

/// A moment inside the index: year, day of year (0-based), minute of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Spot {
    pub year: i16,
    pub day: u16,
    pub minute: u16,
}

impl Spot {
    /// Splits a local date-time, truncated to the minute (Mẫu 01 prints "giờ, phút").
    pub fn of(dt: DateTime) -> Result<Spot, CalendarError> {
        let year = dt.year();
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(CalendarError::out_of_range(dt.to_string()));
        }
        let day = from_civil(year.into(), dt.month() as u32, dt.day() as u32)
            - first_day_of_year(year.into());
        Ok(Spot {
            year,
            day: day as u16,
            minute: dt.hour() as u16 * 60 + dt.minute() as u16,
        })
    }

    pub fn date(&self) -> Date {
        date_of(first_day_of_year(self.year.into()) + i32::from(self.day))
    }

    pub fn to_datetime(self) -> DateTime {
        self.date()
            .at((self.minute / 60) as i8, (self.minute % 60) as i8, 0, 0)
    }
}
