//! Administration over the API: load a newly announced holiday year, import the national
//! catalog. Both check the whole input first (all or nothing) and answer every problem with its
//! line and column.

use axum::extract::State;
use bytes::Bytes;
use motcua_calendar::YearSchedule;
use motcua_domain::catalog::import_national_json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Auth;
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::views::Problem;

fn utf8(body: &Bytes) -> ApiResult<&str> {
    std::str::from_utf8(body).map_err(|_| {
        ApiError::bad_request(
            "request.not_utf8",
            "Nội dung gửi lên phải là văn bản UTF-8.",
            "The request body must be UTF-8 text.",
        )
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct YearImported {
    pub year: i16,
    pub title: String,
    pub source: String,
    /// Open dossiers whose due moment was recomputed.
    pub recomputed: u64,
}

/// Load a newly announced year (TOML, the format of `data/calendar/*.toml`) and recompute the
/// due moments of dossiers not yet due.
#[utoipa::path(post, path = "/api/v1/admin/calendar/years", tag = "admin", security(("bearer" = [])),
    request_body(content = String, content_type = "application/toml"),
    responses((status = 200, body = YearImported), (status = 400, body = Problem, description = "The file names its problem with line and column"),
        (status = 403, body = Problem)))]
pub async fn calendar_year(
    State(state): State<AppState>,
    auth: Auth,
    body: Bytes,
) -> ApiResult<Json<YearImported>> {
    auth.require_admin()?;
    let year = YearSchedule::parse("request", utf8(&body)?)?;
    let out = YearImported {
        year: year.year,
        title: year.title.clone(),
        source: year.source.clone(),
        recomputed: 0,
    };
    let recomputed = state
        .store()
        .import_calendar_year(&auth.actor, year)
        .await?;
    Ok(Json(YearImported { recomputed, ..out }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogImported {
    pub created: u32,
    pub new_versions: u32,
    pub unchanged: u32,
}

/// Import procedures in the national JSON format (`data/catalog/procedures.json`). Nothing is
/// imported when any record is wrong; the 422 problem lists every error with line and column.
#[utoipa::path(post, path = "/api/v1/admin/catalog/import", tag = "admin", security(("bearer" = [])),
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = CatalogImported), (status = 403, body = Problem),
        (status = 422, body = Problem, description = "`errors`: one entry per problem with line, column, record and key")))]
pub async fn catalog_import(
    State(state): State<AppState>,
    auth: Auth,
    body: Bytes,
) -> ApiResult<Json<CatalogImported>> {
    auth.require_admin()?;
    let versions = import_national_json(utf8(&body)?)?;
    let s = state.store().import_catalog(&auth.actor, versions).await?;
    Ok(Json(CatalogImported {
        created: s.created,
        new_versions: s.new_versions,
        unchanged: s.unchanged,
    }))
}
