//! The shared UI kit of motcua's server-rendered pages (the citizen portal, and the officer
//! workspace next). Everything here works without JavaScript and is written for a cheap phone
//! on a weak connection first (docs/PORTAL.md, "UI kit").
//!
//! * [`chrome`]: the page frame every template extends (`ui/base.html`): skip link, landmarks,
//!   language and text-size switches, navigation, flash message.
//! * [`prefs`]: language (`?lang=en` + cookie, Vietnamese by default) and the larger-text mode.
//! * [`i18n`]: picking a language, dates with weekdays, money.
//! * [`form`]: bilingual field errors, the error summary and accessible form controls.
//! * [`csrf`]: per-session and anonymous form tokens plus the Origin / `Sec-Fetch-Site` check.
//! * [`flash`]: one-shot messages carried by a cookie across a redirect.
//! * [`error`]: friendly error pages (404, 403, 413, 429, 500) in both languages.
//! * [`assets`]: the one hand-written CSS file, served with a content hash for caching.
//! * [`html`]: escaping for the few pieces rendered in Rust.

pub mod assets;
pub mod chrome;
pub mod cookie;
pub mod csrf;
pub mod error;
pub mod flash;
pub mod form;
pub mod html;
pub mod i18n;
pub mod prefs;

pub use chrome::{Chrome, NavItem};
pub use error::ErrorPage;
pub use flash::{Flash, FlashKind};
pub use form::{FieldError, FormErrors};
pub use i18n::Lang;
pub use prefs::Prefs;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Renders a template into an HTML response (a friendly 500 page if rendering fails, which
/// only a bug can cause: templates are checked at compile time).
pub fn render<T: askama::Template>(t: &T) -> Response {
    render_status(StatusCode::OK, t)
}

/// [`render`] with a status (e.g. 422 for a form shown again with errors).
pub fn render_status<T: askama::Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(body) => {
            let mut r = (status, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            ErrorPage::internal(Lang::Vi).into_response()
        }
    }
}

/// Adds the kit's middleware to a router of pages: remembers `?lang=` / `?text=` in cookies,
/// hands the flash message to the page and clears it, and sets the security headers pages
/// need (no framing, no sniffing, a strict content security policy without inline scripts).
pub fn layers<S: Clone + Send + Sync + 'static>(router: axum::Router<S>) -> axum::Router<S> {
    router
        .layer(axum::middleware::from_fn(flash::middleware))
        .layer(axum::middleware::from_fn(prefs::middleware))
        .layer(axum::middleware::from_fn(security_headers))
}

async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    // Pages carry no inline script; the QR code SVG is inline markup, styles come from our file.
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ));
    res
}
