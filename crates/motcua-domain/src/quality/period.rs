//! Reporting periods: a month, a quarter, a year or any range of days (issue: "per unit and any
//! period"). Days are local (UTC+7) dates, both ends included.

use jiff::Timestamp;
use jiff::civil::Date;
use motcua_calendar::from_local;
use serde::{Deserialize, Serialize};

use crate::message::Localized;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Custom,
}

/// A closed range of local days `[from, to]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: Date,
    pub to: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the period ends ({to}) before it starts ({from})")]
    Reversed { from: Date, to: Date },
    #[error("no such month or quarter: {0}")]
    NoSuch(String),
}

impl Localized for PeriodError {
    fn code(&self) -> &'static str {
        match self {
            PeriodError::Reversed { .. } => "quality.period_reversed",
            PeriodError::NoSuch(_) => "quality.period_invalid",
        }
    }
    fn message_vi(&self) -> String {
        match self {
            PeriodError::Reversed { from, to } => {
                format!("Kỳ báo cáo kết thúc ({to}) trước ngày bắt đầu ({from}).")
            }
            PeriodError::NoSuch(s) => format!("Kỳ báo cáo «{s}» không hợp lệ."),
        }
    }
    fn message_en(&self) -> String {
        match self {
            PeriodError::Reversed { from, to } => {
                format!("The period ends ({to}) before it starts ({from}).")
            }
            PeriodError::NoSuch(s) => format!("The period {s:?} is not valid."),
        }
    }
}

impl Period {
    pub fn month(year: i16, month: i8) -> Result<Period, PeriodError> {
        let from = Date::new(year, month, 1)
            .map_err(|_| PeriodError::NoSuch(format!("{year}-{month:02}")))?;
        Ok(Period {
            kind: PeriodKind::Month,
            from,
            to: from.last_of_month(),
        })
    }

    /// Quarter 1–4.
    pub fn quarter(year: i16, quarter: i8) -> Result<Period, PeriodError> {
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::NoSuch(format!("{year}-Q{quarter}")));
        }
        let first = Period::month(year, (quarter - 1) * 3 + 1)?;
        let last = Period::month(year, quarter * 3)?;
        Ok(Period {
            kind: PeriodKind::Quarter,
            from: first.from,
            to: last.to,
        })
    }

    pub fn year(year: i16) -> Result<Period, PeriodError> {
        let from = Date::new(year, 1, 1).map_err(|_| PeriodError::NoSuch(year.to_string()))?;
        Ok(Period {
            kind: PeriodKind::Year,
            from,
            to: from.last_of_year(),
        })
    }

    pub fn custom(from: Date, to: Date) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period {
            kind: PeriodKind::Custom,
            from,
            to,
        })
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    /// The first instant after the period (00:00 local of the day after `to`): an open item is
    /// judged "as at the end of the period" (766 rule 2.1: end = end of period).
    pub fn end_instant(&self) -> Timestamp {
        let next = self.to.tomorrow().unwrap_or(self.to);
        from_local(next.at(0, 0, 0, 0))
    }

    /// "Tháng 03/2026", "Quý 1/2026", "Năm 2026", "01/03/2026 – 15/03/2026".
    pub fn label_vi(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("Tháng {:02}/{}", self.from.month(), self.from.year()),
            PeriodKind::Quarter => {
                format!(
                    "Quý {}/{}",
                    (self.from.month() - 1) / 3 + 1,
                    self.from.year()
                )
            }
            PeriodKind::Year => format!("Năm {}", self.from.year()),
            PeriodKind::Custom => format!(
                "{} – {}",
                self.from.strftime("%d/%m/%Y"),
                self.to.strftime("%d/%m/%Y")
            ),
        }
    }

    pub fn label_en(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.from.strftime("%B %Y").to_string(),
            PeriodKind::Quarter => {
                format!("Q{} {}", (self.from.month() - 1) / 3 + 1, self.from.year())
            }
            PeriodKind::Year => self.from.year().to_string(),
            PeriodKind::Custom => format!("{} – {}", self.from, self.to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods() {
        let m = Period::month(2026, 2).unwrap();
        assert_eq!((m.from, m.to), (date(2026, 2, 1), date(2026, 2, 28)));
        let q = Period::quarter(2026, 4).unwrap();
        assert_eq!((q.from, q.to), (date(2026, 10, 1), date(2026, 12, 31)));
        assert_eq!(q.label_vi(), "Quý 4/2026");
        let y = Period::year(2024).unwrap();
        assert_eq!(y.to, date(2024, 12, 31));
        assert!(Period::quarter(2026, 5).is_err());
        assert!(Period::month(2026, 13).is_err());
        assert!(Period::custom(date(2026, 3, 2), date(2026, 3, 1)).is_err());
        assert_eq!(m.label_vi(), "Tháng 02/2026");
        assert_eq!(m.label_en(), "February 2026");
    }
}
