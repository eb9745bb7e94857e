//! This crate's stylesheet and the kiosk's small optional script, served under URLs that carry
//! their content hash (cached for a year, a new version fetched at once).

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../assets/quality.css");
const KIOSK_JS: &str = include_str!("../assets/kiosk.js");

fn versioned(name: &str, body: &str) -> String {
    let h = hex::encode(Sha256::digest(body.as_bytes()));
    format!("/quality/assets/{name}?v={}", &h[..12])
}

static CSS_HREF: LazyLock<String> = LazyLock::new(|| versioned("quality.css", CSS));
static JS_HREF: LazyLock<String> = LazyLock::new(|| versioned("kiosk.js", KIOSK_JS));

pub fn css_href() -> &'static str {
    &CSS_HREF
}

pub fn kiosk_js_href() -> &'static str {
    &JS_HREF
}

/// `GET /quality/assets/{file}`.
pub async fn file(Path(name): Path<String>) -> Response {
    let (ctype, body) = match name.as_str() {
        "quality.css" => ("text/css; charset=utf-8", CSS),
        "kiosk.js" => ("text/javascript; charset=utf-8", KIOSK_JS),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(ctype)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}
