//! Due computations per second on one core, next to the cost of reading the clock in the same run.
//!
//! `cargo bench -p motcua-calendar --bench due`
//!
//! No criterion: plain `Instant` and `black_box`. The inputs mix three unit calendars (national,
//! Saturday desk, unit with local overrides), four limit units and three cut-off rules, with
//! reception moments spread over 2025–2026 (any minute, working or not).

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::civil::{Date, DateTime, Time, Weekday};
use motcua_calendar::{
    CutoffRule, Hours, Limit, Period, ScheduleSet, UnitCalendar, WorkingCalendar,
};

const INPUTS: usize = 4096;
const RUN: Duration = Duration::from_secs(2);

struct Input {
    cal: usize,
    received: DateTime,
    limit: Limit,
    cutoff: CutoffRule,
}

/// A small deterministic generator (64-bit LCG, Knuth's constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn calendars() -> Vec<WorkingCalendar> {
    let set = ScheduleSet::builtin();
    let saturday = UnitCalendar::standard().with_weekday(
        Weekday::Saturday,
        Hours::new(vec![Period::hm(7, 30, 11, 30).unwrap()]).unwrap(),
    );
    let local = UnitCalendar::standard()
        .with_closure(Date::constant(2026, 3, 4), "Chuyển trụ sở")
        .with_opening(
            Date::constant(2026, 3, 7),
            Hours::new(vec![Period::hm(7, 30, 11, 30).unwrap()]).unwrap(),
            "Cao điểm",
        );
    vec![
        WorkingCalendar::national(),
        WorkingCalendar::new(&set, &saturday),
        WorkingCalendar::new(&set, &local),
    ]
}

fn inputs() -> Vec<Input> {
    let mut rng = Lcg(0x6d6f_7463_7561);
    let first = Date::constant(2025, 1, 1);
    (0..INPUTS)
        .map(|_| {
            let date = first
                .checked_add(jiff::Span::new().days(rng.next(730) as i64))
                .unwrap();
            let received = date.at(rng.next(24) as i8, rng.next(60) as i8, 0, 0);
            let limit = match rng.next(10) {
                0..=4 => Limit::working_days(1 + rng.next(20) as u32),
                5..=6 => Limit::working_hours(1 + rng.next(40) as u32),
                7 => Limit::same_day(),
                8 => Limit::calendar_days(1 + rng.next(45) as u32),
                _ => Limit::months(1 + rng.next(3) as u32),
            };
            let cutoff = match rng.next(3) {
                0 => CutoffRule::None,
                1 => CutoffRule::After {
                    time: Time::constant(15, 0, 0, 0),
                },
                _ => CutoffRule::BeforeClose { minutes: 60 },
            };
            Input {
                cal: rng.next(3) as usize,
                received,
                limit,
                cutoff,
            }
        })
        .collect()
}

fn main() {
    // One-time process costs: parsing the built-in schedule files, building the lunar table.
    let t = Instant::now();
    let set = ScheduleSet::builtin();
    let parse_builtin = t.elapsed();
    let t = Instant::now();
    black_box(motcua_calendar::lunar::tet(2026).unwrap());
    let lunar_table = t.elapsed();

    // Per-unit costs: construction (no per-day work) and indexing one year on first use.
    let t = Instant::now();
    let fresh = WorkingCalendar::new(&set, &UnitCalendar::standard());
    let constructed = t.elapsed();
    let t = Instant::now();
    fresh.warm_up(2026, 2026).unwrap();
    let one_year = t.elapsed();
    let t = Instant::now();
    fresh.warm_up(2027, 2027).unwrap();
    let provisional_year = t.elapsed();

    let cals = calendars();
    for cal in &cals {
        cal.warm_up(2025, 2028).unwrap();
    }
    let inputs = inputs();

    // Due computations.
    let mut count = 0u64;
    let mut sink = 0i64;
    let start = Instant::now();
    let elapsed = loop {
        for input in &inputs {
            let due = cals[input.cal]
                .due(
                    black_box(input.received),
                    black_box(input.limit),
                    black_box(input.cutoff),
                )
                .unwrap();
            sink = sink.wrapping_add(i64::from(black_box(due).minute()));
        }
        count += inputs.len() as u64;
        let e = start.elapsed();
        if e >= RUN {
            break e;
        }
    };
    black_box(sink);
    let due_rate = count as f64 / elapsed.as_secs_f64();

    // The clock alone.
    let mut clock_count = 0u64;
    let start = Instant::now();
    let clock_elapsed = loop {
        for _ in 0..4096 {
            black_box(Instant::now());
        }
        clock_count += 4096;
        let e = start.elapsed();
        if e >= RUN {
            break e;
        }
    };
    let clock_rate = clock_count as f64 / clock_elapsed.as_secs_f64();

    println!(
        "motcua-calendar due bench ({INPUTS} mixed inputs: 3 unit calendars, 5 limit units, 3 cut-off rules)"
    );
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "  once per process: parse built-in schedules {:>9.1} µs",
        us(parse_builtin)
    );
    println!(
        "  once per process: lunar table 1900-2199    {:>9.1} µs",
        us(lunar_table)
    );
    println!(
        "  per unit: WorkingCalendar::new             {:>9.1} µs",
        us(constructed)
    );
    println!(
        "  per unit: index 2026 (announced) on use    {:>9.1} µs",
        us(one_year)
    );
    println!(
        "  per unit: index 2027 (provisional) on use  {:>9.1} µs",
        us(provisional_year)
    );
    println!(
        "  due computations/s                 {:>12.0}  ({:.0} ns each)",
        due_rate,
        1e9 / due_rate
    );
    println!(
        "  Instant::now() calls/s             {:>12.0}  ({:.0} ns each)",
        clock_rate,
        1e9 / clock_rate
    );
    println!(
        "  ratio due/clock                    {:>12.3}",
        due_rate / clock_rate
    );
}
