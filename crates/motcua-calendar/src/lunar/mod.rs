//! The Vietnamese lunisolar calendar (âm lịch) at UTC+7, 1900–2199.
//!
//! Needed by the law itself: Tết Nguyên đán (5 days) and Giỗ Tổ Hùng Vương (10/3 lunar) are
//! art. 112(1) holidays of the Labour Code 2019, so a provisional schedule (R-CAL-2) needs the
//! lunar calendar *as used in Vietnam* (UTC+7), which differs from the Chinese one (UTC+8) in some
//! years: Tết 1985 was 1985-01-21 in Vietnam and 1985-02-20 in China.
//!
//! Text form (Display and [`str::parse`]): `1/1/2026 (Bính Ngọ)`; a leap month is written with
//! "nhuận" after the month number: `15/6 nhuận/2025 (Ất Tỵ)`. Parsing also accepts the ASCII
//! markers `n`, `l`, `leap`, `nhuan` (`15/6n/2025`) and no can-chi suffix.

mod astro;
mod text;

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::days::{MAX_YEAR, MIN_YEAR, check_date, date_of, day_of};
use crate::error::{CalendarError, LunarProblem};
use astro::Table;

pub use text::{day_can_chi, month_can_chi, year_can_chi};

/// A date of the Vietnamese lunar calendar. `year` is the lunar year that starts at its Tết (so
/// 2026-02-16 is 30/12/2025 and 2026-02-17 is 1/1/2026).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LunarDate {
    pub year: i16,
    pub month: u8,
    pub leap: bool,
    pub day: u8,
}

impl LunarDate {
    /// A checked lunar date: the month must exist in that year (a leap month only in the year
    /// that has it) and the day must be within the month's 29 or 30 days.
    pub fn new(day: u8, month: u8, year: i16, leap: bool) -> Result<Self, CalendarError> {
        let date = LunarDate {
            year,
            month,
            leap,
            day,
        };
        date.locate()?;
        Ok(date)
    }

    /// The lunar date of a solar date in 1900-01-01 … 2199-12-31.
    pub fn from_solar(date: Date) -> Result<Self, CalendarError> {
        check_date(date)?;
        let table = Table::get();
        let day = day_of(date);
        let i = table.months.partition_point(|m| m.start <= day) - 1;
        let m = table.months[i];
        Ok(LunarDate {
            year: m.year,
            month: m.month,
            leap: m.leap,
            day: (day - m.start + 1) as u8,
        })
    }

    /// The solar date of this lunar date.
    pub fn to_solar(&self) -> Result<Date, CalendarError> {
        let (i, _) = self.locate()?;
        let start = Table::get().months[i].start;
        let date = date_of(start + i32::from(self.day) - 1);
        check_date(date)?;
        Ok(date)
    }

    /// The can-chi name of the lunar year, e.g. "Bính Ngọ".
    pub fn year_name(&self) -> String {
        year_can_chi(self.year.into())
    }

    /// Finds the month in the table and checks the day; returns (table index, length).
    fn locate(&self) -> Result<(usize, u8), CalendarError> {
        let invalid = |problem| CalendarError::InvalidLunarDate {
            text: self.to_string(),
            problem,
        };
        if !(1..=12).contains(&self.month) {
            return Err(invalid(LunarProblem::MonthNumber));
        }
        if !(1..=30).contains(&self.day) {
            return Err(invalid(LunarProblem::DayNumber));
        }
        if self.year < MIN_YEAR - 1 || self.year > MAX_YEAR {
            return Err(CalendarError::out_of_range(format!(
                "lunar year {}",
                self.year
            )));
        }
        let table = Table::get();
        let key = (self.year, self.month, self.leap);
        let i = match table.months.binary_search_by(|m| m.key().cmp(&key)) {
            Ok(i) => i,
            Err(_) if self.leap => {
                let actual = leap_month_in_table(self.year);
                return Err(invalid(LunarProblem::NoSuchLeapMonth { actual }));
            }
            // Only months outside the table (11/1899 and earlier, the end of 2199) are missing.
            Err(_) => return Err(CalendarError::out_of_range(self.to_string())),
        };
        let length = table.length(i) as u8;
        if self.day > length {
            return Err(invalid(LunarProblem::DayBeyondMonth { length }));
        }
        Ok((i, length))
    }
}

impl fmt::Display for LunarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " nhuận" } else { "" };
        write!(
            f,
            "{}/{}{}/{} ({})",
            self.day,
            self.month,
            leap,
            self.year,
            year_can_chi(self.year.into())
        )
    }
}

impl std::str::FromStr for LunarDate {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (day, month, year, leap) = text::parse(s)?;
        LunarDate::new(day, month, year, leap)
    }
}

fn leap_month_in_table(year: i16) -> Option<u8> {
    Table::get()
        .months
        .iter()
        .find(|m| m.year == year && m.leap)
        .map(|m| m.month)
}

fn check_lunar_year(year: i16) -> Result<(), CalendarError> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(CalendarError::out_of_range(format!("lunar year {year}")));
    }
    Ok(())
}

/// Tết Nguyên đán (1/1) of lunar year `year`, 1900–2199.
pub fn tet(year: i16) -> Result<Date, CalendarError> {
    check_lunar_year(year)?;
    LunarDate::new(1, 1, year, false)?.to_solar()
}

/// The leap month of lunar year `year`, if it has one (e.g. 2025 → 6; 2033 → 11).
pub fn leap_month(year: i16) -> Result<Option<u8>, CalendarError> {
    check_lunar_year(year)?;
    Ok(leap_month_in_table(year))
}

/// Number of days (29 or 30) of a lunar month.
pub fn month_length(year: i16, month: u8, leap: bool) -> Result<u8, CalendarError> {
    LunarDate::new(1, month, year, leap)?
        .locate()
        .map(|(_, len)| len)
}

/// Every lunar month that overlaps 1900-01-01 … 2199-12-31, in order, as (first day of the month
/// as a lunar date, solar date of that day, length in days). The first one starts in December
/// 1899 and the last one may end in January 2200; their days outside the range are errors.
pub fn months() -> impl Iterator<Item = (LunarDate, Date, u8)> {
    let table = Table::get();
    table.months.iter().enumerate().map(|(i, m)| {
        (
            LunarDate {
                year: m.year,
                month: m.month,
                leap: m.leap,
                day: 1,
            },
            date_of(m.start),
            table.length(i) as u8,
        )
    })
}
