//! The one stylesheet of the pages, hand-written (no framework, system fonts: no web font
//! download, which keeps a page well under 60 KB on a weak connection). Served under a URL that
//! carries its content hash, so browsers cache it for a year and a new version is fetched at
//! once.

use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

/// The stylesheet.
pub const CSS: &str = include_str!("../assets/app.css");

static CSS_HREF: LazyLock<String> = LazyLock::new(|| {
    let h = hex::encode(Sha256::digest(CSS.as_bytes()));
    format!("/assets/app.css?v={}", &h[..12])
});

/// The stylesheet's URL with its version.
pub fn css_href() -> &'static str {
    &CSS_HREF
}

async fn css() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        CSS,
    )
        .into_response()
}

/// `GET /assets/app.css`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/app.css", get(css))
}
