//! The workspace's own stylesheet and the optional webcam script, served with a content hash
//! in their URL so browsers cache them for a year.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../../assets/office.css");
const CAMERA_JS: &str = include_str!("../../assets/camera.js");

fn versioned(name: &str, body: &str) -> String {
    let h = hex::encode(Sha256::digest(body.as_bytes()));
    format!("/office/assets/{name}?v={}", &h[..12])
}

static CSS_HREF: LazyLock<String> = LazyLock::new(|| versioned("office.css", CSS));
static JS_HREF: LazyLock<String> = LazyLock::new(|| versioned("camera.js", CAMERA_JS));

pub fn css_href() -> &'static str {
    &CSS_HREF
}

pub fn camera_js_href() -> &'static str {
    &JS_HREF
}

pub async fn file(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "office.css" => (CSS, "text/css; charset=utf-8"),
        "camera.js" => (CAMERA_JS, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}
