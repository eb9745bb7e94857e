//! The portal and the API on port 0 over a fresh database (SQLite always, PostgreSQL when
//! `MOTCUA_TEST_DATABASE_URL` is set), with a small world made through the `Store`: a province,
//! two communes, the officers of commune A, the demo catalog, and a clock on Monday 2026-03-02
//! 09:00. A `Browser` keeps cookies and never follows redirects, so tests see every 303.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::{DateTime, date};
use motcua_calendar::from_local;
use motcua_domain::dossier::{
    Actor, Command, DocSource, DocumentRef, Grant, Outcome, ReturnMethod, Role,
};
use motcua_domain::ids::{AgencyCode, UnitId};
use motcua_domain::unit::UnitKind;
use motcua_store::blob::{BlobStore, LocalBlobStore};
use motcua_store::store::{ManualClock, NewAccount, NewUnit, Store, StoreConfig};
use motcua_store::testing::TestDb;
use motcua_web::{AppState, WebConfig};
use reqwest::{Client, StatusCode};

/// Runs `body` on a fresh app on each backend.
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

pub const BIRTH: &str = "1.001193";

pub struct App {
    pub base: String,
    pub store: Store,
    pub blobs: Arc<LocalBlobStore>,
    pub clock: ManualClock,
    pub commune_a: UnitId,
    pub desk: Actor,
    pub specialist: Actor,
    pub leader: Actor,
    _dir: tempfile::TempDir,
}

pub fn run<F, Fut>(db: TestDb, body: F)
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
        let (app, stop, server) = App::start(dbref).await;
        let store = app.store.clone();
        body(app).await;
        let _ = stop.send(());
        let _ = server.await;
        store.shutdown();
    });
    drop(db);
}

impl App {
    async fn start(
        db: &TestDb,
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
        let commune_a = store
            .create_unit(
                &root,
                unit("H99.01", "Xã An Bình", UnitKind::Commune, Some(province)),
            )
            .await
            .unwrap();
        store
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
        let mut officers = Vec::new();
        for (user, role) in [
            ("desk.a", Role::DeskOfficer),
            ("specialist.a", Role::Specialist),
            ("leader.a", Role::Leader),
        ] {
            let id = store
                .create_account(
                    None,
                    NewAccount {
                        display_name: format!("Cán bộ {user}"),
                        phone: None,
                        email: None,
                        username: Some(user.into()),
                        password_hash: "x".into(),
                        citizen_id: None,
                        grants: vec![Grant {
                            role,
                            unit: Some(commune_a),
                        }],
                    },
                )
                .await
                .unwrap();
            officers.push(store.actor(id).await.unwrap());
        }
        let dir = tempfile::tempdir().unwrap();
        let blobs = Arc::new(LocalBlobStore::open(dir.path()).unwrap());
        let config = WebConfig {
            max_upload_bytes: 200 * 1024,
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), blobs.clone(), config);
        let app = motcua_web::router(state.clone()).merge(motcua_portal::router(state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            motcua_web::for_pages::serve_app(listener, app, async move {
                let _ = stop_rx.await;
            })
            .await
            .unwrap();
        });
        let leader = officers.pop().unwrap();
        let specialist = officers.pop().unwrap();
        let desk = officers.pop().unwrap();
        (
            App {
                base: format!("http://{addr}"),
                store,
                blobs,
                clock,
                commune_a,
                desk,
                specialist,
                leader,
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

    pub async fn dossier_count(&self) -> u64 {
        self.store
            .status_counts()
            .await
            .unwrap()
            .iter()
            .map(|(_, n)| n)
            .sum()
    }

    /// Officers act through the store (the API has its own tests).
    pub async fn officer(&self, who: &Actor, code: &str, cmds: Vec<Command>) {
        let code = motcua_domain::code::DossierCode::parse(code).unwrap();
        self.store.execute(who, &code, None, cmds).await.unwrap();
    }

    /// Drives a submitted dossier to "result returned electronically".
    pub async fn finish(&self, code: &str) {
        self.officer(
            &self.desk,
            code,
            vec![Command::Accept {
                shown_only: vec![],
                note: None,
            }],
        )
        .await;
        self.officer(&self.specialist, code, vec![Command::Claim])
            .await;
        self.officer(
            &self.specialist,
            code,
            vec![Command::ProposeResult {
                outcome: Outcome::Granted,
                summary: "Đủ điều kiện".into(),
                documents: vec![],
            }],
        )
        .await;
        self.officer(&self.leader, code, vec![Command::Approve { note: None }])
            .await;
        let blob = self
            .blobs
            .put(bytes::Bytes::from(pdf_with("KET QUA")))
            .await
            .unwrap();
        let doc = DocumentRef {
            component: None,
            sha256: blob.sha256,
            size: blob.size,
            media_type: "application/pdf".into(),
            file_name: "giay-khai-sinh.pdf".into(),
            pages: Some(1),
            source: DocSource::Officer,
        };
        self.officer(
            &self.leader,
            code,
            vec![Command::IssueResult {
                documents: vec![doc],
                number: Some("12/GKS".into()),
            }],
        )
        .await;
        self.officer(
            &self.desk,
            code,
            vec![Command::ReturnResult {
                method: ReturnMethod::Electronic,
            }],
        )
        .await;
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
    /// The value of the first hidden input named `name`.
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

    /// A form post that the browser says came from another site.
    pub async fn post_cross_site(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site")
            .body(body)
            .send()
            .await
            .unwrap();
        self.finish(r).await
    }

    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Page {
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

    /// The same session in a second connection (two clicks at once).
    pub fn cookies_from(&mut self, other: &Browser) {
        self.cookies = other.cookies.clone();
    }

    pub fn signed_in(&self) -> bool {
        self.cookies.contains_key("motcua_session")
    }

    /// Signs up a citizen and stays signed in.
    pub async fn sign_up(&mut self, name: &str, cccd: &str, phone: &str) {
        let form = self.get("/dang-ky").await;
        let p = self
            .post(
                "/dang-ky",
                &[
                    ("csrf_token", &form.csrf()),
                    ("full_name", name),
                    ("citizen_id", cccd),
                    ("phone", phone),
                    ("email", ""),
                    ("password", "mật khẩu dài 2026"),
                    ("next", "/ho-so"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert!(self.signed_in());
    }
}

/// A small valid PDF with some text in it.
pub fn pdf_with(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n").into_bytes()
}

pub fn file(bytes: Vec<u8>, name: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes).file_name(name.to_string())
}
