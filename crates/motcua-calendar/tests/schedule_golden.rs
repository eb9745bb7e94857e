//! Golden tables of the yearly schedules (R-CAL-1, R-CAL-2). The expected lists are typed from the
//! announcements quoted in the domain brief, not from the data files.

use jiff::civil::Date;
use motcua_calendar::report::{DayOffKind, days_off, render_days_off};
use motcua_calendar::{
    CalendarError, Confidence, DayKind, ScheduleSet, UnitCalendar, WorkingCalendar, YearSchedule,
};

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::constant(y, m, day)
}

fn listed(year: i16) -> Vec<(Date, DayOffKind)> {
    days_off(&WorkingCalendar::national(), year)
        .unwrap()
        .into_iter()
        .map(|e| (e.date, e.kind))
        .collect()
}

use DayOffKind::{DayOff, Holiday, MakeupWorkingDay};

#[test]
fn r_cal_1_with_the_2026_data() {
    let cal = WorkingCalendar::national();
    assert!(cal.is_working_day(d(2026, 8, 22)), "make-up Saturday");
    for off in [d(2026, 8, 31), d(2026, 9, 1), d(2026, 9, 2)] {
        assert!(!cal.is_working_day(off), "{off}");
    }
    for day in 16..=20 {
        assert!(!cal.is_working_day(d(2026, 2, day)), "Tết 2026-02-{day}");
    }
    assert!(cal.is_working_day(d(2026, 2, 23)));
    assert!(cal.is_working_day(d(2026, 2, 13)));
    assert!(!cal.is_working_day(d(2026, 2, 14)), "Saturday");
}

#[test]
fn every_day_off_and_make_up_day_of_2025() {
    let expected = vec![
        (d(2025, 1, 1), Holiday),
        (d(2025, 1, 27), Holiday),
        (d(2025, 1, 28), Holiday),
        (d(2025, 1, 29), Holiday),
        (d(2025, 1, 30), Holiday),
        (d(2025, 1, 31), Holiday),
        (d(2025, 4, 7), Holiday),
        (d(2025, 4, 26), MakeupWorkingDay),
        (d(2025, 4, 30), Holiday),
        (d(2025, 5, 1), Holiday),
        (d(2025, 5, 2), DayOff),
        (d(2025, 9, 1), Holiday),
        (d(2025, 9, 2), Holiday),
    ];
    assert_eq!(listed(2025), expected);
}

#[test]
fn every_day_off_and_make_up_day_of_2026() {
    let expected = vec![
        (d(2026, 1, 1), Holiday),
        (d(2026, 1, 2), DayOff),
        (d(2026, 1, 10), MakeupWorkingDay),
        (d(2026, 2, 16), Holiday),
        (d(2026, 2, 17), Holiday),
        (d(2026, 2, 18), Holiday),
        (d(2026, 2, 19), Holiday),
        (d(2026, 2, 20), Holiday),
        // Giỗ Tổ is Sunday 26/04: not a weekday, so only its compensation day is listed.
        (d(2026, 4, 27), DayOff),
        (d(2026, 4, 30), Holiday),
        (d(2026, 5, 1), Holiday),
        (d(2026, 8, 22), MakeupWorkingDay),
        (d(2026, 8, 31), DayOff),
        (d(2026, 9, 1), Holiday),
        (d(2026, 9, 2), Holiday),
    ];
    assert_eq!(listed(2026), expected);
    let cal = WorkingCalendar::national();
    // Every listed day flips the weekly pattern.
    for (date, kind) in expected {
        assert_eq!(cal.is_working_day(date), kind == MakeupWorkingDay, "{date}");
    }
}

#[test]
fn report_rows_carry_names_sources_and_tags() {
    let rows = days_off(&WorkingCalendar::national(), 2026).unwrap();
    let tet = rows.iter().find(|r| r.date == d(2026, 2, 16)).unwrap();
    let json = serde_json::to_string(tet).unwrap();
    assert!(
        json.starts_with(
            r#"{"date":"2026-02-16","kind":"holiday","name":"Tết Nguyên đán","provisional":false"#
        ),
        "{json}"
    );
    assert!(tet.source.contains("9441/TB-BNV"));
    assert_eq!(tet.confidence, Some(Confidence::V));
    let swap = rows.iter().find(|r| r.date == d(2026, 1, 2)).unwrap();
    assert_eq!(swap.name, "Nghỉ hoán đổi");
    assert_eq!(
        swap.confidence,
        Some(Confidence::S),
        "the brief gives the New-Year swap as [S]"
    );
    let text = render_days_off(2026, &rows);
    assert!(text.contains("22/08/2026   Thứ Bảy    Làm bù"), "{text}");
    assert!(
        text.contains("16/02/2026   Thứ Hai    Nghỉ lễ, Tết"),
        "{text}"
    );
    assert!(!text.contains("tạm tính"));
}

#[test]
fn the_2020_schedule_used_the_2012_labour_code() {
    // One National Day holiday only (BLLĐ 2012 art. 115), on Wednesday 02/09/2020.
    let cal = WorkingCalendar::national();
    assert!(!cal.is_working_day(d(2020, 9, 2)));
    assert!(cal.is_working_day(d(2020, 9, 1)));
    assert!(cal.is_working_day(d(2020, 9, 3)));
    // Tết Canh Tý: Thu 23/01 – Wed 29/01/2020.
    for day in 23..=29 {
        assert!(!cal.is_working_day(d(2020, 1, day)));
    }
    assert!(cal.is_working_day(d(2020, 1, 30)));
}

#[test]
fn announced_schedules_2020_to_2026_are_built_in() {
    let set = ScheduleSet::builtin();
    assert_eq!(
        set.announced_years().collect::<Vec<_>>(),
        (2020..=2026).collect::<Vec<_>>()
    );
    for year in 2020..=2026 {
        let y = set.announced(year).unwrap();
        assert!(!y.provisional);
        assert!(
            y.entries()
                .iter()
                .all(|e| !e.provisional && !e.source.is_empty())
        );
    }
    assert_eq!(
        set.announced(2027).unwrap_err(),
        CalendarError::UnknownYear { year: 2027 }
    );
}

#[test]
fn culture_day_ships_disabled_and_can_be_switched_on() {
    let mut set = ScheduleSet::builtin();
    let y = set.announced(2026).unwrap();
    let culture = y.entry(d(2026, 11, 24)).unwrap();
    assert_eq!(culture.name, "Ngày Văn hóa Việt Nam");
    assert!(!culture.enabled);
    assert_eq!(culture.confidence, Confidence::Gap);
    assert!(WorkingCalendar::national().is_working_day(d(2026, 11, 24)));

    set.set_enabled(d(2026, 11, 24), true).unwrap();
    let cal = WorkingCalendar::new(&set, &UnitCalendar::standard());
    assert!(!cal.is_working_day(d(2026, 11, 24)));
    assert!(
        days_off(&cal, 2026)
            .unwrap()
            .iter()
            .any(|r| r.date == d(2026, 11, 24) && r.kind == Holiday)
    );
    // The built-in set is not changed by the switch.
    assert!(
        !ScheduleSet::builtin()
            .announced(2026)
            .unwrap()
            .entry(d(2026, 11, 24))
            .unwrap()
            .enabled
    );
    assert_eq!(
        set.set_enabled(d(2026, 11, 25), true).unwrap_err(),
        CalendarError::UnknownEntry {
            year: 2026,
            date: d(2026, 11, 25)
        }
    );
    assert!(matches!(
        set.set_enabled(d(2030, 1, 1), true),
        Err(CalendarError::UnknownYear { year: 2030 })
    ));
}

#[test]
fn provisional_2027_follows_article_112() {
    let set = ScheduleSet::builtin();
    let y = set.resolve(2027).unwrap();
    assert!(y.provisional);
    // Tết Đinh Mùi is Saturday 2027-02-06: the eve (Fri 05/02) and 1/1–4/1 are holidays; the
    // Saturday and Sunday are compensated on Wed 10/02 and Thu 11/02 (art. 111(3)). 01/05 is a
    // Saturday: compensated Monday 03/05. 02/09 is a Thursday: 03/09 (Friday) is the second day.
    let expected = vec![
        (d(2027, 1, 1), Holiday),
        (d(2027, 2, 5), Holiday),
        (d(2027, 2, 8), Holiday),
        (d(2027, 2, 9), Holiday),
        (d(2027, 2, 10), DayOff),
        (d(2027, 2, 11), DayOff),
        (d(2027, 4, 16), Holiday),
        (d(2027, 4, 30), Holiday),
        (d(2027, 5, 3), DayOff),
        (d(2027, 9, 2), Holiday),
        (d(2027, 9, 3), Holiday),
    ];
    let rows = days_off(&WorkingCalendar::national(), 2027).unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.date, r.kind)).collect::<Vec<_>>(),
        expected
    );
    assert!(rows.iter().all(|r| r.provisional));
    let text = render_days_off(2027, &rows);
    assert!(text.contains("Tết Nguyên đán (tạm tính)"), "{text}");
    let all = y.entries();
    assert!(
        all.iter()
            .all(|e| e.provisional && e.confidence == Confidence::U)
    );
    assert!(
        all.iter()
            .any(|e| e.date == d(2027, 2, 6) && e.kind == DayKind::Holiday)
    );
    assert!(
        WorkingCalendar::national()
            .is_provisional_year(2027)
            .unwrap()
    );
    assert!(
        !WorkingCalendar::national()
            .is_provisional_year(2026)
            .unwrap()
    );
}

#[test]
fn an_imported_year_replaces_the_built_in_one() {
    let mut set = ScheduleSet::builtin();
    let text = r#"
year = 2026
source = "Thông báo thử nghiệm"
confidence = "V"

[[day]]
date = "2026-03-02"
kind = "day_off"
name = "Nghỉ thử"
"#;
    assert_eq!(set.import("test-2026.toml", text).unwrap(), 2026);
    let cal = WorkingCalendar::new(&set, &UnitCalendar::standard());
    assert!(!cal.is_working_day(d(2026, 3, 2)));
    // The replaced file had Tết; the new one does not.
    assert!(cal.is_working_day(d(2026, 2, 16)));
    // Provisional years become announced when imported.
    let text_2027 = text.replace("2026", "2027");
    set.import("2027.toml", &text_2027).unwrap();
    assert!(!set.resolve(2027).unwrap().provisional);
    set.remove(2027);
    assert!(set.resolve(2027).unwrap().provisional);
}

#[test]
fn parsed_files_keep_their_entries_sorted_and_defaults_applied() {
    let text = r#"
year = 2030
source = "Nguồn chung"
confidence = "S"

[[day]]
date = "2030-02-04"
kind = "holiday"
name = "Tết Nguyên đán"

[[day]]
date = "2030-01-01"
kind = "holiday"
name = "Tết Dương lịch"
source = "Điều 112"
confidence = "V"
"#;
    let y = YearSchedule::parse("2030.toml", text).unwrap();
    let dates: Vec<Date> = y.entries().iter().map(|e| e.date).collect();
    assert_eq!(dates, vec![d(2030, 1, 1), d(2030, 2, 4)]);
    assert_eq!(y.entries()[1].source, "Nguồn chung");
    assert_eq!(y.entries()[1].confidence, Confidence::S);
    assert_eq!(y.entries()[0].confidence, Confidence::V);
    assert!(y.entries().iter().all(|e| e.enabled && !e.provisional));
}

#[test]
fn the_calendar_exposes_the_schedule_it_uses() {
    let cal = WorkingCalendar::national();
    let y2026 = cal.schedule(2026).unwrap();
    assert!(!y2026.provisional);
    let hung = y2026.entry(d(2026, 4, 26)).unwrap();
    assert_eq!(
        (hung.kind, hung.name.as_str()),
        (DayKind::Holiday, "Giỗ Tổ Hùng Vương")
    );
    // The provisional year is derived once and kept with the index.
    let a = cal.schedule(2027).unwrap();
    let b = cal.schedule(2027).unwrap();
    assert!(a.provisional && std::sync::Arc::ptr_eq(&a, &b));
}
