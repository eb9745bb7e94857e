//! Status against due moments (R-TIME-5, R-LC-5), control-slip steps (R-LC-4), the due answer
//! for the CLI/API, and sharing calendars between threads.

use jiff::civil::{Date, DateTime, datetime};
use motcua_calendar::report::{DueAnswer, render_due};
use motcua_calendar::{
    CalendarError, Completion, CutoffRule, Limit, OpenState, WorkingCalendar, completion,
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
fn status_against_the_due_moment() {
    let cal = national();
    let due = at(2026, 2, 25, 17, 0);
    // Due soon from due − 1 working day = Tue 24/02 17:00 (the earliest moment with that
    // position).
    assert_eq!(
        cal.sub_working_days(due, 1).unwrap(),
        at(2026, 2, 24, 17, 0)
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 24, 16, 59), 1),
        OpenState::WithinTime
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 24, 17, 0), 1),
        OpenState::DueSoon
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 25, 17, 0), 1),
        OpenState::DueSoon
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 25, 17, 1), 1),
        OpenState::Overdue
    );
    // The window counts working days: due Mon 23/02 09:00, 1 day before is Fri 13/02 09:00
    // (across Tết), so Fri 13/02 10:00 is already "due soon".
    let due = at(2026, 2, 23, 9, 0);
    assert_eq!(cal.sub_working_days(due, 1).unwrap(), at(2026, 2, 13, 9, 0));
    assert_eq!(
        cal.open_state(due, at(2026, 2, 13, 10, 0), 1),
        OpenState::DueSoon
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 12, 10, 0), 1),
        OpenState::WithinTime
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 12, 10, 0), 2),
        OpenState::DueSoon
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 23, 8, 0), 0),
        OpenState::WithinTime
    );
    assert_eq!(
        cal.open_state(due, at(2026, 2, 23, 9, 0), 0),
        OpenState::DueSoon
    );

    assert_eq!(completion(at(2026, 2, 24, 10, 0), due), Completion::Late);
    assert_eq!(completion(at(2026, 2, 20, 10, 0), due), Completion::Early);
    assert_eq!(completion(at(2026, 2, 23, 9, 0), due), Completion::OnTime);
}

#[test]
fn control_slip_steps() {
    let cal = national();
    // Handed over Wed 04/03 15:30 with 4 working hours: 15:30–17:00 = 90, Thu 07:00 + 150 = 09:30.
    let step = cal
        .check_step(
            at(2026, 3, 4, 15, 30),
            Limit::working_hours(4),
            Some(at(2026, 3, 5, 9, 0)),
            at(2026, 3, 5, 12, 0),
            1,
        )
        .unwrap();
    assert_eq!(step.deadline, at(2026, 3, 5, 9, 30));
    assert_eq!(step.outcome, Some(Completion::OnTime));
    assert_eq!(step.state, None);
    let open = cal
        .check_step(
            at(2026, 3, 4, 15, 30),
            Limit::working_hours(4),
            None,
            at(2026, 3, 5, 9, 31),
            1,
        )
        .unwrap();
    assert_eq!(open.state, Some(OpenState::Overdue));
    assert_eq!(open.outcome, None);
}

#[test]
fn due_answer_serialises_with_the_vietnamese_offset() {
    let answer = national()
        .due_answer(at(2026, 2, 13, 16, 0), Limit::working_days(3), AFTER_15)
        .unwrap();
    let json = serde_json::to_value(answer).unwrap();
    assert_eq!(json["from"], "2026-02-13T16:00:00+07:00");
    assert_eq!(json["counting_starts"], "2026-02-23T07:00:00+07:00");
    assert_eq!(json["due"], "2026-02-25T17:00:00+07:00");
    assert_eq!(json["limit"]["unit"], "working_days");
    assert_eq!(json["cutoff"]["kind"], "after");
    assert_eq!(json["provisional_days_used"], false);
    let back: DueAnswer = serde_json::from_value(json).unwrap();
    assert_eq!(back, answer);
    let text = render_due(&answer);
    assert!(
        text.contains("Hẹn trả kết quả:  17 giờ 00 phút, Thứ Tư, ngày 25/02/2026"),
        "{text}"
    );
    assert!(text.contains("03 ngày làm việc"), "{text}");
}

#[test]
fn calendars_are_shareable_and_next_working_day() {
    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<WorkingCalendar>();
    let cal = national();
    assert_eq!(
        cal.next_working_day(Date::constant(2026, 2, 13)).unwrap(),
        Date::constant(2026, 2, 23)
    );
    assert_eq!(
        cal.next_working_day(Date::constant(2026, 8, 21)).unwrap(),
        Date::constant(2026, 8, 22)
    );
    assert!(matches!(
        cal.next_working_day(Date::constant(2199, 12, 31)),
        Err(CalendarError::OutOfRange { .. })
    ));
    // Clones share the lazily built index and answer the same from other threads.
    let clone = cal.clone();
    let due = std::thread::spawn(move || {
        clone
            .due(at(2026, 2, 13, 16, 0), Limit::working_days(3), AFTER_15)
            .unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(due, at(2026, 2, 25, 17, 0));
}
