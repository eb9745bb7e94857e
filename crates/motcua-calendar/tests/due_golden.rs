//! Golden due moments (R-TIME-1, R-TIME-2), each worked out by hand in its comment. Default hours:
//! 07:00–11:30 (270 min) and 13:30–17:00 (210 min) = 480 min = 1 working day.

use jiff::civil::{Date, DateTime, Weekday, datetime};
use motcua_calendar::report::render_due;
use motcua_calendar::{
    CalendarError, CutoffRule, Hours, Limit, Period, ScheduleSet, UnitCalendar, WorkingCalendar,
};

fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> DateTime {
    datetime(y, m, d, h, min, 0, 0)
}

fn national() -> WorkingCalendar {
    WorkingCalendar::national()
}

const AFTER_15: CutoffRule = CutoffRule::After {
    time: jiff::civil::Time::constant(15, 0, 0, 0),
};

#[test]
fn three_working_days_across_tet_2026_with_the_15h_cutoff() {
    // Received Fri 13/02 16:00, after the 15:00 cut-off: counting starts at the next working
    // day's opening. Sat 14 – Sun 22 is the Tết break (16–20 holidays + two weekends), so that
    // is Mon 23/02 07:00. 3 × 480 min: Mon 07:00–17:00, Tue, Wed → ends exactly at Wed 17:00,
    // which is the due moment (not Thu 07:00).
    let answer = national()
        .due_answer(at(2026, 2, 13, 16, 0), Limit::working_days(3), AFTER_15)
        .unwrap();
    assert_eq!(answer.counting_starts, at(2026, 2, 23, 7, 0));
    assert_eq!(answer.due, at(2026, 2, 25, 17, 0));
    assert!(!answer.provisional_days_used);
}

#[test]
fn three_working_days_across_tet_2026_without_cutoff() {
    // Counting starts at once (Fri 16:00, inside 13:30–17:00): Fri gives 60 min, leaving 1380.
    // Mon 23 and Tue 24 give 480 each (420 left); Wed 25 morning 270 (150 left); 13:30 + 150 =
    // 16:00 → Wed 25/02 16:00.
    let due = national()
        .due(
            at(2026, 2, 13, 16, 0),
            Limit::working_days(3),
            CutoffRule::None,
        )
        .unwrap();
    assert_eq!(due, at(2026, 2, 25, 16, 0));
}

#[test]
fn r_time_2_friday_14h_plus_one_working_day_is_monday_14h() {
    // Normal week (06/03/2026): Fri 14:00–17:00 = 180, Mon 07:00–11:30 = 270 (450), 13:30 + 30.
    let due = national()
        .due(
            at(2026, 3, 6, 14, 0),
            Limit::working_days(1),
            CutoffRule::None,
        )
        .unwrap();
    assert_eq!(due, at(2026, 3, 9, 14, 0));
}

#[test]
fn across_the_make_up_saturday_of_august_2026() {
    // Fri 21/08 14:00 + 1 day: Fri gives 180; Sat 22/08 is a make-up working day with normal
    // hours: 07:00–11:30 (450), 13:30 + 30 → Sat 22/08 14:00.
    let cal = national();
    let due = cal
        .due(
            at(2026, 8, 21, 14, 0),
            Limit::working_days(1),
            CutoffRule::None,
        )
        .unwrap();
    assert_eq!(due, at(2026, 8, 22, 14, 0));
    // Fri 28/08 10:00 + 2 days (960): Fri gives 90 + 210 = 300; Mon 31/08 (swapped), Tue 01/09
    // and Wed 02/09 are off; Thu 03/09 gives 480 (780); Fri 04/09 07:00 + 180 → 10:00.
    let due = cal
        .due(
            at(2026, 8, 28, 10, 0),
            Limit::working_days(2),
            CutoffRule::None,
        )
        .unwrap();
    assert_eq!(due, at(2026, 9, 4, 10, 0));
}

#[test]
fn across_the_year_boundary_into_provisional_2027() {
    // Thu 31/12/2026 09:00 + 2 days (960): Thu gives 150 + 210 = 360; Fri 01/01/2027 is a
    // (provisional) holiday; weekend; Mon 04/01 gives 480 (840); Tue 05/01 07:00 + 120 → 09:00.
    let answer = national()
        .due_answer(
            at(2026, 12, 31, 9, 0),
            Limit::working_days(2),
            CutoffRule::None,
        )
        .unwrap();
    assert_eq!(answer.due, at(2027, 1, 5, 9, 0));
    assert!(answer.provisional_days_used);
    let text = render_due(&answer);
    assert!(text.contains("tạm tính"), "{text}");
    assert!(
        text.contains("9 giờ 00 phút, Thứ Ba, ngày 05/01/2027"),
        "{text}"
    );
}

#[test]
fn same_day_procedures_at_14_59_and_15_01() {
    let cal = national();
    let same_day = Limit::same_day();
    // Wed 04/03/2026.
    assert_eq!(
        cal.due(at(2026, 3, 4, 14, 59), same_day, AFTER_15).unwrap(),
        at(2026, 3, 4, 17, 0)
    );
    assert_eq!(
        cal.due(at(2026, 3, 4, 15, 1), same_day, AFTER_15).unwrap(),
        at(2026, 3, 5, 17, 0)
    );
    // "After 15:00" is strict, at minute precision (the receipt prints hours and minutes).
    assert_eq!(
        cal.due(at(2026, 3, 4, 15, 0), same_day, AFTER_15).unwrap(),
        at(2026, 3, 4, 17, 0)
    );
    assert_eq!(
        cal.due(datetime(2026, 3, 4, 15, 0, 59, 0), same_day, AFTER_15)
            .unwrap(),
        at(2026, 3, 4, 17, 0)
    );
    // Friday 15:01 → Monday 17:00.
    assert_eq!(
        cal.due(at(2026, 3, 6, 15, 1), same_day, AFTER_15).unwrap(),
        at(2026, 3, 9, 17, 0)
    );
    // Without a cut-off, 16:59 is still the same day.
    assert_eq!(
        cal.due(at(2026, 3, 4, 16, 59), same_day, CutoffRule::None)
            .unwrap(),
        at(2026, 3, 4, 17, 0)
    );
}

#[test]
fn reception_on_sunday() {
    // Sun 08/03/2026: counting starts Mon 07:00; 1 day ends exactly Mon 17:00.
    let cal = national();
    let sunday = at(2026, 3, 8, 10, 0);
    let answer = cal
        .due_answer(sunday, Limit::working_days(1), CutoffRule::None)
        .unwrap();
    assert_eq!(answer.counting_starts, at(2026, 3, 9, 7, 0));
    assert_eq!(answer.due, at(2026, 3, 9, 17, 0));
    assert_eq!(
        cal.due(sunday, Limit::working_hours(4), AFTER_15).unwrap(),
        at(2026, 3, 9, 11, 0)
    );
    assert_eq!(
        cal.due(sunday, Limit::same_day(), AFTER_15).unwrap(),
        at(2026, 3, 9, 17, 0)
    );
}

#[test]
fn reception_at_noon_during_the_lunch_break() {
    let cal = national();
    let noon = at(2026, 3, 4, 12, 0);
    assert_eq!(
        cal.counting_starts(noon, CutoffRule::None).unwrap(),
        at(2026, 3, 4, 13, 30)
    );
    // 2 hours from 13:30.
    assert_eq!(
        cal.due(noon, Limit::working_hours(2), AFTER_15).unwrap(),
        at(2026, 3, 4, 15, 30)
    );
    // 3 hours: 13:30 + 180 = 16:30; 210 minutes end exactly at 17:00, which is kept.
    assert_eq!(
        cal.due(noon, Limit::working_hours(3), CutoffRule::None)
            .unwrap(),
        at(2026, 3, 4, 16, 30)
    );
    assert_eq!(
        cal.add_working_minutes(noon, 210).unwrap(),
        at(2026, 3, 4, 17, 0)
    );
    // A due moment that lands exactly at 11:30 stays at 11:30 (not 13:30).
    assert_eq!(
        cal.due(
            at(2026, 3, 4, 7, 30),
            Limit::working_hours(4),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 4, 11, 30)
    );
}

#[test]
fn a_unit_with_saturday_morning_opening() {
    let saturday = Hours::new(vec![Period::hm(7, 30, 11, 30).unwrap()]).unwrap();
    let unit = UnitCalendar::standard().with_weekday(Weekday::Saturday, saturday);
    let cal = WorkingCalendar::new(&ScheduleSet::builtin(), &unit);
    assert!(cal.is_working_day(Date::constant(2026, 3, 7)));
    // Fri 06/03 14:00 + 1 day (480 min): Fri 180, Sat 07:30–11:30 240 (420), Mon 07:00 + 60.
    assert_eq!(
        cal.due(
            at(2026, 3, 6, 14, 0),
            Limit::working_days(1),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 9, 8, 0)
    );
    // Same-day on Saturday closes at 11:30.
    assert_eq!(
        cal.due(at(2026, 3, 7, 10, 0), Limit::same_day(), AFTER_15)
            .unwrap(),
        at(2026, 3, 7, 11, 30)
    );
    // Within 60 min before Saturday's close (10:30–11:30): next working day.
    assert_eq!(
        cal.due(
            at(2026, 3, 7, 10, 45),
            Limit::same_day(),
            CutoffRule::BeforeClose { minutes: 60 }
        )
        .unwrap(),
        at(2026, 3, 9, 17, 0)
    );
    // A holiday on a Saturday closes the Saturday desk (Quốc khánh, Sat 02/09/2023).
    assert!(!cal.is_working_day(Date::constant(2023, 9, 2)));
    // A make-up Saturday is a full working day with the normal hours.
    assert_eq!(
        cal.due(at(2026, 8, 22, 12, 0), Limit::same_day(), CutoffRule::None)
            .unwrap(),
        at(2026, 8, 22, 17, 0)
    );
    // The national calendar is unaffected.
    assert!(!national().is_working_day(Date::constant(2026, 3, 7)));
}

#[test]
fn a_local_closure_and_a_local_opening() {
    let unit = UnitCalendar::standard()
        .with_closure(Date::constant(2026, 3, 4), "Chuyển trụ sở")
        .with_opening(
            Date::constant(2026, 3, 7),
            Hours::new(vec![Period::hm(7, 30, 11, 30).unwrap()]).unwrap(),
            "Làm việc thứ Bảy đợt cao điểm",
        );
    let cal = WorkingCalendar::new(&ScheduleSet::builtin(), &unit);
    // Tue 03/03 14:00 + 1 day: Tue 180; Wed closed; Thu 07:00–11:30 (450), 13:30 + 30.
    assert_eq!(
        cal.due(
            at(2026, 3, 3, 14, 0),
            Limit::working_days(1),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 5, 14, 0)
    );
    assert_eq!(
        national()
            .due(
                at(2026, 3, 3, 14, 0),
                Limit::working_days(1),
                CutoffRule::None
            )
            .unwrap(),
        at(2026, 3, 4, 14, 0)
    );
    // Fri 06/03 14:00 + 1 day: Fri 180, the extra Saturday 240 (420), Mon 07:00 + 60.
    assert_eq!(
        cal.due(
            at(2026, 3, 6, 14, 0),
            Limit::working_days(1),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 9, 8, 0)
    );
    let info = cal.day_info(Date::constant(2026, 3, 4)).unwrap();
    assert!(!info.working);
    let rows = motcua_calendar::report::days_off(&cal, 2026).unwrap();
    assert!(rows.iter().any(|r| r.date == Date::constant(2026, 3, 4)
        && r.kind == motcua_calendar::report::DayOffKind::LocalClosure
        && r.source == "Chuyển trụ sở"));
    assert!(rows.iter().any(|r| r.date == Date::constant(2026, 3, 7)
        && r.kind == motcua_calendar::report::DayOffKind::LocalOpening));
}

#[test]
fn before_close_cutoff() {
    let cal = national();
    let rule = CutoffRule::BeforeClose { minutes: 60 };
    // 16:00 is within the last hour before 17:00: Thu 07:00 + 3 h = 10:00.
    assert_eq!(
        cal.due(at(2026, 3, 4, 16, 0), Limit::working_hours(3), rule)
            .unwrap(),
        at(2026, 3, 5, 10, 0)
    );
    // 15:59 is not: Wed 15:59–17:00 = 61, Thu 07:00 + 119 = 08:59.
    assert_eq!(
        cal.due(at(2026, 3, 4, 15, 59), Limit::working_hours(3), rule)
            .unwrap(),
        at(2026, 3, 5, 8, 59)
    );
}

#[test]
fn calendar_days_and_months_follow_the_civil_code() {
    let cal = national();
    // Mon 02/03 + 10 days: the first day is not counted, the period ends on Thu 12/03 at close.
    assert_eq!(
        cal.due(
            at(2026, 3, 2, 10, 0),
            Limit::calendar_days(10),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 12, 17, 0)
    );
    // Wed 04/03 + 10 = Sat 14/03 → next working day Mon 16/03.
    assert_eq!(
        cal.due(
            at(2026, 3, 4, 10, 0),
            Limit::calendar_days(10),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 16, 17, 0)
    );
    // Fri 06/02 + 10 = Mon 16/02 (Tết) → Mon 23/02.
    assert_eq!(
        cal.due(
            at(2026, 2, 6, 10, 0),
            Limit::calendar_days(10),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 2, 23, 17, 0)
    );
    // Fri 30/01 + 1 month: 30/02 does not exist → Sat 28/02 → Mon 02/03.
    assert_eq!(
        cal.due(at(2026, 1, 30, 10, 0), Limit::months(1), CutoffRule::None)
            .unwrap(),
        at(2026, 3, 2, 17, 0)
    );
    // Tue 31/03 + 1 month: 30/04 → 30/04 and 01/05 holidays, weekend → Mon 04/05.
    assert_eq!(
        cal.due(at(2026, 3, 31, 10, 0), Limit::months(1), CutoffRule::None)
            .unwrap(),
        at(2026, 5, 4, 17, 0)
    );
    // + 2 months: 31/05 is a Sunday → Mon 01/06.
    assert_eq!(
        cal.due(at(2026, 3, 31, 10, 0), Limit::months(2), CutoffRule::None)
            .unwrap(),
        at(2026, 6, 1, 17, 0)
    );
    // Received after the cut-off: the event day is the next working day (Tue 03/03 + 10 = Fri 13/03).
    assert_eq!(
        cal.due(at(2026, 3, 2, 16, 0), Limit::calendar_days(10), AFTER_15)
            .unwrap(),
        at(2026, 3, 13, 17, 0)
    );
}

#[test]
fn zero_limits_and_working_hours() {
    let cal = national();
    assert_eq!(
        cal.due(
            at(2026, 3, 4, 12, 0),
            Limit::working_hours(0),
            CutoffRule::None
        )
        .unwrap(),
        at(2026, 3, 4, 13, 30)
    );
    // 40 working hours = 5 working days ("05 ngày làm việc (40 giờ làm việc)").
    let from = at(2026, 3, 4, 9, 17);
    assert_eq!(
        cal.due(from, Limit::working_hours(40), CutoffRule::None)
            .unwrap(),
        cal.due(from, Limit::working_days(5), CutoffRule::None)
            .unwrap()
    );
}

#[test]
fn out_of_range_moments_are_errors() {
    let cal = national();
    let err = cal
        .due(
            at(2199, 12, 31, 9, 0),
            Limit::working_days(5),
            CutoffRule::None,
        )
        .unwrap_err();
    assert!(matches!(err, CalendarError::OutOfRange { .. }), "{err:?}");
    assert!(matches!(
        cal.due(
            at(1899, 12, 31, 9, 0),
            Limit::working_days(1),
            CutoffRule::None
        ),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.due(
            at(2199, 12, 1, 9, 0),
            Limit::calendar_days(u32::MAX),
            CutoffRule::None
        ),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.due(at(2199, 12, 1, 9, 0), Limit::months(2), CutoffRule::None),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.due(
            at(2026, 3, 4, 9, 0),
            Limit::working_hours(u32::MAX),
            CutoffRule::None
        ),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.sub_working_days(at(1900, 1, 2, 9, 0), 10),
        Err(CalendarError::OutOfRange { .. })
    ));
}
