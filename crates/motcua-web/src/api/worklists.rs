//! The officer's worklists (always limited to the units the officer serves, by the store).

use axum::extract::State;
use motcua_domain::ids::{AccountId, UnitId};
use motcua_store::store::{AppError, Worklist, WorklistQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog_code;
use crate::auth::Auth;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;
use crate::time::parse_query_moment;
use crate::views::{Problem, SummaryOut, SummaryPage, parse_status, snake};

#[derive(Debug, Serialize, ToSchema)]
pub struct WorklistCount {
    /// new, to_process, waiting_citizen, to_approve, to_return, due_soon, overdue,
    /// needs_apology, all.
    pub list: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorklistCounts {
    pub items: Vec<WorklistCount>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UnitFilter {
    /// Agency e-ID of one of the caller's units.
    pub unit: Option<String>,
}

async fn unit_filter(state: &AppState, unit: Option<&str>) -> ApiResult<Option<Vec<UnitId>>> {
    match unit.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(code) => match state.store().unit_by_code(code).await {
            Ok(u) => Ok(Some(vec![u.id])),
            Err(AppError::NotFound) => Err(ApiError::bad_request(
                "unit.unknown",
                format!("Không có đơn vị mang mã «{code}»."),
                format!("No unit with the agency code {code:?}."),
            )),
            Err(e) => Err(e.into()),
        },
    }
}

/// How many dossiers each worklist holds for the caller's units.
#[utoipa::path(get, path = "/api/v1/worklists", tag = "officers", security(("bearer" = [])),
    params(UnitFilter),
    responses((status = 200, body = WorklistCounts), (status = 401, body = Problem)))]
pub async fn counts(
    State(state): State<AppState>,
    auth: Auth,
    Query(f): Query<UnitFilter>,
) -> ApiResult<Json<WorklistCounts>> {
    let units = unit_filter(&state, f.unit.as_deref()).await?;
    let counts = state.store().worklist_counts(&auth.actor, units).await?;
    Ok(Json(WorklistCounts {
        items: counts
            .into_iter()
            .map(|(l, n)| WorklistCount {
                list: snake(&l),
                count: n,
            })
            .collect(),
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct WorklistParams {
    /// Agency e-ID of one of the caller's units.
    pub unit: Option<String>,
    /// Procedure code.
    pub procedure: Option<String>,
    /// Status, e.g. in_process.
    pub status: Option<String>,
    /// Account id of the assignee.
    pub assignee: Option<i64>,
    /// Appointment from (RFC 3339 or YYYY-MM-DD).
    pub due_from: Option<String>,
    /// Appointment until (RFC 3339 or YYYY-MM-DD, inclusive).
    pub due_to: Option<String>,
    /// Dossier code (or prefix), applicant name (diacritics ignored) or citizen ID.
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

fn bad(name: &str, value: &str) -> ApiError {
    ApiError::bad_request(
        "request.query_invalid",
        format!("Tham số «{name}» không hợp lệ: «{value}»."),
        format!("Invalid query parameter {name}: {value:?}."),
    )
}

fn parse_list(name: &str) -> ApiResult<Worklist> {
    Worklist::ALL
        .into_iter()
        .find(|l| snake(l) == name)
        .ok_or_else(ApiError::not_found)
}

async fn query(state: &AppState, list: Worklist, p: &WorklistParams) -> ApiResult<WorklistQuery> {
    let moment = |name: &str, v: &Option<String>, end: bool| -> ApiResult<_> {
        match v.as_deref().filter(|s| !s.trim().is_empty()) {
            None => Ok(None),
            Some(t) => parse_query_moment(t, end)
                .map(Some)
                .ok_or_else(|| bad(name, t)),
        }
    };
    Ok(WorklistQuery {
        list,
        units: unit_filter(state, p.unit.as_deref()).await?,
        procedure: match p.procedure.as_deref().filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(c) => Some(catalog_code(c).ok_or_else(|| bad("procedure", c))?),
        },
        status: match p.status.as_deref().filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(s) => Some(parse_status(s).ok_or_else(|| bad("status", s))?),
        },
        assignee: p.assignee.map(AccountId),
        due_from: moment("due_from", &p.due_from, false)?,
        due_to: moment("due_to", &p.due_to, true)?,
        q: p.q.clone(),
        page: p.page.unwrap_or(1).max(1),
        per_page: p.per_page.unwrap_or(50).clamp(1, 500),
    })
}

/// One worklist, filtered and paged.
#[utoipa::path(get, path = "/api/v1/worklists/{list}", tag = "officers", security(("bearer" = [])),
    params(("list" = String, Path, description = "new, to_process, waiting_citizen, to_approve, to_return, due_soon, overdue, needs_apology, all"),
        WorklistParams),
    responses((status = 200, body = SummaryPage), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(list): Path<String>,
    Query(p): Query<WorklistParams>,
) -> ApiResult<Json<SummaryPage>> {
    let q = query(&state, parse_list(&list)?, &p).await?;
    page(&state, &auth, q).await
}

async fn page(state: &AppState, auth: &Auth, q: WorklistQuery) -> ApiResult<Json<SummaryPage>> {
    let page = state.store().worklist(&auth.actor, q).await?;
    Ok(Json(SummaryPage {
        items: page.items.iter().map(SummaryOut::from).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// Dossiers of a unit that need an apology letter and a new date (R-LC-5).
#[utoipa::path(get, path = "/api/v1/units/{code}/apologies", tag = "officers", security(("bearer" = [])),
    params(("code" = String, Path, description = "Agency e-ID of the unit")),
    responses((status = 200, body = SummaryPage), (status = 404, body = Problem)))]
pub async fn apologies(
    State(state): State<AppState>,
    auth: Auth,
    Path(code): Path<String>,
) -> ApiResult<Json<SummaryPage>> {
    let unit = match state.store().unit_by_code(code.trim()).await {
        Ok(u) => u,
        Err(AppError::NotFound) => return Err(ApiError::not_found()),
        Err(e) => return Err(e.into()),
    };
    let q = WorklistQuery {
        list: Worklist::NeedsApology,
        units: Some(vec![unit.id]),
        per_page: 500,
        ..WorklistQuery::default()
    };
    page(&state, &auth, q).await
}
