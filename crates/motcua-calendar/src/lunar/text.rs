//! Can-chi names and the text form of lunar dates.

use jiff::civil::Date;

use super::LunarDate;
use crate::days::day_of;
use crate::error::CalendarError;

/// The ten heavenly stems (can), with Vietnamese diacritics.
const CAN: [&str; 10] = [
    "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
];
/// The twelve earthly branches (chi); Vietnam has Mão (cat) where China has the rabbit.
const CHI: [&str; 12] = [
    "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
];

/// Can-chi name of a lunar year, e.g. 2026 → "Bính Ngọ" (year 4 AD was Giáp Tý).
pub fn year_can_chi(year: i32) -> String {
    format!(
        "{} {}",
        CAN[(year + 6).rem_euclid(10) as usize],
        CHI[(year + 8).rem_euclid(12) as usize]
    )
}

/// Can-chi name of a lunar month (month 1 of a Giáp year is Bính Dần).
pub fn month_can_chi(date: &LunarDate) -> String {
    let (y, m) = (i32::from(date.year), i32::from(date.month));
    format!(
        "{} {}",
        CAN[(y * 12 + m + 3).rem_euclid(10) as usize],
        CHI[(m + 1).rem_euclid(12) as usize]
    )
}

/// Can-chi name of a solar day (the 60-day cycle runs continuously).
pub fn day_can_chi(date: Date) -> String {
    let jdn = day_of(date) + 2_440_588;
    format!(
        "{} {}",
        CAN[(jdn + 9).rem_euclid(10) as usize],
        CHI[(jdn + 1).rem_euclid(12) as usize]
    )
}

/// Parses `d/m/yyyy`, `d/m nhuận/yyyy`, `d/mn/yyyy`, … with an optional `(Can Chi)` suffix that
/// must name the year correctly. Returns (day, month, year, leap) unchecked.
pub(super) fn parse(input: &str) -> Result<(u8, u8, i16, bool), CalendarError> {
    let bad = || CalendarError::LunarSyntax {
        input: input.to_string(),
    };
    let mut s = input.trim();
    let mut named = None;
    if let Some(open) = s.find('(') {
        let rest = s[open + 1..].trim_end();
        let name = rest.strip_suffix(')').ok_or_else(bad)?;
        named = Some(name.trim().to_string());
        s = s[..open].trim_end();
    }
    let parts: Vec<&str> = s.split('/').map(str::trim).collect();
    let [day, month, year] = parts[..] else {
        return Err(bad());
    };
    let digits = |t: &str, max: usize| {
        !t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_digit())
    };
    let split = month
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(month.len());
    let (month_digits, marker) = month.split_at(split);
    let marker = marker.trim().to_lowercase();
    let leap = match marker.as_str() {
        "" => false,
        "n" | "l" | "leap" | "nhuận" | "nhuan" => true,
        // Decomposed (NFD) spellings of "nhuận" typed on some keyboards.
        m if m.starts_with("nhu") && m.chars().count() <= 8 => true,
        _ => return Err(bad()),
    };
    if !digits(day, 2) || !digits(month_digits, 2) || !digits(year, 4) {
        return Err(bad());
    }
    let (day, month, year): (u8, u8, i16) = (
        day.parse().map_err(|_| bad())?,
        month_digits.parse().map_err(|_| bad())?,
        year.parse().map_err(|_| bad())?,
    );
    if let Some(name) = named
        && name != year_can_chi(year.into())
    {
        return Err(bad());
    }
    Ok((day, month, year, leap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_chi_of_years() {
        assert_eq!(year_can_chi(2026), "Bính Ngọ");
        assert_eq!(year_can_chi(2025), "Ất Tỵ");
        assert_eq!(year_can_chi(2024), "Giáp Thìn");
        assert_eq!(year_can_chi(2023), "Quý Mão");
        assert_eq!(year_can_chi(2020), "Canh Tý");
        assert_eq!(year_can_chi(1985), "Ất Sửu");
        assert_eq!(year_can_chi(1968), "Mậu Thân");
        assert_eq!(year_can_chi(1945), "Ất Dậu");
        assert_eq!(year_can_chi(1900), "Canh Tý");
        assert_eq!(year_can_chi(2199), "Kỷ Hợi");
    }

    #[test]
    fn can_chi_of_days_and_months() {
        // Tết Giáp Thìn 2024-02-10 was a Giáp Thìn day in month Bính Dần.
        assert_eq!(day_can_chi(Date::constant(2024, 2, 10)), "Giáp Thìn");
        let tet = LunarDate {
            year: 2024,
            month: 1,
            leap: false,
            day: 1,
        };
        assert_eq!(month_can_chi(&tet), "Bính Dần");
    }

    #[test]
    fn parses_the_accepted_forms() {
        assert_eq!(parse("1/1/2026").unwrap(), (1, 1, 2026, false));
        assert_eq!(parse(" 1/1/2026 (Bính Ngọ) ").unwrap(), (1, 1, 2026, false));
        assert_eq!(parse("15/6 nhuận/2025").unwrap(), (15, 6, 2025, true));
        assert_eq!(
            parse("15/6 nhuận/2025 (Ất Tỵ)").unwrap(),
            (15, 6, 2025, true)
        );
        assert_eq!(parse("15/6n/2025").unwrap(), (15, 6, 2025, true));
        assert_eq!(parse("15/6L/2025").unwrap(), (15, 6, 2025, true));
        assert_eq!(parse("15/6 nhuan/2025").unwrap(), (15, 6, 2025, true));
        assert_eq!(
            parse("15/6 nhua\u{323}\u{302}n/2025").unwrap(),
            (15, 6, 2025, true)
        );
    }

    #[test]
    fn rejects_other_text() {
        for bad in [
            "",
            "1/1",
            "1-1-2026",
            "1/1/2026/1",
            "a/1/2026",
            "1/1x/2026",
            "1/1/20260",
            "1/1/2026 (Ất Tỵ)",
            "1/1/2026 (Bính Ngọ",
            "123/1/2026",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
