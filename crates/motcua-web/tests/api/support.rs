//! A running motcua on port 0 over a fresh database (SQLite always, PostgreSQL when
//! `MOTCUA_TEST_DATABASE_URL` is set), with a small world built through the `Store`: a province
//! with two communes, officers of each, an administrator, the demo catalog. Tests drive it with
//! a real HTTP client.

#![allow(dead_code)]

use std::sync::Arc;

use jiff::civil::{DateTime, date};
use motcua_calendar::from_local;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::ids::{AgencyCode, UnitId};
use motcua_domain::unit::UnitKind;
use motcua_store::blob::LocalBlobStore;
use motcua_store::store::{ManualClock, NewAccount, NewUnit, Store, StoreConfig};
use motcua_store::testing::TestDb;
use motcua_web::{AppState, WebConfig};
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "mật khẩu thử nghiệm";

/// Runs `body` against a fresh app on each backend.
#[macro_export]
macro_rules! story {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                $crate::support::run(motcua_store::testing::TestDb::sqlite(), |$app| async move $body);
            }

            #[test]
            fn postgres() {
                let Some(db) = motcua_store::testing::TestDb::postgres_from_env() else {
                    eprintln!("{} not set: PostgreSQL half skipped", motcua_store::testing::PG_ENV);
                    return;
                };
                $crate::support::run(db, |$app| async move $body);
            }
        }
    };
}

pub struct App {
    pub base: String,
    pub client: Client,
    pub store: Store,
    pub clock: ManualClock,
    pub province: UnitId,
    pub commune_a: UnitId,
    pub commune_b: UnitId,
    /// Bearer tokens of the officers and the admin.
    pub desk_a: String,
    pub specialist_a: String,
    pub leader_a: String,
    pub desk_b: String,
    pub admin: String,
    _blobs: tempfile::TempDir,
}

pub fn run<F, Fut>(db: TestDb, body: F)
where
    F: FnOnce(App) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    run_with(db, WebConfig::default(), body)
}

/// `run` with a given web configuration (officers are signed in only outside production).
pub fn run_with<F, Fut>(db: TestDb, config: WebConfig, body: F)
where
    F: FnOnce(App) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dbref = &db;
    rt.block_on(async move {
        let (app, stop, server) = App::start(dbref, config).await;
        let store = app.store.clone();
        body(app).await;
        let _ = stop.send(());
        let _ = server.await;
        store.shutdown();
    });
    drop(db);
}

fn setup_actor() -> Actor {
    Actor {
        account: None,
        name: "setup".into(),
        grants: vec![Grant {
            role: Role::Admin,
            unit: None,
        }],
    }
}

impl App {
    pub async fn start(
        db: &TestDb,
        config: WebConfig,
    ) -> (
        App,
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ) {
        // Monday 2026-03-02 09:00, far from holidays.
        let clock = ManualClock::new(from_local(DateTime::new(2026, 3, 2, 9, 0, 0, 0).unwrap()));
        let mut sc = StoreConfig::new("");
        sc.clock = Arc::new(clock.clone());
        let store = Store::open_database(db.db.clone(), sc).await.unwrap();
        let root = setup_actor();
        let unit = |code: &str, name: &str, kind, parent| NewUnit {
            code: AgencyCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent,
            valid_from: date(2025, 7, 1),
        };
        let province = store
            .create_unit(
                &root,
                unit("H99", "Tỉnh Thử Nghiệm", UnitKind::Province, None),
            )
            .await
            .unwrap();
        let commune_a = store
            .create_unit(
                &root,
                unit("H99.01", "Xã An Bình", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        let commune_b = store
            .create_unit(
                &root,
                unit("H99.02", "Xã Bình Minh", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        store
            .import_catalog(&root, motcua_domain::catalog::demo_catalog())
            .await
            .unwrap();
        let hash = motcua_web::hash_password(PASSWORD);
        for (user, role, unit) in [
            ("desk.a", Role::DeskOfficer, Some(commune_a)),
            ("specialist.a", Role::Specialist, Some(commune_a)),
            ("leader.a", Role::Leader, Some(commune_a)),
            ("desk.b", Role::DeskOfficer, Some(commune_b)),
            ("admin", Role::Admin, None),
        ] {
            store
                .create_account(
                    None,
                    NewAccount {
                        display_name: format!("Cán bộ {user}"),
                        phone: None,
                        email: None,
                        username: Some(user.into()),
                        password_hash: hash.clone(),
                        citizen_id: None,
                        grants: vec![Grant { role, unit }],
                    },
                )
                .await
                .unwrap();
        }
        let blobs_dir = tempfile::tempdir().unwrap();
        let blobs = Arc::new(LocalBlobStore::open(blobs_dir.path()).unwrap());
        let production = config.production;
        let state = AppState::new(store.clone(), blobs, config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            motcua_web::serve(listener, state, async move {
                let _ = stop_rx.await;
            })
            .await
            .unwrap();
        });
        let mut app = App {
            base: format!("http://{addr}"),
            client: Client::new(),
            store,
            clock,
            province,
            commune_a,
            commune_b,
            desk_a: String::new(),
            specialist_a: String::new(),
            leader_a: String::new(),
            desk_b: String::new(),
            admin: String::new(),
            _blobs: blobs_dir,
        };
        if production {
            return (app, stop_tx, server);
        }
        app.desk_a = app.login("desk.a", PASSWORD).await;
        app.specialist_a = app.login("specialist.a", PASSWORD).await;
        app.leader_a = app.login("leader.a", PASSWORD).await;
        app.desk_b = app.login("desk.b", PASSWORD).await;
        app.admin = app.login("admin", PASSWORD).await;
        (app, stop_tx, server)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn req(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let r = self.client.request(method, self.url(path));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.req(Method::GET, path, token).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str, token: Option<&str>) -> Value {
        let r = self.get(path, token).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.json().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.req(Method::POST, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns the bearer token.
    pub async fn login(&self, login: &str, password: &str) -> String {
        let r = self
            .post_json(
                "/api/v1/auth/token",
                None,
                &json!({"login": login, "password": password}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "sign-in of {login}");
        let v: Value = r.json().await.unwrap();
        v["token"].as_str().unwrap().to_string()
    }

    /// Signs up a citizen and returns a token.
    pub async fn citizen(&self, name: &str, phone: &str) -> String {
        let r = self
            .post_json(
                "/api/v1/auth/signup",
                None,
                &json!({"full_name": name, "phone": phone, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "sign-up of {name}");
        self.login(phone, PASSWORD).await
    }

    /// How many dossiers exist (by status counts).
    pub async fn dossier_count(&self) -> u64 {
        self.store
            .status_counts()
            .await
            .unwrap()
            .iter()
            .map(|(_, n)| n)
            .sum()
    }
}

/// Asserts a problem document: status, content type, both messages, the code.
pub async fn problem(r: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status(), status, "status");
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert_eq!(ct, "application/problem+json");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], code, "{v:#}");
    assert_eq!(v["status"], status.as_u16());
    assert!(v["type"].as_str().unwrap().ends_with(code));
    assert!(!v["message_vi"].as_str().unwrap().is_empty(), "{v:#}");
    assert!(!v["message_en"].as_str().unwrap().is_empty(), "{v:#}");
    assert_ne!(v["message_vi"], v["message_en"], "{v:#}");
    assert!(!v["detail"].as_str().unwrap().is_empty());
    v
}

/// A minimal valid PDF.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec()
}

/// The 8-byte PNG signature and a header chunk (enough for sniffing).
pub fn png() -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    v.extend_from_slice(&[
        0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
    ]);
    v.extend_from_slice(&[0x90, 0x77, 0x53, 0xDE]);
    v
}

/// A plausible value for a form field of this type.
pub fn field_value(field: &Value) -> String {
    match field["type"].as_str().unwrap_or("text") {
        "date" => "2026-02-20".into(),
        "number" => "1".into(),
        "select" => field["options"][0].as_str().unwrap().into(),
        "citizen_id" => "001090012345".into(),
        "phone" => "0912345678".into(),
        "email" => "an@example.vn".into(),
        _ => "Nguyễn Văn An".into(),
    }
}

/// The multipart form of a complete online submission of `code` to commune A, with a PDF for
/// every required component.
pub async fn full_form(app: &App, code: &str) -> reqwest::multipart::Form {
    custom_form(app, code, |key| (pdf(), format!("{key}.pdf"))).await
}

/// A complete submission whose required components get the files `file(key)` makes.
pub async fn custom_form(
    app: &App,
    code: &str,
    file: impl Fn(&str) -> (Vec<u8>, String),
) -> reqwest::multipart::Form {
    let p = app
        .get_json(&format!("/api/v1/procedures/{code}"), None)
        .await;
    let mut form = reqwest::multipart::Form::new()
        .text("procedure", code.to_string())
        .text("unit", "H99.01")
        .text("applicant.phone", "0987654321");
    for f in p["form_fields"].as_array().unwrap() {
        if f["required"] == true {
            form = form.text(
                format!("form.{}", f["key"].as_str().unwrap()),
                field_value(f),
            );
        }
    }
    for c in p["components"].as_array().unwrap() {
        if c["required"] == true {
            let key = c["key"].as_str().unwrap();
            let (bytes, name) = file(key);
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(name)
                .mime_str("application/pdf")
                .unwrap();
            form = form.part(format!("file.{key}"), part);
        }
    }
    form
}

/// The required component keys and form fields of a procedure.
pub async fn required(app: &App, code: &str) -> (Vec<String>, Vec<(String, String)>) {
    let p = app
        .get_json(&format!("/api/v1/procedures/{code}"), None)
        .await;
    let comps = p["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["required"] == true)
        .map(|c| c["key"].as_str().unwrap().to_string())
        .collect();
    let fields = p["form_fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["required"] == true)
        .map(|f| (f["key"].as_str().unwrap().to_string(), field_value(f)))
        .collect();
    (comps, fields)
}

pub async fn submit(app: &App, token: &str, form: reqwest::multipart::Form) -> Response {
    app.req(Method::POST, "/api/v1/dossiers", Some(token))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Submits a complete dossier for 1.001193 and returns its JSON.
pub async fn submitted(app: &App, token: &str) -> Value {
    let r = submit(app, token, full_form(app, "1.001193").await).await;
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v:#}");
    v
}

pub async fn act(app: &App, token: &str, code: &str, body: Value) -> Response {
    app.post_json(
        &format!("/api/v1/dossiers/{code}/actions"),
        Some(token),
        &body,
    )
    .await
}
