//! A provisional schedule for a year with no announced one (R-CAL-2): a deadline counted in
//! December can end next year before the Ministry's notice is out.
//!
//! Labour Code 2019 art. 112(1) \[V\]: Tết Dương lịch 1 day (01/01); Tết Âm lịch 5 days; Ngày
//! Chiến thắng 1 day (30/04); Ngày Quốc tế lao động 1 day (01/05); Quốc khánh 2 days (02/09 and
//! one adjacent day); Giỗ Tổ Hùng Vương 1 day (10/3 lunar). Art. 112(3): the Prime Minister picks
//! the exact Tết and National Day days each year, so those are *our guess* until announced:
//!
//! * Tết: the last day of the old lunar year and 1/1 to 4/1 (the 2022 and 2026 pattern).
//! * National Day: 02/09 plus the adjacent day that joins the break to a weekend, following the
//!   announced years 2021–2026 (see [`national_day_second`]).
//!
//! Art. 111(3) \[V\]: a holiday on the weekly rest day (Saturday/Sunday for state agencies, QĐ
//! 188/1999/QĐ-TTg) gives a day off on the next working day ("nghỉ bù"). Two holidays on the same
//! date (Giỗ Tổ can fall on 30/04 or 01/05) also give one day off for the second one \[U\].
//!
//! Before 2021 the Labour Code 2012 art. 115 applied (National Day 1 day). Years before 2013 are
//! approximated with the 2012 rules too; they only matter for historical data, which should be
//! loaded as announced files instead.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};

use super::{Confidence, DayKind, ScheduleEntry, YearSchedule};
use crate::days::{check_year, date_of, day_of, weekday_index};
use crate::error::CalendarError;
use crate::lunar::{self, LunarDate};

const SOURCE_2019: &str = "Lịch tạm tính theo Bộ luật Lao động 2019, Điều 112 khoản 1 (ngày lễ, Tết) và Điều 111 khoản 3 (nghỉ bù); chưa có thông báo chính thức của năm";
const SOURCE_2012: &str = "Lịch tạm tính theo Bộ luật Lao động 2012, Điều 115 (ngày lễ, Tết, Quốc khánh 01 ngày; nghỉ bù khi trùng ngày nghỉ hằng tuần); chưa có thông báo chính thức của năm";

struct Holiday {
    date: Date,
    name: String,
    note: String,
    /// Holidays falling on this date (2 if Giỗ Tổ coincides with 30/04 or 01/05).
    count: u8,
}

pub(super) fn derive(year: i16) -> Result<YearSchedule, CalendarError> {
    check_year(year.into())?;
    let lc2019 = year >= 2021;
    let source = if lc2019 { SOURCE_2019 } else { SOURCE_2012 };

    let mut holidays: Vec<Holiday> = Vec::with_capacity(12);
    let mut add = |date: Date, name: &str, note: String| {
        if let Some(h) = holidays.iter_mut().find(|h| h.date == date) {
            h.name = format!("{}; {name}", h.name);
            h.note = format!("{}; {note}", h.note);
            h.count += 1;
        } else {
            holidays.push(Holiday {
                date,
                name: name.to_string(),
                note,
                count: 1,
            });
        }
    };

    add(
        Date::constant(year, 1, 1),
        "Tết Dương lịch",
        "01/01".to_string(),
    );
    let tet = day_of(lunar::tet(year)?);
    for offset in -1..=3 {
        let date = date_of(tet + offset);
        let lunar = LunarDate::from_solar(date)?;
        add(
            date,
            "Tết Nguyên đán",
            format!("{}/{} âm lịch", lunar.day, lunar.month),
        );
    }
    let hung = LunarDate::new(10, 3, year, false)?.to_solar()?;
    add(hung, "Giỗ Tổ Hùng Vương", "10/3 âm lịch".to_string());
    add(
        Date::constant(year, 4, 30),
        "Ngày Chiến thắng",
        "30/04".to_string(),
    );
    add(
        Date::constant(year, 5, 1),
        "Ngày Quốc tế Lao động",
        "01/05".to_string(),
    );
    let national_day = Date::constant(year, 9, 2);
    add(national_day, "Quốc khánh", "02/09".to_string());
    if lc2019 {
        let second = national_day_second(national_day);
        add(
            second,
            "Quốc khánh",
            "ngày liền kề 02/09 (tạm chọn)".to_string(),
        );
    }
    holidays.sort_by_key(|h| h.date);

    let mut taken: BTreeSet<i32> = holidays.iter().map(|h| day_of(h.date)).collect();
    let mut entries = Vec::with_capacity(holidays.len() + 4);
    for h in &holidays {
        let weekend = matches!(h.date.weekday(), Weekday::Saturday | Weekday::Sunday);
        let owed = u8::from(weekend) + (h.count - 1);
        for _ in 0..owed {
            // The next working day not already off.
            let mut d = day_of(h.date) + 1;
            while weekday_index(d) >= 5 || taken.contains(&d) {
                d += 1;
            }
            taken.insert(d);
            entries.push(entry(
                date_of(d),
                DayKind::DayOff,
                format!("Nghỉ bù {}", h.name),
                source,
                format!("bù cho ngày {}", h.date),
            ));
        }
        entries.push(entry(
            h.date,
            DayKind::Holiday,
            h.name.clone(),
            source,
            h.note.clone(),
        ));
    }
    Ok(YearSchedule::from_parts(
        year,
        format!("Lịch nghỉ lễ, Tết năm {year} (tạm tính)"),
        source.to_string(),
        true,
        entries,
    ))
}

fn entry(date: Date, kind: DayKind, name: String, source: &str, note: String) -> ScheduleEntry {
    ScheduleEntry {
        date,
        kind,
        name,
        source: source.to_string(),
        // Derived by us: the rule is [V], the chosen dates are not announced.
        confidence: Confidence::U,
        enabled: true,
        provisional: true,
        note: Some(note),
    }
}

/// The second National Day holiday, as the announced years chose it: the adjacent day that is a
/// weekday and joins the break to a weekend (2021 Thu → Fri 03/09; 2022 Fri → Thu 01/09; 2023 Sat
/// → Fri 01/09; 2024 Mon → Tue 03/09; 2025 Tue → Mon 01/09; 2026 Wed → Tue 01/09). For a Sunday
/// 02/09 we take Monday 03/09 (02/09 itself is then compensated on Tuesday).
pub(crate) fn national_day_second(national_day: Date) -> Date {
    let before = date_of(day_of(national_day) - 1);
    let after = date_of(day_of(national_day) + 1);
    match national_day.weekday() {
        Weekday::Monday | Weekday::Thursday | Weekday::Sunday => after,
        Weekday::Tuesday | Weekday::Wednesday | Weekday::Friday | Weekday::Saturday => before,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::constant(y, m, day)
    }

    #[test]
    fn national_day_pairs_match_the_announced_years() {
        for (year, second) in [
            (2021, d(2021, 9, 3)),
            (2022, d(2022, 9, 1)),
            (2023, d(2023, 9, 1)),
            (2024, d(2024, 9, 3)),
            (2025, d(2025, 9, 1)),
            (2026, d(2026, 9, 1)),
        ] {
            assert_eq!(national_day_second(d(year, 9, 2)), second, "{year}");
        }
    }

    #[test]
    fn compensation_skips_other_holidays() {
        // 2023: Giỗ Tổ on Sat 29/04, 30/04 on Sunday, 01/05 Monday: the announced schedule gave
        // Tue 02/05 and Wed 03/05 off; the derivation must find the same days.
        let y = derive(2023).unwrap();
        let off: Vec<Date> = y
            .entries()
            .iter()
            .filter(|e| e.kind == DayKind::DayOff && e.date.month() == 5)
            .map(|e| e.date)
            .collect();
        assert_eq!(off, vec![d(2023, 5, 2), d(2023, 5, 3)]);
        assert!(y.entries().iter().all(|e| e.provisional));
    }

    #[test]
    fn every_year_in_range_derives() {
        for year in crate::days::MIN_YEAR..=crate::days::MAX_YEAR {
            let y = derive(year).unwrap();
            let holidays = y
                .entries()
                .iter()
                .filter(|e| e.kind == DayKind::Holiday)
                .count();
            assert!(holidays >= 9, "{year}: {holidays}");
            assert!(y.entries().windows(2).all(|w| w[0].date < w[1].date));
            assert!(y.entries().iter().all(|e| e.date.year() == year));
        }
    }
}
