//! A unit's working hours (R-CAL-3).
//!
//! State agencies work Monday–Friday, 40 hours a week (QĐ 188/1999/QĐ-TTg art. 1); the daily
//! hours are set locally, commonly 07:00–11:30 and 13:30–17:00 (8 hours). A unit can also open on
//! other days (e.g. passport desks on Saturday morning), close on a given date, or open on a given
//! date; those are per-unit overrides that win over the national schedule.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::{Date, Time, Weekday};
use serde::{Deserialize, Serialize};

use crate::days::{index_of_weekday, weekday_of_index};
use crate::error::{CalendarError, HoursProblem};

/// One working period of a day, [start, end), at whole minutes. Text form: `07:00-11:30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    start: Time,
    end: Time,
}

impl Period {
    pub fn new(start: Time, end: Time) -> Result<Self, CalendarError> {
        for t in [start, end] {
            if t.second() != 0 || t.subsec_nanosecond() != 0 {
                return Err(CalendarError::InvalidHours {
                    problem: HoursProblem::NotWholeMinute { time: t },
                });
            }
        }
        if end <= start {
            return Err(CalendarError::InvalidHours {
                problem: HoursProblem::EmptyPeriod { start, end },
            });
        }
        Ok(Period { start, end })
    }

    /// `Period::hm(7, 0, 11, 30)` is 07:00–11:30.
    pub fn hm(start_h: i8, start_m: i8, end_h: i8, end_m: i8) -> Result<Self, CalendarError> {
        let time = |h, m| {
            Time::new(h, m, 0, 0).map_err(|_| CalendarError::InvalidHours {
                problem: HoursProblem::Syntax {
                    text: format!("{h}:{m}"),
                },
            })
        };
        Period::new(time(start_h, start_m)?, time(end_h, end_m)?)
    }

    pub fn start(&self) -> Time {
        self.start
    }
    pub fn end(&self) -> Time {
        self.end
    }

    pub(crate) fn minutes(&self) -> (u16, u16) {
        let m = |t: Time| t.hour() as u16 * 60 + t.minute() as u16;
        (m(self.start), m(self.end))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start.hour(),
            self.start.minute(),
            self.end.hour(),
            self.end.minute()
        )
    }
}

impl std::str::FromStr for Period {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CalendarError::InvalidHours {
            problem: HoursProblem::Syntax {
                text: s.to_string(),
            },
        };
        let (a, b) = s.split_once(['-', '–']).ok_or_else(bad)?;
        let hm = |t: &str| -> Result<Time, CalendarError> {
            let (h, m) = t.trim().split_once(':').ok_or_else(bad)?;
            let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            Time::new(h, m, 0, 0).map_err(|_| bad())
        };
        Period::new(hm(a)?, hm(b)?)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The working periods of one day, in order and not overlapping (empty = closed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<Period>", into = "Vec<Period>")]
pub struct Hours(Vec<Period>);

impl Hours {
    pub fn new(periods: Vec<Period>) -> Result<Self, CalendarError> {
        for w in periods.windows(2) {
            if w[1].start < w[0].end {
                return Err(CalendarError::InvalidHours {
                    problem: HoursProblem::Overlap { at: w[1].start },
                });
            }
        }
        Ok(Hours(periods))
    }

    /// 07:00–11:30 and 13:30–17:00: 8 working hours.
    pub fn standard() -> Self {
        Hours(vec![
            Period::hm(7, 0, 11, 30).expect("valid"),
            Period::hm(13, 30, 17, 0).expect("valid"),
        ])
    }

    /// No working period.
    pub fn closed() -> Self {
        Hours(Vec::new())
    }

    pub fn periods(&self) -> &[Period] {
        &self.0
    }

    pub fn is_closed(&self) -> bool {
        self.0.is_empty()
    }

    /// Working minutes in the day.
    pub fn total_minutes(&self) -> u32 {
        self.0
            .iter()
            .map(|p| {
                let (s, e) = p.minutes();
                u32::from(e - s)
            })
            .sum()
    }
}

impl TryFrom<Vec<Period>> for Hours {
    type Error = CalendarError;
    fn try_from(v: Vec<Period>) -> Result<Self, Self::Error> {
        Hours::new(v)
    }
}

impl From<Hours> for Vec<Period> {
    fn from(h: Hours) -> Self {
        h.0
    }
}

/// A dated per-unit exception; it wins over the national schedule for that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayOverride {
    /// The unit is closed that day (e.g. relocation, local event).
    Closed { reason: String },
    /// The unit is open that day with these hours (e.g. an extra Saturday session).
    Open { hours: Hours, reason: String },
}

impl DayOverride {
    pub fn reason(&self) -> &str {
        match self {
            DayOverride::Closed { reason } | DayOverride::Open { reason, .. } => reason,
        }
    }
}

/// A unit's working hours: the hours of a normal working day (also used on make-up days), the
/// weekly pattern (Monday … Sunday) and dated overrides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UnitCalendarSpec", into = "UnitCalendarSpec")]
pub struct UnitCalendar {
    workday: Hours,
    weekly: [Hours; 7],
    overrides: BTreeMap<Date, DayOverride>,
}

impl Default for UnitCalendar {
    fn default() -> Self {
        UnitCalendar::standard()
    }
}

impl UnitCalendar {
    /// 07:00–11:30 and 13:30–17:00, Monday to Friday.
    pub fn standard() -> Self {
        UnitCalendar::with_workday(Hours::standard())
    }

    /// These hours Monday to Friday (and on make-up days); closed at the weekend.
    pub fn with_workday(workday: Hours) -> Self {
        let weekly = std::array::from_fn(|i| {
            if i < 5 {
                workday.clone()
            } else {
                Hours::closed()
            }
        });
        UnitCalendar {
            workday,
            weekly,
            overrides: BTreeMap::new(),
        }
    }

    /// Sets the regular hours of one weekday, e.g. Saturday 07:30–11:30, or Friday afternoon
    /// closed.
    pub fn with_weekday(mut self, day: Weekday, hours: Hours) -> Self {
        self.weekly[index_of_weekday(day)] = hours;
        self
    }

    /// Closed on `date` (replaces any other override of that date).
    pub fn with_closure(mut self, date: Date, reason: impl Into<String>) -> Self {
        self.overrides.insert(
            date,
            DayOverride::Closed {
                reason: reason.into(),
            },
        );
        self
    }

    /// Open on `date` with `hours` (replaces any other override of that date).
    pub fn with_opening(mut self, date: Date, hours: Hours, reason: impl Into<String>) -> Self {
        self.overrides.insert(
            date,
            DayOverride::Open {
                hours,
                reason: reason.into(),
            },
        );
        self
    }

    pub fn workday(&self) -> &Hours {
        &self.workday
    }

    pub fn weekday(&self, day: Weekday) -> &Hours {
        &self.weekly[index_of_weekday(day)]
    }

    pub fn overrides(&self) -> &BTreeMap<Date, DayOverride> {
        &self.overrides
    }

    pub fn override_on(&self, date: Date) -> Option<&DayOverride> {
        self.overrides.get(&date)
    }
}

/// The serialized form of a [`UnitCalendar`] (unit settings in the store, admin API):
///
/// ```json
/// {"workday": ["07:00-11:30", "13:30-17:00"],
///  "weekly": {"saturday": ["07:30-11:30"]},
///  "overrides": [{"date": "2026-03-02", "kind": "closed", "reason": "Chuyển trụ sở"}]}
/// ```
///
/// `weekly` lists only the days that differ from "workday Monday–Friday, closed at the weekend".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitCalendarSpec {
    #[serde(default = "Hours::standard")]
    pub workday: Hours,
    #[serde(default)]
    pub weekly: BTreeMap<WeekdayName, Hours>,
    #[serde(default)]
    pub overrides: Vec<DatedOverride>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatedOverride {
    pub date: Date,
    #[serde(flatten)]
    pub change: DayOverride,
}

/// Lower-case English weekday names for configuration files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekdayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl WeekdayName {
    fn index(self) -> usize {
        self as usize
    }
}

impl TryFrom<UnitCalendarSpec> for UnitCalendar {
    type Error = CalendarError;
    fn try_from(spec: UnitCalendarSpec) -> Result<Self, Self::Error> {
        let mut unit = UnitCalendar::with_workday(spec.workday);
        for (day, hours) in spec.weekly {
            unit.weekly[day.index()] = hours;
        }
        for o in spec.overrides {
            unit.overrides.insert(o.date, o.change);
        }
        Ok(unit)
    }
}

impl From<UnitCalendar> for UnitCalendarSpec {
    fn from(unit: UnitCalendar) -> Self {
        let base = UnitCalendar::with_workday(unit.workday.clone());
        let names = [
            WeekdayName::Monday,
            WeekdayName::Tuesday,
            WeekdayName::Wednesday,
            WeekdayName::Thursday,
            WeekdayName::Friday,
            WeekdayName::Saturday,
            WeekdayName::Sunday,
        ];
        let weekly = (0..7)
            .filter(|&i| unit.weekly[i] != base.weekly[i])
            .map(|i| (names[i], unit.weekly[i].clone()))
            .collect();
        debug_assert!(
            names
                .iter()
                .enumerate()
                .all(|(i, n)| n.index() == i && index_of_weekday(weekday_of_index(i)) == i)
        );
        UnitCalendarSpec {
            workday: unit.workday,
            weekly,
            overrides: unit
                .overrides
                .into_iter()
                .map(|(date, change)| DatedOverride { date, change })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_checked() {
        assert!(Period::hm(7, 0, 11, 30).is_ok());
        assert!(matches!(
            Period::hm(11, 30, 7, 0),
            Err(CalendarError::InvalidHours {
                problem: HoursProblem::EmptyPeriod { .. }
            })
        ));
        assert!(matches!(
            Period::new(Time::constant(7, 0, 30, 0), Time::constant(8, 0, 0, 0)),
            Err(CalendarError::InvalidHours {
                problem: HoursProblem::NotWholeMinute { .. }
            })
        ));
        let overlap = Hours::new(vec![
            Period::hm(7, 0, 12, 0).unwrap(),
            Period::hm(11, 0, 17, 0).unwrap(),
        ]);
        assert!(matches!(
            overlap,
            Err(CalendarError::InvalidHours {
                problem: HoursProblem::Overlap { .. }
            })
        ));
        assert_eq!(Hours::standard().total_minutes(), 480);
        assert_eq!(
            "07:30-11:30".parse::<Period>().unwrap(),
            Period::hm(7, 30, 11, 30).unwrap()
        );
        assert!("7h-11h".parse::<Period>().is_err());
    }

    #[test]
    fn unit_calendar_round_trips_through_json() {
        let unit = UnitCalendar::standard()
            .with_weekday(
                Weekday::Saturday,
                Hours::new(vec![Period::hm(7, 30, 11, 30).unwrap()]).unwrap(),
            )
            .with_closure(Date::constant(2026, 3, 2), "Chuyển trụ sở");
        let json = serde_json::to_string(&unit).unwrap();
        assert!(json.contains("\"saturday\":[\"07:30-11:30\"]"), "{json}");
        let back: UnitCalendar = serde_json::from_str(&json).unwrap();
        assert_eq!(back, unit);
        let bad = r#"{"workday": ["13:30-17:00", "07:00-11:30"]}"#;
        assert!(serde_json::from_str::<UnitCalendar>(bad).is_err());
    }
}
