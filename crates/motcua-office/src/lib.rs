//! The officer workspace (issue #5; docs/OFFICE.md): sign-in with a second factor, desk
//! reception of paper dossiers with scans or phone photos, worklists, processing, approval with
//! a signed electronic result, returns, the official forms (Mẫu 01–07) and the logbook read
//! from the event log, administration — and the public `/verify/<code>` page.
//!
//! Pages are server-rendered with the shared UI kit (motcua-ui) and work without JavaScript;
//! handlers are thin: they parse, call the `Store` (which checks every unit scope and answers
//! `NotFound` outside it) and the services here, and render.

mod auth;
mod error;
mod pages;
pub mod services;
mod state;

pub use error::{OfficeError, OfficeResult};
pub use services::signing::{KeyFile, SigningConfig};
pub use state::{FormsConfig, Office, OfficeConfig};

use motcua_web::AppState;

/// The workspace's routes with the default configuration: no signing keys (a demo CA outside
/// production; signing is refused in production until keys are configured), TT 03/2025 numbers.
pub fn router(state: AppState) -> axum::Router {
    let office = Office::new(state, &OfficeConfig::default())
        .expect("the embedded default configuration is valid");
    pages::routes(office)
}

/// The workspace's routes with the configuration file's `[signing]` and `[forms]`.
pub fn router_with(
    state: AppState,
    config: &OfficeConfig,
) -> Result<axum::Router, motcua_docs::DocError> {
    Ok(pages::routes(Office::new(state, config)?))
}
