//! Golden data set: 20 dossiers and 6 feedback items in two communes, March 2026, with every
//! implemented indicator computed by hand below (working hours 07:00–11:30, 13:30–17:00; no
//! holiday in March 2026). The index is computed from the daily rows only, as the store will.
//!
//! Commune A (unit 10)                           Commune B (unit 20)
//! #1  P1 online  recv 10/02, result 12/02 (Feb)  #13 P1 online recv 10/02 due 13/02, open
//! #2  P1 online  recv 25/02 due 02/03 09:00,     #14 P1 online recv 02/03, result 03/03 e,
//!     result 02/03 08:59 e, on time                   national-DB component, on time
//! #3  P1 desk    recv 26/02 due 03/03, open      #15 P1 desk recv 04/03 due 09/03, result
//! #4  P1 online  personal-store file, result         10/03 e, late; rated dissatisfied
//!     04/03 e, returned electronically, on time  #16 P2 online recv 05/03, result 09/03, on time
//! #5  P1 online  result 05/03 09:00 = due, paper #17 P2 post recv 23/03 due 26/03, no files, open
//!     only (no file): on time                    #18 P1 online recv 31/03, open within time
//! #6  P1 desk    result 06/03 09:01, due 09:00   #19 P1 online recv 01/04 (after the period)
//! #7  P1 online  two supplement requests, result #20 P2 desk recv 27/02 due 04/03, closed
//!     before due, returned electronically: late       03/03 while waiting on its only request
//! #8  P1 post    due 13/03, one supplement 11/03 → 16/03 (5 days subtracted), result
//!     17/03 10:00 before 18/03 09:00: on time
//! #9  P2 online  waiting on its only request (made in time) at the end of March
//! #10 P2 online  stopped 26/03 after due 25/03: late; feedback filed about it
//! #11 P2 desk    recv 30/03, open within time
//! #12 P1 online  refused at reception 12/03 (never received)
//!
//! 2.1  A: counted #2–#11 = 10, on time #2 #4 #5 #8 #9 #11 = 6 → 60.00 % → 12.00
//!      B: counted #13–#18, #20 = 7, on time #14 #16 #18 #20 = 4 → 57.14 % → 11.43
//!      province: 10/17 → 58.82 % → 11.76
//! 2.2  A: #4 1080' #5 1440' #6 1441' #7 480' (1020' − 540' waiting) #8 1020' (2460' − 1440')
//!      = 5461' / 5 / 480' = 2.28 working days; B: #14 540' #15 1920' #16 960' → 2.38;
//!      province 8881' / 8 → 2.31
//! 3.3  A: online ok #4 #7 #9 #10 of 8 received in March → 50.00 % (T 50) → 12.00;
//!      desk #6 #11 25.00 %, post #8 12.50 %. B: #14 #16 #18 of 5 → 60.00 % → 12.00.
//!      province 7/13 = 53.85 % → 12.00
//! 4.1  A: results of document procedures in March #2 #4 #5 #6 #7 #8, with a file 5 → 83.33 %
//!      → 5.00. B: #14 #15 → 100 % → 6.00. province 7/8 = 87.50 % → 5.25
//! 4.2  A: 7/8 (#5 paper-only) = 87.50 % → 4.00. B: 4/5 (#17 no files) = 80.00 % → 4.00.
//!      province 11/13 = 84.62 % → 4.00
//! 4.3  A: 1/8 = 12.50 % → 2 × 12.5 / 80 = 0.31. B: 1/5 = 20 % → 0.50. province 2/13 →
//!      15.38 % → 0.38
//! 4.4  A: #4 #7 → 2/8 = 25.00 % → 1.00. B: 0/5 → 0.00. province 2/13 → 15.38 % → 0.62
//! 5.4  A: 100 − 40 (4/10 overdue) − 12.5 (#10 of 8) = 47.50 % → 6 × 47.5 / 90 = 3.17.
//!      B: 1 − 3/7 − 1/5 = 13/35 = 37.14 % → 2.48. province 1 − 7/17 − 2/13 = 96/221 =
//!      43.44 % → 2.90
//! Feedback A: F1 recv 25/02 published 03/03 on time; F2 recv 02/03 rejected 03/03 on time;
//!   F3 recv 05/03 published 27/03 late (rules); F4 recv 10/03 open, due 01/04 (conduct);
//!   F5 recv 12/03 published on time, more dislikes (rules). B: F6 recv 03/03 open, overdue
//!   24/03, marked overdue (rules).
//! 5.1  A: rules 2 of 3 classified → 66.67 %; B 1/1 → 100 %; province 3/4 → 75.00 % (no points)
//! 5.2  A: counted F1–F5, on time F1 F2 F4 F5 → 80.00 % → 4.80; B 0/1 → 0.00; province 4/6
//!      → 66.67 % → 4.00
//! 5.3  A: first received in March F2–F5 = 4, unsatisfactory F3 F5 → 50.00 % → 3.00;
//!      B 0/1 → 0.00; province 2/5 = 40 % → 2.40
//! Catalog (same for all): P1 complete, full online; P2 complete, partly online; P3 no agency,
//!   full online; P4 complete, in person; online dossiers in March for P1 only.
//! 1.3  3/4 = 75.00 % → 1.50; 3.1 3/4 = 75.00 % (no points); 3.2 1/3 = 33.33 % (no points)
//! Totals: A 1.50 + 12.00 + 12.00 + (5.00 + 4.00 + 0.31 + 1.00) + (4.80 + 3.00 + 3.17) = 46.78
//!         B 1.50 + 11.43 + 12.00 + (6.00 + 4.00 + 0.50 + 0.00) + (0.00 + 0.00 + 2.48) = 37.91
//!         province 1.50 + 11.76 + 12.00 + (5.25 + 4.00 + 0.38 + 0.62) + (4.00 + 2.40 + 2.90)
//!         = 44.81; measured maximum 2 + 20 + 12 + 16 + 18 = 68 of 100.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::date;

use crate::code::DossierCode;
use crate::dossier::*;
use crate::ids::{AgencyCode, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use crate::procedure::{Channel, OnlineMode};
use crate::quality::Decimal2;
use crate::quality::aggregate::*;
use crate::quality::config::{CountingRules, Index766Config};
use crate::quality::dossier_outcome::{DossierExtras, OutcomeCtx, outcome};
use crate::quality::feedback::{
    Category, FeedbackId, FeedbackOutcome, LegOutcome, feedback_contributions,
};
use crate::quality::index766::{CatalogFacts, IndexInput, IndexReport, IndicatorStatus, compute};
use crate::quality::period::Period;
use crate::quality::testkit::{COMMUNE_A, COMMUNE_B, at, doc, procedure};

struct B(Dossier);

fn new(id: i64, unit: UnitId, code: &str, channel: Channel) -> B {
    B(Dossier {
        id: DossierId(id),
        code: DossierCode::new(
            &AgencyCode::parse("H56.22").unwrap(),
            date(2026, 3, 1),
            id as u32,
        ),
        status: Status::Submitted,
        procedure: ProcedureVersionId(1),
        procedure_code: ProcedureCode::parse(code).unwrap(),
        receiving_unit: unit,
        processing_unit: unit,
        channel,
        applicant: Applicant::default(),
        owner: None,
        submitted_by: None,
        on_behalf: None,
        delivery: Delivery::Desk,
        form: BTreeMap::new(),
        documents: vec![],
        fee_vnd: 0,
        submitted_at: at(2026, 1, 5, 8, 0),
        received_at: None,
        due_at: None,
        original_due_at: None,
        supplements: vec![],
        reschedule: None,
        assignee: None,
        assignee_name: None,
        step: None,
        proposal: None,
        outcome: None,
        result_documents: vec![],
        returned_by: None,
        finished_at: None,
        version: 1,
    })
}

impl B {
    fn recv(mut self, t: Timestamp, due: Timestamp) -> B {
        self.0.status = Status::InProcess;
        self.0.received_at = Some(t);
        self.0.due_at = Some(due);
        self.0.original_due_at = Some(due);
        self
    }
    fn file(mut self, source: DocSource) -> B {
        self.0.documents.push(doc(Some("c1"), source));
        self
    }
    fn result(mut self, t: Timestamp, e_file: bool) -> B {
        self.0.status = Status::ResultReady;
        self.0.finished_at = Some(t);
        if e_file {
            self.0.result_documents.push(doc(None, DocSource::Officer));
        }
        self
    }
    fn returned(mut self, m: ReturnMethod) -> B {
        self.0.status = Status::Returned;
        self.0.returned_by = Some(m);
        self
    }
    fn supplement(mut self, asked: Timestamp, done: Option<Timestamp>) -> B {
        self.0.supplements.push(SupplementRequest {
            stage: SupplementStage::Processing,
            items: vec!["x".into()],
            reason: "x".into(),
            requested_at: asked,
            requested_by: "x".into(),
            close_after: asked,
            completed_at: done,
        });
        self.0.status = if done.is_some() {
            Status::InProcess
        } else {
            Status::SupplementInProcess
        };
        if let Some(d) = done {
            // R-TIME-3: the legal due restarts (3 working days, approximated; 2.1 ignores it).
            self.0.due_at = Some(d + jiff::SignedDuration::from_hours(72));
        }
        self
    }
    fn end(mut self, status: Status, t: Timestamp) -> B {
        self.0.status = status;
        self.0.finished_at = Some(t);
        self
    }
}

const P1: &str = "1.000001";
const P2: &str = "1.000002";

fn dossiers() -> Vec<(Dossier, bool, DossierExtras)> {
    use Channel::*;
    use DocSource::*;
    let none = DossierExtras::default();
    let feedback = DossierExtras {
        has_feedback: true,
        ..none
    };
    let rated = DossierExtras {
        rated_dissatisfied: true,
        ..none
    };
    let a = COMMUNE_A;
    let b = COMMUNE_B;
    let list: Vec<(B, DossierExtras)> = vec![
        (
            new(1, a, P1, Online)
                .recv(at(2026, 2, 10, 9, 0), at(2026, 2, 13, 9, 0))
                .file(Upload)
                .result(at(2026, 2, 12, 10, 0), true)
                .returned(ReturnMethod::Electronic),
            none,
        ),
        (
            new(2, a, P1, Online)
                .recv(at(2026, 2, 25, 9, 0), at(2026, 3, 2, 9, 0))
                .file(Upload)
                .result(at(2026, 3, 2, 8, 59), true),
            none,
        ),
        (
            new(3, a, P1, Desk)
                .recv(at(2026, 2, 26, 9, 0), at(2026, 3, 3, 9, 0))
                .file(Scan),
            none,
        ),
        (
            new(4, a, P1, Online)
                .recv(at(2026, 3, 2, 8, 0), at(2026, 3, 5, 8, 0))
                .file(PersonalStore { from_dossier: None })
                .result(at(2026, 3, 4, 10, 0), true)
                .returned(ReturnMethod::Electronic),
            none,
        ),
        (
            new(5, a, P1, Online)
                .recv(at(2026, 3, 2, 9, 0), at(2026, 3, 5, 9, 0))
                .file(Upload)
                .result(at(2026, 3, 5, 9, 0), false),
            none,
        ),
        (
            new(6, a, P1, Desk)
                .recv(at(2026, 3, 3, 9, 0), at(2026, 3, 6, 9, 0))
                .file(Scan)
                .result(at(2026, 3, 6, 9, 1), true),
            none,
        ),
        (
            new(7, a, P1, Online)
                .recv(at(2026, 3, 9, 9, 0), at(2026, 3, 12, 9, 0))
                .file(Upload)
                .supplement(at(2026, 3, 9, 10, 0), Some(at(2026, 3, 10, 10, 0)))
                .supplement(at(2026, 3, 10, 14, 0), Some(at(2026, 3, 10, 15, 0)))
                .result(at(2026, 3, 11, 10, 0), true)
                .returned(ReturnMethod::Electronic),
            none,
        ),
        (
            new(8, a, P1, Post)
                .recv(at(2026, 3, 10, 9, 0), at(2026, 3, 13, 9, 0))
                .file(Scan)
                .supplement(at(2026, 3, 11, 9, 0), Some(at(2026, 3, 16, 9, 0)))
                .result(at(2026, 3, 17, 10, 0), true),
            none,
        ),
        (
            new(9, a, P2, Online)
                .recv(at(2026, 3, 16, 9, 0), at(2026, 3, 19, 9, 0))
                .file(Upload)
                .supplement(at(2026, 3, 18, 9, 0), None),
            none,
        ),
        (
            new(10, a, P2, Online)
                .recv(at(2026, 3, 20, 9, 0), at(2026, 3, 25, 9, 0))
                .file(Upload)
                .end(Status::Stopped, at(2026, 3, 26, 9, 0)),
            feedback,
        ),
        (
            new(11, a, P2, Desk)
                .recv(at(2026, 3, 30, 9, 0), at(2026, 4, 2, 9, 0))
                .file(Scan),
            none,
        ),
        (
            new(12, a, P1, Online)
                .file(Upload)
                .end(Status::Refused, at(2026, 3, 12, 10, 0)),
            none,
        ),
        (
            new(13, b, P1, Online)
                .recv(at(2026, 2, 10, 9, 0), at(2026, 2, 13, 9, 0))
                .file(Upload),
            none,
        ),
        (
            new(14, b, P1, Online)
                .recv(at(2026, 3, 2, 9, 0), at(2026, 3, 5, 9, 0))
                .file(NationalDatabase {
                    database: "dan_cu".into(),
                })
                .result(at(2026, 3, 3, 10, 0), true)
                .returned(ReturnMethod::Desk {
                    received_by: "x".into(),
                    id_number: None,
                }),
            none,
        ),
        (
            new(15, b, P1, Desk)
                .recv(at(2026, 3, 4, 9, 0), at(2026, 3, 9, 9, 0))
                .file(Scan)
                .result(at(2026, 3, 10, 9, 0), true),
            rated,
        ),
        (
            new(16, b, P2, Online)
                .recv(at(2026, 3, 5, 9, 0), at(2026, 3, 10, 9, 0))
                .file(Upload)
                .result(at(2026, 3, 9, 9, 0), false),
            none,
        ),
        (
            new(17, b, P2, Post).recv(at(2026, 3, 23, 9, 0), at(2026, 3, 26, 9, 0)),
            none,
        ),
        (
            new(18, b, P1, Online)
                .recv(at(2026, 3, 31, 9, 0), at(2026, 4, 3, 9, 0))
                .file(Upload),
            none,
        ),
        (
            new(19, b, P1, Online)
                .recv(at(2026, 4, 1, 9, 0), at(2026, 4, 6, 9, 0))
                .file(Upload),
            none,
        ),
        (
            new(20, b, P2, Desk)
                .recv(at(2026, 2, 27, 9, 0), at(2026, 3, 4, 9, 0))
                .file(Scan)
                .supplement(at(2026, 3, 2, 9, 0), None)
                .end(Status::Closed, at(2026, 3, 3, 9, 0)),
            none,
        ),
    ];
    list.into_iter()
        .map(|(b, x)| {
            let doc_result = b.0.procedure_code.as_str() == P1;
            (b.0, doc_result, x)
        })
        .collect()
}

fn leg(
    unit: UnitId,
    start: Timestamp,
    end: Option<Timestamp>,
    on_time: Option<bool>,
    od: Option<Timestamp>,
) -> LegOutcome {
    LegOutcome {
        unit,
        started_at: start,
        ended_at: end,
        on_time,
        overdue_from: od,
    }
}

fn item(
    id: i64,
    unit: UnitId,
    first: Timestamp,
    category: Option<Category>,
    bad: bool,
    l: LegOutcome,
) -> FeedbackOutcome {
    FeedbackOutcome {
        id: FeedbackId(id),
        unit,
        first_received: first,
        category,
        unsatisfactory: bad,
        legs: vec![l],
    }
}

fn feedback() -> Vec<FeedbackOutcome> {
    use Category::*;
    let (a, b) = (COMMUNE_A, COMMUNE_B);
    vec![
        item(
            1,
            a,
            at(2026, 2, 25, 9, 0),
            Some(RulesOrProcedure),
            false,
            leg(
                a,
                at(2026, 2, 25, 9, 0),
                Some(at(2026, 3, 3, 10, 0)),
                Some(true),
                None,
            ),
        ),
        item(
            2,
            a,
            at(2026, 3, 2, 9, 0),
            None,
            false,
            leg(
                a,
                at(2026, 3, 2, 9, 0),
                Some(at(2026, 3, 3, 9, 0)),
                Some(true),
                None,
            ),
        ),
        item(
            3,
            a,
            at(2026, 3, 5, 9, 0),
            Some(RulesOrProcedure),
            true,
            leg(
                a,
                at(2026, 3, 5, 9, 0),
                Some(at(2026, 3, 27, 9, 0)),
                Some(false),
                Some(at(2026, 3, 26, 9, 1)),
            ),
        ),
        item(
            4,
            a,
            at(2026, 3, 10, 9, 0),
            Some(OfficerConduct),
            false,
            leg(
                a,
                at(2026, 3, 10, 9, 0),
                None,
                None,
                Some(at(2026, 4, 1, 9, 1)),
            ),
        ),
        item(
            5,
            a,
            at(2026, 3, 12, 9, 0),
            Some(RulesOrProcedure),
            true,
            leg(
                a,
                at(2026, 3, 12, 9, 0),
                Some(at(2026, 3, 20, 9, 0)),
                Some(true),
                None,
            ),
        ),
        item(
            6,
            b,
            at(2026, 3, 3, 9, 0),
            Some(RulesOrProcedure),
            true,
            leg(
                b,
                at(2026, 3, 3, 9, 0),
                None,
                None,
                Some(at(2026, 3, 24, 9, 1)),
            ),
        ),
    ]
}

fn catalog() -> CatalogFacts {
    let p1 = procedure(P1, true);
    let mut p2 = procedure(P2, false);
    p2.online_mode = Some(OnlineMode::Partial);
    let mut p3 = procedure("1.000003", true);
    p3.agency_vi = None;
    let mut p4 = procedure("1.000004", true);
    p4.online_mode = Some(OnlineMode::InPerson);
    let active: BTreeSet<ProcedureCode> = [ProcedureCode::parse(P1).unwrap()].into();
    CatalogFacts::from_procedures([&p1, &p2, &p3, &p4], &active)
}

fn index(units: &[UnitId]) -> IndexReport {
    let rules = CountingRules::default();
    let cal = motcua_calendar::WorkingCalendar::national();
    let mut rows: BTreeMap<AggregateKey, DossierCounters> = BTreeMap::new();
    for (d, doc_result, extras) in dossiers() {
        let o = outcome(
            &d,
            &OutcomeCtx {
                rules: &rules,
                calendar: &cal,
                result_is_document: doc_result,
                extras,
            },
        );
        apply_deltas(&mut rows, &dossier_deltas(None, Some(&o))).unwrap();
    }
    let period = Period::month(2026, 3).unwrap();
    let mut summer = PeriodSummer::new(period, Some(units.iter().copied().collect()));
    for (k, c) in &rows {
        summer.add(k, c);
    }
    assert_eq!(
        summer.online_procedures.len(),
        2,
        "P1 and P2 had online dossiers in March"
    );
    let mut fb: PeriodTotals<FeedbackCounters> = PeriodTotals::default();
    for o in feedback() {
        for (k, c) in feedback_contributions(&o) {
            if units.contains(&k.unit) {
                fb.add_row(&period, k.day, &c);
            }
        }
    }
    let config = Index766Config::embedded();
    let version = config.in_force(period.to).unwrap();
    let cat = catalog();
    compute(
        version,
        &period,
        &IndexInput {
            dossiers: &summer.totals,
            feedback: Some(&fb),
            catalog: Some(&cat),
        },
    )
}

fn d(s: &str) -> Decimal2 {
    Decimal2::parse(s).unwrap()
}

/// (id, numerator, denominator, ratio, points)
type Expected<'a> = (&'a str, Option<u64>, Option<u64>, &'a str, Option<&'a str>);

fn check(r: &IndexReport, expected: &[Expected<'_>]) {
    for (id, num, den, ratio, points) in expected {
        let i = r.indicator(id).unwrap();
        assert_eq!((i.numerator, i.denominator), (*num, *den), "{id} counts");
        assert_eq!(i.ratio, Some(d(ratio)), "{id} ratio");
        assert_eq!(i.points, points.map(d), "{id} points");
    }
}

#[test]
fn commune_a_by_hand() {
    let r = index(&[COMMUNE_A]);
    check(
        &r,
        &[
            ("1.3", Some(3), Some(4), "75", Some("1.5")),
            ("2.1", Some(6), Some(10), "60", Some("12")),
            ("2.2", Some(5461), Some(5), "2.28", None),
            ("3.1", Some(3), Some(4), "75", None),
            ("3.2", Some(1), Some(3), "33.33", None),
            ("3.3", Some(4), Some(8), "50", Some("12")),
            ("4.1", Some(5), Some(6), "83.33", Some("5")),
            ("4.2", Some(7), Some(8), "87.5", Some("4")),
            ("4.3", Some(1), Some(8), "12.5", Some("0.31")),
            ("4.4", Some(2), Some(8), "25", Some("1")),
            ("5.1", Some(2), Some(3), "66.67", None),
            ("5.2", Some(4), Some(5), "80", Some("4.8")),
            ("5.3", Some(2), Some(4), "50", Some("3")),
            ("5.4", None, None, "47.5", Some("3.17")),
        ],
    );
    let details: Vec<(String, Option<Decimal2>)> = r
        .indicator("3.3")
        .unwrap()
        .details
        .iter()
        .map(|s| (s.id.clone(), s.ratio))
        .collect();
    assert_eq!(
        details,
        [
            ("desk".to_string(), Some(d("25"))),
            ("post".to_string(), Some(d("12.5")))
        ]
    );
    let d21: Vec<u64> = r
        .indicator("2.1")
        .unwrap()
        .details
        .iter()
        .map(|s| s.numerator)
        .collect();
    assert_eq!(
        d21,
        [4, 3, 2, 1],
        "finished on time, finished late, open within, open overdue"
    );
    let groups: Vec<(String, Decimal2, Decimal2)> = r
        .groups
        .iter()
        .map(|g| (g.id.clone(), g.points, g.measured_max))
        .collect();
    assert_eq!(
        groups,
        [
            ("1".into(), d("1.5"), d("2")),
            ("2".into(), d("12"), d("20")),
            ("3".into(), d("12"), d("12")),
            ("4".into(), d("10.31"), d("16")),
            ("5".into(), d("10.97"), d("18")),
        ]
    );
    assert_eq!(
        (r.total, r.max, r.measured_max),
        (d("46.78"), d("100"), d("68"))
    );
    for id in [
        "1.1", "1.2", "1.4", "3.5", "3.5b", "3.6", "4.cc", "4.5a", "4.5b",
    ] {
        let i = r.indicator(id).unwrap();
        assert_eq!(
            (i.status, i.ratio, i.points),
            (IndicatorStatus::NotMeasured, None, None),
            "{id}"
        );
        assert!(i.reason_vi.is_some());
    }
}

#[test]
fn commune_b_by_hand() {
    let r = index(&[COMMUNE_B]);
    check(
        &r,
        &[
            ("2.1", Some(4), Some(7), "57.14", Some("11.43")),
            ("2.2", Some(3420), Some(3), "2.38", None),
            ("3.3", Some(3), Some(5), "60", Some("12")),
            ("4.1", Some(2), Some(2), "100", Some("6")),
            ("4.2", Some(4), Some(5), "80", Some("4")),
            ("4.3", Some(1), Some(5), "20", Some("0.5")),
            ("4.4", Some(0), Some(5), "0", Some("0")),
            ("5.1", Some(1), Some(1), "100", None),
            ("5.2", Some(0), Some(1), "0", Some("0")),
            ("5.3", Some(0), Some(1), "0", Some("0")),
            ("5.4", None, None, "37.14", Some("2.48")),
        ],
    );
    assert_eq!(r.total, d("37.91"));
}

#[test]
fn the_province_is_the_sum_of_its_communes() {
    let r = index(&[COMMUNE_A, COMMUNE_B]);
    check(
        &r,
        &[
            ("2.1", Some(10), Some(17), "58.82", Some("11.76")),
            ("2.2", Some(8881), Some(8), "2.31", None),
            ("3.3", Some(7), Some(13), "53.85", Some("12")),
            ("4.1", Some(7), Some(8), "87.5", Some("5.25")),
            ("4.2", Some(11), Some(13), "84.62", Some("4")),
            ("4.3", Some(2), Some(13), "15.38", Some("0.38")),
            ("4.4", Some(2), Some(13), "15.38", Some("0.62")),
            ("5.1", Some(3), Some(4), "75", None),
            ("5.2", Some(4), Some(6), "66.67", Some("4")),
            ("5.3", Some(2), Some(5), "40", Some("2.4")),
            ("5.4", None, None, "43.44", Some("2.9")),
        ],
    );
    assert_eq!((r.total, r.measured_max), (d("44.81"), d("68")));
    // The report is what the pages and the API serve.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["total"], serde_json::json!(44.81));
    assert_eq!(json["groups"][1]["indicators"][0]["id"], "2.1");
}
