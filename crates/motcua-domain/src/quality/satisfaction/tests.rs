use std::collections::BTreeMap;

use jiff::civil::date;
use motcua_calendar::Completion;

use super::*;
use crate::dossier::{ActorRef, Command, DocSource, Event, EventData, HandOver, Role};
use crate::ids::UnitId;
use crate::message::Localized;
use crate::procedure::Channel;
use crate::quality::config::DissatisfiedRule;
use crate::quality::testkit::*;

/// Submitted and accepted Mon 2026-03-02 09:00 (3 working days: due Thu 05/03 09:00), then
/// processed; the result is issued at `issue`.
fn processed(issue: jiff::Timestamp, supplement: bool) -> World {
    let c = cast();
    let mut w = World::new(procedure("1.000001", true), at(2026, 3, 2, 9, 0));
    w.run(
        &c.owner,
        submission(
            1,
            COMMUNE_A,
            Channel::Online,
            vec![doc(Some("c1"), DocSource::Upload)],
        ),
    );
    for i in [0, 4] {
        let (a, cmd) = action(i, &c);
        w.run(a, cmd);
    }
    if supplement {
        for i in [2, 3] {
            let (a, cmd) = action(i, &c);
            w.run(a, cmd);
        }
    }
    for i in [5, 6] {
        let (a, cmd) = action(i, &c);
        w.run(a, cmd);
    }
    w.now = issue;
    let (a, cmd) = action(7, &c);
    w.run(a, cmd);
    w
}

#[test]
fn index_1_compares_total_time_with_the_legal_limit() {
    assert_eq!(
        w_due(&processed(at(2026, 3, 3, 10, 0), false)),
        date(2026, 3, 5)
    );
    assert_eq!(
        total_time(processed(at(2026, 3, 3, 10, 0), false).d()),
        Some(2),
        "a day early"
    );
    assert_eq!(
        total_time(processed(at(2026, 3, 5, 8, 30), false).d()),
        Some(1),
        "on the due day"
    );
    assert_eq!(
        total_time(processed(at(2026, 3, 5, 9, 1), false).d()),
        Some(0),
        "a minute late"
    );
    let mut w = processed(at(2026, 3, 3, 10, 0), false);
    let c = cast();
    w.run(&c.desk, action(10, &c).1);
    assert_eq!(total_time(w.d()), Some(2), "still scored after the return");
}

fn w_due(w: &World) -> jiff::civil::Date {
    motcua_calendar::to_local(w.d().due_at.unwrap()).date()
}

fn row(from: i64, to: Option<i64>, outcome: Completion) -> Event {
    Event {
        at: at(2026, 3, 2, 9, 0),
        actor: ActorRef {
            account: None,
            name: "x".into(),
            role: Role::Specialist,
        },
        unit: UnitId(from),
        data: EventData::HandedOver(HandOver {
            from_unit: UnitId(from),
            from_role: Role::Specialist,
            to_unit: to.map(UnitId),
            to_role: None,
            step_name: "Thẩm định".into(),
            step_deadline: at(2026, 3, 3, 9, 0),
            outcome,
            note: None,
        }),
    }
}

#[test]
fn index_2_scores_each_body_on_its_control_slip_rows() {
    use Completion::*;
    let (score, bodies) = body_time(&[
        row(10, Some(10), Early),
        row(10, Some(20), Early),
        row(20, Some(10), Early),
    ]);
    assert_eq!(score, Some(2));
    assert_eq!(bodies.len(), 2);
    let (score, bodies) = body_time(&[row(10, Some(10), Early), row(20, Some(10), OnTime)]);
    assert_eq!((score, bodies[0].score, bodies[1].score), (Some(1), 2, 1));
    let (score, bodies) = body_time(&[
        row(10, Some(10), OnTime),
        row(20, Some(10), Late),
        row(20, Some(20), Early),
    ]);
    assert_eq!(
        (score, bodies[1].score),
        (Some(0), 0),
        "one late row fails the body"
    );
    // The hand-over to the applicant (collection) does not count.
    let (score, _) = body_time(&[row(10, Some(10), Early), row(10, None, Late)]);
    assert_eq!(score, Some(2));
    assert_eq!(body_time(&[]).0, None);
    // From a real dossier: every row is there and scored.
    let w = processed(at(2026, 3, 3, 10, 0), false);
    let (score, bodies) = body_time(&w.events);
    assert!(score.is_some());
    assert_eq!(
        bodies.iter().map(|b| b.unit).collect::<Vec<_>>(),
        [COMMUNE_A]
    );
}

#[test]
fn index_3_counts_supplement_contacts_unless_the_applicant_was_at_fault() {
    let w = processed(at(2026, 3, 3, 10, 0), false);
    assert_eq!(contacts(w.d(), 0), 2);
    let w = processed(at(2026, 3, 3, 10, 0), true);
    assert_eq!(contacts(w.d(), 0), 1);
    let mut d = w.d().clone();
    d.supplements.push(d.supplements[0].clone());
    assert_eq!(contacts(&d, 0), 0, "two contacts");
    assert_eq!(contacts(&d, 1), 1, "one was the applicant's fault");
}

fn all_levels(level: Level) -> BTreeMap<Criterion, Level> {
    Criterion::ALL.into_iter().map(|c| (c, level)).collect()
}

#[test]
fn a_rating_is_complete_and_scored_with_the_computed_indices() {
    let w = processed(at(2026, 3, 3, 10, 0), false);
    let auto = auto_indices(w.d(), &w.events, 0);
    assert_eq!((auto.total_time, auto.contacts), (Some(2), Some(2)));
    // The citizen says "satisfied" everywhere, including criteria 5–7: the computed indices win.
    let input = RatingInput {
        channel: RatingChannel::Portal,
        levels: all_levels(Level::Satisfied),
        comment: Some("  Nhanh  ".into()),
    };
    let r = rate(&input, w.d(), &auto, DissatisfiedRule::Overall).unwrap();
    assert_eq!(r.max, 18);
    let body = auto.body_time.unwrap();
    assert_eq!(u32::from(r.total), 2 + u32::from(body) + 2 + 6);
    assert!(r.indices[..3].iter().all(|s| s.automatic));
    assert_eq!(r.comment.as_deref(), Some("Nhanh"));
    assert!(!r.dissatisfied);

    // Criteria 5–7 may be left out; any other missing one is named.
    let mut levels = all_levels(Level::VerySatisfied);
    for c in [
        Criterion::TotalTime,
        Criterion::TimeVsRules,
        Criterion::Contacts,
        Criterion::Publicity,
        Criterion::Overall,
    ] {
        levels.remove(&c);
    }
    let e = rate(
        &RatingInput {
            levels,
            ..input.clone()
        },
        w.d(),
        &auto,
        DissatisfiedRule::Overall,
    )
    .unwrap_err();
    assert_eq!(
        e,
        RatingError::Incomplete(vec![Criterion::Overall, Criterion::Publicity])
    );
    assert!(e.message_vi().contains("1. Đánh giá chung về dịch vụ"));
    assert!(e.message_en().contains("10. Publicity of procedures"));

    // Dissatisfied: by the overall criterion, or by any criterion.
    let mut levels = all_levels(Level::VerySatisfied);
    levels.insert(Criterion::Attitude, Level::Dissatisfied);
    let one_bad = RatingInput {
        levels,
        ..input.clone()
    };
    assert!(
        !rate(&one_bad, w.d(), &auto, DissatisfiedRule::Overall)
            .unwrap()
            .dissatisfied
    );
    assert!(
        rate(&one_bad, w.d(), &auto, DissatisfiedRule::AnyCriterion)
            .unwrap()
            .dissatisfied
    );
    let mut levels = all_levels(Level::VerySatisfied);
    levels.insert(Criterion::Overall, Level::Dissatisfied);
    let overall_bad = RatingInput {
        levels,
        ..input.clone()
    };
    assert!(
        rate(&overall_bad, w.d(), &auto, DissatisfiedRule::Overall)
            .unwrap()
            .dissatisfied
    );
}

#[test]
fn an_open_dossier_cannot_be_rated_and_a_refused_one_has_fewer_indices() {
    let c = cast();
    let mut w = World::new(procedure("1.000001", true), at(2026, 3, 2, 9, 0));
    w.run(
        &c.desk,
        submission(
            1,
            COMMUNE_A,
            Channel::Desk,
            vec![doc(Some("c1"), DocSource::Scan)],
        ),
    );
    let input = RatingInput {
        channel: RatingChannel::Paper,
        levels: all_levels(Level::Satisfied),
        comment: None,
    };
    let auto = auto_indices(w.d(), &w.events, 0);
    assert_eq!(
        rate(&input, w.d(), &auto, DissatisfiedRule::Overall),
        Err(RatingError::NotFinished)
    );
    w.run(
        &c.desk,
        Command::Refuse {
            reason: "Không thuộc thẩm quyền".into(),
            legal_basis: "Điều 17".into(),
        },
    );
    let auto = auto_indices(w.d(), &w.events, 0);
    assert_eq!((auto.total_time, auto.body_time), (None, None));
    let mut levels = all_levels(Level::Satisfied);
    levels.remove(&Criterion::TotalTime);
    levels.remove(&Criterion::TimeVsRules);
    let r = rate(
        &RatingInput { levels, ..input },
        w.d(),
        &auto,
        DissatisfiedRule::Overall,
    )
    .unwrap();
    assert_eq!(r.max, 14, "indices 1 and 2 neither apply nor were answered");
    assert_eq!(r.total, 2 + 6);
}
