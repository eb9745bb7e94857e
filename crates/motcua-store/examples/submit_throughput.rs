//! Durable submissions per second through the store facade (no HTTP): many concurrent tasks
//! call `Store::submit`, each answered only after its batch is committed (synchronous=FULL).
//!
//! `cargo run --release -p motcua-store --example submit_throughput -- [N] [CONCURRENCY] [postgres://…]`

use std::sync::Arc;
use std::time::Instant;

use motcua_domain::dossier::{Actor, Applicant, Delivery, DocSource, DocumentRef, Grant, Role};
use motcua_domain::ids::{AgencyCode, ProcedureCode};
use motcua_domain::procedure::Channel;
use motcua_domain::unit::UnitKind;
use motcua_store::store::{NewAccount, NewDossier, NewUnit, Store, StoreConfig};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(50_000);
    let conc: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(256);
    let dir = tempfile::tempdir().unwrap();
    let url = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| dir.path().join("bench.db").display().to_string());
    let store = Store::open(StoreConfig::new(url.clone())).await.unwrap();
    let admin = Actor {
        account: None,
        name: "bench".into(),
        grants: vec![Grant {
            role: Role::Admin,
            unit: None,
        }],
    };
    let unit = store
        .create_unit(
            &admin,
            NewUnit {
                code: AgencyCode::parse("H98.01").unwrap(),
                name: "Xã Bench".into(),
                kind: UnitKind::Commune,
                parent: None,
                valid_from: jiff::civil::date(2025, 7, 1),
            },
        )
        .await
        .unwrap();
    store
        .import_catalog(&admin, motcua_domain::catalog::demo_catalog())
        .await
        .unwrap();
    let citizen = store
        .create_account(
            None,
            NewAccount {
                display_name: "Nguyễn Văn Bench".into(),
                phone: Some("0911111111".into()),
                email: None,
                username: None,
                password_hash: "!".into(),
                citizen_id: None,
                grants: vec![Grant {
                    role: Role::Citizen,
                    unit: None,
                }],
            },
        )
        .await
        .unwrap();
    let actor = store.actor(citizen).await.unwrap();
    // 1.004873 (marital status certificate): one required component, a "purpose" field maybe.
    let code = ProcedureCode::parse("1.004873").unwrap();
    let p = store.procedure(&code).unwrap().version;
    let documents: Vec<DocumentRef> = p
        .components
        .iter()
        .filter(|c| c.required)
        .map(|c| DocumentRef {
            component: Some(c.key.clone()),
            sha256: "ab".repeat(32),
            size: 100_000,
            media_type: "application/pdf".into(),
            file_name: "a.pdf".into(),
            pages: Some(1),
            source: DocSource::Upload,
        })
        .collect();
    let form = p
        .form_fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let v = match &f.kind {
                motcua_domain::procedure::FieldKind::Select { options } => options[0].clone(),
                motcua_domain::procedure::FieldKind::Date => "2026-01-02".into(),
                motcua_domain::procedure::FieldKind::CitizenId => "001090012345".into(),
                _ => "Kết hôn".to_string(),
            };
            (f.key.clone(), v)
        })
        .collect();
    let template = NewDossier {
        procedure: code,
        unit,
        channel: Channel::Online,
        applicant: Applicant {
            full_name: "Nguyễn Văn Bench".into(),
            phone: Some("0911111111".into()),
            ..Default::default()
        },
        owner: None,
        on_behalf: None,
        delivery: Delivery::Electronic,
        form,
        documents,
    };
    let per_task = n / conc;
    let started = Instant::now();
    let lat = Arc::new(std::sync::Mutex::new(Vec::with_capacity(n)));
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let (store, actor, t, lat) = (store.clone(), actor.clone(), template.clone(), lat.clone());
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                let s = Instant::now();
                store.submit(&actor, t.clone(), vec![], None).await.unwrap();
                mine.push(s.elapsed().as_secs_f64() * 1000.0);
            }
            lat.lock().unwrap().extend(mine);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let mut l = lat.lock().unwrap().clone();
    l.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let q = |p: f64| l[((l.len() as f64 * p) as usize).min(l.len() - 1)];
    let stats = store.writer_stats();
    println!(
        "{} durable submissions in {:.2}s = {:.0}/s; latency ms p50 {:.1} p99 {:.1}; batches {} (mean {:.0} jobs)",
        l.len(),
        secs,
        l.len() as f64 / secs,
        q(0.5),
        q(0.99),
        stats.batches,
        stats.jobs as f64 / stats.batches.max(1) as f64
    );
    store.shutdown();
}
