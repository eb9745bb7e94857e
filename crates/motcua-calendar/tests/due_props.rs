//! Properties of due moments and working-minute arithmetic, over several unit calendars.

use std::sync::OnceLock;

use jiff::civil::{Date, DateTime, Time, Weekday};
use motcua_calendar::{
    CutoffRule, Hours, Limit, Period, ScheduleSet, TimeUnit, UnitCalendar, WorkingCalendar,
};
use proptest::prelude::*;

fn calendars() -> &'static [WorkingCalendar] {
    static CALS: OnceLock<Vec<WorkingCalendar>> = OnceLock::new();
    CALS.get_or_init(|| {
        let set = ScheduleSet::builtin();
        let saturday = UnitCalendar::standard().with_weekday(
            Weekday::Saturday,
            Hours::new(vec![Period::hm(7, 30, 11, 30).unwrap()]).unwrap(),
        );
        let odd = UnitCalendar::with_workday(
            Hours::new(vec![
                Period::hm(7, 30, 11, 45).unwrap(),
                Period::hm(13, 0, 14, 10).unwrap(),
                Period::hm(14, 20, 16, 35).unwrap(),
            ])
            .unwrap(),
        )
        .with_weekday(
            Weekday::Friday,
            Hours::new(vec![Period::hm(8, 0, 12, 0).unwrap()]).unwrap(),
        )
        .with_closure(Date::constant(2026, 3, 4), "closure")
        .with_opening(
            Date::constant(2026, 3, 8),
            Hours::new(vec![Period::hm(8, 0, 9, 0).unwrap()]).unwrap(),
            "opening",
        );
        vec![
            WorkingCalendar::national(),
            WorkingCalendar::new(&set, &saturday),
            WorkingCalendar::new(&set, &odd),
            WorkingCalendar::new(&ScheduleSet::empty(), &UnitCalendar::standard()),
        ]
    })
}

/// A local moment between 2019 and 2028 (announced and provisional years), any minute.
fn moment() -> impl Strategy<Value = DateTime> {
    (0i32..(10 * 366), 0i8..24, 0i8..60, 0i8..60).prop_map(|(day, h, m, s)| {
        let date = Date::constant(2019, 1, 1)
            .checked_add(jiff::Span::new().days(day))
            .unwrap();
        date.at(h, m, s, 0)
    })
}

fn cutoff() -> impl Strategy<Value = CutoffRule> {
    prop_oneof![
        Just(CutoffRule::None),
        Just(CutoffRule::After {
            time: Time::constant(15, 0, 0, 0)
        }),
        Just(CutoffRule::BeforeClose { minutes: 60 }),
    ]
}

fn limit() -> impl Strategy<Value = Limit> {
    prop_oneof![
        (0u32..100).prop_map(Limit::working_hours),
        (0u32..40).prop_map(Limit::working_days),
        (0u32..60).prop_map(Limit::calendar_days),
        (0u32..13).prop_map(Limit::months),
        Just(Limit::same_day()),
    ]
}

/// Inside a working period of a working day, or exactly at a period's end.
fn in_working_time(cal: &WorkingCalendar, t: DateTime) -> bool {
    let info = cal.day_info(t.date()).unwrap();
    info.working
        && info
            .hours
            .periods()
            .iter()
            .any(|p| p.start() <= t.time() && t.time() <= p.end())
}

fn truncated(t: DateTime) -> DateTime {
    t.date().at(t.hour(), t.minute(), 0, 0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn due_is_not_before_reception_and_falls_in_working_time(
        c in 0usize..4, t in moment(), l in limit(), rule in cutoff()
    ) {
        let cal = &calendars()[c];
        let answer = cal.due_answer(t, l, rule).unwrap();
        prop_assert!(answer.due >= truncated(t), "{:?}", answer);
        prop_assert!(answer.counting_starts >= truncated(t));
        prop_assert!(answer.due >= answer.counting_starts);
        prop_assert!(in_working_time(cal, answer.due), "{:?}", answer);
        prop_assert!(in_working_time(cal, answer.counting_starts), "{:?}", answer);
        prop_assert_eq!(answer.due, cal.due(t, l, rule).unwrap());
        // Working-time limits of N > 0 consume exactly N working minutes from the start.
        if matches!(l.unit, TimeUnit::WorkingHours | TimeUnit::WorkingDays) {
            let per = if l.unit == TimeUnit::WorkingHours { 60 } else { 480 };
            prop_assert_eq!(
                cal.working_minutes_between(answer.counting_starts, answer.due),
                i64::from(l.amount) * per
            );
        }
    }

    #[test]
    fn adding_n_then_m_equals_adding_n_plus_m(
        c in 0usize..4, t in moment(), n in 0u32..30, m in 0u32..30, hours in any::<bool>()
    ) {
        let cal = &calendars()[c];
        // From a moment inside working hours.
        let start = cal.counting_starts(t, CutoffRule::None).unwrap();
        let make = if hours { Limit::working_hours } else { Limit::working_days };
        let first = cal.due(start, make(n), CutoffRule::None).unwrap();
        let both = cal.due(first, make(m), CutoffRule::None).unwrap();
        let once = cal.due(start, make(n + m), CutoffRule::None).unwrap();
        if m == 0 {
            // A zero limit is due when counting starts: at `first` itself, or at the next period
            // start when `first` is a period end — the same working position.
            prop_assert_eq!(cal.working_minutes_between(first, both), 0);
        } else {
            prop_assert_eq!(both, once);
        }
    }

    #[test]
    fn between_inverts_add(c in 0usize..4, t in moment(), minutes in -20_000i64..20_000) {
        let cal = &calendars()[c];
        let later = cal.add_working_minutes(t, minutes).unwrap();
        prop_assert_eq!(cal.working_minutes_between(t, later), minutes);
        prop_assert_eq!(cal.working_minutes_between(later, t), -minutes);
        if minutes > 0 {
            prop_assert!(later > t);
            prop_assert!(in_working_time(cal, later));
        }
    }

    #[test]
    fn between_is_additive(c in 0usize..4, a in moment(), b in moment(), x in moment()) {
        let cal = &calendars()[c];
        prop_assert_eq!(
            cal.working_minutes_between(a, b),
            cal.working_minutes_between(a, x) + cal.working_minutes_between(x, b)
        );
    }

    #[test]
    fn sub_working_days_is_the_inverse_window(c in 0usize..4, t in moment(), days in 1u32..10) {
        let cal = &calendars()[c];
        let due = cal.due(t, Limit::working_days(days), CutoffRule::None).unwrap();
        let back = cal.sub_working_days(due, days).unwrap();
        prop_assert_eq!(cal.working_minutes_between(back, due), i64::from(days) * 480);
        prop_assert!(back <= cal.counting_starts(t, CutoffRule::None).unwrap());
    }
}

#[test]
fn working_days_match_a_day_by_day_count() {
    // Independent check of the index: count working days one by one with `is_working_day` and
    // compare with the minutes between the first moments of two dates (national: 8 h per day).
    let cal = WorkingCalendar::national();
    let mut date = Date::constant(2020, 1, 1);
    let start = date.at(0, 0, 0, 0);
    let mut days = 0i64;
    while date.year() < 2029 {
        assert_eq!(
            cal.working_minutes_between(start, date.at(0, 0, 0, 0)),
            days * 480,
            "{date}"
        );
        if cal.is_working_day(date) {
            days += 1;
        }
        date = date.tomorrow().unwrap();
    }
    // 2026: 261 weekdays − 13 weekday days off (incl. the January and August swaps) + 2 make-up
    // Saturdays = 250 working days.
    let y2026 = cal.working_minutes_between(
        Date::constant(2026, 1, 1).at(0, 0, 0, 0),
        Date::constant(2027, 1, 1).at(0, 0, 0, 0),
    );
    assert_eq!(y2026, 250 * 480);
}
