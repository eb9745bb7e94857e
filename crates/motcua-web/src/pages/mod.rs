//! Server-rendered HTML pages (later work). They will share the API's handlers' logic, the
//! session cookie resolved by `crate::auth` (`SESSION_COOKIE`) and the problem mapping of
//! `crate::problem` (as friendly pages instead of JSON).

use axum::Router;

use crate::state::AppState;

/// The routes of the pages (none yet).
pub fn routes() -> Router<AppState> {
    Router::new()
}
