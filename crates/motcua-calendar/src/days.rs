//! Day numbers: days since 1970-01-01 as `i32`, with fast conversions (H. Hinnant's civil
//! algorithms). The hot paths of the due computation work on these instead of `jiff::civil::Date`.

use jiff::civil::{Date, Weekday};

use crate::error::CalendarError;

/// First year the calendar answers for (lunar tables, schedules, working-day index).
pub const MIN_YEAR: i16 = 1900;
/// Last year the calendar answers for.
pub const MAX_YEAR: i16 = 2199;

/// 1900-01-01.
pub const fn min_date() -> Date {
    Date::constant(MIN_YEAR, 1, 1)
}

/// 2199-12-31.
pub const fn max_date() -> Date {
    Date::constant(MAX_YEAR, 12, 31)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) const fn from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// The civil date (year, month, day) of a day number.
pub(crate) const fn to_civil(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn day_of(date: Date) -> i32 {
    from_civil(date.year().into(), date.month() as u32, date.day() as u32)
}

pub(crate) fn date_of(day: i32) -> Date {
    let (y, m, d) = to_civil(day);
    Date::constant(y as i16, m as i8, d as i8)
}

/// Day number of 1 January of `year`.
pub(crate) const fn first_day_of_year(year: i32) -> i32 {
    from_civil(year, 1, 1)
}

pub(crate) const fn days_in_year(year: i32) -> i32 {
    if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
        366
    } else {
        365
    }
}

pub(crate) const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if days_in_year(year) == 366 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday.
pub(crate) const fn weekday_index(day: i32) -> usize {
    (day + 3).rem_euclid(7) as usize
}

pub(crate) fn weekday_of_index(i: usize) -> Weekday {
    match i {
        0 => Weekday::Monday,
        1 => Weekday::Tuesday,
        2 => Weekday::Wednesday,
        3 => Weekday::Thursday,
        4 => Weekday::Friday,
        5 => Weekday::Saturday,
        _ => Weekday::Sunday,
    }
}

pub(crate) fn index_of_weekday(w: Weekday) -> usize {
    w.to_monday_zero_offset() as usize
}

/// Saturday or Sunday: the weekly rest of state agencies (QĐ 188/1999/QĐ-TTg art. 1).
pub(crate) fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// "Thứ Hai" … "Chủ nhật".
pub fn weekday_vi(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Thứ Hai",
        Weekday::Tuesday => "Thứ Ba",
        Weekday::Wednesday => "Thứ Tư",
        Weekday::Thursday => "Thứ Năm",
        Weekday::Friday => "Thứ Sáu",
        Weekday::Saturday => "Thứ Bảy",
        Weekday::Sunday => "Chủ nhật",
    }
}

pub(crate) fn check_date(date: Date) -> Result<(), CalendarError> {
    if date < min_date() || date > max_date() {
        return Err(CalendarError::out_of_range(date.to_string()));
    }
    Ok(())
}

pub(crate) fn check_year(year: i32) -> Result<i16, CalendarError> {
    if year < MIN_YEAR as i32 || year > MAX_YEAR as i32 {
        return Err(CalendarError::out_of_range(format!("year {year}")));
    }
    Ok(year as i16)
}

/// Parses `YYYY-MM-DD` strictly, separating "not a date" from "impossible date" (2026-02-30).
pub(crate) fn parse_iso_date(text: &str) -> Result<Date, DateTextError> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err(DateTextError::Format);
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<i32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if !(1..=12).contains(&m) || d < 1 || d as u32 > days_in_month(y, m as u32) {
        return Err(DateTextError::Impossible);
    }
    Ok(Date::constant(y as i16, m as i8, d as i8))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateTextError {
    Format,
    Impossible,
}

/// `dd/mm/yyyy`, the form printed on Vietnamese documents.
pub(crate) fn dmy(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_over_the_whole_range() {
        let first = day_of(min_date());
        let last = day_of(max_date());
        let mut expected = min_date();
        for day in first..=last {
            let date = date_of(day);
            assert_eq!(date, expected);
            assert_eq!(day_of(date), day);
            assert_eq!(weekday_of_index(weekday_index(day)), date.weekday());
            if day < last {
                expected = expected.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn iso_dates_are_parsed_strictly() {
        assert_eq!(
            parse_iso_date("2026-02-28"),
            Ok(Date::constant(2026, 2, 28))
        );
        assert_eq!(parse_iso_date("2026-02-30"), Err(DateTextError::Impossible));
        assert_eq!(
            parse_iso_date("2024-02-29"),
            Ok(Date::constant(2024, 2, 29))
        );
        assert_eq!(parse_iso_date("2100-02-29"), Err(DateTextError::Impossible));
        assert_eq!(parse_iso_date("2026-13-01"), Err(DateTextError::Impossible));
        assert_eq!(parse_iso_date("2026-2-1"), Err(DateTextError::Format));
        assert_eq!(parse_iso_date("26/02/2026"), Err(DateTextError::Format));
    }
}
