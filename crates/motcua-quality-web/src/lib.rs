//! Service quality on the web (issue #6; docs/QUALITY-WEB.md): feedback and petitions (phản
//! ánh, kiến nghị) for citizens and officers, Open311 GeoReport v2, the satisfaction kiosk, the
//! Decision 766 index (leader's dashboard and public page, with the lists behind every number),
//! where the time goes, officers' quarterly results, and their CSV / XLSX exports.
//!
//! Pages are server-rendered with the shared UI kit (motcua-ui) and work without JavaScript;
//! handlers are thin: they parse, call the `Store` (which checks every unit scope and answers
//! `NotFound` outside it) and render. The rules are the domain's (`motcua_domain::quality`).

mod assets;
mod charts;
mod export;
mod feedback;
mod index;
mod kiosk;
mod labels;
mod open311;
mod page;
mod params;
mod reports;
mod state;
mod who;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use motcua_web::AppState;

pub use state::Quality;

/// Every route of the quality pages and Open311. No fallback is set, so the router merges next
/// to the API, the portal and the officer workspace.
pub fn router(state: AppState) -> Router {
    let q = Quality::new(state);
    // Forms here are text only: a small body limit keeps abuse cheap.
    let limit = DefaultBodyLimit::max(256 * 1024);
    let pages = Router::new()
        // Citizens and the public.
        .route("/phan-anh", get(feedback::public::list))
        .route(
            "/phan-anh/gui",
            get(feedback::submit::form).post(feedback::submit::send),
        )
        .route("/phan-anh/cua-toi", get(feedback::mine::list))
        .route("/phan-anh/theo-doi/{code}", get(feedback::mine::follow))
        .route(
            "/phan-anh/theo-doi/{code}/bo-sung",
            post(feedback::mine::answer),
        )
        .route("/phan-anh/{code}", get(feedback::public::item))
        .route("/phan-anh/{code}/binh-chon", post(feedback::public::react))
        .route("/chi-so-766", get(index::public))
        .route("/chi-so-766/export", get(index::public_export))
        .route("/kiosk", get(kiosk::start).post(kiosk::code))
        .route("/kiosk/danh-gia", post(kiosk::rate))
        .route("/kiosk/cam-on", get(kiosk::thanks))
        // Officers.
        .route("/office/feedback", get(feedback::office::home))
        .route("/office/feedback/lists/{list}", get(feedback::office::list))
        .route("/office/feedback/{code}", get(feedback::handle::page))
        .route("/office/feedback/{code}/act", post(feedback::handle::act))
        .route("/office/quality", get(index::dashboard))
        .route("/office/quality/export", get(index::dashboard_export))
        .route("/office/quality/list", get(index::list_page))
        .route("/office/quality/list/export", get(index::list_export))
        .route("/office/quality/bottleneck", get(reports::bottleneck::page))
        .route(
            "/office/quality/bottleneck/export",
            get(reports::bottleneck::export),
        )
        .route("/office/quality/officers", get(reports::officers::page))
        .route(
            "/office/quality/officers/export",
            get(reports::officers::export),
        )
        .route(
            "/office/open311-keys",
            get(open311::keys::page).post(open311::keys::act),
        )
        .route("/quality/assets/{file}", get(assets::file))
        .layer(limit)
        .with_state(q.clone());
    // Open311 is an API for other programs: no cookies, no CSRF, its own error documents.
    let open311 = Router::new()
        .route("/open311/discovery.xml", get(open311::discovery_xml))
        .route("/open311/discovery.json", get(open311::discovery_json))
        .route(
            "/open311/v2/{file}",
            get(open311::top).post(open311::create),
        )
        .route("/open311/v2/services/{file}", get(open311::definition_of))
        .route("/open311/v2/requests/{file}", get(open311::one))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(q);
    // gzip when asked: the dashboard's tables compress to a fraction on a weak connection.
    motcua_ui::layers(pages)
        .merge(open311)
        .layer(tower_http::compression::CompressionLayer::new())
}
