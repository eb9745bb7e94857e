//! The legal clock of motcua.
//!
//! * [`lunar`]: the Vietnamese lunisolar calendar at UTC+7 (Hồ Ngọc Đức's astronomical method),
//!   solar ↔ lunar for 1900–2199.
//! * [`schedule`]: the yearly holiday schedules as data (one TOML file per year under
//!   `data/calendar/`, compiled in), plus a provisional schedule derived from Labour Code 2019
//!   art. 112 for years without an announcement (R-CAL-2).
//! * [`hours`]: a unit's working hours and dated overrides (R-CAL-3).
//! * [`WorkingCalendar`]: schedule + unit hours compiled into a per-year index of working minutes,
//!   which answers "is this a working day", "when is this due" and "how many working minutes
//!   between" (R-CAL-1, R-TIME-1, R-TIME-2).
//! * [`completion`], [`WorkingCalendar::open_state`]: early / on time / late (R-TIME-5) and
//!   within time / due soon / overdue (R-LC-5).
//! * [`report`]: the serde structs shared by the CLI and the API, and plain-text renderers.
//!
//! No I/O, no async, no clock reads: "now" and every data file are arguments. The reasoning behind
//! every choice, with its legal source, is in `docs/CALENDAR.md`.

mod calendar;
mod days;
mod error;
pub mod hours;
mod input;
pub mod lunar;
pub mod report;
pub mod schedule;
pub mod serde_vn;
mod status;

use jiff::Timestamp;
use jiff::civil::{DateTime, Time};
use jiff::tz::Offset;
use serde::{Deserialize, Serialize};

pub use calendar::{DayCause, DayInfo, WorkingCalendar};
pub use days::{MAX_YEAR, MIN_YEAR, max_date, min_date, weekday_vi};
pub use error::{CalendarError, HoursProblem, LunarProblem, ScheduleProblem};
pub use hours::{DayOverride, Hours, Period, UnitCalendar};
pub use input::{parse_date, parse_moment};
pub use lunar::LunarDate;
pub use schedule::{Confidence, DayKind, ScheduleEntry, ScheduleSet, YearSchedule};
pub use status::{DEFAULT_DUE_SOON_DAYS, completion};

/// Vietnam's civil time: UTC+7, no daylight saving since 1975.
pub const VN_OFFSET: Offset = Offset::constant(7);

/// Minutes in one working day for conversions: "05 ngày làm việc (40 giờ làm việc)" (R-CAL-3).
pub const MINUTES_PER_WORKING_DAY: i64 = 8 * 60;

/// The civil (local) date and time in Vietnam of an instant.
pub fn to_local(ts: Timestamp) -> DateTime {
    VN_OFFSET.to_datetime(ts)
}

/// The instant of a civil (local) date and time in Vietnam.
///
/// Panics only for civil date-times within 7 hours of jiff's own limits (years ±9999), far
/// outside anything this crate produces.
pub fn from_local(dt: DateTime) -> Timestamp {
    VN_OFFSET.to_timestamp(dt).expect("civil datetime in range")
}

/// The unit a legal time limit is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    WorkingHours,
    WorkingDays,
    CalendarDays,
    Months,
    /// "Ngay trong ngày": the result is due at the close of the (counted) reception day.
    SameDay,
}

impl TimeUnit {
    /// The Vietnamese name used on forms ("ngày làm việc", …).
    pub fn label_vi(self) -> &'static str {
        match self {
            TimeUnit::WorkingHours => "giờ làm việc",
            TimeUnit::WorkingDays => "ngày làm việc",
            TimeUnit::CalendarDays => "ngày",
            TimeUnit::Months => "tháng",
            TimeUnit::SameDay => "trong ngày",
        }
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            TimeUnit::WorkingHours => "working hours",
            TimeUnit::WorkingDays => "working days",
            TimeUnit::CalendarDays => "calendar days",
            TimeUnit::Months => "months",
            TimeUnit::SameDay => "same day",
        }
    }
}

/// A legal time limit, e.g. 3 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limit {
    pub amount: u32,
    pub unit: TimeUnit,
}

impl Limit {
    pub const fn new(amount: u32, unit: TimeUnit) -> Self {
        Limit { amount, unit }
    }
    pub const fn working_hours(amount: u32) -> Self {
        Limit::new(amount, TimeUnit::WorkingHours)
    }
    pub const fn working_days(amount: u32) -> Self {
        Limit::new(amount, TimeUnit::WorkingDays)
    }
    pub const fn calendar_days(amount: u32) -> Self {
        Limit::new(amount, TimeUnit::CalendarDays)
    }
    pub const fn months(amount: u32) -> Self {
        Limit::new(amount, TimeUnit::Months)
    }
    /// "Trả kết quả trong ngày" (the amount is ignored).
    pub const fn same_day() -> Self {
        Limit::new(0, TimeUnit::SameDay)
    }

    /// Vietnamese text, e.g. "03 ngày làm việc" or "trong ngày".
    pub fn label_vi(&self) -> String {
        match self.unit {
            TimeUnit::SameDay => "trong ngày".to_string(),
            unit => format!("{:02} {}", self.amount, unit.label_vi()),
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.unit {
            TimeUnit::SameDay => f.write_str("same day"),
            unit => write!(f, "{} {}", self.amount, unit.label_en()),
        }
    }
}

/// When reception late in the day starts the count on the next working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CutoffRule {
    #[default]
    None,
    /// Received after this local time: counting starts at the next working day.
    After { time: Time },
    /// Received within this many minutes before the close of the working day: next working day.
    BeforeClose { minutes: u32 },
}

impl CutoffRule {
    /// "Received strictly after hh:mm" (e.g. 15:00, certification and civil-status procedures).
    pub fn after(hour: i8, minute: i8) -> Self {
        CutoffRule::After {
            time: Time::constant(hour, minute, 0, 0),
        }
    }

    /// Vietnamese description for receipts and the CLI.
    pub fn label_vi(&self) -> String {
        match self {
            CutoffRule::None => "không áp dụng".to_string(),
            CutoffRule::After { time } => format!(
                "tiếp nhận sau {} giờ {:02} phút thì tính từ ngày làm việc tiếp theo",
                time.hour(),
                time.minute()
            ),
            CutoffRule::BeforeClose { minutes } => format!(
                "tiếp nhận trong vòng {minutes} phút trước giờ kết thúc làm việc thì tính từ ngày làm việc tiếp theo"
            ),
        }
    }
}

/// Outcome at completion against the due moment (R-TIME-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    Early,
    OnTime,
    Late,
}

impl Completion {
    /// "Trước hạn" / "Đúng hạn" / "Quá hạn".
    pub fn label_vi(self) -> &'static str {
        match self {
            Completion::Early => "Trước hạn",
            Completion::OnTime => "Đúng hạn",
            Completion::Late => "Quá hạn",
        }
    }
}

/// State of an open dossier (or step) against its due moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenState {
    WithinTime,
    DueSoon,
    Overdue,
}

impl OpenState {
    /// "Trong hạn" / "Sắp đến hạn" / "Quá hạn".
    pub fn label_vi(self) -> &'static str {
        match self {
            OpenState::WithinTime => "Trong hạn",
            OpenState::DueSoon => "Sắp đến hạn",
            OpenState::Overdue => "Quá hạn",
        }
    }
}
