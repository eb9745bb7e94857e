//! The 766 index of a province as a store query, against a plain `count(*)` over the same data.
//!
//!     cargo run --release -p motcua-store --example index_bench -- [DOSSIERS] [COMMUNES] [PROCEDURES]
//!     cargo run --release -p motcua-store --example index_bench -- reports [DOSSIERS]
//!
//! Defaults: 10,000,000 dossiers over the 12 months of 2026 in a province with 100 communes, 200
//! procedure codes (the 40 of the demo catalog first) on a Zipf curve, 3 channels. The dossiers
//! are not simulated one by one through the lifecycle: each gets synthetic but consistent facts
//! (a `DossierOutcome`: reception on a working day, on time 88 %, late 7 %, still open, refused
//! 1 %, supplement waits, results with or without a file …), and the rows the store would hold
//! for them (`dossier_contributions`, rolled up by month and year exactly as the jobs do) are
//! written directly. The baseline is `SELECT count(*) FROM bench_dossiers`, a table of one narrow
//! row per dossier (`id BIGINT PRIMARY KEY, unit_id BIGINT, received_ms BIGINT`), in the same
//! database and the same run. SQLite always; PostgreSQL too when MOTCUA_TEST_DATABASE_URL is set
//! (a database `motcua_index_bench` is created on that server and dropped at the end).
//! MOTCUA_BENCH_DIR puts the SQLite file elsewhere (default target/bench-index) and
//! MOTCUA_BENCH_PG_TABLESPACE the PostgreSQL database in a tablespace; both about 1–3 GB.

#[path = "support/index_rows.rs"]
mod index_rows;
#[path = "support/report_runs.rs"]
mod report_runs;

use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::{DateTime, date};
use motcua_calendar::from_local;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::ids::AgencyCode;
use motcua_domain::quality::Period;
use motcua_domain::unit::UnitKind;
use motcua_store::Database;
use motcua_store::store::{ManualClock, NewUnit, Store, StoreConfig};
use motcua_store::testing::off_runtime;

const RUNS: usize = 9;

struct Args {
    dossiers: u64,
    communes: usize,
    procedures: usize,
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.get(1).map(String::as_str) == Some("reports") {
        return reports(a.get(2).and_then(|s| s.parse().ok()).unwrap_or(50_000));
    }
    let args = Args {
        dossiers: a.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000_000),
        communes: a.get(2).and_then(|s| s.parse().ok()).unwrap_or(100),
        procedures: a.get(3).and_then(|s| s.parse().ok()).unwrap_or(200),
    };
    println!(
        "{} dossiers over 2026, a province with {} communes, {} procedure codes, 3 channels",
        args.dossiers, args.communes, args.procedures
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = std::path::PathBuf::from(
        std::env::var("MOTCUA_BENCH_DIR").unwrap_or_else(|_| "target/bench-index".into()),
    );
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut results = Vec::new();
    let db = Database::sqlite(dir.join("bench.db")).unwrap();
    results.push(("SQLite", rt.block_on(run(db, &args))));
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(url) = std::env::var(motcua_store::testing::PG_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty())
    {
        let (db, admin) = index_rows::postgres_database(&url, "motcua_index_bench");
        results.push(("PostgreSQL", rt.block_on(run(db, &args))));
        index_rows::drop_database(&admin, "motcua_index_bench");
    } else {
        println!(
            "({} not set: PostgreSQL skipped)",
            motcua_store::testing::PG_ENV
        );
    }
    println!();
    println!("| backend | query | best | median | ratio to count(*) (median) |");
    println!("| --- | --- | --- | --- | --- |");
    for (backend, rows) in &results {
        let count = rows[0].1.1;
        for (name, (best, median)) in rows {
            println!(
                "| {backend} | {name} | {} | {} | {:.4} |",
                ms(*best),
                ms(*median),
                median.as_secs_f64() / count.as_secs_f64()
            );
        }
    }
}

/// The analytic reports over demo dossiers (see `report_runs`), SQLite then PostgreSQL.
fn reports(dossiers: u64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = std::path::PathBuf::from(
        std::env::var("MOTCUA_BENCH_DIR").unwrap_or_else(|_| "target/bench-index".into()),
    );
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    println!("SQLite:");
    rt.block_on(report_runs::run(
        Database::sqlite(dir.join("reports.db")).unwrap(),
        dossiers,
    ));
    let _ = std::fs::remove_dir_all(&dir);
    if let Ok(url) = std::env::var(motcua_store::testing::PG_ENV) {
        println!("PostgreSQL:");
        let (db, admin) = index_rows::postgres_database(&url, "motcua_reports_bench");
        rt.block_on(report_runs::run(db, dossiers));
        index_rows::drop_database(&admin, "motcua_reports_bench");
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

type Timings = Vec<(&'static str, (Duration, Duration))>;

async fn run(db: Database, args: &Args) -> Timings {
    let clock = ManualClock::new(from_local(DateTime::new(2027, 1, 5, 9, 0, 0, 0).unwrap()));
    let mut config = StoreConfig::new("");
    config.clock = Arc::new(clock);
    let store = Store::open_database(db.clone(), config).await.unwrap();
    let admin = Actor {
        account: None,
        name: "bench".into(),
        grants: vec![Grant {
            role: Role::Admin,
            unit: None,
        }],
    };
    let unit = |code: String, kind, parent| NewUnit {
        code: AgencyCode::parse(&code).unwrap(),
        name: code.clone(),
        kind,
        parent,
        valid_from: date(2025, 7, 1),
    };
    let province = store
        .create_unit(&admin, unit("H98".into(), UnitKind::Province, None))
        .await
        .unwrap();
    let mut units = vec![province];
    for i in 1..=args.communes {
        let c = unit(format!("H98.{i:03}"), UnitKind::Commune, Some(province));
        units.push(store.create_unit(&admin, c).await.unwrap());
    }
    let catalog = motcua_domain::catalog::demo_catalog();
    let codes = index_rows::codes(&catalog, args.procedures);
    store.import_catalog(&admin, catalog).await.unwrap();
    let started = Instant::now();
    let (dossiers, procs) = (args.dossiers, codes.clone());
    let gen_db = db.clone();
    let u2 = units.clone();
    let stats = off_runtime(move || index_rows::generate(&gen_db, &u2, &procs, dossiers, 2026));
    println!(
        "  {}: generated {} rows (units {}, per procedure {}, online {}) and {} narrow dossier rows in {:.0} s",
        db_name(&db),
        stats.unit_rows + stats.procedure_rows + stats.online_rows,
        stats.unit_rows,
        stats.procedure_rows,
        stats.online_rows,
        dossiers,
        started.elapsed().as_secs_f64()
    );
    let commune = units[1];
    let year = Period::year(2026).unwrap();
    let rolling = Period::custom(date(2025, 12, 21), date(2026, 12, 20)).unwrap();
    let quarter = Period::quarter(2026, 4).unwrap();
    let month = Period::month(2026, 12).unwrap();
    let mut t: Vec<(&'static str, Vec<Duration>)> = vec![
        (
            "SELECT count(*) FROM bench_dossiers (10M narrow rows)",
            vec![],
        ),
        ("index766(province, year 2026)", vec![]),
        ("index766(province, 21/12/2025–20/12/2026)", vec![]),
        ("index766(province, Q4 2026)", vec![]),
        ("index766(province, December 2026)", vec![]),
        ("index766(commune, year 2026)", vec![]),
        ("unit_ranking(province, year 2026): 100 indexes", vec![]),
        ("index766_by_procedure(province, Q4 2026)", vec![]),
    ];
    let n = t.len();
    for run in 0..RUNS + 1 {
        for k in 0..n {
            let i = (k + run) % n;
            let s = Instant::now();
            match i {
                0 => {
                    let db = db.clone();
                    off_runtime(move || index_rows::count(&db));
                }
                1 => drop(store.index766(province, year).await.unwrap()),
                2 => drop(store.index766(province, rolling).await.unwrap()),
                3 => drop(store.index766(province, quarter).await.unwrap()),
                4 => drop(store.index766(province, month).await.unwrap()),
                5 => drop(store.index766(commune, year).await.unwrap()),
                6 => assert_eq!(
                    store.unit_ranking(province, year).await.unwrap().len(),
                    args.communes
                ),
                _ => drop(
                    store
                        .index766_by_procedure(province, quarter)
                        .await
                        .unwrap(),
                ),
            }
            if run > 0 {
                t[i].1.push(s.elapsed()); // the first round warms the caches
            }
        }
    }
    let r = store.index766(province, year).await.unwrap();
    let i21 = r.indicator("2.1").unwrap();
    println!(
        "  check: 2.1 of the province for 2026 = {:?} / {:?}, total {} of {} measured",
        i21.numerator, i21.denominator, r.total, r.measured_max
    );
    store.shutdown();
    t.into_iter()
        .map(|(name, mut v)| {
            v.sort();
            (name, (v[0], v[v.len() / 2]))
        })
        .collect()
}

fn db_name(db: &Database) -> &'static str {
    match db.dialect() {
        motcua_store::Dialect::Sqlite => "SQLite",
        motcua_store::Dialect::Postgres => "PostgreSQL",
    }
}
