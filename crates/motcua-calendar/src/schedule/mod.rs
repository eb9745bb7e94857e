//! Yearly holiday schedules as data (R-CAL-1, R-CAL-2).
//!
//! Working days cannot be derived from a formula: each year the Prime Minister fixes the Tết and
//! National Day days (Labour Code 2019 art. 112(3)) and the Ministry (Bộ LĐTBXH until 2025, Bộ Nội
//! vụ from 2026) announces the civil-service schedule, with swapped days and make-up Saturdays.
//! So one TOML file per year lists the holidays, the extra days off and the make-up working days,
//! each with its legal source and a confidence tag. The built-in files (`data/calendar/YYYY.toml`)
//! are compiled in; a year imported at run time replaces the built-in one.
//!
//! A year without an announced schedule gets a *provisional* one derived from art. 112 and art.
//! 111(3) (see [`YearSchedule::provisional`]); every day of it is marked `provisional`.

mod builtin;
mod parse;
mod provisional;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::days::check_year;
use crate::error::CalendarError;

/// What a schedule entry does to the civil-service week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A paid public holiday of Labour Code 2019 art. 112(1) (also when it falls on a weekend).
    Holiday,
    /// An extra day off: compensation for a holiday on a weekend (art. 111(3), "nghỉ bù") or a
    /// swapped day ("nghỉ hoán đổi").
    DayOff,
    /// A Saturday or Sunday worked to make up a swapped day ("làm bù").
    MakeupWorkingDay,
}

impl DayKind {
    pub(crate) fn parse(text: &str) -> Option<DayKind> {
        match text {
            "holiday" => Some(DayKind::Holiday),
            "day_off" => Some(DayKind::DayOff),
            "makeup_working_day" => Some(DayKind::MakeupWorkingDay),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::DayOff => "day_off",
            DayKind::MakeupWorkingDay => "makeup_working_day",
        }
    }

    /// Whether the day is a working day for the civil service.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::MakeupWorkingDay)
    }
}

/// How sure a fact is, with the tags of the domain brief: \[V\] read in a primary text, \[S\]
/// secondary source only, \[R\] recollection, \[U\] unverified / derived, \[GAP\] not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    V,
    S,
    R,
    U,
    #[serde(rename = "GAP")]
    Gap,
}

impl Confidence {
    pub(crate) fn parse(text: &str) -> Option<Confidence> {
        match text {
            "V" => Some(Confidence::V),
            "S" => Some(Confidence::S),
            "R" => Some(Confidence::R),
            "U" => Some(Confidence::U),
            "GAP" => Some(Confidence::Gap),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::V => "V",
            Confidence::S => "S",
            Confidence::R => "R",
            Confidence::U => "U",
            Confidence::Gap => "GAP",
        }
    }
}

/// One dated entry of a yearly schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleEntry {
    pub date: Date,
    pub kind: DayKind,
    /// Vietnamese name, e.g. "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương", "Làm bù".
    pub name: String,
    /// The legal source (notice, decree, article) and where it was read.
    pub source: String,
    pub confidence: Confidence,
    /// `false`: listed but not in force (an administrator can switch it on), e.g. Ngày Văn hóa
    /// Việt Nam 24/11/2026 whose legal basis is not yet confirmed.
    pub enabled: bool,
    /// Derived by the system, not announced (R-CAL-2).
    pub provisional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The schedule of one year: its entries sorted by date, at most one per date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSchedule {
    pub year: i16,
    pub title: String,
    pub source: String,
    /// Derived from art. 112, not announced.
    pub provisional: bool,
    entries: Vec<ScheduleEntry>,
}

impl YearSchedule {
    /// Parses and checks one yearly TOML file (format: `docs/CALENDAR.md`). `origin` names the
    /// file in error messages. All or nothing: any problem gives an error naming line and column.
    pub fn parse(origin: &str, text: &str) -> Result<YearSchedule, CalendarError> {
        parse::parse(origin, text)
    }

    /// The provisional schedule of a year without an announcement (R-CAL-2).
    pub fn provisional(year: i16) -> Result<YearSchedule, CalendarError> {
        provisional::derive(year)
    }

    pub(crate) fn from_parts(
        year: i16,
        title: String,
        source: String,
        provisional: bool,
        mut entries: Vec<ScheduleEntry>,
    ) -> YearSchedule {
        entries.sort_by_key(|e| e.date);
        YearSchedule {
            year,
            title,
            source,
            provisional,
            entries,
        }
    }

    /// All entries, enabled or not, sorted by date.
    pub fn entries(&self) -> &[ScheduleEntry] {
        &self.entries
    }

    /// The entry on `date` (enabled or not).
    pub fn entry(&self, date: Date) -> Option<&ScheduleEntry> {
        self.entries
            .binary_search_by_key(&date, |e| e.date)
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The entry on `date` if it is in force.
    pub fn active_entry(&self, date: Date) -> Option<&ScheduleEntry> {
        self.entry(date).filter(|e| e.enabled)
    }

    /// Switches an entry on or off (e.g. Ngày Văn hóa Việt Nam once its legal basis is in force).
    pub fn set_enabled(&mut self, date: Date, enabled: bool) -> Result<(), CalendarError> {
        let year = self.year.into();
        let i = self
            .entries
            .binary_search_by_key(&date, |e| e.date)
            .map_err(|_| CalendarError::UnknownEntry { year, date })?;
        self.entries[i].enabled = enabled;
        Ok(())
    }
}

/// The announced yearly schedules known to the system, by year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleSet {
    years: BTreeMap<i16, Arc<YearSchedule>>,
}

impl ScheduleSet {
    /// No announced year: every year is provisional.
    pub fn empty() -> Self {
        ScheduleSet::default()
    }

    /// The schedules shipped with motcua (`data/calendar/*.toml`, compiled in).
    pub fn builtin() -> Self {
        static BUILTIN: OnceLock<ScheduleSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut set = ScheduleSet::empty();
                for (name, text) in builtin::FILES {
                    let year = YearSchedule::parse(name, text)
                        .unwrap_or_else(|e| panic!("built-in schedule {name} is invalid: {e}"));
                    set.insert(year);
                }
                set
            })
            .clone()
    }

    /// Adds a year, replacing any schedule already held for that year; returns the old one.
    pub fn insert(&mut self, year: YearSchedule) -> Option<Arc<YearSchedule>> {
        self.years.insert(year.year, Arc::new(year))
    }

    /// Parses a yearly file (e.g. `motcua calendar import FILE`, the admin API) and, only if it
    /// is entirely valid, replaces that year. Returns the year.
    pub fn import(&mut self, origin: &str, text: &str) -> Result<i16, CalendarError> {
        let schedule = YearSchedule::parse(origin, text)?;
        let year = schedule.year;
        self.insert(schedule);
        Ok(year)
    }

    /// Removes an announced year (it becomes provisional again).
    pub fn remove(&mut self, year: i16) -> Option<Arc<YearSchedule>> {
        self.years.remove(&year)
    }

    /// The announced schedule of `year`.
    pub fn announced(&self, year: i16) -> Result<&YearSchedule, CalendarError> {
        self.years
            .get(&year)
            .map(|y| &**y)
            .ok_or(CalendarError::UnknownYear { year: year.into() })
    }

    /// Years with an announced schedule, ascending.
    pub fn announced_years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }

    /// The schedule in force for `year`: the announced one, else the provisional one.
    pub fn resolve(&self, year: i16) -> Result<Arc<YearSchedule>, CalendarError> {
        check_year(year.into())?;
        match self.years.get(&year) {
            Some(y) => Ok(Arc::clone(y)),
            None => Ok(Arc::new(YearSchedule::provisional(year)?)),
        }
    }

    /// Switches an announced entry on or off (copy-on-write: other holders keep their copy).
    pub fn set_enabled(&mut self, date: Date, enabled: bool) -> Result<(), CalendarError> {
        let year = date.year();
        let schedule = self
            .years
            .get_mut(&year)
            .ok_or(CalendarError::UnknownYear { year: year.into() })?;
        Arc::make_mut(schedule).set_enabled(date, enabled)
    }
}
