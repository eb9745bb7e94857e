//! The quality pages (with the API, nothing else) on port 0 over a fresh database — SQLite
//! always, PostgreSQL when `MOTCUA_TEST_DATABASE_URL` is set — and a small world made through
//! the `Store`: a province with two communes and a department, the demo catalog, officers, a
//! citizen, a clock on Monday 2026-03-02 09:00, and (when asked) synthetic dossiers in every
//! state from the demo generator. Sessions are created in the store (the sign-in pages belong
//! to the portal and the workspace); a `Browser` keeps cookies and never follows redirects.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::SignedDuration;
use jiff::civil::{DateTime, date};
use motcua_calendar::from_local;
use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::ids::{AccountId, AgencyCode, UnitId};
use motcua_domain::unit::UnitKind;
use motcua_store::blob::LocalBlobStore;
use motcua_store::store::{ManualClock, NewAccount, NewUnit, Session, Store, StoreConfig};
use motcua_store::testing::TestDb;
use motcua_web::{AppState, WebConfig};
use reqwest::{Client, StatusCode};

/// Runs `body` on a fresh app on each backend.
#[macro_export]
macro_rules! story {
    ($name:ident, |$app:ident| $body:block) => {
        $crate::story!($name, 0, |$app| $body);
    };
    ($name:ident, $dossiers:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                $crate::support::run(motcua_store::testing::TestDb::sqlite(), $dossiers, |$app| async move $body);
            }

            #[test]
            fn postgres() {
                let Some(db) = motcua_store::testing::TestDb::postgres_from_env() else {
                    eprintln!("{} not set: PostgreSQL half skipped", motcua_store::testing::PG_ENV);
                    return;
                };
                $crate::support::run(db, $dossiers, |$app| async move $body);
            }
        }
    };
}

pub struct App {
    pub base: String,
    pub store: Store,
    pub clock: ManualClock,
    pub province: UnitId,
    pub commune_a: UnitId,
    pub commune_b: UnitId,
    pub department: UnitId,
    pub accounts: BTreeMap<&'static str, AccountId>,
    _dir: tempfile::TempDir,
}

pub fn run<F, Fut>(db: TestDb, dossiers: u64, body: F)
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
        let (app, stop, server) = App::start(dbref, dossiers).await;
        let store = app.store.clone();
        body(app).await;
        let _ = stop.send(());
        let _ = server.await;
        store.shutdown();
    });
    drop(db);
}

/// (user name, role, unit index: 0 = commune A, 1 = commune B, 2 = department, 3 = province,
/// none = admin)
const OFFICERS: &[(&str, Role, Option<usize>)] = &[
    ("desk.a", Role::DeskOfficer, Some(0)),
    ("specialist.a", Role::Specialist, Some(0)),
    ("leader.a", Role::Leader, Some(0)),
    ("leader.b", Role::Leader, Some(1)),
    ("leader.p", Role::Leader, Some(3)),
    ("admin", Role::Admin, None),
];

pub fn root() -> Actor {
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
    async fn start(
        db: &TestDb,
        dossiers: u64,
    ) -> (
        App,
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ) {
        let clock = ManualClock::new(from_local(DateTime::new(2026, 3, 2, 9, 0, 0, 0).unwrap()));
        let mut sc = StoreConfig::new("");
        sc.clock = Arc::new(clock.clone());
        let store = Store::open_database(db.db.clone(), sc).await.unwrap();
        let unit = |code: &str, name: &str, kind, parent| NewUnit {
            code: AgencyCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent,
            valid_from: date(2025, 7, 1),
        };
        let r = root();
        let province = store
            .create_unit(&r, unit("H99", "Tỉnh Thử Nghiệm", UnitKind::Province, None))
            .await
            .unwrap();
        let a = store
            .create_unit(
                &r,
                unit("H99.01", "Xã An Bình", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        let b = store
            .create_unit(
                &r,
                unit("H99.02", "Xã Bình Minh", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        let dept = store
            .create_unit(
                &r,
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
            .import_catalog(&r, motcua_domain::catalog::demo_catalog())
            .await
            .unwrap();
        let units = [a, b, dept, province];
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
                        password_hash: "x".into(),
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
                    display_name: "Trần Thị Bích Ngọc".into(),
                    phone: Some("0912345678".into()),
                    email: None,
                    username: None,
                    password_hash: "x".into(),
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
        if dossiers > 0 {
            motcua_store::store::demo::generate(
                &store,
                motcua_store::store::demo::DemoOptions {
                    dossiers,
                    months: 4,
                    citizens: 20,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let blobs = Arc::new(LocalBlobStore::open(dir.path()).unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = WebConfig {
            public_url: format!("http://{addr}"),
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), blobs, config);
        let app = motcua_web::router(state.clone()).merge(motcua_quality_web::router(state));
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
                province,
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

    /// A browser signed in as `user` (a cookie session made in the store, second factor passed).
    pub async fn signed_in(&self, user: &str) -> Browser {
        let (token, hash) = motcua_web::for_pages::new_token();
        let now = self.store.now();
        self.store
            .create_session(Session {
                token_hash: hash,
                account: self.accounts[user],
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24 * 365),
                second_factor: true,
                csrf_token: format!("csrf-{user}-{}", token.len()),
                kind: "cookie".into(),
            })
            .await
            .unwrap();
        let mut b = self.browser();
        b.cookies
            .insert(motcua_web::for_pages::SESSION_COOKIE.into(), token);
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
    pub cookies: BTreeMap<String, String>,
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
    /// Text between `start` and the next `end`.
    pub fn between(&self, start: &str, end: &str) -> Option<String> {
        let at = self.body.find(start)? + start.len();
        let stop = self.body[at..].find(end)?;
        Some(self.body[at..at + stop].to_string())
    }
    /// Every `href="…"` value, with `&amp;` / `&#38;` decoded.
    pub fn links(&self) -> Vec<String> {
        self.body
            .replace("&#38;", "&amp;")
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(|s| s.replace("&amp;", "&"))
            .collect()
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
        self.post_raw(path, "application/x-www-form-urlencoded", body, true)
            .await
    }

    pub async fn post_raw(
        &mut self,
        path: &str,
        ctype: &str,
        body: String,
        same_site: bool,
    ) -> Page {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", ctype);
        if same_site {
            req = req.header("sec-fetch-site", "same-origin");
        }
        let r = req.body(body).send().await.unwrap();
        self.finish(r).await
    }
}

/// The number in a link's text: `<a href="…">12</a>` → 12.
pub fn link_number(body: &str, href: &str) -> Option<u64> {
    let body = &body.replace("&#38;", "&amp;");
    let needle = format!("href=\"{}\">", href.replace('&', "&amp;"));
    let at = body.find(&needle)? + needle.len();
    let end = body[at..].find('<')?;
    body[at..at + end].trim().parse().ok()
}
