//! Golden values of the Vietnamese lunar calendar.
//!
//! Expected dates come from Hồ Ngọc Đức's precomputed year tables (the TK20/TK21/TK22 arrays of
//! his amlich.js, decoded independently of this crate), which were computed with a more precise
//! ephemeris than the abridged series implemented here. Both agree on every month from 1968 to
//! 2053; the known differences are pinned in `known_divergences_from_the_precomputed_tables`.

use jiff::civil::Date;
use motcua_calendar::lunar::{self, LunarDate};
use motcua_calendar::{CalendarError, LunarProblem};

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::constant(y, m, day)
}

/// Tết (1/1 lunar) 2000–2040, every year.
const TET_2000_2040: [(i16, i8, i8); 41] = [
    (2000, 2, 5),
    (2001, 1, 24),
    (2002, 2, 12),
    (2003, 2, 1),
    (2004, 1, 22),
    (2005, 2, 9),
    (2006, 1, 29),
    (2007, 2, 17),
    (2008, 2, 7),
    (2009, 1, 26),
    (2010, 2, 14),
    (2011, 2, 3),
    (2012, 1, 23),
    (2013, 2, 10),
    (2014, 1, 31),
    (2015, 2, 19),
    (2016, 2, 8),
    (2017, 1, 28),
    (2018, 2, 16),
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 2),
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
    (2036, 1, 28),
    (2037, 2, 15),
    (2038, 2, 4),
    (2039, 1, 24),
    (2040, 2, 12),
];

/// Samples over the whole range (every 7th year plus notable ones).
const TET_SAMPLES: [(i16, i8, i8); 48] = [
    (1900, 1, 31),
    (1907, 2, 13),
    (1914, 1, 26),
    (1921, 2, 8),
    (1928, 1, 23),
    (1942, 2, 15),
    (1949, 1, 29),
    (1956, 2, 12),
    (1963, 1, 25),
    (1968, 1, 29),
    (1970, 2, 6),
    (1977, 2, 18),
    (1984, 2, 2),
    (1985, 1, 21),
    (1991, 2, 15),
    (1998, 1, 28),
    (2005, 2, 9),
    (2012, 1, 23),
    (2019, 2, 5),
    (2026, 2, 17),
    (2033, 1, 31),
    (2040, 2, 12),
    (2047, 1, 26),
    (2053, 2, 18),
    (2054, 2, 8),
    (2061, 1, 21),
    (2068, 2, 3),
    (2075, 2, 15),
    (2082, 1, 29),
    (2089, 2, 10),
    (2096, 1, 25),
    (2100, 2, 9),
    (2103, 2, 7),
    (2110, 2, 19),
    (2117, 2, 2),
    (2124, 2, 15),
    (2131, 1, 29),
    (2138, 2, 10),
    (2145, 1, 23),
    (2150, 1, 29),
    (2152, 2, 5),
    (2159, 2, 18),
    (2166, 2, 1),
    (2173, 2, 12),
    (2180, 1, 27),
    (2187, 2, 8),
    (2194, 1, 22),
    (2198, 2, 6),
];

#[test]
fn tet_every_year_2000_to_2040() {
    for (y, m, day) in TET_2000_2040 {
        assert_eq!(lunar::tet(y).unwrap(), d(y, m, day), "Tết {y}");
        let back = LunarDate::from_solar(d(y, m, day)).unwrap();
        assert_eq!(
            (back.day, back.month, back.year, back.leap),
            (1, 1, y, false)
        );
        // The day before Tết is the last day of the old year's 12th month.
        let eve = LunarDate::from_solar(d(y, m, day).yesterday().unwrap()).unwrap();
        assert_eq!(
            (eve.month, eve.year, eve.leap),
            (12, y - 1, false),
            "eve of {y}"
        );
        assert!(eve.day == 29 || eve.day == 30);
    }
}

#[test]
fn tet_samples_1900_to_2199() {
    for (y, m, day) in TET_SAMPLES {
        assert_eq!(lunar::tet(y).unwrap(), d(y, m, day), "Tết {y}");
    }
}

#[test]
fn vietnam_differs_from_china() {
    // UTC+7 vs UTC+8: Chinese New Year was 1985-02-20, 2030-02-03, 2053-02-19, 2007-02-18, and
    // 1968-01-30 (the Tết offensive began on the Vietnamese date).
    assert_eq!(lunar::tet(1985).unwrap(), d(1985, 1, 21));
    assert_eq!(lunar::tet(2030).unwrap(), d(2030, 2, 2));
    assert_eq!(lunar::tet(2053).unwrap(), d(2053, 2, 18));
    assert_eq!(lunar::tet(2007).unwrap(), d(2007, 2, 17));
    assert_eq!(lunar::tet(1968).unwrap(), d(1968, 1, 29));
}

#[test]
fn hung_kings_day_2020_to_2030() {
    let expected = [
        (2020, 4, 2),
        (2021, 4, 21),
        (2022, 4, 10),
        (2023, 4, 29),
        (2024, 4, 18),
        (2025, 4, 7),
        (2026, 4, 26),
        (2027, 4, 16),
        (2028, 4, 4),
        (2029, 4, 23),
        (2030, 4, 12),
    ];
    for (y, m, day) in expected {
        let solar = LunarDate::new(10, 3, y, false).unwrap().to_solar().unwrap();
        assert_eq!(solar, d(y, m, day), "Giỗ Tổ {y}");
    }
}

#[test]
fn leap_months() {
    let expected = [
        // China had leap month 10 in 1984; Vietnam had none and leap month 2 in 1985, which is
        // why Tết 1985 came a month earlier in Vietnam.
        (1984, None),
        (1985, Some(2)),
        (2001, Some(4)),
        (2004, Some(2)),
        (2006, Some(7)),
        (2009, Some(5)),
        (2012, Some(4)),
        (2014, Some(9)),
        (2017, Some(6)),
        (2020, Some(4)),
        (2021, None),
        (2022, None),
        (2023, Some(2)),
        (2024, None),
        (2025, Some(6)),
        (2026, None),
        (2028, Some(5)),
        (2031, Some(3)),
        (2033, Some(11)),
        (2036, Some(6)),
        (2039, Some(5)),
        (2042, Some(2)),
    ];
    for (y, leap) in expected {
        assert_eq!(lunar::leap_month(y).unwrap(), leap, "leap month of {y}");
    }
}

#[test]
fn leap_month_dates() {
    // 2025: month 6 and leap month 6 (6 nhuận) started 2025-06-25 and 2025-07-25.
    let m6 = LunarDate::new(1, 6, 2025, false)
        .unwrap()
        .to_solar()
        .unwrap();
    let m6n = LunarDate::new(1, 6, 2025, true)
        .unwrap()
        .to_solar()
        .unwrap();
    assert_eq!(m6, d(2025, 6, 25));
    assert_eq!(m6n, d(2025, 7, 25));
    let mid = LunarDate::from_solar(d(2025, 8, 8)).unwrap();
    assert_eq!(mid, LunarDate::new(15, 6, 2025, true).unwrap());
    // 2023: leap month 2 started 2023-03-22.
    let m2n = LunarDate::new(1, 2, 2023, true)
        .unwrap()
        .to_solar()
        .unwrap();
    assert_eq!(m2n, d(2023, 3, 22));
    // 2033: leap month 11 belongs to lunar year 2033 (it starts in December 2033).
    let l11 = LunarDate::new(1, 11, 2033, true)
        .unwrap()
        .to_solar()
        .unwrap();
    assert_eq!(l11.year(), 2033);
    assert_eq!(l11.month(), 12);
}

#[test]
fn display_and_parse() {
    let tet = LunarDate::from_solar(d(2026, 2, 17)).unwrap();
    assert_eq!(tet.to_string(), "1/1/2026 (Bính Ngọ)");
    let leap = LunarDate::new(15, 6, 2025, true).unwrap();
    assert_eq!(leap.to_string(), "15/6 nhuận/2025 (Ất Tỵ)");
    assert_eq!(
        "15/6 nhuận/2025 (Ất Tỵ)".parse::<LunarDate>().unwrap(),
        leap
    );
    assert_eq!("15/6n/2025".parse::<LunarDate>().unwrap(), leap);
    assert_eq!(
        "10/3/2026"
            .parse::<LunarDate>()
            .unwrap()
            .to_solar()
            .unwrap(),
        d(2026, 4, 26)
    );
    let eve = LunarDate::from_solar(d(2026, 2, 16)).unwrap();
    assert_eq!(eve.to_string(), "29/12/2025 (Ất Tỵ)");
    assert_eq!(tet.year_name(), "Bính Ngọ");
}

#[test]
fn invalid_lunar_dates_are_precise_errors() {
    // Month 1 of 2026 has 30 days, month 2 has 29 (2026-03-19 .. 2026-04-16).
    assert_eq!(lunar::month_length(2026, 2, false).unwrap(), 29);
    let err = LunarDate::new(30, 2, 2026, false).unwrap_err();
    assert_eq!(
        err,
        CalendarError::InvalidLunarDate {
            text: "30/2/2026 (Bính Ngọ)".into(),
            problem: LunarProblem::DayBeyondMonth { length: 29 }
        }
    );
    assert_eq!(err.code(), "calendar.invalid_lunar_date");
    assert!(
        err.message_vi().contains("chỉ có 29 ngày"),
        "{}",
        err.message_vi()
    );
    // 2025 has leap month 6, not 5; 2026 has none.
    let err = LunarDate::new(1, 5, 2025, true).unwrap_err();
    assert!(matches!(
        err,
        CalendarError::InvalidLunarDate {
            problem: LunarProblem::NoSuchLeapMonth { actual: Some(6) },
            ..
        }
    ));
    assert!(err.message_vi().contains("nhuận tháng 6"));
    let err = "1/4 nhuận/2026".parse::<LunarDate>().unwrap_err();
    assert!(matches!(
        err,
        CalendarError::InvalidLunarDate {
            problem: LunarProblem::NoSuchLeapMonth { actual: None },
            ..
        }
    ));
    assert!(matches!(
        LunarDate::new(0, 1, 2026, false),
        Err(CalendarError::InvalidLunarDate {
            problem: LunarProblem::DayNumber,
            ..
        })
    ));
    assert!(matches!(
        LunarDate::new(1, 13, 2026, false),
        Err(CalendarError::InvalidLunarDate {
            problem: LunarProblem::MonthNumber,
            ..
        })
    ));
    assert!(matches!(
        "1/1/26".parse::<LunarDate>(),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        "hello".parse::<LunarDate>(),
        Err(CalendarError::LunarSyntax { .. })
    ));
}

#[test]
fn out_of_range_is_an_error() {
    assert!(matches!(
        LunarDate::from_solar(d(1899, 12, 31)),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        LunarDate::from_solar(d(2200, 1, 1)),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(LunarDate::from_solar(d(1900, 1, 1)).is_ok());
    assert!(LunarDate::from_solar(d(2199, 12, 31)).is_ok());
    assert!(matches!(
        lunar::tet(2200),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        lunar::tet(1899),
        Err(CalendarError::OutOfRange { .. })
    ));
    // 1/11/1899 began before 1900-01-01.
    assert!(matches!(
        LunarDate::new(1, 11, 1899, false).and_then(|l| l.to_solar()),
        Err(CalendarError::OutOfRange { .. })
    ));
    let err = LunarDate::from_solar(d(2200, 1, 1)).unwrap_err();
    assert_eq!(err.code(), "calendar.out_of_range");
    assert!(err.message_vi().contains("nằm ngoài"));
}

/// Where the abridged new-moon series of the published algorithm and the precomputed tables
/// disagree: new moons within minutes of local midnight. Before 1968 Vietnamese almanacs also
/// used UTC+8 (this crate computes at UTC+7 throughout, as the modern rule). Pinned so that a
/// change of the astronomy is noticed; see docs/CALENDAR.md.
#[test]
fn known_divergences_from_the_precomputed_tables() {
    // (year, ours, table)
    for (y, ours, table) in [
        (1903, d(1903, 1, 28), d(1903, 1, 29)),
        (1925, d(1925, 1, 24), d(1925, 1, 25)),
        (1935, d(1935, 2, 3), d(1935, 2, 4)),
        (1965, d(1965, 2, 1), d(1965, 2, 2)),
        (2175, d(2175, 1, 23), d(2175, 1, 22)),
        (2199, d(2199, 1, 27), d(2199, 1, 26)),
    ] {
        assert_eq!(lunar::tet(y).unwrap(), ours, "{y}");
        assert_ne!(ours, table);
    }
}
