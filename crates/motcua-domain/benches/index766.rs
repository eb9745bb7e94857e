//! Speed of the 766 index: `cargo bench -p motcua-domain --bench index766`.
//!
//! A province with 100 communes (101 units) × 40 procedures × 3 channels: one year of daily
//! rows is ≈ 4.4 million rows (≈ 10 million dossiers a year, ~2.3 per row). Measured apart:
//! 1. summing a year of daily rows into period totals (what an in-memory store would do; SQL
//!    does the same with SUM),
//! 2. summing monthly roll-ups of the same counters (the counters add up, so a store can keep
//!    them per month too: 145,440 rows a year),
//! 3. scoring the whole index from the totals,
//! 4. the per-event cost in the write path: a dossier's outcome and its aggregate deltas.
//!
//! The year is summed as twelve passes over one 30-day block of rows so the data fits in
//! memory next to other builds; every pass is a full sum. Plain `Instant`, fastest of several
//! batches (the machine is shared); the numbers go to BENCHMARKS.md, tests never assert on time.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp, ToSpan};
use motcua_calendar::{WorkingCalendar, from_local};
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::*;
use motcua_domain::ids::{AgencyCode, DossierId, ProcedureCode, ProcedureVersionId, UnitId};
use motcua_domain::procedure::Channel;
use motcua_domain::quality::Period;
use motcua_domain::quality::aggregate::{
    AggregateKey, DossierCounters, FeedbackCounters, PeriodSummer, PeriodTotals, dossier_deltas,
};
use motcua_domain::quality::config::{CountingRules, Index766Config};
use motcua_domain::quality::dossier_outcome::{OutcomeCtx, outcome};
use motcua_domain::quality::index766::{CatalogFacts, IndexInput, compute};

const UNITS: i64 = 101;
const PROCEDURES: u32 = 40;
const BATCHES: usize = 5;

/// A cheap deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn upto(&mut self, n: u64) -> u64 {
        self.next() % (n + 1)
    }
}

fn counters(rng: &mut Rng) -> DossierCounters {
    let received = rng.upto(4);
    DossierCounters {
        received,
        finished_on_time: rng.upto(received),
        finished_late: rng.upto(1),
        overdue_crossed: rng.upto(1),
        online_ok: rng.upto(received),
        via_desk: rng.upto(received),
        via_post: 0,
        digitised: rng.upto(received),
        reused: rng.upto(1),
        personal_store: rng.upto(1),
        dissatisfied: rng.upto(1) * rng.upto(1),
        doc_results: rng.upto(received),
        e_results: rng.upto(1),
        resolved: rng.upto(received),
        resolution_minutes: rng.upto(4000),
        refused: 0,
    }
}

/// Rows of `days` days starting at `first`, for every unit, procedure and channel.
fn block(first: Date, days: i64, rng: &mut Rng) -> Vec<(AggregateKey, DossierCounters)> {
    let codes: Vec<ProcedureCode> = (1..=PROCEDURES)
        .map(|i| ProcedureCode::parse(&format!("1.{i:06}")).unwrap())
        .collect();
    let mut rows = Vec::with_capacity((UNITS * PROCEDURES as i64 * 3 * days) as usize);
    for d in 0..days {
        let day = first.checked_add(d.days()).unwrap();
        for unit in 0..UNITS {
            for code in &codes {
                for channel in Channel::ALL {
                    rows.push((
                        AggregateKey {
                            unit: UnitId(unit),
                            procedure: code.clone(),
                            channel,
                            day,
                        },
                        counters(rng),
                    ));
                }
            }
        }
    }
    rows
}

fn fastest(mut f: impl FnMut()) -> Duration {
    (0..BATCHES)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn at(y: i16, m: i8, d: i8, h: i8) -> Timestamp {
    from_local(date(y, m, d).at(h, 0, 0, 0))
}

fn sample_dossier() -> Dossier {
    Dossier {
        id: DossierId(1),
        code: DossierCode::new(&AgencyCode::parse("H56.22").unwrap(), date(2026, 3, 2), 1),
        status: Status::InProcess,
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
        submitted_at: at(2026, 3, 2, 8),
        received_at: Some(at(2026, 3, 2, 9)),
        due_at: Some(at(2026, 3, 5, 9)),
        original_due_at: Some(at(2026, 3, 5, 9)),
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
        version: 5,
    }
}

fn main() {
    let year = Period::year(2026).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let month = block(date(2026, 1, 1), 30, &mut rng);
    let rows_per_year = month.len() * 12;

    // 1. A year of daily rows: twelve full passes over a 30-day block.
    let mut totals = PeriodTotals::<DossierCounters>::default();
    let mut online = 0;
    let daily = fastest(|| {
        let mut s = PeriodSummer::new(year, None);
        for _ in 0..12 {
            for (k, c) in &month {
                s.add(k, c);
            }
        }
        online = s.online_procedures.len();
        totals = black_box(s.totals);
    });

    // 1b. The same without noting the procedures with online dossiers (3.2 then comes from a
    // SQL `SELECT DISTINCT`): the counters only.
    let daily_counters = fastest(|| {
        let mut t = PeriodTotals::<DossierCounters>::default();
        for _ in 0..12 {
            for (k, c) in &month {
                t.add_row(&year, k.day, c);
            }
        }
        black_box(t);
    });

    // 2. Monthly roll-ups: one row per unit, procedure, channel and month.
    let rollups: Vec<(AggregateKey, DossierCounters)> = block(date(2026, 1, 1), 12, &mut rng);
    let monthly = fastest(|| {
        let mut s = PeriodSummer::new(year, None);
        for (k, c) in &rollups {
            s.add(k, c);
        }
        black_box(s.totals);
    });

    // 2b. A custom year (15/01/2026 – 14/01/2027): 11 whole months of roll-ups plus 31 edge days
    // of daily rows.
    let custom = Period::custom(date(2026, 1, 15), date(2027, 1, 14)).unwrap();
    let edges = block(date(2026, 1, 15), 31, &mut rng);
    let mixed = fastest(|| {
        let mut t = PeriodTotals::<DossierCounters>::default();
        for (k, c) in rollups.iter().take(rollups.len() / 12 * 11) {
            t.add_row(&custom, custom.from, c);
            black_box(k);
        }
        for (k, c) in &edges {
            t.add_row(&custom, k.day, c);
        }
        black_box(t);
    });

    // 3. Scoring the whole index from the totals.
    let config = Index766Config::embedded();
    let version = config.in_force(year.to).unwrap();
    let feedback = PeriodTotals::<FeedbackCounters>::default();
    let catalog = CatalogFacts {
        procedures: 40,
        published_complete: 38,
        online: 30,
        full_online: 20,
        online_with_dossiers: online as u64,
    };
    let input = IndexInput {
        dossiers: &totals,
        feedback: Some(&feedback),
        catalog: Some(&catalog),
    };
    const SCORES: u32 = 10_000;
    let scoring = fastest(|| {
        for _ in 0..SCORES {
            black_box(compute(version, &year, black_box(&input)));
        }
    }) / SCORES;
    let report = compute(version, &year, &input);

    // 4. The write path: outcome before and after an event, and the deltas.
    let rules = CountingRules::default();
    let cal = WorkingCalendar::national();
    let before = sample_dossier();
    let mut after = before.clone();
    after.status = Status::ResultReady;
    after.finished_at = Some(before.received_at.unwrap() + SignedDuration::from_hours(50));
    let ctx = OutcomeCtx {
        rules: &rules,
        calendar: &cal,
        result_is_document: true,
        extras: Default::default(),
    };
    const EVENTS: u32 = 10_000;
    let per_event = fastest(|| {
        for _ in 0..EVENTS {
            let a = outcome(black_box(&before), &ctx);
            let b = outcome(black_box(&after), &ctx);
            black_box(dossier_deltas(Some(&a), Some(&b)));
        }
    }) / EVENTS;

    let received: u64 = totals.within.received;
    println!(
        "index766: 1 province + 100 communes, 40 procedures, 3 channels (fastest of {BATCHES})"
    );
    println!(
        "  daily rows, 12 months:       {:>8.1} ms  ({} rows, {:.1} ns/row, {} dossiers received)",
        daily.as_secs_f64() * 1e3,
        rows_per_year,
        daily.as_secs_f64() * 1e9 / rows_per_year as f64,
        received
    );
    println!(
        "  … counters only (3.2 by SQL):{:>8.1} ms  ({:.1} ns/row)",
        daily_counters.as_secs_f64() * 1e3,
        daily_counters.as_secs_f64() * 1e9 / rows_per_year as f64
    );
    println!(
        "  monthly roll-ups, 12 months: {:>8.2} ms  ({} rows)",
        monthly.as_secs_f64() * 1e3,
        rollups.len()
    );
    println!(
        "  custom year, 11 roll-up months + 31 daily edge days: {:.2} ms  ({} rows)",
        mixed.as_secs_f64() * 1e3,
        rollups.len() / 12 * 11 + edges.len()
    );
    println!(
        "  scoring the index:           {:>8.2} µs  (total {} of {}, measured max {})",
        scoring.as_secs_f64() * 1e6,
        report.total,
        report.max,
        report.measured_max
    );
    println!(
        "  outcome ×2 + deltas / event: {:>8.2} µs",
        per_event.as_secs_f64() * 1e6
    );
}
