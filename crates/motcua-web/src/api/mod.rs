//! The JSON API under `/api/v1`. Every route is declared with its OpenAPI description
//! (`utoipa-axum`), so the served description cannot miss an endpoint.

mod admin;
mod calendar;
mod catalog;
mod dossiers;
mod submit;
mod submit_input;
pub mod upload;
mod worklists;

use motcua_domain::ids::ProcedureCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::routes as auth;
use crate::state::AppState;

pub(crate) fn catalog_code(text: &str) -> Option<ProcedureCode> {
    ProcedureCode::parse(text.trim()).ok()
}

/// Every API route with its description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crate::ops::healthz))
        .routes(routes!(crate::ops::metrics))
        .routes(routes!(crate::ops::ping))
        .routes(routes!(auth::signup))
        .routes(routes!(auth::token, auth::revoke))
        .routes(routes!(auth::me))
        .routes(routes!(catalog::list))
        .routes(routes!(catalog::detail))
        .routes(routes!(catalog::units))
        .routes(routes!(submit::submit))
        .routes(routes!(dossiers::detail))
        .routes(routes!(dossiers::events))
        .routes(routes!(dossiers::file))
        .routes(routes!(dossiers::action))
        .routes(routes!(submit::supplement))
        .routes(routes!(submit::attach))
        .routes(routes!(dossiers::my_dossiers))
        .routes(routes!(dossiers::my_documents))
        .routes(routes!(dossiers::lookup))
        .routes(routes!(worklists::counts))
        .routes(routes!(worklists::list))
        .routes(routes!(worklists::apologies))
        .routes(routes!(calendar::days_off))
        .routes(routes!(calendar::due))
        .routes(routes!(calendar::lunar))
        .routes(routes!(admin::calendar_year))
        .routes(routes!(admin::catalog_import))
}
