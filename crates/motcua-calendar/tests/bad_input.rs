//! Bad input gives precise errors, each with a code and a sentence in both languages.

use jiff::civil::{Date, datetime};
use motcua_calendar::{
    CalendarError, CutoffRule, Hours, HoursProblem, Limit, Period, ScheduleSet, UnitCalendar,
    WorkingCalendar, YearSchedule, parse_date, parse_moment,
};

fn assert_localized(err: &CalendarError, code: &str) {
    assert_eq!(err.code(), code, "{err:?}");
    assert!(!err.message_en().is_empty());
    let vi = err.message_vi();
    assert!(!vi.is_empty() && vi != err.message_en(), "{vi}");
}

#[test]
fn impossible_dates() {
    let err = parse_date("2026-02-30").unwrap_err();
    assert_eq!(
        err,
        CalendarError::ImpossibleDate {
            text: "2026-02-30".into()
        }
    );
    assert_localized(&err, "calendar.impossible_date");
    assert_eq!(
        parse_date("30/02/2026").unwrap_err(),
        CalendarError::ImpossibleDate {
            text: "30/02/2026".into()
        }
    );
    assert_eq!(
        parse_date("29/02/2024").unwrap(),
        Date::constant(2024, 2, 29)
    );
    assert_eq!(parse_date("1/9/2026").unwrap(), Date::constant(2026, 9, 1));
    assert!(matches!(
        parse_date("2100-02-29"),
        Err(CalendarError::ImpossibleDate { .. })
    ));
    let err = parse_moment("2026-02-13 16:61").unwrap_err();
    assert_localized(&err, "calendar.impossible_date");
    let err = parse_date("13.02.2026").unwrap_err();
    assert_localized(&err, "calendar.date_syntax");
    assert!(matches!(
        parse_moment("2026-02-13"),
        Err(CalendarError::DateSyntax { .. })
    ));
}

#[test]
fn moments_are_read_in_vietnamese_time() {
    assert_eq!(
        parse_moment("2026-02-13 16:00").unwrap(),
        datetime(2026, 2, 13, 16, 0, 0, 0)
    );
    assert_eq!(
        parse_moment("2026-02-13T16:00:30").unwrap(),
        datetime(2026, 2, 13, 16, 0, 30, 0)
    );
    assert_eq!(
        parse_moment("13/02/2026 16:00").unwrap(),
        datetime(2026, 2, 13, 16, 0, 0, 0)
    );
    // 09:00 UTC is 16:00 in Vietnam.
    assert_eq!(
        parse_moment("2026-02-13T09:00:00Z").unwrap(),
        datetime(2026, 2, 13, 16, 0, 0, 0)
    );
    assert_eq!(
        parse_moment("2026-02-13T16:00:00+07:00").unwrap(),
        datetime(2026, 2, 13, 16, 0, 0, 0)
    );
}

#[test]
fn years_out_of_range() {
    let err = parse_date("2200-01-01").unwrap_err();
    assert_localized(&err, "calendar.out_of_range");
    assert!(matches!(
        parse_date("1899-12-31"),
        Err(CalendarError::OutOfRange { .. })
    ));
    let set = ScheduleSet::builtin();
    assert!(matches!(
        set.resolve(2200),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        set.resolve(1899),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        YearSchedule::provisional(2200),
        Err(CalendarError::OutOfRange { .. })
    ));
    let cal = WorkingCalendar::national();
    assert!(matches!(
        cal.days_off(2200),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.day_info(Date::constant(1899, 12, 31)),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.due(
            datetime(2200, 1, 1, 9, 0, 0, 0),
            Limit::same_day(),
            CutoffRule::None
        ),
        Err(CalendarError::OutOfRange { .. })
    ));
    // Outside the range there is no schedule, only the weekly pattern.
    for day in 1..=7 {
        let date = Date::constant(2200, 1, day);
        let weekday = date.weekday().to_monday_zero_offset() < 5;
        assert_eq!(cal.is_working_day(date), weekday, "{date}");
    }
    // 1899-12-31 was a Sunday.
    assert!(!cal.is_working_day(Date::constant(1899, 12, 31)));
    assert!(matches!(
        cal.is_provisional_year(2200),
        Err(CalendarError::OutOfRange { .. })
    ));
}

#[test]
fn unknown_year_and_entries() {
    let set = ScheduleSet::builtin();
    let err = set.announced(2030).unwrap_err();
    assert_localized(&err, "calendar.unknown_year");
    assert!(err.message_vi().contains("2030"));
    let mut set = set;
    let err = set
        .set_enabled(Date::constant(2026, 3, 3), true)
        .unwrap_err();
    assert_localized(&err, "calendar.unknown_entry");
}

#[test]
fn bad_working_hours() {
    let err = Period::hm(17, 0, 13, 30).unwrap_err();
    assert_localized(&err, "calendar.invalid_hours");
    assert!(matches!(
        err,
        CalendarError::InvalidHours {
            problem: HoursProblem::EmptyPeriod { .. }
        }
    ));
    let err = Hours::new(vec![
        Period::hm(13, 30, 17, 0).unwrap(),
        Period::hm(7, 0, 11, 30).unwrap(),
    ])
    .unwrap_err();
    assert!(matches!(
        err,
        CalendarError::InvalidHours {
            problem: HoursProblem::Overlap { .. }
        }
    ));
    assert!(matches!(
        "25:00-26:00".parse::<Period>(),
        Err(CalendarError::InvalidHours {
            problem: HoursProblem::Syntax { .. }
        })
    ));
    let bad = r#"{"workday": ["07:00-11:30"], "weekly": {"caturday": []}}"#;
    assert!(serde_json::from_str::<UnitCalendar>(bad).is_err());
}

#[test]
fn a_unit_that_never_works_gives_an_error_not_a_hang() {
    let unit = UnitCalendar::with_workday(Hours::closed());
    let cal = WorkingCalendar::new(&ScheduleSet::builtin(), &unit);
    assert!(!cal.is_working_day(Date::constant(2026, 3, 4)));
    let err = cal
        .due(
            datetime(2026, 3, 4, 9, 0, 0, 0),
            Limit::working_days(1),
            CutoffRule::None,
        )
        .unwrap_err();
    assert!(matches!(err, CalendarError::OutOfRange { .. }));
}
