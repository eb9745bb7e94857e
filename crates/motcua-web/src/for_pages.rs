//! What the HTML page crates (motcua-portal now, the officer workspace next) need from the web
//! layer, in one place. Added by the portal work (issue #4) without changing the modules above:
//! public read access to the shared state, the session-token helpers, the rate limits, the
//! upload sniffing, and serving a router that merges the pages next to the API.

use std::net::SocketAddr;
use std::sync::Arc;

use motcua_domain::procedure::StoredProcedure;
use motcua_store::blob::BlobStore;
use motcua_store::store::Store;

pub use crate::api::upload::{clean_name, sniff};
pub use crate::auth::limit::{Limiter, Limits};
pub use crate::auth::password::is_default_password;
pub use crate::auth::{SESSION_COOKIE, new_token, token_hash};
use crate::config::WebConfig;
pub use crate::extract::ClientIp;
/// The request-latency middleware of `/metrics`, for the pages' routers (`route_layer`).
pub use crate::metrics::track as track_metrics;
use crate::state::AppState;

impl AppState {
    /// The store facade.
    pub fn page_store(&self) -> &Store {
        self.store()
    }

    /// The blob store (uploads, results).
    pub fn page_blobs(&self) -> &dyn BlobStore {
        self.blobs()
    }

    pub fn page_config(&self) -> &WebConfig {
        self.config()
    }

    /// The rate limits shared with the API (sign-in, sign-up, anonymous lookup).
    pub fn page_limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Searches the catalog in force: the list searched and the positions of the best `limit`
    /// procedures in it, best first (no copy of the procedures).
    pub fn page_search(
        &self,
        query: &str,
        limit: usize,
    ) -> (Arc<Vec<StoredProcedure>>, Vec<usize>) {
        let c = self.catalog();
        let hits = c
            .index
            .search(query, limit)
            .into_iter()
            .filter_map(|h| c.by_code.get(&h.key).copied())
            .collect();
        (c.list.clone(), hits)
    }
}

/// Serves `app` (e.g. `router(state)` merged with the portal's pages) until `shutdown`
/// resolves, with the client address available to the rate limits.
pub async fn serve_app(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
