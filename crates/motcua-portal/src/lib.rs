//! The citizen portal (issue #4; docs/PORTAL.md): server-rendered pages that work without
//! JavaScript, Vietnamese by default and English on request, phones (360 px) first.
//!
//! `router(state)` is merged by the binary next to the API. Handlers are thin: they parse the
//! form, call the `Store` (the only way to data) and render a template; the rules of the law
//! stay in motcua-domain (validation of personal details, `decide`).

mod account;
mod catalog;
mod ctx;
mod documents;
mod dossiers;
mod draft;
mod fail;
mod finish;
mod lookup;
mod rating;
mod receipt;
mod submit;
mod timeline;
mod upload;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use motcua_web::AppState;

/// The portal's state: the web layer's shared state plus what only the portal keeps in memory.
#[derive(Clone)]
pub struct Portal {
    pub app: AppState,
    pub(crate) mem: Arc<Memory>,
}

/// In-memory, per app node: procedure page views (for "popular procedures") and the QR codes
/// already drawn (a procedure page is read far more often than the catalog changes).
#[derive(Default)]
pub(crate) struct Memory {
    pub views: Mutex<HashMap<String, u64>>,
    pub qr: Mutex<HashMap<String, Arc<str>>>,
}

impl FromRef<Portal> for AppState {
    fn from_ref(p: &Portal) -> AppState {
        p.app.clone()
    }
}

/// Every page of the portal. No fallback is set, so the router merges next to the API's.
pub fn router(state: AppState) -> Router {
    let limit = usize::try_from(state.page_config().max_request_bytes).unwrap_or(usize::MAX);
    let portal = Portal {
        app: state,
        mem: Arc::default(),
    };
    let pages = Router::new()
        .route("/", get(catalog::home))
        .route("/thu-tuc", get(catalog::list))
        .route("/thu-tuc/{code}", get(catalog::procedure))
        .route("/thu-tuc/{code}/in", get(catalog::print))
        .route("/thu-tuc/{code}/qr.svg", get(catalog::qr))
        .route(
            "/dang-nhap",
            get(account::sign_in_form).post(account::sign_in),
        )
        .route(
            "/dang-ky",
            get(account::sign_up_form).post(account::sign_up),
        )
        .route("/dang-xuat", post(account::sign_out))
        .route("/tra-cuu", get(lookup::form).post(lookup::lookup))
        .route("/nop/{code}", get(submit::start))
        .route("/nhap", get(submit::drafts))
        .route("/nhap/{id}", get(submit::resume))
        .route("/nhap/{id}/xoa", post(submit::delete))
        .route(
            "/nhap/{id}/thong-tin",
            get(submit::details_form).post(submit::details),
        )
        .route(
            "/nhap/{id}/giay-to",
            get(submit::documents_form).post(submit::documents),
        )
        .route(
            "/nhap/{id}/nhan-ket-qua",
            get(finish::delivery_form).post(finish::delivery),
        )
        .route(
            "/nhap/{id}/kiem-tra",
            get(finish::check_form).post(finish::submit),
        )
        .route("/ho-so", get(dossiers::list))
        .route("/ho-so/{code}", get(dossiers::detail))
        .route("/ho-so/{code}/bien-nhan", get(receipt::page))
        .route("/ho-so/{code}/bien-nhan.pdf", get(receipt::pdf))
        .route("/ho-so/{code}/tep/{sha}", get(dossiers::file))
        .route("/ho-so/{code}/bo-sung", post(dossiers::supplement))
        .route(
            "/ho-so/{code}/dung",
            get(dossiers::stop_form).post(dossiers::stop),
        )
        .route("/ho-so/{code}/danh-gia", post(dossiers::rate))
        .route("/kho-du-lieu", get(documents::list))
        .route("/kho-du-lieu/{id}", get(documents::file))
        .layer(DefaultBodyLimit::max(limit))
        // Each page's latency in /metrics (http_request_duration_seconds, by route template).
        .route_layer(axum::middleware::from_fn_with_state(
            portal.app.clone(),
            motcua_web::for_pages::track_metrics,
        ))
        .with_state(portal);
    // gzip when the browser asks for it: a page of 10 KB travels as about 3 KB on a weak
    // connection.
    motcua_ui::layers(pages)
        .merge(motcua_ui::assets::router())
        .layer(tower_http::compression::CompressionLayer::new())
}
