//! The workspace at scale, for the BENCHMARKS.md rows: fills a SQLite database with synthetic
//! dossiers driven through the real lifecycle over at least `--communes` communes (the demo
//! generator's `min_communes`), makes a signed-in session for the officers of the first commune,
//! and serves the API and the workspace on `--addr` until killed. Load comes from outside
//! (`wrk`, loopback), next to the trivial `GET /api/v1/ping` in the same run.
//!
//! ```sh
//! cargo run --release -p motcua-office --example worklist_bench -- \
//!     --data /tmp/motcua-bench --dossiers 1000000 --communes 100 --addr 127.0.0.1:8099
//! # prints: COOKIE motcua_session=… and sample codes / names to search for
//! ```
//! A second start on the same folder reuses the dossiers (generation is the slow part).

use std::sync::Arc;

use jiff::SignedDuration;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::unit::UnitKind;
use motcua_store::blob::LocalBlobStore;
use motcua_store::store::demo::{DemoOptions, generate};
use motcua_store::store::{NewAccount, Session, Store, StoreConfig, Worklist, WorklistQuery};
use motcua_web::{AppState, WebConfig};

type Times = Arc<std::sync::Mutex<std::collections::BTreeMap<String, Vec<u32>>>>;

async fn timed(
    times: Times,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path().to_string()
        + if req.uri().query().is_some_and(|q| q.contains("q=")) {
            "?q"
        } else {
            ""
        };
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    let us = start.elapsed().as_micros() as u32;
    times.lock().unwrap().entry(path).or_default().push(us);
    res
}

async fn stats(times: Times, query: Option<String>) -> String {
    let mut t = times.lock().unwrap();
    let mut out = String::new();
    for (path, v) in t.iter_mut() {
        v.sort_unstable();
        let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize] as f64 / 1000.0;
        out.push_str(&format!(
            "{path}\tn={}\tp50={:.2}ms\tp99={:.2}ms\tmax={:.2}ms\n",
            v.len(),
            p(0.5),
            p(0.99),
            p(1.0)
        ));
    }
    if query.is_some_and(|q| q.contains("reset")) {
        t.clear();
    }
    out
}

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

#[tokio::main]
async fn main() {
    let data = std::path::PathBuf::from(arg("--data", "/tmp/motcua-bench"));
    let dossiers: u64 = arg("--dossiers", "100000").parse().unwrap();
    let communes: usize = arg("--communes", "100").parse().unwrap();
    let addr = arg("--addr", "127.0.0.1:8099");
    std::fs::create_dir_all(&data).unwrap();
    let store = Store::open(StoreConfig::new(
        data.join("motcua.db").display().to_string(),
    ))
    .await
    .unwrap();
    let admin = Actor {
        account: None,
        name: "bench".into(),
        grants: vec![Grant {
            role: Role::Admin,
            unit: None,
        }],
    };
    if store.procedures().is_empty() {
        store
            .import_catalog(&admin, motcua_domain::catalog::demo_catalog())
            .await
            .unwrap();
    }
    let have: u64 = store
        .status_counts()
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    if have < dossiers {
        let started = std::time::Instant::now();
        let total = dossiers - have;
        let summary = generate(
            &store,
            DemoOptions {
                dossiers: total,
                min_communes: communes,
                citizens: 2000,
                seed: 2026 + have,
                progress: Some(Arc::new(move |done, total| {
                    if done % 50_000 < 400 {
                        eprintln!("{done}/{total}");
                    }
                })),
                ..DemoOptions::default()
            },
        )
        .await
        .unwrap();
        eprintln!(
            "generated {} dossiers ({} events) in {:.0} s",
            summary.dossiers,
            summary.events,
            started.elapsed().as_secs_f64()
        );
    }
    let units = store.units(None).await.unwrap();
    let communes: Vec<_> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Commune)
        .collect();
    let first = communes[0];
    eprintln!(
        "{} communes; benchmarking as the officers of {} ({})",
        communes.len(),
        first.name,
        first.code
    );
    // One account with the three officer roles of the first commune.
    let account = match store.account_by_login("bench.officer").await.unwrap() {
        Some(a) => a.id,
        None => store
            .create_account(
                None,
                NewAccount {
                    display_name: "Bench Officer".into(),
                    phone: None,
                    email: None,
                    username: Some("bench.officer".into()),
                    password_hash: "-".into(),
                    citizen_id: None,
                    grants: [Role::DeskOfficer, Role::Specialist, Role::Leader]
                        .into_iter()
                        .map(|role| Grant {
                            role,
                            unit: Some(first.id),
                        })
                        .collect(),
                },
            )
            .await
            .unwrap(),
    };
    let (token, hash) = motcua_web::for_pages::new_token();
    let now = store.now();
    store
        .create_session(Session {
            token_hash: hash,
            account,
            created_at: now,
            expires_at: now + SignedDuration::from_hours(12),
            second_factor: true,
            csrf_token: "bench".into(),
            kind: "cookie".into(),
        })
        .await
        .unwrap();
    let actor = store.actor(account).await.unwrap();
    for list in [Worklist::ToProcess, Worklist::All] {
        let page = store
            .worklist(
                &actor,
                WorklistQuery {
                    list,
                    ..WorklistQuery::default()
                },
            )
            .await
            .unwrap();
        eprintln!("{list:?}: {} dossiers", page.total);
        if let Some(s) = page.items.first() {
            println!("CODE {}", s.code);
            println!("NAME {}", s.applicant_name);
        }
    }
    println!("COOKIE motcua_session={token}");
    let blobs = Arc::new(LocalBlobStore::open(data.join("blobs")).unwrap());
    let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
    let state = AppState::new(
        store.clone(),
        blobs,
        WebConfig {
            public_url: format!("http://{addr}"),
            ..WebConfig::default()
        },
    );
    // Server-side time of every request (handler in, response out), by path: `GET /bench/stats`
    // prints p50/p99/max per path since the last `GET /bench/stats?reset`.
    let times: Times = Arc::default();
    let t = times.clone();
    let app = motcua_web::router(state.clone())
        .merge(motcua_office::router(state))
        .layer(axum::middleware::from_fn(move |req, next| {
            timed(t.clone(), req, next)
        }))
        .route(
            "/bench/stats",
            axum::routing::get(move |q: axum::extract::RawQuery| stats(times.clone(), q.0)),
        );
    println!("LISTENING http://{addr}");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    motcua_web::for_pages::serve_app(listener, app, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .unwrap();
    store.shutdown();
}
