//! Round trips of the lunar calendar: exhaustive over the whole range, plus proptest samples.

use jiff::civil::Date;
use motcua_calendar::lunar::{self, LunarDate};
use motcua_calendar::{CalendarError, LunarProblem, max_date, min_date};
use proptest::prelude::*;

#[test]
fn solar_to_lunar_to_solar_for_every_date_in_range() {
    let mut date = min_date();
    let mut previous: Option<LunarDate> = None;
    loop {
        let l = LunarDate::from_solar(date).unwrap();
        assert_eq!(l.to_solar().unwrap(), date, "{date} -> {l}");
        // Lunar dates advance by one day, or start a new month at day 1.
        if let Some(p) = previous {
            assert!(
                (l.day == p.day + 1 && (l.year, l.month, l.leap) == (p.year, p.month, p.leap))
                    || (l.day == 1 && p.day >= 29 && l > p),
                "{p} then {l}"
            );
        }
        previous = Some(l);
        if date == max_date() {
            break;
        }
        date = date.tomorrow().unwrap();
    }
}

#[test]
fn lunar_to_solar_to_lunar_for_every_valid_lunar_date() {
    let mut months = 0;
    for (first, _, len) in lunar::months() {
        months += 1;
        assert!(len == 29 || len == 30, "{first}: {len}");
        for day in 1..=len {
            let l = LunarDate { day, ..first };
            match l.to_solar() {
                Ok(solar) => assert_eq!(LunarDate::from_solar(solar).unwrap(), l),
                // Only the first and last months stick out of the range.
                Err(CalendarError::OutOfRange { .. }) => {
                    assert!(first.year == 1899 || first.year == 2199, "{l}")
                }
                Err(e) => panic!("{l}: {e}"),
            }
        }
        // Day len + 1 does not exist.
        if len == 29 {
            assert!(matches!(
                LunarDate::new(30, first.month, first.year, first.leap),
                Err(CalendarError::InvalidLunarDate {
                    problem: LunarProblem::DayBeyondMonth { length: 29 },
                    ..
                })
            ));
        }
    }
    // 300 years of 12 or 13 months.
    assert!((3_700..3_720).contains(&months), "{months}");
}

#[test]
fn every_year_has_at_most_one_leap_month_and_tet_in_range() {
    for y in 1900..=2199 {
        let tet = lunar::tet(y).unwrap();
        assert!(
            tet >= Date::constant(y, 1, 21) && tet <= Date::constant(y, 2, 20),
            "Tết {y} = {tet}"
        );
        let leaps = lunar::months()
            .filter(|(l, _, _)| l.year == y && l.leap)
            .count();
        assert!(leaps <= 1, "{y}");
        assert_eq!(leaps == 1, lunar::leap_month(y).unwrap().is_some());
    }
}

fn any_date() -> impl Strategy<Value = Date> {
    let first = min_date().to_zoned(jiff::tz::TimeZone::UTC).unwrap();
    let days = max_date().since(min_date()).unwrap().get_days();
    (0..=days).prop_map(move |n| first.checked_add(jiff::Span::new().days(n)).unwrap().date())
}

proptest! {
    #[test]
    fn prop_solar_lunar_solar(date in any_date()) {
        let l = LunarDate::from_solar(date).unwrap();
        prop_assert_eq!(l.to_solar().unwrap(), date);
        // The text form round-trips too.
        prop_assert_eq!(l.to_string().parse::<LunarDate>().unwrap(), l);
    }

    #[test]
    fn prop_lunar_solar_lunar(year in 1900i16..=2199, month in 1u8..=12, day in 1u8..=30, leap in any::<bool>()) {
        match LunarDate::new(day, month, year, leap) {
            Ok(l) => match l.to_solar() {
                Ok(solar) => prop_assert_eq!(LunarDate::from_solar(solar).unwrap(), l),
                // The last lunar month of 2199 ends in January 2200.
                Err(CalendarError::OutOfRange { .. }) => prop_assert!(year == 2199 && month == 12),
                Err(e) => prop_assert!(false, "unexpected {}", e),
            },
            // Months of 2199 that start after 2199-12-31.
            Err(CalendarError::OutOfRange { .. }) => prop_assert!(year == 2199 && month >= 11),
            Err(CalendarError::InvalidLunarDate { problem, .. }) => match problem {
                LunarProblem::DayBeyondMonth { length } => {
                    prop_assert_eq!(day, 30);
                    prop_assert_eq!(length, 29);
                }
                LunarProblem::NoSuchLeapMonth { actual } => {
                    prop_assert!(leap);
                    prop_assert_ne!(actual, Some(month));
                    prop_assert_eq!(actual, lunar::leap_month(year).unwrap());
                }
                other => prop_assert!(false, "unexpected {:?}", other),
            },
            Err(e) => prop_assert!(false, "unexpected {}", e),
        }
    }
}
