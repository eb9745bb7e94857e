//! Service quality in the store (issue #6), on SQLite and PostgreSQL: the aggregates kept by the
//! jobs equal a recomputation from scratch, the index's numbers equal the lists behind them,
//! feedback (PAKN), ratings, Open311 and the analytic reports.

#[path = "quality/drive.rs"]
mod drive;
#[path = "quality/feedback.rs"]
mod feedback_story;
mod fixture;
#[path = "quality/ratings_open311.rs"]
mod ratings_open311;

use drive::{drive, recomputed, stored};
use fixture::*;
use jiff::civil::date;
use motcua_domain::dossier::{Command, Status};
use motcua_domain::procedure::Channel;
use motcua_domain::quality::Period;
use motcua_domain::quality::index766::{IndicatorReport, ValueKind};
use motcua_store::store::quality::{IndicatorItems, IndicatorPart};
use motcua_store::testing::off_runtime;

motcua_store::conformance_test!(aggregates_equal_a_recomputation, |t| {
    Fixture::run(&t, |f| async move {
        drive(&f, 24, 420, 7).await;
        let kept = stored(&f.db);
        let fresh = recomputed(&f.store, &f.db).await;
        assert_eq!(kept.outcomes.len(), fresh.outcomes.len());
        for (id, o) in &fresh.outcomes {
            assert_eq!(kept.outcomes.get(id), Some(o), "dossier {id}");
        }
        assert_eq!(
            kept.dossier, fresh.dossier,
            "per (unit, procedure, channel, day|month)"
        );
        assert_eq!(kept.unit, fresh.unit, "per unit and day, month, year");
        assert_eq!(kept.online, fresh.online);
        assert_eq!(kept.feedback, fresh.feedback);
        // The story reached the interesting cases.
        let mut all = motcua_domain::quality::aggregate::DossierCounters::default();
        for ((g, ..), c) in &kept.unit {
            if g == "y" {
                motcua_domain::quality::aggregate::Counters::add(&mut all, c);
            }
        }
        assert!(all.received > 10, "{all:?}");
        assert!(all.finished_on_time > 0 && all.finished_late > 0, "{all:?}");
        assert!(
            all.overdue_crossed > all.finished_late,
            "some open dossiers are overdue: {all:?}"
        );
        assert!(
            all.dissatisfied > 0 && all.e_results > 0 && all.resolved > 0,
            "{all:?}"
        );
        // A rebuild from the states gives the same rows.
        f.store.rebuild_quality(&f.admin).await.unwrap();
        assert_eq!(stored(&f.db), kept);
        let status = f.store.quality_status().await.unwrap();
        assert!(!status.dirty);
        assert_eq!(status.counted, status.dossiers);
    })
});

motcua_store::conformance_test!(
    missing_or_inconsistent_aggregates_are_rebuilt_on_open,
    |t| {
        Fixture::run(&t, |f| async move {
            drive(&f, 10, 150, 3).await;
            let kept = stored(&f.db);
            assert!(!kept.outcomes.is_empty());
            let db = f.db.clone();
            off_runtime(move || {
                let mut c = db.connect().unwrap();
                for table in [
                    "quality_dossier_rows",
                    "quality_unit_rows",
                    "quality_online_rows",
                    "quality_outcomes",
                ] {
                    c.execute(&format!("DELETE FROM {table}"), &[]).unwrap();
                }
            });
            let reopened = f.reopen().await;
            assert_eq!(
                stored(&f.db),
                kept,
                "filled when empty while dossiers exist"
            );
            // A corrupted row and the inconsistency flag: the next open rebuilds.
            let db = f.db.clone();
            off_runtime(move || {
                let mut c = db.connect().unwrap();
                c.execute("UPDATE quality_unit_rows SET received = received + 5", &[])
                    .unwrap();
                c.execute(
                    "UPDATE quality_state SET dirty = 1, note = 'test' WHERE id = 1",
                    &[],
                )
                .unwrap();
            });
            reopened.shutdown();
            let again = f.reopen().await;
            assert_eq!(stored(&f.db), kept);
            assert!(!again.quality_status().await.unwrap().dirty);
            again.shutdown();
        })
    }
);

async fn check_lists(
    f: &Fixture,
    unit: motcua_domain::ids::UnitId,
    period: Period,
    ind: &IndicatorReport,
) {
    let list = |part: IndicatorPart| {
        let (store, actor, id) = (f.store.clone(), f.leader_p.clone(), ind.id.clone());
        async move {
            store
                .indicator_list(&actor, unit, period, &id, part, 1, 500)
                .await
                .unwrap()
        }
    };
    let what = format!("{} {unit} {:?}", ind.id, period);
    if let (Some(n), Some(d)) = (ind.numerator, ind.denominator) {
        let den = list(IndicatorPart::Denominator).await;
        assert_eq!(den.total, d, "denominator of {what}");
        let shown = match &den.items {
            IndicatorItems::Dossiers(v) => v.len(),
            IndicatorItems::Feedback(v) => v.len(),
            IndicatorItems::Procedures(v) => v.len(),
        };
        assert_eq!(shown as u64, d.min(500), "items of {what}");
        if ind.value_kind == ValueKind::Percent {
            assert_eq!(
                list(IndicatorPart::Numerator).await.total,
                n,
                "numerator of {what}"
            );
        }
    }
    for side in &ind.details {
        let got = list(IndicatorPart::Side(side.id.clone())).await.total;
        assert_eq!(got, side.numerator, "side {} of {what}", side.id);
    }
}

motcua_store::conformance_test!(the_numbers_equal_the_lists_behind_them, |t| {
    Fixture::run(&t, |f| async move {
        // A few dossiers at commune B too, so the province sums two communes.
        for _ in 0..3 {
            let mut nd = f.new_dossier();
            nd.unit = f.commune_b;
            nd.channel = Channel::Desk;
            let accept = Command::Accept {
                shown_only: vec![],
                note: None,
            };
            f.store
                .submit(&f.desk_b, nd, vec![accept], None)
                .await
                .unwrap();
        }
        drive(&f, 30, 520, 11).await;
        feedback_story::some_feedback(&f).await;
        let periods = [
            Period::month(2026, 3).unwrap(),
            Period::month(2026, 4).unwrap(),
            Period::quarter(2026, 2).unwrap(),
            Period::custom(date(2026, 3, 10), date(2026, 3, 25)).unwrap(),
            Period::year(2026).unwrap(),
        ];
        let mut checked = 0;
        for unit in [f.province, f.commune_a, f.commune_b] {
            for period in periods {
                let r = f.store.index766(unit, period).await.unwrap();
                for ind in r
                    .groups
                    .iter()
                    .flat_map(|g| &g.indicators)
                    .filter(|i| i.measured)
                {
                    check_lists(&f, unit, period, ind).await;
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
        let march = Period::month(2026, 3).unwrap();
        let p = f.store.index766(f.province, march).await.unwrap();
        let a = f.store.index766(f.commune_a, march).await.unwrap();
        let b = f.store.index766(f.commune_b, march).await.unwrap();
        let den = |r: &motcua_domain::quality::index766::IndexReport| {
            r.indicator("2.1").unwrap().denominator.unwrap()
        };
        assert_eq!(den(&p), den(&a) + den(&b), "a province sums its communes");
        assert!(den(&b) >= 3);
        // The ranking gives each commune its own index.
        let ranking = f.store.unit_ranking(f.province, march).await.unwrap();
        assert_eq!(ranking.len(), 2);
        for row in &ranking {
            let own = if row.unit == f.commune_a { &a } else { &b };
            assert_eq!(&row.report, own);
        }
        assert!(ranking[0].report.total >= ranking[1].report.total);
        let trend = f.store.index766_trend(f.province, 3).await.unwrap();
        assert_eq!(trend.len(), 3);
        assert!(
            trend
                .windows(2)
                .all(|w| w[0].period.from < w[1].period.from)
        );
        // Per procedure: one procedure, so its 2.1 is the unit's.
        let rows = f
            .store
            .index766_by_procedure(f.commune_a, march)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].counted, den(&a));
        assert_eq!(Some(rows[0].on_time), a.indicator("2.1").unwrap().numerator);
        // Lists are for officers of the unit.
        assert!(
            f.store
                .indicator_list(
                    &f.citizen,
                    f.commune_a,
                    march,
                    "2.1",
                    IndicatorPart::Denominator,
                    1,
                    10
                )
                .await
                .is_err()
        );
        assert!(
            f.store
                .indicator_list(
                    &f.desk_b,
                    f.commune_a,
                    march,
                    "2.1",
                    IndicatorPart::Denominator,
                    1,
                    10
                )
                .await
                .is_err()
        );
        // Paging reaches every item once.
        let all = f
            .store
            .indicator_list(
                &f.leader_p,
                f.province,
                march,
                "2.1",
                IndicatorPart::Denominator,
                1,
                500,
            )
            .await
            .unwrap();
        let mut paged = Vec::new();
        for page in 1.. {
            let l = f
                .store
                .indicator_list(
                    &f.leader_p,
                    f.province,
                    march,
                    "2.1",
                    IndicatorPart::Denominator,
                    page,
                    7,
                )
                .await
                .unwrap();
            let IndicatorItems::Dossiers(items) = l.items else {
                panic!()
            };
            if items.is_empty() {
                break;
            }
            paged.extend(items.into_iter().map(|s| s.code));
        }
        let IndicatorItems::Dossiers(items) = all.items else {
            panic!()
        };
        assert_eq!(paged, items.into_iter().map(|s| s.code).collect::<Vec<_>>());
    })
});

motcua_store::conformance_test!(analytic_reports, |t| {
    Fixture::run(&t, |f| async move {
        drive(&f, 20, 360, 5).await;
        let period = Period::custom(date(2026, 3, 1), date(2026, 5, 31)).unwrap();
        let report = f
            .store
            .bottleneck_report(&f.leader_a, f.commune_a, None, period)
            .await
            .unwrap();
        let index = f.store.index766(f.commune_a, period).await.unwrap();
        let side = |id: &str| {
            index
                .indicator("2.1")
                .unwrap()
                .details
                .iter()
                .find(|d| d.id == id)
                .unwrap()
                .numerator
        };
        assert_eq!(
            report.dossiers,
            side("finished_on_time") + side("finished_late"),
            "the dossiers that ended"
        );
        assert!(report.dossiers > 0 && !report.steps.is_empty());
        let one = f
            .store
            .bottleneck_report(&f.leader_a, f.commune_a, Some(procedure().code), period)
            .await
            .unwrap();
        assert_eq!(one, report, "a single procedure here");
        let officers = f
            .store
            .officers_report(&f.leader_a, f.commune_a, period)
            .await
            .unwrap();
        let handled = |a: &motcua_domain::dossier::Actor| {
            officers
                .iter()
                .find(|r| Some(r.account) == a.account)
                .map_or(0, |r| r.dossiers_handled)
        };
        assert!(
            handled(&f.desk_a) > 0 && handled(&f.specialist_a) > 0,
            "{officers:?}"
        );
        assert!(officers.iter().all(|r| r.unit == f.commune_a));
        assert!(
            f.store
                .bottleneck_report(&f.citizen, f.commune_a, None, period)
                .await
                .is_err()
        );
        assert!(
            f.store
                .officers_report(&f.desk_b, f.commune_a, period)
                .await
                .is_err()
        );
    })
});

motcua_store::conformance_test!(ratings_once_per_channel_feed_5_4, |t| {
    Fixture::run(&t, |f| async move {
        ratings_open311::ratings(&f).await;
        // A rating moved by the migration (not scored yet) is scored when the store opens.
        let code = f.dossier_in(Status::Returned).await;
        let (db, c2) = (f.db.clone(), code.to_string());
        off_runtime(move || {
            let mut c = db.connect().unwrap();
            c.execute(
                "INSERT INTO satisfaction_ratings (dossier_id, channel, dossier_code, unit_id, procedure_code, account_id, entered_by, \
                 levels, comment, scored, total, max, dissatisfied, rated_at_ms) \
                 SELECT id, 'portal', code, receiving_unit_id, procedure_code, owner_id, NULL, $1, NULL, NULL, NULL, NULL, 0, updated_at_ms \
                 FROM dossiers WHERE code = $2",
                &[ratings_open311::levels_json("dissatisfied").into(), c2.into()],
            )
            .unwrap();
        });
        let store = f.reopen().await;
        let r = store.ratings_of(&f.citizen, &code).await.unwrap();
        assert_eq!(r.len(), 1);
        let scored = r[0].scored.as_ref().expect("scored on open");
        assert!(scored.dissatisfied);
        assert_eq!(stored(&f.db), recomputed(&store, &f.db).await);
        store.shutdown();
    })
});

motcua_store::conformance_test!(feedback_lifecycle, |t| {
    Fixture::run(&t, |f| async move {
        feedback_story::lifecycle(&f).await;
        assert_eq!(stored(&f.db), recomputed(&f.store, &f.db).await);
        assert!(f.store.verify_audit().await.unwrap().is_ok());
    })
});

motcua_store::conformance_test!(open311_requests_and_keys, |t| {
    Fixture::run(&t, |f| async move {
        ratings_open311::open311(&f).await;
    })
});
