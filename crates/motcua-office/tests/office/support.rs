//! The workspace (with the API and nothing else) on port 0 over a fresh database — SQLite
//! always, PostgreSQL when `MOTCUA_TEST_DATABASE_URL` is set — and a small world made through
//! the `Store`: a province with two communes and a department, the demo catalog, officers with
//! real passwords, a clock on Monday 2026-03-02 09:00. A `Browser` keeps cookies and never
//! follows redirects, so tests see every 303.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::{DateTime, date};
use motcua_calendar::from_local;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::ids::{AccountId, AgencyCode, UnitId};
use motcua_domain::unit::UnitKind;
use motcua_store::blob::LocalBlobStore;
use motcua_store::store::{ManualClock, NewAccount, NewUnit, Store, StoreConfig};
use motcua_store::testing::TestDb;
use motcua_web::{AppState, WebConfig};
use reqwest::{Client, StatusCode};

/// Runs `body` on a fresh app on each backend.
#[macro_export]
macro_rules! story {
    ($name:ident, |$app:ident| $body:block) => {
        $crate::story!($name, false, |$app| $body);
    };
    ($name:ident, $production:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                $crate::support::run(motcua_store::testing::TestDb::sqlite(), $production, |$app| async move $body);
            }

            #[test]
            fn postgres() {
                let Some(db) = motcua_store::testing::TestDb::postgres_from_env() else {
                    eprintln!("{} not set: PostgreSQL half skipped", motcua_store::testing::PG_ENV);
                    return;
                };
                $crate::support::run(db, $production, |$app| async move $body);
            }
        }
    };
}

/// Đăng ký khai sinh (demo catalog), accepted at the desk.
pub const BIRTH: &str = "1.001193";
pub const PASSWORD: &str = "mat-khau-thu-nghiem-2026";
pub const PNG: &[u8] = include_bytes!("../../../motcua-docs/tests/fixtures/page.png");
pub const JPEG: &[u8] = include_bytes!("../../../motcua-docs/tests/fixtures/page.jpg");

pub struct App {
    pub base: String,
    pub store: Store,
    pub clock: ManualClock,
    pub commune_a: UnitId,
    pub commune_b: UnitId,
    pub department: UnitId,
    pub accounts: BTreeMap<&'static str, AccountId>,
    _dir: tempfile::TempDir,
}

pub fn run<F, Fut>(db: TestDb, production: bool, body: F)
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
        let (app, stop, server) = App::start(dbref, production).await;
        let store = app.store.clone();
        body(app).await;
        let _ = stop.send(());
        let _ = server.await;
        store.shutdown();
    });
    drop(db);
}

/// (user name, role, unit index: 0 = commune A, 1 = commune B, 2 = department, none = admin)
const OFFICERS: &[(&str, Role, Option<usize>)] = &[
    ("desk.a", Role::DeskOfficer, Some(0)),
    ("specialist.a", Role::Specialist, Some(0)),
    ("leader.a", Role::Leader, Some(0)),
    ("desk.b", Role::DeskOfficer, Some(1)),
    ("specialist.b", Role::Specialist, Some(1)),
    ("leader.b", Role::Leader, Some(1)),
    ("specialist.stp", Role::Specialist, Some(2)),
    ("admin", Role::Admin, None),
];

impl App {
    async fn start(
        db: &TestDb,
        production: bool,
    ) -> (
        App,
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ) {
        let clock = ManualClock::new(from_local(DateTime::new(2026, 3, 2, 9, 0, 0, 0).unwrap()));
        let mut sc = StoreConfig::new("");
        sc.clock = Arc::new(clock.clone());
        let store = Store::open_database(db.db.clone(), sc).await.unwrap();
        let root = Actor {
            account: None,
            name: "setup".into(),
            grants: vec![Grant {
                role: Role::Admin,
                unit: None,
            }],
        };
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
        let a = store
            .create_unit(
                &root,
                unit("H99.01", "Xã An Bình", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        let b = store
            .create_unit(
                &root,
                unit("H99.02", "Xã Bình Minh", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        let dept = store
            .create_unit(
                &root,
                unit(
                    "H99.10",
                    "Sở Tư pháp tỉnh Thử Nghiệm",
                    UnitKind::Department,
                    Some(province),
                ),
            )
            .await
            .unwrap();
        store
            .import_catalog(&root, motcua_domain::catalog::demo_catalog())
            .await
            .unwrap();
        let hash = motcua_web::hash_password(PASSWORD);
        let units = [a, b, dept];
        let mut accounts = BTreeMap::new();
        for (user, role, u) in OFFICERS {
            let id = store
                .create_account(
                    None,
                    NewAccount {
                        display_name: format!("Cán bộ {user}"),
                        phone: None,
                        email: None,
                        username: Some((*user).into()),
                        password_hash: hash.clone(),
                        citizen_id: None,
                        grants: vec![Grant {
                            role: *role,
                            unit: u.map(|i| units[i]),
                        }],
                    },
                )
                .await
                .unwrap();
            accounts.insert(*user, id);
        }
        let citizen = store
            .create_account(
                None,
                NewAccount {
                    display_name: "Nguyễn Thị Minh Khai".into(),
                    phone: Some("0912345678".into()),
                    email: None,
                    username: None,
                    password_hash: hash.clone(),
                    citizen_id: Some("001190012345".into()),
                    grants: vec![Grant {
                        role: Role::Citizen,
                        unit: None,
                    }],
                },
            )
            .await
            .unwrap();
        accounts.insert("citizen", citizen);
        let dir = tempfile::tempdir().unwrap();
        let blobs = Arc::new(LocalBlobStore::open(dir.path()).unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = WebConfig {
            production,
            public_url: format!("http://{addr}"),
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), blobs, config);
        let app = motcua_web::router(state.clone()).merge(motcua_office::router(state));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            motcua_web::for_pages::serve_app(listener, app, async move {
                let _ = stop_rx.await;
            })
            .await
            .unwrap();
        });
        (
            App {
                base: format!("http://{addr}"),
                store,
                clock,
                commune_a: a,
                commune_b: b,
                department: dept,
                accounts,
                _dir: dir,
            },
            stop_tx,
            server,
        )
    }

    pub fn browser(&self) -> Browser {
        Browser {
            base: self.base.clone(),
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    /// A browser signed in as `user` (password only; demo mode needs no second factor).
    pub async fn signed_in(&self, user: &str) -> Browser {
        let mut b = self.browser();
        let p = b.sign_in(user, PASSWORD).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        b
    }

    pub async fn actor(&self, user: &str) -> Actor {
        self.store.actor(self.accounts[user]).await.unwrap()
    }
}

/// A browser: cookies kept, redirects not followed.
pub struct Browser {
    pub base: String,
    client: Client,
    cookies: BTreeMap<String, String>,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub bytes: Vec<u8>,
    pub content_type: String,
}

impl Page {
    /// The value of the first input named `name`.
    pub fn input(&self, name: &str) -> Option<String> {
        let needle = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&needle)? + needle.len();
        let end = self.body[at..].find('"')?;
        Some(self.body[at..at + end].to_string())
    }
    pub fn csrf(&self) -> String {
        self.input("csrf_token").expect("a csrf token on the page")
    }
    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
    /// Text between `start` and the next `end` (e.g. the secret key's span).
    pub fn between(&self, start: &str, end: &str) -> Option<String> {
        let at = self.body.find(start)? + start.len();
        let stop = self.body[at..].find(end)?;
        Some(self.body[at..at + stop].to_string())
    }
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, r: reqwest::Response) -> Page {
        for v in r.headers().get_all("set-cookie") {
            let s = v.to_str().unwrap();
            let pair = s.split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() || s.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        let content_type = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = r.bytes().await.unwrap().to_vec();
        Page {
            status,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
            content_type,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.finish(r).await
    }

    /// A form post as a browser sends it from our own page.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(body)
            .send()
            .await
            .unwrap();
        self.finish(r).await
    }

    /// A multipart post: text fields and files (field name, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (k, name, bytes) in files {
            form = form.part(
                k.to_string(),
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.finish(r).await
    }

    /// Password step; the 303 says where to go next.
    pub async fn sign_in(&mut self, user: &str, password: &str) -> Page {
        let form = self.get("/office/sign-in").await;
        let csrf = form.csrf();
        self.post(
            "/office/sign-in",
            &[
                ("csrf_token", &csrf),
                ("login", user),
                ("password", password),
                ("next", "/office"),
            ],
        )
        .await
    }

    /// The CSRF token of the signed-in session (from any workspace page).
    pub async fn session_csrf(&mut self) -> String {
        self.get("/office/lists/all").await.csrf()
    }
}

/// Runs a poppler tool on bytes written to a temporary file; fails with an install hint.
pub fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new(name)
        .args(args)
        .arg(&path)
        .args(if name == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{name} is needed for the PDF checks ({e}): apt-get install -y poppler-utils")
        });
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Text of a PDF as `pdftotext -layout` reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    tool("pdftotext", &["-layout", "-enc", "UTF-8"], pdf)
}

/// Every font embedded (pdffonts: the "emb" column says yes).
pub fn assert_fonts_embedded(pdf: &[u8]) {
    let out = tool("pdffonts", &[], pdf);
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{out}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        let n = cols.len();
        assert!(
            n >= 5 && cols[n - 5] == "yes",
            "font not embedded: {r}\n{out}"
        );
    }
}

pub fn birth() -> motcua_domain::ids::ProcedureCode {
    motcua_domain::ids::ProcedureCode::parse(BIRTH).unwrap()
}

pub fn dcode(s: &str) -> motcua_domain::code::DossierCode {
    motcua_domain::code::DossierCode::parse(s).unwrap()
}
