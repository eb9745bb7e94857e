//! `index_bench reports [DOSSIERS]`: the analytic reports (where the time goes, officers'
//! results) over dossiers made by the demo generator (each one driven through the real
//! lifecycle, with its events in the chain), since they read every event of the chosen dossiers.

use std::sync::Arc;
use std::time::Instant;

use jiff::civil::DateTime;
use motcua_calendar::from_local;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::quality::Period;
use motcua_store::Database;
use motcua_store::store::demo::{DemoOptions, generate};
use motcua_store::store::{ManualClock, Store, StoreConfig};

pub async fn run(db: Database, dossiers: u64) {
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
    store
        .import_catalog(&admin, motcua_domain::catalog::demo_catalog())
        .await
        .unwrap();
    let started = Instant::now();
    let summary = generate(
        &store,
        DemoOptions {
            dossiers,
            months: 12,
            min_communes: 20,
            citizens: 300,
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    println!(
        "  generated {} dossiers ({} events) in {:.0} s",
        summary.dossiers,
        summary.events,
        started.elapsed().as_secs_f64()
    );
    if db.dialect() == motcua_store::Dialect::Postgres {
        // What autovacuum does on a live server; a fresh database has no statistics yet.
        let db = db.clone();
        motcua_store::testing::off_runtime(move || {
            db.connect().unwrap().execute_batch("ANALYZE").unwrap()
        });
    }
    let province = store
        .units(None)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.parent.is_none())
        .unwrap()
        .id;
    let system = Actor::system();
    let year = Period::custom(
        jiff::civil::date(2026, 1, 1),
        jiff::civil::date(2026, 12, 31),
    )
    .unwrap();
    let quarter = Period::quarter(2026, 4).unwrap();
    let by_procedure = store.index766_by_procedure(province, year).await.unwrap();
    let top = by_procedure
        .iter()
        .max_by_key(|r| r.within.received)
        .unwrap()
        .procedure
        .clone();
    // The part of the cost that is only reading the events (no JSON, no working-time math).
    let fetch = {
        let db = db.clone();
        motcua_store::testing::off_runtime(move || {
            let mut c = db.connect_read().unwrap();
            let ids: Vec<i64> = c
                .query("SELECT id FROM dossiers ORDER BY id", &[])
                .unwrap()
                .iter()
                .map(|r| r.get_i64(0).unwrap())
                .collect();
            let s = Instant::now();
            let mut bytes = 0usize;
            for page in ids.chunks(500) {
                let params: Vec<motcua_store::Value> =
                    page.iter().map(|i| i.to_string().into()).collect();
                let list: Vec<String> = (1..=page.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT dossier_id, payload FROM events WHERE dossier_id IN ({}) ORDER BY seq",
                    list.join(", ")
                );
                for r in c.query(&sql, &params).unwrap() {
                    bytes += r.get_str(1).unwrap().len();
                }
            }
            (ids.len(), s.elapsed().as_secs_f64(), bytes)
        })
    };
    println!(
        "  reading the events of all {} dossiers (no parsing): {:.2} s, {} MB of JSON",
        fetch.0,
        fetch.1,
        fetch.2 / 1_000_000
    );
    for round in 0..2 {
        let s = Instant::now();
        let all = store
            .bottleneck_report(&system, province, None, year)
            .await
            .unwrap();
        let t_all = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let one = store
            .bottleneck_report(&system, province, Some(top.clone()), quarter)
            .await
            .unwrap();
        let t_one = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let officers = store
            .officers_report(&system, province, quarter)
            .await
            .unwrap();
        let t_off = s.elapsed().as_secs_f64();
        if round == 1 {
            println!("| report | dossiers read | time | dossiers/s |");
            println!("| --- | --- | --- | --- |");
            println!(
                "| bottleneck, province, all procedures, 2026 | {} | {:.2} s | {:.0} |",
                all.dossiers,
                t_all,
                all.dossiers as f64 / t_all
            );
            println!(
                "| bottleneck, province, procedure {top}, Q4 2026 | {} | {:.3} s | {:.0} |",
                one.dossiers,
                t_one,
                one.dossiers as f64 / t_one
            );
            let handled: u64 = officers.iter().map(|r| r.dossiers_handled).sum();
            println!(
                "| officers, province, Q4 2026 ({} rows, {handled} dossier-handlings) | – | {:.2} s | – |",
                officers.len(),
                t_off
            );
        }
    }
    store.shutdown();
}
