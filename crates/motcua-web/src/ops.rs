//! Operations: liveness with the database, Prometheus metrics, a trivial endpoint for
//! benchmarks, the OpenAPI description, and the answers for unknown routes and methods.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::Json;
use crate::problem::ApiError;
use crate::state::AppState;

/// `pong`: the cheapest request (benchmarks compare against it).
#[utoipa::path(get, path = "/api/v1/ping", tag = "operations",
    responses((status = 200, body = String, content_type = "text/plain")))]
pub async fn ping() -> &'static str {
    "pong"
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// "ok".
    pub status: String,
}

/// 200 when the database answers, else 503 with a problem document.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = crate::views::Problem)))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store().health().await {
        Ok(()) => Json(Health {
            status: "ok".into(),
        })
        .into_response(),
        Err(e) => ApiError::unavailable(e).into_response(),
    }
}

/// Prometheus text exposition: `http_request_duration_seconds` by method, route and status
/// class; `motcua_dossiers` by status; the writer's batch sizes and commit latency.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, body = String, content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let body = crate::metrics::render(&state).await;
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "route.not_found",
        "Không có địa chỉ này.",
        "There is no such address.",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "route.method_not_allowed",
        "Địa chỉ này không nhận phương thức HTTP đã dùng.",
        "This address does not accept the HTTP method used.",
    )
}
