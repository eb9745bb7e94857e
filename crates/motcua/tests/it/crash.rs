//! "An acknowledged dossier is never lost, not by a crash, a kill -9 …" (DESIGN.md).
//!
//! The story: the real `motcua` binary serves a fresh data directory; a citizen signs up and
//! takes an API token; eight clients submit dossiers with a small PDF each as fast as they can;
//! in the middle of that burst the server is killed with SIGKILL. It is started again on the same
//! data, and every submission that had been answered 2xx must be there, its file downloadable
//! and byte-identical, the server must stop cleanly on SIGTERM, and `motcua audit verify` must
//! find the event chain intact.
//!
//! Always on SQLite; also on PostgreSQL when `MOTCUA_TEST_DATABASE_URL` names a server where a
//! database may be created (CI sets it; then an unreachable server fails the test).

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua_domain::catalog::demo_catalog;
use motcua_domain::procedure::{Channel, FieldKind, Level, ProcedureVersion, PublicationStatus};
use serde_json::{Value, json};

use crate::support::{Server, motcua};

const CLIENTS: usize = 8;
/// Kill once this many submissions were acknowledged (the burst goes on until the kill).
const ACKED_BEFORE_KILL: usize = 200;
const COMMUNE: &str = "H99.01";

/// A submission answered 2xx: its dossier code and the bytes of its file.
type Acked = (String, Vec<u8>);

#[test]
fn sigkill_during_a_burst_loses_no_acknowledged_submission_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    crash_story(dir.path(), None);
}

#[test]
fn sigkill_during_a_burst_loses_no_acknowledged_submission_postgres() {
    let Some(admin) = std::env::var("MOTCUA_TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
    else {
        eprintln!("MOTCUA_TEST_DATABASE_URL is not set: the PostgreSQL run is CI's");
        return;
    };
    let db = PgDatabase::create(&admin);
    let dir = tempfile::tempdir().unwrap();
    crash_story(dir.path(), Some(&db.url));
}

fn crash_story(data: &Path, database_url: Option<&str>) {
    let procedure = online_commune_procedure();
    let rt = tokio::runtime::Runtime::new().unwrap();

    // 1. A server with the demo units, catalog and accounts, but no synthetic dossiers.
    let mut server = Server::start(data, database_url, &["--demo", "--demo-dossiers", "0"]);
    let base = server.url.clone();
    let token = rt.block_on(citizen_token(&base));

    // 2. The burst, and SIGKILL in its middle.
    let acked: Arc<Mutex<Vec<Acked>>> = Arc::default();
    let attempts = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (base, token, procedure) = (base.clone(), token.clone(), procedure.clone());
            let (acked, attempts, stop) = (acked.clone(), attempts.clone(), stop.clone());
            rt.spawn(async move {
                let http = reqwest::Client::new();
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    attempts.fetch_add(1, Ordering::Relaxed);
                    let pdf = unique_pdf(c, n);
                    match submit(&http, &base, &token, &procedure, pdf.clone()).await {
                        Ok(Some(code)) => acked.lock().unwrap().push((code, pdf)),
                        Ok(None) => {}
                        // The server is gone: this client's burst is over.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while acked.lock().unwrap().len() < ACKED_BEFORE_KILL {
        assert!(
            Instant::now() < deadline,
            "only {} of {} attempts acknowledged in time; server log:\n{}",
            acked.lock().unwrap().len(),
            attempts.load(Ordering::Relaxed),
            server.log()
        );
        assert!(
            server.running(),
            "the server died by itself:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    rt.block_on(async {
        for c in clients {
            let _ = tokio::time::timeout(Duration::from_secs(30), c).await;
        }
    });
    let acked = std::mem::take(&mut *acked.lock().unwrap());
    let tried = attempts.load(Ordering::Relaxed);
    eprintln!(
        "killed with {} acknowledged of {tried} attempted submissions",
        acked.len()
    );
    assert!(
        tried > acked.len(),
        "the kill should land while requests are in flight"
    );

    // 3. Restart on the same data: everything acknowledged is there, files included.
    let mut server = Server::start(data, database_url, &[]);
    let base = server.url.clone();
    rt.block_on(async {
        let http = reqwest::Client::new();
        for (code, pdf) in &acked {
            let d = get_json(&http, &format!("{base}/api/v1/dossiers/{code}"), &token).await;
            let docs = d["documents"].as_array().expect("documents");
            assert!(!docs.is_empty(), "{code} lost its documents: {d}");
            for doc in docs {
                let url = format!("{base}{}", doc["url"].as_str().expect("document url"));
                let res = http.get(&url).bearer_auth(&token).send().await.unwrap();
                assert_eq!(res.status(), 200, "{url}");
                let bytes = res.bytes().await.unwrap();
                assert_eq!(&bytes[..], &pdf[..], "{code}: the file changed");
            }
        }
    });

    // 4. A clean stop, then the audit chain is intact.
    let status = server.terminate();
    assert!(
        status.success(),
        "graceful stop failed: {status}\n{}",
        server.log()
    );
    let out = motcua(data, database_url)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "audit verify failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A published procedure that a commune receives online (the demo catalog has several).
fn online_commune_procedure() -> ProcedureVersion {
    demo_catalog()
        .into_iter()
        .filter(|p| p.status == PublicationStatus::Published)
        .filter(|p| p.channels.contains(&Channel::Online))
        .filter(|p| p.levels.contains(&Level::Commune))
        .filter(|p| p.processing_time.is_some())
        .filter(|p| p.components.iter().any(|c| c.required))
        .min_by_key(|p| p.components.iter().filter(|c| c.required).count())
        .expect("the demo catalog has an online commune procedure asking for papers")
}

/// Signs up a new citizen through the API and takes a bearer token.
async fn citizen_token(base: &str) -> String {
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{base}/api/v1/auth/signup"))
        .json(&json!({
            "full_name": "Lê Văn Thử",
            "phone": "0987 654 321",
            "password": "mat-khau-thu-nghiem",
            "citizen_id": "079095001234",
        }))
        .send()
        .await
        .unwrap();
    let status = res.status();
    assert!(
        status.is_success(),
        "sign-up: {status} {}",
        res.text().await.unwrap()
    );
    let res = http
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"login": "0987654321", "password": "mat-khau-thu-nghiem"}))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status.is_success(), "token: {status} {body}");
    body["token"].as_str().expect("token").to_string()
}

/// One online submission with `pdf` for every required component. `Ok(Some(code))` on 2xx,
/// `Ok(None)` on a refusal, `Err` when the server cannot be reached.
async fn submit(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    p: &ProcedureVersion,
    pdf: Vec<u8>,
) -> Result<Option<String>, reqwest::Error> {
    let mut form = reqwest::multipart::Form::new()
        .text("procedure", p.code.as_str().to_string())
        .text("unit", COMMUNE)
        .text("channel", "online");
    for f in p.form_fields.iter().filter(|f| f.required) {
        form = form.text(format!("form.{}", f.key), field_value(&f.kind));
    }
    for c in p.components.iter().filter(|c| c.required) {
        let part = reqwest::multipart::Part::bytes(pdf.clone())
            .file_name("giay-to.pdf")
            .mime_str("application/pdf")?;
        form = form.part(format!("file.{}", c.key), part);
    }
    let res = http
        .post(format!("{base}/api/v1/dossiers"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await?;
    let status = res.status();
    let body = res.bytes().await?;
    if status.is_success() {
        let v: Value = serde_json::from_slice(&body).expect("a 2xx carries the dossier");
        return Ok(Some(v["code"].as_str().expect("code").to_string()));
    }
    // A refusal (e.g. the server is stopping) is not an acknowledgement; anything else is a bug.
    assert!(
        status.as_u16() == 503 || status.as_u16() == 429,
        "submission refused: {status} {}",
        String::from_utf8_lossy(&body)
    );
    Ok(None)
}

fn field_value(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Date => "2026-01-15".into(),
        FieldKind::Number => "1".into(),
        FieldKind::Select { options } => options.first().cloned().unwrap_or_default(),
        FieldKind::CitizenId => "079095001234".into(),
        FieldKind::Phone => "0987654321".into(),
        FieldKind::Email => "thu@example.vn".into(),
        _ => "Đề nghị giải quyết (thử nghiệm chịu lỗi)".into(),
    }
}

async fn get_json(http: &reqwest::Client, url: &str, token: &str) -> Value {
    let res = http.get(url).bearer_auth(token).send().await.unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 200, "{url}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// A small valid-looking PDF whose bytes are unique to (client, n).
fn unique_pdf(client: usize, n: u32) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% client {client} submission {n} {:?}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        Instant::now()
    )
    .into_bytes()
}

/// A fresh PostgreSQL database for one run, dropped at the end.
struct PgDatabase {
    admin: postgres::Config,
    name: String,
    url: String,
}

impl PgDatabase {
    fn create(admin_url: &str) -> PgDatabase {
        let admin: postgres::Config = admin_url
            .parse()
            .expect("MOTCUA_TEST_DATABASE_URL is a PostgreSQL URL");
        let name = format!("motcua_crash_{}_{}", std::process::id(), rand_suffix());
        let mut client = admin.connect(postgres::NoTls).unwrap_or_else(|e| {
            panic!("MOTCUA_TEST_DATABASE_URL is set but PostgreSQL is not usable ({e}); failing, not skipping")
        });
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let url = match admin_url.rsplit_once('/') {
            Some((server, tail)) if !server.ends_with('/') => {
                let query = tail.split_once('?').map(|(_, q)| format!("?{q}"));
                format!("{server}/{name}{}", query.unwrap_or_default())
            }
            _ => format!("{}/{name}", admin_url.trim_end_matches('/')),
        };
        PgDatabase { admin, name, url }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = self.admin.connect(postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
}
