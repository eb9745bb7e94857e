//! The worked cases of R-766-2 (REGULATIONS.md §11), through the public API the store and the
//! pages use: summed daily counters in, an index report out.

use std::collections::BTreeMap;

use jiff::civil::{DateTime, date};
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{WorkingCalendar, from_local};
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::*;
use motcua_domain::ids::{AgencyCode, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use motcua_domain::procedure::Channel;
use motcua_domain::quality::aggregate::{DossierCounters, PeriodTotals};
use motcua_domain::quality::config::{CountingRules, Index766Config};
use motcua_domain::quality::dossier_outcome::{OutcomeCtx, Standing, outcome};
use motcua_domain::quality::index766::{IndexInput, IndexReport, compute, score};
use motcua_domain::quality::{Decimal2, Fraction, Period};

fn report(within: DossierCounters) -> IndexReport {
    let config = Index766Config::embedded();
    let period = Period::month(2026, 3).unwrap();
    let totals = PeriodTotals {
        before: DossierCounters::default(),
        within,
    };
    compute(
        config.in_force(period.to).unwrap(),
        &period,
        &IndexInput {
            dossiers: &totals,
            feedback: None,
            catalog: None,
        },
    )
}

fn points(r: &IndexReport, id: &str) -> String {
    r.indicator(id).unwrap().points.unwrap().to_string()
}

#[test]
fn indicator_4_2_below_and_above_its_threshold() {
    // R = 60 %, Pmax 4, T 80 % ⇒ 60 × 4 / 80 = 3.00.
    let r = report(DossierCounters {
        received: 100,
        digitised: 60,
        ..Default::default()
    });
    assert_eq!(points(&r, "4.2"), "3.00");
    assert_eq!(r.indicator("4.2").unwrap().ratio, Some(Decimal2(6000)));
    // R = 85 % ≥ 80 % ⇒ full 4.00.
    let r = report(DossierCounters {
        received: 100,
        digitised: 85,
        ..Default::default()
    });
    assert_eq!(points(&r, "4.2"), "4.00");
    // The same through the scoring function.
    let f = |n, d| Fraction::new(n, d).unwrap();
    let (four, eighty) = (Decimal2::from_units(4), Some(Decimal2::from_units(80)));
    assert_eq!(score(f(60, 100), four, eighty).to_string(), "3.00");
    assert_eq!(score(f(85, 100), four, eighty).to_string(), "4.00");
    assert_eq!(
        score(f(80, 100), four, eighty).to_string(),
        "4.00",
        "at the threshold"
    );
    assert_eq!(
        score(f(1, 2), Decimal2::from_units(20), None).to_string(),
        "10.00"
    );
}

#[test]
fn indicator_5_4_three_percent_overdue_two_percent_dissatisfied() {
    // 100 dossiers received in the period: 3 became overdue, 2 were rated dissatisfied.
    // R = 100 % − 3 % − 2 % = 95 % ≥ 90 % ⇒ 6.00.
    let r = report(DossierCounters {
        received: 100,
        overdue_crossed: 3,
        dissatisfied: 2,
        ..Default::default()
    });
    let i = r.indicator("5.4").unwrap();
    assert_eq!(i.ratio, Some(Decimal2(9500)));
    assert_eq!(points(&r, "5.4"), "6.00");
    assert_eq!(points(&r, "2.1"), "19.40", "97 % of 20");
}

fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    from_local(DateTime::new(y, m, d, h, min, 0, 0).unwrap())
}

fn supplement(asked: Timestamp, done: Timestamp) -> SupplementRequest {
    SupplementRequest {
        stage: SupplementStage::Processing,
        items: vec!["Bản sao giấy khai sinh".into()],
        reason: "Thiếu".into(),
        requested_at: asked,
        requested_by: "Chuyên viên".into(),
        close_after: asked + SignedDuration::from_hours(24 * 21),
        completed_at: Some(done),
    }
}

#[test]
fn indicator_2_1_two_supplement_requests_make_a_dossier_overdue() {
    // Received Mon 09/03/2026 09:00, due Thu 12/03 09:00; the result is issued on Wed 11/03,
    // before the due date, but the applicant was asked twice for more papers.
    let mut d = Dossier {
        id: DossierId(7),
        code: DossierCode::new(&AgencyCode::parse("H56.22").unwrap(), date(2026, 3, 9), 7),
        status: Status::ResultReady,
        procedure: ProcedureVersionId(1),
        procedure_code: ProcedureCode::parse("1.004873").unwrap(),
        receiving_unit: UnitId(10),
        processing_unit: UnitId(10),
        channel: Channel::Online,
        applicant: Applicant::default(),
        owner: None,
        submitted_by: None,
        on_behalf: None,
        delivery: Delivery::Electronic,
        form: BTreeMap::new(),
        documents: vec![],
        fee_vnd: 0,
        submitted_at: at(2026, 3, 9, 8, 0),
        received_at: Some(at(2026, 3, 9, 9, 0)),
        due_at: Some(at(2026, 3, 13, 15, 0)),
        original_due_at: Some(at(2026, 3, 12, 9, 0)),
        supplements: vec![
            supplement(at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0)),
            supplement(at(2026, 3, 10, 14, 0), at(2026, 3, 10, 15, 0)),
        ],
        reschedule: None,
        assignee: None,
        assignee_name: None,
        step: None,
        proposal: None,
        outcome: None,
        result_documents: vec![],
        returned_by: None,
        finished_at: Some(at(2026, 3, 11, 10, 0)),
        version: 12,
    };
    let rules = CountingRules::default();
    let cal = WorkingCalendar::national();
    let facts = |d: &Dossier| {
        outcome(
            d,
            &OutcomeCtx {
                rules: &rules,
                calendar: &cal,
                result_is_document: true,
                extras: Default::default(),
            },
        )
    };
    let o = facts(&d);
    assert_eq!(o.supplement_requests, 2);
    assert_eq!(o.on_time, Some(false));
    assert_eq!(
        o.overdue_from,
        Some(at(2026, 3, 10, 14, 0)),
        "from the second request"
    );
    let end = Period::month(2026, 3).unwrap().end_instant();
    assert_eq!(o.standing_at(end), Some(Standing::FinishedLate));
    // With only the first request it is on time: the day waited is subtracted from the end.
    d.supplements.pop();
    let o = facts(&d);
    assert_eq!(o.on_time, Some(true));
    assert_eq!(o.waited_minutes, 24 * 60);
}
