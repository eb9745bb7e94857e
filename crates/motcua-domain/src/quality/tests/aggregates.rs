//! Property tests of the aggregate algebra: for random dossier histories driven through the real
//! lifecycle, (1) adding the deltas of every event gives exactly the rows recomputed from the
//! final outcomes, and (2) the stock/flow formulas of 2.1 over those rows agree with a
//! per-dossier count for any period.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{SignedDuration, ToSpan};
use proptest::prelude::*;

use crate::dossier::DocSource;
use crate::procedure::Channel;
use crate::quality::aggregate::*;
use crate::quality::config::{CountingRules, SupplementCount, UnitBasis};
use crate::quality::dossier_outcome::{DossierExtras, DossierOutcome, OutcomeCtx, day_of, outcome};
use crate::quality::index766::on_time_stock;
use crate::quality::period::Period;
use crate::quality::testkit::*;

#[derive(Debug, Clone)]
struct Plan {
    channel: usize,
    source: usize,
    document_result: bool,
    start_day: i64,
    steps: Vec<(usize, i64)>,
}

fn plan() -> impl Strategy<Value = Plan> {
    let gap = prop_oneof![0i64..600, (1i64..6).prop_map(|d| d * 1440 + 37)];
    (
        0usize..3,
        0usize..4,
        any::<bool>(),
        0i64..25,
        prop::collection::vec((0usize..ACTIONS + 12, gap), 0..22),
    )
        .prop_map(
            |(channel, source, document_result, start_day, steps)| Plan {
                channel,
                source,
                document_result,
                start_day,
                steps,
            },
        )
}

fn rules() -> impl Strategy<Value = CountingRules> {
    (any::<bool>(), 1u32..3, any::<bool>(), any::<bool>()).prop_map(|(all, max, moves, proc)| {
        CountingRules {
            supplement_requests: if all {
                SupplementCount::All
            } else {
                SupplementCount::Processing
            },
            max_supplement_requests: max,
            reschedule_moves_due: moves,
            dossier_unit: if proc {
                UnitBasis::Processing
            } else {
                UnitBasis::Receiving
            },
            ..CountingRules::default()
        }
    })
}

/// Drives one dossier, adding every event's deltas to `rows`; returns its final outcome.
fn drive(
    id: i64,
    plan: &Plan,
    rules: &CountingRules,
    rows: &mut BTreeMap<AggregateKey, DossierCounters>,
) -> DossierOutcome {
    let c = cast();
    let channel = Channel::ALL[plan.channel];
    let source = match plan.source {
        0 => DocSource::Upload,
        1 => DocSource::Scan,
        2 => DocSource::PersonalStore { from_dossier: None },
        _ => DocSource::NationalDatabase {
            database: "dan_cu".into(),
        },
    };
    let code = if plan.document_result {
        "1.000001"
    } else {
        "1.000002"
    };
    let mut w = World::new(
        procedure(code, plan.document_result),
        at(2026, 3, 2, 8, 0) + SignedDuration::from_hours(24 * plan.start_day),
    );
    w.run(
        submitter(&c, channel),
        submission(id, COMMUNE_A, channel, vec![doc(Some("c1"), source)]),
    );
    let mut extras = DossierExtras::default();
    let cal = w.cal.clone();
    let facts = |d: &crate::dossier::Dossier, extras: DossierExtras| {
        outcome(
            d,
            &OutcomeCtx {
                rules,
                calendar: &cal,
                result_is_document: plan.document_result,
                extras,
            },
        )
    };
    let mut prev = facts(w.d(), extras);
    apply_deltas(rows, &dossier_deltas(None, Some(&prev))).unwrap();
    for &(a, gap) in &plan.steps {
        w.wait(gap);
        let seen = w.states.len();
        if a >= ACTIONS + 2 {
            // Mostly the ordinary path, so that dossiers get somewhere.
            let status = w.d().status;
            let (actor, cmd) = action(natural(status, a % 2 == 0), &c);
            w.try_run(actor, &cmd);
        } else if a >= ACTIONS {
            // A rating or a feedback about the dossier arrives (or is withdrawn).
            if a == ACTIONS {
                extras.rated_dissatisfied = !extras.rated_dissatisfied;
            } else {
                extras.has_feedback = !extras.has_feedback;
            }
        } else {
            let (actor, cmd) = action(a, &c);
            w.try_run(actor, &cmd);
        }
        let states: Vec<_> = if w.states.len() > seen {
            w.states[seen..].to_vec()
        } else {
            vec![w.d().clone()]
        };
        for s in &states {
            let next = facts(s, extras);
            let deltas = dossier_deltas(Some(&prev), Some(&next));
            apply_deltas(rows, &deltas).expect("deltas never underflow");
            prev = next;
        }
    }
    prev
}

fn brute_force(outcomes: &[DossierOutcome], p: &Period) -> (u64, u64) {
    let start = Period::custom(p.from, p.from).unwrap();
    let start_instant = start.end_instant() - SignedDuration::from_hours(24);
    let end = p.end_instant();
    let mut on_time = 0;
    let mut counted = 0;
    for o in outcomes {
        let Some(standing) = o.standing_at(end) else {
            continue;
        };
        if o.ended_at.is_some_and(|e| e < start_instant) {
            continue;
        }
        counted += 1;
        on_time += u64::from(standing.counts_on_time());
    }
    (on_time, counted)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn summed_deltas_equal_recomputation_and_periods_agree(
        plans in prop::collection::vec(plan(), 1..6),
        rules in rules(),
        periods in prop::collection::vec((0i64..70, 0i64..40), 1..5),
    ) {
        let mut rows = BTreeMap::new();
        let outcomes: Vec<DossierOutcome> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| drive(i as i64 + 1, p, &rules, &mut rows))
            .collect();

        // (1) The deltas of every event add up to the rows of the final outcomes.
        let mut expected: BTreeMap<AggregateKey, DossierCounters> = BTreeMap::new();
        for o in &outcomes {
            for (k, c) in dossier_contributions(o) {
                expected.entry(k).or_default().add(&c);
            }
        }
        prop_assert_eq!(&rows, &expected);

        // (2) For any period, the formulas over the rows equal a per-dossier count.
        for (offset, len) in periods {
            let from: Date = jiff::civil::date(2026, 2, 25).checked_add(offset.days()).unwrap();
            let to = from.checked_add(len.days()).unwrap();
            let period = Period::custom(from, to).unwrap();
            let mut s = PeriodSummer::new(period, None);
            for (k, c) in &rows {
                s.add(k, c);
            }
            let (b, w) = (&s.totals.before, &s.totals.within);
            let stock = on_time_stock(
                b.received,
                w.received,
                b.finished_on_time,
                b.finished_late,
                b.overdue_crossed + w.overdue_crossed,
            );
            prop_assert_eq!(stock, brute_force(&outcomes, &period), "2.1 over {:?}", period);
            let received_in = |f: &dyn Fn(&DossierOutcome) -> bool| {
                outcomes
                    .iter()
                    .filter(|o| o.received_at.is_some_and(|r| period.contains(day_of(r))) && f(o))
                    .count() as u64
            };
            prop_assert_eq!(w.received, received_in(&|_| true));
            prop_assert_eq!(w.digitised, received_in(&|o| o.digitised));
            prop_assert_eq!(w.online_ok, received_in(&|o| o.online_ok));
            prop_assert_eq!(w.dissatisfied, received_in(&|o| o.dissatisfied));
        }
    }
}
