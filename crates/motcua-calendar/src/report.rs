//! What the CLI (`motcua calendar …`) and the API show: the days-off list of a year and the
//! explanation of a due moment, as serde structs, plus plain-text renderers with Vietnamese labels.

use std::fmt::Write as _;

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCause, WorkingCalendar};
use crate::days::{check_year, dmy, weekday_vi};
use crate::error::CalendarError;
use crate::schedule::{Confidence, DayKind};
use crate::{CutoffRule, Limit, serde_vn};

/// Kind of a listed day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOffKind {
    Holiday,
    DayOff,
    MakeupWorkingDay,
    LocalClosure,
    LocalOpening,
}

impl DayOffKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            DayOffKind::Holiday => "Nghỉ lễ, Tết",
            DayOffKind::DayOff => "Nghỉ bù/hoán đổi",
            DayOffKind::MakeupWorkingDay => "Làm bù",
            DayOffKind::LocalClosure => "Đơn vị nghỉ",
            DayOffKind::LocalOpening => "Đơn vị làm việc",
        }
    }
}

impl From<DayKind> for DayOffKind {
    fn from(k: DayKind) -> Self {
        match k {
            DayKind::Holiday => DayOffKind::Holiday,
            DayKind::DayOff => DayOffKind::DayOff,
            DayKind::MakeupWorkingDay => DayOffKind::MakeupWorkingDay,
        }
    }
}

/// One row of the days-off report:
/// `{"date":"2026-02-16","kind":"holiday","name":"Tết Nguyên đán","provisional":false, …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOffEntry {
    pub date: Date,
    pub kind: DayOffKind,
    pub name: String,
    pub provisional: bool,
    /// Whether the unit works that day.
    pub working: bool,
    /// Legal source (schedule entries) or the unit's stated reason (local overrides).
    pub source: String,
    /// Confidence tag of a schedule entry; `None` for local overrides.
    pub confidence: Option<Confidence>,
}

/// The days of `year` that differ from the unit's weekly pattern (for the national calendar: the
/// non-working weekdays and the working weekend days), plus every local override, sorted by date.
pub fn days_off(cal: &WorkingCalendar, year: i16) -> Result<Vec<DayOffEntry>, CalendarError> {
    check_year(year.into())?;
    let mut out = Vec::new();
    let mut date = Date::constant(year, 1, 1);
    while date.year() == year {
        let info = cal.day_info(date)?;
        let entry = match info.cause {
            DayCause::Regular => None,
            DayCause::Schedule { entry } => {
                (info.hours != info.regular_hours).then(|| DayOffEntry {
                    date,
                    kind: entry.kind.into(),
                    name: entry.name,
                    provisional: entry.provisional,
                    working: info.working,
                    source: entry.source,
                    confidence: Some(entry.confidence),
                })
            }
            DayCause::LocalClosure { reason } => Some(DayOffEntry {
                date,
                kind: DayOffKind::LocalClosure,
                name: "Đơn vị nghỉ".to_string(),
                provisional: false,
                working: false,
                source: reason,
                confidence: None,
            }),
            DayCause::LocalOpening { reason } => Some(DayOffEntry {
                date,
                kind: DayOffKind::LocalOpening,
                name: "Đơn vị làm việc".to_string(),
                provisional: false,
                working: info.working,
                source: reason,
                confidence: None,
            }),
        };
        out.extend(entry);
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    Ok(out)
}

/// The answer of the due computation for the CLI and the API. Moments are RFC 3339 with
/// `+07:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueAnswer {
    /// The reception moment as given.
    #[serde(with = "serde_vn::rfc3339")]
    pub from: DateTime,
    /// Where counting starts after normalisation and the cut-off (R-TIME-1).
    #[serde(with = "serde_vn::rfc3339")]
    pub counting_starts: DateTime,
    #[serde(with = "serde_vn::rfc3339")]
    pub due: DateTime,
    pub limit: Limit,
    pub cutoff: CutoffRule,
    /// Some day between reception and due lies in a year without an announced schedule.
    pub provisional_days_used: bool,
}

/// "17 giờ 00 phút, Thứ Tư, ngày 25/02/2026" (the "giờ, phút, ngày" of Mẫu 01).
pub fn moment_vi(dt: DateTime) -> String {
    format!(
        "{} giờ {:02} phút, {}, ngày {}",
        dt.hour(),
        dt.minute(),
        weekday_vi(dt.weekday()),
        dmy(dt.date())
    )
}

/// Plain-text days-off list for the CLI.
pub fn render_days_off(year: i16, entries: &[DayOffEntry]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Lịch nghỉ lễ, Tết và ngày làm bù năm {year}");
    if entries.is_empty() {
        s.push_str("(không có ngày nào khác lịch làm việc hằng tuần)\n");
        return s;
    }
    let _ = writeln!(s, "{:<12} {:<10} {:<17} Tên", "Ngày", "Thứ", "Loại");
    for e in entries {
        let mark = if e.provisional { " (tạm tính)" } else { "" };
        let _ = writeln!(
            s,
            "{:<12} {:<10} {:<17} {}{mark}",
            dmy(e.date),
            weekday_vi(e.date.weekday()),
            e.kind.label_vi(),
            e.name
        );
    }
    if entries.iter().any(|e| e.provisional) {
        s.push_str(
            "(tạm tính): năm chưa có thông báo chính thức; hệ thống tự suy ra theo Điều 112 Bộ luật Lao động 2019.\n",
        );
    }
    s
}

/// Plain-text explanation of a due moment for the CLI.
pub fn render_due(answer: &DueAnswer) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Tiếp nhận:        {}", moment_vi(answer.from));
    let _ = writeln!(s, "Bắt đầu tính:     {}", moment_vi(answer.counting_starts));
    let _ = writeln!(s, "Thời hạn:         {}", answer.limit.label_vi());
    let _ = writeln!(s, "Quy tắc sau giờ:  {}", answer.cutoff.label_vi());
    let _ = writeln!(s, "Hẹn trả kết quả:  {}", moment_vi(answer.due));
    if answer.provisional_days_used {
        s.push_str(
            "Lưu ý: có dùng lịch nghỉ tạm tính (năm chưa có thông báo chính thức); ngày hẹn có thể thay đổi.\n",
        );
    }
    s
}
