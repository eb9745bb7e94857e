//! HTTP for motcua (see docs/ARCHITECTURE.md): the JSON API under `/api/v1` described by
//! OpenAPI, bearer-token sign-in, rate limits, RFC 9457 problem documents, health and metrics.
//! HTML pages will live in [`pages`].
//!
//! Handlers are thin: they parse, call the `Store`, and map errors (`problem::ApiError`, the
//! one error type of this layer). The rules of the law live in the domain crate.

mod api;
mod auth;
mod config;
mod errors;
mod extract;
pub mod for_pages;
mod lang;
mod metrics;
mod openapi;
mod ops;
pub mod pages;
mod problem;
mod state;
mod time;
mod views;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use auth::password::{hash_password, verify_password};
pub use config::WebConfig;
pub use state::AppState;

/// Everything: the API, `/healthz`, `/metrics`, `/openapi.json` (and later the pages).
pub fn router(state: AppState) -> Router {
    let (api, _) = api::routes().split_for_parts();
    let spec = openapi::json();
    let limit = usize::try_from(state.config().max_request_bytes).unwrap_or(usize::MAX);
    Router::new()
        .merge(api)
        .merge(pages::routes())
        .route(
            "/openapi.json",
            get(move || async move {
                ([(header::CONTENT_TYPE, "application/json")], spec).into_response()
            }),
        )
        .fallback(ops::not_found)
        .method_not_allowed_fallback(ops::method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(middleware::from_fn(problem::localize))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then stops accepting and finishes requests in flight. The
/// caller then calls `store.shutdown()` to drain the writer.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// The OpenAPI description as pretty JSON (what `/openapi.json` serves and `docs/openapi.json`
/// holds).
pub fn openapi_json() -> String {
    openapi::json()
}

/// The API's "no such address" problem document (the binary's fallback uses it for programs,
/// and a friendly page for people).
pub fn not_found_problem() -> impl axum::response::IntoResponse {
    problem::ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        "route.not_found",
        "Không có địa chỉ này.",
        "There is no such address.",
    )
}
