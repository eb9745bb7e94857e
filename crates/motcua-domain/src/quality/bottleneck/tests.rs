use super::*;
use crate::dossier::{Command, DocSource, ReturnMethod};
use crate::procedure::Channel;
use crate::quality::testkit::*;

fn percentiles(v: &[i64]) -> (Option<i64>, Option<i64>) {
    let s = Spread::of(v.to_vec());
    (s.median, s.p90)
}

#[test]
fn nearest_rank_percentiles() {
    assert_eq!(
        percentiles(&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]),
        (Some(5), Some(9))
    );
    assert_eq!(percentiles(&[2, 1]), (Some(1), Some(2)));
    assert_eq!(percentiles(&[7]), (Some(7), Some(7)));
    assert_eq!(percentiles(&[]), (None, None));
    assert_eq!(Spread::of(vec![1, 2, 4]).mean, Some(2));
}

/// Working hours 07:00–11:30, 13:30–17:00. Received Mon 02/03/2026 08:00 (due Thu 08:00).
fn reworked() -> World {
    let c = cast();
    let mut w = World::new(procedure("1.000001", true), at(2026, 3, 2, 8, 0));
    w.run(
        &c.owner,
        submission(
            1,
            COMMUNE_A,
            Channel::Online,
            vec![doc(Some("c1"), DocSource::Upload)],
        ),
    );
    let step = |w: &mut World, when: jiff::Timestamp, i: usize| {
        w.now = when;
        let (a, cmd) = action(i, &c);
        w.run(a, cmd);
    };
    step(&mut w, at(2026, 3, 2, 8, 0), 0); // accept
    step(&mut w, at(2026, 3, 2, 9, 0), 4); // claim: reception step took 60'
    step(&mut w, at(2026, 3, 2, 10, 0), 2); // supplement: appraisal 60' so far
    step(&mut w, at(2026, 3, 3, 10, 0), 3); // provided: 8 working hours waited
    step(&mut w, at(2026, 3, 3, 11, 0), 5); // propose: appraisal +60'
    step(&mut w, at(2026, 3, 3, 13, 30), 11); // send back: approval 30' (11:00–11:30)
    step(&mut w, at(2026, 3, 3, 14, 30), 5); // propose again: appraisal +60'
    step(&mut w, at(2026, 3, 3, 15, 0), 6); // approve
    step(&mut w, at(2026, 3, 3, 16, 0), 7); // issue: approval +90'
    step(&mut w, at(2026, 3, 4, 8, 0), 10); // returned at the desk: 60' + 60'
    w
}

#[test]
fn a_dossiers_time_per_step_with_waits_and_rework() {
    let w = reworked();
    let t = timeline(&w.events, &w.cal, None).unwrap();
    let got: Vec<(&str, i64, u32)> = t
        .steps
        .iter()
        .map(|s| (s.step.as_str(), s.minutes, s.visits))
        .collect();
    assert_eq!(
        got,
        [
            ("Tiếp nhận và chuyển hồ sơ", 60, 1),
            ("Thẩm định hồ sơ", 180, 2),
            ("Phê duyệt, ký", 120, 2),
            ("Trả kết quả", 120, 1),
        ]
    );
    assert!(t.steps.iter().all(|s| s.unit == COMMUNE_A));
    assert_eq!(
        t.steps[0].allotted, 420,
        "08:00 to the close of the day (same-day hand-over, R-LC-3)"
    );
    assert_eq!(t.steps[2].role, Some(crate::dossier::Role::Leader));
    assert_eq!((t.waiting_reception, t.waiting_processing), (0, 480));
    assert_eq!((t.supplement_requests, t.sent_back, t.transfers), (1, 1, 0));
    assert_eq!(t.late, Some(false));
    assert_eq!(t.blamed, None);
}

fn late_at_appraisal() -> World {
    let c = cast();
    let mut w = World::new(procedure("1.000001", true), at(2026, 3, 2, 8, 0));
    w.run(
        &c.owner,
        submission(
            2,
            COMMUNE_A,
            Channel::Online,
            vec![doc(Some("c1"), DocSource::Upload)],
        ),
    );
    for (when, i) in [
        (at(2026, 3, 2, 8, 0), 0),
        (at(2026, 3, 2, 9, 0), 4),
        (at(2026, 3, 6, 9, 0), 5), // four working days at appraisal (12 hours allotted)
        (at(2026, 3, 6, 9, 30), 6),
        (at(2026, 3, 6, 10, 0), 7),
    ] {
        w.now = when;
        let (a, cmd) = action(i, &c);
        w.run(a, cmd);
    }
    w
}

#[test]
fn a_late_dossier_is_blamed_on_the_step_that_overran_most() {
    let w = late_at_appraisal();
    let t = timeline(&w.events, &w.cal, None).unwrap();
    assert_eq!(t.late, Some(true));
    let blamed = t.blamed_step().unwrap();
    assert_eq!(blamed.step, "Thẩm định hồ sơ");
    assert_eq!(blamed.minutes, 4 * 480);
    assert_eq!(blamed.overrun(), 4 * 480 - 720);
}

#[test]
fn the_accumulator_reports_medians_p90_and_late_shares() {
    let c = cast();
    let mut open = World::new(procedure("1.000001", true), at(2026, 3, 2, 8, 0));
    open.run(
        &c.desk,
        submission(
            3,
            COMMUNE_A,
            Channel::Desk,
            vec![doc(Some("c1"), DocSource::Scan)],
        ),
    );
    open.run(&c.desk, action(0, &c).1);
    open.run(
        &c.leader,
        Command::Transfer {
            to_unit: COMMUNE_B,
            note: None,
        },
    );
    let mut acc = BottleneckAccumulator::new();
    for w in [reworked(), late_at_appraisal()] {
        acc.add(&timeline(&w.events, &w.cal, None).unwrap());
    }
    // The open dossier is measured up to "now": 2 working hours at commune B.
    let t = timeline(&open.events, &open.cal, Some(at(2026, 3, 2, 10, 0))).unwrap();
    assert_eq!(t.transfers, 1);
    assert_eq!(t.late, None);
    assert_eq!(t.steps.last().unwrap().unit, COMMUNE_B);
    assert_eq!(t.steps.last().unwrap().minutes, 120);
    acc.add(&t);
    let r = acc.report();
    assert_eq!((r.dossiers, r.late, r.late_unexplained), (3, 1, 0));
    let appraisal = r
        .steps
        .iter()
        .find(|s| s.step == "Thẩm định hồ sơ" && s.unit == COMMUNE_A)
        .unwrap();
    assert_eq!(appraisal.minutes.count, 2);
    assert_eq!(
        (appraisal.minutes.median, appraisal.minutes.p90),
        (Some(180), Some(1920))
    );
    assert_eq!((appraisal.overran, appraisal.blamed), (1, 1));
    assert_eq!(
        appraisal.late_share,
        Some(crate::quality::Decimal2(10_000)),
        "100.00 %"
    );
    assert_eq!(r.units.len(), 2);
    assert_eq!((r.waiting.count, r.waiting.median), (1, Some(480)));
    assert_eq!(
        (
            r.supplement_requests,
            r.sent_back,
            r.transfers,
            r.with_rework
        ),
        (1, 1, 1, 1)
    );
    let _ = ReturnMethod::Electronic;
}
