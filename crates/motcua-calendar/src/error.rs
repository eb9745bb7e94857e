//! The one error type of the calendar crate. Every variant has a stable machine code and a
//! Vietnamese and an English sentence (ARCHITECTURE.md "Errors"): the domain crate wraps it into
//! its `Localized` trait, the web layer into problem documents.

use jiff::civil::{Date, Time};

use crate::days::{MAX_YEAR, MIN_YEAR, dmy};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date, moment or year outside 1900-01-01 … 2199-12-31.
    #[error("{what} is outside the supported range {MIN_YEAR}-01-01 to {MAX_YEAR}-12-31")]
    OutOfRange { what: String },

    /// A solar date (or time of day) that does not exist, e.g. 2026-02-30 or 16:61.
    #[error("{text} is not a real calendar date or time of day")]
    ImpossibleDate { text: String },

    /// Text that is not a date or moment at all.
    #[error(
        "cannot read {text:?} as a date (YYYY-MM-DD or dd/mm/yyyy) or a moment (YYYY-MM-DD HH:MM)"
    )]
    DateSyntax { text: String },

    /// A lunar date that does not exist in the Vietnamese calendar.
    #[error("the lunar date {text} does not exist: {problem}")]
    InvalidLunarDate { text: String, problem: LunarProblem },

    /// Text that is not a lunar date at all.
    #[error(
        "cannot read the lunar date {input:?}: expected d/m/yyyy with an optional leap marker after the month, e.g. 15/6 nhuận/2025"
    )]
    LunarSyntax { input: String },

    /// No announced (Government / Ministry) schedule is loaded for this year.
    #[error("no announced holiday schedule is loaded for {year}")]
    UnknownYear { year: i32 },

    /// A yearly schedule file that cannot be loaded; nothing of it was loaded.
    #[error("{origin}:{line}:{column}: {problem}")]
    MalformedSchedule {
        origin: String,
        line: u32,
        column: u32,
        problem: ScheduleProblem,
    },

    /// Working hours that make no sense.
    #[error("invalid working hours: {problem}")]
    InvalidHours { problem: HoursProblem },

    /// An administrator tried to switch an entry that is not in the schedule.
    #[error("the {year} schedule has no entry on {date}")]
    UnknownEntry { year: i32, date: Date },
}

/// Why a lunar date does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarProblem {
    #[error("the month number must be 1 to 12")]
    MonthNumber,
    #[error("the day must be 1 to 30")]
    DayNumber,
    #[error("that lunar month has only {length} days")]
    DayBeyondMonth { length: u8 },
    #[error("{}", match .actual { Some(m) => format!("that year's leap month is month {m}"), None => "that year has no leap month".to_string() })]
    NoSuchLeapMonth { actual: Option<u8> },
}

/// What is wrong in a schedule file (the error also names the line and column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleProblem {
    #[error("not valid TOML or wrong structure: {message}")]
    Syntax { message: String },
    #[error("year {year} is outside {MIN_YEAR}..{MAX_YEAR}")]
    YearOutOfRange { year: i64 },
    #[error("{text:?} is not a date in the form YYYY-MM-DD")]
    DateFormat { text: String },
    #[error("{text} is not a real calendar date")]
    ImpossibleDate { text: String },
    #[error("{date} is not in the file's year {year}")]
    DateOutsideYear { date: Date, year: i32 },
    #[error("{date} appears more than once")]
    DuplicateDate { date: Date },
    #[error("unknown kind {kind:?}; expected holiday, day_off or makeup_working_day")]
    UnknownKind { kind: String },
    #[error("unknown confidence tag {tag:?}; expected V, S, R, U or GAP")]
    UnknownConfidence { tag: String },
    #[error("the make-up working day {date} is not a Saturday or Sunday")]
    MakeupNotWeekend { date: Date },
    #[error("the day off {date} falls on a Saturday or Sunday, which are already rest days")]
    DayOffOnWeekend { date: Date },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("no confidence tag given (neither on the entry nor for the file)")]
    MissingConfidence,
}

/// What is wrong with configured working hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursProblem {
    #[error("{time} is not on a whole minute")]
    NotWholeMinute { time: Time },
    #[error("the period {start}–{end} does not end after it starts")]
    EmptyPeriod { start: Time, end: Time },
    #[error("the periods overlap or are not in order at {at}")]
    Overlap { at: Time },
    #[error("{text:?} is not a period like 07:00-11:30")]
    Syntax { text: String },
}

impl CalendarError {
    pub(crate) fn out_of_range(what: impl Into<String>) -> Self {
        CalendarError::OutOfRange { what: what.into() }
    }

    /// Stable machine code, e.g. `calendar.out_of_range`.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::OutOfRange { .. } => "calendar.out_of_range",
            CalendarError::ImpossibleDate { .. } => "calendar.impossible_date",
            CalendarError::DateSyntax { .. } => "calendar.date_syntax",
            CalendarError::InvalidLunarDate { .. } => "calendar.invalid_lunar_date",
            CalendarError::LunarSyntax { .. } => "calendar.lunar_syntax",
            CalendarError::UnknownYear { .. } => "calendar.unknown_year",
            CalendarError::MalformedSchedule { problem, .. } => problem.code(),
            CalendarError::InvalidHours { .. } => "calendar.invalid_hours",
            CalendarError::UnknownEntry { .. } => "calendar.unknown_entry",
        }
    }

    /// The English sentence (same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The Vietnamese sentence.
    pub fn message_vi(&self) -> String {
        match self {
            CalendarError::OutOfRange { what } => format!(
                "{what} nằm ngoài khoảng hệ thống hỗ trợ (01/01/{MIN_YEAR} đến 31/12/{MAX_YEAR})."
            ),
            CalendarError::ImpossibleDate { text } => {
                format!("Ngày giờ {text} không có trong lịch.")
            }
            CalendarError::DateSyntax { text } => format!(
                "Không đọc được «{text}»: ngày ghi dạng YYYY-MM-DD hoặc ngày/tháng/năm, thời điểm ghi dạng YYYY-MM-DD HH:MM."
            ),
            CalendarError::InvalidLunarDate { text, problem } => {
                format!(
                    "Ngày âm lịch {text} không tồn tại: {}.",
                    problem.message_vi()
                )
            }
            CalendarError::LunarSyntax { input } => format!(
                "Không đọc được ngày âm lịch «{input}»: cần dạng ngày/tháng/năm, tháng nhuận ghi thêm «nhuận» sau tháng, ví dụ 15/6 nhuận/2025."
            ),
            CalendarError::UnknownYear { year } => {
                format!("Chưa có lịch nghỉ lễ, Tết chính thức của năm {year}.")
            }
            CalendarError::MalformedSchedule {
                origin,
                line,
                column,
                problem,
            } => format!(
                "Tệp lịch {origin}, dòng {line}, cột {column}: {}. Không nạp phần nào của tệp.",
                problem.message_vi()
            ),
            CalendarError::InvalidHours { problem } => {
                format!("Giờ làm việc không hợp lệ: {}.", problem.message_vi())
            }
            CalendarError::UnknownEntry { year, date } => {
                format!("Lịch năm {year} không có mục nào vào ngày {}.", dmy(*date))
            }
        }
    }
}

impl LunarProblem {
    pub fn message_vi(&self) -> String {
        match self {
            LunarProblem::MonthNumber => "tháng phải từ 1 đến 12".to_string(),
            LunarProblem::DayNumber => "ngày phải từ 1 đến 30".to_string(),
            LunarProblem::DayBeyondMonth { length } => format!("tháng này chỉ có {length} ngày"),
            LunarProblem::NoSuchLeapMonth { actual: Some(m) } => {
                format!("năm này nhuận tháng {m}")
            }
            LunarProblem::NoSuchLeapMonth { actual: None } => {
                "năm này không có tháng nhuận".to_string()
            }
        }
    }
}

impl ScheduleProblem {
    /// Stable machine code, e.g. `calendar.schedule.unknown_kind`.
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleProblem::Syntax { .. } => "calendar.schedule.syntax",
            ScheduleProblem::YearOutOfRange { .. } => "calendar.schedule.year_out_of_range",
            ScheduleProblem::DateFormat { .. } => "calendar.schedule.date_format",
            ScheduleProblem::ImpossibleDate { .. } => "calendar.schedule.impossible_date",
            ScheduleProblem::DateOutsideYear { .. } => "calendar.schedule.date_outside_year",
            ScheduleProblem::DuplicateDate { .. } => "calendar.schedule.duplicate_date",
            ScheduleProblem::UnknownKind { .. } => "calendar.schedule.unknown_kind",
            ScheduleProblem::UnknownConfidence { .. } => "calendar.schedule.unknown_confidence",
            ScheduleProblem::MakeupNotWeekend { .. } => "calendar.schedule.makeup_not_weekend",
            ScheduleProblem::DayOffOnWeekend { .. } => "calendar.schedule.day_off_on_weekend",
            ScheduleProblem::Empty { .. } => "calendar.schedule.empty_field",
            ScheduleProblem::MissingConfidence => "calendar.schedule.missing_confidence",
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            ScheduleProblem::Syntax { message } => {
                format!("sai cú pháp TOML hoặc sai cấu trúc ({message})")
            }
            ScheduleProblem::YearOutOfRange { year } => {
                format!("năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
            }
            ScheduleProblem::DateFormat { text } => {
                format!("«{text}» không phải ngày dạng YYYY-MM-DD")
            }
            ScheduleProblem::ImpossibleDate { text } => format!("ngày {text} không có trong lịch"),
            ScheduleProblem::DateOutsideYear { date, year } => {
                format!("ngày {} không thuộc năm {year} của tệp", dmy(*date))
            }
            ScheduleProblem::DuplicateDate { date } => {
                format!("ngày {} xuất hiện nhiều lần", dmy(*date))
            }
            ScheduleProblem::UnknownKind { kind } => format!(
                "loại ngày «{kind}» không hợp lệ; chỉ dùng holiday, day_off hoặc makeup_working_day"
            ),
            ScheduleProblem::UnknownConfidence { tag } => {
                format!("mức tin cậy «{tag}» không hợp lệ; chỉ dùng V, S, R, U hoặc GAP")
            }
            ScheduleProblem::MakeupNotWeekend { date } => format!(
                "ngày làm bù {} không phải thứ Bảy hoặc Chủ nhật",
                dmy(*date)
            ),
            ScheduleProblem::DayOffOnWeekend { date } => format!(
                "ngày nghỉ bù/hoán đổi {} rơi vào thứ Bảy hoặc Chủ nhật vốn đã là ngày nghỉ",
                dmy(*date)
            ),
            ScheduleProblem::Empty { field } => format!("trường {field} không được để trống"),
            ScheduleProblem::MissingConfidence => {
                "thiếu mức tin cậy (confidence) ở mục này và ở đầu tệp".to_string()
            }
        }
    }
}

impl HoursProblem {
    pub fn message_vi(&self) -> String {
        match self {
            HoursProblem::NotWholeMinute { time } => format!("{time} không tròn phút"),
            HoursProblem::EmptyPeriod { start, end } => {
                format!("khoảng {start}–{end} phải kết thúc sau khi bắt đầu")
            }
            HoursProblem::Overlap { at } => {
                format!("các khoảng giờ chồng nhau hoặc không theo thứ tự tại {at}")
            }
            HoursProblem::Syntax { text } => {
                format!("«{text}» không phải khoảng giờ dạng 07:00-11:30")
            }
        }
    }
}
